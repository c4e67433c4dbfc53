"""Benchmark: schemathesis against the agencies' API of a local instance, for minutes.

Why: issue 11 asks for "0 × 5xx, 0 schema violations" from a long schemathesis run with
every check on. The test suite runs a bounded version (`tests/web/test_api_schemathesis.py`,
a few hundred cases); this script runs the real CLI for as long as you like.

It starts everything itself: an embedded PostgreSQL in a temp dir, the demo world
(agencies, 330 vacancies, proposals, one of them shared with the demo agency), an API key
for the demo agency's planner, and `perspectief serve` on a free port (matching off: the
API does not need it, and the model would only take CPU from the run). Then:

    st run http://127.0.0.1:PORT/openapi.json --checks all \\
        -H "Authorization: Bearer <key>" --max-time 300 --report json ...

and prints, from the server's access log, the requests it received per status class and,
from schemathesis's JSON report, the failures per check.

    .venv/bin/python bench/schemathesis_run.py                   # 5 minutes
    .venv/bin/python bench/schemathesis_run.py --max-time 60 --seed 1
    .venv/bin/python bench/schemathesis_run.py --keep-report out  # keep st's reports
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import asyncpg
import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from web.accounts.repositories import api_keys, organisations, users  # noqa: E402
from web.database import embedded_server_uri, ensure_database, stop_embedded_server  # noqa: E402
from web.demo import world  # noqa: E402
from web.demo.seed import seed_demo  # noqa: E402
from web.migrations import migrate  # noqa: E402

# uvicorn: '127.0.0.1:50000 - "GET /api/v1/vacancies HTTP/1.1" 200'
ACCESS_LINE = re.compile(r'"([A-Z]+) (\S+) HTTP/[\d.]+" (\d{3})')
# schemathesis's failure codes: a 5xx (ST101, ST102), an answer the document does not
# describe (status, content type, headers, body: ST103-ST111); the rest (ST2xx: data
# accepted or refused against the schema, ST3xx: stateful) count as other.
KINDS = {"ST101": "server", "ST102": "server"} | {f"ST1{n:02}": "schema" for n in range(3, 12)}


async def prepare(url: str) -> str:
    """Migrate, load the demo world and return a fresh API key of the demo agency."""
    conn = await asyncpg.connect(url)
    try:
        await migrate(conn)
        async with conn.transaction():
            await seed_demo(conn, progress=False)
        slug = world.AGENCIES[0][2]
        org = await organisations.by_slug(conn, slug=slug)
        assert org is not None
        planner = await users.credentials(conn, email=f"planner@{slug}.demo")
        _key, secret = await api_keys.create(
            conn, organisation_id=org.id, name="schemathesis", created_by=planner[0].id
        )
        return secret
    finally:
        await conn.close()


def serve(url: str, port: int, data_dir: Path, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "PERSPECTIEF_ENVIRONMENT": "test",
        "PERSPECTIEF_DATA_DIR": str(data_dir),
        "PERSPECTIEF_MATCHING_ENABLED": "false",
        "PERSPECTIEF_ESCO_DIR": "/nonexistent",
        "HF_HUB_OFFLINE": "1",
    }
    command = [sys.executable, "-m", "web.cli", "serve", "--port", str(port)]
    with log.open("wb") as out:
        process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=out, stderr=out)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return process
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"the app did not start; see {log}")


def schemathesis_command(args: argparse.Namespace, base: str, key: str, reports: Path) -> list[str]:
    command = [
        str(Path(sys.executable).with_name("st")),
        "run",
        f"{base}/openapi.json",
        "--checks",
        args.checks,
        "-H",
        f"Authorization: Bearer {key}",
        "--max-time",
        str(args.max_time),
        "--workers",
        str(args.workers),
        "--report",
        "json",
        "--report-json-path",
        str(reports / "report.json"),
        "--output-truncate",
        "false",
    ]
    if args.seed is not None:
        command += ["--seed", str(args.seed)]
    return command


def access_counts(log: Path) -> tuple[collections.Counter[str], collections.Counter[str]]:
    """(status per class, 5xx per 'METHOD path') of the API requests in the server log."""
    classes: collections.Counter[str] = collections.Counter()
    errors: collections.Counter[str] = collections.Counter()
    for line in log.read_text(errors="replace").splitlines():
        match = ACCESS_LINE.search(line)
        if not match or not match.group(2).startswith("/api/"):
            continue
        method, path, status = match.groups()
        classes[status[0] + "xx"] += 1
        if status.startswith("5"):
            errors[f"{method} {path.partition('?')[0]} → {status}"] += 1
    return classes, errors


def report(reports: Path, log: Path, shown_command: str, exit_code: int) -> None:
    classes, errors = access_counts(log)
    print(f"\ncommand: {shown_command}")
    print(f"schemathesis exit code: {exit_code}")
    print(
        f"API requests received: {sum(classes.values())} "
        + " ".join(f"{k}={v}" for k, v in sorted(classes.items()))
    )
    for what, count in errors.most_common(10):
        print(f"  5xx {count:>5} × {what}")
    document_path = reports / "report.json"
    if not document_path.exists():
        print("no JSON report written")
        return
    document = json.loads(document_path.read_text())
    cases = document["test_cases"]
    print(
        f"test cases: {cases['generated']} generated, {cases['with_failures']} with failures, "
        f"{cases['unique_failures']} unique failures, {cases['errored']} errored"
    )
    by_kind: collections.Counter[str] = collections.Counter()
    for failure in document["failures"]:
        by_kind[KINDS.get(failure["code"], "other")] += failure["count"]
        print(
            f"  {failure['code']} {failure['count']:>4} × {failure['title']}: "
            + ", ".join(failure["operations"])
        )
    print(
        f"unique failures: server errors {by_kind['server']}, schema violations "
        f"{by_kind['schema']}, other {by_kind['other']}"
    )
    for error in document["errors"]:
        print(f"  error {error['count']:>4} × {error['title']}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-time", type=int, default=300, help="seconds (st --max-time)")
    parser.add_argument("--checks", default="all")
    parser.add_argument("--workers", default="1", help="st --workers (1 on a 2-core box)")
    parser.add_argument("--seed", type=int)
    parser.add_argument("--keep-report", type=Path, help="copy st's reports and the log here")
    args = parser.parse_args()

    root = Path(tempfile.mkdtemp(prefix="perspectief-schemathesis-"))
    pgdata = root / "pg"
    server = None
    try:
        admin = embedded_server_uri(pgdata)
        asyncio.run(ensure_database(admin, "perspectief"))
        url = embedded_server_uri(pgdata, "perspectief")
        key = asyncio.run(prepare(url))
        port = free_port()
        log = root / "server.log"
        server = serve(url, port, root / "data", log)
        reports = root / "reports"
        command = schemathesis_command(args, f"http://127.0.0.1:{port}", key, reports)
        shown = " ".join(f"'{part}'" if " " in part else part for part in command).replace(
            key, "<key>"
        )
        print(f"running for {args.max_time} s: {shown}", flush=True)
        done = subprocess.run(command, cwd=root, env={**os.environ, "NO_COLOR": "1"})
        server.terminate()
        server.wait(timeout=30)
        report(reports, log, shown, done.returncode)
        if args.keep_report:
            shutil.copytree(reports, args.keep_report, dirs_exist_ok=True)
            shutil.copy(log, args.keep_report / "server.log")
    finally:
        if server is not None and server.poll() is None:
            server.kill()
        stop_embedded_server(pgdata)
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
