"""Request and response schemas of the admin dashboard (Admin Dashboard API 33-38).

Percentages are numbers with 2 decimals, as elsewhere in the API.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import AliasPath

from api.schemas import JSONDecimal
from tenant_apps.accounts.models import ClientRoleName
from tenant_apps.lms.schemas import CourseHeadOut, LearnerRefOut, UserBriefOut
from tenant_apps.lms.selectors import percentage

if TYPE_CHECKING:
    from tenant_apps.accounts.models import User
    from tenant_apps.admin_dashboard.models import ProgressReset
    from tenant_apps.assessment.models import Submission as AssessmentSubmission
    from tenant_apps.dashboard.selectors import StreakHolder
    from tenant_apps.lms.models import Enrollment
    from tenant_apps.mock_interviews.models import MockInterview

# A user's own fields under the second names the web clients read: the answer and the OpenAPI
# document name only the field, the row is read at the alias.
SameAsId = Annotated[int, Field(validation_alias="id")]
SameAsUserName = Annotated[str, Field(validation_alias="user_name")]


class AdminRefOut(Schema):
    id: int
    title: str


class RecentActivityOut(Schema):
    id: int
    activity_type: str
    created_at: datetime
    user: UserBriefOut
    course: AdminRefOut | None
    content: AdminRefOut | None


class DailyHoursOut(Schema):
    date: date
    time_spent: JSONDecimal = Field(..., description="Hours tracked that day by all users (2 places).")


class CoreDashboardOut(Schema):
    """The contract's numbers, then what the older build's admin dashboard reads beside them
    (docs/real-client.md, "V's admin area"): ``number_of_students`` (= ``total_students``; its
    first card was blank) and ``daily_time_spend`` (its time card said 0 hours)."""

    total_students: int
    total_courses: int
    total_enrollments: int
    active_students: int
    recent_activities: list[RecentActivityOut]
    number_of_students: int = Field(..., validation_alias="total_students", description="= `total_students`.")
    daily_time_spend: list[DailyHoursOut] = Field(
        ..., description="The client's last 30 days, oldest first, each with the hours all users tracked."
    )


class StudentListOut(LearnerRefOut):
    """The contract's row plus the names H's manage-students table reads (``name``,
    ``first_name``, ``last_name``, ``username``; it showed "N/A" without them), ``user_id``,
    ``date_joined``, ``last_login`` and ``enrollment_count``: columns of the same row."""

    profile_pic_url: str
    role: str
    enrolled_courses_count: int
    is_active: bool
    user_id: SameAsId
    name: SameAsUserName
    first_name: str
    last_name: str
    username: SameAsUserName
    date_joined: datetime
    last_login: datetime | None
    enrollment_count: int = Field(validation_alias="enrolled_courses_count")


class StudentsPaginationOut(Schema):
    current_page: int
    total_pages: int
    total_students: int
    limit: int
    has_next: bool
    has_previous: bool


class StudentPageOut(Schema):
    """Response profile ``ai_linc``: one page of students in the web client's envelope."""

    students: list[StudentListOut]
    pagination: StudentsPaginationOut


class StudentOut(LearnerRefOut):
    role: str
    is_active: bool


class StudentUpdateIn(Schema):
    role: ClientRoleName | None = None
    is_active: bool | None = None
    # The web client's student page also edits the name and address (fields left out stay).
    first_name: str | None = Field(None, max_length=150)
    last_name: str | None = Field(None, max_length=150)
    email: str | None = Field(None, max_length=254)


class StudentActionIn(Schema):
    """The web clients' student drawer: activate the account, enrol in or unenrol from a
    course, or reset the student's progress in one course (``course_id`` required for those
    three)."""

    action: Literal["activate", "enroll_course", "unenroll_course", "reset_progress"]
    course_id: int | None = Field(None, ge=1, le=2**31 - 1)


class DailyActivityOut(Schema):
    date: date
    activities: int
    time_spent_minutes: int
    contents_completed: int


class StudentActivityAnalyticsOut(Schema):
    total_activities: int
    total_time_spent: int
    completion_rate: float
    start_date: date
    end_date: date
    daily_breakdown: list[DailyActivityOut]


