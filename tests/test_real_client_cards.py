"""Contract tests for the web client's course cards and the dashboard's overall leaderboard
(docs/real-client.md, "Course cards").

The older build's course list, "continue learning" and enrolled-course cards read, per content
type, how many contents a course has and how many the learner completed
(``stats.<type>.total|completed``), and the module counts (``num_modules``,
``completed_modules``); its dashboard leaderboard reads ``course_name`` on every row and
crashes without it (a white home page).

Its course cards also print ``is_free ? "Free" : "₹" + price`` (the admin course builder
printed "₹undefined"); its learner card, without a price, made one up from the course id
and offered odd-numbered courses for payment. Courses are not sold one by one here, so every
card says free, at price 0.
"""

import pytest
from django_tenants.utils import schema_context

from tenant_apps.dashboard.schemas import OverallLeaderOut
from tenant_apps.lms.models import Enrollment
from tenant_apps.lms.tests.factories import course_build
from tests.queries import StatementCount

pytestmark = pytest.mark.django_db

ALL_TYPES = ("Article", "VideoTutorial", "Quiz", "Assignment", "CodingProblem")
CARD_KEYS = {"video", "article", "coding_problem", "quiz", "assignment"}


def is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@pytest.fixture
def student_a(as_user, client_a):
    return as_user(client_a, role="student")


@pytest.fixture
def two_week_course(client_a, student_a):
    """Two weeks of one content of each type; the student enrolled and done with week 1's article."""
    api, student = student_a
    with schema_context(client_a.schema_name):
        course = course_build(modules=2, content_types=ALL_TYPES, title="Cards 101")
        Enrollment.objects.create(course=course, user=student)
        first_module = course.modules.order_by("weekno").first()
        assert first_module is not None
        article = first_module.submodules.get().contents.get(content_type="Article")
    done = api.post(
        f"/activity/clients/{client_a.id}/courses/{course.id}/content/{article.id}/?activity_type=Article", {}
    )
    assert done.status_code in (200, 201)
    return course


def card_of(rows: list[dict], course_id: int) -> dict:
    return next(row for row in rows if row["id"] == course_id)


def assert_card(card: dict, *, completed_articles: int, completed_modules: int) -> None:
    assert set(card["stats"]) == CARD_KEYS
    for key, tally in card["stats"].items():
        assert is_int(tally["total"]) and is_int(tally["completed"])
        assert tally["total"] == 2  # one of each type a week
        assert tally["completed"] == (completed_articles if key == "article" else 0)
    assert card["num_modules"] == 2
    assert card["completed_modules"] == completed_modules
    assert "difficulty_level" in card and card["difficulty_level"] is None


@pytest.mark.parametrize(
    "path",
    ["/lms/clients/{id}/courses/", "/api/clients/{id}/student/enrolled-courses/"],
)
def test_course_cards_count_contents_by_type_and_the_learners_completions(path, client_a, student_a, two_week_course):
    api, _ = student_a
    rows = api.get(path.format(id=client_a.id)).json()
    card = card_of(rows, two_week_course.id)
    assert_card(card, completed_articles=1, completed_modules=0)
    assert card["title"] == "Cards 101" and isinstance(card["description"], str)


def test_continue_learning_cards_carry_the_same_stats_and_a_description(client_a, student_a, two_week_course):
    api, _ = student_a
    rows = api.get(f"/api/clients/{client_a.id}/student/continue-learning-courses/").json()
    card = card_of(rows, two_week_course.id)
    assert_card(card, completed_articles=1, completed_modules=0)
    assert isinstance(card["description"], str)
    assert {"last_accessed_at", "next_content"} <= set(card)  # the contract's fields stay


def test_a_module_counts_as_completed_once_every_content_in_it_is(client_a, student_a):
    api, student = student_a
    with schema_context(client_a.schema_name):
        course = course_build(modules=2, content_types=("Article",))
        Enrollment.objects.create(course=course, user=student)
        first_module = course.modules.order_by("weekno").first()
        assert first_module is not None
        first_week = first_module.submodules.get().contents.get()
    api.post(f"/activity/clients/{client_a.id}/courses/{course.id}/content/{first_week.id}/?activity_type=Article", {})
    card = card_of(api.get(f"/api/clients/{client_a.id}/student/enrolled-courses/").json(), course.id)
    assert (card["num_modules"], card["completed_modules"]) == (2, 1)
    assert card["stats"]["article"] == {"total": 2, "completed": 1}


@pytest.mark.parametrize(
    "path",
    [
        "/lms/clients/{id}/courses/",
        "/api/clients/{id}/student/enrolled-courses/",
        "/api/clients/{id}/student/continue-learning-courses/",
    ],
)
def test_course_cards_carry_the_learners_progress_as_a_percentage(path, client_a, student_a, as_user, two_week_course):
    """The newer build's dashboard and course list print ``progress`` (0-100) on enrolled
    cards; without it every course showed 0 %. One of the course's ten contents is done."""
    api, _ = student_a
    card = card_of(api.get(path.format(id=client_a.id)).json(), two_week_course.id)
    assert isinstance(card["progress"], (int, float)) and not isinstance(card["progress"], bool)
    assert card["progress"] == 10
    other_api, other = as_user(client_a, role="student")
    with schema_context(client_a.schema_name):
        Enrollment.objects.create(course=two_week_course, user=other)
    if "continue-learning" not in path:  # nothing started: not a course to continue
        assert card_of(other_api.get(path.format(id=client_a.id)).json(), two_week_course.id)["progress"] == 0


