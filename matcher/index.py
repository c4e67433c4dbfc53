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

Design (figures from bench/search.py: 2 shared cores, ESCO-structured 384-d vectors,
top-20, 25-km filter, recall against exact filtered search):
- below `exact_below` vectors: `IndexFlatIP`, an exact scan (0.3 ms at 10k);
- above it, by default IVF (inner product, ~4·sqrt(n) lists, vectors as float16). Measured at 1M
  against HNSW (M=32) in the same harness: IVF nprobe 32 answered the filtered query
  in p50 8.0 ms at recall 0.986, HNSW ef 128 in p50 18.1 ms at 0.988; unfiltered IVF
  1.2 ms at 0.980 vs HNSW 0.5 ms at 0.927. A bitmap filter costs IVF ~1 ns per listed
  vector it skips, while a filtered graph walk must widen ef by 1/selectivity. HNSW
  stays available (`approximate="hnsw"`: no training, best unfiltered latency). The
  switch is transparent: crossing the threshold rebuilds (and trains) the index;
- IVF lists may be trained elsewhere and adopted (`adopt_quantizer`, see index_lists):
  with `train_ivf=False` the index never runs k-means; it stays exact until lists are
  adopted, and `quantizer_wanted` says when new lists would help;
- rows are FAISS-internal positions; we keep row → id ourselves, so a filter becomes a
  bitmap over rows (`IDSelectorBitmap`, O(1) per test) evaluated INSIDE the search;
- neither HNSW nor (cheaply) IVF deletes, so removal and replacement on re-add leave a
  tombstone: the row is cleared from the alive bitmap that every search applies.
  `compact()` (called by `save` when worthwhile) rebuilds without dead rows and, for
  IVF, uses adopted lists, else retrains them on the current data (`train_ivf`), else
  keeps its own;
- under a filter of selectivity s the search widens (HNSW ef/s, IVF nprobe/sqrt(s)),
  and a small allowed set is answered by brute force over just its rows: exact, and
  cheaper than a wide approximate search. A result shorter than min(k, |allowed|)
  falls back to brute force, so a strict filter never empties a top-k;
- a filter may also be a test (`Where`): on a large IVF index the search over-fetches
  k / share · 3 hits from the same lists and keeps the first k that pass. Listing the
  ~140k ids within 25 km of a point among 1M (sorted, mapped to rows, packed into a
  bitmap) took longer than the search itself; testing ~400 hits takes microseconds.
  A query that keeps fewer than k falls back to the listed ids.

Concurrency: searches may run in parallel; mutations need the caller's lock.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

import faiss
import numpy as np

from matcher import index_store
from matcher.index_faiss import as_ids, bitmap, normalised, omp_threads
from matcher.index_lists import IvfLists
from matcher.index_rows import RowTable, as_digests, hex_digests
from matcher.where import Where

