"""Community Forum API 1-8."""

import pytest

from tenant_apps.forum.models import Bookmark, Comment, CommentVote, Thread, ThreadVote
from tenant_apps.forum.tests.factories import CommentFactory, TagFactory, ThreadFactory

THREAD_FIELDS = {
    "id",
    "title",
    "body",
    "author",
    "tags",
    "upvotes",
    "downvotes",
    "bookmarks_count",
    "comments_count",
    "created_at",
    "updated_at",
}
COMMENT_FIELDS = {"id", "body", "author", "parent", "upvotes", "downvotes", "replies", "created_at", "updated_at"}


def base(client) -> str:
    return f"/community-forum/api/clients/{client.id}/"


def test_create_and_read_a_thread(client_a, student_a, in_a):
    # given
    api, student = student_a
    with in_a():
        python, help_ = TagFactory(name="python"), TagFactory(name="help")
    # when
    created = api.post(
        base(client_a) + "threads/", {"title": "Loops", "body": "Why?", "tag_ids": [python.id, help_.id]}
    )
    # then
    assert created.status_code == 201, created.json()
    body = created.json()
    assert THREAD_FIELDS <= set(body)
    assert body["author"] == {
        "id": student.id,
        "user_name": student.user_name,
        "name": f"{student.first_name} {student.last_name}".strip(),
        "profile_pic_url": student.profile_pic_url,
        "role": "student",
    }
    assert [t["name"] for t in body["tags"]] == ["help", "python"]
    assert (body["upvotes"], body["downvotes"], body["bookmarks_count"], body["comments_count"]) == (0, 0, 0, 0)
    detail = api.get(base(client_a) + f"threads/{body['id']}/").json()
    assert THREAD_FIELDS | {"comments"} == set(detail) and detail["comments"] == []


def test_thread_validation(client_a, student_a):
    api, _ = student_a
    missing = api.post(base(client_a) + "threads/", {"title": "No body"})
    assert missing.status_code == 400 and "body" in missing.json()
    unknown = api.post(base(client_a) + "threads/", {"title": "T", "body": "B", "tag_ids": [999999]})
    assert unknown.status_code == 400 and "tag_ids" in unknown.json()


def test_list_filters_and_order(client_a, student_a, make_user, in_a):
    api, me = student_a
    other = make_user(client_a)
    with in_a():
        tag = TagFactory(name="Django")
        first = ThreadFactory(author=me, title="Migrations hurt")
        second = ThreadFactory(author=other, body="About ORM joins")
        third = ThreadFactory(author=other)
        first.tags.add(tag)
        Bookmark.objects.create(thread=third, user=me)
    ids = lambda query: [row["id"] for row in api.get(base(client_a) + "threads/" + query).json()]  # noqa: E731
    assert ids("") == [third.id, second.id, first.id]
    assert ids(f"?tag={tag.id}") == ids("?tag=django") == [first.id]
    assert ids("?search=orm") == [second.id]
    assert ids("?search=migrations") == [first.id]
    assert ids(f"?author={other.id}") == [third.id, second.id]
    assert ids("?bookmarked=true") == [third.id]
    assert ids("?bookmarked=false") == [second.id, first.id]


def test_only_author_or_admin_edits_and_deletes(client_a, student_a, as_user, admin_a, in_a):
    author_api, author = student_a
    stranger, _ = as_user(client_a)
    instructor, _ = as_user(client_a, role="instructor")
    admin, _ = admin_a
    with in_a():
        thread = ThreadFactory(author=author)
        comment = CommentFactory(thread=thread, author=author)
    thread_url = base(client_a) + f"threads/{thread.id}/"
    comment_url = thread_url + f"comments/{comment.id}/"
    for api in (stranger, instructor):
        assert api.put(thread_url, {"title": "Hijack"}).status_code == 403
        assert api.delete(thread_url).status_code == 403
        assert api.put(comment_url, {"body": "Hijack"}).status_code == 403
        assert api.delete(comment_url).status_code == 403
    edited = author_api.put(thread_url, {"title": "Better title", "tag_ids": []})
    assert edited.status_code == 200 and edited.json()["title"] == "Better title"
    assert edited.json()["body"] == "How do I do this?"
    assert author_api.put(comment_url, {"body": "Edited"}).json()["body"] == "Edited"
    assert admin.put(comment_url, {"body": "Moderated"}).status_code == 200
    assert admin.delete(comment_url).status_code == 204
    assert admin.delete(thread_url).status_code == 204
    with in_a():
        assert not Thread.objects.exists()


