"""The production shape on 127.0.0.1, for tests: Debian's redis-server and pgbouncer, a copy
of the test database, and our own processes (gunicorn as in the Procfile, `manage.py
qcluster`, the release commands) started with the production settings (`config.settings`).

Every server listens on an ephemeral port and keeps its files in a temporary folder; every
process is started in its own session and stopped (and its group killed) at the end.
`make system-deps` installs the Debian packages these need (make test runs it).
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg2
import pytest
import requests

ROOT = Path(__file__).resolve().parent.parent
SECRET_KEY = "prod-shape-rehearsal-key-used-only-by-tests-0123456789"


def system_binary(name: str, package: str) -> str:
    """The path of a Debian program; missing, a clear failure in CI (make test installs it),
    a skip elsewhere."""
    found = shutil.which(name) or next(
        (path for path in (f"/usr/sbin/{name}", f"/usr/bin/{name}") if os.access(path, os.X_OK)), None
    )
    if found:
        return found
    message = f"{name} is missing: `make system-deps` installs Debian's {package} (apt-get, as root)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: Process, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        process.check_alive()
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"{process.name} did not listen on {port} within {seconds} s:\n{process.tail()}")


class Process:
    """A child process in its own session, its output in a log file."""

    def __init__(self, name: str, args: list[str], log_dir: Path, env: dict[str, str] | None = None) -> None:
        self.name = name
        self.log = log_dir / f"{name}.log"
        with open(self.log, "wb") as out:
            self.popen = subprocess.Popen(  # noqa: S603 - fixed programs and arguments
                args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )

    def tail(self, chars: int = 3000) -> str:
        try:
            return self.log.read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def check_alive(self) -> None:
        if self.popen.poll() is not None:
            pytest.fail(f"{self.name} exited with {self.popen.returncode}:\n{self.tail()}")

    def until(self, ready: Callable[[], None]) -> None:
        """Wait for ``ready``; if it fails, stop this process before the failure goes up."""
        try:
            ready()
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout=15)
            except subprocess.TimeoutExpired:
                pass
        try:  # children left behind (gunicorn workers, qcluster's processes)
            os.killpg(self.popen.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.popen.wait()


def run(args: list[str], env: dict[str, str], timeout: float = 600) -> str:
    """A one-off command (the release phase, an operator command); its stdout."""
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)  # noqa: S603
    if done.returncode:
        pytest.fail(f"{' '.join(args)} failed ({done.returncode}):\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
    return done.stdout


# --- PostgreSQL: a copy of the test database -------------------------------------------


def _admin_connection(settings_dict: dict[str, Any]) -> Any:
    connection = psycopg2.connect(
        dbname="postgres",
        user=settings_dict["USER"] or None,
        password=settings_dict["PASSWORD"] or None,
        host=settings_dict["HOST"] or None,
        port=settings_dict["PORT"] or None,
    )
    connection.autocommit = True
    return connection


@contextmanager
def database_copy(settings_dict: dict[str, Any], name: str) -> Iterator[str]:
    """A new database made from the (migrated, provisioned) test database, dropped at the end.

    The caller must have closed its own connections to the source: PostgreSQL copies a
    database only while nobody is connected to it."""
    source = settings_dict["NAME"]
    admin = _admin_connection(settings_dict)
    try:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
        yield name
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


# --- Redis and PgBouncer ---------------------------------------------------------------


class RedisServer:
    def __init__(self, work_dir: Path) -> None:
        binary = system_binary("redis-server", "redis-server")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        args = [binary, "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no"]
        self.process = Process("redis", [*args, "--dir", str(work_dir)], work_dir)
        self.process.until(lambda: wait_for_port(self.port, self.process))

    def stop(self) -> None:
        self.process.stop()


class PgBouncer:
    """Session pooling in front of the database: the one database name ``alias`` points at it.

    As root it runs as the owner of PostgreSQL's socket folder (the embedded server's user),
    or ``nobody`` for a TCP server: PgBouncer refuses to run as root."""

    def __init__(self, work_dir: Path, settings_dict: dict[str, Any], dbname: str, alias: str = "lms") -> None:
        binary = system_binary("pgbouncer", "pgbouncer")
        self.port = free_port()
        self.alias = alias
        host = settings_dict["HOST"] or "127.0.0.1"
        target = [f"host={host}", f"dbname={dbname}", f"user={settings_dict['USER'] or 'postgres'}"]
        if settings_dict["PORT"]:
            target.append(f"port={settings_dict['PORT']}")
        if settings_dict["PASSWORD"]:
            target.append(f"password={settings_dict['PASSWORD']}")
        config = work_dir / "pgbouncer.ini"
        config.write_text(
            "\n".join(
                [
                    "[databases]",
                    f"{alias} = {' '.join(target)}",
                    "[pgbouncer]",
                    "listen_addr = 127.0.0.1",
                    f"listen_port = {self.port}",
                    "unix_socket_dir =",
                    # Only loopback clients, each logged in as the database entry's user.
                    "auth_type = any",
                    "pool_mode = session",
                    "max_client_conn = 300",
                    "default_pool_size = 60",
                    "ignore_startup_parameters = extra_float_digits,options",
                    "",
                ]
            )
        )
        args = [binary]
        if os.geteuid() == 0:
            owner = "nobody"
            if host.startswith("/"):
                owner = pwd.getpwuid(os.stat(host).st_uid).pw_name
            shutil.chown(work_dir, user=owner)
            config.chmod(0o644)
            args += ["-u", owner]
        self.process = Process("pgbouncer", [*args, str(config)], work_dir)
        self.process.until(lambda: wait_for_port(self.port, self.process))

    def url(self, settings_dict: dict[str, Any]) -> str:
        return f"postgres://{settings_dict['USER'] or 'postgres'}@127.0.0.1:{self.port}/{self.alias}"

    def stats(self) -> dict[str, Any]:
        """``SHOW STATS`` of the admin console for our database (counts since start)."""
        console = psycopg2.connect(host="127.0.0.1", port=self.port, dbname="pgbouncer", user="pgbouncer")
        console.autocommit = True
        try:
            with console.cursor() as cursor:
                cursor.execute("SHOW STATS")
                columns = [column.name for column in cursor.description]
                rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
        finally:
            console.close()
        return next(row for row in rows if row["database"] == self.alias)

    def stop(self) -> None:
        self.process.stop()


# --- our processes ---------------------------------------------------------------------


def app_env(**overrides: str) -> dict[str, str]:
    """The environment of a production process: ``config.settings``, nothing from the tests."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTEST_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "SECRET_KEY": SECRET_KEY,
            "DEBUG": "false",
            "LOG_LEVEL": "WARNING",
            "PATH": f"{Path(sys.executable).parent}:{env.get('PATH', '/usr/bin:/bin')}",
        }
    )
    env.update(overrides)
    return env


