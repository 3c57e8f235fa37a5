"""The older build's assessment composer (docs/real-client.md, "V's admin area").

Creating (POST) and editing (PATCH) an assessment, it sends the contract-like fields plus one
``quiz_section {title, description, order}`` and its questions: written in the form
(``mcqs``, in the question bank's names: ``question_text``, ``option_a``…, ``correct_option``
"A".."D", ``difficulty_level``, ``topic``, ``skills``) or picked from the bank by id
(``mcq_ids``). The questions land in the assessment's multiple-choice section (made on first
use), in the same transaction; the edit page sends ``mcqs: []`` when nothing new was
written, which leaves the section's questions alone. The contract's body is unchanged.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django_tenants.utils import schema_context

from tenant_apps.assessment.models import Assessment, Question, Section, SectionType
from tenant_apps.lms.tests.factories import MCQFactory

pytestmark = pytest.mark.django_db


def question(text: str, letter: str = "A") -> dict:
    """One question as the composer's form sends it."""
    return {
        "question_text": text,
        "option_a": f"{text} one",
        "option_b": f"{text} two",
        "option_c": f"{text} three",
        "option_d": f"{text} four",
        "correct_option": letter,
        "explanation": "Because.",
        "difficulty_level": "Medium",
        "topic": "Aptitude",
        "skills": "reasoning",
    }


def v_body(**extra) -> dict:
    return {
        "title": "Aptitude Check",
        "instructions": "Answer every question.",
        "description": "A short check.",
        "duration_minutes": 45,
        "is_paid": False,
        "price": None,
        "is_active": True,
        "quiz_section": {"title": "Aptitude", "description": "Pick one option.", "order": 1},
        **extra,
    }


def assessments(client_id: int) -> str:
    return f"/admin-dashboard/api/clients/{client_id}/assessments/"


def questions_of(client, assessment_id: int) -> list[tuple[str, list[str], str, Decimal]]:
    with schema_context(client.schema_name):
        rows = Question.objects.filter(section__assessment_id=assessment_id).order_by("order", "id")
        return [(row.text, row.options, row.correct_answer, row.marks) for row in rows]


def test_written_questions_make_the_quiz_section_on_create(client_a, as_user):
    admin, _ = as_user(client_a, role="admin")

    response = admin.post(assessments(client_a.id), v_body(mcqs=[question("Q1", "B"), question("Q2", "D")]))

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["title"], body["duration_minutes"], body["is_active"]) == ("Aptitude Check", 45, True)
    with schema_context(client_a.schema_name):
        section = Section.objects.get(assessment_id=body["id"])
        assert (section.title, section.section_type, section.instructions, section.order) == (
            "Aptitude",
            SectionType.MCQ,
            "Pick one option.",
            1,
        )
    assert questions_of(client_a, body["id"]) == [
        ("Q1", ["Q1 one", "Q1 two", "Q1 three", "Q1 four"], "Q1 two", Decimal("1.00")),
        ("Q2", ["Q2 one", "Q2 two", "Q2 three", "Q2 four"], "Q2 four", Decimal("1.00")),
    ]
    # the admin's section list counts them
    sections = admin.get(f"{assessments(client_a.id)}{body['id']}/sections/").json()
    assert [(row["title"], row["question_count"]) for row in sections] == [("Aptitude", 2)]


def test_bank_questions_are_copied_in_by_id(client_a, as_user):
    admin, _ = as_user(client_a, role="admin")
    with schema_context(client_a.schema_name):
        first = MCQFactory(question="Bank one?", options=["x", "y", "z"], correct_answer=2)
        second = MCQFactory(question="Bank two?", options=["p", "q"], correct_answer=0)

    response = admin.post(assessments(client_a.id), v_body(mcq_ids=[second.id, first.id]))

    assert response.status_code == 201, response.json()
    assert questions_of(client_a, response.json()["id"]) == [
        ("Bank two?", ["p", "q"], "p", Decimal("1.00")),
        ("Bank one?", ["x", "y", "z"], "z", Decimal("1.00")),
    ]


