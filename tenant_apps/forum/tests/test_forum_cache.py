"""The forum's shared, cached reads (the unfiltered thread list and thread details): every
write is seen by the next read, and one client's cache never answers another."""

from django_tenants.utils import schema_context

from tenant_apps.forum.tests.factories import ThreadFactory
from tests.queries import StatementCount


def base(client) -> str:
    return f"/community-forum/api/clients/{client.id}/threads/"


def test_every_kind_of_write_shows_in_the_next_read(client_a, as_user, in_a):
    # given: a thread read once (so its detail and the list are cached)
    api, student = as_user(client_a)
    other, _ = as_user(client_a)
    with in_a():
        thread = ThreadFactory(author=student, title="Loops")
    detail, listing = base(client_a) + f"{thread.id}/", base(client_a)
    assert api.get(detail).json()["comments_count"] == 0 and api.get(listing).json()[0]["title"] == "Loops"
    with StatementCount(1):  # auth only: both come from the cache
        api.get(detail)
    with StatementCount(1):
        api.get(listing)
    # when / then: a comment, a reply, votes (upsert), a bookmark, an edit, the author's new name
    comment = api.post(detail + "comments/", {"body": "Try range()"}).json()
    assert api.get(detail).json()["comments_count"] == 1
    other.post(detail + "comments/", {"body": "Thanks", "parent_id": comment["id"]})
    assert api.get(detail).json()["comments"][0]["replies"][0]["body"] == "Thanks"
    other.post(detail + "vote/", {"vote_type": "upvote"})
    assert api.get(detail).json()["upvotes"] == 1 and api.get(listing).json()[0]["upvotes"] == 1
    other.post(detail + "vote/", {"vote_type": "downvote"})
    assert (api.get(detail).json()["upvotes"], api.get(listing).json()[0]["downvotes"]) == (0, 1)
    other.post(detail + f"comments/{comment['id']}/vote/", {"vote_type": "upvote"})
    assert api.get(detail).json()["comments"][0]["upvotes"] == 1
    other.post(detail + "bookmark/", {})
    assert api.get(listing).json()[0]["bookmarks_count"] == 1
    other.post(detail + "bookmark/", {})
    assert api.get(detail).json()["bookmarks_count"] == 0
    api.patch(detail, {"title": "For loops"})
    assert api.get(listing).json()[0]["title"] == "For loops"
    with in_a():
        student.first_name = "Renamed"
        student.save(update_fields=["first_name"])
    assert api.get(detail).json()["author"]["name"].startswith("Renamed")
    api.delete(detail + f"comments/{comment['id']}/")
    assert api.get(detail).json()["comments"] == []
    api.delete(detail)
    assert api.get(detail).status_code == 404 and api.get(listing).json() == []


def test_a_clients_cache_never_answers_another(client_a, client_b, as_user, in_a):
    # given: a thread with the same id in both clients, each read by its own student
    api_a, _ = as_user(client_a)
    api_b, _ = as_user(client_b)
    with in_a():
        ThreadFactory(id=987_654, title="Alpha's question")
    with schema_context(client_b.schema_name):
        ThreadFactory(id=987_654, title="Beta's question")
    # when / then
    assert api_a.get(base(client_a) + "987654/").json()["title"] == "Alpha's question"
    assert api_b.get(base(client_b) + "987654/").json()["title"] == "Beta's question"
    assert [t["title"] for t in api_a.get(base(client_a)).json()] == ["Alpha's question"]
    assert [t["title"] for t in api_b.get(base(client_b)).json()] == ["Beta's question"]
    assert api_a.get(base(client_b) + "987654/").status_code == 401  # A's token on B's path
    assert api_b.get(base(client_b) + "123456789/").status_code == 404


def test_pages_of_the_cached_list(client_a, as_user, in_a):
    api, _ = as_user(client_a)
    with in_a():
        for n in range(5):
            ThreadFactory(title=f"Q{n}")
    page = api.get(base(client_a) + "?page=2&page_size=2")
    assert page.status_code == 200 and page.headers["X-Total-Count"] == "5"
    assert [t["title"] for t in page.json()] == ["Q2", "Q1"]
    assert api.get(base(client_a) + "?page=9&page_size=2").json() == []
    assert api.get(base(client_a) + "?page=0").status_code == 400
