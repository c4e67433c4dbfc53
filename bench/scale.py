"""Benchmark: the served app with many stored vacancies (default 1,000,000).

Why: PRODUCT.md "Scale" asks that a change to one vacancy reaches every web process
within seconds at national size, and that a restart does not rebuild everything. This
script fills a PostgreSQL with N open vacancies and their stored vectors (realistic
vectors as bench/search.py makes them; texts whose hashes match, so nothing is
embedded), starts `perspectief serve` as a real process, and prints:

- cold start: seconds to a served /login and to matching "ready" (no saved index);
- one changed vacancy: seconds from its commit (row + vector, as the worker stores
  it) until the web process has it in its index (build id on /healthz changes), and
  the web process's CPU seconds for it (from /proc, minus its idle rate while polled);
- RSS of the web process;
- restart (SIGTERM saves the index): seconds to /login and to ready, and how many
  vectors came from the saved file.

    .venv/bin/python bench/scale.py --size 1000000 --changes 30

The database is kept in --data-dir (default bench/.scale, git-ignored) and reused by
the next run of the same size, so only the first run pays for filling it. Use
DATABASE_URL to point at another server.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import asyncpg
import numpy as np
from tqdm import tqdm

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.search import corpus_embeddings, dutch_locations, synthetic_vectors  # noqa: E402
from matcher.embedding import DEFAULT_MODEL  # noqa: E402
from matcher.models import Vacancy  # noqa: E402
from matcher.texts import vacancy_text  # noqa: E402
from web.database import DATABASE_NAME, embedded_server_uri, ensure_database  # noqa: E402
from web.migrations import migrate  # noqa: E402

TITLES = [
    "Magazijnmedewerker", "Orderpicker", "Heftruckchauffeur", "Schoonmaker", "Afwasser",
    "Hulpkok", "Bezorger", "Productiemedewerker", "Verkoopmedewerker", "Kassamedewerker",
    "Beveiliger", "Stratenmaker", "Timmerman", "Schilder", "Hovenier", "Helpende zorg",
    "Callcentermedewerker", "Monteur", "Lasser", "Elektricien", "Koerier", "Bouwplaatsmedewerker",
]  # fmt: skip
SECTORS = ["logistiek", "horeca", "bouw", "zorg", "retail", "schoonmaak", "techniek"]
CHUNK = 50_000
POLL_SECONDS = 0.05


def fake_vacancy(i: int, rng: np.random.Generator, place: np.ndarray) -> Vacancy:
    from matcher.models import Location

    title = f"{TITLES[i % len(TITLES)]} {i}"
    return Vacancy(
        id=i,
        title=title,
        description=f"Werk als {title.lower()} in de regio. Vacature {i}.",
        skills=[f"vaardigheid {i % 97}", f"taak {i % 31}"],
        sector=SECTORS[i % len(SECTORS)],
        location=Location(lat=float(place[0]), lon=float(place[1])),
        hours_min=float(rng.integers(16, 33)),
        hours_max=40.0,
        shifts=["day"],
        contract_type="tijdelijk",
        hourly_wage=14.5,
    )


async def fill(url: str, size: int, model: str) -> None:
    """Make the database hold `size` open vacancies with stored vectors."""
    conn = await asyncpg.connect(url)
    try:
        await migrate(conn)
        have = await conn.fetchval("SELECT count(*) FROM vacancies")
        if have >= size:
            return
        org = await conn.fetchval(
            "INSERT INTO organisations (kind, name, slug) VALUES ('agency', 'Schaal', 'schaal')"
            " ON CONFLICT (slug) DO UPDATE SET name = EXCLUDED.name RETURNING id"
        )
        rng = np.random.default_rng(1)
        real = corpus_embeddings()
        bar = tqdm(total=size, initial=have, desc="fill vacancies", unit="vac", file=sys.stderr)
        for start in range(have + 1, size + 1, CHUNK):
            ids = range(start, min(start + CHUNK, size + 1))
            await _fill_chunk(conn, org, list(ids), rng, real, model)
            bar.update(len(ids))
        bar.close()
        await conn.execute("SELECT setval('vacancies_id_seq', (SELECT max(id) FROM vacancies))")
        await conn.execute("ANALYZE vacancies; ANALYZE embeddings")
    finally:
        await conn.close()


async def _fill_chunk(conn, org, ids, rng, real, model) -> None:  # type: ignore[no-untyped-def]
    places = dutch_locations(len(ids), rng)
    vectors = synthetic_vectors(real, len(real) + len(ids), rng)[len(real) :]
    vacancies = [fake_vacancy(i, rng, p) for i, p in zip(ids, places, strict=True)]
    rows = [
        (v.id, org, f"S-{v.id}", v.title, v.description, v.skills, v.sector)
        + (v.location.lat, v.location.lon, v.hours_min, v.hours_max, v.shifts)
        + (v.contract_type, v.hourly_wage, "open")
        for v in vacancies
    ]
    columns = ["id", "organisation_id", "external_ref", "title", "description", "skills"]
    columns += ["sector", "lat", "lon", "hours_min", "hours_max", "shifts", "contract_type"]
    columns += ["hourly_wage", "status"]
    dim = vectors.shape[1]
    embedded = [
        ("vacancy", v.id, model, dim, vec.astype("<f4").tobytes(), _hash(vacancy_text(v)))
        for v, vec in zip(vacancies, vectors, strict=True)
    ]
    async with conn.transaction():
        await conn.copy_records_to_table("vacancies", records=rows, columns=columns)
        await conn.copy_records_to_table(
            "embeddings",
            records=embedded,
            columns=["kind", "object_id", "model", "dimension", "vector", "text_hash"],
        )


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class WebProcess:
    """`perspectief serve` as its own process, the way an operator runs it."""

    def __init__(self, url: str, data_dir: Path, port: int, app_dir: Path = ROOT) -> None:
        """`app_dir`: the checkout to serve (another commit's worktree; same venv)."""
        self.base = f"http://127.0.0.1:{port}"
        env = dict(os.environ, DATABASE_URL=url, HF_HUB_OFFLINE="1", PYTHONPATH=str(app_dir))
        env |= {"PERSPECTIEF_DATA_DIR": str(data_dir), "PERSPECTIEF_PORT": str(port)}
        env |= {"PERSPECTIEF_ESCO_DIR": str(data_dir / "no-esco")}
        self.log = open(data_dir / "serve.log", "ab")  # noqa: SIM115
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "web.cli", "serve"],
            cwd=app_dir,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def get(self, path: str) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(self.base + path, timeout=10) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()
        except OSError:
            return 0, b""

    def health(self) -> dict:
        status, body = self.get("/healthz")
        return json.loads(body) if body and status in (200, 503) else {}

    def wait(self, ready, timeout: float) -> float:  # type: ignore[no-untyped-def]
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if ready():
                return time.perf_counter() - self.started
            if self.proc.poll() is not None:
                raise RuntimeError(f"serve exited with {self.proc.returncode}")
            time.sleep(POLL_SECONDS)
        raise TimeoutError("not ready in time")

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def rss_mb(self) -> tuple[float, float]:
        status = Path(f"/proc/{self.proc.pid}/status").read_text().splitlines()
        values = {k: v for k, _, v in (line.partition(":") for line in status)}
        return _kb(values["VmRSS"]) / 1024, _kb(values["VmHWM"]) / 1024

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=300)
        self.log.close()


