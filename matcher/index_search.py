"""Running one search over one build of the vector index.

Why a module apart from index.py: index.py owns the state (the FAISS build, the row
table, changes and saving); a search only reads them. Given a build, this runs the
strategy index_filters.py picks: FAISS with a row bitmap evaluated inside the search
(`IDSelectorBitmap`, O(1) per test), brute force over the gathered rows of a small
allowed set, or over-fetch and test for a `Where`. A result shorter than
min(k, |allowed|) is filled by brute force, so a strict filter never empties a top-k.

The maths: stored vectors and queries are unit length, so inner product = cosine, and
an exact inner-product scan over gathered rows *is* an exact cosine search.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import faiss
import numpy as np

from matcher.index_faiss import as_ids, bitmap, kind_of, omp_threads, search_params, stored_vectors
from matcher.index_filters import FilterPolicy
from matcher.index_rows import RowTable
from matcher.where import Where


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result: database id and cosine similarity (-1..1, higher is closer)."""

    id: int
    score: float


class BuildSearch:
    """Searches over one FAISS build and its row table, both owned by the index."""

    def __init__(self, build: Any, rows: RowTable, policy: FilterPolicy) -> None:
        self.build = build
        self.rows = rows
        self.policy = policy
        self.kind = kind_of(build)

    def run(
        self,
        queries: np.ndarray,
        k: int,
        *,
        allowed: np.ndarray | Iterable[int] | None,
        where: Where | None,
    ) -> list[list[Hit]]:
        """Top-k per row of `queries` (unit vectors), restricted to `allowed` ids or to
        `where` (not both)."""
        if where is not None and not self.policy.overfetch_pays(k, where.expected):
            allowed, where = where.ids(), None
        rows = None if allowed is None else self.rows.rows_for(as_ids(allowed))
        n_candidates = self.policy.n_alive if rows is None else len(rows)
        if k <= 0 or n_candidates == 0:
            return [[] for _ in range(len(queries))]
        with omp_threads(1 if len(queries) < 20 else 0):
            if where is not None:
                return self._search_where(queries, k, where)
            return self._search(queries, k, rows, n_candidates)

    def _search_where(self, queries: np.ndarray, k: int, where: Where) -> list[list[Hit]]:
        """Approximate search for k / share · OVERFETCH hits in the lists a filter of
        this selectivity needs, keep the first k that pass `where.test`. A query that
        keeps fewer than k falls back to the listed ids, so nothing that exists is lost."""
        fetch = min(self.policy.overfetch(k, where.expected), self.policy.n_alive)
        nprobe = self.policy.filtered_nprobe(where.expected)
        results: list[list[Hit]] = []
        allowed_rows: np.ndarray | None = None
        found = self._faiss_raw(queries, fetch, None, nprobe)
        for query, (scores, rows) in zip(queries, found, strict=True):
            keep = rows >= 0
            scores, rows = scores[keep], rows[keep]
            passed = np.flatnonzero(where.test(self.rows.row_ids[rows]))[:k]
            if len(passed) == k:
                results.append(self._hits(scores[passed], rows[passed]))
                continue
            if allowed_rows is None:
                allowed_rows = self.rows.rows_for(as_ids(where.ids()))
            results += self._search(query[None, :], k, allowed_rows, len(allowed_rows))
        return results

    def _search(
        self, queries: np.ndarray, k: int, rows: np.ndarray | None, n_candidates: int
    ) -> list[list[Hit]]:
        width = self.policy.width(n_candidates, k)
        if self.policy.prefer_brute_force(n_candidates, width, filtered=rows is not None):
            return self._exact(queries, k, self.rows.alive_rows() if rows is None else rows)
        results = self._faiss_search(queries, k, rows, width)
        expected = min(k, n_candidates)
        for i, hits in enumerate(results):
            if len(hits) < expected:  # approximate search came up short: fill exactly
                rows = self.rows.alive_rows() if rows is None else rows
                results[i] = self._exact(queries[i : i + 1], k, rows)[0]
        return results

    def _faiss_search(
        self, queries: np.ndarray, k: int, rows: np.ndarray | None, width: int
    ) -> list[list[Hit]]:
        return [self._hits(s, r) for s, r in self._faiss_raw(queries, k, rows, width)]

    def _faiss_raw(
        self, queries: np.ndarray, k: int, rows: np.ndarray | None, width: int
    ) -> list[tuple[np.ndarray, np.ndarray]]:
        """faiss's (scores, rows) per query; rows are -1 where fewer than k were found."""
        n_rows = self.policy.n_rows
        params, selector = None, None  # no tombstones and no filter: a plain search
        if rows is not None or self.policy.n_alive < n_rows:
            bits = self.rows.bits if rows is None else bitmap(rows, n_rows)
            # `selector` and `bits` must outlive the call: faiss keeps raw pointers.
            selector = faiss.IDSelectorBitmap(n_rows, faiss.swig_ptr(bits))
            params = search_params(self.kind, selector, width)
        elif self.kind != "flat":
            params = search_params(self.kind, None, width)
        scores, found = self.build.search(queries, k, params=params)
        del selector
        return list(zip(scores, found, strict=True))

    def _exact(self, queries: np.ndarray, k: int, rows: np.ndarray) -> list[list[Hit]]:
        """Exact top-k over the given rows: gather their vectors, inner products = cosines."""
        rows = np.sort(rows)  # ascending rows: the gather reads memory in order
        scores, picked = faiss.knn(
            queries,
            stored_vectors(self.build, rows),
            min(k, len(rows)),
            metric=faiss.METRIC_INNER_PRODUCT,
        )
        return [
            self._hits(s, np.where(p >= 0, rows[p], -1))
            for s, p in zip(scores, picked, strict=True)
        ]

    def _hits(self, scores: np.ndarray, rows: np.ndarray) -> list[Hit]:
        keep = rows >= 0  # faiss pads with -1 when fewer than k results exist
        ids = self.rows.row_ids[rows[keep]]
        return [Hit(int(i), float(s)) for i, s in zip(ids, scores[keep], strict=True)]
