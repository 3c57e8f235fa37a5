"""The embedded PostgreSQL (pgserver) used when DATABASE_URL is unset.

Started once with ``cleanup_mode=None`` so it outlives the process that started it;
every other process (web, worker, management commands, tests) connects through the
unix socket in the data folder. ``python -m config.embedded_pg start|stop|status``.
"""

from __future__ import annotations

import fcntl
import os
import signal
import sys
import time
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / ".data" / "pg"


def _postmaster_pid() -> int | None:
    pid_file = DATA_DIR / "postmaster.pid"
    try:
        pid = int(pid_file.read_text().splitlines()[0])
    except (OSError, ValueError, IndexError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        pass
    return pid


def is_running() -> bool:
    return _postmaster_pid() is not None and (DATA_DIR / ".s.PGSQL.5432").exists()


def ensure_running() -> None:
    """Start the server unless it is up; a file lock keeps concurrent starters apart."""
    if is_running():
        return
    DATA_DIR.parent.mkdir(parents=True, exist_ok=True)
    with open(DATA_DIR.parent / "pg.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if is_running():
            return
        import pgserver

        pgserver.get_server(DATA_DIR, cleanup_mode=None)


def stop() -> None:
    pid = _postmaster_pid()
    if pid is None:
        return
    os.kill(pid, signal.SIGINT)  # fast shutdown
    for _ in range(100):
        if _postmaster_pid() is None:
            return
        time.sleep(0.1)


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "status"
    if command == "start":
        ensure_running()
        print(f"embedded PostgreSQL running, socket folder {DATA_DIR}")
    elif command == "stop":
        stop()
        print("embedded PostgreSQL stopped")
    else:
        print("running" if is_running() else "stopped")
