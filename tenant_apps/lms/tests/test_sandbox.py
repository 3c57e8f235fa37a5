"""The code sandbox: limits, isolation, and the Judge0 protocol."""

import functools
import json
import subprocess

import pytest

from core.errors import FieldErrors, ServiceUnavailable
from tenant_apps.lms import sandbox
from tests.fakes.http import FakeHttpServer


def run(code: str, stdin: str = "", **limits) -> sandbox.RunResult:
    return sandbox.code_run(source_code=code, language_id=71, stdin=stdin, **limits)


def test_runs_python_with_stdin():
    result = run("print(sum(map(int, input().split())))", "2 3\n")
    assert (result.status, result.stdout) == ("Accepted", "5\n")
    assert result.time is not None and result.memory


def test_runtime_error_has_stderr():
    result = run("raise ValueError('boom')")
    assert result.status == "Runtime Error (NZEC)" and "ValueError: boom" in result.stderr


def test_cpu_time_limit():
    result = run("while True: pass", time_limit=0.5)
    assert result.status == "Time Limit Exceeded"


def test_sleeping_hits_the_wall_clock():
    result = run("import time; time.sleep(30)", time_limit=0.3)
    assert result.status == "Time Limit Exceeded"


def test_memory_limit():
    result = run("x = bytearray(400 * 1024 * 1024)", memory_limit_mb=128)
    assert result.status == "Runtime Error (NZEC)" and "MemoryError" in result.stderr


def test_output_is_limited():
    result = run("import sys\nfor _ in range(10**6): sys.stdout.write('x' * 100)")
    assert result.status != "Accepted" and len(result.stdout) <= sandbox.SHOWN_OUTPUT_CHARS


def test_no_network_and_no_environment():
    result = run(
        "import os, socket\nprint(sorted(os.environ))\n"
        "s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)\ns.settimeout(1)\ns.connect(('127.0.0.1', 5432))"
    )
    assert result.status != "Accepted"
    assert "DATABASE_URL" not in result.stdout and "DJANGO_SETTINGS_MODULE" not in result.stdout
    assert "PermissionError" in result.stderr or "unreachable" in result.stderr.lower()


def test_network_namespace_cuts_even_loopback():
    """Without the audit hook, a child in the sandbox's namespace still reaches nothing,
    not even a server listening on this host's 127.0.0.1."""
    runtime = sandbox.runtime()
    if not runtime.isolate_network:
        pytest.skip("no network namespaces on this host")
    with FakeHttpServer(lambda *args: (200, {}, "hi")) as server:
        code = (
            f"import socket\ns = socket.create_connection(('127.0.0.1', {server.port}), timeout=2)\nprint('connected')"
        )
        setup = functools.partial(
            sandbox._child_setup,
            cpu_seconds=5,
            memory_bytes=512 * 1024 * 1024,
            isolate=True,
            drop=runtime.drop_privileges,
        )
        result = subprocess.run(
            [runtime.python, "-I", "-S", "-c", code], preexec_fn=setup, capture_output=True, timeout=20
        )
    assert b"connected" not in result.stdout
    assert b"Network is unreachable" in result.stderr or b"Connection refused" in result.stderr


def test_unsupported_language_is_400():
    with pytest.raises(FieldErrors) as error:
        sandbox.code_run(source_code="int main(){}", language_id=54)
    assert "language_id" in error.value.errors


def test_outputs_match_ignores_trailing_whitespace():
    assert sandbox.outputs_match("4 \n5\n\n", "4\n5")
    assert not sandbox.outputs_match("4\n", "5\n")


class TestJudge0:
    def test_posts_a_submission_and_reads_the_result(self, settings):
        def handler(method, path, headers, body):
            payload = json.loads(body)
            assert payload["language_id"] == 54 and payload["stdin"] == "2\n"
            return (
                201,
                {},
                {
                    "stdout": "4\n",
                    "stderr": None,
                    "compile_output": None,
                    "time": "0.012",
                    "memory": 3200,
                    "status": {"id": 3, "description": "Accepted"},
                },
            )

        with FakeHttpServer(handler) as server:
            settings.JUDGE0_URL = server.url
            settings.JUDGE0_AUTH_TOKEN = "secret"
            result = sandbox.code_run(source_code="int main(){}", language_id=54, stdin="2\n")
        assert (result.status, result.stdout, str(result.time), result.memory) == ("Accepted", "4\n", "0.012", 3200)
        request = server.requests[0]
        assert request["path"] == "/submissions?base64_encoded=false&wait=true"
        assert request["headers"]["x-auth-token"] == "secret"

    def test_compile_errors_come_back_in_stderr(self, settings):
        def handler(method, path, headers, body):
            return (
                201,
                {},
                {"stdout": None, "compile_output": "error: x", "status": {"id": 6, "description": "Compilation Error"}},
            )

        with FakeHttpServer(handler) as server:
            settings.JUDGE0_URL = server.url
            result = sandbox.code_run(source_code="bad", language_id=54)
        assert result.status == "Compilation Error" and result.stderr == "error: x"

    def test_server_down_is_503(self, settings):
        with FakeHttpServer(lambda *args: (500, {}, {"error": "x"})) as server:
            settings.JUDGE0_URL = server.url
            with pytest.raises(ServiceUnavailable):
                sandbox.code_run(source_code="x", language_id=71)
