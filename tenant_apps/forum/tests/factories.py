from __future__ import annotations

import factory

from tenant_apps.forum.models import Comment, Tag, Thread


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    name = factory.Sequence(lambda n: f"tag-{n}")


class ThreadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Thread

    title = factory.Sequence(lambda n: f"Thread {n}")
    body = "How do I do this?"


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    thread = factory.SubFactory(ThreadFactory)
    body = factory.Sequence(lambda n: f"Comment {n}")
