"""Demo forum content for ``make run``: tags, threads, a comment tree, votes, a bookmark."""

from __future__ import annotations

from django.db import transaction

from tenant_apps.forum.models import Bookmark, Comment, Tag, Thread, ThreadVote

DEMO_THREAD_TITLE = "Welcome to the community forum"


@transaction.atomic
def build_demo_forum(client, users_by_email: dict) -> None:
    """Idempotent: does nothing when the welcome thread exists. Runs in the client's schema."""
    if Thread.objects.filter(title=DEMO_THREAD_TITLE).exists():
        return
    admin = users_by_email.get("admin@demo.local")
    instructor = users_by_email.get("instructor@demo.local")
    sara = users_by_email.get("student1@demo.local")
    sam = users_by_email.get("student2@demo.local")
    tags = {name: Tag.objects.get_or_create(name=name)[0] for name in ("announcements", "python", "help", "career")}
    welcome = Thread.objects.create(
        title=DEMO_THREAD_TITLE, body="Introduce yourself and say what you want to learn.", author=admin
    )
    welcome.tags.set([tags["announcements"]])
    loops = Thread.objects.create(
        title="for vs while: when to use which?", body="I keep mixing them up. Any rule of thumb?", author=sara
    )
    loops.tags.set([tags["python"], tags["help"]])
    jobs = Thread.objects.create(
        title="First job as a Python developer", body="What should my portfolio show?", author=sam
    )
    jobs.tags.set([tags["career"]])
    answer = Comment.objects.create(
        thread=loops, author=instructor, body="Use for when you know what you iterate over; while for a condition."
    )
    Comment.objects.create(thread=loops, parent=answer, author=sara, body="That makes sense, thanks!")
    Comment.objects.create(thread=welcome, author=sam, body="Hi! I'm Sam, here to learn data analysis.")
    for user in (sam, instructor):
        if user is not None:
            ThreadVote.objects.create(thread=loops, user=user, vote_type="upvote")
    if sara is not None:
        Bookmark.objects.create(thread=jobs, user=sara)
