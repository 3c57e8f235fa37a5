"""Admin Dashboard API 1-25 (contract): course authoring for client admins and platform
admins, plus instructors and "trusted by" companies (not in the contract; courses need them).

Every endpoint here is ``admin_auth``: students and instructors get 403.
"""

from typing import Any

from django.db.models import Model, Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema, Status

from api.auth import AuthedRequest, admin_auth, staff_auth
from api.pagination import paginate
from api.schemas import patch_schema, sent_fields
from tenant_apps.lms import grading, selectors, services
from tenant_apps.lms.errors import ContentNotFound
from tenant_apps.lms.models import (
    MCQ,
    Article,
    Assignment,
    CodingProblem,
    Course,
    Instructor,
    Quiz,
    QuizMCQ,
    SubmissionStatus,
    TrustedBy,
    VideoTutorial,
)
from tenant_apps.lms.schemas import (
    AdminCourseDetailOut,
    AdminCourseIn,
    AdminCourseListOut,
    AdminCourseOut,
    AdminCourseUpdateIn,
    AllContentOut,
    ArticleIn,
    ArticleOut,
    AssignmentIn,
    AssignmentOut,
    AssignmentSubmissionOut,
    CodingProblemIn,
    CodingProblemOut,
    ContentFullOut,
    ContentIn,
    ContentOut,
    ContentTypeCountOut,
    ContentTypeName,
    ContentUpdateIn,
    CourseFullDetailsOut,
    GradeIn,
    InstructorIn,
    InstructorOut,
    MCQIn,
    MCQOut,
    ModuleDetailOut,
    ModuleIn,
    ModuleOut,
    QuizIn,
    QuizOut,
    SubModuleDetailOut,
    SubModuleIn,
    SubModuleOut,
    TrustedByIn,
    TrustedByOut,
    VerifyOut,
    VideoTutorialIn,
    VideoTutorialOut,
    item_payload,
)

router = Router(tags=["admin-dashboard: courses"], auth=admin_auth)

COURSES = "clients/{client_id}/courses/"
COURSE = COURSES + "{course_id}/"
MODULES = COURSE + "modules/"
MODULE = MODULES + "{module_id}/"
SUBMODULES = MODULE + "submodules/"
CONTENTS = COURSE + "submodules/{submodule_id}/contents/"


# --- courses -----------------------------------------------------------------------------


@router.get(COURSES, response=list[AdminCourseListOut])
def list_admin_courses(request: AuthedRequest, client_id: int, response: HttpResponse):
    return paginate(request, response, selectors.admin_course_list(actor=request.auth))


@router.post(COURSES, response={201: AdminCourseOut})
def create_admin_course(request: AuthedRequest, client_id: int, payload: AdminCourseIn):
    course = services.course_create(
        title=payload.title,
        description=payload.description,
        is_active=payload.is_active,
        instructor_ids=payload.instructor_ids,
        trusted_by_ids=payload.trusted_by,
        created_by=request.auth.local_user,
    )
    return Status(201, selectors.admin_course_detail(course_id=course.id))


@router.get(COURSE, response=AdminCourseDetailOut)
def get_admin_course(request: HttpRequest, client_id: int, course_id: int):
    return selectors.admin_course_detail(course_id=course_id)


@router.api_operation(["PUT", "PATCH"], COURSE, response=AdminCourseDetailOut)
def update_admin_course(request: HttpRequest, client_id: int, course_id: int, payload: AdminCourseUpdateIn):
    course = selectors.admin_course_get(course_id=course_id)
    services.course_update(
        course=course,
        title=payload.title,
        description=payload.description,
        is_active=payload.is_active,
        instructor_ids=payload.instructor_ids,
        trusted_by_ids=payload.trusted_by,
    )
    return selectors.admin_course_detail(course_id=course_id)


@router.delete(COURSE, response={204: None})
def delete_admin_course(request: HttpRequest, client_id: int, course_id: int):
    services.course_delete(course=selectors.admin_course_get(course_id=course_id))
    return Status(204, None)


@router.get(COURSE + "view-course-details/", response=CourseFullDetailsOut)
def view_course_details(request: HttpRequest, client_id: int, course_id: int):
    course = selectors.admin_course_tree(course_id=course_id)
    return {"id": course.id, "title": course.title, "full_details": _course_tree(course)}


