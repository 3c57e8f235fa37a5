"""Contract test: H's result page and the tab-switch message of its submission page
(docs/real-client.md, "Assessment result page").

H's ``/assessments/result/{slug}`` (behind "View Assessment Result") calls
``GET assessment-result/{slug}/[?attempt=]`` (retrying a 404 three times) and reads
``assessment_name``, ``status``, ``stats{score, maximum_marks, accuracy_percent, percentile,
attempted_questions, total_questions, correct_answers, incorrect_answers, time_taken_minutes,
total_time_minutes, percentage_time_taken, topic_wise_stats, top_skills, low_skills}``,
``user_responses{quiz_responses[{question_text, options{A..}, correct_option,
selected_answer, is_correct, awarded_marks, topic}], coding_problem_responses[{title,
problem_statement, submitted_code, passed_test_cases, total_test_cases,
all_test_cases_passed, awarded_marks}], subjective_responses[…]}``, ``proctoring{…_count}``,
``show_result``, ``attempts[]``, ``current_attempt_id``, ``auto_submitted_reason`` and
``auto_submit_message``, the learner's name, and ``assessment_details{certificate_available,
pass_band_*_min_percent, slug, …}``. ``/submission-success`` reads only
``auto_submitted_reason``/``auto_submit_message`` from it.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from tests.queries import StatementCount
from tests.test_real_client_assessment_take import base, client_sheet, make_exam

pytestmark = pytest.mark.django_db


@pytest.fixture
def exam(client_a):
    with schema_context(client_a.schema_name):
        return make_exam()


def proctored_sheet(exam: dict, letters: list, **kwargs) -> dict:
    """H's final sheet with its proctoring report and an automatic submit."""
    sent = client_sheet(exam, letters, **kwargs)
    sent["metadata"]["transcript"]["metadata"] = {
        "timing": {"started_at": "2026-11-30T10:00:00Z"},
        "proctoring": {
            "tab_switches": [{"timestamp": "t1", "duration_seconds": 3}, {"timestamp": "t2", "duration_seconds": 9}],
            "face_violations": [{"type": "NO_FACE", "timestamp": "t3"}],
            "eye_movement_violations": [{"timestamp": "t4", "duration_seconds": 1.5}, "junk"],
            "eye_movement_count": 1,
            "fullscreen_exits": [{"timestamp": "t5"}],
            "total_violation_count": 4,
            "violation_threshold_reached": True,
        },
        "face_validation_failures": 1,
        "multiple_face_detections": 0,
    }
    sent["auto_submitted_reason"] = "tab_switch_limit"
    sent["auto_submitted_meta"] = {"tab_switch_count": 2}
    return sent


def take(api, client, sheet: dict) -> None:
    api.get(f"{base(client)}/start-assessment/math/")
    final = api.put(f"{base(client)}/assessment-submission/math/final/", {"response_sheet": sheet})
    assert final.status_code == 200, final.json()