def test_non_author_gets_the_contracts_403_text_and_nothing_changes(client_a, student_a, as_user, in_a):
    author_api, author = student_a
    stranger, _ = as_user(client_a)
    with in_a():
        thread = ThreadFactory(author=author, title="Original")
        comment = CommentFactory(thread=thread, author=author, body="Original")
    thread_url = base(client_a) + f"threads/{thread.id}/"
    comment_url = thread_url + f"comments/{comment.id}/"

    answers = [
        stranger.put(thread_url, {"title": "Hijack"}),
        stranger.delete(thread_url),
        stranger.put(comment_url, {"body": "Hijack"}),
        stranger.delete(comment_url),
    ]

    for response in answers:
        assert response.status_code == 403
        assert response.json()["detail"] == "You do not have permission to perform this action."
    with in_a():
        assert Thread.objects.get(id=thread.id).title == "Original"
        assert Comment.objects.get(id=comment.id).body == "Original"


def test_comments_and_replies(client_a, student_a, as_user, in_a):
    api, me = student_a
    other_api, _ = as_user(client_a)
    with in_a():
        thread = ThreadFactory(author=me)
        elsewhere = CommentFactory()
    comments_url = base(client_a) + f"threads/{thread.id}/comments/"
    top = api.post(comments_url, {"body": "First!"})
    assert top.status_code == 201 and COMMENT_FIELDS == set(top.json())
    assert top.json()["parent"] is None and top.json()["replies"] == []
    reply = other_api.post(comments_url, {"body": "A reply", "parent_id": top.json()["id"]})
    assert reply.status_code == 201 and reply.json()["parent"] == top.json()["id"]
    nested = api.post(comments_url, {"body": "Deeper", "parent_id": reply.json()["id"]})
    assert nested.status_code == 201
    wrong_parent = api.post(comments_url, {"body": "x", "parent_id": elsewhere.id})
    assert wrong_parent.status_code == 400 and "parent_id" in wrong_parent.json()
    missing = api.post(comments_url, {"parent_id": top.json()["id"]})
    assert missing.status_code == 400 and "body" in missing.json()
    listed = api.get(comments_url).json()
    assert [c["body"] for c in listed] == ["First!"]
    assert listed[0]["replies"][0]["body"] == "A reply"
    assert listed[0]["replies"][0]["replies"][0]["body"] == "Deeper"
    detail = api.get(comments_url + f"{reply.json()['id']}/").json()
    assert detail["body"] == "A reply" and [r["body"] for r in detail["replies"]] == ["Deeper"]
    thread_detail = api.get(base(client_a) + f"threads/{thread.id}/").json()
    assert thread_detail["comments_count"] == 3 and len(thread_detail["comments"]) == 1
    assert thread_detail["comments"][0]["replies"][0]["replies"][0]["body"] == "Deeper"
    # a comment of another thread is not found under this thread
    assert api.get(comments_url + f"{elsewhere.id}/").status_code == 404
    # deleting a comment deletes its replies
    assert api.delete(comments_url + f"{top.json()['id']}/").status_code == 204
    with in_a():
        assert not Comment.objects.filter(thread=thread).exists()


def test_votes_toggle_and_switch(client_a, student_a, as_user, in_a):
    api, me = student_a
    other, _ = as_user(client_a)
    with in_a():
        thread = ThreadFactory()
        comment = CommentFactory(thread=thread)
    vote_url = base(client_a) + f"threads/{thread.id}/vote/"
    first = api.post(vote_url, {"vote_type": "upvote"})
    assert first.json() == {"id": thread.id, "vote_type": "upvote", "message": "Vote recorded"}
    other.post(vote_url, {"vote_type": "upvote"})
    counts = lambda: api.get(base(client_a) + f"threads/{thread.id}/").json()  # noqa: E731
    assert (counts()["upvotes"], counts()["downvotes"]) == (2, 0)
    assert api.post(vote_url, {"vote_type": "downvote"}).json()["message"] == "Vote recorded"
    assert (counts()["upvotes"], counts()["downvotes"]) == (1, 1)
    removed = api.post(vote_url, {"vote_type": "downvote"})
    assert removed.status_code == 200 and removed.json()["message"] == "Vote removed"
    assert (counts()["upvotes"], counts()["downvotes"]) == (1, 0)
    bad = api.post(vote_url, {"vote_type": "sideways"})
    assert bad.status_code == 400 and "vote_type" in bad.json()
    comment_vote_url = base(client_a) + f"threads/{thread.id}/comments/{comment.id}/vote/"
    assert api.post(comment_vote_url, {"vote_type": "downvote"}).json()["id"] == comment.id
    assert counts()["comments"][0]["downvotes"] == 1
    api.post(comment_vote_url, {"vote_type": "upvote"})
    with in_a():
        assert CommentVote.objects.get().vote_type == "upvote"
        assert ThreadVote.objects.count() == 1


