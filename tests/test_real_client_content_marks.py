"""Contract tests: an article's and a video's marks (docs/real-client.md, "Article and video
marks").

The older build's course builder and content editors send ``marks`` for articles and videos
(its forms refuse to save without them); they were accepted and dropped, so its editors
loaded 0 back, and the learners' pages said 0. They are stored now, answered wherever a
content's marks are (the submodule outline's ``data[].marks``, the content detail's
``marks``, the editor's ``marks`` and ``details.marks``, the library's items), and
completing such a content awards them: its progress row holds them as its best score, so
the leaderboards (``score = marks + 10 × completed``) and the outline's ``obtainedMarks``
count them as they count a graded content's.
"""

from __future__ import annotations

from typing import Any

import pytest
from django_tenants.utils import schema_context

from tenant_apps.lms import services
from tenant_apps.lms.models import Article, ContentProgress, SubModule, VideoTutorial
from tenant_apps.lms.tests.factories import CourseFactory, ModuleFactory, SubModuleFactory
from tests.queries import StatementCount

pytestmark = pytest.mark.django_db

ARTICLE = {"type": "articles", "title": "Lists", "content": "<p>A list.</p>", "marks": 5, "duration": 10}
VIDEO = {"type": "video-tutorials", "title": "Loops", "marks": 3, "video_url": "https://videos.example.com/loops"}


class Built:
    """A course with one submodule holding an article and a video made with the builder's
    bodies, and a student enrolled in it."""

    def __init__(self, client, admin, student, student_user) -> None:
        self.client, self.admin, self.student, self.student_user = client, admin, student, student_user
        with schema_context(client.schema_name):
            course = CourseFactory()
            self.course_id = course.id
            self.submodule_id = SubModuleFactory(module=ModuleFactory(course=course)).id
        self.items: dict[str, int] = {}
        self.contents: dict[str, int] = {}
        for order, (kind, body, field) in enumerate(
            (("Article", ARTICLE, "article_content"), ("VideoTutorial", VIDEO, "video_content")), 1
        ):
            item = admin.post(self.admin_base + "contents/", body)
            assert item.status_code == 201, item.json()
            self.items[kind] = item.json()["id"]
            attach = {"title": body["title"], "content_type": kind, "order": order, field: item.json()["id"]}
            content = admin.post(self.editor(), attach)
            assert content.status_code == 201, content.json()
            self.contents[kind] = content.json()["id"]
        assert student.post(f"/lms/clients/{client.id}/courses/{self.course_id}/enroll/").status_code in (200, 201)

    @property
    def admin_base(self) -> str:
        return f"/admin-dashboard/api/clients/{self.client.id}/"

    def editor(self, kind: str | None = None) -> str:
        base = f"{self.admin_base}courses/{self.course_id}/submodules/{self.submodule_id}/contents/"
        return base if kind is None else f"{base}{self.contents[kind]}/"

    def outline_rows(self) -> list[dict[str, Any]]:
        path = f"/lms/clients/{self.client.id}/courses/{self.course_id}/sub-module/{self.submodule_id}/"
        response = self.student.get(path)
        assert response.status_code == 200, response.json()
        return response.json()["data"]

    def outline(self) -> dict[str, dict[str, Any]]:
        return {row["content_type"]: row for row in self.outline_rows()}

    def detail(self, kind: str) -> dict[str, Any]:
        path = f"/lms/clients/{self.client.id}/courses/{self.course_id}/content/{self.contents[kind]}/"
        response = self.student.get(path)
        assert response.status_code == 200, response.json()
        return response.json()

    def complete(self, kind: str) -> None:
        path = (
            f"/activity/clients/{self.client.id}/courses/{self.course_id}/content/{self.contents[kind]}/"
            f"?activity_type={kind}"
        )
        assert self.student.post(path, {}).status_code in (200, 201)

    def board(self) -> dict[str, Any]:
        response = self.student.get(f"/lms/clients/{self.client.id}/courses/{self.course_id}/leaderboard/")
        assert response.status_code == 200
        [row] = response.json()
        return row


@pytest.fixture
def built(client_a, as_user) -> Built:
    admin, _ = as_user(client_a, role="admin")
    student, user = as_user(client_a)
    return Built(client_a, admin, student, user)


def stored_marks(client, model, pk) -> float:
    with schema_context(client.schema_name):
        return float(model.objects.get(pk=pk).marks)


