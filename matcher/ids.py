"""Where is this id? A map from database ids to non-negative int64 values, kept in place.

The vector index (id -> row), the spatial grid (id -> point) and the engine's
open-vacancy table (id -> closing day) answer this for thousands of ids per query and
change it one id at a time. Database ids are mostly dense serials: then a table of
max id + 1 entries answers with one gathered read per id and changes with one write;
it grows by doubling, so a new id costs amortised O(1). Sparse ids (a table would be
more than `_DENSE_SLACK` times the number of ids) fall back to sorted arrays with a
binary search per id; a change there moves memory (np.insert), still no Python loop.
"""

from __future__ import annotations

import numpy as np

_DENSE_SLACK = 4  # a table up to 4x the number of ids (+1024) counts as dense
_DENSE_MIN = 1024
_ABSENT = -1


class IdPositions:
    """Distinct int64 ids, each with a value >= 0 (default: its index in `ids`)."""

    def __init__(self, ids: np.ndarray | None = None, positions: np.ndarray | None = None) -> None:
        self._table: np.ndarray | None = np.empty(0, dtype=np.int64)  # None: sparse mode
        self._ids = np.empty(0, dtype=np.int64)  # sparse mode: sorted ids ...
        self._values = np.empty(0, dtype=np.int64)  # ... and their values
        self._count = 0
        if ids is not None:
            ids = np.asarray(ids, dtype=np.int64)
            values = np.arange(len(ids), dtype=np.int64) if positions is None else positions
            self.assign(ids, values)

    def __len__(self) -> int:
        return self._count

    @property
    def sorted_ids(self) -> np.ndarray:
        """All ids, ascending (O(max id) for the dense table: not for every query)."""
        if self._table is None:
            return self._ids
        return np.flatnonzero(self._table >= 0).astype(np.int64)

    @property
    def sorted_positions(self) -> np.ndarray:
        """The values of `sorted_ids`, in the same order."""
        if self._table is None:
            return self._values
        return self._table[self._table >= 0]

    def ids_at_least(self, minimum: int) -> np.ndarray:
        """Sorted ids whose value is >= minimum (minimum >= 0)."""
        if self._table is None:
            return self._ids[self._values >= minimum]
        return np.flatnonzero(self._table >= minimum).astype(np.int64)

    def get(self, item_id: int) -> int:
        """Value of one id, -1 when absent (no array round trip)."""
        table = self._table
        if table is not None:
            return int(table[item_id]) if 0 <= item_id < len(table) else _ABSENT
        return int(self.lookup(np.array([item_id], dtype=np.int64))[0])

    def lookup(self, ids: np.ndarray) -> np.ndarray:
        """Value of each id, -1 for ids not in the set."""
        ids = np.asarray(ids, dtype=np.int64)
        if self._table is not None:
            if not len(self._table):
                return np.full(len(ids), _ABSENT, dtype=np.int64)
            inside = (ids >= 0) & (ids < len(self._table))
            return np.where(inside, self._table[np.where(inside, ids, 0)], _ABSENT)
        if not len(self._ids):
            return np.full(len(ids), _ABSENT, dtype=np.int64)
        at = np.minimum(np.searchsorted(self._ids, ids), len(self._ids) - 1)
        return np.where(self._ids[at] == ids, self._values[at], _ABSENT)

    def assign(self, ids: np.ndarray, values: np.ndarray | int) -> None:
        """Set the value of distinct ids (new ids are added)."""
        ids = np.asarray(ids, dtype=np.int64).reshape(-1)
        values = np.broadcast_to(np.asarray(values, dtype=np.int64), ids.shape)
        if not len(ids):
            return
        if self._table is not None and not self._fits_table(ids):
            self._to_sparse()
        if self._table is not None:
            self._grow_table(int(ids.max()) + 1)
            self._count += int(np.count_nonzero(self._table[ids] < 0))
            self._table[ids] = values
            return
        self._assign_sparse(ids, values)

    def discard(self, ids: np.ndarray) -> None:
        """Forget ids (unknown ids are ignored)."""
        ids = np.unique(np.asarray(ids, dtype=np.int64))
        if not len(ids) or not self._count:
            return
        if self._table is not None:
            ids = ids[(ids >= 0) & (ids < len(self._table))]
            self._count -= int(np.count_nonzero(self._table[ids] >= 0))
            self._table[ids] = _ABSENT
            return
        at = np.minimum(np.searchsorted(self._ids, ids), len(self._ids) - 1)
        found = at[self._ids[at] == ids]
        self._ids, self._values = np.delete(self._ids, found), np.delete(self._values, found)
        self._count = len(self._ids)

    def _fits_table(self, ids: np.ndarray) -> bool:
        limit = _DENSE_SLACK * (self._count + len(ids)) + _DENSE_MIN
        return int(ids.min()) >= 0 and int(ids.max()) < limit

    def _grow_table(self, size: int) -> None:
        assert self._table is not None
        if size <= len(self._table):
            return
        grown = np.full(max(size, 2 * len(self._table)), _ABSENT, dtype=np.int64)
        grown[: len(self._table)] = self._table
        self._table = grown

    def _to_sparse(self) -> None:
        self._ids, self._values = self.sorted_ids, self.sorted_positions
        self._table = None

    def _assign_sparse(self, ids: np.ndarray, values: np.ndarray) -> None:
        at = np.searchsorted(self._ids, ids)
        found = at < len(self._ids)
        found[found] = self._ids[at[found]] == ids[found]
        self._values[at[found]] = values[found]
        new = ~found
        if new.any():
            order = np.argsort(ids[new], kind="stable")
            new_ids, new_values = ids[new][order], values[new][order]
            where = np.searchsorted(self._ids, new_ids)
            self._ids = np.insert(self._ids, where, new_ids)
            self._values = np.insert(self._values, where, new_values)
        self._count = len(self._ids)
