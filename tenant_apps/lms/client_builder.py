"""The older web build's course builder, creating and editing library items on one path.

V (docs/real-client.md, "V's admin area") creates every kind of item with
``POST …/clients/{id}/contents/`` ``{type, …}`` and edits a video with
``PATCH …/contents/{item id}/`` ``{type, …}``, each kind in its own field names. ``type``
picks the kind (``BuilderItemIn``, a union tagged by it); each member is the contract's
library body (``ArticleIn`` …) plus V's names, which ``_v_names`` moves onto ours before the
contract's own validation, so every limit of the contract's fields applies and the same
``services.item_save`` writes them (an article's and a video's ``marks`` included). V's fields
the platform keeps nowhere (an article's ``difficultyLevel``, a problem's ``topic``) are
accepted, documented as not stored, and dropped.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated, Any, ClassVar, Literal, NamedTuple, TypeVar, Union, cast

from django.db import models
from ninja import Field, Schema
from ninja.schema import DjangoGetter
from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Tag,
    TypeAdapter,
    ValidationError,
    create_model,
    model_validator,
)

from api.schemas import JSONDecimal, patch_schema
from core.errors import FieldErrors
from core.untrusted_input import json_loads_checked
from tenant_apps.lms.client_mcq import mcq_client_shape
from tenant_apps.lms.models import MCQ, Article, Assignment, CodingProblem, Content, ContentType, Quiz, VideoTutorial
from tenant_apps.lms.schemas import (
    ITEM_ID_FIELDS,
    MCQ_LEVELS,
    AllContentOut,
    ArticleIn,
    ArticleOut,
    AssignmentIn,
    AssignmentOut,
    CodingProblemIn,
    CodingProblemOut,
    ContentOut,
    ContentUpdateIn,
    MCQIn,
    MCQOut,
    QuizIn,
    QuizOut,
    VideoTutorialIn,
    VideoTutorialOut,
    item_id_field,
    item_marks,
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


def sent_name(field: str, data: Any, renames: dict[str, str]) -> str:
    """The caller's name for an error on our ``field`` (``reading_time_minutes.0``): V's
    name when the body sent V's field (``renames``: V's -> ours) and not ours."""
    head, dot, rest = field.partition(".")
    if isinstance(data, dict) and head not in data:
        for theirs, ours in renames.items():
            if ours == head and theirs in data:
                return theirs + dot + rest
    return field


def _named_as_sent(exc: ValidationError, data: Any, renames: dict[str, str]) -> FieldErrors:
    """A pydantic error of a body whose V names were moved onto ours, as a 400 naming the
    fields the caller sent."""
    errors = FieldErrors.from_pydantic(exc).errors
    return FieldErrors({sent_name(field, data, renames): messages for field, messages in errors.items()})


# The question bank's fields and the older build's names for them (``client_mcq``).
QUESTION_V_NAMES = {
    "question_text": "question",
    "option_a": "options",
    "correct_option": "correct_answer",
    "difficulty_level": "difficulty",
}


def question_check(question: dict[str, Any], *, prefix: str) -> None:
    """A new question inside a quiz or an assessment, in either shape, checked as the bank
    checks it: a fault is a 400 naming the field (as sent) after ``prefix`` (``mcqs.2.``)."""
    try:
        translated = mcq_client_shape(question, full=True, difficulties=MCQ_LEVELS)
        try:
            MCQIn.model_validate({key: value for key, value in translated.items() if key in MCQIn.model_fields})
        except ValidationError as exc:
            raise _named_as_sent(exc, question, QUESTION_V_NAMES) from None
    except FieldErrors as exc:
        raise FieldErrors({f"{prefix}{field}": messages for field, messages in exc.errors.items()}) from None


# --- one member per kind: the contract's body, V's names, and the tag -----------------------
# ``V_NAMES`` (V's name -> ours) are moved onto ours before the contract's validation; a 400
# on one of ours names V's field when V's was sent (``sent_name``).


class BuilderArticleIn(ArticleIn):
    """V's article form: ``{title, content, marks, difficultyLevel, duration}``; its article
    editor: ``{title, content, marks}``."""

    V_NAMES: ClassVar[dict[str, str]] = {"duration": "reading_time_minutes"}

    type: Literal["articles"]
    duration: int | None = Field(None, ge=0, description="Same as `reading_time_minutes`.")
    difficultyLevel: str | None = Field(None, description=NOT_STORED)  # noqa: N815 (the client's name)

    @model_validator(mode="before")
    @classmethod
    def _client_shape(cls, data: Any) -> Any:
        return _v_names(data, cls.V_NAMES)


class BuilderVideoTutorialIn(VideoTutorialIn):
    """V's video form: ``{title, marks, video_url, description?}`` (also its edit form)."""

    V_NAMES: ClassVar[dict[str, str]] = {}

    type: Literal["video-tutorials"]

    @model_validator(mode="before")
    @classmethod
    def _client_shape(cls, data: Any) -> Any:
        return _v_names(data, cls.V_NAMES)


