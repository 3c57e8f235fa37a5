"""The assessment's own instructions (the web clients' composer sends them; docs/real-client.md,
"V's admin area"). A text column with a default: existing rows get "" and nothing is rewritten."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0003_drop_redundant_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="assessment",
            name="instructions",
            field=models.TextField(blank=True, default=""),
        ),
    ]