def test_the_edit_page_renames_the_section_and_adds_new_questions(client_a, as_user):
    admin, _ = as_user(client_a, role="admin")
    created = admin.post(assessments(client_a.id), v_body(mcqs=[question("Q1")])).json()
    path = f"{assessments(client_a.id)}{created['id']}/"

    # the edit page sends the section and an empty mcqs when nothing new was written
    kept = admin.patch(path, v_body(title="Renamed", quiz_section={"title": "Logic", "order": 1}, mcqs=[]))
    added = admin.patch(path, {"mcqs": [question("Q2", "C")]})

    assert kept.status_code == 200 and added.status_code == 200, (kept.json(), added.json())
    assert kept.json()["title"] == "Renamed"
    with schema_context(client_a.schema_name):
        section = Section.objects.get(assessment_id=created["id"])
        assert (section.title, section.instructions) == ("Logic", "Pick one option.")  # no description sent: kept
    assert [(text, answer) for text, _, answer, _ in questions_of(client_a, created["id"])] == [
        ("Q1", "Q1 one"),
        ("Q2", "Q2 three"),
    ]


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"mcqs": [question("Q1"), question("Q2"), {**question("Q3"), "option_b": ""}]}, "mcqs.2.option_b"),
        ({"mcqs": [question("Q1"), {**question("Q2"), "correct_option": "E"}]}, "mcqs.1.correct_option"),
        ({"mcqs": [question("Q1"), {**question("Q2"), "option_b": "Q2 one"}]}, "mcqs.1.options"),
        ({"mcqs": [question("Q1")], "mcq_ids": [999999]}, "mcq_ids"),
        ({"quiz_section": {"title": ""}}, "quiz_section.title"),
    ],
)
def test_a_bad_question_creates_nothing(client_a, as_user, extra, field):
    admin, _ = as_user(client_a, role="admin")

    response = admin.post(assessments(client_a.id), v_body(**extra))

    assert response.status_code == 400, response.json()
    assert field in response.json(), response.json()
    with schema_context(client_a.schema_name):
        assert (Assessment.objects.count(), Section.objects.count(), Question.objects.count()) == (0, 0, 0)


def test_a_bad_question_on_edit_changes_nothing(client_a, as_user):
    admin, _ = as_user(client_a, role="admin")
    created = admin.post(assessments(client_a.id), v_body(mcqs=[question("Q1")])).json()

    response = admin.patch(
        f"{assessments(client_a.id)}{created['id']}/",
        {"title": "Changed", "mcqs": [question("Q2"), {**question("Q3"), "option_a": ""}]},
    )

    assert response.status_code == 400 and "mcqs.1.option_a" in response.json()
    with schema_context(client_a.schema_name):
        assert Assessment.objects.get(pk=created["id"]).title == "Aptitude Check"
    assert [text for text, *_ in questions_of(client_a, created["id"])] == ["Q1"]


def test_the_contracts_body_makes_no_section(client_a, as_user):
    admin, _ = as_user(client_a, role="admin")
    response = admin.post(assessments(client_a.id), {"title": "Contract only", "duration_minutes": 30})
    assert response.status_code == 201, response.json()
    with schema_context(client_a.schema_name):
        assert not Section.objects.filter(assessment_id=response.json()["id"]).exists()
    # and the contract's section/question routes still fill it
    base = f"{assessments(client_a.id)}{response.json()['id']}"
    section = admin.post(f"{base}/sections/", {"title": "MCQ", "section_type": "mcq"}).json()
    made = admin.post(
        f"{base}/sections/{section['id']}/questions/", {"text": "1+1?", "options": ["1", "2"], "correct_answer": "2"}
    )
    assert made.status_code == 201, made.json()
    # a later composer edit adds to that multiple-choice section
    admin.patch(f"{base}/", {"mcqs": [question("Q9")]})
    with schema_context(client_a.schema_name):
        assert Section.objects.filter(assessment_id=response.json()["id"]).count() == 1
    assert [text for text, *_ in questions_of(client_a, response.json()["id"])] == ["1+1?", "Q9"]


def test_composing_is_admin_only_and_per_client(client_a, client_b, as_user):
    body = v_body(mcqs=[question("Q1")])
    student, _ = as_user(client_a, role="student")
    assert student.post(assessments(client_a.id), body).status_code == 403
    outsider, _ = as_user(client_b, role="admin")
    assert outsider.post(assessments(client_a.id), body).status_code in (401, 403)
    with schema_context(client_a.schema_name):
        banked = MCQFactory()
    # client A's bank ids mean nothing in client B
    refused = outsider.post(assessments(client_b.id), v_body(mcq_ids=[banked.id]))
    assert refused.status_code == 400 and "mcq_ids" in refused.json()
    with schema_context(client_a.schema_name):
        assert Question.objects.count() == 0