class BuilderAssignmentIn(AssignmentIn):
    """V's subjective form: ``{title, marks, question, difficulty_level, duration}``; its
    assignment editor: ``{title, marks, description, due_date?}``."""

    V_NAMES: ClassVar[dict[str, str]] = {"question": "description", "marks": "max_marks"}

    type: Literal["assignments"]
    question: str | None = Field(None, description="Same as `description` (the assignment's question).")
    marks: Decimal | None = Field(None, ge=0, description="Same as `max_marks`.")
    difficulty_level: str | None = Field(None, description=NOT_STORED)
    duration: int | None = Field(None, description=NOT_STORED)

    @model_validator(mode="before")
    @classmethod
    def _client_shape(cls, data: Any) -> Any:
        return _v_names(data, cls.V_NAMES)


class BuilderTestCaseIn(Schema):
    """A case of V's problem form (``testCases``) or its problem editor (``test_cases``)."""

    input: str = ""
    expected_output: str = ""
    is_hidden: bool | None = Field(None, description="The editor's: the opposite of `is_sample`.")


def _hidden_cases(data: dict[str, Any]) -> dict[str, Any]:
    """V's problem editor marks a case ``is_hidden``; ours marks it ``is_sample``, its
    opposite (sent both, they must disagree). A case must be an object."""
    errors: dict[str, str] = {}
    out = dict(data)
    for field in ("test_cases", "testCases"):
        cases = data.get(field)
        if not isinstance(cases, list):
            continue
        translated = []
        for n, case in enumerate(cases):
            if not isinstance(case, dict):
                errors[f"{field}.{n}"] = "A case: an object with `input` and `expected_output`."
            elif "is_hidden" in case:
                hidden = case["is_hidden"]
                if not isinstance(hidden, bool):
                    errors[f"{field}.{n}.is_hidden"] = "Must be true or false."
                elif "is_sample" in case and case["is_sample"] == hidden:
                    errors[f"{field}.{n}.is_hidden"] = "Disagrees with `is_sample` (its opposite): send one of the two."
                else:
                    case = {**{k: v for k, v in case.items() if k != "is_hidden"}, "is_sample": not hidden}
            translated.append(case)
        out[field] = translated
    if errors:
        raise FieldErrors(errors)
    return out


def _document_hidden(schema: dict[str, Any]) -> None:
    """``test_cases`` items may carry the editor's ``is_hidden`` (read before validation)."""
    items = schema.get("properties", {}).get("test_cases", {})
    description = "Each case may carry the older build's `is_hidden` (the opposite of `is_sample`)."
    if items:
        items["description"] = description


class BuilderCodingProblemIn(CodingProblemIn):
    """V's problem form: ``{title, level, topic, languages, testCases: [{input,
    expected_output}], problem_statement}``; its problem editor: ``{title, marks,
    problem_statement, test_cases: [{input, expected_output, is_hidden}]}``."""

    V_NAMES: ClassVar[dict[str, str]] = {
        "problem_statement": "description",
        "level": "difficulty",
        "testCases": "test_cases",
        "marks": "max_marks",
    }

    type: Literal["coding-problems"]
    problem_statement: str | None = Field(None, description="Same as `description`.")
    level: str | None = Field(None, max_length=20, description="Same as `difficulty`.")
    testCases: list[BuilderTestCaseIn] | None = Field(None, description="Same as `test_cases`.")  # noqa: N815
    marks: Decimal | None = Field(None, ge=0, description="Same as `max_marks`.")
    topic: str | None = Field(None, description=NOT_STORED)
    languages: list[str] | None = Field(None, description=NOT_STORED + " Submissions run in Python.")

    model_config = ConfigDict(json_schema_extra=_document_hidden)

    @model_validator(mode="before")
    @classmethod
    def _client_shape(cls, data: Any) -> Any:
        data = _raw(data)
        return _v_names(_hidden_cases(data) if isinstance(data, dict) else data, cls.V_NAMES)


