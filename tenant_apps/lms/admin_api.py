"""Admin Dashboard API 1-25 (contract): course authoring for client admins and platform
admins, plus instructors and "trusted by" companies (not in the contract; courses need them).

Every endpoint here is ``admin_auth``: students and instructors get 403.
"""

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema, Status

from api.auth import AuthedRequest, admin_auth, staff_auth
from api.pagination import paginate
from api.schemas import patch_schema, sent_fields
from tenant_apps.lms import client_builder, grading, selectors, services
from tenant_apps.lms.client_builder import (
    BuilderItemIn,
    BuilderItemOut,
    BuilderItemPatchIn,
    BuilderKindQuery,
    ContentEditorOut,
    ContentListRowOut,
    EditorContentIn,
    builder_body,
    editor_body,
    request_body,
)
from tenant_apps.lms.models import (
    MCQ,
    Article,
    Assignment,
    CodingProblem,
    Instructor,
    Quiz,
    TrustedBy,
    VideoTutorial,
)
from tenant_apps.lms.schemas import (
    AdminCourseDetailOut,
    AdminCourseIn,
    AdminCourseListOut,
    AdminCourseOut,
    AdminCourseUpdateIn,
    ArticleIn,
    ArticleOut,
    AssignmentIn,
    AssignmentOut,
    AssignmentSubmissionFilter,
    AssignmentSubmissionOut,
    CodingProblemIn,
    CodingProblemOut,
    ContentFilter,
    ContentFullOut,
    ContentIn,
    ContentOut,
    ContentTypeCountOut,
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
)
from tenant_apps.lms.selectors import LibraryM

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
    return selectors.admin_course_tree(course_id=course_id)


# --- modules and submodules --------------------------------------------------------------


@router.get(MODULES, response=list[ModuleOut])
def list_modules(request: HttpRequest, client_id: int, course_id: int):
    return list(selectors.admin_module_list(course_id=course_id))


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
    return selectors.admin_submodule_list(course_id=course_id, module_id=module_id)


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
    return selectors.admin_content_list_in_submodule(course_id=course_id, submodule_id=submodule_id)


@router.post(CONTENTS, response={201: ContentOut})
def create_content(request: HttpRequest, client_id: int, course_id: int, submodule_id: int, payload: ContentIn):
    submodule = selectors.admin_submodule_get(course_id=course_id, submodule_id=submodule_id)
    content = services.content_create(
        submodule=submodule, content_type=payload.content_type, content_id=payload.content_id, order=payload.order
    )
    return Status(201, content)


@router.get(CONTENTS + "{pk}/", response=ContentEditorOut)
def get_content_admin(request: HttpRequest, client_id: int, course_id: int, submodule_id: int, pk: int):
    """The contract's content, plus what the older build's editors load (its item's id under
    its kind's name, ``marks``, the item in ``details``)."""
    return selectors.admin_content_in_submodule(
        course_id=course_id, submodule_id=submodule_id, content_id=pk, with_item=True
    )


@router.api_operation(
    ["PUT", "PATCH"],
    CONTENTS + "{pk}/",
    response=ContentEditorOut,
    openapi_extra=request_body(EditorContentIn),
)
def update_content(request: HttpRequest, client_id: int, course_id: int, submodule_id: int, pk: int):
    """The contract's ``{content_type, content_id, order}``, and the older build's editors'
    fields of the item the content shows (an article's ``content``, a quiz's ``questions`` …;
    docs/real-client.md, "V's admin area"), saved together; the fields sent change."""
    content = selectors.admin_content_in_submodule(course_id=course_id, submodule_id=submodule_id, content_id=pk)
    edit = editor_body(request.body, content_type=content.content_type)
    services.content_edit(content=content, item=edit.item, **edit.content)
    return selectors.admin_content_in_submodule(
        course_id=course_id, submodule_id=submodule_id, content_id=pk, with_item=True
    )


@router.delete(CONTENTS + "{pk}/", response={204: None})
def delete_content(request: HttpRequest, client_id: int, course_id: int, submodule_id: int, pk: int):
    services.content_delete(
        content=selectors.admin_content_in_submodule(course_id=course_id, submodule_id=submodule_id, content_id=pk)
    )
    return Status(204, None)


# --- all contents ------------------------------------------------------------------------