class Web:
    """``gunicorn config.wsgi -c platform/gunicorn.conf.py``, the Procfile's web process."""

    def __init__(self, name: str, work_dir: Path, env: dict[str, str]) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        args = [sys.executable, "-m", "gunicorn", "config.wsgi", "-c", "platform/gunicorn.conf.py"]
        self.process = Process(name, args, work_dir, {**env, "PORT": str(self.port), "HOST": "127.0.0.1"})
        self.process.until(self._healthy)

    def _healthy(self) -> None:
        wait_for_port(self.port, self.process, seconds=60)
        # gunicorn listens at once; its worker answers once Django is loaded (slow on a busy machine)
        deadline = time.monotonic() + 120
        while True:
            self.process.check_alive()
            try:
                if requests.get(f"{self.url}/healthz", timeout=30).status_code == 200:
                    return
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"{self.process.name} is not healthy:\n{self.process.tail()}")
            time.sleep(0.2)

    def stop(self) -> None:
        self.process.stop()


class Worker:
    """``manage.py qcluster``, the Procfile's worker process."""

    def __init__(self, name: str, work_dir: Path, env: dict[str, str]) -> None:
        self.process = Process(name, [sys.executable, "manage.py", "qcluster"], work_dir, env)

    def stop(self) -> None:
        self.process.stop()