class DailyAttendanceOut(Schema):
    date: date
    activities: int
    attendance: int
    attendance_rate: float


class AttendanceAnalyticsOut(Schema):
    total_activities: int
    total_attendance: int
    attendance_rate: float
    active_students: int
    start_date: date
    end_date: date
    daily_breakdown: list[DailyAttendanceOut]


class CourseCompletionRowOut(Schema):
    course_id: int
    title: str
    is_active: bool
    total_contents: int
    enrolled_students: int
    completed_students: int
    in_progress_students: int
    not_started_students: int
    completion_rate: float


class CourseCompletionStudentOut(Schema):
    """Response profile ``ai_linc``: one student's progress in one course, as the web
    client's manage-students page reads course-completion stats (rows over the
    enrollments ``selectors.course_completion_rows`` loads)."""

    student_id: int = Field(validation_alias="user_id")
    name: str = Field(validation_alias=AliasPath("user", "user_name"))
    email: str = Field(validation_alias=AliasPath("user", "email"))
    course_id: int
    course_title: str = Field(validation_alias=AliasPath("course", "title"))
    completed_contents: int
    total_contents: int
    completion_percentage: float
    attended_activities: int
    total_attendance_activities: int
    attendance_percentage: float

    @staticmethod
    def resolve_completion_percentage(row: Enrollment) -> float:
        return percentage(row.completed_contents, row.total_contents)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_attendance_percentage(row: Enrollment) -> float:
        return percentage(row.attended_activities, row.total_attendance_activities)  # type: ignore[attr-defined]


class CourseCompletionStatsOut(Schema):
    total_courses: int
    completed_courses: int
    in_progress_courses: int
    completion_rate: float
    course_breakdown: list[CourseCompletionRowOut]


class StreakHolderOut(Schema):
    """Response profile ``ai_linc``: a student as the web clients' "streak holders" read them
    from ``student-activity-analytics/`` (students too): name, picture, present streak and
    active days. Nothing else about other students: no e-mail, time, marks or courses."""

    user_id: int
    studentName: str  # noqa: N815 (the web client's names, here and below)
    Present_streak: int  # noqa: N815
    Active_days: int  # noqa: N815
    profile_pic_url: str

    @staticmethod
    def resolve_user_id(row: StreakHolder) -> int:
        return row["user"].id

    @staticmethod
    def resolve_studentName(row: StreakHolder) -> str:  # noqa: N802
        return row["user"].user_name

    @staticmethod
    def resolve_Present_streak(row: StreakHolder) -> int:  # noqa: N802
        return row["present_streak"]

    @staticmethod
    def resolve_Active_days(row: StreakHolder) -> int:  # noqa: N802
        return row["active_days"]

    @staticmethod
    def resolve_profile_pic_url(row: StreakHolder) -> str:
        return row["user"].profile_pic_url


# --- the student report (docs/real-client.md, "Admin student report") -----------------------------


class StudentContactOut(Schema):
    """The student report's names for a user (``personal_info``, the journey's ``student``):
    ``username`` is the e-mail, an unset picture is null."""

    first_name: str
    last_name: str
    email: str
    username: str
    profile_pic_url: str | None

    @staticmethod
    def resolve_username(user: User) -> str:
        return user.email

    @staticmethod
    def resolve_profile_pic_url(user: User) -> str | None:
        return user.profile_pic_url or None


class PersonalInfoOut(StudentContactOut):
    username: str = Field(description="The e-mail: the platform has no user names (as at login).")
    date_joined: datetime
    last_login: datetime | None
    is_active: bool


class TimeValueOut(Schema):
    value: float
    unit: Literal["hours"]


class AcademicSummaryOut(Schema):
    total_marks: JSONDecimal
    total_time_spent: TimeValueOut
    enrolled_courses_count: int
    assessment_submissions_count: int
    current_streak: int
    total_activities: int


class ReportSubmoduleOut(Schema):
    id: int
    title: str
    order: int
    total: int
    completed: int
    progress_percentage: float


class ReportModuleOut(Schema):
    id: int
    weekno: int
    title: str
    total: int
    completed: int
    progress_percentage: float
    submodules: list[ReportSubmoduleOut]