class BuilderMCQIn(MCQIn):
    """A question in V's names (or ours; ``MCQIn`` translates them): the quiz editor's
    ``{question_text, option_a…option_d, correct_option: "a".."d", explanation, marks}``."""

    marks: Decimal | None = Field(None, description=NOT_STORED + " A quiz question counts one mark.")
    topic: str | None = Field(None, description=NOT_STORED)
    skills: str | None = Field(None, description=NOT_STORED)


class BuilderMCQItemIn(BuilderMCQIn):
    V_NAMES: ClassVar[dict[str, str]] = QUESTION_V_NAMES

    type: Literal["mcqs"]


class EditorQuestionIn(Schema):
    """A question of V's quiz editor, as it loaded it (``EditorQuestionOut``) or a new one."""

    id: int | None = Field(None, description="A question of this quiz, changed in place; none: a new question.")
    question: str = Field(..., min_length=1)
    options: list[str] = Field(..., description="The option texts (blank ones are left out).")
    correct_answer: int | str = Field(..., description="The right option's text (the editor's), or its index (ours).")
    explanation: str = ""


def editor_question(question: Any, *, prefix: str) -> dict[str, Any]:
    """The quiz editor's question as the bank's body (and its ``id`` when it has one): the
    right answer is an option's text there, its index here; blank options are left out. A
    fault is a 400 naming the field after ``prefix`` (``questions.1.``)."""
    if not isinstance(question, dict):
        raise FieldErrors({prefix.rstrip("."): "A question (an object)."})
    errors: dict[str, str] = {}
    qid = question.get("id")
    if qid is not None and (isinstance(qid, bool) or not isinstance(qid, int)):
        errors["id"] = "A question's id, or null for a new question."
    options = question.get("options")
    kept: list[str] | None = None
    if isinstance(options, list) and all(isinstance(option, str) for option in options):
        kept = [option for option in options if option.strip()]
    else:
        errors["options"] = "A list of option texts."
    answer = question.get("correct_answer")
    index: int | None = None
    if isinstance(answer, int) and not isinstance(answer, bool):
        index = answer
    elif isinstance(answer, str) and kept is not None:
        texts = [option.strip() for option in kept]
        if answer in kept:
            index = kept.index(answer)
        elif answer.strip() and answer.strip() in texts:
            index = texts.index(answer.strip())
        else:
            errors["correct_answer"] = "Must be the text of one of the options."
    elif "options" not in errors:
        errors["correct_answer"] = "This field is required: the right option's text."
    if kept is not None and index is not None and not 0 <= index < len(kept):
        errors["correct_answer"] = f"Must index the options (0 to {len(kept) - 1})."
    body = {"question": question.get("question"), "options": kept, "correct_answer": index}
    if question.get("explanation") is not None:
        body["explanation"] = question["explanation"]
    if not errors:
        try:
            MCQIn.model_validate(body)
        except ValidationError as exc:
            errors.update({field: msgs[0] for field, msgs in FieldErrors.from_pydantic(exc).errors.items()})
    if errors:
        raise FieldErrors({f"{prefix}{field}": message for field, message in errors.items()})
    return {"id": qid, **body}


class BuilderQuizIn(QuizIn):
    """V's quiz form: ``{title, instructions, durating_in_minutes, difficulty_level, mcqs}``.
    ``mcqs`` holds question ids, new questions, or both; the quiz's questions are
    ``mcq_ids`` then ``mcqs``, in order, all created in one transaction. V's quiz editor
    sends ``{title, marks, questions}`` instead: the quiz's questions as it loaded them
    (changed in place) and new ones, which replace the quiz's questions in that order."""

    V_NAMES: ClassVar[dict[str, str]] = {
        "instructions": "description",
        "durating_in_minutes": "time_limit_minutes",
        "duration_in_minutes": "time_limit_minutes",
    }

    type: Literal["quizzes"]
    instructions: str | None = Field(None, description="Same as `description`.")
    durating_in_minutes: int | None = Field(None, ge=0, description="Same as `time_limit_minutes` (V's spelling).")
    duration_in_minutes: int | None = Field(None, ge=0, description="Same as `time_limit_minutes`.")
    difficulty_level: str | None = Field(None, description=NOT_STORED)
    marks: Decimal | None = Field(None, description=NOT_STORED + " A quiz counts one mark per question.")
    mcqs: list[int | BuilderMCQIn] | None = Field(
        None, max_length=200, description="Question ids and/or new questions (created with the quiz)."
    )
    questions: list[EditorQuestionIn] | None = Field(
        None,
        max_length=200,
        description="The quiz editor's questions: this quiz's (by `id`, changed) and new ones, in order.",
    )

    @model_validator(mode="before")
    @classmethod
    def _client_shape(cls, data: Any) -> Any:
        data = _v_names(data, cls.V_NAMES)
        if not isinstance(data, dict):
            return data
        questions = data.get("mcqs")
        if isinstance(questions, list):
            for n, question in enumerate(questions):
                if isinstance(question, dict):  # a new question: the bank's rules, its index named
                    question_check(question, prefix=f"mcqs.{n}.")
                elif isinstance(question, bool) or not isinstance(question, int):
                    raise FieldErrors({f"mcqs.{n}": "A question's id, or a new question (an object)."})
        edited = data.get("questions")
        if edited is not None and questions is not None:
            raise FieldErrors({"questions": "Send `mcqs` or `questions`, not both."})
        if isinstance(edited, list):
            data = {**data, "questions": [editor_question(q, prefix=f"questions.{n}.") for n, q in enumerate(edited)]}
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


