"""Where people and jobs are, and how long it takes to get there.

Travel limits are a hard constraint, so the engine needs coordinates for every
postcode it sees without calling any online geocoder. A postcode-centroid table
(CSV `postcode4,lat,lon,place,area`) answers that; the shipped table
`data/postcodes_utrecht.csv` covers every PC4 area of the city of Utrecht (with
neighbourhood names), the surrounding towns and approximate centres of the big Dutch
cities. A deployment for the whole country points `load_postcodes()` at a full PC4
table with the same columns.

Travel time is estimated, not routed: straight-line km times a detour factor, divided
by a typical door-to-door speed, plus a fixed overhead (walking to the stop, parking).
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from matcher.folding import fold
from matcher.models import Location
from matcher.spatial import haversine_km

DEFAULT_POSTCODES = Path(__file__).parent / "data" / "postcodes_utrecht.csv"


@dataclass(frozen=True, slots=True)
class TravelProfile:
    """How fast a travel mode is: km/h on the road, detour factor, fixed minutes."""

    speed_kmh: float  # average speed along the route
    detour: float  # route length / straight-line length
    overhead_minutes: float  # walking to the stop, waiting, parking


# Speeds are deliberately conservative urban averages (rules of thumb as used by
# Fietsberaad/CROW): walking 5 km/h, bike 16 km/h, e-bike 20 km/h, public transport
# ~25 km/h between stops plus 10 min to walk and wait, car 35 km/h in and around town
# plus 5 min to park. Detour (route km / straight-line km): 1.2 on foot and by bike
# (the Dutch cycling network is dense), 1.3 by car, 1.4 by public transport.
# Example: 10 km straight line = 45 min by bike, 36 by e-bike, 44 by ov, 27 by car.
TRAVEL_PROFILES: dict[str, TravelProfile] = {
    "walk": TravelProfile(5.0, 1.2, 0.0),
    "bike": TravelProfile(16.0, 1.2, 0.0),
    "ebike": TravelProfile(20.0, 1.2, 0.0),
    "ov": TravelProfile(25.0, 1.4, 10.0),
    "car": TravelProfile(35.0, 1.3, 5.0),
}

# Dutch words for the modes, used in reasons ("30 min fietsen").
MODE_VERB_NL = {
    "walk": "lopen",
    "bike": "fietsen",
    "ebike": "op de e-bike",
    "ov": "met het ov",
    "car": "met de auto",
}


def travel_minutes(km: float, mode: str) -> float:
    """Door-to-door minutes for a straight-line distance in km by travel mode."""
    profile = TRAVEL_PROFILES.get(mode, TRAVEL_PROFILES["bike"])
    return profile.overhead_minutes + km * profile.detour / profile.speed_kmh * 60.0


def km_for_minutes(minutes: float, mode: str) -> float:
    """Straight-line km reachable in `minutes` by travel mode (inverse of travel_minutes)."""
    profile = TRAVEL_PROFILES.get(mode, TRAVEL_PROFILES["bike"])
    usable = max(0.0, minutes - profile.overhead_minutes)
    return usable / 60.0 * profile.speed_kmh / profile.detour


def reachable_km(max_km: float | None, max_minutes: float | None, mode: str) -> float | None:
    """The tighter of a km limit and a time limit, as straight-line km; None = no limit."""
    limits = [] if max_km is None else [max_km]
    if max_minutes is not None:
        limits.append(km_for_minutes(max_minutes, mode))
    return min(limits) if limits else None


@dataclass(frozen=True, slots=True)
class Place:
    """One row of the postcode table."""

    postcode4: str
    lat: float
    lon: float
    place: str
    area: str


class PostcodeTable:
    """PC4 → centroid lookups, with a fallback to the mean of the PC3 group."""

    def __init__(self, places: list[Place]) -> None:
        self._by_pc4 = {p.postcode4: p for p in places}
        self._by_pc3 = _means(places, key=lambda p: p.postcode4[:3])
        self._pc2_place = _most_common_place(places, key=lambda p: p.postcode4[:2])
        self._by_place = _means(places, key=lambda p: fold(p.place))

    @classmethod
    def from_csv(cls, path: Path | str) -> PostcodeTable:
        with open(path, newline="", encoding="utf-8-sig") as f:
            rows = list(csv.DictReader(f))
        places = [
            Place(
                postcode4=r["postcode4"].strip(),
                lat=float(r["lat"]),
                lon=float(r["lon"]),
                place=(r.get("place") or "").strip(),
                area=(r.get("area") or "").strip(),
            )
            for r in rows
        ]
        return cls(places)

    def __len__(self) -> int:
        return len(self._by_pc4)

    def place(self, postcode: str) -> Place | None:
        """The table row for a postcode ('3581 AB', '3581ab', '3581'), exact PC4 only."""
        pc4 = normalise_postcode(postcode)
        return self._by_pc4.get(pc4) if pc4 else None

    def coordinates(self, postcode: str) -> tuple[float, float] | None:
        """(lat, lon) of a postcode; falls back to the mean of its PC3 group."""
        pc4 = normalise_postcode(postcode)
        if pc4 is None:
            return None
        if pc4 in self._by_pc4:
            p = self._by_pc4[pc4]
            return (p.lat, p.lon)
        return self._by_pc3.get(pc4[:3])

    def city_coordinates(self, city: str) -> tuple[float, float] | None:
        """(lat, lon) of a place name ('Utrecht', 'nieuwegein'), mean of its postcodes."""
        return self._by_place.get(fold(city))

    def region_place(self, region: str) -> str | None:
        """The place most postcodes of a two-digit region ('35', '35xx', '3562 AB') lie
        in: 'Utrecht'. None when the table has no postcode there."""
        return self._pc2_place.get(region.strip()[:2])


def normalise_postcode(postcode: str) -> str | None:
    """The 4 digits of a Dutch postcode, or None when it is not one."""
    match = re.match(r"^\s*([1-9]\d{3})\s*(?:[A-Za-z]{2})?\s*$", postcode or "")
    return match.group(1) if match else None


_postcode_path: Path = DEFAULT_POSTCODES


def use_postcode_table(path: Path | str | None) -> PostcodeTable:
    """Point every default look-up at this table (a deployment's own PC4 table; None:
    the shipped one). Read now, so a missing or broken file stops the start."""
    global _postcode_path
    _postcode_path = Path(path) if path else DEFAULT_POSTCODES
    return load_postcodes()


def load_postcodes(path: Path | str | None = None) -> PostcodeTable:
    """The postcode-centroid table `postcode4,lat,lon,place,area` (read once per path)."""
    return _read_postcodes(Path(path) if path else _postcode_path)


@lru_cache(maxsize=8)
def _read_postcodes(path: Path) -> PostcodeTable:
    return PostcodeTable.from_csv(path)


def resolve(location: Location, table: PostcodeTable | None = None) -> tuple[float, float] | None:
    """(lat, lon) of a Location: its own coordinates, else postcode, else city name."""
    if location.lat is not None and location.lon is not None:
        return (location.lat, location.lon)
    table = table or load_postcodes()
    if location.postcode:
        found = table.coordinates(location.postcode)
        if found:
            return found
    if location.city:
        return table.city_coordinates(location.city)
    return None


def distance_km(a: Location, b: Location, table: PostcodeTable | None = None) -> float | None:
    """Straight-line km between two Locations, or None when either cannot be placed."""
    pa, pb = resolve(a, table), resolve(b, table)
    if pa is None or pb is None:
        return None
    return haversine_km(pa[0], pa[1], pb[0], pb[1])


def _most_common_place(places: list[Place], key) -> dict[str, str]:
    counts: dict[str, Counter[str]] = {}
    for p in places:
        if p.place:
            counts.setdefault(key(p), Counter())[p.place] += 1
    return {k: c.most_common(1)[0][0] for k, c in counts.items()}


def _means(places: list[Place], key) -> dict[str, tuple[float, float]]:
    groups: dict[str, list[Place]] = {}
    for p in places:
        groups.setdefault(key(p), []).append(p)
    return {
        k: (sum(p.lat for p in g) / len(g), sum(p.lon for p in g) / len(g))
        for k, g in groups.items()
    }