def test_the_result_page_reads_the_learners_attempt(client_a, as_user, exam):
    # given: Q1 wrong (B), Q2 right (C), Q3 unanswered, the short one right, Paris, code right
    api, user = as_user(client_a)
    take(api, client_a, proctored_sheet(exam, ["B", "C", None]))
    with schema_context(client_a.schema_name):  # the window has ended: the key is shown
        exam["exam"].end_time = timezone.now() - timedelta(seconds=1)
        exam["exam"].save(update_fields=["end_time"])

    # when
    response = api.get(f"{base(client_a)}/assessment-result/math/")

    # then: 2 + 1 + 2 = 5 of 7 marks
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["assessment_name"] == "Math" and body["assessment_id"] == str(exam["exam"].id)
    assert body["status"] == "submitted" and body["show_result"] is True
    assert body["score"] == 5.0 and body["maximum_marks"] == 7.0 and body["percentage"] == 71.43
    stats = body["stats"]
    assert (stats["score"], stats["maximum_marks"]) == (5.0, 7.0)
    assert (stats["total_questions"], stats["attempted_questions"]) == (6, 5)
    assert (stats["correct_answers"], stats["incorrect_answers"]) == (4, 1)
    assert stats["accuracy_percent"] == 66.67 and stats["percentile"] == 100.0
    assert isinstance(stats["time_taken_minutes"], float) and stats["total_time_minutes"] == 30
    assert stats["has_time_limit"] is True
    assert isinstance(stats["percentage_time_taken"], float)
    quiz_topic = exam["quiz"].title
    assert stats["topic_wise_stats"][quiz_topic] == {
        "total": 4,
        "correct": 2,
        "incorrect": 1,
        "accuracy_percent": 50.0,
        "rating_out_of_5": 2.5,
    }
    assert [s["skill"] for s in stats["low_skills"]] == [quiz_topic]

    quiz = body["user_responses"]["quiz_responses"]
    assert [q["question_id"] for q in quiz] == [q.id for q in exam["mcqs"]] + [exam["short"].id]
    first = quiz[0]
    assert first["options"] == {"A": "Two", "B": "Three", "C": "Four", "D": "Five"}
    assert (first["correct_option"], first["selected_answer"], first["is_correct"]) == ("C", "B", False)
    assert first["awarded_marks"] == 0.0 and first["max_marks"] == 1.0 and first["topic"] == quiz_topic
    assert (quiz[1]["selected_answer"], quiz[1]["is_correct"], quiz[1]["awarded_marks"]) == ("C", True, 1.0)
    assert (quiz[2]["selected_answer"], quiz[2]["is_correct"]) == (None, False)
    assert quiz[3]["options"] == {"A": "Yes", "B": "No", "C": "Maybe"} and quiz[3]["is_correct"] is True
    coding = body["user_responses"]["coding_problem_responses"]
    assert len(coding) == 1 and coding[0]["problem_id"] == exam["code"].id
    assert coding[0]["submitted_code"] == "print(42)" and coding[0]["all_test_cases_passed"] is True
    assert (coding[0]["passed_test_cases"], coding[0]["total_test_cases"], coding[0]["awarded_marks"]) == (1, 1, 2.0)
    written = body["user_responses"]["subjective_responses"]
    assert [(w["answer"], w["your_answer"], w["awarded_marks"], w["full_marks"]) for w in written] == [
        ("Paris", "Paris", 1.0, True)
    ]

    proctoring = body["proctoring"]
    assert proctoring["tab_switches_count"] == 2 and proctoring["fullscreen_exits_count"] == 1
    assert proctoring["face_violations_count"] == 1 and proctoring["face_validation_failures_count"] == 1
    assert proctoring["eye_movement_count"] == 1 and proctoring["total_violation_count"] == 4
    assert proctoring["eye_movement_violations"] == [{"timestamp": "t4", "duration_seconds": 1.5}]
    assert body["auto_submitted_reason"] == "tab_switch_limit"
    assert "tab-switch limit" in body["auto_submit_message"]
    assert body["auto_submitted_meta"] == {"tab_switch_count": 2}

    assert [a["id"] for a in body["attempts"]] == [body["current_attempt_id"]]
    assert body["attempts"][0]["score"] == 5.0 and body["attempts"][0]["attempt_number"] == 1
    assert body["student_email"] == user.email == body["user"]["email"]
    assert body["student_name"] == body["user"]["name"] == user.user_name
    details = body["assessment_details"]
    assert details["slug"] == "math" and details["duration_minutes"] == 30
    assert details["number_of_questions"] == 6 and details["number_of_sections"] == 3
    assert details["show_result"] is True and details["certificate_available"] is False
    assert details["pass_band_lower_min_percent"] is None
    assert [s["question_count"] for s in details["sections"]] == [4, 1, 1]
    # the same attempt by its id
    again = api.get(f"{base(client_a)}/assessment-result/math/?attempt={body['current_attempt_id']}")
    assert again.status_code == 200 and again.json()["current_attempt_id"] == body["current_attempt_id"]


def test_an_attempt_without_a_proctoring_report(client_a, as_user, exam):
    # the contract's sheet (or V's) holds no report: proctoring is null, no automatic submit
    api, _ = as_user(client_a)
    take(api, client_a, client_sheet(exam, ["C", "C", "C"]))
    body = api.get(f"{base(client_a)}/assessment-result/math/").json()
    assert body["proctoring"] is None
    assert body["auto_submitted_reason"] is None and body["auto_submit_message"] is None
    assert body["score"] == 7.0 and body["stats"]["accuracy_percent"] == 100.0


def test_junk_in_the_browsers_report_is_not_echoed(client_a, as_user, exam):
    api, _ = as_user(client_a)
    sent = client_sheet(exam, ["C", "C", "C"])
    sent["metadata"]["transcript"]["metadata"] = {
        "proctoring": {"tab_switches": "many", "total_violation_count": -3, "eye_movement_count": True}
    }
    sent["auto_submitted_reason"] = 42
    take(api, client_a, sent)
    body = api.get(f"{base(client_a)}/assessment-result/math/").json()
    assert body["proctoring"]["tab_switches_count"] == 0 and body["proctoring"]["total_violation_count"] == 0
    assert body["proctoring"]["eye_movement_count"] == 0
    assert body["auto_submitted_reason"] is None


def test_no_result_before_the_final_submit(client_a, as_user, exam):
    api, _ = as_user(client_a)
    url = f"{base(client_a)}/assessment-result/math/"
    assert api.get(url).status_code == 404
    api.get(f"{base(client_a)}/start-assessment/math/")
    response = api.get(url)
    assert response.status_code == 404 and response.json()["code"] == "result_not_found"
    assert api.get(f"{base(client_a)}/assessment-result/nosuch/").status_code == 404


