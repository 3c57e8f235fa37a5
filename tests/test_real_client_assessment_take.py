"""Contract test: the AI-Linc web clients take an assessment (docs/real-client.md, "Taking an
assessment").

H's take page (``/assessments/{slug}/take``) and calibration page, and V's quiz, call
``GET start-assessment/{slug}/`` and read a flat attempt: ``quizSection[{id, title,
description, order, mcqs[{id, question_text, option_a..option_d}]}]``,
``codingProblemSection[{…, coding_problems[…]}]``, ``subjectiveQuestionSection[{…,
subjective_questions[…]}]``, ``remaining_time`` (minutes, times 60 for the timer), ``status``
("submitted" sends the learner away) and ``responseSheet`` (the saved answers, to resume).
They autosave (H PUT, V POST) and final-submit (both PUT) ``{response_sheet: {quizSectionId:
[{<section>: {<question>: "A" | ["A", "C"] | null}}], codingProblemSectionId: [{<section>:
{<question>: {tc_passed, total_tc, best_code}}}], subjectiveQuestionSectionId: […],
metadata}}``. The answers must be graded as the contract's (option text) answers are.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from tenant_apps.assessment.models import ScholarshipBand, SectionType, Submission
from tenant_apps.assessment.tests.factories import AssessmentFactory, QuestionFactory, SectionFactory
from tests.queries import StatementCount

pytestmark = pytest.mark.django_db

OPTIONS = ["Two", "Three", "Four", "Five"]  # "Four" (C) is right


def base(client) -> str:
    return f"/assessment/api/client/{client.id}"


def make_exam(count: int = 3) -> dict:
    """``count`` MCQs (4 options, C right, 1 mark), one with 3 options (A right), a written
    question ("Paris", 1 mark) and a coding question ("print(42)", 2 marks), 30 minutes."""
    exam = AssessmentFactory(title="Math", slug="math", duration_minutes=30)
    quiz = SectionFactory(assessment=exam, section_type=SectionType.MCQ, order=0, instructions="Pick one.")
    written = SectionFactory(assessment=exam, section_type=SectionType.TEXT, order=1)
    coding = SectionFactory(assessment=exam, section_type=SectionType.CODING, order=2)
    mcqs = [
        QuestionFactory(section=quiz, text=f"2+2 ({i})?", options=OPTIONS, correct_answer="Four") for i in range(count)
    ]
    short = QuestionFactory(section=quiz, text="Yes?", options=["Yes", "No", "Maybe"], correct_answer="Yes", order=99)
    capital = QuestionFactory(section=written, text="Capital of France?", correct_answer="Paris")
    code = QuestionFactory(
        section=coding,
        text="Print 42",
        correct_answer="print(42)",
        marks=Decimal(2),
        starter_code="# go",
        language="python",
    )
    ScholarshipBand.objects.create(
        assessment=exam, min_score_percentage=Decimal(50), scholarship_percentage=Decimal(20)
    )
    return {
        "exam": exam,
        "quiz": quiz,
        "written": written,
        "coding": coding,
        "mcqs": mcqs,
        "short": short,
        "capital": capital,
        "code": code,
    }


@pytest.fixture
def exam(client_a):
    with schema_context(client_a.schema_name):
        return make_exam()


def client_sheet(e: dict, letters: list, *, short="A", capital="Paris", code="print(42)") -> dict:
    """The sheet as H's ``formatAssessmentResponses`` builds it."""
    quiz = {str(q.id): letter for q, letter in zip(e["mcqs"], letters, strict=True)}
    quiz[str(e["short"].id)] = short
    return {
        "quizSectionId": [{str(e["quiz"].id): quiz}],
        "codingProblemSectionId": [
            {str(e["coding"].id): {str(e["code"].id): {"tc_passed": 1, "total_tc": 1, "best_code": code}}}
        ],
        "subjectiveQuestionSectionId": [{str(e["written"].id): {str(e["capital"].id): capital}}],
        "metadata": {"transcript": {"logs": [], "metadata": {}, "total_duration_seconds": 12.5}},
    }


