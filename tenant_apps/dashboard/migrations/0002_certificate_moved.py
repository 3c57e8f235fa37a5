"""The certificate model now belongs to ``certificates`` (its ``0001`` took over the
table): only the dashboard's migration state forgets it; the table stays."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("dashboard", "0001_initial"),
        ("certificates", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Certificate")],
            database_operations=[],
        ),
    ]
