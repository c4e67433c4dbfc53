"""Benchmark: the admin's outcome page (/admin/outcomes) under load, on a municipality
with 10,000 candidates of history and 100,000 vacancies.

Issue 14 asks for the report page's p95 at that size. The script builds the world in a
fresh embedded PostgreSQL data directory, serves it with `perspectief serve` (as
bench/scale.py does) and lets N admins fetch the page:

- 100,000 vacancies with stored vectors (bench/worklist.py's filler, by COPY), spread
  over 8 agencies;
- one municipality with 25 coaches and `--candidates` (10,000) candidates taken in over
  the last two years; each was shown suggestions (10 logged per candidate), about 3 of
  them approved and proposed, and every proposal walked along the pipeline with its
  timeline events, consents, start dates and check-ins (by COPY; the state triggers are
  off while loading, the rows follow the allowed transitions);
- `--clients` admins (default 20), each with its own session, fetch `--path` for
  `--duration` seconds after a `--warmup`, with a pause of uniform(0.5, 1.5) s after
  each answer (`--no-think`: none).

Printed per path: requests, req/s, p50/p95/p99/max in ms, errors.

    .venv/bin/python bench/outcomes.py
    .venv/bin/python bench/outcomes.py --path /admin/outcomes --path /admin/outcomes.xlsx

`--app-dir` serves another checkout (a `git worktree` of a commit) with this venv.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import shutil
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import asyncpg
import httpx
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
)
from bench.scale import WebProcess, embedded_url  # noqa: E402
from bench.worklist import browse, fill_vacancies, migrate, report  # noqa: E402

ADMIN = "admin@outcomes.bench"
AGENCIES = 8
COACHES = 25
DAYS = 730  # two years of history
# A proposal's path and how often it is taken (the rest of the weight: nothing since).
PATHS = [
    (["candidate_declined"], 12),
    (["candidate_interested", "shared_with_agency", "declined_by_agency"], 18),
    (["candidate_interested", "shared_with_agency", "interview", "declined_by_agency"], 12),
    (["candidate_interested", "shared_with_agency", "interview", "hired"], 6),
    (["candidate_interested", "shared_with_agency", "interview", "hired", "working_1m"], 6),
    (["candidate_interested", "shared_with_agency", "hired", "working_1m", "working_3m"], 6),
    (["candidate_interested", "shared_with_agency", "hired", "working_1m", "ended"], 4),
    (
        ["candidate_interested", "shared_with_agency", "interview", "hired"]
        + ["working_1m", "working_3m", "working_6m"],
        8,
    ),
    ([], 10),
    (["withdrawn"], 6),
]
CHECKIN_DAYS = {"working_1m": 31, "working_3m": 92, "working_6m": 183}


async def staff(conn: asyncpg.Connection, size: int) -> tuple[int, list[int], list[int]]:
    """The municipality (with its admin and coaches) and the agencies, which get the
    vacancies in equal ranges."""
    digest = PasswordHasher().hash(PASSWORD)
    town = await _org(conn, "municipality", "Gemeente Bench", "bench-gemeente")
    await _user(conn, town, "admin", ADMIN, "Beheer Bench", digest)
    coaches = [
        await _user(conn, town, "jobcoach", f"coach{n}@outcomes.bench", f"Coach {n}", None)
        for n in range(COACHES)
    ]
    agencies = [await _org(conn, "agency", f"Bureau {n}", f"bureau-{n}") for n in range(AGENCIES)]
    await fill_vacancies(conn, size, agencies[0])
    for n, agency in enumerate(agencies):
        await conn.execute(
            "UPDATE vacancies SET organisation_id = $1 WHERE id % $2 = $3", agency, AGENCIES, n
        )
    return town, coaches, agencies


async def _org(conn: asyncpg.Connection, kind: str, name: str, slug: str) -> int:
    sql = "INSERT INTO organisations (kind, name, slug) VALUES ($1, $2, $3) RETURNING id"
    return int(await conn.fetchval(sql, kind, name, slug))


async def _user(conn, org: int, role: str, email: str, name: str, digest: str | None) -> int:  # type: ignore[no-untyped-def]
    sql = """INSERT INTO users (organisation_id, role, email, display_name, password_hash)
             VALUES ($1, $2, $3, $4, $5) RETURNING id"""
    return int(await conn.fetchval(sql, org, role, email, name, digest))


class History:
    """Rows for COPY, made in memory: candidates and everything that happened to them."""

    def __init__(self, town: int, coaches: list[int], vacancies: int, rng: random.Random):
        self.town, self.coaches, self.vacancies, self.rng = town, coaches, vacancies, rng
        self.now = datetime.now(UTC)
        self.tables: dict[str, list[tuple]] = {
            k: [] for k in ("candidates", "suggestions", "reviews", "proposals")
        }
        self.tables |= {"proposal_events": [], "consents": []}
        self.proposal_id = 0

    def candidate(self, candidate_id: int) -> None:
        rng, coach = self.rng, self.rng.choice(self.coaches)
        intake = self.now - timedelta(days=rng.uniform(1, DAYS))
        self.tables["candidates"].append(
            (candidate_id, self.town, coach, f"Kandidaat{candidate_id}", date(2004, 5, 1), intake)
        )
        for _ in range(10):
            at = intake + (self.now - intake) * rng.random()
            vacancy = rng.randint(1, self.vacancies)
            self.tables["suggestions"].append(
                (candidate_id, vacancy, "vacancies_for_candidate", rng.uniform(0.3, 0.9), at)
            )
        for vacancy in rng.sample(range(1, self.vacancies + 1), rng.randint(0, 6)):
            at = intake + (self.now - intake) * rng.random()
            self.tables["reviews"].append((candidate_id, vacancy, coach, "approve", at))
            self.proposal(candidate_id, vacancy, coach, at)

    def proposal(self, candidate_id: int, vacancy: int, coach: int, at: datetime) -> None:
        rng = self.rng
        self.proposal_id += 1
        paths, weights = zip(*PATHS, strict=True)
        path = rng.choices(paths, weights)[0]
        state, hired, start = "proposed", at, None
        events = [(self.proposal_id, None, "proposed", coach, at)]
        for step in path:
            at = at + timedelta(hours=rng.uniform(2, 24 * 20))
            if step in CHECKIN_DAYS:  # recorded once open
                at = max(at, hired + timedelta(days=CHECKIN_DAYS[step]))
            if at > self.now:
                break
            if step == "hired":
                hired, start = at, at.date()
            if step == "shared_with_agency" and rng.random() < 0.8:
                self.tables["consents"].append((self.proposal_id, candidate_id, at))
            events.append((self.proposal_id, state, step, coach, at))
            state = step
        self.tables["proposal_events"] += events
        first, last = events[0][4], events[-1][4]
        self.tables["proposals"].append(
            (self.proposal_id, candidate_id, vacancy, coach, state, first, last, start)
        )


COLUMNS = {
    "candidates": ["id", "organisation_id", "coach_id", "first_name", "birth_date", "created_at"],
    "suggestions": ["candidate_id", "vacancy_id", "direction", "score", "created_at"],
    "reviews": ["candidate_id", "vacancy_id", "coach_id", "decision", "created_at"],
    "proposals": ["id", "candidate_id", "vacancy_id", "created_by", "state", "created_at"]
    + ["state_changed_at", "start_date"],
    "proposal_events": ["proposal_id", "from_state", "to_state", "actor_id", "created_at"],
    "consents": ["proposal_id", "candidate_id", "given_at"],
}
# Columns without a default, the same in every row.
FIXED = {
    "suggestions": ("breakdown", "{}", "model", "bench"),
    "reviews": ("reason_code", "goede_match"),
}


async def load_history(conn: asyncpg.Connection, history: History) -> None:
    """COPY every table; the triggers (transition checks, change signals) are off while
    loading: the rows follow the allowed transitions, and no process listens yet."""
    async with conn.transaction():
        for table in COLUMNS:
            await conn.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        for table, columns in COLUMNS.items():
            extra = FIXED.get(table, ())
            names, values = list(extra[0::2]), tuple(extra[1::2])
            rows = [row + values for row in history.tables[table]]
            await conn.copy_records_to_table(table, records=rows, columns=columns + names)
        for table in COLUMNS:
            await conn.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
        for table in ("candidates", "proposals"):
            await conn.execute(
                f"SELECT setval('{table}_id_seq', (SELECT max(id) FROM {table}))"  # noqa: S608
            )


async def build_world(url: str, args: argparse.Namespace) -> None:
    conn = await asyncpg.connect(url)
    try:
        started = time.perf_counter()
        town, coaches, _agencies = await staff(conn, args.vacancies)
        history = History(town, coaches, args.vacancies, random.Random(14))
        for candidate_id in range(1, args.candidates + 1):
            history.candidate(candidate_id)
        await load_history(conn, history)
        await conn.execute("VACUUM ANALYZE")
        counts = {t: len(rows) for t, rows in history.tables.items()}
        print(
            f"world in {time.perf_counter() - started:.0f} s: {args.vacancies:,} vacancies, "
            + ", ".join(f"{n:,} {t}" for t, n in counts.items()),
            flush=True,
        )
    finally:
        await conn.close()


async def signed_in(base: str, clients: int, seconds: float) -> list[httpx.AsyncClient]:
    made = [new_client(base, seconds) for _ in range(clients)]
    for client in made:
        page = await client.get("/login")
        token = page.text.split('name="csrf-token" content="')[1].split('"')[0]
        check_login(await post_login(client, ADMIN, token), ADMIN)  # with the second step
    return made


async def measure_all(base: str, paths: list[str], args: argparse.Namespace) -> None:
    """Each path in turn, by the same signed-in admins (one event loop: a login's second
    step keeps its client)."""
    clients = await signed_in(base, args.clients, args.timeout)
    try:
        for path in paths:
            report(path, await measure(clients, path, args), args)
    finally:
        await asyncio.gather(*(c.aclose() for c in clients))


async def measure(clients: list[httpx.AsyncClient], path: str, args: argparse.Namespace) -> dict:
    first = time.perf_counter()
    shown = await clients[0].get(path)
    alone = (time.perf_counter() - first) * 1000
    print(f"{path}: HTTP {shown.status_code}, {len(shown.content):,} bytes, {alone:.0f} ms alone")
    rng = random.Random(7)
    warm = time.perf_counter() + args.warmup
    await asyncio.gather(*(browse(c, None, path, warm, True, rng) for c in clients))
    stats = Stats()
    start = time.perf_counter()
    until = start + args.duration
    await asyncio.gather(*(browse(c, stats, path, until, args.think, rng) for c in clients))
    window = time.perf_counter() - start
    return summary(stats.latencies.get(path, []), stats.errors.get(path, 0), window)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", action="append", help="page to fetch (default /admin/outcomes)")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--duration", type=float, default=45.0)
    parser.add_argument("--warmup", type=float, default=5.0)
    parser.add_argument("--no-think", dest="think", action="store_false")
    parser.add_argument("--candidates", type=int, default=10_000)
    parser.add_argument("--vacancies", type=int, default=100_000)
    parser.add_argument("--port", type=int, default=8410)
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--keep", action="store_true", help="keep the data directory")
    parser.add_argument("--app-dir", type=Path, default=ROOT, help="checkout to serve")
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="perspectief-outcomes-bench-"))
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
        asyncio.run(build_world(url, args))
        (data_dir / "app").mkdir()
        web = WebProcess(url, data_dir / "app", args.port, app_dir=args.app_dir.resolve())
        try:
            web.wait(lambda: web.health().get("index", {}).get("state") == "ready", 900)
            asyncio.run(measure_all(web.base, args.path or ["/admin/outcomes"], args))
        finally:
            web.stop()
    finally:
        stop_embedded_server(data_dir / "pg")


if __name__ == "__main__":
    main()