def test_the_builders_marks_are_stored_and_loaded_back(built):
    assert stored_marks(built.client, Article, built.items["Article"]) == 5
    assert stored_marks(built.client, VideoTutorial, built.items["VideoTutorial"]) == 3
    for kind, marks in (("Article", 5), ("VideoTutorial", 3)):
        loaded = built.admin.get(built.editor(kind)).json()
        assert (loaded["marks"], loaded["details"]["marks"]) == (marks, marks)
    # the library's own routes answer them too
    article = built.admin.get(f"{built.admin_base}articles/{built.items['Article']}/").json()
    assert article["marks"] == 5 and isinstance(article["marks"], int | float)


def test_the_editors_save_marks(built):
    saved = built.admin.patch(built.editor("Article"), {"title": "Lists", "content": "<p>A list.</p>", "marks": 8})
    assert saved.status_code == 200, saved.json()
    assert stored_marks(built.client, Article, built.items["Article"]) == 8
    # V's video editor patches the video by its id
    video = built.admin.patch(f"{built.admin_base}contents/{built.items['VideoTutorial']}/", {**VIDEO, "marks": 4})
    assert video.status_code == 200, video.json()
    assert stored_marks(built.client, VideoTutorial, built.items["VideoTutorial"]) == 4
    assert built.admin.get(built.editor("VideoTutorial")).json()["marks"] == 4


@pytest.mark.parametrize("marks", [-1, "many", None, 1e12, 0.001])
def test_bad_marks_are_a_400_naming_marks_and_change_nothing(built, marks):
    created = built.admin.post(built.admin_base + "contents/", {**ARTICLE, "marks": marks})
    assert created.status_code == 400 and "marks" in str(created.json())
    edited = built.admin.patch(built.editor("Article"), {"marks": marks})
    assert edited.status_code == 400 and "marks" in str(edited.json())
    assert stored_marks(built.client, Article, built.items["Article"]) == 5


def test_the_learners_pages_answer_the_marks(built):
    outline = built.outline()
    assert (outline["Article"]["marks"], outline["VideoTutorial"]["marks"]) == (5, 3)
    assert outline["Article"]["obtainedMarks"] is None  # not completed yet
    assert built.detail("Article")["marks"] == 5 and built.detail("VideoTutorial")["marks"] == 3


def test_completing_awards_the_marks_on_the_outline_and_the_leaderboard(built):
    before = built.board()
    assert (before["marks"], before["score"]) == (0, 0)

    built.complete("Article")

    outline = built.outline()
    assert (outline["Article"]["status"], outline["Article"]["obtainedMarks"]) == ("complete", 5)
    assert outline["VideoTutorial"]["obtainedMarks"] is None
    row = built.board()
    assert (row["marks"], row["completed_contents"], row["score"]) == (5, 1, 5 + 10)
    overall = built.student.get(f"/api/clients/{built.client.id}/overall-leaderboard/").json()
    assert (overall[0]["marks"], overall[0]["score"]) == (5, 15)
    built.complete("Article")  # again: nothing more
    assert built.board()["score"] == 15


def test_changing_the_marks_changes_what_completions_count(built):
    built.complete("Article")
    built.complete("VideoTutorial")
    assert built.board()["marks"] == 8

    assert built.admin.patch(built.editor("Article"), {"marks": 2}).status_code == 200

    with schema_context(built.client.schema_name):
        progress = ContentProgress.objects.get(content_id=built.contents["Article"])
    assert (progress.best_score, progress.max_score) == (2, 2)
    row = built.board()  # the cached board follows the edit
    assert (row["marks"], row["score"]) == (5, 5 + 20)
    assert built.outline()["Article"]["obtainedMarks"] == 2


def test_another_clients_admin_cannot_touch_the_marks(built, client_b, as_user):
    outsider, _ = as_user(client_b, role="admin")
    response = outsider.patch(built.editor("Article"), {"marks": 99})
    assert response.status_code in (401, 403)
    assert stored_marks(built.client, Article, built.items["Article"]) == 5


def test_the_outline_keeps_its_statements(built):
    built.complete("Article")
    built.outline_rows()  # the cached tree
    with StatementCount() as first:
        built.outline_rows()
    with schema_context(built.client.schema_name):
        submodule = SubModule.objects.get(id=built.submodule_id)
        for n in range(5):
            article = Article.objects.create(title=f"More {n}", marks=n + 1)
            services.content_create(submodule=submodule, content_type="Article", content_id=article.id, order=3 + n)
            services.progress_complete(content=submodule.contents.get(article=article), learner=built.student_user)
    built.outline_rows()  # rebuilt after the authoring writes
    with StatementCount() as more:
        rows = built.outline_rows()
    assert first.count == more.count
    more_rows = [row for row in rows if row["title"].startswith("More")]
    assert [(row["marks"], row["obtainedMarks"]) for row in more_rows] == [(n, n) for n in range(1, 6)]
