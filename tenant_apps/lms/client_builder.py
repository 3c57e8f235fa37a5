"""The older web build's course builder, creating and editing library items on one path.

V (docs/real-client.md, "V's admin area") creates every kind of item with
``POST …/clients/{id}/contents/`` ``{type, …}`` and edits a video with
``PATCH …/contents/{item id}/`` ``{type, …}``, each kind in its own field names. ``type``
picks the kind (``BuilderItemIn``, a union tagged by it); each member is the contract's
library body (``ArticleIn`` …) plus V's names, which ``_v_names`` moves onto ours before the
contract's own validation, so every limit of the contract's fields applies and the same
``services.item_save`` writes them. V's fields the platform keeps nowhere (an article's
``marks``, a problem's ``topic``) are accepted, documented as not stored, and dropped.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal, Union, cast

from django.db import models
from ninja import Field, Schema
from ninja.schema import DjangoGetter
from pydantic import BaseModel, Discriminator, Tag, TypeAdapter, ValidationError, create_model, model_validator

from api.schemas import patch_schema
from core.errors import FieldErrors
from core.untrusted_input import json_loads_checked
from tenant_apps.lms.client_mcq import mcq_client_shape
from tenant_apps.lms.models import MCQ, Article, Assignment, CodingProblem, Content, Quiz, VideoTutorial
from tenant_apps.lms.schemas import (
    MCQ_LEVELS,
    AllContentOut,
    ArticleIn,
    ArticleOut,
    AssignmentIn,
    AssignmentOut,
    CodingProblemIn,
    CodingProblemOut,
    MCQIn,
    MCQOut,
    QuizIn,
    QuizOut,
    VideoTutorialIn,
    VideoTutorialOut,
)

NOT_STORED = "Accepted and not stored (the platform keeps no such field for this kind)."


def _raw(data: Any) -> Any:
    """The body as sent (Ninja's own root validator hands it over wrapped)."""
    return data._obj if isinstance(data, DjangoGetter) else data


def _v_names(data: Any, renames: dict[str, str]) -> Any:
    """``data`` with V's names moved onto ours (``renames``: V's -> ours), before the
    contract's own validation. A name sent in both spellings must agree."""
    data = _raw(data)
    if not isinstance(data, dict):
        return data
    out = {key: value for key, value in data.items() if key not in renames}
    errors: dict[str, str] = {}
    for theirs, ours in renames.items():
        if theirs not in data:
            continue
        if ours in out and out[ours] != data[theirs]:
            errors[theirs] = f"Disagrees with `{ours}`: send one of the two."
        else:
            out[ours] = data[theirs]
    if errors:
        raise FieldErrors(errors)
    return out


def question_check(question: dict[str, Any], *, prefix: str) -> None:
    """A new question inside a quiz or an assessment, in either shape, checked as the bank
    checks it: a fault is a 400 naming the field after ``prefix`` (``mcqs.2.``)."""
    try:
        translated = mcq_client_shape(question, full=True, difficulties=MCQ_LEVELS)
        try:
            MCQIn.model_validate({key: value for key, value in translated.items() if key in MCQIn.model_fields})
        except ValidationError as exc:
            raise FieldErrors.from_pydantic(exc) from None
    except FieldErrors as exc:
        raise FieldErrors({f"{prefix}{field}": messages for field, messages in exc.errors.items()}) from None


# --- one member per kind: the contract's body, V's names, and the tag -----------------------


class BuilderArticleIn(ArticleIn):
    """V's article form: ``{title, content, marks, difficultyLevel, duration}``."""

    type: Literal["articles"]
    duration: int | None = Field(None, ge=0, description="Same as `reading_time_minutes`.")
    marks: Decimal | None = Field(None, description=NOT_STORED)
    difficultyLevel: str | None = Field(None, description=NOT_STORED)  # noqa: N815 (the client's name)

    @model_validator(mode="before")
    @classmethod
    def _client_shape(cls, data: Any) -> Any:
        return _v_names(data, {"duration": "reading_time_minutes"})


class BuilderVideoTutorialIn(VideoTutorialIn):
    """V's video form: ``{title, marks, video_url, description?}`` (also its edit form)."""

    type: Literal["video-tutorials"]
    marks: Decimal | None = Field(None, description=NOT_STORED)

    @model_validator(mode="before")
    @classmethod
    def _client_shape(cls, data: Any) -> Any:
        return _v_names(data, {})


class BuilderAssignmentIn(AssignmentIn):
    """V's subjective form: ``{title, marks, question, difficulty_level, duration}``."""

    type: Literal["assignments"]
    question: str | None = Field(None, description="Same as `description` (the assignment's question).")
    marks: Decimal | None = Field(None, ge=0, description="Same as `max_marks`.")
    difficulty_level: str | None = Field(None, description=NOT_STORED)
    duration: int | None = Field(None, description=NOT_STORED)

    @model_validator(mode="before")
    @classmethod
    def _client_shape(cls, data: Any) -> Any:
        return _v_names(data, {"question": "description", "marks": "max_marks"})


class BuilderTestCaseIn(Schema):
    input: str = ""
    expected_output: str = ""


class BuilderCodingProblemIn(CodingProblemIn):
    """V's problem form: ``{title, level, topic, languages, testCases: [{input,
    expected_output}], problem_statement}``."""

    type: Literal["coding-problems"]
    problem_statement: str | None = Field(None, description="Same as `description`.")
    level: str | None = Field(None, max_length=20, description="Same as `difficulty`.")
    testCases: list[BuilderTestCaseIn] | None = Field(None, description="Same as `test_cases`.")  # noqa: N815
    marks: Decimal | None = Field(None, ge=0, description="Same as `max_marks`.")
    topic: str | None = Field(None, description=NOT_STORED)
    languages: list[str] | None = Field(None, description=NOT_STORED + " Submissions run in Python.")

    @model_validator(mode="before")
    @classmethod
    def _client_shape(cls, data: Any) -> Any:
        renames = {
            "problem_statement": "description",
            "level": "difficulty",
            "testCases": "test_cases",
            "marks": "max_marks",
        }
        return _v_names(data, renames)


class BuilderMCQIn(MCQIn):
    """A question in V's names (or ours; ``MCQIn`` translates them): the quiz editor's
    ``{question_text, option_a…option_d, correct_option: "a".."d", explanation, marks}``."""

    marks: Decimal | None = Field(None, description=NOT_STORED + " A quiz question counts one mark.")
    topic: str | None = Field(None, description=NOT_STORED)
    skills: str | None = Field(None, description=NOT_STORED)


class BuilderMCQItemIn(BuilderMCQIn):
    type: Literal["mcqs"]


class BuilderQuizIn(QuizIn):
    """V's quiz form: ``{title, instructions, durating_in_minutes, difficulty_level, mcqs}``.
    ``mcqs`` holds question ids, new questions, or both; the quiz's questions are
    ``mcq_ids`` then ``mcqs``, in order, all created in one transaction."""

    type: Literal["quizzes"]
    instructions: str | None = Field(None, description="Same as `description`.")
    durating_in_minutes: int | None = Field(None, ge=0, description="Same as `time_limit_minutes` (V's spelling).")
    duration_in_minutes: int | None = Field(None, ge=0, description="Same as `time_limit_minutes`.")
    difficulty_level: str | None = Field(None, description=NOT_STORED)
    mcqs: list[int | BuilderMCQIn] | None = Field(
        None, max_length=200, description="Question ids and/or new questions (created with the quiz)."
    )

    @model_validator(mode="before")
    @classmethod
    def _client_shape(cls, data: Any) -> Any:
        renames = {
            "instructions": "description",
            "durating_in_minutes": "time_limit_minutes",
            "duration_in_minutes": "time_limit_minutes",
        }
        data = _v_names(data, renames)
        questions = data.get("mcqs") if isinstance(data, dict) else None
        if isinstance(questions, list):
            for n, question in enumerate(questions):
                if isinstance(question, dict):  # a new question: the bank's rules, its index named
                    question_check(question, prefix=f"mcqs.{n}.")
                elif isinstance(question, bool) or not isinstance(question, int):
                    raise FieldErrors({f"mcqs.{n}": "A question's id, or a new question (an object)."})
        return data


# --- the union, and what each kind maps to --------------------------------------------------

KINDS: dict[str, tuple[type[models.Model], type[Schema], type[Schema]]] = {
    # type: (the library's model, the contract's body, the library's answer)
    "mcqs": (MCQ, MCQIn, MCQOut),
    "quizzes": (Quiz, QuizIn, QuizOut),
    "articles": (Article, ArticleIn, ArticleOut),
    "coding-problems": (CodingProblem, CodingProblemIn, CodingProblemOut),
    "assignments": (Assignment, AssignmentIn, AssignmentOut),
    "video-tutorials": (VideoTutorial, VideoTutorialIn, VideoTutorialOut),
}
MEMBERS: dict[str, type[Schema]] = {
    "mcqs": BuilderMCQItemIn,
    "quizzes": BuilderQuizIn,
    "articles": BuilderArticleIn,
    "coding-problems": BuilderCodingProblemIn,
    "assignments": BuilderAssignmentIn,
    "video-tutorials": BuilderVideoTutorialIn,
}


def _kind(value: Any) -> str:
    """The member for a body: its ``type``, or a 400 naming ``type``."""
    value = _raw(value)
    tag = value.get("type") if isinstance(value, dict) else getattr(value, "type", None)
    # Text only before the lookup: a list or an object as ``type`` is unhashable (was a 500).
    if not isinstance(tag, str) or tag not in MEMBERS:
        shown = "missing" if tag is None else f"{str(tag)[:40]!r} is not one"
        raise FieldErrors({"type": f"Choose one of {', '.join(MEMBERS)} ({shown})."})
    return str(tag)


def _patch_member(tag: str, member: type[Schema]) -> type[Schema]:
    """``member``'s PATCH form: every field optional but ``type``, which picks the kind."""
    optional = patch_schema(member)
    name = member.__name__.removesuffix("In") + "PatchIn"
    return create_model(name, __base__=optional, type=(Literal[tag], ...))  # type: ignore[arg-type]


PATCH_MEMBERS: dict[str, type[Schema]] = {tag: _patch_member(tag, member) for tag, member in MEMBERS.items()}


def _union(members: dict[str, type[Schema]]) -> Any:
    tagged = tuple(Annotated[member, Tag(tag)] for tag, member in members.items())
    return Annotated[Union[tagged], Discriminator(_kind)]  # noqa: UP007 (built at run time)


# Ninja flattens only the first member of a union body, so the views read the body with
# ``builder_body`` and document it with ``request_body`` (as the final submit does).
BuilderItemIn = TypeAdapter(_union(MEMBERS))
BuilderItemPatchIn = TypeAdapter(_union(PATCH_MEMBERS))


def request_body(adapter: TypeAdapter[Any]) -> dict[str, Any]:
    """The OpenAPI ``requestBody`` of a view that reads ``adapter``'s body itself."""
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": adapter.json_schema()}}}}


def builder_body(body: bytes, adapter: TypeAdapter[Any]) -> BaseModel:
    """The body as its kind's member: a 400 naming the field (never the member's tag)."""
    data = json_loads_checked(body) if body.strip() else None
    if not isinstance(data, dict):
        raise FieldErrors({"non_field_errors": "Send a JSON object with `type`."})
    try:
        return cast("BaseModel", adapter.validate_python(data))
    except ValidationError as exc:
        errors: dict[str, list[str]] = {}
        for error in exc.errors():
            loc = list(error.get("loc", ()))
            if loc and loc[0] in MEMBERS:
                loc = loc[1:]
            # A union's branches (``int``, ``function-wrap[…]`` in ``mcqs``) are no field.
            loc = [part for part in loc if not (isinstance(part, str) and (part == "int" or "[" in part))]
            field = ".".join(str(part) for part in loc) or "non_field_errors"
            message = "This field is required." if error.get("type") == "missing" else error.get("msg", "Invalid.")
            errors.setdefault(field, []).append(message)
        raise FieldErrors(errors or {"non_field_errors": "Invalid input."}) from None


def _answer_tag(value: Any) -> str | None:
    """The answer's member for an item row (by its model) or an already validated item."""
    if isinstance(value, Schema):
        return type(value).__name__
    row = getattr(value, "_obj", value)
    return next((out.__name__ for model, _, out in KINDS.values() if type(row) is model), None)


# The created or edited item, in its library's answer (chosen by the row's model).
BuilderItemOut: Any = Annotated[
    Union[tuple(Annotated[out, Tag(out.__name__)] for _, _, out in KINDS.values())],  # noqa: UP007
    Discriminator(_answer_tag),
]


class BuilderKindQuery(Schema):
    """``?type=``: the older build's course builder lists one library (its pickers)."""

    type: Literal["mcqs", "quizzes", "articles", "coding-problems", "assignments", "video-tutorials"] | None = Field(
        None, description="A library to list instead of the contents (the older build's pickers)."
    )


UNLEVELLED = "Not kept for this kind: always empty (the older build's picker searches it)."


class ArticlePickOut(ArticleOut):
    difficulty_level: str = Field("", description=UNLEVELLED)


class VideoTutorialPickOut(VideoTutorialOut):
    difficulty_level: str = Field("", description=UNLEVELLED)


class AssignmentPickOut(AssignmentOut):
    difficulty_level: str = Field("", description=UNLEVELLED)


class QuizPickOut(QuizOut):
    difficulty_level: str = Field("", description=UNLEVELLED)


# A picker's row: the library's item, plus ``difficulty_level`` where the item has none (V's
# search reads it of every row and threw on the first row without it).
PICK_OUT: dict[type[models.Model], type[Schema]] = {
    MCQ: MCQOut,
    Quiz: QuizPickOut,
    Article: ArticlePickOut,
    CodingProblem: CodingProblemOut,
    Assignment: AssignmentPickOut,
    VideoTutorial: VideoTutorialPickOut,
}


def _row_tag(value: Any) -> str | None:
    """A content row's member (``AllContentOut``), or a picker row's (by the item's model)."""
    if isinstance(value, Schema):
        return type(value).__name__
    row = getattr(value, "_obj", value)
    if isinstance(row, Content):
        return "AllContentOut"
    schema = PICK_OUT.get(type(row))
    return schema.__name__ if schema is not None else None


# A row of ``GET …/contents/``: a content, or with ``?type=`` an item of that library.
ContentListRowOut: Any = Annotated[
    Union[  # noqa: UP007 (built at run time)
        (Annotated[AllContentOut, Tag("AllContentOut")],)
        + tuple(Annotated[out, Tag(out.__name__)] for out in PICK_OUT.values())
    ],
    Discriminator(_row_tag),
]


def contract_data(payload: BaseModel, *, sent_only: bool) -> tuple[str, dict[str, Any], list[Any] | None]:
    """The kind, the contract's fields of ``payload`` (only those sent for a PATCH), and a
    quiz's ``mcqs`` (ids and new questions as the contract's question bodies), if sent."""
    tag = str(payload.type)  # type: ignore[attr-defined]
    contract = KINDS[tag][1]
    dumped = payload.model_dump(exclude_unset=sent_only)
    data = {key: value for key, value in dumped.items() if key in contract.model_fields}
    questions: list[Any] | None = None
    if tag == "quizzes" and "mcqs" in payload.model_fields_set and payload.mcqs is not None:  # type: ignore[attr-defined]
        questions = [
            item if isinstance(item, int) else item.model_dump(include=set(MCQIn.model_fields))
            for item in payload.mcqs  # type: ignore[attr-defined]
        ]
    return tag, data, questions
