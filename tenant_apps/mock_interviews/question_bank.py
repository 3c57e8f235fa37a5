"""Built-in questions, used when no AI service is configured (AI_BASE_URL unset).

Questions come from here or from the AI; feedback always needs the AI."""

from __future__ import annotations

QUESTIONS_PER_INTERVIEW = 5

_GENERAL = {
    "technical": [
        "Walk me through a recent project you built as a {role}. What was the hardest technical problem?",
        "How do you make sure the code you write as a {role} is correct and maintainable?",
        "Explain a concept central to the {role} role to someone new to the field.",
        "Describe how you would debug a problem that only happens in production.",
        "Which tools and technologies do you rely on most as a {role}, and why?",
        "How do you approach learning a technology you have never used before?",
    ],
    "behavioral": [
        "Tell me about a time you disagreed with a teammate. How did you resolve it?",
        "Describe a situation where you missed a deadline. What did you learn?",
        "Give an example of feedback you received and how you acted on it.",
        "Tell me about a time you took ownership of a problem nobody else wanted.",
        "Describe a goal you set for yourself and how you achieved it.",
        "Tell me about a time you had to explain something complex to a non-expert.",
    ],
    "hr": [
        "Why are you interested in this {role} position?",
        "Where do you see yourself in three years?",
        "What are your greatest strengths and one area you are working to improve?",
        "What kind of work environment helps you do your best work?",
        "Why should we hire you as a {role}?",
        "What do you know about the responsibilities of a {role}?",
    ],
    "system_design": [
        "Design a URL shortener. What are the main components and how do they scale?",
        "How would you design a notification service that sends e-mails and push messages?",
        "Design the backend of a simple online course platform. Which data would you store where?",
        "How would you design a rate limiter for a public API?",
        "Explain how you would add caching to a slow, read-heavy service.",
        "How would you make a service highly available across data centres?",
    ],
}

_LEVEL_HINT = {
    "entry": "",
    "junior": "",
    "mid": " Include the trade-offs you considered.",
    "senior": " Include the trade-offs and how you guided others.",
    "lead": " Include how you aligned the team and stakeholders.",
}


def bank_questions(*, job_role: str, experience_level: str, interview_type: str) -> list[dict]:
    """``QUESTIONS_PER_INTERVIEW`` questions ``[{"id", "question", "type"}]`` for the choice."""
    if interview_type == "mixed":
        picks = [
            ("technical", _GENERAL["technical"][0]),
            ("behavioral", _GENERAL["behavioral"][0]),
            ("technical", _GENERAL["technical"][3]),
            ("hr", _GENERAL["hr"][0]),
            ("behavioral", _GENERAL["behavioral"][2]),
        ]
    else:
        picks = [(interview_type, text) for text in _GENERAL[interview_type][:QUESTIONS_PER_INTERVIEW]]
    hint = _LEVEL_HINT.get(experience_level, "")
    return [
        {"id": index, "question": text.format(role=job_role) + (hint if kind != "hr" else ""), "type": kind}
        for index, (kind, text) in enumerate(picks, start=1)
    ]
