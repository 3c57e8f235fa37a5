"""The AI-Linc web clients' answer sheet, translated to and from the contract's.

The clients (docs/real-client.md, "Taking an assessment") save
``{quizSectionId: [{"<section>": {"<question>": "A" | ["A", "C"] | null}}],
codingProblemSectionId: [{"<section>": {"<question>": {tc_passed, total_tc, best_code}}}],
subjectiveQuestionSectionId: [{"<section>": {"<question>": "text" | {answer, ...} | null}}],
metadata: {...}}``. The contract stores ``{"<section>": {"<question>": answer}, "metadata": {}}``
with an MCQ answer being the chosen option's text. Translating on the way in keeps one stored
form, so grading, results and admin reports read the same answers whichever client saved them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from core.errors import FieldErrors
from tenant_apps.assessment.models import SectionType

if TYPE_CHECKING:
    from tenant_apps.assessment.models import Question, Section

QUIZ = "quizSectionId"
CODING = "codingProblemSectionId"
SUBJECTIVE = "subjectiveQuestionSectionId"
# Which list of the client's sheet holds which type of section.
LIST_OF_TYPE = {SectionType.MCQ: QUIZ, SectionType.CODING: CODING, SectionType.TEXT: SUBJECTIVE}
TYPE_OF_LIST = {name: section_type for section_type, name in LIST_OF_TYPE.items()}
# A timed section's flag the clients put among the answers; not an answer.
SECTION_DONE = "section_completely_attempted"
LETTERS = "ABCDEFGHIJKLMNOPQRST"  # an MCQ has at most 20 options (QuestionIn.options)


def letter_of(index: int) -> str:
    return LETTERS[index]


def is_client_sheet(sheet: Any) -> bool:
    """A sheet in the clients' form: it has one of their three section lists."""
    return isinstance(sheet, dict) and any(key in sheet for key in LIST_OF_TYPE.values())


def _mcq_answer(question: Question, value: Any, where: str) -> Any:
    """A letter (any case) or a list of letters -> the option text(s); null/""/[] -> None."""
    if value is None or value == "" or value == []:
        return None
    letters = value if isinstance(value, list) else [value]
    if len(letters) > len(question.options):
        # Checked before any letter: a 2 MB list must not be translated letter by letter.
        raise FieldErrors({where: f"At most {len(question.options)} letters: this question has that many options."})
    texts: list[str] = []
    for letter in letters:
        if not isinstance(letter, str):
            raise FieldErrors({where: "An answer is an option letter, a list of letters, or null."})
        index = LETTERS.find(letter.strip().upper()) if len(letter.strip()) == 1 else -1
        if index < 0 or index >= len(question.options):
            allowed = LETTERS[: len(question.options)]
            raise FieldErrors({where: f"{letter[:5]!r} is not an option of this question ({', '.join(allowed)})."})
        if question.options[index] not in texts:
            texts.append(question.options[index])
    if isinstance(value, list):
        return sorted(texts, key=question.options.index)
    return texts[0]


def _coding_answer(value: Any, where: str) -> Any:
    """``{tc_passed, total_tc, best_code}`` -> ``{code, tc_passed, total_tc}``; empty code -> None."""
    if value is None:
        return None
    if isinstance(value, str):
        return {"code": value} if value.strip() else None
    if not isinstance(value, dict):
        raise FieldErrors({where: "A coding answer is {tc_passed, total_tc, best_code} or null."})
    code = value.get("best_code", value.get("code", ""))
    if not isinstance(code, str):
        raise FieldErrors({f"{where}.best_code": "Must be a string."})
    if not code.strip():
        return None
    answer: dict[str, Any] = {"code": code}
    for key in ("tc_passed", "total_tc"):
        if key in value:
            if not isinstance(value[key], int) or isinstance(value[key], bool) or value[key] < 0:
                raise FieldErrors({f"{where}.{key}": "Must be a whole number, 0 or more."})
            answer[key] = value[key]
    return answer