def test_bookmark_toggles(client_a, student_a, in_a):
    api, me = student_a
    with in_a():
        thread = ThreadFactory()
    url = base(client_a) + f"threads/{thread.id}/bookmark/"
    assert api.post(url).json() == {"id": thread.id, "message": "Thread bookmarked"}
    assert api.get(base(client_a) + f"threads/{thread.id}/").json()["bookmarks_count"] == 1
    assert api.post(url).json() == {"id": thread.id, "message": "Thread unbookmarked"}
    with in_a():
        assert not Bookmark.objects.exists()


def test_tags(client_a, student_a, admin_a):
    student, _ = student_a
    admin, _ = admin_a
    created = admin.post(base(client_a) + "tags/", {"name": "Career"})
    assert created.status_code == 201 and created.json()["name"] == "Career"
    duplicate = admin.post(base(client_a) + "tags/", {"name": "career"})
    assert duplicate.status_code == 400 and "name" in duplicate.json()
    assert student.post(base(client_a) + "tags/", {"name": "Mine"}).status_code == 403
    assert student.get(base(client_a) + "tags/").json() == [created.json()]


def test_isolation(client_a, client_b, student_a, as_user, in_a):
    api, me = student_a
    with in_a():
        thread = ThreadFactory(author=me)
        comment = CommentFactory(thread=thread)
    # client A's token on client B's path
    assert api.get(base(client_b) + "threads/").status_code == 401
    assert api.post(base(client_b) + "threads/", {"title": "t", "body": "b"}).status_code == 401
    # client A's ids on client B's path
    api_b, _ = as_user(client_b)
    t = base(client_b) + f"threads/{thread.id}/"
    assert api_b.get(t).status_code == 404
    assert api_b.put(t, {"title": "x"}).status_code == 404
    assert api_b.delete(t).status_code == 404
    assert api_b.get(t + "comments/").status_code == 404
    assert api_b.post(t + "comments/", {"body": "x"}).status_code == 404
    assert api_b.get(t + f"comments/{comment.id}/").status_code == 404
    assert api_b.post(t + "vote/", {"vote_type": "upvote"}).status_code == 404
    assert api_b.post(t + "bookmark/").status_code == 404
    assert api_b.get(base(client_b) + "threads/").json() == []
    assert api.get(base(client_a) + "threads/").status_code == 200
    # anonymous
    assert api.with_token(None).get(base(client_a) + "threads/").status_code == 401


def test_platform_admin_moderates_but_cannot_vote(client_a, platform_admin, student_a, in_a):
    root, _ = platform_admin
    _, student = student_a
    with in_a():
        thread = ThreadFactory(author=student)
    created = root.post(base(client_a) + "threads/", {"title": "Announcement", "body": "Hello"})
    assert created.status_code == 201 and created.json()["author"] is None
    assert root.post(base(client_a) + f"threads/{thread.id}/vote/", {"vote_type": "upvote"}).status_code == 403
    assert root.delete(base(client_a) + f"threads/{thread.id}/").status_code == 204


@pytest.mark.parametrize("size", [1, 20])
def test_query_budgets(size, client_a, student_a, make_user, in_a, assert_queries):
    api, me = student_a
    authors = [make_user(client_a) for _ in range(size)]
    with in_a():
        tags = [TagFactory() for _ in range(size)]
        for author in authors:
            thread = ThreadFactory(author=author)
            thread.tags.set(tags)
            ThreadVote.objects.create(thread=thread, user=author, vote_type="upvote")
            Bookmark.objects.create(thread=thread, user=author)
        parent = None
        for author in authors:
            comment = CommentFactory(thread=thread, author=author, parent=parent)
            CommentVote.objects.create(comment=comment, user=author, vote_type="downvote")
            parent = parent or comment
    root = base(client_a)
    with assert_queries(1 + 2):  # auth, threads with author and counts, tags (then cached)
        assert len(api.get(root + "threads/").json()) == size
    with assert_queries(1):  # auth: the rendered list from the forum cache
        assert len(api.get(root + "threads/").json()) == size
    with assert_queries(1 + 2):  # same, filtered
        assert len(api.get(root + f"threads/?tag={tags[0].id}&search=Thread&bookmarked=false").json()) == size
    with assert_queries(1 + 3):  # auth, thread with author and counts, tags, comments with authors and votes
        detail = api.get(root + f"threads/{thread.id}/").json()
    assert detail["comments_count"] == size and detail["upvotes"] == 1
    with assert_queries(1):  # auth: the rendered thread from the forum cache
        assert api.get(root + f"threads/{thread.id}/").json() == detail
    with assert_queries(1 + 2):  # auth, thread, comments with authors and votes
        assert len(api.get(root + f"threads/{thread.id}/comments/").json()) == 1
    assert parent is not None
    with assert_queries(1 + 1):  # auth, the thread's comments with authors and votes
        assert len(api.get(root + f"threads/{thread.id}/comments/{parent.id}/").json()["replies"]) == size - 1
    with assert_queries(1 + 1):  # auth, tags
        assert len(api.get(root + "tags/").json()) == size
