"""The hard filters that are cheap to evaluate for *all* vacancies: open on a day, and
within a candidate's travel reach.

Why a module: the engine applies these inside the vector search (as a `Where` test on
the hits, or as the listed ids), so they must answer for any id at once, and at
1,000,000 vacancies they must follow each change in time proportional to the change.
Open status and closing day live in an id-keyed table (`IdPositions`: a dense array
for serial ids), places in a `SpatialGrid` (sorted cells + small delta), and the
vacancies without a known place in a second table; all three change in place.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np

from matcher import geo
from matcher.ids import IdPositions
from matcher.models import Vacancy
from matcher.spatial import SpatialGrid
from matcher.where import Where

_NO_CLOSING = int(np.iinfo(np.int64).max)


class VacancyFilters:
    """Open status, closing day (ordinal) and place of every vacancy the engine holds."""

    def __init__(self) -> None:
        self.grid = SpatialGrid()  # places of the vacancies that have one
        self._open = IdPositions()  # open vacancy id -> last open day (ordinal)
        self._unplaced = IdPositions()  # vacancy ids without a known place -> 0

    @property
    def n_open(self) -> int:
        """Open vacancies, whatever their closing day."""
        return len(self._open)

    def update(self, batch: Sequence[Vacancy]) -> None:
        """Take the current state of these (distinct) vacancies: O(len(batch))."""
        if not batch:
            return
        ids = np.fromiter((v.id for v in batch), dtype=np.int64, count=len(batch))
        is_open = np.fromiter((v.status == "open" for v in batch), dtype=bool, count=len(batch))
        closing = np.fromiter((_ordinal(v.closing_date) for v in batch), np.int64, len(batch))
        places = [geo.resolve(v.location) for v in batch]
        placed = np.fromiter((p is not None for p in places), dtype=bool, count=len(batch))
        coords = np.array([p for p in places if p is not None], dtype=np.float64).reshape(-1, 2)
        self.grid.remove(ids[~placed])
        self.grid.add(ids[placed], coords[:, 0], coords[:, 1])
        self._unplaced.discard(ids[placed])
        self._unplaced.assign(ids[~placed], 0)
        self._open.discard(ids[~is_open])
        self._open.assign(ids[is_open], closing[is_open])

    def remove(self, ids: np.ndarray) -> None:
        self.grid.remove(ids)
        self._open.discard(ids)
        self._unplaced.discard(ids)

    def listed(
        self, home: tuple[float, float] | None, reach_km: float | None, day: date
    ) -> np.ndarray:
        """Sorted ids of vacancies open on `day` and within `reach_km` of `home`."""
        open_ids = self._open.ids_at_least(day.toordinal())
        if home is None or reach_km is None:
            return open_ids
        near = np.asarray(self.grid.within_km(home[0], home[1], reach_km), dtype=np.int64)
        # Vacancies without a known place stay in; their check warns "afstand onbekend".
        reachable = np.union1d(near, self._unplaced.sorted_ids)
        return np.intersect1d(open_ids, reachable, assume_unique=True)

    def where(
        self, home: tuple[float, float] | None, reach_km: float | None, day: date, total: int
    ) -> Where:
        """`listed` as a test on ids; `total`: all vacancies held (sizes the estimate)."""
        ordinal = day.toordinal()
        listed = lambda: self.listed(home, reach_km, day)  # noqa: E731
        # An estimate sizes the search: open ids, ignoring closing dates (no O(n) pass).
        if home is None or reach_km is None:
            return Where(lambda ids: self.open_on(ids, ordinal), listed, self.n_open)
        near = self.grid.near(home[0], home[1], reach_km)

        def test(ids: np.ndarray) -> np.ndarray:
            reachable = near.test(ids) | (self._unplaced.lookup(ids) >= 0)
            return reachable & self.open_on(ids, ordinal)

        share_open = self.n_open / max(total, 1)
        expected = int((near.expected + len(self._unplaced)) * share_open)
        return Where(test, listed, expected)

    def open_on(self, ids: np.ndarray, day: int) -> np.ndarray:
        """Mask: which of these ids are open and not past their closing day (ordinal)."""
        return self._open.lookup(ids) >= day  # absent ids look up as -1


def _ordinal(day: date | None) -> int:
    return day.toordinal() if day is not None else _NO_CLOSING