def _subjective_answer(value: Any, where: str) -> Any:
    """A text, or ``{answer, images?, files?, video?}`` kept as sent; null/"" -> None."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and isinstance(value.get("answer", ""), str):
        return value
    raise FieldErrors({where: "A written answer is a text, {answer: text, ...} or null."})


def _answer(section: Section, question: Question, value: Any, where: str) -> Any:
    if section.section_type == SectionType.MCQ:
        return _mcq_answer(question, value, where)
    if section.section_type == SectionType.CODING:
        return _coding_answer(value, where)
    return _subjective_answer(value, where)


def client_sheet_to_contract(sheet: dict[str, Any], *, sections: list[Section]) -> dict[str, Any]:
    """The contract's sheet for a client's one; every section and question id must be the
    assessment's (in the list of its type) and every answer valid, else a 400 naming the
    place (``response_sheet.quizSectionId[0].12.34``). The other top-level keys (the
    client's ``metadata``, ``auto_submitted_reason``, ...) go into ``metadata``."""
    by_id = {str(section.id): section for section in sections}
    out: dict[str, Any] = {}
    metadata = sheet.get("metadata", {})
    if not isinstance(metadata, dict):
        raise FieldErrors({"response_sheet.metadata": "Must be an object."})
    metadata = dict(metadata)
    for key, value in sheet.items():
        if key in TYPE_OF_LIST or key == "metadata":
            continue
        metadata[key] = value
    if metadata:
        out["metadata"] = metadata
    for list_name, section_type in TYPE_OF_LIST.items():
        entries = sheet.get(list_name) or []
        if not isinstance(entries, list):
            raise FieldErrors({f"response_sheet.{list_name}": "Must be a list of {section id: answers}."})
        if len(entries) > len(sections):
            # The clients send one entry per section; refused before any is read, so a sheet of
            # thousands of copies costs nothing (each entry holds any number of sections).
            raise FieldErrors(
                {f"response_sheet.{list_name}": f"At most {len(sections)} entries: the assessment's sections."}
            )
        for n, entry in enumerate(entries):
            here = f"response_sheet.{list_name}[{n}]"
            if not isinstance(entry, dict):
                raise FieldErrors({here: "Must be an object {section id: {question id: answer}}."})
            for section_key, answers in entry.items():
                where = f"{here}.{str(section_key)[:40]}"
                section = by_id.get(str(section_key))
                if section is None or section.section_type != section_type:
                    raise FieldErrors({where: f"Not a {section_type} section of this assessment."})
                if not isinstance(answers, dict):
                    raise FieldErrors({where: "Must map question ids to answers."})
                questions = {str(question.id): question for question in section.questions.all()}
                stored = out.setdefault(str(section.id), {})
                for question_key, value in answers.items():
                    if question_key == SECTION_DONE:
                        continue
                    question = questions.get(str(question_key))
                    if question is None:
                        raise FieldErrors({f"{where}.{str(question_key)[:40]}": "Not a question of this section."})
                    stored[str(question.id)] = _answer(section, question, value, f"{where}.{question.id}")
    return out


def contract_sheet_check(sheet: dict[str, Any], *, question_ids: dict[str, set[str]]) -> None:
    """A 400 naming the place unless every key of the contract's sheet is one of the
    assessment's section ids (``question_ids``: section id -> its question ids) mapping its
    own question ids, or ``metadata``: another assessment's (or a made-up) id is refused, as
    in the clients' sheet, instead of being kept in the attempt."""
    for section_key, answers in sheet.items():
        if section_key == "metadata":
            continue
        own = question_ids.get(section_key)
        where = f"response_sheet.{section_key[:40]}"
        if own is None:
            raise FieldErrors({where: "Not a section of this assessment."})
        if isinstance(answers, dict):
            for question_key in answers:
                if question_key not in own:
                    raise FieldErrors({f"{where}.{question_key[:40]}": "Not a question of this section."})


def _mcq_letters(question: Question, stored: Any) -> Any:
    """The stored option text(s) as letters; an answer matching no option is left out."""
    if stored is None:
        return None
    options = [str(option) for option in question.options]
    if isinstance(stored, list):
        letters = sorted(letter_of(options.index(str(text))) for text in stored if str(text) in options)
        return letters or None
    return letter_of(options.index(str(stored))) if str(stored) in options else None


def _client_answer(section: Section, question: Question, stored: Any) -> Any:
    if section.section_type == SectionType.MCQ:
        return _mcq_letters(question, stored)
    if section.section_type == SectionType.CODING:
        if stored is None:
            return None
        code = stored.get("code", "") if isinstance(stored, dict) else str(stored)
        extra = stored if isinstance(stored, dict) else {}
        return {"tc_passed": extra.get("tc_passed", 0), "total_tc": extra.get("total_tc", 0), "best_code": code}
    return stored


def contract_sheet_to_client(sheet: dict[str, Any], *, sections: list[Section]) -> dict[str, list[dict[str, Any]]]:
    """The stored answers in the clients' form (to resume), one entry per section with answers."""
    out: dict[str, list[dict[str, Any]]] = {name: [] for name in TYPE_OF_LIST}
    for section in sections:
        answers = sheet.get(str(section.id)) if isinstance(sheet, dict) else None
        if not isinstance(answers, dict):
            continue
        given = {
            str(question.id): _client_answer(section, question, answers[str(question.id)])
            for question in section.questions.all()
            if str(question.id) in answers
        }
        if given:
            out[LIST_OF_TYPE[SectionType(section.section_type)]].append({str(section.id): given})
    return out
