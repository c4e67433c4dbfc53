"""Benchmark: one jobcoach page under load — the work list, or the caseload to compare.

Issue 13 asks for the work list's p95 with 40 candidates and 100,000 vacancies, beside
the caseload's before the work list existed, on the same machine in the same sitting.
This script builds that world in a fresh embedded PostgreSQL data directory, serves it
with `perspectief serve` (as bench/scale.py does), and lets N clients fetch one page:

- 100,000 open vacancies with stored vectors, by COPY (bench/scale.py's filler);
- one municipality with one jobcoach and 40 candidates (each with an account), with
  proposals walked along the pipeline (answers by the candidate and the agency, hires
  with start dates and check-ins, some long due), their timeline events, consents given
  and withdrawn, coach decisions, a stored suggestion list per candidate, strong matches
  first seen over the last two weeks (where the schema has them), and a few candidates
  without activity for weeks;
- `--clients` clients (default 20, like bench/load.py), each with its own session, fetch
  `--path` for `--duration` seconds after a `--warmup`, with a pause of uniform(0.5, 1.5) s
  after each answer (`--no-think`: none; the clients then measure throughput).

Printed per path: requests, req/s, p50/p95/p99/max in ms, errors (HTTP >= 400, a redirect
to /login, an exception). Several `--path` are measured one after another on one server.

    .venv/bin/python bench/worklist.py                        # the work list
    .venv/bin/python bench/worklist.py --path /coach          # the caseload

Another commit (the caseload before the work list): serve its worktree with this venv.
The schema is that commit's own (its `perspectief migrate` runs first); what it lacks
(strong matches, start dates) is left out of the world:

    git worktree add /tmp/before <commit>
    .venv/bin/python bench/worklist.py --app-dir /tmp/before --path /coach

The data directory is new for every run and removed afterwards (`--keep` keeps it).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
import httpx
import numpy as np
from argon2 import PasswordHasher

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import (  # noqa: E402
    PASSWORD,
    Stats,
    check_login,
    new_client,
    post_login,
    summary,
    timed,
)
from bench.scale import WebProcess, _fill_chunk, embedded_url  # noqa: E402
from bench.search import corpus_embeddings  # noqa: E402
from matcher.embedding import DEFAULT_MODEL  # noqa: E402

COACH = "coach@worklist.bench"
PLANNER = "planner@worklist.bench"
FIRST_NAMES = (
    "Mohamed Jesse Sem Noah Liam Daan Luuk Milan Levi Bram Yara Noor Emma Sara Lina".split()
)
LAST_NAMES = "de Vries|Jansen|El Amrani|Bakker|Visser|Smit|Meijer|Yilmaz|Mulder|de Boer".split("|")
WORK = ["magazijnwerk", "heftruck rijden", "horeca", "schoonmaak", "bouw", "bezorgen"]
# (status, how many) of the 40: at work and paused ones have fewer open proposals.
STATUSES = [("new", 4), ("searching", 16), ("proposed", 12), ("working", 6), ("paused", 2)]
# How far a proposal gets: a path along the pipeline and who takes each step.
PATHS = [
    ["candidate_declined"],
    ["candidate_interested", "shared_with_agency", "declined_by_agency"],
    ["candidate_interested", "shared_with_agency", "interview"],
    ["candidate_interested", "shared_with_agency", "interview", "hired"],
    ["candidate_interested", "shared_with_agency", "hired", "working_1m"],
    ["candidate_interested", "shared_with_agency", "hired", "working_1m", "working_3m"],
    [],
    ["candidate_interested"],
]
ACTOR = {
    "candidate_interested": "candidate",
    "candidate_declined": "candidate",
    "shared_with_agency": "coach",
    "interview": "agency",
    "hired": "agency",
    "declined_by_agency": "agency",
}
CHECKIN_DAYS = {"working_1m": 31, "working_3m": 92, "working_6m": 183}  # after the start
REASON = {"candidate_declined": "te_ver", "declined_by_agency": "profiel_past_niet"}
THINK = (0.5, 1.5)


# --- the world ------------------------------------------------------------------------


async def fill_vacancies(conn: asyncpg.Connection, size: int, agency: int) -> None:
    """`size` open vacancies with stored vectors (COPY, in chunks of 50,000)."""
    rng = np.random.default_rng(1)
    real = corpus_embeddings()
    for start in range(1, size + 1, 50_000):
        ids = list(range(start, min(start + 50_000, size + 1)))
        await _fill_chunk(conn, agency, ids, rng, real, DEFAULT_MODEL)
    await conn.execute("SELECT setval('vacancies_id_seq', (SELECT max(id) FROM vacancies))")


async def people(conn: asyncpg.Connection) -> tuple[int, int, int, int]:
    """Municipality, agency, the coach and the agency planner (password: bench/load.py's)."""
    digest = PasswordHasher().hash(PASSWORD)
    town = await _org(conn, "municipality", "Gemeente Bench", "bench-gemeente")
    agency = await _org(conn, "agency", "Schaal", "schaal")
    coach = await _user(conn, town, "jobcoach", COACH, "Fatima Bench", digest)
    planner = await _user(conn, agency, "agency", PLANNER, "Planner Bench", digest)
    return town, agency, coach, planner


async def _org(conn: asyncpg.Connection, kind: str, name: str, slug: str) -> int:
    sql = "INSERT INTO organisations (kind, name, slug) VALUES ($1, $2, $3) RETURNING id"
    return int(await conn.fetchval(sql, kind, name, slug))


async def _user(conn, org: int, role: str, email: str, name: str, digest: str | None) -> int:  # type: ignore[no-untyped-def]
    sql = """INSERT INTO users (organisation_id, role, email, display_name, password_hash)
             VALUES ($1, $2, $3, $4, $5) RETURNING id"""
    return int(await conn.fetchval(sql, org, role, email, name, digest))


async def caseload(conn: asyncpg.Connection, town: int, coach: int, rng: random.Random) -> list:
    """40 candidates of the coach, each with an account: (id, user id, status)."""
    made = []
    statuses = [s for s, n in STATUSES for _ in range(n)]
    for n, status in enumerate(statuses):
        user = await _user(conn, town, "candidate", f"kandidaat{n}@worklist.bench", "", None)
        created = datetime.now(UTC) - timedelta(days=rng.uniform(30, 200))
        candidate = await conn.fetchval(
            """INSERT INTO candidates (organisation_id, coach_id, user_id, first_name, last_name,
                   desired_work, skills, postcode, lat, lon, status, created_at, updated_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, '3562', 52.119, 5.113, $8, $9, $9)
               RETURNING id""",
            town, coach, user, FIRST_NAMES[n % len(FIRST_NAMES)], rng.choice(LAST_NAMES),
            rng.choice(WORK), [rng.choice(WORK)], status, created,
        )  # fmt: skip
        made.append((int(candidate), user, status))
    return made


async def activity(conn, candidate, actors, size: int, rng: random.Random) -> None:  # type: ignore[no-untyped-def]
    """Proposals along the pipeline with their events and consents, decisions, and the
    stored suggestion list; a few candidates stay quiet for weeks."""
    candidate_id, user, status = candidate
    quiet = rng.random() < 0.15 and status not in ("working", "paused")
    if not quiet:
        for vacancy in rng.sample(range(1, size + 1), rng.randint(2, 8)):
            await proposal(conn, candidate_id, vacancy, {**actors, "candidate": user}, rng)
        await decisions(conn, candidate_id, actors["coach"], size, rng)
    await suggestion_list(conn, candidate_id, size, rng)


async def proposal(conn, candidate_id: int, vacancy: int, actors: dict, rng) -> None:  # type: ignore[no-untyped-def]
    start = datetime.now(UTC) - timedelta(days=rng.uniform(1, 200))
    proposal_id = await conn.fetchval(
        "INSERT INTO proposals (candidate_id, vacancy_id, created_by, created_at)"
        " VALUES ($1, $2, $3, $4) RETURNING id",
        candidate_id, vacancy, actors["coach"], start,
    )  # fmt: skip
    await _event(conn, proposal_id, None, "proposed", actors["coach"], start)
    at, state, hired = start, "proposed", start
    for step in rng.choice(PATHS):
        at = at + timedelta(days=rng.uniform(0.2, 40))
        if step in CHECKIN_DAYS:  # a check-in is recorded once it is open, not before
            at = max(at, hired + timedelta(days=CHECKIN_DAYS[step]))
        if at > datetime.now(UTC):
            break
        hired = at if step == "hired" else hired
        await _step(conn, proposal_id, step, at)
        await _event(conn, proposal_id, state, step, actors[ACTOR.get(step, "coach")], at)
        if step == "shared_with_agency" and rng.random() < 0.7:
            await consent(conn, proposal_id, candidate_id, at, rng)
        state = step
    await conn.execute("UPDATE proposals SET state_changed_at = $2 WHERE id = $1", proposal_id, at)


async def _step(conn, proposal_id: int, step: str, at: datetime) -> None:  # type: ignore[no-untyped-def]
    """Move on (the trigger checks it); a hire gets its start date where there is one."""
    has_start = await _has_column(conn, "proposals", "start_date")
    if step == "hired" and has_start:
        sql = "UPDATE proposals SET state = $2, start_date = $3 WHERE id = $1"
        await conn.execute(sql, proposal_id, step, at.date())
    else:
        await conn.execute("UPDATE proposals SET state = $2 WHERE id = $1", proposal_id, step)


async def _event(conn, proposal_id, from_state, to_state, actor, at) -> None:  # type: ignore[no-untyped-def]
    await conn.execute(
        "INSERT INTO proposal_events (proposal_id, from_state, to_state, actor_id, reason_code,"
        " created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        proposal_id, from_state, to_state, actor, REASON.get(to_state), at,
    )  # fmt: skip


async def consent(conn, proposal_id: int, candidate_id: int, at: datetime, rng) -> None:  # type: ignore[no-untyped-def]
    withdrawn = at + timedelta(days=rng.uniform(1, 20)) if rng.random() < 0.15 else None
    if withdrawn is not None and withdrawn > datetime.now(UTC):
        withdrawn = None
    await conn.execute(
        "INSERT INTO consents (proposal_id, candidate_id, given_at, withdrawn_at)"
        " VALUES ($1, $2, $3, $4)",
        proposal_id, candidate_id, at, withdrawn,
    )  # fmt: skip


async def decisions(conn, candidate_id: int, coach: int, size: int, rng) -> None:  # type: ignore[no-untyped-def]
    """About 20 rejected suggestions (the approvals made the proposals)."""
    now = datetime.now(UTC)
    rows = [
        (candidate_id, v, coach, "reject", "te_ver", now - timedelta(days=rng.uniform(1, 90)))
        for v in rng.sample(range(1, size + 1), 20)
    ]
    await conn.executemany(
        "INSERT INTO reviews (candidate_id, vacancy_id, coach_id, decision, reason_code,"
        " created_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
        rows,
    )


async def suggestion_list(conn, candidate_id: int, size: int, rng) -> None:  # type: ignore[no-untyped-def]
    """The stored top-50 list, and the strong matches among it where the schema has them."""
    ids = rng.sample(range(1, size + 1), 50)
    scores = sorted((rng.uniform(0.3, 0.9) for _ in ids), reverse=True)
    await conn.execute(
        "INSERT INTO candidate_match_state (candidate_id, vacancy_ids, scores) VALUES ($1, $2, $3)",
        candidate_id, ids, scores,
    )  # fmt: skip
    if await _has_table(conn, "strong_matches"):
        strong = [(v, x) for v, x in zip(ids, scores, strict=True) if x >= 0.6][:40]
        rows = [
            (candidate_id, v, x, datetime.now(UTC) - timedelta(hours=rng.uniform(1, 24 * 14)))
            for v, x in strong
        ]
        await conn.executemany(
            "INSERT INTO strong_matches (candidate_id, vacancy_id, score, first_seen_at)"
            " VALUES ($1, $2, $3, $4)",
            rows,
        )


async def _has_table(conn: asyncpg.Connection, name: str) -> bool:
    return bool(await conn.fetchval("SELECT to_regclass($1) IS NOT NULL", name))


async def _has_column(conn: asyncpg.Connection, table: str, column: str) -> bool:
    sql = "SELECT 1 FROM information_schema.columns WHERE table_name = $1 AND column_name = $2"
    return bool(await conn.fetchval(sql, table, column))


async def build_world(url: str, size: int) -> None:
    rng = random.Random(13)
    conn = await asyncpg.connect(url)
    try:
        town, agency, coach, planner = await people(conn)
        started = time.perf_counter()
        await fill_vacancies(conn, size, agency)
        print(f"{size:,} vacancies stored in {time.perf_counter() - started:.0f} s", flush=True)
        actors = {"coach": coach, "agency": planner}
        for candidate in await caseload(conn, town, coach, rng):
            await activity(conn, candidate, actors, size, rng)
        if await _has_table(conn, "worklist_visits"):  # the previous visit: two days ago
            await conn.execute(
                "INSERT INTO worklist_visits (coach_id, seen_at, since)"
                " VALUES ($1, now() - interval '2 days', now() - interval '9 days')",
                coach,
            )
        await conn.execute("VACUUM ANALYZE")
        await _print_world(conn)
    finally:
        await conn.close()


async def _print_world(conn: asyncpg.Connection) -> None:
    counts = {
        table: await conn.fetchval(f"SELECT count(*) FROM {table}")  # noqa: S608
        for table in ("candidates", "proposals", "proposal_events", "consents", "reviews")
    }
    print("world: " + ", ".join(f"{n} {t}" for t, n in counts.items()), flush=True)


# --- the load ---------------------------------------------------------------------------


async def signed_in(base: str, clients: int, seconds: float) -> list[httpx.AsyncClient]:
    """`clients` browsers, each logged in as the coach with its own session."""
    made = [new_client(base, seconds) for _ in range(clients)]
    for client in made:
        page = await client.get("/login")
        token = page.text.split('name="csrf-token" content="')[1].split('"')[0]
        check_login(await post_login(client, COACH, token), COACH)  # with the second step
    return made


async def browse(client, stats, path: str, until: float, think: bool, rng) -> None:  # type: ignore[no-untyped-def]
    await asyncio.sleep(rng.uniform(0.0, 1.0))  # not all at the same instant
    while time.perf_counter() < until:
        await timed(stats, path, client, "GET", path)
        if think:
            await asyncio.sleep(max(0.0, min(rng.uniform(*THINK), until - time.perf_counter())))


async def measure(base: str, path: str, args: argparse.Namespace) -> dict:
    clients = await signed_in(base, args.clients, args.timeout)
    try:
        shown = await clients[0].get(path)
        print(f"{path}: HTTP {shown.status_code}, {len(shown.content):,} bytes;", _what(shown.text))
        rng = random.Random(7)
        warm = time.perf_counter() + args.warmup
        await asyncio.gather(*(browse(c, None, path, warm, True, rng) for c in clients))
        stats = Stats()
        start = time.perf_counter()
        until = start + args.duration
        await asyncio.gather(*(browse(c, stats, path, until, args.think, rng) for c in clients))
        window = time.perf_counter() - start
    finally:
        await asyncio.gather(*(c.aclose() for c in clients))
    return summary(stats.latencies.get(path, []), stats.errors.get(path, 0), window)


def _what(text: str) -> str:
    items = text.count('class="worklist-item"')
    links = len(set(re.findall(r'href="/coach/candidates/(\d+)', text)))
    return f"{items} work-list items, {links} links to candidates"


def report(path: str, figures: dict, args: argparse.Namespace) -> None:
    mode = "pause 0.5–1.5 s" if args.think else "no pause"
    print(
        f"{path}: {args.clients} clients, {mode}, {args.duration:.0f} s:"
        f" {figures['count']} requests, {figures['rps']:.1f} req/s,"
        f" p50 {figures['p50_ms']:.0f} / p95 {figures['p95_ms']:.0f}"
        f" / p99 {figures['p99_ms']:.0f} / max {figures['max_ms']:.0f} ms,"
        f" {figures['errors']} errors",
        flush=True,
    )


def migrate(url: str, app_dir: Path) -> None:
    """The measured commit's own migrations, by its own command."""
    env = dict(os.environ, DATABASE_URL=url, PYTHONPATH=str(app_dir), HF_HUB_OFFLINE="1")
    subprocess.run([sys.executable, "-m", "web.cli", "migrate"], cwd=app_dir, env=env, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", action="append", help="page to fetch (default /coach/worklist)")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--duration", type=float, default=45.0)
    parser.add_argument("--warmup", type=float, default=5.0)
    parser.add_argument("--no-think", dest="think", action="store_false")
    parser.add_argument("--vacancies", type=int, default=100_000)
    parser.add_argument("--app-dir", type=Path, default=ROOT, help="checkout to serve")
    parser.add_argument("--port", type=int, default=8400)
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--keep", action="store_true", help="keep the data directory")
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="perspectief-worklist-bench-"))
    try:
        run(args, data_dir)
    finally:
        if not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)


def run(args: argparse.Namespace, data_dir: Path) -> None:
    from web.database import stop_embedded_server

    url = embedded_url(data_dir / "pg")
    try:
        migrate(url, args.app_dir.resolve())
        asyncio.run(build_world(url, args.vacancies))
        (data_dir / "app").mkdir()
        web = WebProcess(url, data_dir / "app", args.port, app_dir=args.app_dir.resolve())
        try:
            web.wait(lambda: web.health().get("index", {}).get("state") == "ready", 900)
            for path in args.path or ["/coach/worklist"]:
                report(path, asyncio.run(measure(web.base, path, args)), args)
        finally:
            web.stop()
    finally:
        stop_embedded_server(data_dir / "pg")


if __name__ == "__main__":
    main()