def _course_tree(course: Course) -> dict:
    return {
        "description": course.description,
        "is_active": course.is_active,
        "created_at": course.created_at.isoformat().replace("+00:00", "Z"),
        "instructors": [InstructorOut.from_orm(row).model_dump(mode="json") for row in course.instructors.all()],
        "trusted_by": [TrustedByOut.from_orm(row).model_dump(mode="json") for row in course.trusted_by.all()],
        "modules": [
            {
                **ModuleOut.from_orm(module).model_dump(mode="json"),
                "submodules": [
                    {
                        **SubModuleOut.from_orm(submodule).model_dump(mode="json"),
                        "contents": [
                            {**ContentOut.from_orm(content).model_dump(mode="json"), "content": item_payload(content)}
                            for content in submodule.contents.all()
                        ],
                    }
                    for submodule in module.submodules.all()
                ],
            }
            for module in course.modules.all()
        ],
    }


# --- modules and submodules --------------------------------------------------------------


@router.get(MODULES, response=list[ModuleOut])
def list_modules(request: HttpRequest, client_id: int, course_id: int):
    course = selectors.admin_course_get(course_id=course_id)
    return list(course.modules.order_by("weekno", "id"))


@router.post(MODULES, response={201: ModuleOut})
def create_module(request: HttpRequest, client_id: int, course_id: int, payload: ModuleIn):
    course = selectors.admin_course_get(course_id=course_id)
    return Status(201, services.module_create(course=course, **payload.dict()))


@router.get(MODULE, response=ModuleDetailOut)
def get_module(request: HttpRequest, client_id: int, course_id: int, module_id: int):
    return selectors.admin_module_get(course_id=course_id, module_id=module_id, with_submodules=True)


@router.put(MODULE, response=ModuleDetailOut)
def update_module(request: HttpRequest, client_id: int, course_id: int, module_id: int, payload: ModuleIn):
    module = selectors.admin_module_get(course_id=course_id, module_id=module_id)
    services.module_update(module=module, data=payload.dict())
    return selectors.admin_module_get(course_id=course_id, module_id=module_id, with_submodules=True)


ModulePatchIn = patch_schema(ModuleIn)
SubModulePatchIn = patch_schema(SubModuleIn)


@router.patch(MODULE, response=ModuleDetailOut)
def patch_module(request: HttpRequest, client_id: int, course_id: int, module_id: int, payload: ModulePatchIn):  # type: ignore[valid-type]  # made at import
    """The fields sent change; the others stay (the web client patches)."""
    module = selectors.admin_module_get(course_id=course_id, module_id=module_id)
    services.module_update(module=module, data=sent_fields(payload))
    return selectors.admin_module_get(course_id=course_id, module_id=module_id, with_submodules=True)


@router.delete(MODULE, response={204: None})
def delete_module(request: HttpRequest, client_id: int, course_id: int, module_id: int):
    services.module_delete(module=selectors.admin_module_get(course_id=course_id, module_id=module_id))
    return Status(204, None)


@router.get(SUBMODULES, response=list[SubModuleOut])
def list_submodules(request: HttpRequest, client_id: int, course_id: int, module_id: int):
    return list(
        selectors.admin_module_get(course_id=course_id, module_id=module_id, with_submodules=True).submodules.all()
    )


@router.post(SUBMODULES, response={201: SubModuleOut})
def create_submodule(request: HttpRequest, client_id: int, course_id: int, module_id: int, payload: SubModuleIn):
    module = selectors.admin_module_get(course_id=course_id, module_id=module_id)
    return Status(201, services.submodule_create(module=module, **payload.dict()))


@router.get(SUBMODULES + "{submodule_id}/", response=SubModuleDetailOut)
def get_submodule_admin(request: HttpRequest, client_id: int, course_id: int, module_id: int, submodule_id: int):
    return selectors.admin_submodule_get(
        course_id=course_id, module_id=module_id, submodule_id=submodule_id, with_contents=True
    )


@router.put(SUBMODULES + "{submodule_id}/", response=SubModuleDetailOut)
def update_submodule(
    request: HttpRequest, client_id: int, course_id: int, module_id: int, submodule_id: int, payload: SubModuleIn
):
    submodule = selectors.admin_submodule_get(course_id=course_id, module_id=module_id, submodule_id=submodule_id)
    services.submodule_update(submodule=submodule, data=payload.dict())
    return selectors.admin_submodule_get(
        course_id=course_id, module_id=module_id, submodule_id=submodule_id, with_contents=True
    )


