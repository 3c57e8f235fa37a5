"""The whole journey over HTTP: an admin builds a course with all five content types, two
students enroll and work through it, and the numbers come out right."""

from tenant_apps.lms.models import Article, Content, Quiz

CONTRACT_DASHBOARD = (
    "completion_percentage",
    "total_modules",
    "completed_modules",
    "total_contents",
    "completed_contents",
)


def test_admin_builds_students_learn(client_a, as_user, in_a):
    admin, _ = as_user(client_a, role="admin")
    ada, _ = as_user(client_a, first_name="Ada")
    bob, _ = as_user(client_a, first_name="Bob")
    adm = f"/admin-dashboard/api/clients/{client_a.id}"
    lms = f"/lms/clients/{client_a.id}/courses"
    act = f"/activity/clients/{client_a.id}/courses"

    # the admin authors the course
    teacher = admin.post(f"{adm}/instructors/", {"name": "Grace Hopper", "bio": "COBOL"}).json()
    company = admin.post(f"{adm}/trusted-by/", {"name": "Acme", "logo_url": "https://logo.test/acme.png"}).json()
    course = admin.post(
        f"{adm}/courses/", {"title": "Python 101", "instructor_ids": [teacher["id"]], "trusted_by": [company["id"]]}
    ).json()
    week1 = admin.post(f"{adm}/courses/{course['id']}/modules/", {"weekno": 1, "title": "Basics"}).json()
    week2 = admin.post(f"{adm}/courses/{course['id']}/modules/", {"weekno": 2, "title": "Practice"}).json()
    intro = admin.post(
        f"{adm}/courses/{course['id']}/modules/{week1['id']}/submodules/", {"title": "Intro", "order": 1}
    ).json()
    drill = admin.post(
        f"{adm}/courses/{course['id']}/modules/{week2['id']}/submodules/", {"title": "Drill", "order": 1}
    ).json()
    article = admin.post(
        f"{adm}/articles/", {"title": "Why Python", "content": "Because.", "reading_time_minutes": 3}
    ).json()
    video = admin.post(f"{adm}/video-tutorials/", {"title": "Setup", "video_url": "https://v.test/setup"}).json()
    mcqs = [
        admin.post(f"{adm}/mcqs/", {"question": f"Q{n}", "options": ["a", "b", "c", "d"], "correct_answer": n}).json()[
            "id"
        ]
        for n in range(2)
    ]
    quiz = admin.post(f"{adm}/quizzes/", {"title": "Check", "mcq_ids": mcqs}).json()
    assignment = admin.post(f"{adm}/assignments/", {"title": "Essay", "max_marks": "10"}).json()
    problem = admin.post(
        f"{adm}/coding-problems/",
        {
            "title": "Double",
            "test_cases": [
                {"input": "2\n", "expected_output": "4\n", "is_sample": True},
                {"input": "7\n", "expected_output": "14\n"},
            ],
            "max_marks": "20",
        },
    ).json()
    plan = [
        (intro, "Article", article["id"]),
        (intro, "VideoTutorial", video["id"]),
        (intro, "Quiz", quiz["id"]),
        (drill, "Assignment", assignment["id"]),
        (drill, "CodingProblem", problem["id"]),
    ]
    contents = []
    for order, (submodule, kind, item_id) in enumerate(plan, start=1):
        created = admin.post(
            f"{adm}/courses/{course['id']}/submodules/{submodule['id']}/contents/",
            {"content_type": kind, "content_id": item_id, "order": order},
        )
        assert created.status_code == 201, created.json()
        contents.append(created.json())
    assert admin.get(f"{adm}/contents/type-count/").json() == {
        "Article": 1,
        "VideoTutorial": 1,
        "Quiz": 1,
        "Assignment": 1,
        "CodingProblem": 1,
    }

    # students find and enroll
    listed = ada.get(f"{lms}/").json()
    assert listed[0]["instructors"][0]["name"] == "Grace Hopper" and listed[0]["trusted_by"][0]["name"] == "Acme"
    for student in (ada, bob):
        assert student.post(f"{lms}/{course['id']}/enroll/").status_code == 201
    assert ada.get(f"{lms}/").json()[0]["enrolled_students"]["total"] == 2

    # Ada works through everything, following next_content
    detail = ada.get(f"{lms}/{course['id']}/").json()
    first_sub = detail["modules"][0]["submodules"][0]
    assert (first_sub["article_count"], first_sub["video_count"], first_sub["quiz_count"]) == (1, 1, 1)
    step = ada.get(f"{lms}/{course['id']}/sub-module/{first_sub['id']}/").json()["contents"][0]
    seen = []
    while step:
        content = ada.get(f"{lms}/{course['id']}/content/{step['id']}/").json()
        seen.append(content["content_type"])
        base = f"{act}/{course['id']}/content/{content['id']}/"
        ada.post(base, {"activity_type": "start"})
        kind = content["content_type"]
        if kind in ("Article", "VideoTutorial"):
            response = ada.post(f"{base}?activity_type={kind}", {})
        elif kind == "Quiz":
            answers = [
                {"questionId": mcq["id"], "questionIndex": n, "selectedOption": "AB"[n]}
                for n, mcq in enumerate(content["content"]["mcqs"])
            ]
            response = ada.post(f"{base}?activity_type=Quiz&sub_type=submitAnswer", {"userAnswers": answers})
            assert response.json()["obtained_marks"] == 2.00
        elif kind == "Assignment":
            response = ada.post(f"{base}?activity_type=Assignment&sub_type=submitAnswer", {"answer": "Essay text"})
        else:
            code = "print(int(input()) * 2)"
            run = ada.post(
                f"{base}?activity_type=CodingProblem&sub_type=runCode", {"source_code": code, "language_id": 71}
            )
            assert run.json()["status"] == "Accepted"
            response = ada.post(
                f"{base}?activity_type=CodingProblem&sub_type=submitCode", {"source_code": code, "language_id": 71}
            )
            assert response.json()["status"] == "Accepted"
        assert response.status_code == 201, response.json()
        assert ada.get(f"{lms}/{course['id']}/content/{content['id']}/").json()["is_completed"] is True
        step = content["next_content"]
    assert seen == ["Article", "VideoTutorial", "Quiz", "Assignment", "CodingProblem"]

    # Bob reads the article and gets one quiz question right
    bob.post(f"{act}/{course['id']}/content/{contents[0]['id']}/?activity_type=Article", {})
    bob.post(
        f"{act}/{course['id']}/content/{contents[2]['id']}/?activity_type=Quiz",
        {
            "userAnswers": [
                {"questionId": mcqs[0], "selectedOption": "A"},
                {"questionId": mcqs[1], "selectedOption": "A"},
            ]
        },
    )

    # the numbers
    ada_dashboard = ada.get(f"{lms}/{course['id']}/user-course-dashboard/").json()
    assert {key: ada_dashboard[key] for key in CONTRACT_DASHBOARD} == {
        "completion_percentage": 100.0,
        "total_modules": 2,
        "completed_modules": 2,
        "total_contents": 5,
        "completed_contents": 5,
    }
    bob_dashboard = bob.get(f"{lms}/{course['id']}/user-course-dashboard/").json()
    assert {key: bob_dashboard[key] for key in CONTRACT_DASHBOARD} == {
        "completion_percentage": 40.0,
        "total_modules": 2,
        "completed_modules": 0,
        "total_contents": 5,
        "completed_contents": 2,
    }
    assert [m["completion_percentage"] for m in bob.get(f"{lms}/{course['id']}/").json()["modules"]] == [66.67, 0.0]
    board = bob.get(f"{lms}/{course['id']}/leaderboard/").json()
    # score = marks + 10 points per completed content
    assert [
        (row["user"]["user_name"].split()[0], row["marks"], row["completed_contents"], row["score"], row["rank"])
        for row in board
    ] == [
        ("Ada", 22.00, 5, 72.00, 1),
        ("Bob", 1.00, 2, 21.00, 2),
    ]
    past = ada.get(f"{lms}/{course['id']}/content/{contents[4]['id']}/past-submissions/").json()
    assert [(row["status"], row["score"]) for row in past] == [("Accepted", 20.00)]

    # deleting the course leaves nothing behind
    assert admin.delete(f"{adm}/courses/{course['id']}/").status_code == 204
    with in_a():
        assert not Content.objects.exists() and not Article.objects.exists() and not Quiz.objects.exists()
