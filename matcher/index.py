"""Nearest-neighbour index over unit embeddings; ids are database ids.

Why this module exists: the matcher needs "the k most similar vacancies (or candidates)
to this vector, among the ones that pass the hard filters", fast at up to ~1,000,000
vectors. PostgreSQL stays the source of truth; this index is derived data, rebuilt or
reconciled at start (`ids()` is the consistency check) and saved atomically. All FAISS
details stay in this file; the rest of the code sees `VectorIndex` and `Hit`.

The maths: every stored vector and every query is L2-normalised, so the inner product
<q, v> = |q|·|v|·cos θ = cos θ. An exact inner-product scan therefore *is* cosine
search, and an HNSW graph built on inner product ranks exactly like cosine (and like
L2, since |q - v|² = 2 - 2·cos θ for unit vectors).

Design (measured in bench/search.py):
- below `exact_below` vectors: `IndexFlatIP`, an exact scan (a few ms at 50k);
- above it: `IndexHNSWFlat` (inner product). HNSW beat IVF for us because it needs no
  training, takes incremental adds, and filters well with a bitmap selector. The
  switch is transparent: crossing the threshold rebuilds the flat index into HNSW.
- rows are FAISS-internal positions; we keep row → id ourselves, so a filter becomes a
  bitmap over rows (`IDSelectorBitmap`, O(1) per test) evaluated INSIDE the search;
- HNSW cannot delete, so removal (and replacement on re-add) leaves a tombstone: the
  row is cleared from the alive bitmap, which every search applies as a selector.
  `compact()` (called by `save` when worthwhile) rebuilds without dead rows;
- a selective filter is answered by brute force over just the allowed rows (gathered
  from the index's own float32 storage): exact, and cheaper than a graph walk that
  has to step over ~n/|allowed| non-members per accepted result.

Concurrency: searches may run in parallel; mutations need the caller's lock.
"""

from __future__ import annotations

import json
import os
import tempfile
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

import faiss
import numpy as np

