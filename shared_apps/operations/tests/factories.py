"""A full course tree for operation tests (every content type, a quiz with MCQs)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tenant_apps.lms.models import (
    MCQ,
    Article,
    Assignment,
    CodingProblem,
    Content,
    Course,
    Instructor,
    Module,
    Quiz,
    QuizMCQ,
    SubModule,
    TrustedBy,
    VideoTutorial,
)


def course_tree_build(*, title: str = "Python 101", modules: int = 2, submodules: int = 1, mcqs=None) -> Course:
    """Call inside ``schema_context``. Each submodule gets one content of every type."""
    course = Course.objects.create(title=title, description="Learn Python")
    instructor, _ = Instructor.objects.get_or_create(name="Grace Hopper", defaults={"bio": "Admiral"})
    trusted, _ = TrustedBy.objects.get_or_create(name="Acme Corp")
    course.instructors.add(instructor)
    course.trusted_by.add(trusted)
    for week in range(1, modules + 1):
        module = Module.objects.create(course=course, weekno=week, title=f"{title} week {week}")
        for position in range(1, submodules + 1):
            sub = SubModule.objects.create(module=module, title=f"Part {week}.{position}", order=position)
            article = Article.objects.create(title=f"Read {week}.{position}", content="Some text")
            video = VideoTutorial.objects.create(title="Watch", video_url="https://videos.example.test/1")
            quiz = Quiz.objects.create(title=f"Quiz {week}.{position}")
            questions = mcqs or [
                MCQ.objects.create(question=f"Q{week}.{position}.{n}", options=["a", "b"], correct_answer=0)
                for n in range(2)
            ]
            for order, mcq in enumerate(questions):
                QuizMCQ.objects.create(quiz=quiz, mcq=mcq, order=order)
            assignment = Assignment.objects.create(title="Build it", max_marks=Decimal("50.00"))
            problem = CodingProblem.objects.create(
                title="FizzBuzz", test_cases=[{"input": "3", "expected_output": "Fizz", "is_sample": True}]
            )
            items: list[tuple[str, str, Article | VideoTutorial | Quiz | Assignment | CodingProblem]] = [
                ("Article", "article", article),
                ("VideoTutorial", "video_tutorial", video),
                ("Quiz", "quiz", quiz),
                ("Assignment", "assignment", assignment),
                ("CodingProblem", "coding_problem", problem),
            ]
            for order, (content_type, field, item) in enumerate(items, start=1):
                Content.objects.create(
                    submodule=sub, order=order, content_type=content_type, title=item.title, **{field: item}
                )
    return course


def course_tree_snapshot(course: Course) -> dict:
    """The tree as plain data without ids, to compare an original and its copy."""
    modules = []
    for module in course.modules.order_by("weekno", "id"):
        subs = []
        for sub in module.submodules.order_by("order", "id"):
            contents = []
            for content in sub.contents.order_by("order", "id"):
                item: Any = content.item
                entry: dict[str, Any] = {"type": content.content_type, "order": content.order, "title": item.title}
                if content.content_type == "Quiz":
                    entry["mcqs"] = [
                        (link.mcq.question, link.mcq.options, link.order) for link in item.quiz_mcqs.order_by("order")
                    ]
                if content.content_type == "CodingProblem":
                    entry["test_cases"] = item.test_cases
                contents.append(entry)
            subs.append({"title": sub.title, "order": sub.order, "contents": contents})
        modules.append({"title": module.title, "weekno": module.weekno, "submodules": subs})
    return {
        "description": course.description,
        "instructors": sorted(i.name for i in course.instructors.all()),
        "trusted_by": sorted(t.name for t in course.trusted_by.all()),
        "modules": modules,
    }
