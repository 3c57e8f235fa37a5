"""Community Forum API 1-8 (contract), plus ``POST tags/`` for admins, plus H's community
profiles (``users/...``, follows, the following feed, ``xp/``).

Anyone logged in to the client reads and writes threads and comments; only the author
or an admin (client admin, platform admin) edits or deletes them (403 otherwise). Any
member may read another member's profile of the same client (the path's schema holds only
that client's users); deactivated and deleted accounts are 404.
"""

from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema, Status

from api.auth import AuthedRequest, admin_auth
from api.pagination import paginate
from api.renderer import json_response
from api.schemas import ErrorOut
from core import cache
from tenant_apps.forum import badges, leaderboard, selectors, services
from tenant_apps.forum.cache import FORUM
from tenant_apps.forum.schemas import (
    ForumBadgeOut,
    ForumBadgesQuery,
    ForumBookmarkOut,
    ForumCommentIn,
    ForumCommentOut,
    ForumCommentUpdateIn,
    ForumFollowedUserOut,
    ForumFollowOut,
    ForumLeaderboardOut,
    ForumLeaderboardQuery,
    ForumMemberCommentOut,
    ForumMemberProfileOut,
    ForumTagIn,
    ForumTagOut,
    ForumThreadDetailOut,
    ForumThreadIn,
    ForumThreadOut,
    ForumThreadUpdateIn,
    ForumVoteIn,
    ForumVoteOut,
    ForumXPOut,
)
from tenants.timezone import client_zone

router = Router(tags=["community-forum"])

THREADS = "clients/{client_id}/threads/"
THREAD = THREADS + "{thread_id}/"
COMMENTS = THREAD + "comments/"
COMMENT = COMMENTS + "{comment_id}/"


class ForumThreadFilter(Schema):
    tag: str | None = None
    search: str | None = None
    author: int | None = None
    bookmarked: bool | None = None


# --- threads -----------------------------------------------------------------------------


@router.get(THREADS, response=list[ForumThreadOut])
def list_threads(request: AuthedRequest, client_id: int, response: HttpResponse, filters: Query[ForumThreadFilter]):
    """The unfiltered list (what the forum page opens) is rendered once per forum version
    and shared (it holds nothing per user); a filtered one is read each time."""
    if filters.tag or filters.search or filters.author is not None or filters.bookmarked is not None:
        threads = selectors.thread_list(
            actor=request.auth,
            tag=filters.tag,
            search=filters.search,
            author_id=filters.author,
            bookmarked=filters.bookmarked,
        )
        return paginate(request, response, threads)
    rows = cache.cached(
        FORUM, ("threads",), lambda: _rendered(ForumThreadOut, selectors.thread_list(actor=request.auth))
    )
    return json_response(paginate(request, response, rows), response)


def _rendered(schema: type[Schema], rows: Iterable[Any]) -> list[dict[str, Any]]:
    """``rows`` validated by ``schema`` once, as the plain data the renderer writes."""
    return [schema.model_validate(row).model_dump() for row in rows]


@router.post(THREADS, response={201: ForumThreadOut})
def create_thread(request: AuthedRequest, client_id: int, payload: ForumThreadIn):
    thread = services.thread_create(actor=request.auth, title=payload.title, body=payload.body, tag_ids=payload.tag_ids)
    return Status(201, selectors.thread_detail(thread_id=thread.id))


@router.get(THREAD, response=ForumThreadDetailOut)
def get_thread(request: HttpRequest, client_id: int, thread_id: int):
    """Rendered once per thread and forum version, shared by every reader (nothing per user)."""
    data = cache.cached(
        FORUM,
        ("thread", thread_id),
        lambda: _rendered(ForumThreadDetailOut, [selectors.thread_detail(thread_id=thread_id)])[0],
    )
    return json_response(data)


@router.api_operation(["PUT", "PATCH"], THREAD, response=ForumThreadDetailOut)
def update_thread(request: AuthedRequest, client_id: int, thread_id: int, payload: ForumThreadUpdateIn):
    services.thread_update(
        thread=selectors.thread_get(thread_id=thread_id),
        actor=request.auth,
        title=payload.title,
        body=payload.body,
        tag_ids=payload.tag_ids,
    )
    return selectors.thread_detail(thread_id=thread_id)


@router.delete(THREAD, response={204: None})
def delete_thread(request: AuthedRequest, client_id: int, thread_id: int):
    services.thread_delete(thread=selectors.thread_get(thread_id=thread_id), actor=request.auth)
    return Status(204, None)


