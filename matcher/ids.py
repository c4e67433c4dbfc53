"""Where is this id? A lookup from database ids to positions in an array.

Both the vector index (id -> row) and the spatial grid (id -> point) answer this for
thousands of ids per query. Database ids are mostly dense serials: then one gathered
read per id (a table of max id + 1 entries) beats a binary search per id; sparse ids
fall back to the binary search.
"""

from __future__ import annotations

import numpy as np

_DENSE_SLACK = 4  # a table up to 4x the number of ids (+1024) counts as dense


class IdPositions:
    """Distinct int64 ids with a position each (default: their index in `ids`)."""

    def __init__(self, ids: np.ndarray, positions: np.ndarray | None = None) -> None:
        ids = np.asarray(ids, dtype=np.int64)
        positions = np.arange(len(ids), dtype=np.int64) if positions is None else positions
        order = np.argsort(ids, kind="stable")
        self.sorted_ids = ids[order]
        self.sorted_positions = np.asarray(positions, dtype=np.int64)[order]
        self._table: np.ndarray | None = None
        n = len(ids)
        if n and self.sorted_ids[0] >= 0 and self.sorted_ids[-1] < _DENSE_SLACK * n + 1024:
            self._table = np.full(int(self.sorted_ids[-1]) + 1, -1, dtype=np.int64)
            self._table[self.sorted_ids] = self.sorted_positions

    def __len__(self) -> int:
        return len(self.sorted_ids)

    def lookup(self, ids: np.ndarray) -> np.ndarray:
        """Position of each id, -1 for ids not in the set."""
        ids = np.asarray(ids, dtype=np.int64)
        if self._table is not None:
            inside = (ids >= 0) & (ids < len(self._table))
            return np.where(inside, self._table[np.where(inside, ids, 0)], -1)
        if not len(self.sorted_ids):
            return np.full(len(ids), -1, dtype=np.int64)
        at = np.minimum(np.searchsorted(self.sorted_ids, ids), len(self.sorted_ids) - 1)
        return np.where(self.sorted_ids[at] == ids, self.sorted_positions[at], -1)
