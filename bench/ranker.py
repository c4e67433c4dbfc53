"""Learning from decisions on the demo world's simulated history: held-out NDCG@10 of the
hand-set weights against the learned ones, and what the fairness monitor's groups say.

Seeds the demo world in a throw-away embedded PostgreSQL, writes its simulated half year
of decisions (web/demo/history.py: coaches who value the kind of work and perspective
more than the hand-set weights do), trains as the worker's job does and prints the
proposed version's evaluation report. Run: .venv/bin/python bench/ranker.py [--seed N]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

import asyncpg

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from matcher.learning import COMPONENTS  # noqa: E402
from web.database import embedded_server_uri, stop_embedded_server  # noqa: E402
from web.demo import history  # noqa: E402
from web.demo.seed import seed_demo  # noqa: E402
from web.matching.service import weights_from  # noqa: E402
from web.migrations import migrate  # noqa: E402
from web.ranker.repositories import versions  # noqa: E402
from web.settings import Settings  # noqa: E402


async def report(pgdata: Path, seed: int) -> None:
    conn = await asyncpg.connect(embedded_server_uri(pgdata))
    await conn.set_type_codec("jsonb", encoder=_dumps, decoder=_loads, schema="pg_catalog")
    try:
        await migrate(conn)
        await seed_demo(conn, progress=False)
        org = await conn.fetchval("SELECT id FROM organisations WHERE kind = 'municipality'")
        started = time.perf_counter()
        made = await history.seed_history(
            conn, organisation_id=org, prior=weights_from(Settings()), seed=seed, progress=False
        )
        took = time.perf_counter() - started
        found = await versions.one(conn, organisation_id=org, version=made or 0)
        if found is None:
            print("no version proposed (too few decisions)")
            return
        _print(found.report, found.weights, took)
    finally:
        await conn.close()


def _print(r: dict, learned: dict, took: float) -> None:
    train, test, ndcg = r["train"], r["test"], r["ndcg"]
    print(f"history written and trained in {took:.1f} s")
    print(f"trained on {train['decisions']} decisions of {train['candidates']} young people "
          f"({train['from'][:10]} – {train['until'][:10]}), {train['pairs']} pairs; "
          f"tested on the newest {test['decisions']} ({test['from'][:10]} – {test['until'][:10]}), "
          f"{test['lists']} ranked lists")  # fmt: skip
    print(f"left out (not about the match): {r['left_out']}")
    hidden = history.HIDDEN.as_dict()
    total = sum(hidden.values())
    print("component     hand-set  learned  hidden")
    for name in COMPONENTS:
        share = hidden[name] / total
        print(f"{name:<13} {r['hand_set'][name]:8.3f} {learned[name]:8.3f} {share:7.3f}")
    gain = ndcg["learned"] - ndcg["hand_set"]
    low, high = ndcg["interval"]
    print(f"NDCG@{r['k']} held out: hand-set {ndcg['hand_set']:.3f}, learned {ndcg['learned']:.3f} "
          f"({gain:+.3f}, 95% bootstrap {low:+.3f} to {high:+.3f})")  # fmt: skip
    first = r["best_first"]
    print(f"best vacancy first: hand-set {first['hand_set']:.0%}, learned {first['learned']:.0%}")
    for dimension in r["groups"]:
        print(f"{dimension['label']} ({dimension['smaller_groups_not_shown']} smaller not shown)")
        for g in dimension["groups"]:
            flags = ", ".join(k for k, v in g["flagged"].items() if v)
            note = f"  below 0.8 of the best group: {flags}" if flags else ""
            print(f"  {g['name']:<12} n={g['size']:<3} NDCG {g['ndcg_hand_set']:.3f} -> "
                  f"{g['ndcg_learned']:.3f}  best first {g['best_first_hand_set']:.0%} -> "
                  f"{g['best_first_learned']:.0%}{note}")  # fmt: skip


def _dumps(value: object) -> str:
    import json

    return json.dumps(value)


def _loads(text: str) -> object:
    import json

    return json.loads(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2026, help="of the simulated history")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-ranker-") as tmp:
        pgdata = Path(tmp) / "pg"
        try:
            asyncio.run(report(pgdata, args.seed))
        finally:
            stop_embedded_server(pgdata)


if __name__ == "__main__":
    main()