class ReportCourseOut(CourseHeadOut):
    enrollment_date: datetime
    marks: JSONDecimal = Field(description="The best score on each of the course's contents, summed.")
    progress_percentage: float
    total_contents: int
    completed_contents: int
    last_activity: datetime | None = Field(description="The latest activity event or progress in the course.")
    activity_count: int = Field(description="The student's activity events in the course.")
    modules: list[ReportModuleOut]


class ActivityDayOut(Schema):
    date: date
    activity_count: int
    time_spent_hours: float
    marks_earned: JSONDecimal = Field(description="Best marks of the contents completed that day.")


class ReportAssessmentOut(Schema):
    """One attempt of the student at an assessment (``id`` is the attempt's)."""

    id: int
    assessment_id: int
    assessment_slug: str
    assessment_title: str
    title: str
    score: JSONDecimal | None = Field(description="Percentage of the marks, once graded.")
    marks_obtained: JSONDecimal | None
    max_marks: JSONDecimal | None
    status: str
    started_at: datetime
    submitted_at: datetime | None
    date: datetime
    offered_scholarship_percentage: JSONDecimal | None

    @staticmethod
    def resolve_assessment_slug(row: AssessmentSubmission) -> str:
        return row.assessment.slug

    @staticmethod
    def resolve_assessment_title(row: AssessmentSubmission) -> str:
        return row.assessment.title

    @staticmethod
    def resolve_title(row: AssessmentSubmission) -> str:
        return row.assessment.title

    @staticmethod
    def resolve_date(row: AssessmentSubmission) -> datetime:
        return row.submitted_at or row.started_at


def _of_user(field: str) -> Any:
    """A field of a ``StudentReport`` read from its ``user``."""
    return Field(validation_alias=AliasPath("user", field))


# Read from a ``selectors.StudentReport`` (a comment: a docstring is an OpenAPI description).
class StudentDetailOut(StudentOut):
    """The contract's user (``id, user_name, email, role, is_active``) and the report the web
    clients' student pages read from the same path."""

    id: int = _of_user("id")
    user_name: str = _of_user("user_name")
    email: str = _of_user("email")
    role: str = _of_user("role")
    is_active: bool = _of_user("is_active")
    user_id: int = _of_user("id")
    personal_info: PersonalInfoOut = Field(validation_alias="user")
    academic_summary: AcademicSummaryOut
    enrolled_courses: list[ReportCourseOut] = Field(validation_alias="courses")
    activity_pattern_30_days: list[ActivityDayOut] = Field(
        description="The last 30 of the client's days, oldest first."
    )
    assessments: list[ReportAssessmentOut]
    activity_breakdown: dict[str, int] = Field(
        description="Activity events by the type of content they were on; events on no content under `Other`."
    )


class StudentRefOut(Schema):
    id: int
    user_id: SameAsId
    name: SameAsUserName


# The ref's fields first, then the contact's (pydantic takes the last base's first), as the web
# client has always received them. (A comment: a docstring would be an OpenAPI description.)
class JourneyStudentOut(StudentContactOut, StudentRefOut):
    is_active: bool
    date_joined: datetime
    last_login: datetime | None


class JourneySummaryOut(Schema):
    enrolled_courses_count: int
    total_marks: JSONDecimal
    total_time_hours: float
    current_streak: int
    total_activities: int
    overall_completion_pct: float
    last_activity_date: date | None
    assessments_count: int
    mock_interviews_count: int
    adaptive_sessions_count: int = Field(description="Always 0: the platform has no adaptive learning.")


class WeekItemOut(Schema):
    id: int
    title: str
    type: Literal["article", "video", "quiz", "coding", "other"]
    completed_at: datetime | None


class JourneyWeekOut(Schema):
    weekno: int
    module_title: str
    completed_count: int
    type_counts: dict[str, int]
    items: list[WeekItemOut]


class JourneyCourseWeeksOut(Schema):
    course_id: int
    course_title: str
    weeks: list[JourneyWeekOut]


