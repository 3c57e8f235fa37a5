"""The secret key: never a published default with DEBUG=false (README "Security")."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from config.secret_key import SecretKeyMissing, secret_key_file_ensure, secret_key_resolve

ROOT = Path(__file__).resolve().parents[1]
PRINT_KEYS = (
    "import django; from django.conf import settings; django.setup(); "
    "print(settings.SECRET_KEY); print(settings.JWT_SIGNING_KEY)"
)


def _start(tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    """Load the real settings in a new process, with a clean environment plus ``env``."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SECRET_KEY", "JWT_", "DEBUG", "DJANGO_"))}
    base.update({"DJANGO_SETTINGS_MODULE": "config.settings", "SECRET_KEY_FILE": str(tmp_path / "absent")})
    base.update(env)
    return subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, "-c", PRINT_KEYS], cwd=ROOT, env=base, capture_output=True, text=True, timeout=60
    )


class StartupTests:
    def test_without_a_key_and_debug_false_the_process_refuses_to_start(self, tmp_path):
        # when
        result = _start(tmp_path, DEBUG="false")
        # then: a clear error, and no key file was written on the way
        assert result.returncode != 0
        assert "ImproperlyConfigured" in result.stderr
        assert "SECRET_KEY is not set and DEBUG is false" in result.stderr
        assert list(tmp_path.iterdir()) == []

    def test_the_old_published_default_and_short_keys_are_refused(self, tmp_path):
        for key in ("dev-insecure-change-me-0123456789abcdef0123456789", "short"):
            result = _start(tmp_path, DEBUG="false", SECRET_KEY=key)
            assert result.returncode != 0
            assert "published or shorter" in result.stderr

    def test_the_environment_key_is_used_and_signs_tokens_by_default(self, tmp_path):
        key = "k" * 40
        result = _start(tmp_path, DEBUG="false", SECRET_KEY=key)
        assert result.returncode == 0, result.stderr
        assert result.stdout.split() == [key, key]

    def test_jwt_signing_key_can_differ(self, tmp_path):
        result = _start(tmp_path, SECRET_KEY="k" * 40, JWT_SIGNING_KEY="j" * 40)
        assert result.stdout.split() == ["k" * 40, "j" * 40]

    def test_the_key_file_make_run_creates_is_used(self, tmp_path):
        # given: what `make run` does
        key_file = tmp_path / "secret_key"
        subprocess.run([sys.executable, "-m", "config.secret_key", str(key_file)], cwd=ROOT, check=True)  # noqa: S603
        # when
        result = _start(tmp_path, DEBUG="false", SECRET_KEY_FILE=str(key_file))
        # then
        assert result.returncode == 0, result.stderr
        assert result.stdout.split()[0] == key_file.read_text().strip()


class KeyFileTests:
    def test_created_once_with_mode_600(self, tmp_path):
        path = tmp_path / "data" / "secret_key"

        secret_key_file_ensure(path)
        first = path.read_text()
        secret_key_file_ensure(path)

        assert path.read_text() == first  # never overwritten
        assert len(first.strip()) >= 50
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert sorted(p.name for p in path.parent.iterdir()) == ["secret_key"]  # no temporary left

    def test_two_machines_get_different_keys(self, tmp_path):
        one, two = secret_key_file_ensure(tmp_path / "one"), secret_key_file_ensure(tmp_path / "two")
        assert one.read_text() != two.read_text()

    def test_resolve_prefers_the_environment_over_the_file(self, tmp_path):
        path = secret_key_file_ensure(tmp_path / "key")
        assert secret_key_resolve(value="e" * 40, key_file=path, debug=False) == "e" * 40
        assert secret_key_resolve(value="", key_file=path, debug=False) == path.read_text().strip()
        with pytest.raises(SecretKeyMissing):
            secret_key_resolve(value="", key_file=tmp_path / "absent", debug=False)
        # DEBUG=true still starts without one (a key only for local debugging)
        assert secret_key_resolve(value="", key_file=tmp_path / "absent", debug=True)
