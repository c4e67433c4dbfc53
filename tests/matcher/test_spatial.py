"""SpatialGrid.within_km agrees with brute-force haversine; haversine is right."""

from __future__ import annotations

import numpy as np
import pytest

from matcher.spatial import SpatialGrid, haversine_km, haversine_km_many


def dutch_points(n: int, *, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    ids = rng.permutation(np.arange(10, 10 + n, dtype=np.int64))
    return ids, rng.uniform(50.8, 53.4, n), rng.uniform(3.4, 7.2, n)


def brute_force(ids, lats, lons, lat: float, lon: float, km: float) -> list[int]:  # type: ignore[no-untyped-def]
    return sorted(ids[haversine_km_many(lat, lon, lats, lons) <= km].tolist())


def test_haversine_known_distances() -> None:
    # Utrecht Centraal -> Amsterdam Centraal is about 35 km as the crow flies.
    assert haversine_km(52.0894, 5.1101, 52.3791, 4.9003) == pytest.approx(35.4, abs=0.5)
    assert haversine_km(52.0, 5.0, 52.0, 5.0) == 0.0
    assert haversine_km(0.0, 0.0, 1.0, 0.0) == pytest.approx(111.195, abs=0.01)
    many = haversine_km_many(52.0, 5.0, np.array([52.0, 53.0]), np.array([6.0, 5.0]))
    assert many.tolist() == pytest.approx(
        [haversine_km(52.0, 5.0, 52.0, 6.0), haversine_km(52.0, 5.0, 53.0, 5.0)]
    )


@pytest.mark.parametrize("km", [0.5, 3.0, 25.0, 80.0, 400.0])
def test_within_km_matches_brute_force(km: float) -> None:
    ids, lats, lons = dutch_points(20_000)
    grid = SpatialGrid()
    grid.add(ids, lats, lons)
    for lat, lon in [(52.09, 5.12), (52.37, 4.89), (50.85, 5.69), (53.4, 7.2), (52.0, 3.0)]:
        found = grid.within_km(lat, lon, km)
        assert found.dtype == np.int64
        assert found.tolist() == brute_force(ids, lats, lons, lat, lon, km)


def test_re_add_moves_and_remove_forgets() -> None:
    grid = SpatialGrid()
    grid.add(np.array([1, 2, 3]), np.array([52.09, 52.10, 53.2]), np.array([5.12, 5.11, 6.56]))
    grid.add([3], np.array([52.08]), np.array([5.13]))  # moved to Utrecht
    assert grid.within_km(52.09, 5.12, 5).tolist() == [1, 2, 3]
    grid.remove([2, 99])
    assert grid.within_km(52.09, 5.12, 5).tolist() == [1, 3]
    assert len(grid) == 2
    assert grid.within_km(53.2, 6.56, 5).tolist() == []


def test_empty_grid() -> None:
    assert SpatialGrid().within_km(52.0, 5.0, 25).tolist() == []


@pytest.mark.parametrize("km", [3.0, 25.0, 80.0])
def test_near_is_within_km_as_a_test(km: float) -> None:
    ids, lats, lons = dutch_points(20_000)
    grid = SpatialGrid()
    grid.add(ids, lats, lons)
    probe = np.concatenate([ids, [-5, 3, 10**9]])  # plus ids the grid does not know
    for lat, lon in [(52.09, 5.12), (50.85, 5.69), (52.0, 3.0)]:
        near = grid.near(lat, lon, km)
        listed = grid.within_km(lat, lon, km)
        assert near.ids().tolist() == listed.tolist()
        assert sorted(probe[near.test(probe)].tolist()) == listed.tolist()
        # The estimate sizes the index's over-fetch: right order of magnitude.
        assert len(listed) / 2 - 50 <= near.expected <= 2 * len(listed) + 50


def test_near_follows_moves_and_removals() -> None:
    grid = SpatialGrid()
    grid.add(np.array([1, 2, 3]), np.array([52.09, 52.10, 53.2]), np.array([5.12, 5.11, 6.56]))
    probe = np.array([1, 2, 3])
    assert grid.near(52.09, 5.12, 5).test(probe).tolist() == [True, True, False]
    grid.add([3], np.array([52.08]), np.array([5.13]))
    grid.remove([1])
    assert grid.near(52.09, 5.12, 5).test(probe).tolist() == [False, True, True]
    assert SpatialGrid().near(52.0, 5.0, 25).test(probe).tolist() == [False] * 3


@pytest.mark.parametrize("delta_min", [8, 10**6])  # merges often / never merges
def test_many_small_changes_agree_with_brute_force(delta_min: int) -> None:
    rng = np.random.default_rng(delta_min)
    ids, lats, lons = dutch_points(3000)
    grid = SpatialGrid(delta_min=delta_min)
    grid.add(ids, lats, lons)
    where = {int(i): (la, lo) for i, la, lo in zip(ids, lats, lons, strict=True)}
    for _ in range(300):
        picked = rng.choice(np.arange(5, 3500), int(rng.integers(1, 5)))
        if rng.random() < 0.4:
            grid.remove(picked)
            for i in picked.tolist():
                where.pop(i, None)
        else:
            new_lat, new_lon = (
                rng.uniform(50.8, 53.4, len(picked)),
                rng.uniform(3.4, 7.2, len(picked)),
            )
            grid.add(picked, new_lat, new_lon)
            where.update(zip(picked.tolist(), zip(new_lat, new_lon, strict=True), strict=True))
    known = np.array(sorted(where), dtype=np.int64)
    lat, lon = np.array([where[i][0] for i in known]), np.array([where[i][1] for i in known])
    assert len(grid) == len(known)
    assert (
        grid.place(int(known[0])) == pytest.approx(where[int(known[0])]) and grid.place(-1) is None
    )
    probe = np.arange(0, 3600, dtype=np.int64)
    for km in (5.0, 40.0):
        expected = brute_force(known, lat, lon, 52.1, 5.1, km)
        assert grid.within_km(52.1, 5.1, km).tolist() == expected
        assert probe[grid.near(52.1, 5.1, km).test(probe)].tolist() == expected
