"""Where the Django secret key comes from (read by settings; no Django imports here).

``SECRET_KEY`` from the environment wins. Otherwise the key file (``SECRET_KEY_FILE``,
default ``.data/secret_key``) that ``make run`` creates once, mode 600, beside the
embedded database: the web process, the worker and the operator commands of one
machine then share a key nobody else knows. With ``DEBUG=false`` and neither, the
process refuses to start: a key that ships with the code lets anyone forge tokens and
signed links.

``python -m config.secret_key [PATH]`` creates the key file unless it exists.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

DEFAULT_KEY_FILE = Path(__file__).resolve().parent.parent / ".data" / "secret_key"
MIN_LENGTH = 32
# Only ever used with DEBUG=true and nothing configured.
DEBUG_KEY = "debug-only-insecure-key-never-used-with-debug-false-0123456789"
# Keys that have been published (the earlier built-in default): refused like a missing one.
KNOWN_KEYS = frozenset({"dev-insecure-change-me-0123456789abcdef0123456789", DEBUG_KEY})


class SecretKeyMissing(Exception):
    pass


def secret_key_resolve(*, value: str, key_file: Path, debug: bool) -> str:
    """The key to use, or ``SecretKeyMissing`` with a message saying how to set one."""
    source = "SECRET_KEY"
    key = value.strip()
    if not key and key_file.is_file():
        key, source = key_file.read_text().strip(), str(key_file)
    if debug:
        return key or DEBUG_KEY
    if not key:
        raise SecretKeyMissing(
            "SECRET_KEY is not set and DEBUG is false, so the server refuses to start. Set the "
            "SECRET_KEY environment variable to a long random value (for example the output of "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`), or create the key "
            f"file {key_file} with `python -m config.secret_key` (`make run` does this)."
        )
    if len(key) < MIN_LENGTH or key in KNOWN_KEYS:
        raise SecretKeyMissing(
            f"The secret key from {source} is published or shorter than {MIN_LENGTH} characters; "
            "set SECRET_KEY to a long random value."
        )
    return key


def secret_key_file_ensure(path: Path = DEFAULT_KEY_FILE) -> Path:
    """Create ``path`` with a new random key (mode 600) unless it exists; never overwrites.

    The key is written to a private temporary file and linked into place, so a
    concurrent reader never sees a half-written key and two creators cannot both win.
    """
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another process created it first: keep theirs
    finally:
        temporary.unlink(missing_ok=True)
    return path


if __name__ == "__main__":
    secret_key_file_ensure(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_KEY_FILE)
