from django.db import migrations, models

import tenants.timezone


class Migration(migrations.Migration):
    dependencies = [
        ("tenants", "0003_schemablueprint"),
    ]

    operations = [
        migrations.AddField(
            model_name="client",
            name="timezone",
            field=models.CharField(default="UTC", max_length=64, validators=[tenants.timezone.validate_timezone]),
        ),
    ]
