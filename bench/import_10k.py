"""Benchmark: a 10,000-row vacancy CSV uploaded through the real app.

Why: PRODUCT.md asks that large files import without blocking the site. This script
starts the app under uvicorn in its own process (an embedded PostgreSQL in a temp dir,
or --database-url), logs in as an agency, uploads the file through `/agency/imports` and measures

- wall time from the start of the upload to the batch being done (all rows stored),
- optionally (--matching) until the matching service has indexed them (searchable),
- latency of the agency's vacancy list page (`GET /agency`) while the import runs,
  against the same page with nothing running (p50, p95, max).

    .venv/bin/python bench/import_10k.py [--rows 10000] [--clients 4] [--matching]
    .venv/bin/python bench/import_10k.py --kill-after 3   # crash mid-import, restart
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import asyncpg
import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.staff_login import Staff  # noqa: E402
from web.accounts.passwords import hash_password  # noqa: E402
from web.accounts.repositories import organisations, users  # noqa: E402
from web.database import (  # noqa: E402
    embedded_server_uri,
    ensure_database,
    stop_embedded_server,
)
from web.migrations import migrate  # noqa: E402

PASSWORD = "bench-password-123"
EMAIL = "bench@agency.example"
CSRF = re.compile(r'<meta name="csrf-token" content="([^"]*)"')
HEADER = ["vacaturenummer", "functie", "omschrijving", "vaardigheden", "uren", "uurloon",
          "postcode", "plaats", "sector", "contract"]  # fmt: skip
TITLES = ["Orderpicker", "Heftruckchauffeur", "Kok", "Schoonmaker", "Monteur", "Verkoper"]


def make_csv(rows: int) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(HEADER)
    for i in range(rows):
        title = TITLES[i % len(TITLES)]
        writer.writerow([
            f"BENCH-{i}", f"{title} {i}", f"{title} gezocht voor een mooi bedrijf in Utrecht.",
            "samenwerken; nauwkeurig", "24-38", "14,25", "3542 AB", "Utrecht", "logistiek",
            "tijdelijk",
        ])  # fmt: skip
    return out.getvalue().encode("utf-8")


async def prepare(url: str) -> None:
    conn = await asyncpg.connect(url)
    try:
        await migrate(conn)
        org = await organisations.by_slug(conn, slug="bench") or await organisations.create(
            conn, kind="agency", name="Bench Uitzend", slug="bench"
        )
        await conn.execute("DELETE FROM vacancies WHERE organisation_id = $1", org.id)
        if await users.credentials(conn, email=EMAIL) is None:
            await users.create(
                conn,
                organisation_id=org.id,
                role="agency",
                email=EMAIL,
                password_hash=hash_password(PASSWORD),
            )
    finally:
        await conn.close()


def serve(url: str, port: int, *, matching: bool, esco: bool = False) -> subprocess.Popen[bytes]:
    """The app and a worker in their own processes, as in production (the benchmark's
    clients are not); SIGTERM stops both."""
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "PERSPECTIEF_ENVIRONMENT": "test",
        "PERSPECTIEF_DATA_DIR": tempfile.mkdtemp(prefix="perspectief-bench-data-"),
        "PERSPECTIEF_MATCHING_ENABLED": "true" if matching else "false",
        # Without ESCO the matching service indexes right after start (the taxonomy, which
        # is optional, takes minutes to embed on a fresh data dir); --esco keeps it.
        **({} if esco else {"PERSPECTIEF_ESCO_DIR": "/nonexistent"}),
        "HF_HUB_OFFLINE": "1",
    }
    # The web process and a worker (which runs the import and embeds), as `make run` does.
    command = [sys.executable, "-m", "web.cli", "serve", "--with-worker", "--port", str(port)]
    process = subprocess.Popen(command, env=env, cwd=ROOT)
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return process
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("the app did not start")


async def login(client: httpx.AsyncClient) -> str:
    page = await client.get("/login")
    token = CSRF.search(page.text).group(1)  # type: ignore[union-attr]
    form = {"email": EMAIL, "password": PASSWORD, "csrf_token": token}
    # The bench agency has no second factor yet: the login enrols it (bench/staff_login.py).
    await Staff().second_step(client, EMAIL, await client.post("/login", data=form))
    page = await client.get("/agency/imports")
    return CSRF.search(page.text).group(1)  # type: ignore[union-attr]


async def hammer(client: httpx.AsyncClient, stop: asyncio.Event, out: list[float]) -> None:
    while not stop.is_set():
        start = time.perf_counter()
        response = await client.get("/agency")
        response.raise_for_status()
        out.append(time.perf_counter() - start)


async def latencies(
    base: str, cookies: httpx.Cookies, clients: int, stop: asyncio.Event
) -> list[float]:
    out: list[float] = []
    async with httpx.AsyncClient(base_url=base, cookies=cookies, timeout=60) as client:
        await asyncio.gather(*(hammer(client, stop, out) for _ in range(clients)))
    return out


def describe(name: str, values: list[float]) -> str:
    if not values:
        return f"{name}: no requests"
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return (
        f"{name}: n={len(values)} p50={statistics.median(values) * 1000:.0f} ms "
        f"p95={p95 * 1000:.0f} ms max={ordered[-1] * 1000:.0f} ms"
    )


async def run(args: argparse.Namespace, url: str) -> None:
    await prepare(url)
    payload = make_csv(args.rows)
    port = free_port()
    server = await asyncio.to_thread(serve, url, port, matching=args.matching, esco=args.esco)
    base = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(base_url=base, timeout=120) as client:
            token = await login(client)
            if args.matching:
                await wait_indexed(client, 0)
            stop = asyncio.Event()
            idle = asyncio.create_task(latencies(base, client.cookies, args.clients, stop))
            await asyncio.sleep(3)
            stop.set()
            baseline = await idle

            stop = asyncio.Event()
            busy = asyncio.create_task(latencies(base, client.cookies, args.clients, stop))
            start = time.perf_counter()
            response = await client.post(
                "/agency/imports",
                data={"csrf_token": token},
                files={"file": ("bench.csv", payload, "text/csv")},
            )
            accepted = time.perf_counter() - start
            batch_id = int(response.headers["location"].rsplit("/", 1)[1])
            stored_at = await wait_done(url, batch_id, start)
            stop.set()
            during = await busy
            searchable_at = None
            if args.matching:
                await wait_indexed(client, args.rows)
                searchable_at = time.perf_counter() - start
            stop = asyncio.Event()
            loaded = asyncio.create_task(latencies(base, client.cookies, args.clients, stop))
            await asyncio.sleep(3)
            stop.set()
            after = await loaded
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(
        f"rows: {args.rows}, file: {len(payload) / 1e6:.1f} MB, clients on /agency: {args.clients}"
    )
    print(f"upload accepted (file checked, batch stored): {accepted:.2f} s")
    print(f"upload → all vacancies stored: {stored_at:.2f} s")
    if searchable_at is not None:
        print(f"upload → all vacancies searchable (matching index): {searchable_at:.2f} s")
    print(describe("GET /agency, no import, empty  ", baseline))
    print(describe("GET /agency during the import  ", during))
    print(describe("GET /agency, no import, loaded ", after))


async def kill_and_restart(args: argparse.Namespace, url: str) -> None:
    """SIGKILL the app mid-import, start it again, and check the batch ends exactly once."""
    await prepare(url)
    port = free_port()
    server = await asyncio.to_thread(serve, url, port, matching=False)
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=120) as client:
        token = await login(client)
        response = await client.post(
            "/agency/imports",
            data={"csrf_token": token},
            files={"file": ("kill.csv", make_csv(args.rows), "text/csv")},
        )
    batch_id = int(response.headers["location"].rsplit("/", 1)[1])
    await asyncio.sleep(args.kill_after)
    server.kill()
    server.wait()
    conn = await asyncpg.connect(url)
    try:
        row = await conn.fetchrow(STATE, batch_id)
        count = await conn.fetchval(COUNT)
        print(f"killed after {args.kill_after:.1f} s: {dict(row)}; vacancies in table: {count}")
        server = await asyncio.to_thread(serve, url, free_port(), matching=False)
        start = time.perf_counter()
        await wait_done(url, batch_id, start)
        server.terminate()
        server.wait(timeout=30)
        row = await conn.fetchrow(STATE, batch_id)
        count, distinct = await conn.fetchrow(COUNT_DISTINCT)
        print(f"after restart ({time.perf_counter() - start:.1f} s): {dict(row)}")
        print(f"vacancies: {count}, distinct refs: {distinct} (expected {args.rows})")
    finally:
        await conn.close()


STATE = (
    "SELECT status, processed_rows, stored, unchanged, rejected FROM import_batches WHERE id = $1"
)
COUNT = "SELECT count(*) FROM vacancies WHERE external_ref LIKE 'BENCH-%'"
COUNT_DISTINCT = (
    "SELECT count(*), count(DISTINCT external_ref) FROM vacancies WHERE external_ref LIKE 'BENCH-%'"
)


async def wait_done(url: str, batch_id: int, start: float) -> float:
    conn = await asyncpg.connect(url)
    try:
        while True:
            row = await conn.fetchrow(
                "SELECT status, stored, rejected FROM import_batches WHERE id = $1", batch_id
            )
            if row["status"] in ("done", "failed"):
                elapsed = time.perf_counter() - start
                counts = f"stored {row['stored']}, rejected {row['rejected']}"
                print(f"batch {batch_id}: {row['status']}, {counts}")
                return elapsed
            await asyncio.sleep(0.05)
    finally:
        await conn.close()


async def wait_indexed(client: httpx.AsyncClient, count: int) -> None:
    """Until the matching service is ready and has `count` vacancies in its index."""
    while True:
        index = (await client.get("/healthz")).json()["index"]
        vacancies = index.get("vacancies", {})
        if index.get("state") == "ready" and vacancies.get("indexed", 0) >= count:
            return
        await asyncio.sleep(0.2)  # noqa: ASYNC110  # polling another process


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--matching", action="store_true", help="also wait until searchable")
    parser.add_argument("--esco", action="store_true", help="with --matching: load ESCO too")
    parser.add_argument("--database-url", help="default: an embedded PostgreSQL in a temp dir")
    parser.add_argument(
        "--kill-after",
        type=float,
        help="instead: SIGKILL the app this many seconds into the import",
    )
    args = parser.parse_args()
    scenario = kill_and_restart if args.kill_after else run
    if args.database_url:
        asyncio.run(scenario(args, args.database_url))
        return
    root = Path(tempfile.mkdtemp(prefix="perspectief-bench-"))
    try:
        admin = embedded_server_uri(root / "pg")
        asyncio.run(ensure_database(admin, "bench"))
        asyncio.run(scenario(args, embedded_server_uri(root / "pg", "bench")))
    finally:
        stop_embedded_server(root / "pg")


if __name__ == "__main__":
    main()