def _json_object(body: bytes, *, hint: str) -> dict[str, Any]:
    data = json_loads_checked(body) if body.strip() else None
    if not isinstance(data, dict):
        raise FieldErrors({"non_field_errors": f"Send a JSON object{hint}."})
    return data


def builder_body(body: bytes, adapter: TypeAdapter[Any]) -> BaseModel:
    """The body as its kind's member: a 400 naming the field as the caller sent it (V's name
    or ours, never the member's tag)."""
    data = _json_object(body, hint=" with `type`")
    try:
        return cast("BaseModel", adapter.validate_python(data))
    except ValidationError as exc:
        renames = MEMBERS[_kind(data)].V_NAMES  # type: ignore[attr-defined]
        errors: dict[str, list[str]] = {}
        for error in exc.errors():
            loc = list(error.get("loc", ()))
            if loc and loc[0] in MEMBERS:
                loc = loc[1:]
            # A union's branches (``int``, ``function-wrap[…]`` in ``mcqs``) are no field.
            loc = [part for part in loc if not (isinstance(part, str) and (part == "int" or "[" in part))]
            field = sent_name(".".join(str(part) for part in loc) or "non_field_errors", data, renames)
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


# --- the editors of a submodule's content (V's Edit* forms) ----------------------------------
# V's course builder opens an editor on a submodule's content: it loads
# ``GET …/submodules/{s}/contents/{id}/`` (reading ``details`` or the top level) and saves with
# ``PATCH`` on the same path, the item's fields in its names and no ``type`` (the video editor
# instead patches ``…/contents/{video_content}/``). The body is the contract's content fields
# plus the fields of the item the content shows, read by the builder member of its kind.

CONTENT_KIND: dict[str, str] = {
    ContentType.ARTICLE: "articles",
    ContentType.VIDEO_TUTORIAL: "video-tutorials",
    ContentType.QUIZ: "quizzes",
    ContentType.ASSIGNMENT: "assignments",
    ContentType.CODING_PROBLEM: "coding-problems",
}


def _editor_member(tag: str) -> type[Schema]:
    """The builder member of ``tag`` as an editor's body: every field optional (a PATCH),
    ``type`` too, plus the contract's content fields (``ContentUpdateIn``)."""
    member = MEMBERS[tag]
    content_fields: dict[str, Any] = {
        name: (info.annotation, info) for name, info in ContentUpdateIn.model_fields.items()
    }
    for field, kind in ITEM_ID_FIELDS.items():  # read as ``content_id`` first (``item_id_field``)
        content_fields[field] = (int | None, Field(None, description=f"The `content_id` of a {kind} (one)."))
    name = member.__name__.removeprefix("Builder").removesuffix("In") + "ContentPatchIn"
    return create_model(name, __base__=patch_schema(member), **content_fields)


EDITOR_MEMBERS: dict[str, type[Schema]] = {tag: _editor_member(tag) for tag in CONTENT_KIND.values()}
# Every item field any editor body may carry: one of another kind than the content's is a 400.
# ``title`` and ``duration_in_minutes`` are content fields in the newer build's body too: never
# another kind's (a non-quiz item keeps no such length: accepted, not stored).
EDITOR_ITEM_FIELDS = frozenset().union(*(m.model_fields for m in EDITOR_MEMBERS.values())) - {
    *ContentUpdateIn.model_fields,
    *ITEM_ID_FIELDS,
    "title",
    "duration_in_minutes",
}
# Documents the editor's body (a member per kind; the content's item picks it, not ``type``).
EditorContentIn = TypeAdapter(_union(EDITOR_MEMBERS))