@router.get("clients/{client_id}/contents/", response=list[ContentListRowOut])
def list_all_contents(
    request: HttpRequest,
    client_id: int,
    response: HttpResponse,
    filters: Query[ContentFilter],
    kind: Query[BuilderKindQuery],
):
    """The client's contents; with ``?type=`` (the older build's pickers) the items of that
    library instead, as its own list answers them."""
    if kind.type is not None:
        return paginate(request, response, selectors.library_list(model=client_builder.KINDS[kind.type][0]))
    return paginate(request, response, selectors.admin_content_list(filters=filters))


@router.get("clients/{client_id}/contents/type-count/", response=ContentTypeCountOut)
def get_content_type_count(request: HttpRequest, client_id: int):
    return selectors.content_type_count()


@router.get("clients/{client_id}/contents/{content_id}/", response=ContentFullOut)
def get_content_full_detail(request: HttpRequest, client_id: int, content_id: int):
    return selectors.admin_content_get(content_id=content_id, full=True)


@router.post(
    "clients/{client_id}/contents/",
    response={201: BuilderItemOut},
    summary="Create a library item (the older build's course builder)",
    openapi_extra=request_body(BuilderItemIn),
)
def create_builder_item(request: HttpRequest, client_id: int):
    """One library item of the kind ``type`` names, in the older build's field names or ours
    (docs/real-client.md, "V's admin area"); the same work as the per-kind library routes. A
    quiz's ``mcqs`` may hold new questions, created with it."""
    payload = builder_body(request.body, BuilderItemIn)
    save = client_builder.contract_data(payload, sent_only=False)
    model = client_builder.KINDS[save.kind][0]
    row = services.builder_item_save(
        model=model, data=save.data, questions=save.questions, questions_field=save.questions_field
    )
    return Status(201, selectors.library_get(model=model, pk=row.pk))


@router.patch(
    "clients/{client_id}/contents/{content_id}/",
    response=BuilderItemOut,
    summary="Patch a library item (the older build's course builder)",
    openapi_extra=request_body(BuilderItemPatchIn),
)
def patch_builder_item(request: HttpRequest, client_id: int, content_id: int):
    """``content_id`` is the id of the item of the kind ``type`` names (the older build's
    video editor sends the video's id here); the fields sent change, the others stay."""
    payload = builder_body(request.body, BuilderItemPatchIn)
    save = client_builder.contract_data(payload, sent_only=True)
    model = client_builder.KINDS[save.kind][0]
    instance = selectors.library_get(model=model, pk=content_id)
    services.builder_item_save(
        model=model, instance=instance, data=save.data, questions=save.questions, questions_field=save.questions_field
    )
    return selectors.library_get(model=model, pk=content_id)


@router.post("clients/{client_id}/contents/{content_id}/verify/", response=VerifyOut)
def verify_content(request: HttpRequest, client_id: int, content_id: int):
    return services.content_verify(content=selectors.admin_content_get(content_id=content_id))


# --- the item libraries: list/create, get/put/patch/delete per kind ---------------------
# One call per kind registers its six routes on the literal paths it is given (grep a path
# to find its kind); the work is the shared library selectors and services
# (``selectors.library_*``, ``services.item_save``/``item_delete``).

PATCH_DOC = "The fields sent change; the others stay (the web client patches)."


def _summary(operation_id: str) -> str:
    """What Ninja derives from a view named ``operation_id`` (``list_mcqs`` -> "List Mcqs")."""
    return operation_id.title().replace("_", " ")


