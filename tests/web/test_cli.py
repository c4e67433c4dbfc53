"""The operator command line, in-process against the test database."""

from __future__ import annotations

import asyncio
import io
import subprocess
import sys
from pathlib import Path

import asyncpg
import pytest

from web import cli
from web.settings import get_settings

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def run(database_url, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", database_url)
    get_settings.cache_clear()

    def invoke(*argv: str, stdin: str | None = None) -> tuple[int, str, str]:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin) if stdin is not None else _Tty())
        code = cli.main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    yield invoke
    get_settings.cache_clear()


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_orgs_create_refuses_duplicates(run):
    code, out, _ = run("orgs", "create", "--kind", "agency", "--name", "Flex BV", "--slug", "flex")
    assert code == 0 and "created agency 'Flex BV'" in out
    code, _, err = run("orgs", "create", "--kind", "agency", "--name", "Flex 2", "--slug", "flex")
    assert code == 1 and "already exists" in err


def test_users_create_reads_password_from_stdin(run, database_url):
    run("orgs", "create", "--kind", "municipality", "--name", "Gemeente", "--slug", "gem")
    code, out, _ = run(
        "users",
        "create",
        "--role",
        "jobcoach",
        "--org",
        "gem",
        "--email",
        "a@b.nl",
        stdin="a-long-password\n",
    )
    assert code == 0 and "password" not in out
    code, _, err = run(
        "users",
        "create",
        "--role",
        "admin",
        "--org",
        "gem",
        "--email",
        "A@B.nl",
        stdin="another-password\n",
    )
    assert code == 1 and "already exists" in err


def test_users_create_generates_and_prints_a_password_once(run):
    run("orgs", "create", "--kind", "agency", "--name", "Uitzend", "--slug", "uitzend")
    code, out, _ = run(
        "users", "create", "--role", "agency", "--org", "uitzend", "--email", "p@u.nl"
    )
    assert code == 0
    assert "password (shown once):" in out


def test_users_create_refuses_unknown_org_and_weak_password(run):
    code, _, err = run("users", "create", "--role", "agency", "--org", "nope", "--email", "x@y.nl")
    assert code == 1 and "no organisation" in err
    run("orgs", "create", "--kind", "agency", "--name", "U", "--slug", "u")
    code, _, err = run(
        "users", "create", "--role", "agency", "--org", "u", "--email", "x@y.nl", stdin="short\n"
    )
    assert code == 1 and "minstens" in err


def test_unknown_role_is_a_usage_error(run):
    with pytest.raises(SystemExit) as exit_info:
        run("users", "create", "--role", "boss", "--org", "x", "--email", "x@y.nl")
    assert exit_info.value.code == 2


def test_migrate_command_is_idempotent(run, database_url):
    code, out, _ = run("migrate")
    assert code == 0 and "applied 0 migration(s)" in out

    async def applied() -> int:
        conn = await asyncpg.connect(database_url)
        try:
            return int(await conn.fetchval("SELECT count(*) FROM schema_migrations"))
        finally:
            await conn.close()

    assert asyncio.run(applied()) >= 1


def test_serve_leaves_cleanly_past_a_busy_daemon_thread(tmp_path: Path) -> None:
    """A daemon thread still inside torch at exit (a cold ESCO load) aborted the server
    with exit 134; the exit handlers must still run and the exit code be the one asked."""
    marker = tmp_path / "stopped"
    script = f"""
import atexit, pathlib, threading, torch
from web.cli import leave_past_daemon_threads
atexit.register(lambda: pathlib.Path({str(marker)!r}).write_text("stopped"))
def busy():
    while True:
        torch.randn(256, 256) @ torch.randn(256, 256)
threading.Thread(target=busy, daemon=True).start()
leave_past_daemon_threads(3)
raise SystemExit("not reached")
"""
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 3, done.stderr
    assert marker.read_text() == "stopped"
    assert "terminate called" not in done.stderr
