"""The forum's user-name lookup (``users/by-username/{name}``, docs/forum.md "User names")
on an index instead of a scan of every user: a B-tree on ``accounts.models.public_name_handle``
(the lowercase ASCII letters and digits of first and last name, else of "Member <id>").

An index on the expression rather than a stored column: PostgreSQL computes it on every
write of a row (``save``, ``update()``, ``bulk_create``, raw SQL), so no write path can leave
it stale, and building the index is the backfill (one pass over the schema's users,
measured in docs/forum.md). New client schemas get it from the template's DDL.
``IF NOT EXISTS``: a schema rewound past this migration replays it for nothing."""

import django.db.models.functions.comparison
import django.db.models.functions.text
import django.db.models.lookups
from django.db import migrations, models

from core.index_migrations import AddIndexIfMissing


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0003_drop_redundant_indexes"),
    ]

    operations = [
        AddIndexIfMissing(
            model_name="user",
            index=models.Index(models.Func(django.db.models.functions.text.Lower(models.Case(models.When(django.db.models.lookups.Exact(django.db.models.functions.text.Trim(django.db.models.functions.text.Concat('first_name', models.Value(' '), 'last_name', output_field=models.CharField())), models.Value('')), then=django.db.models.functions.text.Concat(models.Value('Member '), django.db.models.functions.comparison.Cast('id', models.CharField()), output_field=models.CharField())), default=django.db.models.functions.text.Trim(django.db.models.functions.text.Concat('first_name', models.Value(' '), 'last_name', output_field=models.CharField())), output_field=models.CharField())), models.Value('[^a-z0-9]'), models.Value(''), models.Value('g'), function='regexp_replace', output_field=models.CharField()), name='accounts_user_name_handle_idx'),
        ),
    ]
