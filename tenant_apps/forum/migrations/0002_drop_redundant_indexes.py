"""Drop the indexes that earn nothing in every client schema (issue 11, docs/benchmarks.md
"Relations per client schema"): single-column foreign-key indexes whose column leads
another index of the same table, and varchar_pattern_ops twins no LIKE query uses.
The state learns db_index=False (unique fields become UniqueConstraints under their
existing names); the database only drops the indexes (no foreign key is re-added)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from core.index_migrations import indexes_drop


class Migration(migrations.Migration):

    dependencies = [
        ('forum', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='bookmark',
                    name='thread',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='bookmarks', to='forum.thread'),
                ),
                migrations.AlterField(
                    model_name='bookmark',
                    name='user',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='forum_bookmarks', to=settings.AUTH_USER_MODEL),
                ),
                migrations.AlterField(
                    model_name='comment',
                    name='thread',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='forum.thread'),
                ),
                migrations.AlterField(
                    model_name='commentvote',
                    name='comment',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='votes', to='forum.comment'),
                ),
                migrations.AlterField(
                    model_name='thread',
                    name='author',
                    field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='forum_threads', to=settings.AUTH_USER_MODEL),
                ),
                migrations.AlterField(
                    model_name='threadvote',
                    name='thread',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='votes', to='forum.thread'),
                ),
            ],
            database_operations=[
                indexes_drop(
                    "CREATE INDEX forum_bookmark_thread_id_f9f7be0c ON forum_bookmark USING btree (thread_id)",
                    "CREATE INDEX forum_bookmark_user_id_09f8b934 ON forum_bookmark USING btree (user_id)",
                    "CREATE INDEX forum_comment_thread_id_9cc3073e ON forum_comment USING btree (thread_id)",
                    "CREATE INDEX forum_commentvote_comment_id_1d2be864 ON forum_commentvote USING btree (comment_id)",
                    "CREATE INDEX forum_thread_author_id_c72b456f ON forum_thread USING btree (author_id)",
                    "CREATE INDEX forum_threadvote_thread_id_de13b4eb ON forum_threadvote USING btree (thread_id)",
                ),
            ],
        ),
    ]