# --- comments ----------------------------------------------------------------------------


@router.get(COMMENTS, response=list[ForumCommentOut])
def list_comments(request: HttpRequest, client_id: int, thread_id: int):
    return selectors.comment_list(thread_id=thread_id)


@router.post(COMMENTS, response={201: ForumCommentOut})
def create_comment(request: AuthedRequest, client_id: int, thread_id: int, payload: ForumCommentIn):
    comment = services.comment_create(
        thread=selectors.thread_get(thread_id=thread_id),
        actor=request.auth,
        body=payload.body,
        parent_id=payload.parent_id,
    )
    return Status(201, selectors.comment_detail(thread_id=thread_id, comment_id=comment.id))


@router.get(COMMENT, response=ForumCommentOut)
def get_comment(request: HttpRequest, client_id: int, thread_id: int, comment_id: int):
    return selectors.comment_detail(thread_id=thread_id, comment_id=comment_id)


@router.api_operation(["PUT", "PATCH"], COMMENT, response=ForumCommentOut)
def update_comment(
    request: AuthedRequest, client_id: int, thread_id: int, comment_id: int, payload: ForumCommentUpdateIn
):
    comment = selectors.comment_get(thread_id=thread_id, comment_id=comment_id)
    services.comment_update(comment=comment, actor=request.auth, body=payload.body)
    return selectors.comment_detail(thread_id=thread_id, comment_id=comment_id)


@router.delete(COMMENT, response={204: None})
def delete_comment(request: AuthedRequest, client_id: int, thread_id: int, comment_id: int):
    comment = selectors.comment_get(thread_id=thread_id, comment_id=comment_id)
    services.comment_delete(comment=comment, actor=request.auth)
    return Status(204, None)


# --- votes and bookmarks -----------------------------------------------------------------


@router.post(THREAD + "vote/", response=ForumVoteOut)
def vote_thread(request: AuthedRequest, client_id: int, thread_id: int, payload: ForumVoteIn):
    thread = selectors.thread_get(thread_id=thread_id)
    vote_type, message = services.thread_vote(thread=thread, actor=request.auth, vote_type=payload.vote_type)
    return ForumVoteOut(id=thread.id, vote_type=vote_type, message=message)


@router.post(COMMENT + "vote/", response=ForumVoteOut)
def vote_comment(request: AuthedRequest, client_id: int, thread_id: int, comment_id: int, payload: ForumVoteIn):
    comment = selectors.comment_get(thread_id=thread_id, comment_id=comment_id)
    vote_type, message = services.comment_vote(comment=comment, actor=request.auth, vote_type=payload.vote_type)
    return ForumVoteOut(id=comment.id, vote_type=vote_type, message=message)


@router.post(THREAD + "bookmark/", response=ForumBookmarkOut)
def bookmark_thread(request: AuthedRequest, client_id: int, thread_id: int):
    thread = selectors.thread_get(thread_id=thread_id)
    return ForumBookmarkOut(id=thread.id, message=services.bookmark_toggle(thread=thread, actor=request.auth))


# --- tags --------------------------------------------------------------------------------


@router.get("clients/{client_id}/tags/", response=list[ForumTagOut])
def list_tags(request: HttpRequest, client_id: int):
    return selectors.tag_list()


@router.post("clients/{client_id}/tags/", response={201: ForumTagOut}, auth=admin_auth)
def create_tag(request: HttpRequest, client_id: int, payload: ForumTagIn):
    return Status(201, services.tag_create(name=payload.name))


# --- members (H's community profiles) ------------------------------------------------------

USERS = "clients/{client_id}/users/"
MEMBER = USERS + "{user_id}/"


@router.get(USERS + "by-username/{username}/", response=ForumMemberProfileOut)
def get_member_by_username(request: AuthedRequest, client_id: int, username: str):
    """H's ``@mention`` links: ``username`` as ``user_name`` shows it, or with the spaces
    and punctuation dropped or changed (``ana.smith`` finds "Ana Smith")."""
    user = selectors.member_by_username(username=username)
    return selectors.member_profile(actor=request.auth, user_id=user.id)


@router.get(MEMBER, response=ForumMemberProfileOut)
def get_member(request: AuthedRequest, client_id: int, user_id: int):
    return selectors.member_profile(actor=request.auth, user_id=user_id)


