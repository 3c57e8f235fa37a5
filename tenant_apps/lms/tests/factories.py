"""Factories for the course tree; ``course_build`` makes a whole course in one call."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import factory

from tenant_apps.lms import services
from tenant_apps.lms.models import (
    MCQ,
    Article,
    Assignment,
    CodingProblem,
    Content,
    ContentType,
    Course,
    Instructor,
    Module,
    Quiz,
    QuizMCQ,
    SubModule,
    TrustedBy,
    VideoTutorial,
)
from tests.factories import ModelFactory


class InstructorFactory(ModelFactory[Instructor]):
    class Meta:
        model = Instructor

    name = factory.Faker("name")
    bio = "Teaches things."
    profile_pic_url = factory.Sequence(lambda n: f"https://cdn.example.test/instructors/{n}.png")


class TrustedByFactory(ModelFactory[TrustedBy]):
    class Meta:
        model = TrustedBy

    name = factory.Sequence(lambda n: f"Company {n}")
    logo_url = factory.Sequence(lambda n: f"https://cdn.example.test/logos/{n}.png")


class CourseFactory(ModelFactory[Course]):
    class Meta:
        model = Course

    title = factory.Sequence(lambda n: f"Course {n}")
    description = "A course."


class ModuleFactory(ModelFactory[Module]):
    class Meta:
        model = Module

    course = factory.SubFactory(CourseFactory)
    weekno = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Week {n}")


class SubModuleFactory(ModelFactory[SubModule]):
    class Meta:
        model = SubModule

    module = factory.SubFactory(ModuleFactory)
    title = factory.Sequence(lambda n: f"Lesson {n}")
    order = factory.Sequence(lambda n: n + 1)


class ArticleFactory(ModelFactory[Article]):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Article {n}")
    content = "Some text."
    reading_time_minutes = 5


class VideoTutorialFactory(ModelFactory[VideoTutorial]):
    class Meta:
        model = VideoTutorial

    title = factory.Sequence(lambda n: f"Video {n}")
    video_url = "https://videos.example.test/v.mp4"
    duration_minutes = 10


class MCQFactory(ModelFactory[MCQ]):
    class Meta:
        model = MCQ

    question = factory.Sequence(lambda n: f"Question {n}?")
    options = ["one", "two", "three", "four"]
    correct_answer = 1
    explanation = "Because two."


class QuizFactory(ModelFactory[Quiz]):
    class Meta:
        model = Quiz
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Quiz {n}")
    time_limit_minutes = 10

    @factory.post_generation
    def questions(obj: Quiz, create: bool, extracted: int | None, **kwargs: Any) -> None:
        if create:
            count = 2 if extracted is None else extracted
            for position in range(count):
                QuizMCQ.objects.create(quiz=obj, mcq=MCQFactory(), order=position)


class AssignmentFactory(ModelFactory[Assignment]):
    class Meta:
        model = Assignment

    title = factory.Sequence(lambda n: f"Assignment {n}")
    instructions = "Write an essay."
    max_marks = Decimal("10.00")


class CodingProblemFactory(ModelFactory[CodingProblem]):
    class Meta:
        model = CodingProblem

    title = factory.Sequence(lambda n: f"Problem {n}")
    description = "Print twice the number."
    difficulty = "Easy"
    starter_code = "n = int(input())\n"
    test_cases = [
        {"input": "2\n", "expected_output": "4\n", "is_sample": True},
        {"input": "21\n", "expected_output": "42\n", "is_sample": False},
    ]
    max_marks = Decimal("20.00")


ITEM_FACTORY: dict[str, type[ModelFactory[Any]]] = {
    ContentType.ARTICLE: ArticleFactory,
    ContentType.VIDEO_TUTORIAL: VideoTutorialFactory,
    ContentType.QUIZ: QuizFactory,
    ContentType.ASSIGNMENT: AssignmentFactory,
    ContentType.CODING_PROBLEM: CodingProblemFactory,
}


def content_add(submodule: SubModule, content_type: str, order: int = 1, **item_fields: Any) -> Content:
    item = ITEM_FACTORY[content_type](**item_fields)
    return services.content_create(submodule=submodule, content_type=content_type, content_id=item.pk, order=order)


def course_build(
    *, modules: int = 1, submodules: int = 1, content_types: tuple[str, ...] = tuple(ContentType.values), **fields: Any
) -> Course:
    """A course with ``modules`` x ``submodules`` x one content of each of ``content_types``."""
    course = CourseFactory(**fields)
    for week in range(1, modules + 1):
        module = ModuleFactory(course=course, weekno=week)
        for position in range(1, submodules + 1):
            submodule = SubModuleFactory(module=module, order=position)
            for order, content_type in enumerate(content_types, start=1):
                content_add(submodule, content_type, order=order)
    return course
