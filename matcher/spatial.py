"""Great-circle distances and a grid for "which ids lie within r km of here".

Why: travel distance is a hard filter, and it has to be applied inside the vector
search (PRODUCT.md "Index"), so it must first become a set of allowed ids, fast: at
1,000,000 vacancies a 25-km query should take a few milliseconds. A fixed grid of
0.1° cells is enough for the Netherlands-sized area we serve. Points are kept sorted
by cell key, so each row of cells touched by a query is one contiguous slice; cells
that lie entirely inside the circle are accepted wholesale and only points in the
boundary cells get the exact haversine check.

Changes cost what changed: a new or moved point goes to a small unsorted *delta*
(checked by brute force, a few µs per thousand points), a removed or moved point
leaves a tombstone in the sorted part, and an id -> position map is updated in place.
When delta + tombstones exceed `delta_fraction` of the sorted part, everything is
merged and re-sorted once: amortised O(log n) per change instead of a sort of all
points per change (~0.3 s at 1,000,000).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import cast

import numpy as np

from matcher.ids import IdPositions
from matcher.where import Where

EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two points given in degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def haversine_km_many(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    """Distances in km from one point to arrays of points (all in degrees)."""
    p1 = math.radians(lat)
    p2 = np.radians(lats)
    a = (
        np.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * np.cos(p2) * np.sin(np.radians(lons - lon) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(a, 1.0)))


class SpatialGrid:
    """Points (id, lat, lon) in cells of `cell_deg` degrees; re-adding an id moves it."""

    def __init__(
        self, cell_deg: float = 0.1, *, delta_fraction: float = 1 / 16, delta_min: int = 4096
    ) -> None:
        self.cell_deg = cell_deg
        self.delta_fraction = delta_fraction
        self.delta_min = delta_min
        # key = (lat_cell + lat_offset) * lon_cells + (lon_cell + lon_offset): row-major,
        # so the cells of one latitude row are adjacent in key order. Longitudes are
        # not wrapped at ±180° (we serve the Netherlands, far from the antimeridian).
        self._lat_offset = math.ceil(90 / cell_deg) + 1
        self._lon_offset = math.ceil(180 / cell_deg) + 2
        self._lon_cells = 2 * self._lon_offset + 1
        self._main = _Points.empty()  # sorted by (cell key, id); `keys` parallel
        self._keys = np.empty(0, dtype=np.int64)
        self._delta = _Points.empty()  # recent points, unsorted
        self._dead = 0  # tombstones in main and delta
        self._at = IdPositions()  # id -> position: main, else len(main) + delta position

    def __len__(self) -> int:
        return len(self._at)

    def add(self, ids: np.ndarray | Iterable[int], lats: np.ndarray, lons: np.ndarray) -> None:
        """Add points (degrees); an id that is already present gets the new position."""
        ids = _as_ids(ids)
        lats = np.asarray(lats, dtype=np.float64).reshape(-1)
        lons = np.asarray(lons, dtype=np.float64).reshape(-1)
        if not len(ids) == len(lats) == len(lons):
            raise ValueError("ids, lats and lons differ in length")
        # np.unique on the reversed ids keeps the last position of each id in the batch.
        _, last_rev = np.unique(ids[::-1], return_index=True)
        keep = np.sort(len(ids) - 1 - last_rev)
        ids, lats, lons = ids[keep], lats[keep], lons[keep]
        self._kill(ids)
        start = len(self._main) + len(self._delta)
        self._delta = _Points.concat([self._delta, _Points.of(ids, lats, lons)])
        self._at.assign(ids, np.arange(start, start + len(ids), dtype=np.int64))
        self._maybe_merge()

    def remove(self, ids: np.ndarray | Iterable[int]) -> None:
        """Remove ids (unknown ids are ignored)."""
        self._kill(np.unique(_as_ids(ids)))
        self._maybe_merge()

    def place(self, item_id: int) -> tuple[float, float] | None:
        """(lat, lon) of one id in degrees, None when unknown."""
        at = self._at.get(item_id)
        if at < 0:
            return None
        n_main = len(self._main)
        points, i = (self._main, at) if at < n_main else (self._delta, at - n_main)
        return float(points.lat[i]), float(points.lon[i])

    def within_km(self, lat: float, lon: float, km: float) -> np.ndarray:
        """Sorted int64 ids of the points at most `km` (great-circle) from (lat, lon)."""
        inside, boundary = [], []
        for lo, hi, row_inside in self._row_slices(lat, lon, km):
            inside.extend(row_inside)
            boundary.append((lo, hi))
        main, near = self._main, _Disc(lat, lon, km)
        chunks = [main.ids[lo:hi][main.alive[lo:hi]] for lo, hi in inside]
        for lo, hi in boundary:
            passed = near.contains(main.xyz[:, lo:hi]) & main.alive[lo:hi]
            chunks.append(main.ids[lo:hi][passed])
        delta = self._delta
        chunks.append(delta.ids[near.contains(delta.xyz) & delta.alive])
        if not chunks:
            return np.empty(0, dtype=np.int64)
        # Each cell holds its ids in ascending order, so the concatenation is a few
        # dozen sorted runs, which the stable sort (timsort) merges in ~linear time.
        return np.sort(np.concatenate(chunks), kind="stable")

    def near(self, lat: float, lon: float, km: float) -> Where:
        """The same filter as `within_km`, as a test the vector index applies to the
        hits it finds (no list of ids is built unless the index asks for it)."""
        inside = boundary = 0
        for lo, hi, row_inside in self._row_slices(lat, lon, km):
            boundary += hi - lo
            inside += sum(b - a for a, b in row_inside)
        disc = _Disc(lat, lon, km)

        def test(ids: np.ndarray) -> np.ndarray:
            return disc.contains(self._xyz_of(ids))

        # Estimate: the sorted part's count, scaled for the delta (tombstones ignored).
        scale = 1 + len(self._delta) / max(len(self._main), 1)
        expected = int((inside + boundary // 2) * scale)
        return Where(test, lambda: self.within_km(lat, lon, km), expected)

    def _xyz_of(self, ids: np.ndarray) -> np.ndarray:
        """(3, n) unit vectors of ids; NaN (fails every test) for unknown ids."""
        at = self._at.lookup(np.asarray(ids, dtype=np.int64))
        xyz = np.full((3, len(at)), np.nan)
        n_main = len(self._main)
        in_main, in_delta = (at >= 0) & (at < n_main), at >= n_main
        xyz[:, in_main] = self._main.xyz[:, at[in_main]]
        xyz[:, in_delta] = self._delta.xyz[:, at[in_delta] - n_main]
        return xyz

    def _row_slices(
        self, lat: float, lon: float, km: float
    ) -> list[tuple[int, int, list[tuple[int, int]]]]:
        """Per row of cells the query touches: the slices of boundary points to check
        and the slice of cells lying wholly inside the circle (no check needed)."""
        d = self.cell_deg
        delta = km / EARTH_RADIUS_KM  # angular radius of the circle, radians
        dlat = math.degrees(delta)
        # Widest longitude reach of a spherical cap: sin(dlon) = sin(delta) / cos(lat).
        reach = math.sin(delta) / max(math.cos(math.radians(lat)), 1e-9)
        dlon = 180.0 if reach >= 1 else math.degrees(math.asin(reach))
        lat_lo, lat_hi = math.floor((lat - dlat) / d), math.floor((lat + dlat) / d)
        lon_lo, lon_hi = math.floor((lon - dlon) / d), math.floor((lon + dlon) / d)
        inside = self._cells_inside(lat, lon, km, lat_lo, lat_hi, lon_lo, lon_hi)
        # Per row: [row start, first inside cell, after the last inside cell, row end]
        # as cell keys (inside cells of a row are contiguous), one searchsorted call.
        rows, cols = inside.shape
        has_full = inside.any(axis=1)
        first = lon_lo + inside.argmax(axis=1)
        last = lon_lo + cols - inside[:, ::-1].argmax(axis=1)
        ends = np.full(rows, lon_lo), np.full(rows, lon_hi + 1)
        bounds = np.column_stack([ends[0], first, last, ends[1]])
        base = (np.arange(lat_lo, lat_hi + 1) + self._lat_offset) * self._lon_cells
        keys = bounds + (base + self._lon_offset)[:, None]
        found = np.searchsorted(self._keys, keys.ravel()).reshape(keys.shape)
        pos = cast(list[list[int]], found.tolist())
        full_rows = cast(list[bool], has_full.tolist())
        slices: list[tuple[int, int, list[tuple[int, int]]]] = []
        for (start, lo, hi, end), full in zip(pos, full_rows, strict=True):
            if full:
                slices += [(start, lo, [(lo, hi)]), (hi, end, [])]
            else:
                slices.append((start, end, []))
        return slices

    def _cells_inside(
        self, lat: float, lon: float, km: float, lat_lo: int, lat_hi: int, lon_lo: int, lon_hi: int
    ) -> np.ndarray:
        """(rows, cols) mask of the cells wholly inside the circle.

        For radii up to hundreds of km the distance from the centre is convex along a
        cell's edges, so the farthest point of a lat/lon cell is a corner: four corners
        inside (with a 0.1% margin) => the whole cell is inside."""
        d = self.cell_deg
        phi = np.radians(np.arange(lat_lo, lat_hi + 2) * d)
        lam = np.radians(np.arange(lon_lo, lon_hi + 2) * d)
        c = _Disc(lat, lon, km * 0.999)
        # Corner (phi, lam) as a unit vector, dotted with the centre c, for the whole
        # grid of corners at once: cos(phi)·(cx·cos(lam) + cy·sin(lam)) + sin(phi)·cz.
        dots = np.outer(np.cos(phi), c.centre[0] * np.cos(lam) + c.centre[1] * np.sin(lam))
        ok = dots + (np.sin(phi) * c.centre[2])[:, None] >= c.min_cos
        return ok[:-1, :-1] & ok[1:, :-1] & ok[:-1, 1:] & ok[1:, 1:]

    def _kill(self, ids: np.ndarray) -> None:
        """Tombstone the current points of these (distinct) ids."""
        at = self._at.lookup(ids)
        at = at[at >= 0]
        if not len(at):
            return
        n_main = len(self._main)
        self._main.alive[at[at < n_main]] = False
        self._delta.alive[at[at >= n_main] - n_main] = False
        self._dead += len(at)
        self._at.discard(ids)

    def _maybe_merge(self) -> None:
        """Re-sort once delta + tombstones outgrow their share: amortised O(log n)."""
        limit = max(self.delta_min, self.delta_fraction * len(self._main))
        if len(self._delta) + self._dead > limit:
            self._merge()

    def _merge(self) -> None:
        points = _Points.concat([self._main, self._delta]).alive_only()
        keys = self._cell_keys(points.lat, points.lon)
        order = np.lexsort((points.ids, keys))  # by cell, ids ascending within a cell
        self._main, self._keys = points.take(order), keys[order]
        self._delta, self._dead = _Points.empty(), 0
        self._at = IdPositions(self._main.ids)

    def _cell_keys(self, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
        lat_cell = np.floor(lat / self.cell_deg).astype(np.int64) + self._lat_offset
        lon_cell = np.floor(lon / self.cell_deg).astype(np.int64) + self._lon_offset
        return lat_cell * self._lon_cells + lon_cell


@dataclass(slots=True)
class _Points:
    """Parallel arrays of points: ids, degrees, unit vectors (3, n), alive flags."""

    ids: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    xyz: np.ndarray
    alive: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def of(cls, ids: np.ndarray, lat: np.ndarray, lon: np.ndarray) -> _Points:
        return cls(ids, lat, lon, _unit_xyz(lat, lon), np.ones(len(ids), dtype=bool))

    @classmethod
    def empty(cls) -> _Points:
        none = np.empty(0, dtype=np.float64)
        return cls.of(np.empty(0, dtype=np.int64), none, none)

    @classmethod
    def concat(cls, parts: list[_Points]) -> _Points:
        return cls(
            np.concatenate([p.ids for p in parts]),
            np.concatenate([p.lat for p in parts]),
            np.concatenate([p.lon for p in parts]),
            np.concatenate([p.xyz for p in parts], axis=1),
            np.concatenate([p.alive for p in parts]),
        )

    def take(self, rows: np.ndarray) -> _Points:
        return _Points(
            self.ids[rows], self.lat[rows], self.lon[rows], self.xyz[:, rows], self.alive[rows]
        )

    def alive_only(self) -> _Points:
        return self if self.alive.all() else self.take(np.flatnonzero(self.alive))


class _Disc:
    """Points within `km` of a centre. Without trigonometry per point: for unit vectors
    p, c on the sphere, great-circle distance <= km  <=>  p·c >= cos(km / R)."""

    def __init__(self, lat: float, lon: float, km: float) -> None:
        phi, lam = math.radians(lat), math.radians(lon)
        self.centre = (math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam), math.sin(phi))
        self.min_cos = math.cos(min(km / EARTH_RADIUS_KM, math.pi))

    def contains(self, xyz: np.ndarray) -> np.ndarray:
        """Bool mask over the columns of a (3, n) array of unit vectors."""
        c = self.centre
        return xyz[0] * c[0] + xyz[1] * c[1] + xyz[2] * c[2] >= self.min_cos


def _unit_xyz(lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    """(3, n) unit vectors on the sphere for points in degrees (x, y, z rows)."""
    phi, lam = np.radians(lats), np.radians(lons)
    return np.vstack([np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)])


def _as_ids(ids: np.ndarray | Iterable[int]) -> np.ndarray:
    values = ids if isinstance(ids, np.ndarray) else list(ids)
    return np.asarray(values, dtype=np.int64).reshape(-1)