class EditorSave(NamedTuple):
    """An editor's body: the contract's content fields sent, and the item's part."""

    content: dict[str, Any]
    item: BuilderSave | None


def editor_body(body: bytes, *, content_type: str) -> EditorSave:
    """An editor's body for a content now showing a ``content_type`` item (or the kind the
    body's own ``content_type`` moves it to): a 400 names the field as sent; an item field of
    another kind is a 400 too (it would change nothing)."""
    data = item_id_field(_json_object(body, hint=""))
    sent_type = data.get("content_type")
    kind = sent_type if isinstance(sent_type, str) and sent_type in CONTENT_KIND else content_type
    tag = CONTENT_KIND[kind]
    member = EDITOR_MEMBERS[tag]
    foreign = sorted(key for key in data if key in EDITOR_ITEM_FIELDS and key not in member.model_fields)
    if foreign:
        raise FieldErrors({key: f"Not a field of this content's item (a {kind})." for key in foreign})
    try:
        payload = member.model_validate(data)
    except ValidationError as exc:
        raise _named_as_sent(exc, data, MEMBERS[tag].V_NAMES) from None  # type: ignore[attr-defined]
    sent = payload.model_dump(exclude_unset=True)
    content = {key: sent[key] for key in ContentUpdateIn.model_fields if key in sent}
    item = contract_data(payload, sent_only=True, kind=tag)
    has_item = bool(item.data) or item.questions is not None
    return EditorSave(content, item if has_item else None)


EditorOut = TypeVar("EditorOut", bound=Schema)
UNKEPT_MARKS = "What it is worth: a quiz's question count (its questions count one mark each)."
COMPLETION_MARKS = "What completing it awards (`marks` of the article or video)."


class EditorArticleOut(Schema):
    id: int
    title: str
    content: str
    reading_time_minutes: int
    marks: JSONDecimal = Field(..., description=COMPLETION_MARKS)


class EditorVideoTutorialOut(Schema):
    id: int
    title: str
    video_url: str
    description: str
    duration_minutes: int
    marks: JSONDecimal = Field(..., description=COMPLETION_MARKS)


class EditorAssignmentOut(Schema):
    id: int
    title: str
    description: str
    instructions: str
    due_date: str | None = Field(
        ..., description="UTC without an offset, as a datetime-local input holds it (`2030-01-31T17:00`)."
    )
    max_marks: JSONDecimal
    marks: JSONDecimal = Field(..., description="Same as `max_marks`.")


class EditorTestCaseOut(Schema):
    input: str
    expected_output: str
    is_hidden: bool = Field(..., description="Not a sample case (`is_sample` false).")


class EditorCodingProblemOut(Schema):
    id: int
    title: str
    problem_statement: str = Field(..., description="Same as `description`.")
    description: str
    difficulty: str
    test_cases: list[EditorTestCaseOut] = Field(..., description="Every case, the editor's way (sent back as is).")
    max_marks: JSONDecimal
    marks: JSONDecimal = Field(..., description="Same as `max_marks`.")


class EditorQuestionOut(Schema):
    id: int
    question: str
    options: list[str]
    correct_answer: str = Field(..., description="The right option's text (the editor's radio compares texts).")
    explanation: str


class EditorQuizOut(Schema):
    id: int
    title: str
    description: str
    time_limit_minutes: int
    marks: JSONDecimal = Field(..., description=UNKEPT_MARKS)
    questions: list[EditorQuestionOut]


def _local_input(value: datetime | None) -> str | None:
    if value is None:
        return None
    utc = value.astimezone(UTC).replace(tzinfo=None)
    return utc.isoformat(timespec="minutes" if not utc.second and not utc.microsecond else "seconds")


def _editor_out(schema: type[EditorOut], source: Any, **fields: Any) -> EditorOut:
    """``schema`` from ``source``'s attributes of the same names, ``fields`` (named or shaped
    otherwise) beside them."""
    same = {name: getattr(source, name) for name in schema.model_fields if name not in fields}
    return schema(**same, **fields)


