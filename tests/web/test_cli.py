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


def test_serve_with_matching_and_esco_stops_cleanly(database_url, tmp_path) -> None:
    """The web process with matching on and ESCO configured: its worker shares the
    label vectors, the web loads the taxonomy without embedding, and SIGTERM ends every
    process with exit 0 (a cold ESCO load inside the web process once aborted it)."""
    import json
    import signal
    import time
    import urllib.request

    from tests.matcher.test_taxonomy import make_esco_dir

    (tmp_path / "esco").mkdir()
    port = _free_port()
    env = _serve_env(database_url, tmp_path / "data", esco=make_esco_dir(tmp_path / "esco"))
    server = subprocess.Popen(
        [sys.executable, "-m", "web.cli", "serve", "--with-worker", "--port", str(port)],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        deadline, taxonomy = time.monotonic() + 150, None
        while time.monotonic() < deadline and taxonomy != "loaded":
            assert server.poll() is None, "serve exited"
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:
                    taxonomy = json.loads(r.read())["index"].get("taxonomy")
            except OSError:
                pass
            time.sleep(0.5)
        assert taxonomy == "loaded"
        server.send_signal(signal.SIGTERM)
        assert server.wait(60) == 0
    finally:
        if server.poll() is None:
            server.kill()


def test_worker_help() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "web.cli", "worker", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "job queue" in done.stdout and "SIGTERM" in done.stdout


def test_serve_runs_web_processes_on_one_port_and_a_worker(database_url, tmp_path) -> None:
    """`serve --workers 2 --with-worker`: two uvicorn processes answer on one port, the
    worker child registers its schedules, and SIGTERM stops all of them."""
    import os
    import signal
    import time
    import urllib.request

    port = _free_port()
    env = {
        **_serve_env(database_url, tmp_path, esco=tmp_path / "no-esco"),
        "PERSPECTIEF_MATCHING_ENABLED": "false",
    }
    argv = ["serve", "--workers", "2", "--with-worker", "--port", str(port)]
    server = subprocess.Popen(
        [sys.executable, "-m", "web.cli", *argv], cwd=ROOT, env=env, start_new_session=True
    )

    async def schedules() -> int:
        conn = await asyncpg.connect(database_url)
        try:
            return int(await conn.fetchval("SELECT count(*) FROM pgqueuer_schedules"))
        finally:
            await conn.close()

    try:
        deadline = time.monotonic() + 90
        answered = scheduled = False
        while time.monotonic() < deadline and not (answered and scheduled):
            assert server.poll() is None, "serve exited"
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=5) as r:
                    answered = r.status == 200
            except OSError:
                pass
            # embed sweep, import sweep, IVF training, retention, mail, check-in reminders,
            # ranker training (web/worker/main.py)
            scheduled = scheduled or asyncio.run(schedules()) == 7
            time.sleep(0.3)
        assert answered and scheduled
        server.send_signal(signal.SIGTERM)
        assert server.wait(60) == 0
        # The web processes and the worker are gone too. multiprocessing's resource
        # tracker (uvicorn's supervisor) leaves a moment after its parent: allow 10 s.
        deadline, alive = time.monotonic() + 10, ["?"]
        while alive and time.monotonic() < deadline:
            children = subprocess.run(
                ["ps", "-o", "pid=,args=", "-s", str(server.pid)], capture_output=True, text=True
            ).stdout.splitlines()
            alive = [c for c in children if "<defunct>" not in c]  # exited, not yet reaped
            time.sleep(0.2)
        assert alive == []
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _serve_env(database_url: str, data_dir: Path, *, esco: Path) -> dict[str, str]:
    """The environment of a `perspectief serve` child in these tests."""
    import os

    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "PERSPECTIEF_ENVIRONMENT": "test",
        "PERSPECTIEF_DATA_DIR": str(data_dir),
        "PERSPECTIEF_ESCO_DIR": str(esco),
        "HF_HUB_OFFLINE": "1",
    }


def test_seed_demo_command_writes_the_decision_history(run, database_url):
    # What `make run` does first: the command's own connection must read and write jsonb
    # as the app's pool does (the simulated history once failed on it: "expected str").
    code, out, err = run("seed-demo")
    assert code == 0, err
    assert "beheer@utrecht.demo" in out

    async def history() -> tuple[int, int]:
        conn = await asyncpg.connect(database_url)
        try:
            suggestions = await conn.fetchval("SELECT count(*) FROM suggestions")
            proposed = await conn.fetchval(
                "SELECT count(*) FROM ranker_versions WHERE status = 'proposed'"
            )
            return int(suggestions), int(proposed)
        finally:
            await conn.close()

    suggestions, proposed = asyncio.run(history())
    assert suggestions > 100 and proposed == 1