@router.patch(SUBMODULES + "{submodule_id}/", response=SubModuleDetailOut)
def patch_submodule(
    request: HttpRequest,
    client_id: int,
    course_id: int,
    module_id: int,
    submodule_id: int,
    payload: SubModulePatchIn,  # type: ignore[valid-type]  # made at import
):
    """The fields sent change; the others stay (the web client patches)."""
    submodule = selectors.admin_submodule_get(course_id=course_id, module_id=module_id, submodule_id=submodule_id)
    services.submodule_update(submodule=submodule, data=sent_fields(payload))
    return selectors.admin_submodule_get(
        course_id=course_id, module_id=module_id, submodule_id=submodule_id, with_contents=True
    )


@router.delete(SUBMODULES + "{submodule_id}/", response={204: None})
def delete_submodule(request: HttpRequest, client_id: int, course_id: int, module_id: int, submodule_id: int):
    submodule = selectors.admin_submodule_get(course_id=course_id, module_id=module_id, submodule_id=submodule_id)
    services.submodule_delete(submodule=submodule)
    return Status(204, None)


# --- contents of a submodule -------------------------------------------------------------


@router.get(CONTENTS, response=list[ContentOut])
def list_contents(request: HttpRequest, client_id: int, course_id: int, submodule_id: int):
    submodule = selectors.admin_submodule_get(course_id=course_id, submodule_id=submodule_id, with_contents=True)
    return list(submodule.contents.all())


@router.post(CONTENTS, response={201: ContentOut})
def create_content(request: HttpRequest, client_id: int, course_id: int, submodule_id: int, payload: ContentIn):
    submodule = selectors.admin_submodule_get(course_id=course_id, submodule_id=submodule_id)
    content = services.content_create(
        submodule=submodule, content_type=payload.content_type, content_id=payload.content_id, order=payload.order
    )
    return Status(201, content)


@router.get(CONTENTS + "{pk}/", response=ContentOut)
def get_content_admin(request: HttpRequest, client_id: int, course_id: int, submodule_id: int, pk: int):
    return selectors.admin_content_in_submodule(course_id=course_id, submodule_id=submodule_id, content_id=pk)


@router.api_operation(["PUT", "PATCH"], CONTENTS + "{pk}/", response=ContentOut)
def update_content(
    request: HttpRequest, client_id: int, course_id: int, submodule_id: int, pk: int, payload: ContentUpdateIn
):
    content = selectors.admin_content_in_submodule(course_id=course_id, submodule_id=submodule_id, content_id=pk)
    return services.content_update(
        content=content, content_type=payload.content_type, content_id=payload.content_id, order=payload.order
    )


@router.delete(CONTENTS + "{pk}/", response={204: None})
def delete_content(request: HttpRequest, client_id: int, course_id: int, submodule_id: int, pk: int):
    services.content_delete(
        content=selectors.admin_content_in_submodule(course_id=course_id, submodule_id=submodule_id, content_id=pk)
    )
    return Status(204, None)


# --- all contents ------------------------------------------------------------------------


@router.get("clients/{client_id}/contents/", response=list[AllContentOut])
def list_all_contents(
    request: HttpRequest,
    client_id: int,
    response: HttpResponse,
    content_type: ContentTypeName | None = None,
    course_id: int | None = None,
):
    contents = selectors.admin_content_list(content_type=content_type, course_id=course_id)
    return paginate(request, response, contents)


@router.get("clients/{client_id}/contents/type-count/", response=ContentTypeCountOut)
def get_content_type_count(request: HttpRequest, client_id: int):
    return selectors.content_type_count()


@router.get("clients/{client_id}/contents/{content_id}/", response=ContentFullOut)
def get_content_full_detail(request: HttpRequest, client_id: int, content_id: int):
    content = selectors.admin_content_get(content_id=content_id, full=True)
    submodule, module = content.submodule, content.submodule.module
    return {
        "id": content.id,
        "content_type": content.content_type,
        "content_id": content.item_id,
        "title": content.title,
        "order": content.order,
        "is_verified": content.is_verified,
        "verified_at": content.verified_at,
        "content": item_payload(content),
        "submodule": {
            "id": submodule.id,
            "title": submodule.title,
            "order": submodule.order,
            "module": {"id": module.id, "title": module.title, "weekno": module.weekno},
        },
        "course": {"id": module.course.id, "title": module.course.title},
    }


@router.post("clients/{client_id}/contents/{content_id}/verify/", response=VerifyOut)
def verify_content(request: HttpRequest, client_id: int, content_id: int):
    return services.content_verify(content=selectors.admin_content_get(content_id=content_id))


# --- the item library: one list/create + get/put/delete set per kind ---------------------


def _quizzes() -> QuerySet:
    return Quiz.objects.prefetch_related(
        Prefetch("quiz_mcqs", queryset=QuizMCQ.objects.select_related("mcq").order_by("order", "id"))
    )


