"""Admin Dashboard API 1-25 and the instructor / trusted-by library."""

import pytest

from tenant_apps.lms.models import MCQ, Article, Content, ContentProgress, Course, Module, Quiz, SubModule
from tenant_apps.lms.tests.factories import (
    ArticleFactory,
    CourseFactory,
    InstructorFactory,
    MCQFactory,
    ModuleFactory,
    QuizFactory,
    SubModuleFactory,
    TrustedByFactory,
    content_add,
    course_build,
)


def base(client) -> str:
    return f"/admin-dashboard/api/clients/{client.id}"


class TestCourses:
    def test_create_list_update_detail(self, admin_a, client_a, in_a):
        # given
        api, _ = admin_a
        with in_a():
            teacher, company = InstructorFactory(), TrustedByFactory()
        # when
        created = api.post(
            f"{base(client_a)}/courses/",
            {"title": "Python", "description": "Learn it", "instructor_ids": [teacher.id], "trusted_by": [company.id]},
        )
        # then
        assert created.status_code == 201, created.json()
        body = created.json()
        assert body["instructors"][0]["name"] == teacher.name
        assert body["trusted_by"][0]["name"] == company.name
        assert body["is_active"] is True
        course_id = body["id"]
        assert [row["id"] for row in api.get(f"{base(client_a)}/courses/").json()] == [course_id]
        updated = api.put(f"{base(client_a)}/courses/{course_id}/", {"title": "Python 2", "instructor_ids": []})
        assert updated.status_code == 200
        assert updated.json()["title"] == "Python 2" and updated.json()["instructors"] == []
        assert updated.json()["description"] == "Learn it"
        assert api.get(f"{base(client_a)}/courses/{course_id}/").json()["title"] == "Python 2"

    def test_bad_input_is_400_with_fields(self, admin_a, client_a):
        api, _ = admin_a
        missing = api.post(f"{base(client_a)}/courses/", {"description": "no title"})
        assert missing.status_code == 400 and "title" in missing.json()
        unknown = api.post(f"{base(client_a)}/courses/", {"title": "T", "instructor_ids": [999999]})
        assert unknown.status_code == 400 and "instructor_ids" in unknown.json()
        assert api.put(f"{base(client_a)}/courses/999999/", {"title": "x"}).status_code == 404

    def test_delete_course_leaves_no_rows_behind(self, admin_a, client_a, in_a):
        # given a course with every content type, progress, and a shared MCQ also used elsewhere
        api, _ = admin_a
        with in_a():
            course = course_build(modules=2, submodules=2)
            other_quiz = QuizFactory(questions=0)
            shared = (
                Quiz.objects.filter(content_entry__submodule__module__course=course).order_by("id")[0].mcqs.all()[0]
            )
            other_quiz.mcqs.add(shared, through_defaults={"order": 0})
            teacher = InstructorFactory()
            course.instructors.add(teacher)
            item_counts = {model: model.objects.count() for model in (Article, Quiz, MCQ)}
        # when
        response = api.delete(f"{base(client_a)}/courses/{course.id}/")
        # then
        assert response.status_code == 204
        with in_a():
            assert not Course.objects.filter(id=course.id).exists()
            assert Module.objects.count() == 0 and SubModule.objects.count() == 0 and Content.objects.count() == 0
            assert Article.objects.count() == item_counts[Article] - 4
            assert list(Quiz.objects.all()) == [other_quiz]
            assert MCQ.objects.count() == 1 and MCQ.objects.get() == shared  # only the shared one survives
            assert teacher.__class__.objects.filter(id=teacher.id).exists()
        assert api.get(f"{base(client_a)}/courses/{course.id}/").status_code == 404

    def test_view_course_details_has_the_tree(self, admin_a, client_a, in_a):
        api, _ = admin_a
        with in_a():
            course = course_build()
        body = api.get(f"{base(client_a)}/courses/{course.id}/view-course-details/").json()
        contents = body["full_details"]["modules"][0]["submodules"][0]["contents"]
        assert [row["content_type"] for row in contents] == [
            "Article",
            "VideoTutorial",
            "Quiz",
            "Assignment",
            "CodingProblem",
        ]
        assert contents[2]["content"]["mcqs"][0]["correct_answer"] == 1  # admins see answers

    def test_platform_admin_can_author(self, platform_admin, client_a, in_a):
        api, _ = platform_admin
        response = api.post(f"{base(client_a)}/courses/", {"title": "By the platform"})
        assert response.status_code == 201
        with in_a():
            assert Course.objects.get(id=response.json()["id"]).created_by_id is None

    @pytest.mark.parametrize("role", ["student", "instructor"])
    def test_non_admins_are_refused(self, as_user, client_a, role):
        api, _ = as_user(client_a, role=role)
        assert api.get(f"{base(client_a)}/courses/").status_code == 403
        assert api.post(f"{base(client_a)}/articles/", {"title": "x"}).status_code == 403

    def test_token_of_client_a_on_client_b_is_401(self, admin_a, client_b):
        api, _ = admin_a
        assert api.get(f"{base(client_b)}/courses/").status_code == 401

    def test_object_of_client_a_is_404_on_client_b(self, as_user, client_a, client_b, in_a):
        with in_a():
            course = CourseFactory()
        api_b, _ = as_user(client_b, role="admin")
        assert api_b.get(f"{base(client_b)}/courses/{course.id}/").status_code == 404