def editor_details(content: Content) -> Schema:
    """The content's item as V's editor of its kind loads it (and sends parts of it back)."""
    item = content.item
    marks = editor_marks(content)
    if isinstance(item, Article):
        return _editor_out(EditorArticleOut, item, marks=marks)
    if isinstance(item, VideoTutorial):
        return _editor_out(EditorVideoTutorialOut, item, marks=marks)
    if isinstance(item, Assignment):
        return _editor_out(EditorAssignmentOut, item, due_date=_local_input(item.due_date), marks=marks)
    if isinstance(item, CodingProblem):
        cases = [
            EditorTestCaseOut(
                input=str(case.get("input", "")),
                expected_output=str(case.get("expected_output", "")),
                is_hidden=not case.get("is_sample", False),
            )
            for case in item.test_cases
            if isinstance(case, dict)
        ]
        return _editor_out(
            EditorCodingProblemOut, item, problem_statement=item.description, test_cases=cases, marks=marks
        )
    if isinstance(item, Quiz):
        questions = [
            _editor_out(EditorQuestionOut, link.mcq, correct_answer=link.mcq.options[link.mcq.correct_answer])
            for link in item.quiz_mcqs.all()
        ]
        return _editor_out(EditorQuizOut, item, marks=marks, questions=questions)
    raise TypeError(f"No editor for a {content.content_type}.")


def editor_marks(content: Content) -> Decimal:
    return item_marks(content.content_type, content.item)


EDITOR_OUT = (EditorArticleOut, EditorVideoTutorialOut, EditorAssignmentOut, EditorCodingProblemOut, EditorQuizOut)
EditorDetailsOut: Any = Annotated[
    Union[tuple(Annotated[out, Tag(out.__name__)] for out in EDITOR_OUT)],  # noqa: UP007 (built at run time)
    Discriminator(lambda value: type(value).__name__ if isinstance(value, Schema) else None),
]


class ContentEditorOut(ContentOut):
    """A submodule's content as the contract answers it, plus what V's editors load: the
    item's id under its kind's name (``video_content`` …; null for the other kinds: the video
    editor patches the video by it), ``marks``, and the item in ``details``."""

    video_content: int | None = Field(None, validation_alias="video_tutorial_id", description="The video's id.")
    article_content: int | None = Field(None, validation_alias="article_id", description="The article's id.")
    quiz_content: int | None = Field(None, validation_alias="quiz_id", description="The quiz's id.")
    assignment_content: int | None = Field(None, validation_alias="assignment_id", description="The assignment's id.")
    coding_problem_content: int | None = Field(
        None, validation_alias="coding_problem_id", description="The coding problem's id."
    )
    marks: JSONDecimal = Field(..., description=UNKEPT_MARKS)
    details: EditorDetailsOut = Field(..., description="The item, in the editor of its kind's names.")

    @staticmethod
    def resolve_marks(content: Content) -> Decimal:
        return editor_marks(content)

    @staticmethod
    def resolve_details(content: Content) -> Schema:
        return editor_details(content)


class BuilderSave(NamedTuple):
    """What a builder or editor body saves (``services.builder_item_save``): the kind, the
    contract's fields of the item, and a quiz's questions when sent (ids, new questions as the
    bank's bodies, or this quiz's questions with their ``id``) under the field they came in."""

    kind: str
    data: dict[str, Any]
    questions: list[Any] | None
    questions_field: str


def contract_data(payload: BaseModel, *, sent_only: bool, kind: str | None = None) -> BuilderSave:
    """The item's part of ``payload`` (only the fields sent, for a PATCH); ``kind`` when the
    body's ``type`` may be left out (an editor's body: the content's item names it)."""
    tag = kind or str(payload.type)  # type: ignore[attr-defined]
    contract = KINDS[tag][1]
    dumped = payload.model_dump(exclude_unset=sent_only)
    data = {key: value for key, value in dumped.items() if key in contract.model_fields}
    sent = payload.model_fields_set
    if tag == "quizzes" and "questions" in sent and payload.questions is not None:  # type: ignore[attr-defined]
        edited = [
            {key: value for key, value in question.model_dump(exclude_unset=True).items() if key != "id"}
            | ({"id": question.id} if question.id is not None else {})
            for question in payload.questions  # type: ignore[attr-defined]
        ]
        return BuilderSave(tag, data, edited, "questions")
    questions: list[Any] | None = None
    if tag == "quizzes" and "mcqs" in sent and payload.mcqs is not None:  # type: ignore[attr-defined]
        questions = [
            item if isinstance(item, int) else item.model_dump(include=set(MCQIn.model_fields))
            for item in payload.mcqs  # type: ignore[attr-defined]
        ]
    return BuilderSave(tag, data, questions, "mcqs")
