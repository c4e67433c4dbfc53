"""Great-circle distances and a grid for "which ids lie within r km of here".

Why: travel distance is a hard filter, and it has to be applied inside the vector
search (PRODUCT.md "Index"), so it must first become a set of allowed ids, fast: at
1,000,000 vacancies a 25-km query should take a few milliseconds. A fixed grid of
0.1° cells is enough for the Netherlands-sized area we serve. Points are kept sorted
by cell key, so each row of cells touched by a query is one contiguous slice; cells
that lie entirely inside the circle are accepted wholesale and only points in the
boundary cells get the exact haversine check.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np

from matcher.index import Where

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

    def __init__(self, cell_deg: float = 0.1) -> None:
        self.cell_deg = cell_deg
        # key = (lat_cell + lat_offset) * lon_cells + (lon_cell + lon_offset): row-major,
        # so the cells of one latitude row are adjacent in key order. Longitudes are
        # not wrapped at ±180° (we serve the Netherlands, far from the antimeridian).
        self._lat_offset = math.ceil(90 / cell_deg) + 1
        self._lon_offset = math.ceil(180 / cell_deg) + 2
        self._lon_cells = 2 * self._lon_offset + 1
        self._ids = np.empty(0, dtype=np.int64)
        self._lat = np.empty(0, dtype=np.float64)
        self._lon = np.empty(0, dtype=np.float64)
        self._xyz = np.empty((3, 0), dtype=np.float64)  # points as unit vectors (rows x, y, z)
        self._keys = np.empty(0, dtype=np.int64)  # sorted cell keys, parallel to the above
        self._pending: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        self._by_id: tuple[np.ndarray, np.ndarray] | None = None  # sorted ids, their positions

    def __len__(self) -> int:
        self._flush()
        return len(self._ids)

    def add(self, ids: np.ndarray | Iterable[int], lats: np.ndarray, lons: np.ndarray) -> None:
        """Add points (degrees); an id that is already present gets the new position."""
        batch = (
            _as_ids(ids),
            np.asarray(lats, dtype=np.float64).reshape(-1),
            np.asarray(lons, dtype=np.float64).reshape(-1),
        )
        if not len(batch[0]) == len(batch[1]) == len(batch[2]):
            raise ValueError("ids, lats and lons differ in length")
        self._pending.append(batch)  # merged lazily: many small adds stay cheap

    def remove(self, ids: np.ndarray | Iterable[int]) -> None:
        """Remove ids (unknown ids are ignored)."""
        self._flush()
        gone = np.isin(self._ids, _as_ids(ids))
        if gone.any():
            keep = ~gone
            self._ids, self._lat = self._ids[keep], self._lat[keep]
            self._lon, self._keys = self._lon[keep], self._keys[keep]
            self._xyz = self._xyz[:, keep]
            self._by_id = None

    def within_km(self, lat: float, lon: float, km: float) -> np.ndarray:
        """Sorted int64 ids of the points at most `km` (great-circle) from (lat, lon)."""
        self._flush()
        inside, boundary = [], []
        for lo, hi, row_inside in self._row_slices(lat, lon, km):
            inside.extend(row_inside)
            boundary.append((lo, hi))
        chunks = [self._ids[lo:hi] for lo, hi in inside]
        near = _Disc(lat, lon, km)
        for lo, hi in boundary:
            chunks.append(self._ids[lo:hi][near.contains(self._xyz[:, lo:hi])])
        if not chunks:
            return np.empty(0, dtype=np.int64)
        # Each cell holds its ids in ascending order, so the concatenation is a few
        # dozen sorted runs, which the stable sort (timsort) merges in ~linear time.
        return np.sort(np.concatenate(chunks), kind="stable")

    def near(self, lat: float, lon: float, km: float) -> Where:
        """The same filter as `within_km`, as a test the vector index applies to the
        hits it finds (no list of ids is built unless the index asks for it)."""
        self._flush()
        inside = boundary = 0
        for lo, hi, row_inside in self._row_slices(lat, lon, km):
            boundary += hi - lo
            inside += sum(b - a for a, b in row_inside)
        disc = _Disc(lat, lon, km)

        def test(ids: np.ndarray) -> np.ndarray:
            positions = self._positions(ids)
            known = positions >= 0
            passed = np.zeros(len(ids), dtype=bool)
            passed[known] = disc.contains(self._xyz[:, positions[known]])
            return passed

        return Where(test, lambda: self.within_km(lat, lon, km), inside + boundary // 2)

    def _positions(self, ids: np.ndarray) -> np.ndarray:
        """Position of each id in the cell-sorted arrays, -1 for unknown ids."""
        if self._by_id is None:
            order = np.argsort(self._ids, kind="stable")
            self._by_id = (self._ids[order], order)
        sorted_ids, order = self._by_id
        if not len(sorted_ids):
            return np.full(len(ids), -1, dtype=np.int64)
        at = np.minimum(np.searchsorted(sorted_ids, ids), len(sorted_ids) - 1)
        return np.where(sorted_ids[at] == ids, order[at], -1)

    def _row_slices(
        self, lat: float, lon: float, km: float
    ) -> Iterable[tuple[int, int, list[tuple[int, int]]]]:
        """Per row of cells the query touches: the slices of boundary points to check
        and the slices of cells lying wholly inside the circle (no check needed)."""
        d = self.cell_deg
        delta = km / EARTH_RADIUS_KM  # angular radius of the circle, radians
        dlat = math.degrees(delta)
        # Widest longitude reach of a spherical cap: sin(dlon) = sin(delta) / cos(lat).
        reach = math.sin(delta) / max(math.cos(math.radians(lat)), 1e-9)
        dlon = 180.0 if reach >= 1 else math.degrees(math.asin(reach))
        lat_lo, lat_hi = math.floor((lat - dlat) / d), math.floor((lat + dlat) / d)
        lon_lo, lon_hi = math.floor((lon - dlon) / d), math.floor((lon + dlon) / d)
        for lat_cell in range(lat_lo, lat_hi + 1):
            full = [
                c for c in range(lon_lo, lon_hi + 1) if self._cell_inside(lat_cell, c, lat, lon, km)
            ]
            base = (lat_cell + self._lat_offset) * self._lon_cells + self._lon_offset
            yield from self._split_row(base, lon_lo, lon_hi, full)

    def _split_row(
        self, base: int, lon_lo: int, lon_hi: int, full: list[int]
    ) -> Iterable[tuple[int, int, list[tuple[int, int]]]]:
        """Slices of a row of cells: a run of full cells in the middle, boundary around."""

        def pos(cell: int) -> int:
            key = base + cell
            return int(np.searchsorted(self._keys, key))

        if not full:
            yield pos(lon_lo), pos(lon_hi + 1), []
            return
        first, last = min(full), max(full)  # inside cells of a row are contiguous
        yield pos(lon_lo), pos(first), [(pos(first), pos(last + 1))]
        yield pos(last + 1), pos(lon_hi + 1), []

    def _cell_inside(self, lat_cell: int, lon_cell: int, lat: float, lon: float, km: float) -> bool:
        d = self.cell_deg
        corners = [(lat_cell * d + a * d, lon_cell * d + b * d) for a in (0, 1) for b in (0, 1)]
        # For radii up to hundreds of km the distance from the centre is convex along a
        # cell's edges, so the farthest point of a lat/lon cell is a corner: four
        # corners inside (with a 0.1% margin) => the whole cell is inside.
        return all(haversine_km(lat, lon, c_lat, c_lon) <= km * 0.999 for c_lat, c_lon in corners)

    def _flush(self) -> None:
        if not self._pending:
            return
        ids = np.concatenate([self._ids, *(b[0] for b in self._pending)])
        lat = np.concatenate([self._lat, *(b[1] for b in self._pending)])
        lon = np.concatenate([self._lon, *(b[2] for b in self._pending)])
        self._pending = []
        # np.unique sorts by id and, on the reversed arrays, keeps the last position of
        # each id; the stable sort by cell below then keeps ids ascending per cell.
        _, last_rev = np.unique(ids[::-1], return_index=True)
        keep = len(ids) - 1 - last_rev
        ids, lat, lon = ids[keep], lat[keep], lon[keep]
        keys = self._cell_keys(lat, lon)
        order = np.argsort(keys, kind="stable")
        self._ids, self._lat, self._lon = ids[order], lat[order], lon[order]
        self._keys = keys[order]
        self._xyz = _unit_xyz(self._lat, self._lon)
        self._by_id = None

    def _cell_keys(self, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
        lat_cell = np.floor(lat / self.cell_deg).astype(np.int64) + self._lat_offset
        lon_cell = np.floor(lon / self.cell_deg).astype(np.int64) + self._lon_offset
        return lat_cell * self._lon_cells + lon_cell


class _Disc:
    """Points within `km` of a centre. Without trigonometry per point: for unit vectors
    p, c on the sphere, great-circle distance <= km  <=>  p·c >= cos(km / R)."""

    def __init__(self, lat: float, lon: float, km: float) -> None:
        self.centre = _unit_xyz(np.array([lat]), np.array([lon]))[:, 0]
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