def test_start_gives_the_flat_attempt_beside_the_contracts(client_a, as_user, exam):
    # given
    api, _ = as_user(client_a)
    # when
    response = api.get(f"{base(client_a)}/start-assessment/math/")
    # then
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["id"] == exam["exam"].id and body["slug"] == "math" and body["title"] == "Math"
    assert body["status"] == "in_progress" and body["duration_minutes"] == 30
    assert isinstance(body["remaining_time"], float) and 29.9 <= body["remaining_time"] <= 30
    assert body["instructions"] == "Pick one."
    assert body["responseSheet"] == {
        "quizSectionId": [],
        "codingProblemSectionId": [],
        "subjectiveQuestionSectionId": [],
    }
    [quiz] = body["quizSection"]
    assert {k: quiz[k] for k in ("id", "title", "description", "order")} == {
        "id": exam["quiz"].id,
        "title": exam["quiz"].title,
        "description": "Pick one.",
        "order": 0,
    }
    first = quiz["mcqs"][0]
    assert first["id"] == exam["mcqs"][0].id and first["question_text"] == "2+2 (0)?"
    assert [first[f"option_{x}"] for x in "abcd"] == OPTIONS
    assert [quiz["mcqs"][-1][f"option_{x}"] for x in "abcd"] == ["Yes", "No", "Maybe", ""]
    [coding] = body["codingProblemSection"]
    problem = coding["coding_problems"][0]
    assert problem["id"] == exam["code"].id and problem["problem_statement"] == "Print 42"
    assert problem["template_code"] == {"python": "# go"} and problem["test_cases"] == []
    [written] = body["subjectiveQuestionSection"]
    assert written["subjective_questions"] == [
        {
            "id": exam["capital"].id,
            "question_text": "Capital of France?",
            "max_marks": 1.0,
            "question_type": "text",
            "answer_mode": "text",
        }
    ]
    assert body["proctoring_enabled"] is False and body["allow_movement"] is True
    # the contract's shape is still all there
    assert [len(s["questions"]) for s in body["assessment"]["sections"]] == [4, 1, 1]
    assert body["submission"]["status"] == "in_progress" and body["submission"]["response_sheet"] == {}
    # no answer key leaks
    assert "Paris" not in response.raw.decode() and "print(42)" not in response.raw.decode()


def test_an_attempt_in_the_clients_shape_is_graded(client_a, as_user, exam):
    # given: a started attempt
    api, _ = as_user(client_a)
    api.get(f"{base(client_a)}/start-assessment/math/")
    url = f"{base(client_a)}/assessment-submission/math/"

    # when: H autosaves (PUT) two right, one wrong (lower case), the written and code answers
    saved = api.put(url, {"response_sheet": client_sheet(exam, ["C", "c", "B"])})

    # then: stored as the contract's answers (option texts)
    assert saved.status_code == 200, saved.json()
    stored = saved.json()["response_sheet"]
    assert stored[str(exam["quiz"].id)] == {
        str(exam["mcqs"][0].id): "Four",
        str(exam["mcqs"][1].id): "Four",
        str(exam["mcqs"][2].id): "Three",
        str(exam["short"].id): "Yes",
    }
    assert stored[str(exam["coding"].id)][str(exam["code"].id)]["code"] == "print(42)"
    assert stored["metadata"]["transcript"]["total_duration_seconds"] == 12.5

    # and resuming gives the answers back as letters
    resumed = api.get(f"{base(client_a)}/start-assessment/math/").json()
    assert resumed["responseSheet"]["quizSectionId"] == [
        {
            str(exam["quiz"].id): {
                str(exam["mcqs"][0].id): "C",
                str(exam["mcqs"][1].id): "C",
                str(exam["mcqs"][2].id): "B",
                str(exam["short"].id): "A",
            }
        }
    ]
    assert (
        resumed["responseSheet"]["codingProblemSectionId"][0][str(exam["coding"].id)][str(exam["code"].id)]["best_code"]
        == "print(42)"
    )
    assert resumed["responseSheet"]["subjectiveQuestionSectionId"] == [
        {str(exam["written"].id): {str(exam["capital"].id): "Paris"}}
    ]

    # when: V autosaves (POST) a correction of the third, then H final-submits with PUT, clearing the second
    assert (
        api.post(
            url, {"response_sheet": {"quizSectionId": [{str(exam["quiz"].id): {str(exam["mcqs"][2].id): "C"}}]}}
        ).status_code
        == 200
    )
    final_sheet = client_sheet(exam, ["C", None, "C"])
    final = api.put(f"{url}final/", {"response_sheet": final_sheet, "auto_submitted_reason": None})

    # then: 3 of 4 MCQs (3), Paris (1), code (2): 6 of 7 marks
    assert final.status_code == 200, final.json()
    body = final.json()
    assert body["status"] == "submitted"
    assert body["marks_obtained"] == 6.0 and body["max_marks"] == 7.0 and body["score"] == 85.71
    assert body["offered_scholarship_percentage"] == 20.0
    # the results read the same answers
    report = api.get(f"{base(client_a)}/redeem-scholarship/math/").json()
    assert report["stats"]["score"] == 6.0 and report["stats"]["attempted_questions"] == 5
    # the count of right answers waits for the key (marks differ: tests/test_security_result_stats.py)
    assert report["stats"]["correct_answers"] is None
    status = api.get(f"{base(client_a)}/scholarship-assessment-status/math/").json()
    assert status["has_submitted"] is True and status["score"] == 85.71
    # H's take page sends a learner away on "submitted"; remaining_time is 0 then
    again = api.get(f"{base(client_a)}/start-assessment/math/").json()
    assert again["status"] == "submitted" and again["remaining_time"] == 0.0


