"""Admin Dashboard API 1-25 (contract): course authoring for client admins and platform
admins, plus instructors and "trusted by" companies (not in the contract; courses need them).

Every endpoint here is ``admin_auth``: students and instructors get 403.
"""

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status

from api.auth import AuthedRequest, admin_auth, staff_auth
from api.pagination import paginate
from api.schemas import patch_schema, sent_fields
from tenant_apps.lms import grading, selectors, services
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
    AllContentOut,
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
def list_all_contents(request: HttpRequest, client_id: int, response: HttpResponse, filters: Query[ContentFilter]):
    return paginate(request, response, selectors.admin_content_list(filters=filters))


@router.get("clients/{client_id}/contents/type-count/", response=ContentTypeCountOut)
def get_content_type_count(request: HttpRequest, client_id: int):
    return selectors.content_type_count()


@router.get("clients/{client_id}/contents/{content_id}/", response=ContentFullOut)
def get_content_full_detail(request: HttpRequest, client_id: int, content_id: int):
    return selectors.admin_content_get(content_id=content_id, full=True)


@router.post("clients/{client_id}/contents/{content_id}/verify/", response=VerifyOut)
def verify_content(request: HttpRequest, client_id: int, content_id: int):
    return services.content_verify(content=selectors.admin_content_get(content_id=content_id))


# --- the item libraries: list/create, get/put/patch/delete per kind ---------------------
# Each kind has its own declared routes; the work is the shared library selectors and
# services (``selectors.library_*``, ``services.item_save``/``item_delete``).

MCQPatchIn = patch_schema(MCQIn)


@router.get("clients/{client_id}/mcqs/", response=list[MCQOut], operation_id="list_mcqs")
def list_mcqs(request: HttpRequest, client_id: int, response: HttpResponse):
    """The client's MCQs."""
    return paginate(request, response, selectors.library_list(model=MCQ))


@router.post("clients/{client_id}/mcqs/", response={201: MCQOut}, operation_id="create_mcq")
def create_mcq(request: HttpRequest, client_id: int, payload: MCQIn):
    row = services.item_save(model=MCQ, data=payload.dict())
    return Status(201, selectors.library_get(model=MCQ, pk=row.pk))


@router.get("clients/{client_id}/mcqs/{pk}/", response=MCQOut, operation_id="get_mcq")
def get_mcq(request: HttpRequest, client_id: int, pk: int):
    return selectors.library_get(model=MCQ, pk=pk)


@router.put("clients/{client_id}/mcqs/{pk}/", response=MCQOut, operation_id="update_mcq")
def update_mcq(request: HttpRequest, client_id: int, pk: int, payload: MCQIn):
    services.item_save(model=MCQ, instance=selectors.library_get(model=MCQ, pk=pk), data=payload.dict())
    return selectors.library_get(model=MCQ, pk=pk)


@router.patch("clients/{client_id}/mcqs/{pk}/", response=MCQOut, operation_id="patch_mcq")
def patch_mcq(request: HttpRequest, client_id: int, pk: int, payload: MCQPatchIn):  # type: ignore[valid-type]  # made at import
    """The fields sent change; the others stay (the web client patches)."""
    services.item_save(model=MCQ, instance=selectors.library_get(model=MCQ, pk=pk), data=sent_fields(payload))
    return selectors.library_get(model=MCQ, pk=pk)


@router.delete("clients/{client_id}/mcqs/{pk}/", response={204: None}, operation_id="delete_mcq")
def delete_mcq(request: HttpRequest, client_id: int, pk: int):
    services.item_delete(instance=selectors.library_get(model=MCQ, pk=pk))
    return Status(204, None)


ArticlePatchIn = patch_schema(ArticleIn)


@router.get("clients/{client_id}/articles/", response=list[ArticleOut], operation_id="list_articles")
def list_articles(request: HttpRequest, client_id: int, response: HttpResponse):
    """The client's articles."""
    return paginate(request, response, selectors.library_list(model=Article))


@router.post("clients/{client_id}/articles/", response={201: ArticleOut}, operation_id="create_article")
def create_article(request: HttpRequest, client_id: int, payload: ArticleIn):
    row = services.item_save(model=Article, data=payload.dict())
    return Status(201, selectors.library_get(model=Article, pk=row.pk))


@router.get("clients/{client_id}/articles/{pk}/", response=ArticleOut, operation_id="get_article")
def get_article(request: HttpRequest, client_id: int, pk: int):
    return selectors.library_get(model=Article, pk=pk)


@router.put("clients/{client_id}/articles/{pk}/", response=ArticleOut, operation_id="update_article")
def update_article(request: HttpRequest, client_id: int, pk: int, payload: ArticleIn):
    services.item_save(model=Article, instance=selectors.library_get(model=Article, pk=pk), data=payload.dict())
    return selectors.library_get(model=Article, pk=pk)