def _library(
    model: type[LibraryM],
    schema_in: type[Schema],
    schema_out: type[Schema],
    *,
    list_path: str,
    item_path: str,
    one: str,
    many: str,
    about: str,
) -> None:
    """Registers a library's six routes: ``list_<many>`` and ``create_<one>`` on ``list_path``,
    ``get_/update_/patch_/delete_<one>`` on ``item_path`` (the operation ids the contract's
    clients know). ``about`` describes the list."""
    schema_patch = patch_schema(schema_in)
    schema_list = list[schema_out]  # type: ignore[valid-type]

    @router.get(
        list_path,
        response=schema_list,
        operation_id=f"list_{many}",
        summary=_summary(f"list_{many}"),
        description=about,
    )
    def list_items(request: HttpRequest, client_id: int, response: HttpResponse):
        return paginate(request, response, selectors.library_list(model=model))

    @router.post(list_path, response={201: schema_out}, operation_id=f"create_{one}", summary=_summary(f"create_{one}"))
    def create_item(request: HttpRequest, client_id: int, payload: schema_in):  # type: ignore[valid-type]
        row = services.item_save(model=model, data=payload.dict())  # type: ignore[attr-defined]
        return Status(201, selectors.library_get(model=model, pk=row.pk))

    @router.get(item_path, response=schema_out, operation_id=f"get_{one}", summary=_summary(f"get_{one}"))
    def get_item(request: HttpRequest, client_id: int, pk: int):
        return selectors.library_get(model=model, pk=pk)

    @router.put(item_path, response=schema_out, operation_id=f"update_{one}", summary=_summary(f"update_{one}"))
    def update_item(request: HttpRequest, client_id: int, pk: int, payload: schema_in):  # type: ignore[valid-type]
        services.item_save(model=model, instance=selectors.library_get(model=model, pk=pk), data=payload.dict())  # type: ignore[attr-defined]
        return selectors.library_get(model=model, pk=pk)

    @router.patch(
        item_path,
        response=schema_out,
        operation_id=f"patch_{one}",
        summary=_summary(f"patch_{one}"),
        description=PATCH_DOC,
    )
    def patch_item(request: HttpRequest, client_id: int, pk: int, payload: schema_patch):  # type: ignore[valid-type]
        services.item_save(model=model, instance=selectors.library_get(model=model, pk=pk), data=sent_fields(payload))
        return selectors.library_get(model=model, pk=pk)

    @router.delete(item_path, response={204: None}, operation_id=f"delete_{one}", summary=_summary(f"delete_{one}"))
    def delete_item(request: HttpRequest, client_id: int, pk: int):
        services.item_delete(instance=selectors.library_get(model=model, pk=pk))
        return Status(204, None)


_library(
    MCQ,
    MCQIn,
    MCQOut,
    list_path="clients/{client_id}/mcqs/",
    item_path="clients/{client_id}/mcqs/{pk}/",
    one="mcq",
    many="mcqs",
    about="The client's MCQs.",
)
_library(
    Article,
    ArticleIn,
    ArticleOut,
    list_path="clients/{client_id}/articles/",
    item_path="clients/{client_id}/articles/{pk}/",
    one="article",
    many="articles",
    about="The client's articles.",
)
_library(
    VideoTutorial,
    VideoTutorialIn,
    VideoTutorialOut,
    list_path="clients/{client_id}/video-tutorials/",
    item_path="clients/{client_id}/video-tutorials/{pk}/",
    one="video_tutorial",
    many="video_tutorials",
    about="The client's video tutorials.",
)
_library(
    Assignment,
    AssignmentIn,
    AssignmentOut,
    list_path="clients/{client_id}/assignments/",
    item_path="clients/{client_id}/assignments/{pk}/",
    one="assignment",
    many="assignments",
    about="The client's assignments.",
)
_library(
    CodingProblem,
    CodingProblemIn,
    CodingProblemOut,
    list_path="clients/{client_id}/coding-problems/",
    item_path="clients/{client_id}/coding-problems/{pk}/",
    one="coding_problem",
    many="coding_problems",
    about="The client's coding problems.",
)
_library(
    Quiz,
    QuizIn,
    QuizOut,
    list_path="clients/{client_id}/quizzes/",
    item_path="clients/{client_id}/quizzes/{pk}/",
    one="quiz",
    many="quizzes",
    about="The client's quizzes (with their questions).",
)
_library(
    Instructor,
    InstructorIn,
    InstructorOut,
    list_path="clients/{client_id}/instructors/",
    item_path="clients/{client_id}/instructors/{pk}/",
    one="instructor",
    many="instructors",
    about="The client's instructors.",
)
_library(
    TrustedBy,
    TrustedByIn,
    TrustedByOut,
    list_path="clients/{client_id}/trusted-by/",
    item_path="clients/{client_id}/trusted-by/{pk}/",
    one="trusted_by",
    many="trusted_by",
    about='The client\'s "trusted by" companies.',
)


# --- grading (not in the contract: assignments wait for a person's grade) ------------------


@router.get("clients/{client_id}/assignment-submissions/", auth=staff_auth, response=list[AssignmentSubmissionOut])
def list_assignment_submissions(
    request: HttpRequest, response: HttpResponse, client_id: int, filters: Query[AssignmentSubmissionFilter]
):
    """Assignment attempts to grade (admins and instructors), e.g. `?status=Submitted`."""
    return paginate(request, response, selectors.assignment_submission_list(filters=filters))


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
