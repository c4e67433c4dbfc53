"""Fusion-weight search on cached MELO features, with a seeded 2-fold check by qid.

With top=100 and >100 concepts, `rank_titles` lists exactly one (display) element per
concept for the top 100 concepts, and the display element depends only on character
closeness, not on the weights. So a query's metrics follow from the concept ranks of
the concepts whose display element is relevant: cheap to recompute per weight vector.

    .venv/bin/python bench/melo_tune.py --model /tmp/melo_ft/model-x [--dataset ...]
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from melo_features import Dataset  # noqa: E402

from matcher.embedding import DEFAULT_MODEL  # noqa: E402
from matcher.taxonomy.normaliser import DEFAULT_WEIGHTS, combine  # noqa: E402

KEYS = [
    ("char", "label"), ("char", "other"), ("char", "group"),
    ("word", "label"), ("word", "other"), ("word", "group"),
    ("emb", "label"), ("emb", "other"), ("emb", "text"), ("emb", "group"),
]  # fmt: skip
GRID = (0.0, 0.05, 0.1, 0.2, 0.35, 0.5, 0.7, 1.0, 1.4)


class FastScorer:
    def __init__(self, ds: Dataset) -> None:
        self.ds = ds
        n_q = len(ds.queries)
        close = ds.closeness
        # hits[q] = concept indices whose display element is relevant; n_rel[q]
        self.hits: list[np.ndarray] = []
        self.n_rel = np.zeros(n_q)
        self.qids = [q for q, _ in ds.queries]
        for i, qid in enumerate(self.qids):
            wanted = ds.relevant.get(qid, set())
            self.n_rel[i] = len(wanted)
            row = close[i].toarray().ravel()
            hit = []
            for c, positions in enumerate(ds.members):
                if not wanted.intersection(ds.corpus[p][0] for p in positions):
                    continue
                best = positions[int(np.argmax(row[positions]))]
                if ds.corpus[best][0] in wanted:
                    hit.append(c)
            self.hits.append(np.array(hit, dtype=np.int64))

    def metrics(self, scores: np.ndarray, rows: np.ndarray) -> tuple[float, float, float]:
        rr, s10, r10 = [], [], []
        for i in rows:
            if self.n_rel[i] == 0:
                continue
            s = scores[i]
            ranks = []
            for c in self.hits[i]:
                ranks.append(int((s > s[c]).sum() + (s[:c] == s[c]).sum()) + 1)
            ranks = [r for r in ranks if r <= 100]
            first = min(ranks) if ranks else None
            rr.append(1.0 / first if first else 0.0)
            s10.append(first is not None and first <= 10)
            r10.append(sum(r <= 10 for r in ranks) / self.n_rel[i])
        return float(np.mean(rr)), float(np.mean(s10)), float(np.mean(r10))


def folds(scorer: FastScorer, seed: int = 7) -> tuple[np.ndarray, np.ndarray]:
    rows = [i for i in range(len(scorer.qids)) if scorer.n_rel[i] > 0]
    rows = sorted(rows, key=lambda i: scorer.qids[i])
    random.Random(seed).shuffle(rows)
    half = len(rows) // 2
    return np.array(sorted(rows[:half])), np.array(sorted(rows[half:]))


def search(feats, scorer: FastScorer, rows: np.ndarray, start, passes: int = 2):
    def objective(w):
        m = scorer.metrics(combine(feats, w), rows)
        return m[0] + m[1], m

    weights = {k: start.get(k, 0.0) for k in KEYS if k in feats}
    best, _ = objective(weights)
    for _ in range(passes):
        improved = False
        for key in list(weights):
            for value in GRID:
                if value == weights[key]:
                    continue
                trial = dict(weights) | {key: value}
                score, _ = objective(trial)
                if score > best + 1e-9:
                    best, weights, improved = score, trial, True
        if not improved:
            break
    return weights


def fmt(m) -> str:
    return f"MRR {m[0]:.3f} S@10 {m[1]:.3f} R@10 {m[2]:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--dataset", default="nld_q_nl_c_nl_dev")
    parser.add_argument("--other", default="nld_q_nl_c_en_dev")
    parser.add_argument("--check", action="store_true", help="compare with the slow scorer")
    args = parser.parse_args()
    ds = Dataset(args.dataset)
    feats = ds.features(args.model, None)
    scorer = FastScorer(ds)
    all_rows = np.arange(len(ds.queries))
    print("default weights, all:", fmt(scorer.metrics(combine(feats, DEFAULT_WEIGHTS), all_rows)))
    if args.check:
        print("slow scorer          :", fmt(ds.score(feats, DEFAULT_WEIGHTS)))
    a, b = folds(scorer)
    for name, tune, test in (("A->B", a, b), ("B->A", b, a)):
        w = search(feats, scorer, tune, DEFAULT_WEIGHTS)
        default = scorer.metrics(combine(feats, DEFAULT_WEIGHTS), test)
        tuned = scorer.metrics(combine(feats, w), test)
        print(f"fold {name}: held-out default {fmt(default)} | tuned {fmt(tuned)}")
        print("   weights", {f"{s}/{k}": v for (s, k), v in w.items() if v})
    w = search(feats, scorer, all_rows, DEFAULT_WEIGHTS)
    print("tuned on all:", fmt(scorer.metrics(combine(feats, w), all_rows)))
    print("   weights", {f"{s}/{k}": v for (s, k), v in w.items() if v})
    if args.other:
        ods = Dataset(args.other)
        ofeats = ods.features(args.model, None)
        osc = FastScorer(ods)
        rows = np.arange(len(ods.queries))
        print(
            f"{args.other}: default {fmt(osc.metrics(combine(ofeats, DEFAULT_WEIGHTS), rows))}"
            f" | nl-tuned {fmt(osc.metrics(combine(ofeats, w), rows))}"
        )


if __name__ == "__main__":
    main()