FORMAT_VERSION = 1


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result: database id and cosine similarity (-1..1, higher is closer)."""

    id: int
    score: float


@dataclass(slots=True)
class _Lookup:
    """Derived views of the alive rows, rebuilt lazily after a mutation."""

    sorted_ids: np.ndarray  # int64, ascending ids of alive rows
    sorted_rows: np.ndarray  # int64, row of each entry in sorted_ids
    alive_bits: np.ndarray | None = None  # packed little-endian bitmap over rows
    # Database ids are mostly dense serials: then id -> row is one array lookup
    # (row_of_id[id], -1 when absent) instead of a binary search per id.
    row_of_id: np.ndarray | None = None


class VectorIndex:
    """Exact (flat) or HNSW inner-product index with tombstones and in-search filters."""

    def __init__(
        self,
        dimension: int,
        *,
        exact_below: int = 50_000,
        hnsw_m: int = 32,
        ef_search: int = 64,
        ef_construction: int = 64,
        compact_fraction: float = 0.2,
        brute_force_factor: float = 8.0,
    ) -> None:
        self.dimension = dimension
        self.exact_below = exact_below
        self.hnsw_m = hnsw_m
        self.ef_search = ef_search
        self.ef_construction = ef_construction
        self.compact_fraction = compact_fraction
        self.brute_force_factor = brute_force_factor
        self._faiss: Any = faiss.IndexFlatIP(dimension)
        self._row_ids = np.empty(0, dtype=np.int64)  # row -> database id
        self._alive = np.empty(0, dtype=bool)  # row -> not removed/replaced
        self._lookup: _Lookup | None = None
        self._build_id: str | None = None

    # --- introspection -----------------------------------------------------------------

    @property
    def kind(self) -> str:
        """'flat' (exact) or 'hnsw' (approximate)."""
        return "hnsw" if isinstance(self._faiss, faiss.IndexHNSW) else "flat"

    @property
    def build_id(self) -> str:
        """Identifies the exact contents: UTC time, random tag and count; new per change."""
        if self._build_id is None:
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
            self._build_id = f"{stamp}-{uuid.uuid4().hex[:8]}-n{len(self)}"
        return self._build_id

    @property
    def nbytes(self) -> int:
        """Approximate memory in bytes: float32 vectors, HNSW links and id maps."""
        n_rows = len(self._row_ids)
        links = self._faiss.hnsw.neighbors.size() * 4 if self.kind == "hnsw" else 0
        return n_rows * (self.dimension * 4 + 8 + 1) + int(links)

    def __len__(self) -> int:
        return len(self._view().sorted_ids)

    def ids(self) -> np.ndarray:
        """Sorted int64 ids currently searchable (for reconciling with PostgreSQL)."""
        return self._view().sorted_ids.copy()

    # --- mutation ----------------------------------------------------------------------

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        """Add (n,) int64 ids with (n, d) vectors; an id already present is replaced."""
        ids, vectors = self._check_batch(ids, vectors)
        if len(ids) == 0:
            return
        self._kill_rows(self._rows_for(ids))
        if self.kind == "flat" and len(self) + len(ids) >= self.exact_below:
            alive = np.flatnonzero(self._alive)
            all_ids = np.concatenate([self._row_ids[alive], ids])
            self._rebuild(all_ids, np.concatenate([self._matrix()[alive], vectors]))
            return
        self._faiss.add(vectors)
        self._row_ids = np.concatenate([self._row_ids, ids])
        self._alive = np.concatenate([self._alive, np.ones(len(ids), dtype=bool)])
        self._changed()

    def remove(self, ids: np.ndarray | Iterable[int]) -> None:
        """Remove ids (unknown ids are ignored); they are never returned again."""
        self._kill_rows(self._rows_for(_as_ids(ids)))

    def compact(self) -> None:
        """Rebuild without tombstones; picks flat or HNSW by the current size."""
        alive = np.flatnonzero(self._alive)
        self._rebuild(self._row_ids[alive], self._matrix()[alive])

    # --- search ------------------------------------------------------------------------

    def search(self, vector: np.ndarray, k: int, *, allowed: np.ndarray | None = None) -> list[Hit]:
        """Top-k by cosine, best first, restricted to `allowed` ids when given."""
        return self.search_many(np.asarray(vector).reshape(1, -1), k, allowed=allowed)[0]

    def search_many(
        self, vectors: np.ndarray, k: int, *, allowed: np.ndarray | Iterable[int] | None = None
    ) -> list[list[Hit]]:
        """Top-k per query row. A filter never yields fewer than min(k, |allowed ∩ index|)."""
        queries = _normalised(vectors, self.dimension)
        rows = None if allowed is None else np.sort(self._rows_for(_as_ids(allowed)))
        n_candidates = len(self) if rows is None else len(rows)
        if k <= 0 or n_candidates == 0:
            return [[] for _ in range(len(queries))]
        if self._prefer_brute_force(n_candidates, k, filtered=rows is not None):
            if rows is None:
                rows = np.flatnonzero(self._alive)
            return self._exact(queries, k, rows)
        results = self._faiss_search(queries, k, rows)
        expected = min(k, n_candidates)
        for i, hits in enumerate(results):
            if len(hits) < expected:  # graph walk ran dry: never return a short list
                rows = np.flatnonzero(self._alive) if rows is None else rows
                results[i] = self._exact(queries[i : i + 1], k, rows)[0]
        return results

    def _prefer_brute_force(self, n_candidates: int, k: int, *, filtered: bool) -> bool:
        """Pick the cheaper exact-enough strategy from the filter's selectivity.

        Brute force costs ~n_candidates inner products (plus gathering their rows). A
        filtered HNSW walk must step over ~n_rows/n_candidates nodes per accepted
        result, each costing up to 2M inner products, for ~ef results: about
        ef·2M·n_rows/n_candidates. Brute force wins when
        n_candidates² < brute_force_factor·ef·2M·n_rows; the factor is measured in
        bench/search.py (graph walks are cache-unfriendly, so it is well above 1).
        """
        n_rows = len(self._row_ids)
        if not filtered and n_candidates == n_rows:
            return False  # plain, unfiltered search: faiss does it best
        if self.kind == "flat":
            return n_candidates <= n_rows // 2  # else: one scan with a bitmap selector
        ef = max(self.ef_search, k)
        return n_candidates**2 <= self.brute_force_factor * ef * 2 * self.hnsw_m * n_rows

    def _faiss_search(
        self, queries: np.ndarray, k: int, rows: np.ndarray | None
    ) -> list[list[Hit]]:
        n_rows = len(self._row_ids)
        params, selector = None, None  # no tombstones and no filter: a plain search
        if rows is not None or len(self) < n_rows:
            bits = self._view_bits() if rows is None else _bitmap(rows, n_rows)
            # `selector` and `bits` must outlive the call: faiss keeps raw pointers.
            selector = faiss.IDSelectorBitmap(n_rows, faiss.swig_ptr(bits))
            params = self._search_params(selector, k)
        elif self.kind == "hnsw":
            params = self._search_params(None, k)
        scores, found = self._faiss.search(queries, k, params=params)
        del selector
        return [self._hits(s, r) for s, r in zip(scores, found, strict=True)]

    def _search_params(self, selector: Any, k: int) -> Any:
        if self.kind == "hnsw":
            # With a selector, faiss keeps walking until efSearch *allowed* results are
            # found, so recall holds under a filter while the cost grows ~1/selectivity.
            params: Any = faiss.SearchParametersHNSW()  # type: ignore[attr-defined]
            params.efSearch = max(self.ef_search, k)
        else:
            params = faiss.SearchParameters()
        if selector is not None:
            params.sel = selector
        return params

    def _exact(self, queries: np.ndarray, k: int, rows: np.ndarray) -> list[list[Hit]]:
        """Exact top-k over the given rows: gather their vectors and take inner products."""
        scores = queries @ self._matrix()[rows].T  # (nq, m) cosines
        k = min(k, len(rows))
        top = np.argpartition(-scores, k - 1, axis=1)[:, :k]
        results = []
        for q_scores, q_top in zip(scores, top, strict=True):
            order = q_top[np.argsort(-q_scores[q_top], kind="stable")]
            results.append(self._hits(q_scores[order], rows[order]))
        return results

    def _hits(self, scores: np.ndarray, rows: np.ndarray) -> list[Hit]:
        keep = rows >= 0  # faiss pads with -1 when fewer than k results exist
        ids = self._row_ids[rows[keep]]
        return [Hit(int(i), float(s)) for i, s in zip(ids, scores[keep], strict=True)]

    # --- persistence -------------------------------------------------------------------

    def save(self, path: Path) -> None:
        """Write atomically (temp file in the same directory, fsync, os.replace)."""
        dead = len(self._row_ids) - len(self)
        if dead and (self.kind == "flat" or dead >= self.compact_fraction * len(self._row_ids)):
            self.compact()
        path = Path(path)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                self._write_payload(fh)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _fsync_dir(path.parent)

    def _write_payload(self, fh: BinaryIO) -> None:
        meta = {
            "format": FORMAT_VERSION,
            "build_id": self.build_id,
            "kind": self.kind,
            "count": len(self),
            "saved_at": datetime.now(UTC).isoformat(),
            **{name: getattr(self, name) for name in _SETTINGS},
        }
        np.savez(
            fh,
            meta=np.array(json.dumps(meta)),
            row_ids=self._row_ids,
            alive=self._alive,
            faiss=faiss.serialize_index(self._faiss),
        )

    @classmethod
    def load(cls, path: Path) -> VectorIndex:
        """Read an index written by `save`."""
        with np.load(Path(path), allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            if meta["format"] != FORMAT_VERSION:
                raise ValueError(f"unsupported index format {meta['format']}")
            index = cls(**{name: meta[name] for name in _SETTINGS})
            index._faiss = faiss.deserialize_index(data["faiss"])
            index._row_ids = data["row_ids"].astype(np.int64)
            index._alive = data["alive"].astype(bool)
        index._build_id = meta["build_id"]
        return index

    # --- internals ---------------------------------------------------------------------

    def _check_batch(self, ids: np.ndarray, vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        ids = _as_ids(ids)
        vectors = _normalised(vectors, self.dimension)
        if len(ids) != len(vectors):
            raise ValueError(f"{len(ids)} ids but {len(vectors)} vectors")
        # Within one batch the last vector for an id wins, like successive adds would.
        _, last_rev = np.unique(ids[::-1], return_index=True)
        keep = np.sort(len(ids) - 1 - last_rev)
        return ids[keep], np.ascontiguousarray(vectors[keep])

    def _rebuild(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        index: Any
        if len(ids) >= self.exact_below:
            index = faiss.IndexHNSWFlat(self.dimension, self.hnsw_m, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = self.ef_construction
        else:
            index = faiss.IndexFlatIP(self.dimension)
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
        self._faiss = index
        self._row_ids = np.ascontiguousarray(ids, dtype=np.int64)
        self._alive = np.ones(len(ids), dtype=bool)
        self._changed()

    def _matrix(self) -> np.ndarray:
        """The index's own float32 vectors as an (n_rows, d) view (no copy)."""
        flat: Any = (
            self._faiss if self.kind == "flat" else faiss.downcast_index(self._faiss.storage)
        )
        n = flat.ntotal
        if n == 0:
            return np.empty((0, self.dimension), dtype=np.float32)
        return faiss.rev_swig_ptr(flat.get_xb(), n * self.dimension).reshape(n, self.dimension)

    def _kill_rows(self, rows: np.ndarray) -> None:
        if len(rows):
            self._alive[rows] = False
            self._changed()

    def _changed(self) -> None:
        self._lookup = None
        self._build_id = None

    def _view(self) -> _Lookup:
        lookup = self._lookup
        if lookup is None:
            rows = np.flatnonzero(self._alive)
            order = np.argsort(self._row_ids[rows], kind="stable")
            lookup = _Lookup(self._row_ids[rows][order], rows[order])
            ids = lookup.sorted_ids
            if len(ids) and ids[0] >= 0 and ids[-1] < 4 * len(ids) + 1024:
                lookup.row_of_id = np.full(int(ids[-1]) + 1, -1, dtype=np.int64)
                lookup.row_of_id[ids] = lookup.sorted_rows
            self._lookup = lookup
        return lookup

    def _view_bits(self) -> np.ndarray:
        lookup = self._view()
        if lookup.alive_bits is None:
            lookup.alive_bits = np.packbits(self._alive, bitorder="little")
        return lookup.alive_bits

    def _rows_for(self, ids: np.ndarray) -> np.ndarray:
        """Rows of the alive entries among `ids` (unknown or removed ids are dropped)."""
        lookup = self._view()
        if len(lookup.sorted_ids) == 0 or len(ids) == 0:
            return np.empty(0, dtype=np.int64)
        if lookup.row_of_id is not None:
            table = lookup.row_of_id
            ids = ids[(ids >= 0) & (ids < len(table))]
            rows = table[ids]
            return rows[rows >= 0]
        pos = np.searchsorted(lookup.sorted_ids, ids)
        pos[pos == len(lookup.sorted_ids)] = 0
        found = lookup.sorted_ids[pos] == ids
        return lookup.sorted_rows[pos[found]]


