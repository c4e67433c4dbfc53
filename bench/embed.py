"""Ingest throughput: the full path against raw `SentenceTransformer.encode`.

Full path = text building (matcher.texts) → embedding → storing in PostgreSQL (the
worker's `embed_pending`) → indexing the stored vectors (the web process's matching
service at start). Then a restart on the same database, which must embed nothing and
takes the index from the saved file.

    .venv/bin/python bench/embed.py [--vacancies 5000]

Runs against a throw-away embedded PostgreSQL (or $DATABASE_URL's server).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import asyncpg

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from matcher.texts import vacancy_text  # noqa: E402
from web.accounts.repositories import organisations  # noqa: E402
from web.database import create_pool, embedded_server_uri, stop_embedded_server  # noqa: E402
from web.demo.seed import demo_vacancy  # noqa: E402
from web.matching.embedder import embed_pending  # noqa: E402
from web.matching.repositories.matching import open_vacancies  # noqa: E402
from web.matching.service import MatchingService  # noqa: E402
from web.migrations import migrate  # noqa: E402
from web.settings import Settings  # noqa: E402
from web.vacancies.repositories import vacancies  # noqa: E402


async def fill(conn: asyncpg.Connection, n: int) -> None:
    org = await organisations.create(conn, kind="agency", name="Bench", slug="bench")
    rng = random.Random(7)
    for i in range(n):
        values = demo_vacancy(rng, org)
        values["description"] += f" Vestiging {i % 97}, team {i % 13}."  # distinct texts
        values["status"], values["closing_date"] = "open", None
        await vacancies.upsert(conn, organisation_id=org.id, external_ref=f"b{i}", values=values)


async def run(n: int, data_dir: Path) -> None:
    admin = embedded_server_uri(data_dir / "pg")
    conn = await asyncpg.connect(admin)
    await conn.execute("DROP DATABASE IF EXISTS bench_embed")
    await conn.execute("CREATE DATABASE bench_embed")
    await conn.close()
    url = admin.replace("/postgres?", "/bench_embed?")
    pool = await create_pool(url)
    async with pool.acquire() as c:
        await migrate(c)
        await fill(c, n)
        items = await open_vacancies(c, today=__import__("datetime").date.today())
    # No ESCO: this measures the ingest path.
    settings = Settings(environment="test", data_dir=data_dir, esco_dir=data_dir / "no-esco")
    service = MatchingService(settings=settings, pool=pool)
    texts = [vacancy_text(v) for v in items]
    service.encoder.encode(texts[:64])  # load the model outside the timings
    model = service.encoder.model

    def raw_encode() -> float:
        t0 = time.perf_counter()
        model.encode(texts, batch_size=service.encoder.batch_size, normalize_embeddings=True)
        return time.perf_counter() - t0

    # Raw encode twice before the full path (the first one warms the model up on every
    # text length) and once after; the fastest is the reference, so warm-up and a busy
    # neighbour do not flatter the overhead.
    raws = [raw_encode(), raw_encode()]
    in_model = await time_in_model(service)
    t0 = time.perf_counter()
    first = await embed_pending(pool, service.encoder, kind="vacancy")
    await service.load_all()
    full = time.perf_counter() - t0
    raws.append(raw_encode())
    raw = min(raws)
    print("raw encode runs (s): " + ", ".join(f"{r:.1f}" for r in raws))
    await service.stop()  # saves the index

    restart = MatchingService(settings=settings, pool=pool)
    t0 = time.perf_counter()
    second = await embed_pending(pool, restart.encoder, kind="vacancy")
    await restart.load_all()
    again = time.perf_counter() - t0

    print(f"texts: {len(texts)}  model: {settings.embedding_model}")
    print(f"raw encode:            {len(texts) / raw:8.1f} texts/s  ({raw:.1f} s)")
    print(f"full ingest path:      {len(texts) / full:8.1f} texts/s  ({full:.1f} s)")
    print(f"overhead vs raw:       {100 * (full - raw) / raw:8.1f} %")
    # Two ~20 s runs of the model differ by up to ~10% on this shared machine, so the
    # line above is noisy; the time the full path spends outside the model is not.
    outside = full - in_model[0]
    print(
        f"time outside the model: {outside:.2f} s = {100 * outside / full:.1f} % of the full path"
    )
    print(f"embedded at first start: {first.embedded}")
    print(
        f"restart: {again:.1f} s, re-embedded {second.embedded}, "
        f"from the saved index {restart.status.vacancies.restored}, "
        f"consistent={restart.status.consistent}"
    )
    await restart.stop()
    await pool.close()


async def time_in_model(service: MatchingService) -> list[float]:
    """Wrap the service's encoder so the seconds spent inside it add up in the result."""
    spent = [0.0]
    encode = service.encoder.encode

    def timed(texts: list[str], **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return encode(texts, **kwargs)
        finally:
            spent[0] += time.perf_counter() - started

    service.encoder.encode = timed  # type: ignore[method-assign]
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--vacancies", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-embed-") as tmp:
        try:
            asyncio.run(run(args.vacancies, Path(tmp)))
        finally:
            stop_embedded_server(Path(tmp) / "pg")


if __name__ == "__main__":
    main()