def test_another_learners_completions_do_not_count_on_my_cards(client_a, student_a, as_user, two_week_course):
    other_api, other = as_user(client_a, role="student")
    with schema_context(client_a.schema_name):
        Enrollment.objects.create(course=two_week_course, user=other)
    card = card_of(other_api.get(f"/lms/clients/{client_a.id}/courses/").json(), two_week_course.id)
    assert card["stats"]["article"] == {"total": 2, "completed": 0}
    assert card["completed_modules"] == 0


@pytest.mark.parametrize("size", [1, 5])
def test_course_cards_keep_their_query_budgets(size, api, client_a, student_a):
    student_api, student = student_a
    with schema_context(client_a.schema_name):
        for _ in range(size):
            Enrollment.objects.create(course=course_build(modules=2, content_types=ALL_TYPES), user=student)
    base = f"/api/clients/{client_a.id}"
    student_api.get(f"{base}/student/enrolled-courses/")  # warm the client lookup
    with StatementCount(1 + 1):  # auth, the standing (enrollments, progress, active days for the streaks)
        assert len(student_api.get(f"{base}/student/enrolled-courses/").json()) == size
    student_api.get(f"/lms/clients/{client_a.id}/courses/")  # fills the client's cache (learner_reads)
    with StatementCount(1 + 1):  # auth, the caller's standing with the active days (streaks)
        assert len(student_api.get(f"/lms/clients/{client_a.id}/courses/").json()) == size


@pytest.mark.parametrize(
    "path,role",
    [
        ("/lms/clients/{id}/courses/", "student"),
        ("/api/clients/{id}/student/enrolled-courses/", "student"),
        ("/api/clients/{id}/student/continue-learning-courses/", "student"),
        ("/admin-dashboard/api/clients/{id}/courses/", "admin"),
    ],
)
def test_every_course_card_is_free_at_price_zero(path, role, client_a, student_a, as_user, two_week_course):
    api = student_a[0] if role == "student" else as_user(client_a, role=role)[0]
    card = card_of(api.get(path.format(id=client_a.id)).json(), two_week_course.id)
    assert card["is_free"] is True
    assert card["price"] == 0 and is_int(card["price"])  # a JSON number: V prints "₹" + price otherwise


def test_hs_free_switch_is_taken_and_the_course_stays_free(client_a, as_user, two_week_course):
    """H's admin course card PATCHes its whole edit form, ``is_free`` included; courses are not
    sold, so the switch changes nothing (the rest of the form is saved)."""
    admin, _ = as_user(client_a, role="admin")
    path = f"/admin-dashboard/api/clients/{client_a.id}/courses/"
    body = {"title": "Cards 102", "description": "Now paid?", "tags": [], "rating": 4, "is_free": False}
    response = admin.patch(f"{path}{two_week_course.id}/", {**body, "certificate_available": True})
    assert response.status_code == 200, response.json()
    card = card_of(admin.get(path).json(), two_week_course.id)
    assert card["title"] == "Cards 102" and card["is_free"] is True and card["price"] == 0


def test_the_openapi_document_types_the_free_price(api):
    schemas = api.get("/api/openapi.json").json()["components"]["schemas"]
    for name in ("CourseListOut", "EnrolledCourseOut", "ContinueLearningOut", "AdminCourseListOut"):
        props = schemas[name]["properties"]
        assert props["is_free"]["const"] is True and props["price"]["const"] == 0, name
        assert props["price"]["type"] == "integer" and props["is_free"]["type"] == "boolean", name


def test_overall_leaderboard_names_each_learners_latest_course(client_a, student_a, as_user):
    api, student = student_a
    with schema_context(client_a.schema_name):
        first = course_build(title="First course", content_types=("Article",))
        latest = course_build(title="Latest course", content_types=("Article",))
        Enrollment.objects.create(course=first, user=student)
        Enrollment.objects.create(course=latest, user=student)
    rows = api.get(f"/api/clients/{client_a.id}/overall-leaderboard/").json()
    mine = next(row for row in rows if row["id"] == student.id)
    assert mine["course_name"] == "Latest course"
    assert all(isinstance(row["course_name"], str) and isinstance(row["name"], str) for row in rows)
    assert isinstance(mine["marks"], (int, float)) and is_int(mine["rank"])


def test_another_clients_token_reads_no_cards_here(client_a, client_b, as_user, two_week_course):
    outsider, _ = as_user(client_b, role="student")
    for path in ("/lms/clients/{id}/courses/", "/api/clients/{id}/student/enrolled-courses/"):
        assert outsider.get(path.format(id=client_a.id)).status_code in (401, 403)