def _fields(payload: Schema) -> dict[str, Any]:
    return payload.dict()


def _library(
    path: str, name: str, model: type[Model], schema_in: type[Schema], schema_out: type[Schema], queryset=None
) -> None:
    """Register ``GET/POST clients/{client_id}/<path>/`` and ``GET/PUT/PATCH/DELETE .../<path>/{pk}/``."""
    rows = queryset or (lambda: model._default_manager.all())
    patch_in = patch_schema(schema_in)
    plural = path.replace("-", "_")

    def _get(pk: int) -> Model:
        row = rows().filter(pk=pk).first()
        if row is None:
            raise ContentNotFound()
        return row

    @router.get(
        f"clients/{{client_id}}/{path}/",
        response=list[schema_out],  # type: ignore[valid-type]  # the library's output schema, chosen at run time
        operation_id=f"list_{plural}",
    )
    def list_rows(request: HttpRequest, client_id: int, response: HttpResponse):
        return paginate(request, response, rows().order_by("id"))

    @router.post(f"clients/{{client_id}}/{path}/", response={201: schema_out}, operation_id=f"create_{name}")
    def create_row(request: HttpRequest, client_id: int, payload: schema_in):  # type: ignore[valid-type]  # Ninja reads the per-library schema at run time
        row = services.item_save(model=model, data=_fields(payload))
        return Status(201, _get(row.pk))

    @router.get(f"clients/{{client_id}}/{path}/{{pk}}/", response=schema_out, operation_id=f"get_{name}")
    def get_row(request: HttpRequest, client_id: int, pk: int):
        return _get(pk)

    @router.put(f"clients/{{client_id}}/{path}/{{pk}}/", response=schema_out, operation_id=f"update_{name}")
    def update_row(request: HttpRequest, client_id: int, pk: int, payload: schema_in):  # type: ignore[valid-type]  # as create_row
        services.item_save(model=model, instance=_get(pk), data=_fields(payload))
        return _get(pk)

    @router.patch(f"clients/{{client_id}}/{path}/{{pk}}/", response=schema_out, operation_id=f"patch_{name}")
    def patch_row(request: HttpRequest, client_id: int, pk: int, payload: patch_in):  # type: ignore[valid-type]  # as create_row
        """The fields sent change; the others stay (the web client patches)."""
        services.item_save(model=model, instance=_get(pk), data=sent_fields(payload))
        return _get(pk)

    @router.delete(f"clients/{{client_id}}/{path}/{{pk}}/", response={204: None}, operation_id=f"delete_{name}")
    def delete_row(request: HttpRequest, client_id: int, pk: int):
        services.item_delete(instance=_get(pk))
        return Status(204, None)


_library("mcqs", "mcq", MCQ, MCQIn, MCQOut)
_library("articles", "article", Article, ArticleIn, ArticleOut)
_library("video-tutorials", "video_tutorial", VideoTutorial, VideoTutorialIn, VideoTutorialOut)
_library("assignments", "assignment", Assignment, AssignmentIn, AssignmentOut)
_library("coding-problems", "coding_problem", CodingProblem, CodingProblemIn, CodingProblemOut)
_library("quizzes", "quiz", Quiz, QuizIn, QuizOut, queryset=_quizzes)
_library("instructors", "instructor", Instructor, InstructorIn, InstructorOut)
_library("trusted-by", "trusted_by", TrustedBy, TrustedByIn, TrustedByOut)


# --- grading (not in the contract: assignments wait for a person's grade) ------------------


@router.get("clients/{client_id}/assignment-submissions/", auth=staff_auth, response=list[AssignmentSubmissionOut])
def list_assignment_submissions(
    request: HttpRequest,
    response: HttpResponse,
    client_id: int,
    status: SubmissionStatus | None = None,
    content_id: int | None = None,
):
    """Assignment attempts to grade (admins and instructors), e.g. `?status=Submitted`."""
    rows = selectors.assignment_submission_list(status=status, content_id=content_id)
    return paginate(request, response, rows)


@router.post(
    "clients/{client_id}/assignment-submissions/{submission_id}/grade/",
    auth=staff_auth,
    response=AssignmentSubmissionOut,
)
def grade_assignment_submission(request: AuthedRequest, client_id: int, submission_id: int, payload: GradeIn):
    """Grade (or re-grade) an attempt: its score counts toward the learner's best score and
    the course leaderboard."""
    return grading.assignment_grade(
        submission_id=submission_id, score=payload.score, feedback=payload.feedback, grader=request.auth
    )
