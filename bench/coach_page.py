"""p95 time to show a candidate's suggestions page, as a jobcoach sees it.

Runs the real app (uvicorn, matching on, ESCO off) against a throw-away embedded
PostgreSQL with the demo world, then again with N extra synthetic vacancies spread over
the Netherlands. To keep set-up short, synthetic vacancies reuse demo texts, and their
vectors are stored once per distinct text (the service then reuses them, exactly as at
a restart); the page itself runs the full path: restrictions, retrieval with in-search
filters, constraints, scoring, the PostgreSQL re-check and the suggestion log.

    .venv/bin/python bench/coach_page.py [--extra 100000] [--requests 100]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import asyncpg
import httpx
import numpy as np
import pyotp
import uvicorn

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from matcher.embedding import Encoder, text_hash  # noqa: E402
from matcher.texts import vacancy_text  # noqa: E402
from web.accounts.repositories import organisations  # noqa: E402
from web.app import create_app  # noqa: E402
from web.database import create_pool, embedded_server_uri, stop_embedded_server  # noqa: E402
from web.demo.seed import DEMO_PASSWORD, DEMO_TOTP_SECRET, demo_vacancy, seed_demo  # noqa: E402
from web.matching.repositories import embeddings  # noqa: E402
from web.matching.repositories.matching import open_vacancies  # noqa: E402
from web.migrations import migrate  # noqa: E402
from web.settings import Settings  # noqa: E402
from web.vacancies.repositories import vacancies  # noqa: E402

CITIES = [
    (52.37, 4.90),
    (51.92, 4.48),
    (52.08, 4.31),
    (52.09, 5.12),
    (51.44, 5.47),
    (53.22, 6.57),
    (51.99, 5.91),
    (52.22, 6.89),
    (51.59, 4.78),
    (52.16, 5.39),
]


async def add_synthetic(conn: asyncpg.Connection, n: int, encoder: Encoder) -> None:
    org = await organisations.create(conn, kind="agency", name="Landelijk", slug="landelijk")
    rng = random.Random(11)
    for start in range(0, n, 5000):
        rows = []
        for i in range(start, min(n, start + 5000)):
            values = demo_vacancy(rng, org)
            lat, lon = rng.choice(CITIES)
            values.update(
                lat=lat + rng.gauss(0, 0.15),
                lon=lon + rng.gauss(0, 0.2),
                postcode=None,
                status="open",
                closing_date=None,
            )
            rows.append((f"s{i}", values))
        await vacancies.upsert_many(conn, organisation_id=org.id, rows=rows)
        print(f"  {min(n, start + 5000)} synthetic vacancies", file=sys.stderr)
    await store_vectors(conn, encoder)


async def store_vectors(conn: asyncpg.Connection, encoder: Encoder) -> None:
    items = await open_vacancies(conn, today=__import__("datetime").date.today())
    texts = {v.id: vacancy_text(v) for v in items}
    unique = sorted(set(texts.values()))
    vectors = dict(zip(unique, encoder.encode(unique), strict=True))
    ids = list(texts)
    matrix = np.stack([vectors[texts[i]] for i in ids])
    for s in range(0, len(ids), 20000):
        await embeddings.store(
            conn,
            kind="vacancy",
            model=encoder.model_name,
            ids=ids[s : s + 20000],
            vectors=matrix[s : s + 20000],
            text_hashes=[text_hash(texts[i]) for i in ids[s : s + 20000]],
        )


def serve(url: str, data_dir: Path) -> tuple[uvicorn.Server, threading.Thread, str]:
    settings = Settings(environment="test", data_dir=data_dir, esco_dir=data_dir / "no-esco")
    app = create_app(settings, database_url=url)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=8765, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = "http://127.0.0.1:8765"
    while True:
        time.sleep(1)
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=5) as r:
                if json.load(r)["index"].get("state") == "ready":
                    return server, thread, base
        except OSError:
            pass


def measure(base: str, requests: int) -> list[float]:
    with httpx.Client(base_url=base, follow_redirects=False, timeout=60) as client:
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)[1]
        step = client.post(
            "/login",
            data={
                "email": "fatima.elamrani@utrecht.demo",
                "password": DEMO_PASSWORD,
                "csrf_token": token,
            },
        )
        if step.headers.get("location") == "/login/code":  # the demo coach's second step
            code = pyotp.TOTP(DEMO_TOTP_SECRET).now()
            client.post("/login/code", data={"code": code, "csrf_token": token})
        ids = [int(x) for x in re.findall(r'/coach/candidates/(\d+)"', client.get("/coach").text)]
        times = []
        for n in range(requests):
            t0 = time.perf_counter()
            r = client.get(f"/coach/candidates/{ids[n % len(ids)]}/suggestions")
            times.append(time.perf_counter() - t0)
            assert r.status_code == 200 and "suggestion" in r.text
        return times


async def prepare(data_dir: Path, extra: int) -> str:
    admin = embedded_server_uri(data_dir / "pg")
    conn = await asyncpg.connect(admin)
    await conn.execute("CREATE DATABASE bench_coach")
    await conn.close()
    url = admin.replace("/postgres?", "/bench_coach?")
    pool = await create_pool(url)
    async with pool.acquire() as c:
        await migrate(c)
        await seed_demo(c, progress=False)
        encoder = Encoder()
        if extra:
            await add_synthetic(c, extra, encoder)
        else:
            await store_vectors(c, encoder)
    await pool.close()
    return url


def run(extra: int, requests: int) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-coach-") as tmp:
        data_dir = Path(tmp)
        try:
            url = asyncio.run(prepare(data_dir, extra))
            t0 = time.perf_counter()
            server, thread, base = serve(url, data_dir)
            start = time.perf_counter() - t0
            times = sorted(measure(base, requests))
            p95 = times[int(0.95 * (len(times) - 1))]
            print(
                f"demo world + {extra} vacancies: service ready in {start:.1f} s; "
                f"suggestions page p50 {1000 * statistics.median(times):.0f} ms, "
                f"p95 {1000 * p95:.0f} ms over {len(times)} requests"
            )
            server.should_exit = True
            thread.join(timeout=30)
        finally:
            stop_embedded_server(data_dir / "pg")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--extra", type=int, nargs="*", default=[0, 100_000])
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()
    for extra in args.extra:
        run(extra, args.requests)


if __name__ == "__main__":
    main()
