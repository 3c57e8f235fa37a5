"""Running untrusted code: a local sandbox for Python, or a Judge0-compatible server.

Local sandbox (default; Judge0 language ids 71, 92 and 100 = Python 3): the code runs in
a child process of this interpreter started with ``-I -S -B`` (no site-packages, no
environment, no user paths) in its own temporary directory, with

- rlimits: CPU seconds, address space, output file size (stdout/stderr are files, so the
  kernel stops a flood with SIGXFSZ), open files, processes, no core dumps;
- a wall-clock timeout (the whole process group is killed);
- an empty environment and, when this process runs as root, the ``nobody`` user;
- no network: a fresh network namespace (``unshare(CLONE_NEWNET)``, with a user namespace
  when not root) holding only a downed loopback; where namespaces are unavailable, an
  audit hook in the child refuses sockets, ctypes, subprocesses and forks.

With ``JUDGE0_URL`` set, every run is a ``POST {JUDGE0_URL}/submissions?base64_encoded=false&wait=true``
and all Judge0 languages are accepted (``JUDGE0_AUTH_TOKEN`` is sent as ``X-Auth-Token``).
"""

from __future__ import annotations

import ctypes
import functools
import logging
import math
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import requests
from django.conf import settings

from core.errors import FieldErrors, ServiceUnavailable

logger = logging.getLogger(__name__)

PYTHON_LANGUAGE_IDS = {71: "Python (3.8.1)", 92: "Python (3.11.2)", 100: "Python (3.12.5)"}
OUTPUT_LIMIT_BYTES = 64 * 1024
SHOWN_OUTPUT_CHARS = 10_000
NOBODY = 65534
CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000

# Judge0 status ids and descriptions.
ACCEPTED = (3, "Accepted")
WRONG_ANSWER = (4, "Wrong Answer")
TIME_LIMIT = (5, "Time Limit Exceeded")
RUNTIME_SIGSEGV = (7, "Runtime Error (SIGSEGV)")
RUNTIME_SIGXFSZ = (8, "Runtime Error (SIGXFSZ)")
RUNTIME_SIGKILL = (12, "Runtime Error (Other)")
RUNTIME_NZEC = (11, "Runtime Error (NZEC)")
INTERNAL_ERROR = (13, "Internal Error")

# Runs in the child before the untrusted code: installs the audit hook, reports the
# process's own peak memory (VmHWM) on a pipe at exit, then runs main.py.
_HOOK = r"""
import atexit, os, sys
def _peak(fd=REPORT_FD):
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    os.write(fd, line.split()[1].encode())
                    break
    except Exception:
        pass
atexit.register(_peak)
del _peak
def _deny(event, args, _blocked=("socket.", "ctypes.", "subprocess.", "os.system", "os.exec", "os.posix_spawn",
                                 "os.spawn", "os.fork", "os.forkpty", "os.kill", "os.putenv", "os.chmod")):
    if event.startswith(_blocked):
        raise PermissionError("not allowed in the sandbox: " + event)
sys.addaudithook(_deny)
del _deny
sys.argv = ["main.py"]
with open("main.py", encoding="utf-8") as _f:
    _code = compile(_f.read(), "main.py", "exec")
del _f
exec(_code, {"__name__": "__main__", "__builtins__": __builtins__})
"""


@dataclass
class RunResult:
    stdout: str
    stderr: str
    status_id: int
    status: str
    time: Decimal | None  # seconds of CPU
    memory: int | None  # KB (max resident set)

    @property
    def ok(self) -> bool:
        return self.status_id == ACCEPTED[0]


def code_run(
    *, source_code: str, language_id: int, stdin: str = "", time_limit: float = 2.0, memory_limit_mb: int = 256
) -> RunResult:
    if _judge0_url():
        return _judge0_run(
            source_code=source_code,
            language_id=language_id,
            stdin=stdin,
            time_limit=time_limit,
            memory_limit_mb=memory_limit_mb,
        )
    if language_id not in PYTHON_LANGUAGE_IDS:
        supported = ", ".join(f"{key} ({name})" for key, name in PYTHON_LANGUAGE_IDS.items())
        raise FieldErrors({"language_id": f"Unsupported language; this server runs {supported}."})
    return _local_python_run(
        source_code=source_code, stdin=stdin, time_limit=time_limit, memory_limit_mb=memory_limit_mb
    )


# --- Judge0 -------------------------------------------------------------------------------


def _judge0_url() -> str:
    return settings.JUDGE0_URL.rstrip("/")


