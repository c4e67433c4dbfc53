"""Nearest-neighbour index over unit embeddings; ids are database ids.

Why this module exists: the matcher needs "the k most similar vacancies (or candidates)
to this vector, among the ones that pass the hard filters", fast at up to ~1,000,000
vectors. PostgreSQL stays the source of truth; this index is derived data, rebuilt or
reconciled at start (`ids()` is the consistency check) and saved atomically. This
module holds the state and its changes; FAISS details live in the index_* modules
beside it, and the rest of the code sees `VectorIndex` and `Hit`.

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
- rows are FAISS-internal positions; we keep row → id ourselves (index_rows), so a
  filter becomes a bitmap over rows evaluated INSIDE the search;
- neither HNSW nor (cheaply) IVF deletes, so removal and replacement on re-add leave a
  tombstone: the row is cleared from the alive bitmap that every search applies.
  `compact()` (called by `save` when worthwhile) rebuilds without dead rows and, for
  IVF, uses adopted lists, else retrains them on the current data (`train_ivf`), else
  keeps its own;
- a filter (allowed ids, or a `Where` test) widens the search or turns it into brute
  force over the allowed rows (index_filters decides, index_search runs it), and a
  strict filter never empties a top-k;
- saving and loading: index_store (one file, written atomically).

Concurrency: searches may run in parallel; mutations need the caller's lock.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

import faiss
import numpy as np

from matcher import index_store
from matcher.index_faiss import (
    as_ids,
    empty_hnsw,
    kind_of,
    memory_bytes,
    normalised,
    omp_threads,
    stored_vectors,
)
from matcher.index_filters import FilterPolicy
from matcher.index_lists import IvfLists
from matcher.index_rows import RowTable, as_digests, hex_digests
from matcher.index_search import BuildSearch, Hit
from matcher.where import Where

__all__ = ["Hit", "VectorIndex", "Where", "new_index"]
EXACT_BELOW = 50_000  # default: an exact scan below this many vectors, approximate above


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
        return kind_of(self._faiss)

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
        return memory_bytes(self._faiss, len(self._rows))

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
        return self._build_search().run(queries, k, allowed=allowed, where=where)

    def _build_search(self) -> BuildSearch:
        """The search over the current build, with its filter policy."""
        policy = FilterPolicy(
            kind=self.kind,
            n_alive=len(self),
            n_rows=len(self._rows),
            nlist=self.nlist,
            ef_search=self.ef_search,
            nprobe=self.nprobe,
            brute_force_factor=self.brute_force_factor,
        )
        return BuildSearch(self._faiss, self._rows, policy)

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
            **{name: getattr(self, name) for name in index_store.SETTINGS},
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
        index = cls(**{name: meta[name] for name in index_store.SETTINGS}, train_ivf=train_ivf)
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
            return empty_hnsw(self.dimension, self.hnsw_m, self.ef_construction)
        ivf = self._lists.empty_ivf(vectors, self._faiss)
        return faiss.IndexFlatIP(self.dimension) if ivf is None else ivf

    def _vectors(self, rows: np.ndarray) -> np.ndarray:
        """(len(rows), d) float32 copy of the stored vectors of these rows."""
        return stored_vectors(self._faiss, rows)

    def _kill_rows(self, rows: np.ndarray) -> None:
        if len(rows):
            self._rows.kill(rows)
            self._build_id = None


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