class TestTree:
    def test_modules_and_submodules_crud(self, admin_a, client_a, in_a):
        api, _ = admin_a
        with in_a():
            course = CourseFactory()
        url = f"{base(client_a)}/courses/{course.id}/modules/"
        module = api.post(url, {"weekno": 2, "title": "Week 2"})
        assert module.status_code == 201
        module_id = module.json()["id"]
        assert api.post(url, {"weekno": "x"}).status_code == 400
        assert api.get(url).json()[0]["title"] == "Week 2"
        sub_url = f"{url}{module_id}/submodules/"
        sub = api.post(sub_url, {"title": "Intro", "description": "d", "order": 1})
        assert sub.status_code == 201
        sub_id = sub.json()["id"]
        detail = api.get(f"{url}{module_id}/").json()
        assert detail["submodules"][0]["id"] == sub_id
        assert api.put(f"{url}{module_id}/", {"weekno": 3, "title": "Week 3"}).json()["weekno"] == 3
        assert api.put(f"{sub_url}{sub_id}/", {"title": "Intro 2", "order": 4}).json()["order"] == 4
        assert api.get(f"{sub_url}{sub_id}/").json()["contents"] == []
        assert api.delete(f"{sub_url}{sub_id}/").status_code == 204
        assert api.get(f"{sub_url}{sub_id}/").status_code == 404
        assert api.delete(f"{url}{module_id}/").status_code == 204
        assert api.get(url).json() == []

    def test_module_of_another_course_is_404(self, admin_a, client_a, in_a):
        api, _ = admin_a
        with in_a():
            course, module = CourseFactory(), ModuleFactory()
        assert api.get(f"{base(client_a)}/courses/{course.id}/modules/{module.id}/").status_code == 404
        assert api.get(f"{base(client_a)}/courses/999999/modules/").status_code == 404

    def test_contents_crud(self, admin_a, client_a, in_a):
        # given
        api, _ = admin_a
        with in_a():
            submodule = SubModuleFactory()
            article, other = ArticleFactory(title="Read me"), ArticleFactory()
        course_id = submodule.module.course_id
        url = f"{base(client_a)}/courses/{course_id}/submodules/{submodule.id}/contents/"
        # when / then
        created = api.post(url, {"content_type": "Article", "content_id": article.id, "order": 1})
        assert created.status_code == 201, created.json()
        assert created.json()["content_id"] == article.id and created.json()["title"] == "Read me"
        pk = created.json()["id"]
        again = api.post(url, {"content_type": "Article", "content_id": article.id, "order": 2})
        assert again.status_code == 400 and again.json()["code"] == "item_in_use"
        assert api.post(url, {"content_type": "Poem", "content_id": article.id}).status_code == 400
        unknown = api.post(url, {"content_type": "Quiz", "content_id": 999999})
        assert unknown.status_code == 400 and "content_id" in unknown.json()
        assert api.get(url).json()[0]["id"] == pk
        moved = api.put(f"{url}{pk}/", {"content_id": other.id, "order": 5}).json()
        assert moved["content_id"] == other.id and moved["order"] == 5
        assert api.get(f"{url}{pk}/").json()["order"] == 5
        assert api.delete(f"{url}{pk}/").status_code == 204
        with in_a():
            assert not Content.objects.filter(id=pk).exists()
            assert not Article.objects.filter(id=other.id).exists()  # owned item purged
            assert Article.objects.filter(id=article.id).exists()  # detached earlier, back in the library

    def test_content_of_another_submodule_or_course_is_404(self, admin_a, client_a, in_a):
        # given
        api, _ = admin_a
        with in_a():
            submodule, elsewhere = SubModuleFactory(), SubModuleFactory()
            article = ArticleFactory()
        course_id = submodule.module.course_id
        url = f"{base(client_a)}/courses/{course_id}/submodules/{submodule.id}/contents/"
        pk = api.post(url, {"content_type": "Article", "content_id": article.id}).json()["id"]
        other_course = elsewhere.module.course_id
        # when / then
        assert api.get(f"{url}{pk}/").status_code == 200
        assert (
            api.get(f"{base(client_a)}/courses/{course_id}/submodules/{elsewhere.id}/contents/{pk}/").status_code == 404
        )
        assert (
            api.get(f"{base(client_a)}/courses/{other_course}/submodules/{submodule.id}/contents/{pk}/").status_code
            == 404
        )
        assert (
            api.put(
                f"{base(client_a)}/courses/{other_course}/submodules/{submodule.id}/contents/{pk}/", {"order": 2}
            ).status_code
            == 404
        )
        assert (
            api.delete(f"{base(client_a)}/courses/{course_id}/submodules/{elsewhere.id}/contents/{pk}/").status_code
            == 404
        )

    def test_all_contents_detail_verify_and_type_count(self, admin_a, client_a, in_a):
        api, _ = admin_a
        with in_a():
            course = course_build()
            course_build(content_types=("Article",))
        all_rows = api.get(f"{base(client_a)}/contents/").json()
        assert len(all_rows) == 6
        assert len(api.get(f"{base(client_a)}/contents/?content_type=Article").json()) == 2
        assert len(api.get(f"{base(client_a)}/contents/?course_id={course.id}").json()) == 5
        assert api.get(f"{base(client_a)}/contents/?content_type=Nope").status_code == 400
        counts = api.get(f"{base(client_a)}/contents/type-count/").json()
        assert counts == {"Article": 2, "VideoTutorial": 1, "Quiz": 1, "Assignment": 1, "CodingProblem": 1}
        quiz_row = next(row for row in all_rows if row["content_type"] == "Quiz")
        full = api.get(f"{base(client_a)}/contents/{quiz_row['id']}/").json()
        assert full["course"]["id"] == course.id and len(full["content"]["mcqs"]) == 2
        verified = api.post(f"{base(client_a)}/contents/{quiz_row['id']}/verify/").json()
        assert verified["is_verified"] is True and verified["verified_at"].endswith("Z")
        assert api.get(f"{base(client_a)}/contents/999999/").status_code == 404
        assert api.post(f"{base(client_a)}/contents/999999/verify/").status_code == 404