def _judge0_run(
    *, source_code: str, language_id: int, stdin: str, time_limit: float, memory_limit_mb: int
) -> RunResult:
    body: dict[str, Any] = {
        "source_code": source_code,
        "language_id": language_id,
        "stdin": stdin,
        "cpu_time_limit": time_limit,
        "wall_time_limit": max(time_limit * 3, 5),
        "memory_limit": memory_limit_mb * 1024,
    }
    headers = {"Accept": "application/json"}
    token = settings.JUDGE0_AUTH_TOKEN
    if token:
        headers["X-Auth-Token"] = token
    try:
        response = requests.post(
            f"{_judge0_url()}/submissions?base64_encoded=false&wait=true",
            json=body,
            headers=headers,
            timeout=max(time_limit * 5, 15),
        )
    except requests.RequestException as exc:
        logger.warning("Judge0 unreachable: %s", exc)
        raise ServiceUnavailable("The code runner is unavailable.") from exc
    if response.status_code == 422:
        raise FieldErrors({"language_id": "The code runner refused this submission."})
    if response.status_code >= 400:
        logger.warning("Judge0 answered %s", response.status_code)
        raise ServiceUnavailable("The code runner is unavailable.")
    try:
        data = response.json() if response.content else {}
    except ValueError as exc:
        logger.warning("Judge0 answered something that is not JSON: %s", exc)
        raise ServiceUnavailable("The code runner is unavailable.") from exc
    status = data.get("status") or {}
    stderr = "\n".join(part for part in (data.get("compile_output"), data.get("stderr")) if part)
    run_time = data.get("time")
    return RunResult(
        stdout=(data.get("stdout") or "")[:SHOWN_OUTPUT_CHARS],
        stderr=stderr[:SHOWN_OUTPUT_CHARS],
        status_id=int(status.get("id") or INTERNAL_ERROR[0]),
        status=str(status.get("description") or INTERNAL_ERROR[1]),
        time=Decimal(str(run_time)) if run_time not in (None, "") else None,
        memory=int(data["memory"]) if data.get("memory") is not None else None,
    )


# --- local Python -------------------------------------------------------------------------


@functools.cache
def _libc() -> ctypes.CDLL | None:
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


@dataclass(frozen=True)
class Runtime:
    python: str
    isolate_network: bool
    drop_privileges: bool


@functools.cache
def runtime() -> Runtime:
    """How this host can sandbox (probed once): the interpreter, namespaces, the user.

    As root, the child runs as ``nobody``, so the interpreter must be one ``nobody`` can
    execute (``SANDBOX_PYTHON``, this interpreter, or ``/usr/bin/python3``).
    """
    configured = settings.SANDBOX_PYTHON
    candidates = [path for path in (configured, sys.executable, "/usr/bin/python3") if path]
    as_root = os.geteuid() == 0
    for isolate in (True, False):
        for drop in (True, False) if as_root else (False,):
            for python in candidates:
                if _probe(python, isolate=isolate, drop=drop):
                    if not isolate or (as_root and not drop):
                        logger.warning("Code sandbox is weaker here: network namespace=%s, nobody=%s", isolate, drop)
                    return Runtime(python=python, isolate_network=isolate, drop_privileges=drop)
    return Runtime(python=sys.executable, isolate_network=False, drop_privileges=False)


def _probe(python: str, *, isolate: bool, drop: bool) -> bool:
    try:
        result = subprocess.run(  # noqa: S603 (fixed argv)
            [python, "-I", "-S", "-c", "pass"],
            preexec_fn=functools.partial(
                _child_setup, cpu_seconds=5, memory_bytes=512 * 1024 * 1024, isolate=isolate, drop=drop
            ),
            capture_output=True,
            timeout=10,
            env={},
        )
        return result.returncode == 0
    except (subprocess.SubprocessError, OSError):
        return False


def _isolate_network() -> None:
    libc = _libc()
    flags = CLONE_NEWNET if os.geteuid() == 0 else CLONE_NEWUSER | CLONE_NEWNET
    if libc is None or libc.unshare(flags) != 0:
        raise OSError("unshare failed")


def _child_setup(*, cpu_seconds: int, memory_bytes: int, isolate: bool, drop: bool) -> None:
    os.setsid()
    if isolate:
        _isolate_network()
    limits = {
        resource.RLIMIT_CPU: (cpu_seconds, cpu_seconds + 1),
        resource.RLIMIT_AS: (memory_bytes, memory_bytes),
        resource.RLIMIT_FSIZE: (OUTPUT_LIMIT_BYTES, OUTPUT_LIMIT_BYTES),
        resource.RLIMIT_NOFILE: (64, 64),
        resource.RLIMIT_CORE: (0, 0),
    }
    if drop:
        os.setgroups([])
        os.setgid(NOBODY)
        limits[resource.RLIMIT_NPROC] = (32, 32)
    for which, value in limits.items():
        resource.setrlimit(which, value)
    if drop:
        os.setuid(NOBODY)