# --- what the list and the edit page read back (V's AssessmentListPage, CreateEditAssessmentPage) ---


def paid_body(**extra) -> dict:
    """The composer's body for a paid assessment: ``price`` as the form's text, a currency code."""
    return v_body(**{"is_paid": True, "price": "499.50", "currency": "INR", **extra})


def number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def test_the_edit_page_reads_back_what_the_composer_saved(client_a, as_user):
    admin, _ = as_user(client_a, role="admin")
    with schema_context(client_a.schema_name):
        banked = MCQFactory(question="Bank?", options=["p", "q", "r"], correct_answer=1)

    created = admin.post(
        assessments(client_a.id), paid_body(mcqs=[question("Q1", "B"), question("Q2", "D")], mcq_ids=[banked.id])
    )

    assert created.status_code == 201, created.json()
    detail = admin.get(f"{assessments(client_a.id)}{created.json()['id']}/").json()
    assert detail["instructions"] == "Answer every question."
    assert detail["price"] == 499.5 and number(detail["price"]) and detail["amount"] == 499.5
    assert (detail["currency"], detail["is_paid"], detail["duration_minutes"]) == ("INR", True, 45)
    assert (detail["total_questions"], detail["quiz_sections_count"]) == (3, 1)
    [section] = detail["quiz_sections"]
    assert (section["title"], section["description"], section["order"], section["number_of_questions"]) == (
        "Aptitude",
        "Pick one option.",
        1,
        3,
    )
    assert isinstance(section["id"], int)
    # bank questions first, then the written ones, each in the form's names
    assert [
        (q["question_text"], q["option_a"], q["option_b"], q["option_c"], q["option_d"], q["correct_option"])
        for q in section["mcqs"]
    ] == [
        ("Bank?", "p", "q", "r", "", "B"),
        ("Q1", "Q1 one", "Q1 two", "Q1 three", "Q1 four", "B"),
        ("Q2", "Q2 one", "Q2 two", "Q2 three", "Q2 four", "D"),
    ]
    assert all(isinstance(q["id"], int) and number(q["marks"]) for q in section["mcqs"])
    # the create answer is the same assessment
    assert {key: created.json()[key] for key in ("price", "currency", "instructions", "total_questions")} == {
        key: detail[key] for key in ("price", "currency", "instructions", "total_questions")
    }


def edit_body(detail: dict, **changes) -> dict:
    """What the edit page sends back: the loaded fields (``price || ""``, ``currency || "INR"``,
    the first quiz section) with the admin's changes, and the questions written on the page;
    unpaid, ``price`` is null and ``currency`` left out."""
    section = detail["quiz_sections"][0]
    form = {
        "title": detail["title"],
        "instructions": detail["instructions"],
        "description": detail["description"] or None,
        "duration_minutes": detail["duration_minutes"],
        "is_paid": detail["is_paid"],
        "price": detail["price"] or "",
        "currency": detail["currency"] or "INR",
        "is_active": detail["is_active"],
        "quiz_section": {"title": section["title"], "description": section["description"], "order": section["order"]},
        **changes,
    }
    if not form["is_paid"]:
        form["price"] = None
        del form["currency"]
    return form


def test_an_edit_round_trips_and_a_repeated_save_adds_nothing(client_a, as_user):
    admin, _ = as_user(client_a, role="admin")
    created = admin.post(assessments(client_a.id), paid_body(mcqs=[question("Q1"), question("Q2")])).json()
    path = f"{assessments(client_a.id)}{created['id']}/"
    loaded = admin.get(path).json()

    # V's edit form needs one new question to save; the admin also changes the price and title
    body = edit_body(loaded, title="Aptitude Check 2", price="650", mcqs=[question("Q3", "C")])
    first = admin.patch(path, body)
    again = admin.patch(path, body)  # the same save twice (a retry, a double click)
    saved = admin.get(path).json()
    # a client resending the questions the page loaded, in the form's names
    names = ("question_text", "option_a", "option_b", "option_c", "option_d", "correct_option")
    loaded_questions = [{name: q[name] for name in names} for q in saved["quiz_sections"][0]["mcqs"]]
    resent = admin.patch(path, edit_body(saved, mcqs=loaded_questions))

    assert (first.status_code, again.status_code, resent.status_code) == (200, 200, 200), resent.json()
    assert first.json()["title"] == "Aptitude Check 2"
    reopened = admin.get(path).json()
    assert (reopened["title"], reopened["price"], reopened["currency"]) == ("Aptitude Check 2", 650, "INR")
    assert reopened["instructions"] == "Answer every question."
    assert [(q["question_text"], q["correct_option"]) for q in reopened["quiz_sections"][0]["mcqs"]] == [
        ("Q1", "A"),
        ("Q2", "A"),
        ("Q3", "C"),
    ]
    assert (reopened["total_questions"], reopened["quiz_sections_count"]) == (3, 1)