def test_admin_course_cards_carry_stats_enrolled_students_and_published(client_a, as_user, two_week_course):
    """V's admin course builder cards read ``enrolled_students.students_profile_pic`` (the page
    white-screened without it), ``stats.<type>.total`` and ``published``."""
    admin, _ = as_user(client_a, role="admin")
    rows = admin.get(f"/admin-dashboard/api/clients/{client_a.id}/courses/").json()
    card = card_of(rows, two_week_course.id)
    assert {"id", "title", "description", "instructors", "trusted_by", "is_active", "created_at"} <= set(card)
    assert card["enrolled_students"]["total"] == 1
    assert isinstance(card["enrolled_students"]["students_profile_pic"], list)
    assert card["published"] is card["is_active"] is True
    assert all(tally["total"] == 2 and tally["completed"] == 0 for tally in card["stats"].values())
    assert card["num_modules"] == 2


def test_course_dashboard_charts_progress_by_content_type(client_a, student_a, two_week_course):
    """Both builds chart ``<type>_progress`` and ``total_progress`` on the course page (V showed
    0% for a learner 10% through without them)."""
    api, _ = student_a
    body = api.get(f"/lms/clients/{client_a.id}/courses/{two_week_course.id}/user-course-dashboard/").json()
    assert body["completed_contents"] == 1 and body["total_contents"] == 10  # the contract's numbers stay
    assert body["article_progress"] == 50.0  # one of the two articles
    for key in ("video", "quiz", "assignment", "coding_problem", "subjective_question"):
        assert body[f"{key}_progress"] == 0.0
    assert body["total_progress"] == body["completion_percentage"] == 10.0
    assert all(isinstance(value, (int, float)) for value in body.values())


def test_overall_leaderboard_answers_the_whole_board_for_hs_own_rank_lookup(client_a, as_user, make_user):
    """H's dashboard leaderboard asks ``?limit=10000`` to find the caller's rank when the caller
    is not in the top rows (an admin, or a student past the first page); it was a 400."""
    api, _ = as_user(client_a, role="admin")
    with schema_context(client_a.schema_name):
        course = course_build(content_types=("Article",))
    for n in range(12):
        learner = make_user(client_a, email=f"board{n}@x.test")
        with schema_context(client_a.schema_name):
            Enrollment.objects.create(course=course, user=learner)
    path = f"/api/clients/{client_a.id}/overall-leaderboard/"
    default = api.get(path).json()
    whole = api.get(path + "?limit=10000")
    assert whole.status_code == 200, whole.json()
    rows = whole.json()
    assert len(default) == 10 and len(rows) == 12
    for row in rows:
        assert set(OverallLeaderOut.model_fields) <= set(row)
    assert api.get(path + "?limit=10001").status_code == 400
    assert api.get(path + "?limit=0").status_code == 400
    api.get(path + "?limit=10000")  # warm the client cache
    with StatementCount() as at_twelve:
        api.get(path + "?limit=10000")
    more = make_user(client_a, email="board-last@x.test")
    with schema_context(client_a.schema_name):
        Enrollment.objects.create(course=course, user=more)
    with StatementCount() as cold_thirteen:  # the enrollment made the shared board stale: ranked again
        assert len(api.get(path + "?limit=10000").json()) == 13
    with StatementCount() as at_thirteen:
        assert len(api.get(path + "?limit=10000").json()) == 13
    assert at_twelve.count == at_thirteen.count == 1  # auth; the board is shared (lms.leaderboards)
    assert cold_thirteen.count == 1 + 2  # auth, enrolled learners, their scores


def test_course_builder_detail_lists_modules_with_counts_at_the_top_level(client_a, client_b, as_user, two_week_course):
    """V's course builder page reads ``modules[].submodules[].<type>_count``, ``published`` and
    ``course_title`` at the top of `view-course-details/`; with only the contract's
    ``full_details`` tree it showed "No Modules Yet" for a course with two weeks."""
    admin, _ = as_user(client_a, role="admin")
    path = f"/admin-dashboard/api/clients/{client_a.id}/courses/{{}}/view-course-details/"
    body = admin.get(path.format(two_week_course.id)).json()
    assert {"id", "title", "full_details"} <= set(body)  # the contract's answer stays
    assert body["course_title"] == "Cards 101" and body["published"] is True
    assert [module["weekno"] for module in body["modules"]] == [1, 2]
    for module in body["modules"]:
        assert is_int(module["id"]) and isinstance(module["title"], str)
        (submodule,) = module["submodules"]
        assert {"id", "title", "description", "order"} <= set(submodule)
        counts = {key: submodule[f"{key}_count"] for key in CARD_KEYS}
        assert counts == dict.fromkeys(CARD_KEYS, 1)  # one content of each type a week
    assert [m["id"] for m in body["modules"]] == [m["id"] for m in body["full_details"]["modules"]]
    assert admin.get(path.format(999_999)).status_code == 404
    student, _ = as_user(client_a, role="student")
    assert student.get(path.format(two_week_course.id)).status_code == 403
    outsider, _ = as_user(client_b, role="admin")
    assert outsider.get(path.format(two_week_course.id)).status_code in (401, 403)