def _local_python_run(*, source_code: str, stdin: str, time_limit: float, memory_limit_mb: int) -> RunResult:
    workdir = tempfile.mkdtemp(prefix="sandbox-")
    try:
        with open(os.path.join(workdir, "main.py"), "w", encoding="utf-8") as handle:
            handle.write(source_code)
        os.chmod(os.path.join(workdir, "main.py"), 0o644)
        sandbox = runtime()
        if sandbox.drop_privileges:
            os.chown(workdir, NOBODY, NOBODY)
        else:
            os.chmod(workdir, 0o700)
        with (
            tempfile.TemporaryFile() as stdin_file,
            tempfile.TemporaryFile() as stdout_file,
            tempfile.TemporaryFile() as stderr_file,
        ):
            stdin_file.write(stdin.encode())
            stdin_file.seek(0)
            cpu_seconds = max(1, math.ceil(time_limit))
            report_read, report_write = os.pipe()
            started = time.monotonic()
            process = subprocess.Popen(  # noqa: S603 (the sandbox: fixed argv, untrusted code in a file)
                [sandbox.python, "-I", "-S", "-B", "-c", _HOOK.replace("REPORT_FD", str(report_write))],
                pass_fds=(report_write,),
                cwd=workdir,
                stdin=stdin_file,
                stdout=stdout_file,
                stderr=stderr_file,
                env={"PYTHONIOENCODING": "utf-8", "PYTHONHASHSEED": "0"},
                close_fds=True,
                preexec_fn=functools.partial(
                    _child_setup,
                    cpu_seconds=cpu_seconds,
                    memory_bytes=max(64, memory_limit_mb) * 1024 * 1024,
                    isolate=sandbox.isolate_network,
                    drop=sandbox.drop_privileges,
                ),
            )
            wall_limit = time_limit * 2 + 1
            timed_out = False
            while True:
                pid, wait_status, usage = os.wait4(process.pid, os.WNOHANG)
                if pid:
                    break
                if time.monotonic() - started > wall_limit:
                    timed_out = True
                    _kill_group(process.pid)
                    pid, wait_status, usage = os.wait4(process.pid, 0)
                    break
                time.sleep(0.005)
            _kill_group(process.pid)  # anything the program left behind
            process.returncode = os.waitstatus_to_exitcode(wait_status)
            os.close(report_write)
            peak_kb = _read_report(report_read)
            stdout_file.seek(0)
            stderr_file.seek(0)
            stdout = stdout_file.read(OUTPUT_LIMIT_BYTES).decode("utf-8", "replace")
            stderr = stderr_file.read(OUTPUT_LIMIT_BYTES).decode("utf-8", "replace")
        cpu = usage.ru_utime + usage.ru_stime
        status = _status_of(process.returncode, cpu=cpu, time_limit=time_limit, timed_out=timed_out, stderr=stderr)
        return RunResult(
            stdout=stdout[:SHOWN_OUTPUT_CHARS],
            stderr=stderr[-SHOWN_OUTPUT_CHARS:],
            status_id=status[0],
            status=status[1],
            time=Decimal(f"{cpu:.3f}"),
            memory=peak_kb or int(usage.ru_maxrss),
        )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _read_report(fd: int) -> int | None:
    try:
        os.set_blocking(fd, False)
        data = os.read(fd, 64)
    except OSError:
        data = b""
    finally:
        os.close(fd)
    return int(data) if data.isdigit() else None


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _status_of(returncode: int, *, cpu: float, time_limit: float, timed_out: bool, stderr: str) -> tuple[int, str]:
    if timed_out or cpu > time_limit or returncode == -signal.SIGXCPU:
        return TIME_LIMIT
    if returncode == 0:
        return ACCEPTED
    if returncode == -signal.SIGXFSZ or "File too large" in stderr[-500:]:
        return RUNTIME_SIGXFSZ
    if returncode == -signal.SIGSEGV:
        return RUNTIME_SIGSEGV
    if returncode < 0:
        return RUNTIME_SIGKILL
    return RUNTIME_NZEC


def outputs_match(actual: str, expected: str) -> bool:
    """Judge0-style comparison, forgiving trailing whitespace on each line and at the end."""
    return [line.rstrip() for line in actual.rstrip().splitlines()] == [
        line.rstrip() for line in expected.rstrip().splitlines()
    ]