def test_a_multi_select_answer_is_a_list_of_options(client_a, as_user, exam):
    api, _ = as_user(client_a)
    api.get(f"{base(client_a)}/start-assessment/math/")
    quiz = str(exam["quiz"].id)
    one, two = (str(q.id) for q in exam["mcqs"][:2])
    sheet = {"quizSectionId": [{quiz: {one: ["C"], two: ["D", "a"]}}]}
    stored = api.put(f"{base(client_a)}/assessment-submission/math/", {"response_sheet": sheet}).json()
    assert stored["response_sheet"][quiz] == {one: ["Four"], two: ["Two", "Five"]}
    resumed = api.get(f"{base(client_a)}/start-assessment/math/").json()["responseSheet"]["quizSectionId"]
    assert resumed == [{quiz: {one: ["C"], two: ["A", "D"]}}]
    body = api.put(f"{base(client_a)}/assessment-submission/math/final/", {}).json()
    assert body["marks_obtained"] == 1.0  # one right option alone is right; two options are not


def test_the_contracts_sheet_still_works(client_a, as_user, exam):
    api, _ = as_user(client_a)
    body = api.get(f"{base(client_a)}/start-assessment/math/").json()
    quiz = str(exam["quiz"].id)
    sheet = {quiz: {str(q.id): "Four" for q in exam["mcqs"]}, "metadata": {"client": "contract"}}
    saved = api.post(f"{base(client_a)}/assessment-submission/math/", {"response_sheet": sheet})
    assert saved.status_code == 200 and saved.json()["response_sheet"][quiz][str(exam["mcqs"][0].id)] == "Four"
    final = api.post(f"{base(client_a)}/assessment-submission/math/final/")
    assert final.status_code == 200 and final.json()["marks_obtained"] == 3.0
    assert body["submission"]["id"] == final.json()["id"]


def bad_sheets(e: dict) -> list[tuple[dict, str]]:
    quiz, written, coding = (str(e[k].id) for k in ("quiz", "written", "coding"))
    mcq, short, capital = str(e["mcqs"][0].id), str(e["short"].id), str(e["capital"].id)
    return [
        ({"quizSectionId": [{"999999": {mcq: "A"}}]}, "response_sheet.quizSectionId[0].999999"),
        ({"quizSectionId": [{written: {capital: "A"}}]}, f"response_sheet.quizSectionId[0].{written}"),
        ({"quizSectionId": [{quiz: {capital: "A"}}]}, f"response_sheet.quizSectionId[0].{quiz}.{capital}"),
        ({"quizSectionId": [{quiz: {mcq: "E"}}]}, f"response_sheet.quizSectionId[0].{quiz}.{mcq}"),
        ({"quizSectionId": [{quiz: {short: "D"}}]}, f"response_sheet.quizSectionId[0].{quiz}.{short}"),
        ({"quizSectionId": [{quiz: {mcq: 1}}]}, f"response_sheet.quizSectionId[0].{quiz}.{mcq}"),
        ({"quizSectionId": [{quiz: {mcq: ["A", {"x": 1}]}}]}, f"response_sheet.quizSectionId[0].{quiz}.{mcq}"),
        ({"quizSectionId": [{quiz: ["A"]}]}, f"response_sheet.quizSectionId[0].{quiz}"),
        ({"quizSectionId": {quiz: {}}}, "response_sheet.quizSectionId"),
        ({"quizSectionId": ["A"]}, "response_sheet.quizSectionId[0]"),
        (
            {"codingProblemSectionId": [{coding: {str(e["code"].id): {"best_code": 5}}}]},
            f"response_sheet.codingProblemSectionId[0].{coding}.{e['code'].id}.best_code",
        ),
        (
            {"subjectiveQuestionSectionId": [{written: {capital: ["Paris"]}}]},
            f"response_sheet.subjectiveQuestionSectionId[0].{written}.{capital}",
        ),
        ({"quizSectionId": [], "metadata": "x"}, "response_sheet.metadata"),
        ({"subjectiveQuestionSectionId": [{written: {capital: "x" * 600_000}}]}, "response_sheet"),
    ]