@router.get(MEMBER + "threads/", response=list[ForumThreadOut])
def list_member_threads(request: HttpRequest, client_id: int, user_id: int, response: HttpResponse):
    """Newest first; ``?page=&page_size=`` pages it (``X-Total-Count`` and ``Link`` headers)."""
    selectors.member_get(user_id=user_id)
    return paginate(request, response, selectors.member_threads(user_id=user_id))


@router.get(MEMBER + "comments/", response=list[ForumMemberCommentOut])
def list_member_comments(request: HttpRequest, client_id: int, user_id: int, response: HttpResponse):
    """Newest first, each with its thread's id and title; paged like the threads."""
    selectors.member_get(user_id=user_id)
    return paginate(request, response, selectors.member_comments(user_id=user_id))


def _follow_state(request: AuthedRequest, user_id: int, message: str) -> ForumFollowOut:
    profile = selectors.member_profile(actor=request.auth, user_id=user_id)
    return ForumFollowOut(
        user_id=user_id,
        is_followed_by_me=profile.is_followed_by_me,
        follower_count=profile.follower_count,
        message=message,
    )


@router.post(MEMBER + "follow/", response=ForumFollowOut)
def follow_member(request: AuthedRequest, client_id: int, user_id: int):
    """Idempotent; 400 for oneself."""
    return _follow_state(request, user_id, services.follow(actor=request.auth, user_id=user_id))


@router.delete(MEMBER + "follow/", response=ForumFollowOut)
def unfollow_member(request: AuthedRequest, client_id: int, user_id: int):
    """Idempotent."""
    return _follow_state(request, user_id, services.unfollow(actor=request.auth, user_id=user_id))


@router.get("clients/{client_id}/user/following/", response=list[ForumFollowedUserOut])
def list_my_following(request: AuthedRequest, client_id: int, response: HttpResponse):
    return paginate(request, response, selectors.my_following(actor=request.auth))


@router.get("clients/{client_id}/feed/following/", response=list[ForumThreadOut])
def following_feed(request: AuthedRequest, client_id: int, response: HttpResponse):
    """Threads by the members the caller follows, newest first; paged like the others."""
    return paginate(request, response, selectors.following_feed(actor=request.auth))


@router.get("clients/{client_id}/xp/", response=ForumXPOut)
def my_xp(request: AuthedRequest, client_id: int):
    """The caller's points and tier (``forum/reputation.py``); 403 for a visiting platform admin."""
    me = request.auth.require_local(action="earn community points in a client portal")
    return selectors.member_profile(actor=request.auth, user_id=me.id).xp


# --- badges and the leaderboard (H's community extras) --------------------------------------


@router.get("clients/{client_id}/badges/", response={200: list[ForumBadgeOut], 400: ErrorOut, 404: ErrorOut})
def list_badges(request: AuthedRequest, client_id: int, query: Query[ForumBadgesQuery]):
    """The badge catalogue (``forum/badges.py``) with what ``user_id`` (else the caller) has
    earned and when, computed from their forum activity. 404 for a member who cannot be
    shown; 403 for a visiting platform admin asking for their own."""
    if query.user_id is None:
        user_id = request.auth.require_local(action="earn community badges in a client portal").id
    else:
        user_id = selectors.member_get(user_id=query.user_id).id
    return badges.member_badges(user_id=user_id)


@router.get("clients/{client_id}/leaderboard/", response={200: ForumLeaderboardOut, 400: ErrorOut})
def get_leaderboard(request: AuthedRequest, client_id: int, query: Query[ForumLeaderboardQuery]):
    """Members ranked by the points earned in ``period`` (``forum/leaderboard.py``), best
    first, at most ``limit`` (1-100). It holds nothing per viewer and sums the whole forum,
    so it is rendered once per forum version and period start, like the thread list: any
    thread, comment, vote or user save makes the next read rebuild it. It is rendered at
    the largest limit and cut to ``limit``: rendered per limit, one student could ask for
    300 full computations per forum version (tests/test_security_cost.py)."""
    since = leaderboard.period_start(query.period, client_zone(request))

    def build() -> dict[str, Any]:
        entries = leaderboard.leaderboard(period=query.period, since=since, limit=leaderboard.MAX_LIMIT)
        board = {"period": query.period, "since": since, "results": entries}
        return ForumLeaderboardOut.model_validate(board).model_dump()

    rendered = cache.cached(FORUM, ("leaderboard", query.period, since), build)
    return json_response({**rendered, "results": rendered["results"][: query.limit]})
