"""Demo course for ``make run``: every content type, two enrolled students with progress."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from tenant_apps.lms import grading, services
from tenant_apps.lms.models import (
    MCQ,
    Article,
    Assignment,
    CodingProblem,
    ContentType,
    Course,
    Enrollment,
    Instructor,
    Quiz,
    TrustedBy,
    VideoTutorial,
)

DEMO_COURSE_TITLE = "Python Foundations"


@transaction.atomic
def build_demo_lms(client, users_by_email: dict) -> None:
    """Idempotent: does nothing when the demo course already exists. Runs in the client's schema."""
    if Course.objects.filter(title=DEMO_COURSE_TITLE).exists():
        return
    instructor_user = users_by_email.get("instructor@demo.local")
    teacher = Instructor.objects.create(
        name="Ivan Instructor",
        bio="Ten years of teaching Python to beginners.",
        profile_pic_url="https://avatars.example.com/ivan.png",
        linkedin="https://www.linkedin.com/in/ivan-instructor",
        user=instructor_user,
    )
    company = TrustedBy.objects.create(name="Acme Corp", logo_url="https://logos.example.com/acme.png")
    course = services.course_create(
        title=DEMO_COURSE_TITLE,
        description="From your first print() to solving problems with code.",
        instructor_ids=[teacher.id],
        trusted_by_ids=[company.id],
    )
    week1 = services.module_create(course=course, weekno=1, title="Getting started")
    week2 = services.module_create(course=course, weekno=2, title="Practice")
    intro = services.submodule_create(module=week1, title="Hello, Python", description="Setup and basics", order=1)
    drill = services.submodule_create(
        module=week2, title="First programs", description="Write and submit code", order=1
    )

    article = Article.objects.create(
        title="Why Python?", content="Python reads like English and runs everywhere.", reading_time_minutes=4
    )
    video = VideoTutorial.objects.create(
        title="Installing Python",
        video_url="https://videos.example.com/install-python.mp4",
        duration_minutes=8,
        description="Install Python 3 and run your first script.",
    )
    questions = [
        MCQ.objects.create(
            question="What does print(2 * 3) show?",
            options=["5", "6", "23", "An error"],
            correct_answer=1,
            explanation="* multiplies numbers.",
        ),
        MCQ.objects.create(
            question="Which keyword defines a function?",
            options=["func", "function", "def", "lambda"],
            correct_answer=2,
            explanation="def starts a function definition.",
        ),
    ]
    quiz = services.item_save(
        model=Quiz,
        data={"title": "Basics check", "time_limit_minutes": 5, "mcq_ids": [mcq.id for mcq in questions]},
    )
    assignment = Assignment.objects.create(
        title="Your learning goals",
        description="Tell us what you want to build.",
        instructions="Write a short paragraph.",
        max_marks=Decimal("10.00"),
    )
    problem = CodingProblem.objects.create(
        title="Double it",
        description="Read an integer n and print 2 * n.",
        difficulty="Easy",
        starter_code="n = int(input())\n",
        test_cases=[
            {"input": "2\n", "expected_output": "4\n", "is_sample": True},
            {"input": "21\n", "expected_output": "42\n", "is_sample": False},
            {"input": "-5\n", "expected_output": "-10\n", "is_sample": False},
        ],
        max_marks=Decimal("20.00"),
    )
    contents = [
        services.content_create(submodule=intro, content_type=ContentType.ARTICLE, content_id=article.id, order=1),
        services.content_create(submodule=intro, content_type=ContentType.VIDEO_TUTORIAL, content_id=video.id, order=2),
        services.content_create(submodule=intro, content_type=ContentType.QUIZ, content_id=quiz.id, order=3),
        services.content_create(
            submodule=drill, content_type=ContentType.ASSIGNMENT, content_id=assignment.id, order=1
        ),
        services.content_create(
            submodule=drill, content_type=ContentType.CODING_PROBLEM, content_id=problem.id, order=2
        ),
    ]
    first, second = users_by_email.get("student1@demo.local"), users_by_email.get("student2@demo.local")
    if first is not None:
        Enrollment.objects.get_or_create(course=course, user=first)
        for content in contents[:2]:
            services.progress_complete(content=content, learner=first)
        # Both answers right, graded as a learner's attempt is (the quiz card reviews it per question).
        answers = [
            {"questionId": mcq.id, "questionIndex": n, "selectedOption": "ABCD"[mcq.correct_answer]}
            for n, mcq in enumerate(questions)
        ]
        attempt = grading.quiz_attempt(questions=questions, answers=answers)
        services.submission_record(content=contents[2], learner=first, completes=True, **attempt)
    if second is not None:
        Enrollment.objects.get_or_create(course=course, user=second)
        services.progress_complete(content=contents[0], learner=second)