class JourneyInterviewOut(Schema):
    id: int
    title: str
    topic: str
    subtopic: str
    difficulty: str = Field(description="Easy, Medium or Hard (the level's; as on the learner's interview cards).")
    status: str
    score: JSONDecimal | None
    scheduled_date_time: datetime | None = Field(
        validation_alias="scheduled_for",
        description="When the student planned to take it, else when it was set up.",
    )
    started_at: datetime | None
    submitted_at: datetime | None

    @staticmethod
    def resolve_title(row: MockInterview) -> str:
        return row.job_role

    @staticmethod
    def resolve_topic(row: MockInterview) -> str:
        return row.get_interview_type_display()

    @staticmethod
    def resolve_subtopic(row: MockInterview) -> str:
        return row.subtopic  # the focus the student gave, "" without one (H hides an empty one)


class JourneyInterviewSummaryOut(Schema):
    total: int
    completed: int
    average_score: JSONDecimal | None
    highest_score: JSONDecimal | None


class JourneyInterviewsOut(Schema):
    summary: JourneyInterviewSummaryOut
    items: list[JourneyInterviewOut]


# The web client's Adaptive tab (H's ``JourneyAdaptive``) lists a learner's adaptive sessions.
# The platform has no adaptive learning, so no session exists: each list is typed with the row
# H reads and is always empty (``max_length=0``, ``maxItems: 0`` in the OpenAPI document).
NO_ADAPTIVE_SESSIONS = "Always empty: the platform has no adaptive learning, so there are no sessions."


class AdaptiveQuizSessionOut(Schema):
    id: str
    status: str
    question_count: int
    hints_used: int
    started_at: datetime | None
    completed_at: datetime | None


class AdaptiveCodingSessionOut(Schema):
    id: str
    status: str
    language: str
    passed: bool
    run_count: int
    submit_count: int
    hints_revealed: int
    started_at: datetime | None
    completed_at: datetime | None


class AdaptiveVideoSessionOut(Schema):
    id: str
    status: str
    watch_mode: str
    completeness_pct: float
    comprehension_score: float
    started_at: datetime | None
    completed_at: datetime | None


class AdaptiveQuizOut(Schema):
    session_count: int = 0
    completed_count: int = 0
    skill_ability: dict[str, float] = Field(default_factory=dict)
    sessions: list[AdaptiveQuizSessionOut] = Field(default_factory=list, max_length=0, description=NO_ADAPTIVE_SESSIONS)


class AdaptiveCodingOut(Schema):
    session_count: int = 0
    passed_count: int = 0
    mastery: dict[str, float] = Field(default_factory=dict)
    misconceptions: list[Any] = Field(default_factory=list)
    sessions: list[AdaptiveCodingSessionOut] = Field(
        default_factory=list, max_length=0, description=NO_ADAPTIVE_SESSIONS
    )


class AdaptiveVideoOut(Schema):
    session_count: int = 0
    completed_count: int = 0
    avg_comprehension: float | None = None
    sessions: list[AdaptiveVideoSessionOut] = Field(
        default_factory=list, max_length=0, description=NO_ADAPTIVE_SESSIONS
    )


class AdaptiveOut(Schema):
    """Always empty: the platform has no adaptive learning (docs/real-client.md, "Not built")."""

    quiz: AdaptiveQuizOut = Field(default_factory=AdaptiveQuizOut)
    coding: AdaptiveCodingOut = Field(default_factory=AdaptiveCodingOut)
    video: AdaptiveVideoOut = Field(default_factory=AdaptiveVideoOut)


class TimelineEntryOut(Schema):
    type: Literal["content", "assessment", "mock_interview"]
    activity_type: str | None
    title: str | None
    course: str | None
    score: JSONDecimal | None
    status: str
    timestamp: datetime


# Read from a ``selectors.StudentReport``.
class StudentLearningJourneyOut(Schema):
    """H's learning journey of one student (``GET …/student-learning-journey/{id}/``)."""

    student: JourneyStudentOut = Field(validation_alias="user")
    summary: JourneySummaryOut
    courses: list[ReportCourseOut]
    weekly_progress: list[JourneyCourseWeeksOut]
    assessments: list[ReportAssessmentOut]
    mock_interviews: JourneyInterviewsOut
    adaptive: AdaptiveOut = Field(default_factory=AdaptiveOut)
    activity_breakdown: dict[str, int]
    activity_pattern_30_days: list[ActivityDayOut]
    timeline: list[TimelineEntryOut] = Field(description="The newest 50 entries, newest first.")


