"""LMS Core API 1-10 (contract): what a learner sees and does in a course.

The four hot reads (course list and detail, submodule, content) answer from
``learner_reads`` (cached shared part + the caller's standing), already in their response
schema's shape: ``json_response`` renders them without validating again.

``content_id`` in these paths is a Content id (the ``id`` of a submodule's contents and of
``next_content``), not the id of the underlying Article/Quiz/...
"""

from django.http import HttpResponse
from ninja import Router, Status

from api.auth import AuthedRequest
from api.pagination import paginate
from api.renderer import json_bytes_response, json_response
from tenant_apps.lms import leaderboards, learner_reads, selectors, services
from tenant_apps.lms.models import ContentType
from tenant_apps.lms.schemas import (
    CommentIn,
    CommentOut,
    CourseDashboardOut,
    CourseDetailOut,
    CourseListOut,
    EnrolledOut,
    LeaderboardRowOut,
    LearnerContentOut,
    LearnerSubModuleOut,
    LikeOut,
    PastSubmissionOut,
    SubmissionDetailOut,
)

router = Router(tags=["lms"])

COURSE = "clients/{client_id}/courses/{course_id}/"
CONTENT = COURSE + "content/{content_id}/"


@router.get("clients/{client_id}/courses/", response=list[CourseListOut])
def list_courses(request: AuthedRequest, client_id: int, response: HttpResponse):
    rows = learner_reads.course_list(actor=request.auth)
    return json_response(paginate(request, response, rows), response)


@router.get(COURSE, response=CourseDetailOut)
def get_course(request: AuthedRequest, client_id: int, course_id: int):
    return json_response(learner_reads.course_detail(course_id=course_id, actor=request.auth))


@router.post(COURSE + "toggle-like/", response=LikeOut)
def toggle_course_like(request: AuthedRequest, client_id: int, course_id: int):
    course = selectors.course_get_for_user(course_id=course_id, actor=request.auth)
    return services.course_like_toggle(course=course, actor=request.auth)


@router.get(COURSE + "leaderboard/", response=list[LeaderboardRowOut])
def get_course_leaderboard(request: AuthedRequest, client_id: int, course_id: int, response: HttpResponse):
    """Ranked and rendered once per progress/enrollment/authoring version and shared (the
    course's visibility from the cached course shapes); e-mails per viewer."""
    learner_reads.course_visible(course_id=course_id, actor=request.auth)
    board = leaderboards.course_board(course_id=course_id)
    shown = paginate(request, response, list(range(len(board.ids))))
    return json_bytes_response(board.json(shown, request.auth), response)


@router.get(COURSE + "user-course-dashboard/", response=CourseDashboardOut)
def get_user_course_dashboard(request: AuthedRequest, client_id: int, course_id: int):
    return json_response(learner_reads.course_dashboard(course_id=course_id, actor=request.auth))


@router.get(COURSE + "sub-module/{submodule_id}/", response=LearnerSubModuleOut)
def get_submodule(request: AuthedRequest, client_id: int, course_id: int, submodule_id: int):
    return json_response(learner_reads.submodule(course_id=course_id, submodule_id=submodule_id, actor=request.auth))


@router.get(CONTENT, response=LearnerContentOut)
def get_content(request: AuthedRequest, client_id: int, course_id: int, content_id: int):
    return json_response(learner_reads.content_detail(course_id=course_id, content_id=content_id, actor=request.auth))


@router.get(CONTENT + "past-submissions/", response=list[PastSubmissionOut])
def list_past_submissions(
    request: AuthedRequest, client_id: int, course_id: int, content_id: int, response: HttpResponse
):
    course = selectors.course_get_for_learner(course_id=course_id, actor=request.auth)
    content = selectors.content_get_in_course(course=course, content_id=content_id, with_item=False)
    # A quiz's attempts carry their per-question review (read from the stored result).
    unread = ("payload",) if content.content_type == ContentType.QUIZ else ("payload", "result")
    submissions = selectors.submission_list(content=content, actor=request.auth).defer(*unread)
    return selectors.past_submission_page(content=content, page=paginate(request, response, submissions))


@router.get(CONTENT + "past-submissions/{submission_id}/", response=SubmissionDetailOut)
def get_past_submission(request: AuthedRequest, client_id: int, course_id: int, content_id: int, submission_id: int):
    course = selectors.course_get_for_learner(course_id=course_id, actor=request.auth)
    content = selectors.content_get_in_course(course=course, content_id=content_id, with_item=False)
    return selectors.submission_get(content=content, actor=request.auth, submission_id=submission_id)


@router.post(CONTENT + "comment/", response={201: CommentOut})
def add_content_comment(request: AuthedRequest, client_id: int, course_id: int, content_id: int, payload: CommentIn):
    course = selectors.course_get_for_learner(course_id=course_id, actor=request.auth)
    content = selectors.content_get_in_course(course=course, content_id=content_id, with_item=False)
    text = payload.comment if payload.comment is not None else payload.text
    return Status(201, services.comment_create(content=content, actor=request.auth, text=text))


@router.get(CONTENT + "comment/", response=list[CommentOut])
def list_content_comments(
    request: AuthedRequest, client_id: int, course_id: int, content_id: int, response: HttpResponse
):
    course = selectors.course_get_for_learner(course_id=course_id, actor=request.auth)
    content = selectors.content_get_in_course(course=course, content_id=content_id, with_item=False)
    return paginate(request, response, selectors.comment_list(content=content))


@router.post(COURSE + "enroll/", response={201: EnrolledOut})
def enroll_in_course(request: AuthedRequest, client_id: int, course_id: int):
    course = selectors.course_get_for_user(course_id=course_id, actor=request.auth)
    services.enrollment_create(course=course, actor=request.auth)
    return Status(201, EnrolledOut(detail="Successfully enrolled in course", message="User enrolled successfully."))
