"""Benchmark: `perspectief match rank` throughput at 10,000 vacancies.

Why: the issue asks how many candidates per second the command ranks against a realistic
vacancy set. This script writes N vacancies and two candidate files (the demo world's
generators, web/demo/seed.py, so the texts are the product's own kind) as JSON lines,
then runs the real command in a child process for each candidate file. The command's
total time includes loading the model and ESCO and indexing the vacancies, so the
throughput is the marginal one:

    candidates/s = (big - small) / (time(big) - time(small))

and both end-to-end times are printed too. Each size runs `--repeat` times; the median
time is used. Run it against another checkout with `--app-dir` (its `web.cli` is run).
`--cache` copies a taxonomy vector cache (a data dir's `cache/` folder) into the run's
own data dir, so the ESCO labels are not embedded again on every run; one untimed run
goes first so that both sizes find the cache equally warm.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/match_rank.py [--vacancies 10000]
        [--small 50] [--big 450] [--repeat 1] [--app-dir /path/to/checkout]
        [--cache .data/cache]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from web.demo import world  # noqa: E402
from web.demo.seed import demo_candidate, demo_vacancy  # noqa: E402


@dataclass
class _Org:
    """The few attributes `demo_vacancy` reads from an organisation."""

    slug: str
    name: str
    kind: str = "agency"
    second_chance: bool = False


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in values.items()}


def write_files(folder: Path, vacancies: int, sizes: list[int], seed: int) -> list[Path]:
    """The vacancy file and one candidate file per size, as JSON lines."""
    rng = random.Random(seed)
    orgs = [_Org(slug=f"bureau-{i}", name=f"Bureau {i}") for i in range(5)]
    orgs += [_Org(slug=s, name=s, kind="employer") for s in sorted(world.EMPLOYER_SECTORS)]
    with (folder / "vacancies.jsonl").open("w", encoding="utf-8") as out:
        for i in range(vacancies):
            row = _plain(demo_vacancy(rng, rng.choice(orgs))) | {"id": f"V{i}"}
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    paths = [folder / "vacancies.jsonl"]
    for size in sizes:
        path = folder / f"candidates_{size}.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for n in range(size):
                row = _plain(demo_candidate(rng, n)) | {"id": f"C{n}"}
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
        paths.append(path)
    return paths


def run_rank(app_dir: Path, data_dir: Path, vacancies: Path, candidates: Path, out: Path) -> float:
    """Seconds for one `perspectief match rank` run in a child process."""
    env = os.environ | {
        "PYTHONPATH": str(app_dir),
        "HF_HUB_OFFLINE": "1",
        "PERSPECTIEF_DATA_DIR": str(data_dir),
    }
    command = [sys.executable, "-m", "web.cli", "match", "rank"]
    command += ["--vacancies", str(vacancies), "--candidates", str(candidates)]
    command += ["--top", "10", "--out", str(out)]
    started = time.perf_counter()
    subprocess.run(command, cwd=app_dir, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--vacancies", type=int, default=10_000)
    parser.add_argument("--small", type=int, default=50)
    parser.add_argument("--big", type=int, default=450)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--app-dir", type=Path, default=ROOT)
    parser.add_argument("--cache", type=Path, help="a taxonomy vector cache folder to start from")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        data_dir = folder / "data"
        if args.cache:
            shutil.copytree(args.cache, data_dir / "cache")
        vacancies, small, big = write_files(
            folder, args.vacancies, [args.small, args.big], args.seed
        )
        # One untimed run first: it fills the run's cache with whatever this checkout's
        # taxonomy embeds beyond the copied cache, which would otherwise land on one size.
        run_rank(args.app_dir, data_dir, vacancies, small, folder / "out.tsv")
        times = {}
        for size, path in ((args.small, small), (args.big, big)):
            runs = [
                run_rank(args.app_dir, data_dir, vacancies, path, folder / "out.tsv")
                for _ in range(args.repeat)
            ]
            times[size] = statistics.median(runs)
            lines = sum(1 for _ in (folder / "out.tsv").open(encoding="utf-8"))
            print(f"{size} candidates: {times[size]:.1f} s end to end, {lines} suggestion lines")
    spent = times[args.big] - times[args.small]
    rate = f"{(args.big - args.small) / spent:.1f}" if spent > 0 else "n/a (noise > work)"
    print(f"app {args.app_dir}: {args.vacancies} vacancies, marginal {rate} candidates/s")


if __name__ == "__main__":
    main()
