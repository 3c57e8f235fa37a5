"""The kinds of a course's content, apart from the tables: apps that may not import
``lms.models`` (the "Apps own their tables" import contract) branch on them too."""

from __future__ import annotations

from django.db import models


class ContentType(models.TextChoices):
    ARTICLE = "Article", "Article"
    VIDEO_TUTORIAL = "VideoTutorial", "Video tutorial"
    QUIZ = "Quiz", "Quiz"
    ASSIGNMENT = "Assignment", "Assignment"
    CODING_PROBLEM = "CodingProblem", "Coding problem"