__all__ = ["Hit", "VectorIndex", "Where", "new_index"]
MAX_FILTERED_EF = 4096  # beyond this a filtered graph walk costs more than brute force
IVF_BRUTE_FORCE_BELOW = 4096  # allowed sets this small: exact scan, well under 1 ms
# A `Where` filter over-fetches k / share · OVERFETCH hits (share = the estimated
# fraction that passes), at most MAX_OVERFETCH, before testing them.
OVERFETCH = 3.0
MAX_OVERFETCH = 4096
EXACT_BELOW = 50_000  # default: an exact scan below this many vectors, approximate above


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result: database id and cosine similarity (-1..1, higher is closer)."""

    id: int
    score: float


class VectorIndex:
    """Exact (flat) or approximate (IVF/HNSW) inner-product index with tombstones and
    filters applied inside the search."""

    def __init__(
        self,
        dimension: int,
        *,
        exact_below: int = EXACT_BELOW,
        hnsw_m: int = 32,
        ef_search: int = 128,
        ef_construction: int = 64,
        compact_fraction: float = 0.2,
        brute_force_factor: float = 12.0,
        approximate: str = "ivf",
        nprobe: int = 32,
        train_ivf: bool = True,
    ) -> None:
        """`train_ivf`: train IVF lists in this process when none were adopted (False:
        stay exact until `adopt_quantizer`)."""
        if approximate not in ("hnsw", "ivf"):
            raise ValueError(f"approximate must be 'hnsw' or 'ivf', not {approximate!r}")
        self.dimension = dimension
        self.exact_below = exact_below
        self.hnsw_m = hnsw_m
        self.ef_search = ef_search
        self.ef_construction = ef_construction
        self.compact_fraction = compact_fraction
        self.brute_force_factor = brute_force_factor
        self.approximate = approximate
        self.nprobe = nprobe
        self._faiss: Any = faiss.IndexFlatIP(dimension)
        self._lists = IvfLists(dimension, train=train_ivf)
        self._rows = RowTable()  # row -> id, alive, text digest; id -> row (kept in place)
        self._build_id: str | None = None

    # --- introspection -----------------------------------------------------------------

    @property
    def kind(self) -> str:
        """'flat' (exact), 'hnsw' or 'ivf' (approximate)."""
        if isinstance(self._faiss, faiss.IndexHNSW):
            return "hnsw"
        return "ivf" if isinstance(self._faiss, faiss.IndexIVF) else "flat"

    @property
    def build_id(self) -> str:
        """Identifies the exact contents: UTC time, random tag and count; new per change."""
        if self._build_id is None:
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
            self._build_id = f"{stamp}-{uuid.uuid4().hex[:8]}-n{len(self)}"
        return self._build_id

    @property
    def nbytes(self) -> int:
        """Approximate memory in bytes: vectors, HNSW links, id maps and text digests."""
        n_rows = len(self._rows)
        extra = 0
        if self.kind == "hnsw":
            extra = self._faiss.hnsw.neighbors.size() * 4  # graph links, int32
        elif self.kind == "ivf":  # list ids + direct map + centroids
            extra = n_rows * 16 + self._faiss.nlist * self.dimension * 4
            return n_rows * (self._faiss.code_size + 8 + 1 + 32) + int(extra)
        return n_rows * (self.dimension * 4 + 8 + 1 + 32) + int(extra)

    def __len__(self) -> int:
        return self._rows.alive_count

    def ids(self) -> np.ndarray:
        """Sorted int64 ids currently searchable (for reconciling with PostgreSQL)."""
        return self._rows.positions.sorted_ids.copy()

    def vectors(self, ids: np.ndarray | Iterable[int]) -> np.ndarray:
        """(n, d) float32 unit vectors of these ids, as stored (IVF: decoded from
        float16, within ~1e-3). KeyError for an id that is not in the index."""
        ids = as_ids(ids)
        rows = self._rows.positions.lookup(ids)
        if (rows < 0).any():
            raise KeyError(f"not in the index: {ids[rows < 0][:5].tolist()}")
        return self._vectors(rows)

    def digests(self, ids: np.ndarray | Iterable[int]) -> np.ndarray:
        """(n, 32) uint8 sha256 digests of the texts these ids were embedded from;
        all zero for ids not in the index or added without a text hash."""
        return self._rows.digests_for(as_ids(ids))

    def text_hashes(self) -> dict[int, str]:
        """id -> sha256 hex of its embedded text, for every searchable id ("0" * 64 when
        it was added without one): what a restart compares with PostgreSQL."""
        ids = self._rows.positions.sorted_ids
        hexes = hex_digests(self._rows.digests(self._rows.positions.sorted_positions))
        return dict(zip(ids.tolist(), hexes, strict=True))

    def set_text_hashes(
        self, ids: np.ndarray | Iterable[int], hashes: Sequence[str] | np.ndarray
    ) -> None:
        """Record the text hashes (sha256 hex or (n, 32) digests) of ids in the index."""
        self._rows.set_digests(as_ids(ids), as_digests(hashes))

    def checksum(self) -> str:
        """Stable hex digest of the contents: sorted alive ids and their text hashes.
        Equal contents give an equal checksum, whatever the order of changes."""
        return self._rows.checksum()

    # --- mutation ----------------------------------------------------------------------

    def add(
        self,
        ids: np.ndarray,
        vectors: np.ndarray,
        *,
        text_hashes: Sequence[str] | np.ndarray | None = None,
    ) -> None:
        """Add (n,) int64 ids with (n, d) vectors; an id already present is replaced.
        `text_hashes` (sha256 hex or (n, 32) digests) name the texts embedded."""
        digests = None if text_hashes is None else as_digests(text_hashes)
        ids, vectors, digests = self._check_batch(ids, vectors, digests)
        if len(ids) == 0:
            return
        self._kill_rows(self._rows.rows_for(ids))
        if self._may_leave_flat(len(self) + len(ids)):
            alive = self._rows.alive_rows()
            old = self._rows.digests(alive)
            new = np.zeros((len(ids), old.shape[1]), np.uint8) if digests is None else digests
            all_ids = np.concatenate([self._rows.row_ids[alive], ids])
            vectors = np.concatenate([self._vectors(alive), vectors])
            self._rebuild(all_ids, vectors, np.concatenate([old, new]))
            return
        with omp_threads(1 if len(ids) < 1000 else 0):  # see omp_threads
            self._faiss.add(vectors)
        self._rows.append(ids, digests)
        self._build_id = None

    def remove(self, ids: np.ndarray | Iterable[int]) -> None:
        """Remove ids (unknown ids are ignored); they are never returned again."""
        self._kill_rows(self._rows.rows_for(as_ids(ids)))

    def compact(self) -> None:
        """Rebuild without tombstones; flat or approximate by size (IVF: adopted lists,
        else retrained, else its own; see `train_ivf`)."""
        alive = self._rows.alive_rows()
        self._rebuild(self._rows.row_ids[alive], self._vectors(alive), self._rows.digests(alive))

    # --- IVF lists trained elsewhere ----------------------------------------------------

    def adopt_quantizer(self, template: bytes | Any) -> bool:
        """Use these trained, empty IVF lists (`index_faiss.quantizer_bytes` or the faiss
        index) for every later build. Rebuilds at once, only assigning each vector to its
        list (no k-means), when the index was waiting for them: exact at or above
        `exact_below`, or its lists stale (index_lists.STALE_GROWTH). True when rebuilt."""
        self._lists.adopt(template)
        if self.approximate != "ivf" or len(self) < self.exact_below:
            return False
        if not self._lists.waiting(self._faiss, len(self)):
            return False
        self.compact()
        return True

    @property
    def quantizer_wanted(self) -> bool:
        """An index that does not train itself is big enough for IVF and has no lists
        for its size (none adopted nor built, or stale)."""
        if self.approximate != "ivf" or len(self) < self.exact_below:
            return False
        return self._lists.wanted(self._faiss, len(self))

    @property
    def train_ivf(self) -> bool:
        """Whether this index trains IVF lists itself when it has none adopted."""
        return self._lists.train

    @property
    def nlist(self) -> int:
        """IVF lists of the current build (0 when not IVF)."""
        return int(self._faiss.nlist) if self.kind == "ivf" else 0

    def _may_leave_flat(self, n: int) -> bool:
        """Flat and reaching `exact_below`, with a way to build the approximate index."""
        if self.kind != "flat" or n < self.exact_below:
            return False
        return self.approximate == "hnsw" or self._lists.can_build

    # --- search ------------------------------------------------------------------------

    def search(
        self,
        vector: np.ndarray,
        k: int,
        *,
        allowed: np.ndarray | None = None,
        where: Where | None = None,
    ) -> list[Hit]:
        """Top-k by cosine, best first, restricted to `allowed` ids or to `where`."""
        return self.search_many(np.asarray(vector).reshape(1, -1), k, allowed=allowed, where=where)[
            0
        ]

    def search_many(
        self,
        vectors: np.ndarray,
        k: int,
        *,
        allowed: np.ndarray | Iterable[int] | None = None,
        where: Where | None = None,
    ) -> list[list[Hit]]:
        """Top-k per query row. A filter never yields fewer than min(k, |allowed ∩ index|)."""
        if allowed is not None and where is not None:
            raise ValueError("give allowed ids or a where test, not both")
        queries = normalised(vectors, self.dimension)
        if where is not None and not self._overfetch_pays(where, k):
            allowed, where = where.ids(), None
        rows = None if allowed is None else self._rows.rows_for(as_ids(allowed))
        n_candidates = len(self) if rows is None else len(rows)
        if k <= 0 or n_candidates == 0:
            return [[] for _ in range(len(queries))]
        with omp_threads(1 if len(queries) < 20 else 0):
            if where is not None:
                return self._search_where(queries, k, where)
            return self._search(queries, k, rows, n_candidates)

    def _overfetch_pays(self, where: Where, k: int) -> bool:
        """Over-fetch + test beats listing the allowed ids on a large IVF index, unless
        few ids pass (then brute force over them is cheaper and exact) or the needed
        over-fetch would be too deep."""
        if self.kind != "ivf" or where.expected <= IVF_BRUTE_FORCE_BELOW:
            return False
        return self._overfetch(where, k) < MAX_OVERFETCH

    def _overfetch(self, where: Where, k: int) -> int:
        share = min(1.0, where.expected / max(len(self), 1))
        return int(np.ceil(k / share * OVERFETCH))

    def _search_where(self, queries: np.ndarray, k: int, where: Where) -> list[list[Hit]]:
        """Approximate search for k / share · OVERFETCH hits in the lists a filter of
        this selectivity needs, keep the first k that pass `where.test`. A query that
        keeps fewer than k falls back to the listed ids, so nothing that exists is lost."""
        fetch = min(self._overfetch(where, k), len(self))
        nprobe = self._filtered_nprobe(where.expected)
        results: list[list[Hit]] = []
        allowed_rows: np.ndarray | None = None
        found = self._faiss_raw(queries, fetch, None, nprobe)
        for query, (scores, rows) in zip(queries, found, strict=True):
            keep = rows >= 0
            scores, rows = scores[keep], rows[keep]
            passed = np.flatnonzero(where.test(self._rows.row_ids[rows]))[:k]
            if len(passed) == k:
                results.append(self._hits(scores[passed], rows[passed]))
                continue
            if allowed_rows is None:
                allowed_rows = self._rows.rows_for(as_ids(where.ids()))
            results += self._search(query[None, :], k, allowed_rows, len(allowed_rows))
        return results

    def _search(
        self, queries: np.ndarray, k: int, rows: np.ndarray | None, n_candidates: int
    ) -> list[list[Hit]]:
        if self.kind == "ivf":
            ef = self._filtered_nprobe(n_candidates)  # the "search width" of IVF
        else:
            ef = self._filtered_ef(n_candidates, k)
        if self._prefer_brute_force(n_candidates, ef, filtered=rows is not None):
            return self._exact(queries, k, self._rows.alive_rows() if rows is None else rows)
        results = self._faiss_search(queries, k, rows, ef)
        expected = min(k, n_candidates)
        for i, hits in enumerate(results):
            if len(hits) < expected:  # approximate search came up short: fill exactly
                rows = self._rows.alive_rows() if rows is None else rows
                results[i] = self._exact(queries[i : i + 1], k, rows)[0]
        return results

    def _filtered_ef(self, n_candidates: int, k: int) -> int:
        """efSearch for a walk that may only *return* a fraction s of the nodes it visits.

        faiss's HNSW search keeps an ef-sized frontier of all nodes and reports the
        allowed ones among them, so recall drops with selectivity s = allowed / alive
        (measured at s≈0.1, 100k: ef 128 → recall 0.89, 512 → 0.97, 1024 → 0.99).
        Scaling ef by 1/s keeps ~ef allowed nodes in view; capped, because below that
        brute force is cheaper anyway.
        """
        ef = max(self.ef_search, k)
        if n_candidates >= len(self):
            return ef
        return int(min(max(ef, ef * len(self) / n_candidates), MAX_FILTERED_EF))

    def _filtered_nprobe(self, n_candidates: int) -> int:
        """IVF lists to scan. Under a filter of selectivity s the k nearest *allowed*
        vectors are about the k/s nearest overall, spread over more lists; scan
        nprobe/sqrt(s) lists (measured at 1M, s≈0.14: 32 lists → recall 0.94,
        128 → 0.98)."""
        selectivity = max(n_candidates / max(len(self), 1), 1e-6)
        return int(min(self.nprobe / np.sqrt(selectivity), self._faiss.nlist))

    def _prefer_brute_force(self, n_candidates: int, ef: int, *, filtered: bool) -> bool:
        """Pick the cheaper strategy from the filter's selectivity.

        Brute force costs ~n_candidates gathered inner products; a filtered HNSW walk
        costs ~ef graph steps, each up to 2M inner products on scattered rows.
        Measured (bench/search.py, 2 cores): one graph step ≈ `brute_force_factor`
        (≈12) gathered inner products, so brute force wins below factor·ef candidates.
        """
        n_rows = len(self._rows)
        if not filtered and n_candidates == n_rows:
            return False  # plain, unfiltered search: faiss does it best
        if self.kind == "flat":
            return n_candidates <= n_rows // 2  # else: one scan with a bitmap selector
        if self.kind == "ivf":  # list scans skip non-members for ~1 ns each: cheap
            return n_candidates <= IVF_BRUTE_FORCE_BELOW
        return n_candidates <= self.brute_force_factor * ef

    def _faiss_search(
        self, queries: np.ndarray, k: int, rows: np.ndarray | None, ef: int
    ) -> list[list[Hit]]:
        return [self._hits(s, r) for s, r in self._faiss_raw(queries, k, rows, ef)]

    def _faiss_raw(
        self, queries: np.ndarray, k: int, rows: np.ndarray | None, ef: int
    ) -> list[tuple[np.ndarray, np.ndarray]]:
        """faiss's (scores, rows) per query; rows are -1 where fewer than k were found."""
        n_rows = len(self._rows)
        params, selector = None, None  # no tombstones and no filter: a plain search
        if rows is not None or len(self) < n_rows:
            bits = self._rows.bits if rows is None else bitmap(rows, n_rows)
            # `selector` and `bits` must outlive the call: faiss keeps raw pointers.
            selector = faiss.IDSelectorBitmap(n_rows, faiss.swig_ptr(bits))
            params = self._search_params(selector, ef)
        elif self.kind != "flat":
            params = self._search_params(None, ef)
        scores, found = self._faiss.search(queries, k, params=params)
        del selector
        return list(zip(scores, found, strict=True))

    def _search_params(self, selector: Any, ef: int) -> Any:
        """`ef` is the search width: efSearch for HNSW, nprobe for IVF."""
        params: Any
        if self.kind == "hnsw":
            params = faiss.SearchParametersHNSW()  # type: ignore[attr-defined]
            params.efSearch = ef
        elif self.kind == "ivf":
            params = faiss.SearchParametersIVF()
            params.nprobe = ef
        else:
            params = faiss.SearchParameters()
        if selector is not None:
            params.sel = selector
        return params

    def _exact(self, queries: np.ndarray, k: int, rows: np.ndarray) -> list[list[Hit]]:
        """Exact top-k over the given rows: gather their vectors, inner products = cosines."""
        rows = np.sort(rows)  # ascending rows: the gather reads memory in order
        scores, picked = faiss.knn(
            queries, self._vectors(rows), min(k, len(rows)), metric=faiss.METRIC_INNER_PRODUCT
        )
        return [
            self._hits(s, np.where(p >= 0, rows[p], -1))
            for s, p in zip(scores, picked, strict=True)
        ]

    def _hits(self, scores: np.ndarray, rows: np.ndarray) -> list[Hit]:
        keep = rows >= 0  # faiss pads with -1 when fewer than k results exist
        ids = self._rows.row_ids[rows[keep]]
        return [Hit(int(i), float(s)) for i, s in zip(ids, scores[keep], strict=True)]

    # --- persistence -------------------------------------------------------------------

    def save(self, path: Path) -> None:
        """Write atomically (temp file in the same directory, fsync, os.replace), with
        the text hash of every row (see index_store)."""
        dead = len(self._rows) - len(self)
        if dead and (self.kind == "flat" or dead >= self.compact_fraction * len(self._rows)):
            self.compact()
        index_store.save_atomically(Path(path), self._write_payload)

    def _write_payload(self, fh: BinaryIO) -> None:
        meta = {
            "build_id": self.build_id,
            "kind": self.kind,
            "count": len(self),
            "checksum": self.checksum(),
            "saved_at": datetime.now(UTC).isoformat(),
            **{name: getattr(self, name) for name in _SETTINGS},
        }
        n = len(self._rows)
        arrays = {
            "row_ids": self._rows.row_ids,
            "alive": self._rows.alive,
            "digests": self._rows.digests(np.arange(n)),
        }
        index_store.write_payload(fh, meta, arrays, self._faiss)

    @classmethod
    def load(cls, path: Path, *, train_ivf: bool = True) -> VectorIndex:
        """Read an index written by `save`; `train_ivf` as in the constructor."""
        meta, arrays, faiss_index = index_store.read_payload(Path(path))
        index = cls(**{name: meta[name] for name in _SETTINGS}, train_ivf=train_ivf)
        index._faiss = faiss_index
        index._rows.reset(arrays["row_ids"], arrays["digests"], arrays["alive"])
        index._build_id = meta["build_id"]
        return index

    # --- internals ---------------------------------------------------------------------

    def _check_batch(
        self, ids: np.ndarray, vectors: np.ndarray, digests: np.ndarray | None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
        ids = as_ids(ids)
        vectors = normalised(vectors, self.dimension)
        if len(ids) != len(vectors) or (digests is not None and len(digests) != len(ids)):
            raise ValueError(f"{len(ids)} ids but {len(vectors)} vectors")
        # Within one batch the last vector for an id wins, like successive adds would.
        _, last_rev = np.unique(ids[::-1], return_index=True)
        keep = np.sort(len(ids) - 1 - last_rev)
        kept = None if digests is None else digests[keep]
        return ids[keep], np.ascontiguousarray(vectors[keep]), kept

    def _rebuild(self, ids: np.ndarray, vectors: np.ndarray, digests: np.ndarray) -> None:
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        index = self._empty_build(vectors)
        index.add(vectors)
        self._faiss = index
        self._rows.reset(np.ascontiguousarray(ids, dtype=np.int64), digests)
        self._build_id = None

    def _empty_build(self, vectors: np.ndarray) -> Any:
        """The empty faiss index a rebuild over these vectors fills: flat below
        `exact_below`, HNSW, or IVF (see IvfLists.empty_ivf; flat while it has none)."""
        if len(vectors) < self.exact_below:
            return faiss.IndexFlatIP(self.dimension)
        if self.approximate == "hnsw":
            index = faiss.IndexHNSWFlat(self.dimension, self.hnsw_m, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = self.ef_construction
            return index
        ivf = self._lists.empty_ivf(vectors, self._faiss)
        return faiss.IndexFlatIP(self.dimension) if ivf is None else ivf

    def _vectors(self, rows: np.ndarray) -> np.ndarray:
        """(len(rows), d) float32 copy of the stored vectors of these rows."""
        if self.kind == "ivf":  # vectors live in the inverted lists; the direct map finds them
            return self._faiss.reconstruct_batch(rows)
        return self._matrix()[rows]

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
            self._rows.kill(rows)
            self._build_id = None


_SETTINGS = (
    "dimension",
    "exact_below",
    "hnsw_m",
    "ef_search",
    "ef_construction",
    "compact_fraction",
    "brute_force_factor",
    "approximate",
    "nprobe",
)


def new_index(
    dimension: int,
    *,
    exact_below: int = EXACT_BELOW,
    approximate: str = "ivf",
    hnsw_m: int = 32,
    ef_search: int = 128,
    ef_construction: int = 64,
    nprobe: int = 32,
    train_ivf: bool = True,
) -> VectorIndex:
    """An empty index: exact below `exact_below` vectors, approximate above it:
    `approximate="ivf"` (IVF, float16 vectors, `nprobe` lists) or `"hnsw"` (graph, M=`hnsw_m`).

    Defaults from bench/search.py at 1M: IVF nprobe 32 gave recall@20 0.986 with the
    25-km filter (0.980 without); HNSW ef 128 gave 0.988 (0.927 without).
    """
    return VectorIndex(
        dimension,
        exact_below=exact_below,
        approximate=approximate,
        hnsw_m=hnsw_m,
        ef_search=ef_search,
        ef_construction=ef_construction,
        nprobe=nprobe,
        train_ivf=train_ivf,
    )