@pytest.mark.parametrize("case", range(14))
@pytest.mark.parametrize("final", [False, True])
def test_bad_sheets_are_400_with_the_place(client_a, as_user, exam, case, final):
    # given
    api, _ = as_user(client_a)
    api.get(f"{base(client_a)}/start-assessment/math/")
    sheet, field = bad_sheets(exam)[case]
    url = f"{base(client_a)}/assessment-submission/math/{'final/' if final else ''}"
    # when
    response = api.put(url, {"response_sheet": sheet})
    # then: refused, and nothing was saved or submitted
    assert response.status_code == 400, response.json()
    assert field in response.json(), response.json()
    with schema_context(client_a.schema_name):
        submission = Submission.objects.get()
        assert submission.status == "in_progress" and submission.response_sheet == {}


def test_nul_bytes_and_deep_json_are_400(client_a, as_user, exam):
    api, _ = as_user(client_a)
    api.get(f"{base(client_a)}/start-assessment/math/")
    quiz, mcq = str(exam["quiz"].id), str(exam["mcqs"][0].id)
    url = f"{base(client_a)}/assessment-submission/math/"
    nul = api.put(url, {"response_sheet": {"quizSectionId": [{quiz: {mcq: "A\x00"}}]}})
    assert nul.status_code == 400
    deep: dict = {}
    node = deep
    for _ in range(200):
        node["x"] = {}
        node = node["x"]
    for final in ("", "final/"):
        response = api.put(f"{url}{final}", {"response_sheet": {"quizSectionId": [], "metadata": deep}})
        assert response.status_code == 400


def test_a_second_final_submit_has_no_effect(client_a, as_user, exam):
    api, _ = as_user(client_a)
    api.get(f"{base(client_a)}/start-assessment/math/")
    url = f"{base(client_a)}/assessment-submission/math/final/"
    first = api.put(url, {"response_sheet": client_sheet(exam, ["C", "C", "C"])})
    second = api.put(url, {"response_sheet": client_sheet(exam, ["A", "A", "A"])})
    assert first.status_code == 200 and first.json()["marks_obtained"] == 7.0
    assert second.status_code == 400 and second.json()["code"] == "already_submitted"
    with schema_context(client_a.schema_name):
        assert Submission.objects.get().marks_obtained == Decimal("7.00")


def test_another_clients_token_and_assessment(client_a, client_b, as_user, exam):
    api, _ = as_user(client_a)
    stranger, _ = as_user(client_b)
    api.get(f"{base(client_a)}/start-assessment/math/")
    sheet = {"response_sheet": client_sheet(exam, ["C", "C", "C"])}
    assert stranger.get(f"{base(client_a)}/start-assessment/math/").status_code == 401
    assert stranger.put(f"{base(client_a)}/assessment-submission/math/", sheet).status_code == 401
    assert stranger.put(f"{base(client_a)}/assessment-submission/math/final/", sheet).status_code == 401
    assert stranger.get(f"{base(client_b)}/start-assessment/math/").status_code == 404
    assert stranger.put(f"{base(client_b)}/assessment-submission/math/", sheet).status_code == 404
    with schema_context(client_a.schema_name):
        assert Submission.objects.get().response_sheet == {}


def test_remaining_time_counts_from_the_start(client_a, as_user, exam):
    api, user = as_user(client_a)
    api.get(f"{base(client_a)}/start-assessment/math/")
    with schema_context(client_a.schema_name):
        started = timezone.now() - timedelta(minutes=12)
        Submission.objects.update(started_at=started, deadline_at=started + timedelta(minutes=30))
    remaining = api.get(f"{base(client_a)}/start-assessment/math/").json()["remaining_time"]
    assert 17.9 <= remaining <= 18.0


@pytest.mark.parametrize("shape", ["start", "autosave"])
def test_statements_do_not_grow_with_the_questions(client_a, client_b, as_user, shape):
    counts = []
    for client, size in ((client_a, 2), (client_b, 12)):
        with schema_context(client.schema_name):
            e = make_exam(size)
        api, _ = as_user(client)
        api.get(f"{base(client)}/start-assessment/math/")
        if shape == "autosave":
            api.put(f"{base(client)}/assessment-submission/math/", {"response_sheet": client_sheet(e, ["C"] * size)})
        with StatementCount() as counted:
            if shape == "start":
                response = api.get(f"{base(client)}/start-assessment/math/")
            else:
                response = api.put(
                    f"{base(client)}/assessment-submission/math/", {"response_sheet": client_sheet(e, ["B"] * size)}
                )
        assert response.status_code == 200, response.json()
        counts.append(counted.count)
    assert counts[0] == counts[1], counts


def test_the_detail_page_counts_the_questions(client_a, as_user, exam):
    # H's detail page shows "Questions: number_of_questions ?? 0" before the take page
    api, _ = as_user(client_a)
    body = api.get(f"{base(client_a)}/assessment-details/math/").json()
    assert body["number_of_questions"] == 6 and body["number_of_sections"] == 3
