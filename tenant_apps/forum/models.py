"""Community forum: threads with tags, threaded comments, votes, bookmarks and follows
between members.

Authors are nullable (``SET_NULL``): a platform admin's user row lives in the public
schema, so posts by a platform admin have no author row in the client schema, and a
deleted user's posts stay. Votes are one per (user, target); counts are annotated by the
selectors, never stored.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower


class VoteType(models.TextChoices):
    UPVOTE = "upvote", "Upvote"
    DOWNVOTE = "downvote", "Downvote"


class Tag(models.Model):
    name = models.CharField(max_length=50)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(Lower("name"), name="forum_tag_name_ci_unique")]

    def __str__(self) -> str:
        return self.name


class Thread(models.Model):
    title = models.CharField(max_length=255)
    body = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forum_threads",
        db_index=False,
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="threads")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Not a column: set only by forum.selectors.thread_detail (top-level comments, nested).
    comment_tree: list[Comment]

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="forum_thread_recent_idx"),
            models.Index(fields=["author", "-created_at"], name="forum_thread_author_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class Comment(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="comments", db_index=False)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="forum_comments"
    )
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Not a column: set only by forum.selectors.comment_tree (the replies, nested).
    reply_list: list[Comment]

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["thread", "created_at", "id"], name="forum_comment_thread_idx"),
        ]

    def __str__(self) -> str:
        return f"comment {self.id} on {self.thread_id}"


class ThreadVote(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="votes", db_index=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    vote_type = models.CharField(max_length=10, choices=VoteType.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["thread", "user"], name="forum_one_vote_per_thread")]
        indexes = [models.Index(fields=["thread", "vote_type"], name="forum_thread_vote_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.vote_type} thread {self.thread_id}"


class CommentVote(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="votes", db_index=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    vote_type = models.CharField(max_length=10, choices=VoteType.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["comment", "user"], name="forum_one_vote_per_comment")]
        indexes = [models.Index(fields=["comment", "vote_type"], name="forum_comment_vote_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.vote_type} comment {self.comment_id}"


class Bookmark(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="bookmarks", db_index=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_bookmarks", db_index=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["thread", "user"], name="forum_one_bookmark_per_thread")]
        indexes = [models.Index(fields=["user", "-created_at"], name="forum_bookmark_user_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} bookmarked {self.thread_id}"


class Follow(models.Model):
    """One member following another (H's community profiles): one row per pair, never
    oneself. The unique constraint leads with ``follower`` (who I follow, "do I follow
    them?"); the ``following`` index counts a member's followers."""

    follower = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_following", db_index=False
    )
    following = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_followers")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["follower", "following"], name="forum_one_follow_per_pair"),
            models.CheckConstraint(condition=~models.Q(follower=models.F("following")), name="forum_no_self_follow"),
        ]

    def __str__(self) -> str:
        return f"{self.follower_id} follows {self.following_id}"
