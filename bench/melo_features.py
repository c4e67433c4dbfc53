"""Pooled normaliser features per MELO dataset and encoder, cached, for fast re-weighting.

Reproduces `rank_titles` step by step (same ConceptIndex, same `combine`, same
`_element_order`) but keeps the per-(signal, kind) features on disk, so fusion weights
can be searched without re-embedding. The annotations are read for scoring only.

    .venv/bin/python bench/melo_features.py --model /tmp/melo_ft/model-x [--datasets ...]
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from matcher.embedding import DEFAULT_MODEL, Encoder  # noqa: E402
from matcher.taxonomy.esco import read_esco  # noqa: E402
from matcher.taxonomy.normaliser import DEFAULT_WEIGHTS, combine  # noqa: E402
from matcher.taxonomy.ranking import _element_order, corpus_index, group_corpus  # noqa: E402
from matcher.taxonomy.vectors import encode_cached  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from melo import CACHE, DATA, DATASETS, TOP, metrics, read_tsv  # noqa: E402

FEATURES = Path("/tmp/melo_ft/features")
# Every emb kind is embedded (group too) so a weight search may switch any of them on.
ALL_EMB = dict(DEFAULT_WEIGHTS) | {("emb", "group"): 1e-6}


def tag_of(model: str) -> str:
    return hashlib.sha1(model.encode()).hexdigest()[:10]


class Dataset:
    """Corpus, queries, relevance and the model-independent parts of one MELO dataset."""

    def __init__(self, name: str) -> None:
        folder = DATA / "melo" / name
        self.name = name
        self.corpus = [(r[0], r[1]) for r in read_tsv(folder / "corpus_elements.tsv")]
        self.queries = [(r[0], r[1]) for r in read_tsv(folder / "queries.tsv")]
        self.concepts = {r[0]: r[1] for r in read_tsv(folder / "concept_mapping.tsv")}
        self.relevant: dict[str, set[str]] = {}
        for qid, _, cid, grade in read_tsv(folder / "annotations.tsv"):
            if int(grade) > 0:
                self.relevant.setdefault(qid, set()).add(cid)
        self.keys, self.members = group_corpus(self.corpus, self.concepts)
        self._closeness = None

    def features(self, model: str, esco) -> dict[tuple[str, str], np.ndarray]:
        path = FEATURES / f"{self.name}.{tag_of(model)}.npz"
        if path.is_file():
            with np.load(path) as data:
                return {tuple(k.split("|")): data[k] for k in data.files if "|" in k}
        encoder = Encoder(model=model)
        index = corpus_index(
            self.corpus, self.keys, self.members, encoder=encoder, esco=esco, cache_dir=CACHE
        )
        index.weights = ALL_EMB
        index.vectors["group"] = encode_cached(encoder, index.tables["group"].texts, CACHE)
        texts = [t for _, t in self.queries]
        feats = index.features(texts)
        if self._closeness is None:
            self._closeness = (
                index.char_vectors(texts) @ index.char_vectors([t for _, t in self.corpus]).T
            ).tocsr()
            np.savez(
                FEATURES / f"{self.name}.closeness.npz",
                data=self._closeness.data,
                indices=self._closeness.indices,
                indptr=self._closeness.indptr,
                shape=self._closeness.shape,
            )
        FEATURES.mkdir(parents=True, exist_ok=True)
        np.savez(path, model=np.array(model), **{"|".join(k): v for k, v in feats.items()})
        return feats

    @property
    def closeness(self):
        if self._closeness is None:
            from scipy import sparse

            with np.load(FEATURES / f"{self.name}.closeness.npz") as d:
                self._closeness = sparse.csr_matrix(
                    (d["data"], d["indices"], d["indptr"]), shape=tuple(d["shape"])
                )
        return self._closeness

    def score(self, feats, weights, qids: set[str] | None = None):
        """MRR, S@10, R@10 of rank_titles' ordering under the given weights."""
        scores = combine(feats, weights)
        ranking: dict[str, list[str]] = {}
        for i, (qid, _) in enumerate(self.queries):
            if qids is not None and qid not in qids:
                continue
            close = self.closeness[i].toarray().ravel()
            order = _element_order(scores[i], close, self.members, TOP)
            ranking[qid] = [self.corpus[p][0] for p, _ in order]
        relevant = {q: r for q, r in self.relevant.items() if qids is None or q in qids}
        return metrics(ranking, relevant)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--datasets", nargs="+", default=list(DATASETS))
    args = parser.parse_args()
    FEATURES.mkdir(parents=True, exist_ok=True)
    esco = read_esco(DATA / "esco")
    for name in args.datasets:
        start = time.perf_counter()
        ds = Dataset(name)
        feats = ds.features(args.model, esco)
        mrr, s10, r10 = ds.score(feats, DEFAULT_WEIGHTS)
        took = time.perf_counter() - start
        print(f"{name} {args.model}: MRR {mrr:.3f} S@10 {s10:.3f} R@10 {r10:.3f} ({took:.0f} s)")
        emb_only = {k: 1.0 for k in feats if k[0] == "emb"}
        print("   emb-only", " ".join(f"{x:.3f}" for x in ds.score(feats, emb_only)))


if __name__ == "__main__":
    main()
