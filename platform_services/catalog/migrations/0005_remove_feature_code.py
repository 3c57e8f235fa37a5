"""``code`` (a slug of the old display name) is superseded by the machine ``name``.

Reversible: going back re-adds the column, fills it from ``name`` and only then makes it
unique again."""

from django.db import migrations, models


def fill_codes(apps, schema_editor):
    Feature = apps.get_model("catalog", "Feature")
    for feature in Feature.objects.all():
        feature.code = feature.name.replace("_", "-")
        feature.save(update_fields=["code"])


class Migration(migrations.Migration):
    dependencies = [("catalog", "0004_feature_machine_names")]

    operations = [
        migrations.AlterField(model_name="feature", name="code", field=models.SlugField(max_length=100, default="", db_index=False)),
        migrations.RunPython(migrations.RunPython.noop, fill_codes),
        migrations.RemoveField(model_name="feature", name="code"),
    ]