def test_the_edit_page_can_make_it_free_and_change_the_instructions(client_a, as_user):
    admin, _ = as_user(client_a, role="admin")
    created = admin.post(assessments(client_a.id), paid_body(mcqs=[question("Q1")])).json()
    path = f"{assessments(client_a.id)}{created['id']}/"

    # unpaid: the page sends price null and no currency
    response = admin.patch(
        path, edit_body(admin.get(path).json(), is_paid=False, instructions="New rules.", mcqs=[question("Q2")])
    )

    assert response.status_code == 200, response.json()
    detail = admin.get(path).json()
    assert (detail["is_paid"], detail["price"], detail["amount"], detail["instructions"]) == (
        False,
        0,
        0,
        "New rules.",
    )
    with schema_context(client_a.schema_name):
        assert Assessment.objects.get(pk=created["id"]).amount == Decimal("0.00")
    # null clears the instructions (the contract's PATCH of a text field)
    admin.patch(path, {"instructions": None})
    assert admin.get(path).json()["instructions"] == ""


def test_price_and_amount_are_one_field(client_a, as_user):
    admin, _ = as_user(client_a, role="admin")
    agreed = admin.post(assessments(client_a.id), paid_body(amount=499.5, mcqs=[question("Q1")]))
    contract = admin.post(assessments(client_a.id), {"title": "Contract", "is_paid": True, "amount": "120.00"})

    assert agreed.status_code == 201 and contract.status_code == 201, (agreed.json(), contract.json())
    assert (agreed.json()["amount"], agreed.json()["price"]) == (499.5, 499.5)
    assert (contract.json()["price"], contract.json()["currency"], contract.json()["instructions"]) == (120, "INR", "")
    # the contract's PATCH of amount moves the price
    patched = admin.patch(f"{assessments(client_a.id)}{contract.json()['id']}/", {"amount": 99})
    assert patched.json()["price"] == 99


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"price": "-1"}, "price"),
        ({"price": "abc"}, "price"),
        ({"price": "1.234"}, "price"),
        ({"price": "123456789.00"}, "price"),
        ({"price": "0"}, "price"),  # paid with no price
        ({"price": "10", "amount": "11"}, "price"),
        ({"currency": "USD"}, "currency"),
        ({"currency": "rupees"}, "currency"),
        ({"currency": 356}, "currency"),
        ({"instructions": 5}, "instructions"),
    ],
)
def test_a_bad_price_or_currency_creates_nothing(client_a, as_user, extra, field):
    admin, _ = as_user(client_a, role="admin")

    response = admin.post(assessments(client_a.id), paid_body(mcqs=[question("Q1")], **extra))

    assert response.status_code == 400, response.json()
    assert field in response.json(), response.json()
    with schema_context(client_a.schema_name):
        assert (Assessment.objects.count(), Section.objects.count(), Question.objects.count()) == (0, 0, 0)


def test_a_bad_price_on_edit_changes_nothing(client_a, as_user):
    admin, _ = as_user(client_a, role="admin")
    created = admin.post(assessments(client_a.id), paid_body(mcqs=[question("Q1")])).json()
    path = f"{assessments(client_a.id)}{created['id']}/"

    response = admin.patch(path, {"title": "Changed", "currency": "EUR", "mcqs": [question("Q2")]})
    zero = admin.patch(path, {"title": "Changed", "price": 0, "mcqs": [question("Q2")]})

    assert response.status_code == 400 and "currency" in response.json(), response.json()
    assert zero.status_code == 400 and "price" in zero.json(), zero.json()
    detail = admin.get(path).json()
    assert (detail["title"], detail["price"], detail["total_questions"]) == ("Aptitude Check", 499.5, 1)


