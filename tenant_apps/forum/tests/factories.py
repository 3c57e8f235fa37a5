from __future__ import annotations

import factory

from tenant_apps.forum.models import Comment, Tag, Thread
from tests.factories import ModelFactory


class TagFactory(ModelFactory[Tag]):
    class Meta:
        model = Tag

    name = factory.Sequence(lambda n: f"tag-{n}")


class ThreadFactory(ModelFactory[Thread]):
    class Meta:
        model = Thread

    title = factory.Sequence(lambda n: f"Thread {n}")
    body = "How do I do this?"


class CommentFactory(ModelFactory[Comment]):
    class Meta:
        model = Comment

    thread = factory.SubFactory(ThreadFactory)
    body = factory.Sequence(lambda n: f"Comment {n}")