class StudentProfileOut(Schema):
    """A student's profile as an admin reads it (H's ``/admin/profile/{id}``): the fields of
    ``GET /accounts/clients/{id}/user-profile/`` and the names H's profile view reads."""

    id: int
    user_name: str
    profile_pic_url: str
    role: str
    first_name: str
    last_name: str
    email: str
    phone: str
    is_profile_active: bool
    username: str
    profile_picture: str
    phone_number: str
    is_active: bool
    date_joined: datetime

    @staticmethod
    def resolve_username(user: User) -> str:
        return user.email

    @staticmethod
    def resolve_profile_picture(user: User) -> str:
        return user.profile_pic_url

    @staticmethod
    def resolve_phone_number(user: User) -> str:
        return user.phone


# --- progress reset (docs/real-client.md, "Progress reset") ---------------------------------

ResetCountsOut = dict[str, int]


class ProgressResetScopeIn(Schema):
    """What to reset. ``adaptive``: course progress (completions, scores, graded attempts,
    activity events, tracked time and, without ``course_ids``, the activity log); the name is
    H's, whose courses are "adaptive". ``assessments``: assessment attempts. ``course_ids`` and
    ``assessment_ids`` narrow each (absent or empty: all of them)."""

    adaptive: bool = True
    assessments: bool = True
    course_ids: list[int] | None = Field(None, max_length=1000)
    assessment_ids: list[int] | None = Field(None, max_length=1000)


class ProgressResetIn(ProgressResetScopeIn):
    """The reset itself: refused unless ``confirm_email`` is the student's e-mail address."""

    confirm_email: str = Field(..., max_length=254)
    note: str | None = Field(None, max_length=1000)


class ResetStudentOut(Schema):
    id: int
    email: str
    name: str


class ResetCourseOut(Schema):
    """The rows of one course a reset removes (or removed), by kind."""

    course_id: int
    course_title: str
    counts: ResetCountsOut
    total: int


class ProgressResetScopeOut(Schema):
    adaptive: bool
    assessments: bool
    course_ids: list[int] | None
    assessment_ids: list[int] | None
    activity_only: bool = Field(False, description="The drawer action: activity and tracked time only.")


class ProgressResetPreviewOut(Schema):
    """What a reset of this scope would remove now (nothing is written): rows by kind
    (``counts``, zeros included), their ``total``, the same per course, what stays
    (``preserved``, sentences) and the address to type (``confirmation_required``)."""

    counts: ResetCountsOut
    total: int
    scope: str
    scope_detail: ProgressResetScopeOut
    courses: list[ResetCourseOut]
    preserved: list[str]
    student: ResetStudentOut
    confirmation_required: str


class ProgressResetOut(Schema):
    """One reset, done now (the POST's answer) or earlier (a history entry): ``counts`` and
    ``deleted_counts`` are the same rows by kind (H reads one name after the reset and the
    other in the history)."""

    id: int
    reset_id: int
    performed_at: datetime
    performed_by: str
    via: str
    scope: str
    scope_detail: ProgressResetScopeOut
    counts: ResetCountsOut
    deleted_counts: ResetCountsOut
    courses: list[ResetCourseOut]
    total: int
    note: str
    student_id: int

    @staticmethod
    def resolve_reset_id(obj: ProgressReset) -> int:
        return obj.id

    @staticmethod
    def resolve_performed_by(obj: ProgressReset) -> str:
        return obj.performed_by_email

    @staticmethod
    def resolve_scope(obj: ProgressReset) -> str:
        return obj.scope_label

    @staticmethod
    def resolve_scope_detail(obj: ProgressReset) -> dict:
        return obj.scope

    @staticmethod
    def resolve_deleted_counts(obj: ProgressReset) -> dict:
        return obj.counts


class ProgressResetHistoryOut(Schema):
    """A student's resets, newest first."""

    count: int
    results: list[ProgressResetOut]
