"""Row bookkeeping of the vector index, updated in place.

Why: FAISS rows are append-only (a removal or replacement leaves a tombstone), and
every search needs "id -> row" and "which rows are alive" (a bitmap FAISS reads inside
the search). Rebuilding those after each change cost an argsort over all rows at
1,000,000 vectors; here a change updates them in time proportional to the change
(buffers grow by doubling, so appends are amortised O(1)).

Each row also keeps the 32-byte digest (sha256) of the text its vector was embedded
from: the engine reuses a stored vector only for an unchanged text, a restart compares
digests with PostgreSQL's `text_hash`, and `checksum()` fingerprints the contents.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

import numpy as np

from matcher.ids import IdPositions

DIGEST_BYTES = 32  # sha256, as matcher.embedding.text_hash (hex) encodes it


class RowTable:
    """row -> database id, alive flag (bool and packed bitmap), text digest; id -> row."""

    def __init__(self) -> None:
        self._n = 0
        self._ids = np.empty(0, dtype=np.int64)
        self._alive = np.empty(0, dtype=bool)
        self._bits = np.zeros(1, dtype=np.uint8)  # little-endian bitmap, as IDSelectorBitmap reads
        self._digests = np.zeros((0, DIGEST_BYTES), dtype=np.uint8)
        self.positions = IdPositions()  # id -> row, alive rows only

    def __len__(self) -> int:
        """Rows, dead ones included."""
        return self._n

    @property
    def alive_count(self) -> int:
        return len(self.positions)

    @property
    def row_ids(self) -> np.ndarray:
        return self._ids[: self._n]

    @property
    def alive(self) -> np.ndarray:
        return self._alive[: self._n]

    @property
    def bits(self) -> np.ndarray:
        """Packed alive bitmap covering at least every row (kept current, no copy)."""
        return self._bits

    def digests(self, rows: np.ndarray) -> np.ndarray:
        return self._digests[rows]

    def append(self, ids: np.ndarray, digests: np.ndarray | None = None) -> None:
        """New alive rows for distinct ids; their previous rows become tombstones."""
        self.kill(self.rows_for(ids))
        start, end = self._n, self._n + len(ids)
        self._reserve(end)
        self._ids[start:end] = ids
        self._alive[start:end] = True
        self._digests[start:end] = 0 if digests is None else digests
        rows = np.arange(start, end, dtype=np.int64)
        np.bitwise_or.at(self._bits, rows >> 3, (1 << (rows & 7)).astype(np.uint8))
        self._n = end
        self.positions.assign(ids, rows)

    def kill(self, rows: np.ndarray) -> None:
        """Mark alive rows dead (tombstones)."""
        if not len(rows):
            return
        self._alive[rows] = False
        np.bitwise_and.at(self._bits, rows >> 3, ~(1 << (rows & 7)).astype(np.uint8))
        self.positions.discard(self._ids[rows])

    def reset(self, ids: np.ndarray, digests: np.ndarray, alive: np.ndarray | None = None) -> None:
        """Replace everything: row i holds ids[i] (after a rebuild or a load)."""
        self.__init__()  # type: ignore[misc]
        self._reserve(len(ids))
        self._n = len(ids)
        self._ids[: self._n] = ids
        self._digests[: self._n] = digests
        live = np.ones(len(ids), dtype=bool) if alive is None else alive
        self._alive[: self._n] = live
        packed = np.packbits(live, bitorder="little")
        self._bits[: len(packed)] = packed
        rows = np.flatnonzero(live)
        self.positions.assign(ids[rows], rows)

    def rows_for(self, ids: np.ndarray) -> np.ndarray:
        """Rows of the alive entries among `ids` (unknown or removed ids are dropped)."""
        rows = self.positions.lookup(ids)
        return rows[rows >= 0]

    def alive_rows(self) -> np.ndarray:
        return np.flatnonzero(self.alive)

    def digests_for(self, ids: np.ndarray) -> np.ndarray:
        """(n, 32) digests of these ids; all zero for ids not alive (never a real hash)."""
        rows = self.positions.lookup(ids)
        found = np.zeros((len(rows), DIGEST_BYTES), dtype=np.uint8)
        found[rows >= 0] = self._digests[rows[rows >= 0]]
        return found

    def set_digests(self, ids: np.ndarray, digests: np.ndarray) -> None:
        rows = self.positions.lookup(ids)
        self._digests[rows[rows >= 0]] = digests[rows >= 0]

    def checksum(self) -> str:
        """sha256 hex over the sorted alive ids (int64 LE) and their digests, in that
        order: equal contents give equal checksums whatever the order of changes."""
        ids = self.positions.sorted_ids
        rows = self.positions.sorted_positions
        digest = hashlib.sha256()
        digest.update(np.ascontiguousarray(ids, dtype="<i8").tobytes())
        digest.update(np.ascontiguousarray(self._digests[rows]).tobytes())
        return digest.hexdigest()

    def _reserve(self, size: int) -> None:
        if size <= len(self._ids):
            return
        capacity = max(size, 2 * len(self._ids), 1024)
        self._ids = _grown(self._ids, capacity)
        self._alive = _grown(self._alive, capacity)
        self._digests = _grown(self._digests, capacity)
        self._bits = _grown(self._bits, capacity // 8 + 1)


def as_digests(hashes: Sequence[str] | np.ndarray | Iterable[str]) -> np.ndarray:
    """(n, 32) uint8 digests from sha256 hex strings (or pass an (n, 32) array through)."""
    if isinstance(hashes, np.ndarray) and hashes.dtype == np.uint8:
        return hashes.reshape(-1, DIGEST_BYTES)
    joined = bytes.fromhex("".join(hashes))
    return np.frombuffer(joined, dtype=np.uint8).reshape(-1, DIGEST_BYTES).copy()


def hex_digests(digests: np.ndarray) -> list[str]:
    """sha256 hex strings of (n, 32) digests (the inverse of as_digests)."""
    flat = np.ascontiguousarray(digests).tobytes().hex()
    width = 2 * DIGEST_BYTES
    return [flat[i : i + width] for i in range(0, len(flat), width)]


def _grown(array: np.ndarray, capacity: int) -> np.ndarray:
    grown = np.zeros((capacity, *array.shape[1:]), dtype=array.dtype)
    grown[: len(array)] = array
    return grown
