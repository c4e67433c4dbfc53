"""Benchmark: what one changed vacancy costs on an engine holding N vacancies.

Why: the web service applies every vacancy change to its in-memory engine (after the
request's commit, and from the 15-s reconcile). At 1,000,000 vacancies that must cost
milliseconds, not seconds, including whatever the first search after the change has
to rebuild. This script builds a `MatchEngine` over N vacancies (IVF index, float16)
with vectors and places made as bench/search.py makes them (mixtures of real ESCO
embeddings; places clustered around Dutch cities), then prints:

- build time and memory (current and peak RSS);
- CPU time (time.process_time) of one changed vacancy (new text, vector and place)
  followed by one filtered search (`vacancy_where` + `VectorIndex.search`, 25 km),
  median and p95; the same for a removal; and the search alone, for reference;
- save time and file size; load + `restore_vacancies` time.

    .venv/bin/python bench/engine_scale.py --size 1000000

Runs against older code too (PYTHONPATH=a checkout): steps the old API lacks are
skipped.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import search as corpus  # noqa: E402  (bench/search.py: the vector and place generators)

from matcher.engine import MatchEngine  # noqa: E402
from matcher.index import VectorIndex  # noqa: E402
from matcher.models import Candidate, Location, Vacancy  # noqa: E402

TODAY = date(2026, 3, 1)
TITLES = ["Heftruckchauffeur", "Kok", "Orderpicker", "Schoonmaker", "Verkoopmedewerker",
          "Monteur", "Zorgassistent", "Magazijnmedewerker", "Beveiliger", "Bezorger"]  # fmt: skip
WORDS = ("werken in een team met collega's klanten planning veiligheid dienst rooster "
         "uren contract opleiding salaris ervaring rijbewijs certificaat").split()  # fmt: skip


class NoEncoder:
    """Every vector is passed in; encoding would mean the benchmark is wrong."""

    model_name = "bench"

    def encode(self, texts: list[str], **_: object) -> np.ndarray:
        raise AssertionError(f"unexpected encode of {len(texts)} texts")


def vacancy(i: int, rng: np.random.Generator, place: np.ndarray) -> Vacancy:
    closing = None if rng.random() < 0.6 else TODAY + timedelta(days=int(rng.integers(1, 90)))
    return Vacancy(
        id=i,
        title=f"{TITLES[int(rng.integers(len(TITLES)))]} {int(rng.integers(1000))}",
        description=" ".join(rng.choice(WORDS, 30)),
        skills=[str(w) for w in rng.choice(WORDS, 3)],
        location=Location(lat=float(place[0]), lon=float(place[1])),
        closing_date=closing,
    )


def make_vectors(kind: str, n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """(real, n synthetic) unit vectors as bench/search.py makes them, or a quick
    Gaussian stand-in: 2,000 random centres plus noise."""
    if kind == "gaussian":
        real = rng.standard_normal((2000, corpus.DIM)).astype(np.float32)
        real /= np.linalg.norm(real, axis=1, keepdims=True)
        mixed = real[rng.integers(0, len(real), n)]
        mixed += rng.normal(0, 0.03, mixed.shape).astype(np.float32)
        return real, mixed / np.linalg.norm(mixed, axis=1, keepdims=True)
    real = corpus.corpus_embeddings()
    real = real[rng.permutation(len(real))[2000:]]  # as make_workload: held-out queries
    return real, corpus.synthetic_vectors(real, n, rng)


def rss_mb() -> tuple[float, float]:
    """(current, peak) resident memory in MB."""
    with open("/proc/self/statm") as fh:
        current = int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return current / 2**20, peak_kb / 1024


def cpu_ms(action) -> float:  # type: ignore[no-untyped-def]
    started = time.process_time()
    action()
    return (time.process_time() - started) * 1000


def report(name: str, samples: list[float]) -> None:
    ms = np.array(samples)
    print(f"{name:<38} median {np.median(ms):8.2f} ms   p95 {np.percentile(ms, 95):8.2f} ms"
          f"   max {ms.max():8.2f} ms   (n={len(ms)})", flush=True)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--changes", type=int, default=200, help="changes and removals timed")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--dir", type=Path, default=None, help="where to save the index")
    parser.add_argument(
        "--vectors", choices=["esco", "gaussian"], default="esco",
        help="esco: as bench/search.py (embeds ESCO once, cached); gaussian: a quick check",
    )  # fmt: skip
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    n, extra = args.size, args.changes

    started = time.perf_counter()
    real, vectors = make_vectors(args.vectors, n + extra, rng)
    places = corpus.dutch_locations(n + extra, rng)
    queries = places[rng.choice(n, 50)]
    items = [vacancy(i + 1, rng, places[i]) for i in range(n)]
    print(f"size {n}: generated in {time.perf_counter() - started:.0f} s", flush=True)

    engine = MatchEngine(NoEncoder())  # type: ignore[arg-type]
    started = time.perf_counter()
    engine.index_vacancies(items, vectors=vectors[:n])
    index = engine.index_for("vacancy")
    assert index is not None
    vectors = vectors[n:].copy()  # keep only the replacements: RSS is then the engine's
    gc.collect()
    print(f"build: {time.perf_counter() - started:.1f} s, index {index.kind}, "
          "RSS {:.0f} MB (peak {:.0f} MB)".format(*rss_mb()), flush=True)  # fmt: skip

    candidates = [
        Candidate(id=10**9 + q, desired_work="x", max_travel_km=25.0,
                  location=Location(lat=float(lat), lon=float(lon)))
        for q, (lat, lon) in enumerate(queries)
    ]  # fmt: skip
    query_vectors = real[rng.choice(len(real), len(candidates))]

    def search(q: int) -> None:
        where = engine.vacancy_where(candidates[q % len(candidates)], today=TODAY)
        index.search(query_vectors[q % len(candidates)], 20, where=where)

    for q in range(10):  # warm-up
        search(q)
    report("filtered search alone", [cpu_ms(lambda q=q: search(q)) for q in range(extra)])

    changed = rng.choice(n, extra, replace=False) + 1
    samples = []
    for q, i in enumerate(changed.tolist()):
        new = vacancy(i, rng, places[n + q])

        def change(new: Vacancy = new, q: int = q) -> None:
            engine.index_vacancies([new], vectors=vectors[q][None, :])
            search(q)

        samples.append(cpu_ms(change))
    report("change (text+vector+place) + search", samples)

    gone = rng.choice(np.setdiff1d(np.arange(1, n + 1), changed), extra, replace=False)
    samples = []
    for q, i in enumerate(gone.tolist()):

        def removal(i: int = i, q: int = q) -> None:
            engine.remove_vacancies([i])
            search(q)

        samples.append(cpu_ms(removal))
    report("removal + search", samples)
    print("RSS {:.0f} MB (peak {:.0f} MB)".format(*rss_mb()), flush=True)

    if not hasattr(engine, "restore_vacancies"):
        print("(this code has no restore_vacancies: save/restore skipped)")
        return
    save_and_restore(engine, index, args.dir)


def save_and_restore(engine: MatchEngine, index: VectorIndex, where: Path | None) -> None:
    with tempfile.TemporaryDirectory(dir=where) as tmp:
        path = Path(tmp) / "vacancy.index"
        started = time.perf_counter()
        index.save(path)
        print(f"save: {time.perf_counter() - started:.1f} s, {path.stat().st_size / 2**20:.0f} MB",
              flush=True)  # fmt: skip
        items = list(engine.vacancies.values())
        hashes = engine.text_hashes("vacancy")
        del engine, index
        gc.collect()
        started = time.perf_counter()
        restarted = MatchEngine(NoEncoder())  # type: ignore[arg-type]
        missing = restarted.restore_vacancies(items, VectorIndex.load(path))
        elapsed = time.perf_counter() - started
        same = restarted.text_hashes("vacancy") == hashes
        print(f"load + restore: {elapsed:.1f} s, {len(missing)} missing, hashes equal: {same}, "
              "RSS {:.0f} MB (peak {:.0f} MB)".format(*rss_mb()), flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