def test_the_result_is_the_learners_own_and_the_clients_own(client_a, client_b, as_user, exam):
    learner, _ = as_user(client_a)
    take(learner, client_a, client_sheet(exam, ["C", "C", "C"]))
    attempt = learner.get(f"{base(client_a)}/assessment-result/math/").json()["current_attempt_id"]
    other, _ = as_user(client_a)
    take(other, client_a, client_sheet(exam, ["A", "A", "A"]))
    stranger, _ = as_user(client_b)
    with schema_context(client_b.schema_name):
        make_exam()
    # another learner of the same client gets their own attempt, never this one
    assert other.get(f"{base(client_a)}/assessment-result/math/").json()["score"] == 4.0
    assert other.get(f"{base(client_a)}/assessment-result/math/?attempt={attempt}").status_code == 404
    # another client's token on this client's path; this client's slug on the other client
    assert stranger.get(f"{base(client_a)}/assessment-result/math/").status_code == 401
    assert stranger.get(f"{base(client_b)}/assessment-result/math/").status_code == 404
    assert learner.get(f"{base(client_a)}/assessment-result/math/").status_code == 200


@pytest.mark.parametrize("attempt", ["x", "0", "-1", "1.5"])
def test_a_bad_attempt_is_400(client_a, as_user, exam, attempt):
    api, _ = as_user(client_a)
    take(api, client_a, client_sheet(exam, ["C", "C", "C"]))
    response = api.get(f"{base(client_a)}/assessment-result/math/?attempt={attempt}")
    assert response.status_code in (400, 422) and response.status_code != 500
    assert response.status_code == 400, response.json()


def test_an_untimed_result_has_no_limit_to_exceed(client_a, as_user, exam):
    """The result page's time card marks the time "Exceeded" whenever the time taken is
    greater than ``stats.total_time_minutes``; a 0 or a null limit (a browser compares null
    as 0) makes every untimed attempt "exceeded". Untimed, the limit is therefore absent
    and ``has_time_limit`` false; the time taken is still reported."""
    with schema_context(client_a.schema_name):
        exam["exam"].duration_minutes = None
        exam["exam"].save()
    api, _ = as_user(client_a)
    take(api, client_a, client_sheet(exam, ["C", "C", "C"]))
    body = api.get(f"{base(client_a)}/assessment-result/math/").json()
    assert body["assessment_details"]["duration_minutes"] == 0
    stats = body["stats"]
    assert "total_time_minutes" not in stats and stats["has_time_limit"] is False
    assert stats["percentage_time_taken"] is None and isinstance(stats["time_taken_minutes"], float)


def test_statements_do_not_grow_with_questions_or_attempts(client_a, client_b, as_user):
    counts = []
    for client, size in ((client_a, 2), (client_b, 12)):
        with schema_context(client.schema_name):
            e = make_exam(size)
        api, _ = as_user(client)
        take(api, client, proctored_sheet(e, ["C"] * size))
        for _ in range(size // 4):
            someone, _ = as_user(client)
            take(someone, client, client_sheet(e, ["A"] * size))
        with StatementCount() as counted:
            response = api.get(f"{base(client)}/assessment-result/math/")
        assert response.status_code == 200, response.json()
        assert len(response.json()["user_responses"]["quiz_responses"]) == size + 1
        counts.append(counted.count)
    assert counts[0] == counts[1], counts


def test_untimed_is_0_minutes_on_every_learner_page(client_a, as_user, exam):
    # H prints `${duration_minutes}m` on its detail page and cards ("nullm" for null) and its
    # timers treat 0 like absent; the contract types the field as an integer
    with schema_context(client_a.schema_name):
        exam["exam"].duration_minutes = None
        exam["exam"].save()
    api, _ = as_user(client_a)
    detail = api.get(f"{base(client_a)}/assessment-details/math/").json()
    assert (detail["duration_minutes"], detail["has_time_limit"]) == (0, False)
    [row] = [r for r in api.get(f"{base(client_a)}/active-assessments/").json() if r["slug"] == "math"]
    assert (row["duration_minutes"], row["has_time_limit"]) == (0, False)
    start = api.get(f"{base(client_a)}/start-assessment/math/").json()
    assert (start["duration_minutes"], start["has_time_limit"], start["remaining_time"]) == (0, False, None)
    assert start["assessment"]["duration_minutes"] == 0 and start["assessment"]["has_time_limit"] is False
    # a timed one keeps its limit
    with schema_context(client_a.schema_name):
        exam["exam"].duration_minutes = 45
        exam["exam"].save()
    detail = api.get(f"{base(client_a)}/assessment-details/math/").json()
    assert (detail["duration_minutes"], detail["has_time_limit"]) == (45, True)