def _kb(value: str) -> float:
    return float(value.split()[0])


def index_state(web: WebProcess) -> dict:
    return web.health().get("index", {})


def build_id(web: WebProcess) -> str | None:
    """The vacancy index build on /healthz (None when it did not answer in time)."""
    found: str | None = index_state(web).get("vacancies", {}).get("build_id")
    return found


def start_and_wait(web: WebProcess, timeout: float) -> tuple[float, float, dict]:
    login = web.wait(lambda: web.get("/login")[0] == 200, timeout)
    ready = web.wait(lambda: index_state(web).get("state") == "ready", timeout)
    return login, ready, index_state(web)


async def commit_change(url: str, model: str, rng: np.random.Generator) -> None:
    """Add one vacancy with its vector, as an agency's change and the worker's vector."""
    conn = await asyncpg.connect(url)
    try:
        new_id = await conn.fetchval("SELECT nextval('vacancies_id_seq')")
        vacancy = fake_vacancy(int(new_id), rng, dutch_locations(1, rng)[0])
        vector = synthetic_vectors(corpus_embeddings(), len(corpus_embeddings()) + 1, rng)[-1]
        async with conn.transaction():
            await conn.execute(
                "INSERT INTO vacancies (id, organisation_id, external_ref, title, description,"
                " skills, sector, lat, lon, status) SELECT $1, id, $2, $3, $4, $5, $6, $7, $8,"
                " 'open' FROM organisations WHERE slug = 'schaal'",
                vacancy.id, f"S-{vacancy.id}", vacancy.title, vacancy.description,
                vacancy.skills, vacancy.sector, vacancy.location.lat, vacancy.location.lon,
            )  # fmt: skip
            await conn.execute(
                "INSERT INTO embeddings (kind, object_id, model, dimension, vector, text_hash)"
                " VALUES ('vacancy', $1, $2, $3, $4, $5)",
                vacancy.id, model, len(vector), vector.astype("<f4").tobytes(),
                _hash(vacancy_text(vacancy)),
            )  # fmt: skip
    finally:
        await conn.close()