class TestLibrary:
    def test_mcq_and_quiz(self, admin_a, client_a):
        api, _ = admin_a
        bad = api.post(f"{base(client_a)}/mcqs/", {"question": "Q", "options": ["a", "b"], "correct_answer": 2})
        assert bad.status_code == 400 and "correct_answer" in bad.json()
        assert (
            api.post(f"{base(client_a)}/mcqs/", {"question": "Q", "options": ["a"], "correct_answer": 0}).status_code
            == 400
        )
        ids = [
            api.post(
                f"{base(client_a)}/mcqs/", {"question": f"Q{n}", "options": ["a", "b"], "correct_answer": 1}
            ).json()["id"]
            for n in range(3)
        ]
        quiz = api.post(f"{base(client_a)}/quizzes/", {"title": "Quiz", "mcq_ids": [ids[2], ids[0]]})
        assert quiz.status_code == 201
        assert [row["id"] for row in quiz.json()["mcqs"]] == [ids[2], ids[0]]
        quiz_id = quiz.json()["id"]
        assert api.post(f"{base(client_a)}/quizzes/", {"title": "Q", "mcq_ids": [999999]}).status_code == 400
        updated = api.put(f"{base(client_a)}/quizzes/{quiz_id}/", {"title": "Quiz 2", "mcq_ids": [ids[1]]}).json()
        assert [row["id"] for row in updated["mcqs"]] == [ids[1]]
        assert len(api.get(f"{base(client_a)}/quizzes/").json()[0]["mcqs"]) == 1
        mcq = api.put(
            f"{base(client_a)}/mcqs/{ids[0]}/", {"question": "New", "options": ["x", "y", "z"], "correct_answer": 2}
        )
        assert mcq.json()["correct_answer"] == 2
        assert api.delete(f"{base(client_a)}/mcqs/{ids[0]}/").status_code == 204
        assert api.get(f"{base(client_a)}/mcqs/{ids[0]}/").status_code == 404

    @pytest.mark.parametrize(
        ("path", "body", "field"),
        [
            ("articles", {"title": "A", "content": "text", "reading_time_minutes": 3}, "reading_time_minutes"),
            ("video-tutorials", {"title": "V", "video_url": "https://v.test/1", "duration_minutes": 4}, "video_url"),
            (
                "assignments",
                {"title": "As", "instructions": "do", "max_marks": "15.50", "due_date": "2030-01-01T00:00:00Z"},
                "max_marks",
            ),
            (
                "coding-problems",
                {"title": "C", "test_cases": [{"input": "1", "expected_output": "1", "is_sample": True}]},
                "test_cases",
            ),
            ("instructors", {"name": "Ana", "bio": "b", "linkedin": "https://linkedin.test/ana"}, "linkedin"),
            ("trusted-by", {"name": "Acme", "logo_url": "https://logo.test/a.png"}, "logo_url"),
        ],
    )
    def test_crud(self, admin_a, client_a, path, body, field):
        api, _ = admin_a
        url = f"{base(client_a)}/{path}/"
        created = api.post(url, body)
        assert created.status_code == 201, created.json()
        pk = created.json()["id"]
        assert created.json()[field] == body[field] or field == "max_marks"
        assert api.get(url).json()[0]["id"] == pk
        assert api.put(f"{url}{pk}/", {**body, field: body[field]}).status_code == 200
        assert api.post(url, {}).status_code == 400
        assert api.delete(f"{url}{pk}/").status_code == 204
        assert api.get(f"{url}{pk}/").status_code == 404

    def test_assignment_marks_are_decimals(self, admin_a, client_a):
        api, _ = admin_a
        created = api.post(f"{base(client_a)}/assignments/", {"title": "As", "max_marks": "15.5"})
        assert created.json()["max_marks"] == 15.50

    def test_item_rename_renames_content_and_item_delete_removes_content(self, admin_a, client_a, in_a):
        api, _ = admin_a
        with in_a():
            submodule = SubModuleFactory()
            content = content_add(submodule, "Article")
            ContentProgress.objects.create(user_id=admin_a[1].id, content=content, is_completed=True)
        api.put(f"{base(client_a)}/articles/{content.article_id}/", {"title": "Renamed", "content": "x"})
        with in_a():
            assert Content.objects.get(id=content.id).title == "Renamed"
        assert api.delete(f"{base(client_a)}/articles/{content.article_id}/").status_code == 204
        with in_a():
            assert not Content.objects.filter(id=content.id).exists()
            assert not ContentProgress.objects.exists()

    def test_unused_mcq_library_item(self, admin_a, client_a, in_a):
        with in_a():
            mcq = MCQFactory()
        api, _ = admin_a
        assert api.get(f"{base(client_a)}/mcqs/{mcq.id}/").json()["options"] == ["one", "two", "three", "four"]
