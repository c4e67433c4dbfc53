"""Postcode centroids, place names and travel-time estimates."""

from __future__ import annotations

import pytest

from matcher import geo
from matcher.models import Location


def test_shipped_table_covers_utrecht_and_region() -> None:
    table = geo.load_postcodes()
    for code in ("3511", "3526", "3562", "3553", "3544", "3531", "3524", "3451", "3453"):
        assert table.place(code) is not None, code
    areas = {table.place(c).area for c in ("3526", "3562", "3553", "3544", "3531", "3511")}
    for hood in ("Kanaleneiland", "Overvecht", "Zuilen", "Leidsche Rijn", "Lombok", "Binnenstad"):
        assert any(hood in a for a in areas), hood
    for town in ("Nieuwegein", "Houten", "Zeist", "Maarssen", "IJsselstein", "Amersfoort"):
        assert table.city_coordinates(town) is not None, town


def test_postcode_forms_resolve_to_the_same_place() -> None:
    a = geo.resolve(Location(postcode="3581 AB"))
    b = geo.resolve(Location(postcode="3581ab"))
    c = geo.resolve(Location(postcode="3581"))
    assert a == b == c and a is not None


def test_unknown_pc4_falls_back_to_pc3_group() -> None:
    table = geo.load_postcodes()
    assert table.place("3559") is None
    lat, lon = table.coordinates("3559")
    assert geo.haversine_km(lat, lon, 52.11, 5.10) < 5


def test_resolve_prefers_coordinates_then_postcode_then_city() -> None:
    assert geo.resolve(Location(postcode="3511", lat=1.0, lon=2.0)) == (1.0, 2.0)
    assert geo.resolve(Location(city="Houten")) is not None
    assert geo.resolve(Location(postcode="nonsense")) is None
    assert geo.resolve(Location()) is None


def test_normalise_postcode() -> None:
    assert geo.normalise_postcode(" 3562 xk ") == "3562"
    assert geo.normalise_postcode("0123") is None
    assert geo.normalise_postcode("35621") is None


def test_distance_between_neighbourhoods_is_plausible() -> None:
    km = geo.distance_km(Location(postcode="3562"), Location(postcode="3526"))
    assert km is not None and 3 < km < 8  # Overvecht → Kanaleneiland
    km = geo.distance_km(Location(postcode="3511"), Location(city="Amsterdam"))
    assert km is not None and 30 < km < 40


@pytest.mark.parametrize(
    ("mode", "minutes"), [("walk", 144), ("bike", 45), ("ebike", 36), ("ov", 43.6), ("car", 27.3)]
)
def test_travel_minutes_for_10_km(mode: str, minutes: float) -> None:
    assert geo.travel_minutes(10, mode) == pytest.approx(minutes, abs=0.1)


def test_km_for_minutes_inverts_travel_minutes() -> None:
    for mode in geo.TRAVEL_PROFILES:
        assert geo.travel_minutes(geo.km_for_minutes(40, mode), mode) == pytest.approx(40)
    assert geo.km_for_minutes(5, "ov") == 0.0


def test_a_two_digit_region_is_named_after_its_main_place() -> None:
    table = geo.PostcodeTable(
        [
            geo.Place("3511", 52.09, 5.12, "Utrecht", ""),
            geo.Place("3512", 52.09, 5.12, "Utrecht", ""),
            geo.Place("3531", 52.09, 5.08, "Maarssen", ""),
        ]
    )
    assert table.region_place("35xx") == "Utrecht" == table.region_place("3562 AB")
    assert table.region_place("99") is None
    assert geo.load_postcodes().region_place("35") == "Utrecht"  # the shipped table


def test_reachable_km_takes_the_tighter_limit() -> None:
    assert geo.reachable_km(None, None, "bike") is None
    assert geo.reachable_km(10, None, "bike") == 10
    assert geo.reachable_km(50, 45, "bike") == pytest.approx(10)
    assert geo.reachable_km(5, 45, "bike") == 5