async def until_indexed(web: WebProcess, before: str | None, committed: float) -> float:
    """Seconds from `committed` until the vacancy index build differs from `before`."""
    while build_id(web) in (before, None):
        if time.perf_counter() - committed > 60:
            raise TimeoutError("change not indexed within 60 s")
        await asyncio.sleep(POLL_SECONDS)
    return time.perf_counter() - committed


async def latency_of_change(url: str, web: WebProcess, model: str, rng) -> float:  # type: ignore[no-untyped-def]
    """Commit one change, then poll /healthz until the web process indexed it."""
    before = build_id(web)
    await commit_change(url, model, rng)
    return await until_indexed(web, before, time.perf_counter())


async def cpu_of_change(url: str, web: WebProcess, model: str, rng, window: float = 2.0) -> float:  # type: ignore[no-untyped-def]
    """CPU seconds of the web process for one change: its CPU over `window` seconds
    after the commit (not polled), minus its CPU over an idle window just before."""
    before = build_id(web)
    cpu = web.cpu_seconds()
    await asyncio.sleep(window)
    idle = web.cpu_seconds() - cpu
    cpu = web.cpu_seconds()
    await commit_change(url, model, rng)
    await asyncio.sleep(window)
    spent = web.cpu_seconds() - cpu
    await until_indexed(web, before, time.perf_counter())  # it did arrive
    return max(0.0, spent - idle)


async def changes(url: str, web: WebProcess, model: str, n: int) -> tuple[list, list]:
    """n changes timed until searchable (polled), then n more for CPU (not polled)."""
    rng = np.random.default_rng(7)
    latencies, cpus = [], []
    for _ in tqdm(range(n), desc="changes: latency", file=sys.stderr):
        await asyncio.sleep(1.0)  # the previous change's upkeep is done
        latencies.append(await latency_of_change(url, web, model, rng))
    for _ in tqdm(range(n), desc="changes: CPU", file=sys.stderr):
        cpus.append(await cpu_of_change(url, web, model, rng))
    return latencies, cpus


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--changes", type=int, default=30)
    parser.add_argument("--data-dir", type=Path, default=ROOT / "bench" / ".scale")
    parser.add_argument("--port", type=int, default=8300)
    parser.add_argument("--timeout", type=float, default=1800.0)
    args = parser.parse_args()
    data_dir = args.data_dir / f"n{args.size}"
    data_dir.mkdir(parents=True, exist_ok=True)
    url = os.environ.get("DATABASE_URL") or embedded_url(data_dir / "pg")
    model = DEFAULT_MODEL
    asyncio.run(fill(url, args.size, model))
    for old in (data_dir / "app" / "index").glob("*.index"):
        old.unlink()  # the cold start must build from the stored vectors
    (data_dir / "app").mkdir(exist_ok=True)

    web = WebProcess(url, data_dir / "app", args.port)
    login, ready, state = start_and_wait(web, args.timeout)
    print(f"cold start: /login {login:.1f} s, ready {ready:.1f} s, indexed {state['vacancies']}")
    latencies, cpus = asyncio.run(changes(url, web, model, args.changes))
    rss, peak = web.rss_mb()
    print(
        f"one changed vacancy ({len(latencies)}x): searchable after p50 {pct(latencies, 50):.2f}"
        f" / p95 {pct(latencies, 95):.2f} / max {max(latencies):.2f} s;"
        f" web CPU p50 {1000 * pct(cpus, 50):.0f} / p95 {1000 * pct(cpus, 95):.0f} ms"
        f" (mean {1000 * statistics.mean(cpus):.0f} ms)"
    )
    print(f"web process RSS {rss:.0f} MB (peak {peak:.0f} MB)")
    stop_started = time.perf_counter()
    web.stop()
    print(f"stop (saves the index): {time.perf_counter() - stop_started:.1f} s")

    web = WebProcess(url, data_dir / "app", args.port)
    login, ready, state = start_and_wait(web, args.timeout)
    rss, peak = web.rss_mb()
    print(
        f"restart: /login {login:.1f} s, ready {ready:.1f} s, vacancies {state['vacancies']};"
        f" RSS {rss:.0f} MB (peak {peak:.0f} MB)"
    )
    web.stop()


def embedded_url(pgdata: Path) -> str:
    admin = embedded_server_uri(pgdata)
    asyncio.run(ensure_database(admin, DATABASE_NAME))
    return embedded_server_uri(pgdata, DATABASE_NAME)


if __name__ == "__main__":
    main()
