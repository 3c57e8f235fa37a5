"""make bench's world and driver: the seeded history is consistent, every measured
endpoint answers a bench student, and wrk's report is read right."""

import pytest
from django.db.models import Sum
from django_tenants.utils import schema_context

from fixtures.bench import PRESETS, seed_bench, student_email
from fixtures.management.commands.bench_http import bench_endpoints, wrk_parse
from tenant_apps.accounts.models import User
from tenant_apps.accounts.services import session_start
from tenant_apps.activity.models import TimeSpent, UserActivity
from tenant_apps.lms.models import ContentProgress, Course, Enrollment, Submission
from tenants.models import Client

WRK_OUT = """Running 5s test @ http://127.0.0.1:8990/accounts/features/
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    41.20ms   12.11ms 210.40ms   80.00%
  Latency Distribution
     50%  812.00us
     75%   45.10ms
     90%   60.00ms
     99%    1.20s
  3650 requests in 5.01s, 1.10MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:    728.54
Transfer/sec:    224.00KB
"""


def test_wrk_report_is_read_with_its_units():
    result = wrk_parse(WRK_OUT)

    assert (result.rps, result.p50_ms, result.p99_ms, result.errors) == (728.54, 0.812, 1200.0, 7)


@pytest.fixture
def world(public_client):
    ids = seed_bench("tiny", log=lambda _: None)
    return Client.objects.get(id=ids[0])


def test_seeded_history_is_consistent(world):
    preset = PRESETS["tiny"]
    with schema_context(world.schema_name):
        students = User.objects.filter(email__endswith="@bench.local")
        events = UserActivity.objects.filter(user__in=students)
        first_course = Course.objects.get(title="Bench course 1")
        completions = {
            (user_id, content_id): at
            for user_id, content_id, at in events.filter(activity_type="complete")
            .order_by("-created_at")
            .values_list("user_id", "content_id", "created_at")
        }
        progress = ContentProgress.objects.filter(user__in=students)
        platform = TimeSpent.objects.filter(user__in=students, on_platform=True).aggregate(s=Sum("seconds"))["s"]
        per_content = TimeSpent.objects.filter(user__in=students, on_platform=False).aggregate(s=Sum("seconds"))["s"]

        assert students.count() == preset.students
        assert events.count() == preset.activity_rows
        assert Enrollment.objects.filter(course=first_course, user__in=students).count() == preset.students
        # Completed exactly where a "complete" event exists, at the first such event.
        assert {(p.user_id, p.content_id): p.completed_at for p in progress} == completions
        assert Submission.objects.filter(user__in=students).count() == progress.filter(max_score__gt=0).count() > 0
        assert platform == per_content > 0
        assert min(events.values_list("created_at", flat=True)) < max(events.values_list("created_at", flat=True))

    assert Client.objects.filter(slug__startswith="bench-empty-").count() == preset.empty_clients


def test_seeding_again_changes_nothing(world):
    with schema_context(world.schema_name):
        before = UserActivity.objects.count(), User.objects.count()

    assert seed_bench("tiny", log=lambda _: None) == [world.id]
    with schema_context(world.schema_name):
        assert (UserActivity.objects.count(), User.objects.count()) == before
    assert Client.objects.filter(slug__startswith="bench-empty-").count() == PRESETS["tiny"].empty_clients


def test_every_measured_endpoint_answers_a_bench_student(world, api):
    with schema_context(world.schema_name):
        student = User.objects.get(email=student_email(1))
        token = session_start(user=student, client_id=world.id).access
    client = api.with_token(token)

    def get(path: str):
        response = client.get(path)
        assert response.status_code == 200, (path, response.raw[:300])
        return response.json()

    endpoints = bench_endpoints(get, world.id)
    answers = {e.name: client.request(e.method, e.path, e.body).status_code for e in endpoints}
    article_id = int(next(e.path for e in endpoints if e.name == "content detail").rstrip("/").rsplit("/", 1)[1])

    assert len(endpoints) == 20
    assert set(answers.values()) <= {200, 201}, answers
    with schema_context(world.schema_name):
        # The writes took effect: a new quiz submission, the article completed.
        assert Submission.objects.filter(user=student, payload__userAnswers__0__selectedOption="A").exists()
        assert ContentProgress.objects.get(user=student, content_id=article_id).is_completed