@router.patch("clients/{client_id}/articles/{pk}/", response=ArticleOut, operation_id="patch_article")
def patch_article(request: HttpRequest, client_id: int, pk: int, payload: ArticlePatchIn):  # type: ignore[valid-type]  # made at import
    """The fields sent change; the others stay (the web client patches)."""
    services.item_save(model=Article, instance=selectors.library_get(model=Article, pk=pk), data=sent_fields(payload))
    return selectors.library_get(model=Article, pk=pk)


@router.delete("clients/{client_id}/articles/{pk}/", response={204: None}, operation_id="delete_article")
def delete_article(request: HttpRequest, client_id: int, pk: int):
    services.item_delete(instance=selectors.library_get(model=Article, pk=pk))
    return Status(204, None)


VideoTutorialPatchIn = patch_schema(VideoTutorialIn)


@router.get(
    "clients/{client_id}/video-tutorials/", response=list[VideoTutorialOut], operation_id="list_video_tutorials"
)
def list_video_tutorials(request: HttpRequest, client_id: int, response: HttpResponse):
    """The client's video tutorials."""
    return paginate(request, response, selectors.library_list(model=VideoTutorial))


@router.post(
    "clients/{client_id}/video-tutorials/", response={201: VideoTutorialOut}, operation_id="create_video_tutorial"
)
def create_video_tutorial(request: HttpRequest, client_id: int, payload: VideoTutorialIn):
    row = services.item_save(model=VideoTutorial, data=payload.dict())
    return Status(201, selectors.library_get(model=VideoTutorial, pk=row.pk))


@router.get("clients/{client_id}/video-tutorials/{pk}/", response=VideoTutorialOut, operation_id="get_video_tutorial")
def get_video_tutorial(request: HttpRequest, client_id: int, pk: int):
    return selectors.library_get(model=VideoTutorial, pk=pk)


@router.put(
    "clients/{client_id}/video-tutorials/{pk}/", response=VideoTutorialOut, operation_id="update_video_tutorial"
)
def update_video_tutorial(request: HttpRequest, client_id: int, pk: int, payload: VideoTutorialIn):
    services.item_save(
        model=VideoTutorial, instance=selectors.library_get(model=VideoTutorial, pk=pk), data=payload.dict()
    )
    return selectors.library_get(model=VideoTutorial, pk=pk)


@router.patch(
    "clients/{client_id}/video-tutorials/{pk}/", response=VideoTutorialOut, operation_id="patch_video_tutorial"
)
def patch_video_tutorial(request: HttpRequest, client_id: int, pk: int, payload: VideoTutorialPatchIn):  # type: ignore[valid-type]  # made at import
    """The fields sent change; the others stay (the web client patches)."""
    services.item_save(
        model=VideoTutorial, instance=selectors.library_get(model=VideoTutorial, pk=pk), data=sent_fields(payload)
    )
    return selectors.library_get(model=VideoTutorial, pk=pk)


@router.delete("clients/{client_id}/video-tutorials/{pk}/", response={204: None}, operation_id="delete_video_tutorial")
def delete_video_tutorial(request: HttpRequest, client_id: int, pk: int):
    services.item_delete(instance=selectors.library_get(model=VideoTutorial, pk=pk))
    return Status(204, None)


AssignmentPatchIn = patch_schema(AssignmentIn)


@router.get("clients/{client_id}/assignments/", response=list[AssignmentOut], operation_id="list_assignments")
def list_assignments(request: HttpRequest, client_id: int, response: HttpResponse):
    """The client's assignments."""
    return paginate(request, response, selectors.library_list(model=Assignment))


@router.post("clients/{client_id}/assignments/", response={201: AssignmentOut}, operation_id="create_assignment")
def create_assignment(request: HttpRequest, client_id: int, payload: AssignmentIn):
    row = services.item_save(model=Assignment, data=payload.dict())
    return Status(201, selectors.library_get(model=Assignment, pk=row.pk))


@router.get("clients/{client_id}/assignments/{pk}/", response=AssignmentOut, operation_id="get_assignment")
def get_assignment(request: HttpRequest, client_id: int, pk: int):
    return selectors.library_get(model=Assignment, pk=pk)


@router.put("clients/{client_id}/assignments/{pk}/", response=AssignmentOut, operation_id="update_assignment")
def update_assignment(request: HttpRequest, client_id: int, pk: int, payload: AssignmentIn):
    services.item_save(model=Assignment, instance=selectors.library_get(model=Assignment, pk=pk), data=payload.dict())
    return selectors.library_get(model=Assignment, pk=pk)