def test_the_learners_pages_read_the_composers_instructions_and_price(client_a, as_user):
    admin, _ = as_user(client_a, role="admin")
    created = admin.post(assessments(client_a.id), paid_body(mcqs=[question("Q1")])).json()
    free = admin.post(assessments(client_a.id), v_body(instructions="", mcqs=[question("Q1")])).json()
    student, _ = as_user(client_a, role="student")

    detail = student.get(f"/assessment/api/client/{client_a.id}/assessment-details/{created['slug']}/").json()
    started = student.get(f"/assessment/api/client/{client_a.id}/start-assessment/{free['slug']}/").json()

    assert (detail["instructions"], detail["price"], detail["currency"], detail["amount"]) == (
        "Answer every question.",
        499.5,
        "INR",
        499.5,
    )
    assert number(detail["price"])
    # without instructions of its own, the learner reads the sections' (as before)
    assert started["instructions"] == "Pick one option."


def test_one_assessment_costs_the_same_statements_whatever_its_questions(client_a, as_user):
    from tests.queries import StatementCount

    admin, _ = as_user(client_a, role="admin")
    small = admin.post(assessments(client_a.id), v_body(mcqs=[question("Q1")])).json()
    big = admin.post(assessments(client_a.id), v_body(mcqs=[question(f"Q{n}") for n in range(12)])).json()
    with schema_context(client_a.schema_name):  # two more multiple-choice sections and a coding one
        for order, kind in ((2, SectionType.MCQ), (3, SectionType.MCQ), (4, SectionType.CODING)):
            extra = Section.objects.create(assessment_id=big["id"], title=f"S{order}", section_type=kind, order=order)
            for n in range(3):
                Question.objects.create(section=extra, text=f"{order}.{n}", options=["a", "b"], correct_answer="a")

    counts = []
    for made in (small, big):
        with StatementCount() as counted:
            detail = admin.get(f"{assessments(client_a.id)}{made['id']}/").json()
        counts.append(counted.count)
    # the caller (with its session), the assessment with its counts, its bands, its sections, their questions
    assert counts[0] == counts[1] == 5, counts
    assert (detail["total_questions"], detail["quiz_sections_count"], len(detail["quiz_sections"])) == (21, 3, 3)
    assert [s["number_of_questions"] for s in detail["quiz_sections"]] == [12, 3, 3]


def test_reading_one_is_admin_only_and_per_client(client_a, client_b, as_user):
    admin, _ = as_user(client_a, role="admin")
    created = admin.post(assessments(client_a.id), paid_body(mcqs=[question("Q1")])).json()
    path = f"{assessments(client_a.id)}{created['id']}/"
    student, _ = as_user(client_a, role="student")
    outsider, _ = as_user(client_b, role="admin")

    assert student.get(path).status_code == 403
    assert student.patch(path, {"price": "1"}).status_code == 403
    assert outsider.get(path).status_code in (401, 403)
    assert outsider.patch(path, {"price": "1"}).status_code in (401, 403)
    # client A's assessment id means nothing on client B's own path
    assert outsider.get(f"{assessments(client_b.id)}{created['id']}/").status_code == 404
    assert outsider.patch(f"{assessments(client_b.id)}{created['id']}/", {"price": "1"}).status_code == 404
    assert admin.get(path).json()["price"] == 499.5


def test_openapi_documents_the_composers_fields(api):
    from tests.test_openapi import _props

    spec = api.get("/api/openapi.json").json()
    path = spec["paths"]["/admin-dashboard/api/clients/{client_id}/assessments/"]
    one = spec["paths"]["/admin-dashboard/api/clients/{client_id}/assessments/{assessment_id}/"]
    body = _props(spec, path["post"]["requestBody"]["content"]["application/json"]["schema"])
    patch = _props(spec, one["patch"]["requestBody"]["content"]["application/json"]["schema"])
    listed = _props(spec, path["get"]["responses"]["200"]["content"]["application/json"]["schema"])
    detail = _props(spec, one["get"]["responses"]["200"]["content"]["application/json"]["schema"])

    for fields in (body, patch):
        assert {"instructions", "price", "currency", "quiz_section", "mcqs", "mcq_ids", "amount"} <= fields.keys()
    for fields in (listed, detail):
        assert {
            "instructions",
            "price",
            "currency",
            "total_questions",
            "quiz_sections_count",
            "amount",
        } <= fields.keys()
    assert "quiz_sections" in detail and "quiz_sections" not in listed
    section = _props(spec, detail["quiz_sections"])
    assert {"id", "title", "description", "order", "number_of_questions", "mcqs"} <= section.keys()
    question = _props(spec, section["mcqs"])
    assert {"question_text", "option_a", "option_d", "correct_option"} <= question.keys()