_SETTINGS = (
    "dimension",
    "exact_below",
    "hnsw_m",
    "ef_search",
    "ef_construction",
    "compact_fraction",
)


def new_index(
    dimension: int,
    *,
    exact_below: int = 50_000,
    hnsw_m: int = 32,
    ef_search: int = 64,
    ef_construction: int = 64,
) -> VectorIndex:
    """An empty index: exact below `exact_below` vectors, HNSW (M=`hnsw_m`) above."""
    return VectorIndex(
        dimension,
        exact_below=exact_below,
        hnsw_m=hnsw_m,
        ef_search=ef_search,
        ef_construction=ef_construction,
    )


def _as_ids(ids: np.ndarray | Iterable[int]) -> np.ndarray:
    if not isinstance(ids, np.ndarray):
        ids = np.fromiter(ids, dtype=np.int64)
    return np.ascontiguousarray(ids, dtype=np.int64).reshape(-1)


def _normalised(vectors: np.ndarray, dimension: int) -> np.ndarray:
    """(n, d) C-contiguous float32 copy scaled to unit length, so inner product = cosine."""
    matrix = np.array(vectors, dtype=np.float32, ndmin=2, copy=True, order="C")
    if matrix.ndim != 2 or matrix.shape[1] != dimension:
        raise ValueError(f"expected (n, {dimension}) vectors, got {matrix.shape}")
    faiss.normalize_L2(matrix)
    return matrix


def _bitmap(rows: np.ndarray, n_rows: int) -> np.ndarray:
    """Packed little-endian bitmap with the given rows set (what IDSelectorBitmap reads)."""
    mask = np.zeros(n_rows, dtype=bool)
    mask[rows] = True
    return np.packbits(mask, bitorder="little")


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