@router.patch("clients/{client_id}/assignments/{pk}/", response=AssignmentOut, operation_id="patch_assignment")
def patch_assignment(request: HttpRequest, client_id: int, pk: int, payload: AssignmentPatchIn):  # type: ignore[valid-type]  # made at import
    """The fields sent change; the others stay (the web client patches)."""
    services.item_save(
        model=Assignment, instance=selectors.library_get(model=Assignment, pk=pk), data=sent_fields(payload)
    )
    return selectors.library_get(model=Assignment, pk=pk)


@router.delete("clients/{client_id}/assignments/{pk}/", response={204: None}, operation_id="delete_assignment")
def delete_assignment(request: HttpRequest, client_id: int, pk: int):
    services.item_delete(instance=selectors.library_get(model=Assignment, pk=pk))
    return Status(204, None)


CodingProblemPatchIn = patch_schema(CodingProblemIn)


@router.get(
    "clients/{client_id}/coding-problems/", response=list[CodingProblemOut], operation_id="list_coding_problems"
)
def list_coding_problems(request: HttpRequest, client_id: int, response: HttpResponse):
    """The client's coding problems."""
    return paginate(request, response, selectors.library_list(model=CodingProblem))


@router.post(
    "clients/{client_id}/coding-problems/", response={201: CodingProblemOut}, operation_id="create_coding_problem"
)
def create_coding_problem(request: HttpRequest, client_id: int, payload: CodingProblemIn):
    row = services.item_save(model=CodingProblem, data=payload.dict())
    return Status(201, selectors.library_get(model=CodingProblem, pk=row.pk))


@router.get("clients/{client_id}/coding-problems/{pk}/", response=CodingProblemOut, operation_id="get_coding_problem")
def get_coding_problem(request: HttpRequest, client_id: int, pk: int):
    return selectors.library_get(model=CodingProblem, pk=pk)


@router.put(
    "clients/{client_id}/coding-problems/{pk}/", response=CodingProblemOut, operation_id="update_coding_problem"
)
def update_coding_problem(request: HttpRequest, client_id: int, pk: int, payload: CodingProblemIn):
    services.item_save(
        model=CodingProblem, instance=selectors.library_get(model=CodingProblem, pk=pk), data=payload.dict()
    )
    return selectors.library_get(model=CodingProblem, pk=pk)


@router.patch(
    "clients/{client_id}/coding-problems/{pk}/", response=CodingProblemOut, operation_id="patch_coding_problem"
)
def patch_coding_problem(request: HttpRequest, client_id: int, pk: int, payload: CodingProblemPatchIn):  # type: ignore[valid-type]  # made at import
    """The fields sent change; the others stay (the web client patches)."""
    services.item_save(
        model=CodingProblem, instance=selectors.library_get(model=CodingProblem, pk=pk), data=sent_fields(payload)
    )
    return selectors.library_get(model=CodingProblem, pk=pk)


@router.delete("clients/{client_id}/coding-problems/{pk}/", response={204: None}, operation_id="delete_coding_problem")
def delete_coding_problem(request: HttpRequest, client_id: int, pk: int):
    services.item_delete(instance=selectors.library_get(model=CodingProblem, pk=pk))
    return Status(204, None)


QuizPatchIn = patch_schema(QuizIn)


@router.get("clients/{client_id}/quizzes/", response=list[QuizOut], operation_id="list_quizzes")
def list_quizzes(request: HttpRequest, client_id: int, response: HttpResponse):
    """The client's quizzes (with their questions)."""
    return paginate(request, response, selectors.library_list(model=Quiz))


@router.post("clients/{client_id}/quizzes/", response={201: QuizOut}, operation_id="create_quiz")
def create_quiz(request: HttpRequest, client_id: int, payload: QuizIn):
    row = services.item_save(model=Quiz, data=payload.dict())
    return Status(201, selectors.library_get(model=Quiz, pk=row.pk))


@router.get("clients/{client_id}/quizzes/{pk}/", response=QuizOut, operation_id="get_quiz")
def get_quiz(request: HttpRequest, client_id: int, pk: int):
    return selectors.library_get(model=Quiz, pk=pk)


@router.put("clients/{client_id}/quizzes/{pk}/", response=QuizOut, operation_id="update_quiz")
def update_quiz(request: HttpRequest, client_id: int, pk: int, payload: QuizIn):
    services.item_save(model=Quiz, instance=selectors.library_get(model=Quiz, pk=pk), data=payload.dict())
    return selectors.library_get(model=Quiz, pk=pk)


@router.patch("clients/{client_id}/quizzes/{pk}/", response=QuizOut, operation_id="patch_quiz")
def patch_quiz(request: HttpRequest, client_id: int, pk: int, payload: QuizPatchIn):  # type: ignore[valid-type]  # made at import
    """The fields sent change; the others stay (the web client patches)."""
    services.item_save(model=Quiz, instance=selectors.library_get(model=Quiz, pk=pk), data=sent_fields(payload))
    return selectors.library_get(model=Quiz, pk=pk)


@router.delete("clients/{client_id}/quizzes/{pk}/", response={204: None}, operation_id="delete_quiz")
def delete_quiz(request: HttpRequest, client_id: int, pk: int):
    services.item_delete(instance=selectors.library_get(model=Quiz, pk=pk))
    return Status(204, None)


InstructorPatchIn = patch_schema(InstructorIn)


@router.get("clients/{client_id}/instructors/", response=list[InstructorOut], operation_id="list_instructors")
def list_instructors(request: HttpRequest, client_id: int, response: HttpResponse):
    """The client's instructors."""
    return paginate(request, response, selectors.library_list(model=Instructor))


@router.post("clients/{client_id}/instructors/", response={201: InstructorOut}, operation_id="create_instructor")
def create_instructor(request: HttpRequest, client_id: int, payload: InstructorIn):
    row = services.item_save(model=Instructor, data=payload.dict())
    return Status(201, selectors.library_get(model=Instructor, pk=row.pk))


@router.get("clients/{client_id}/instructors/{pk}/", response=InstructorOut, operation_id="get_instructor")
def get_instructor(request: HttpRequest, client_id: int, pk: int):
    return selectors.library_get(model=Instructor, pk=pk)


@router.put("clients/{client_id}/instructors/{pk}/", response=InstructorOut, operation_id="update_instructor")
def update_instructor(request: HttpRequest, client_id: int, pk: int, payload: InstructorIn):
    services.item_save(model=Instructor, instance=selectors.library_get(model=Instructor, pk=pk), data=payload.dict())
    return selectors.library_get(model=Instructor, pk=pk)


@router.patch("clients/{client_id}/instructors/{pk}/", response=InstructorOut, operation_id="patch_instructor")
def patch_instructor(request: HttpRequest, client_id: int, pk: int, payload: InstructorPatchIn):  # type: ignore[valid-type]  # made at import
    """The fields sent change; the others stay (the web client patches)."""
    services.item_save(
        model=Instructor, instance=selectors.library_get(model=Instructor, pk=pk), data=sent_fields(payload)
    )
    return selectors.library_get(model=Instructor, pk=pk)


@router.delete("clients/{client_id}/instructors/{pk}/", response={204: None}, operation_id="delete_instructor")
def delete_instructor(request: HttpRequest, client_id: int, pk: int):
    services.item_delete(instance=selectors.library_get(model=Instructor, pk=pk))
    return Status(204, None)


TrustedByPatchIn = patch_schema(TrustedByIn)


@router.get("clients/{client_id}/trusted-by/", response=list[TrustedByOut], operation_id="list_trusted_by")
def list_trusted_by(request: HttpRequest, client_id: int, response: HttpResponse):
    """The client's "trusted by" companies."""
    return paginate(request, response, selectors.library_list(model=TrustedBy))


@router.post("clients/{client_id}/trusted-by/", response={201: TrustedByOut}, operation_id="create_trusted_by")
def create_trusted_by(request: HttpRequest, client_id: int, payload: TrustedByIn):
    row = services.item_save(model=TrustedBy, data=payload.dict())
    return Status(201, selectors.library_get(model=TrustedBy, pk=row.pk))


@router.get("clients/{client_id}/trusted-by/{pk}/", response=TrustedByOut, operation_id="get_trusted_by")
def get_trusted_by(request: HttpRequest, client_id: int, pk: int):
    return selectors.library_get(model=TrustedBy, pk=pk)


@router.put("clients/{client_id}/trusted-by/{pk}/", response=TrustedByOut, operation_id="update_trusted_by")
def update_trusted_by(request: HttpRequest, client_id: int, pk: int, payload: TrustedByIn):
    services.item_save(model=TrustedBy, instance=selectors.library_get(model=TrustedBy, pk=pk), data=payload.dict())
    return selectors.library_get(model=TrustedBy, pk=pk)


@router.patch("clients/{client_id}/trusted-by/{pk}/", response=TrustedByOut, operation_id="patch_trusted_by")
def patch_trusted_by(request: HttpRequest, client_id: int, pk: int, payload: TrustedByPatchIn):  # type: ignore[valid-type]  # made at import
    """The fields sent change; the others stay (the web client patches)."""
    services.item_save(
        model=TrustedBy, instance=selectors.library_get(model=TrustedBy, pk=pk), data=sent_fields(payload)
    )
    return selectors.library_get(model=TrustedBy, pk=pk)


@router.delete("clients/{client_id}/trusted-by/{pk}/", response={204: None}, operation_id="delete_trusted_by")
def delete_trusted_by(request: HttpRequest, client_id: int, pk: int):
    services.item_delete(instance=selectors.library_get(model=TrustedBy, pk=pk))
    return Status(204, None)


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
