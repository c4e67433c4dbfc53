"""Reading the candidate profile form: values for the candidates table, coach-only
restrictions for their own table, and a Dutch error per field."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import time
from typing import Any

from matcher import geo
from matcher.field_values import parse_field, parse_list
from matcher.import_fields import RecordError
from matcher.models import LANGUAGE_LEVELS, SHIFTS, TRAVEL_MODES
from matcher.records import hours_range
from web import labels
from web.candidates.skills import read_skills

COMMON_CERTIFICATES = ["VCA", "heftruckcertificaat", "HACCP", "beveiligingsdiploma", "EHBO", "BHV"]
LICENCES = ["B", "AM", "BE", "C"]
STATUSES = ["new", "searching", "proposed", "working", "paused"]
STATUS_LABELS = labels.STATUS_LABELS
SHIFT_LABELS = labels.SHIFT_LABELS
TRAVEL_LABELS = labels.TRAVEL_LABELS
WEEKDAYS = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]


@dataclass
class ProfileForm:
    values: dict[str, Any] = field(default_factory=dict)
    restrictions: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return not self.errors


def _optional(parse: Callable[[str], Any]) -> Callable[[str], Any]:
    return lambda raw: parse(raw) if raw.strip() else None


def _choice(options: list[str] | tuple[str, ...], optional: bool = False) -> Callable[[str], Any]:
    def parse(raw: str) -> str | None:
        if optional and not raw:
            return None
        if raw not in options:
            raise ValueError("kies een waarde uit de lijst")
        return raw

    return parse


TEXT_FIELDS = ("first_name", "last_name", "desired_work", "experience", "interests")


def _field(name: str) -> Callable[[str], Any]:
    """The import field table's parser and range: a form accepts what a file accepts."""
    return _optional(lambda raw: parse_field(name, raw))


PARSERS: dict[str, Callable[[str], Any]] = {
    "birth_date": _field("birth_date"),
    "available_from": _field("available_from"),
    "max_travel_km": _field("max_travel_km"),
    "max_travel_minutes": _field("max_travel_minutes"),
    "hours_min": _field("hours_min"),
    "hours_max": _field("hours_max"),
    "travel_mode": _choice(TRAVEL_MODES),
    "language_level": _choice(LANGUAGE_LEVELS, optional=True),
    "status": _choice(STATUSES),
}


def read_profile(form: Mapping[str, Any], getlist: Callable[[str], list[str]]) -> ProfileForm:
    result = ProfileForm()
    for name in TEXT_FIELDS:
        result.values[name] = " ".join(str(form.get(name, "")).split())[:2000]
        if not _storable(result.values[name]):
            result.errors[name] = "Deze tekst bevat een teken dat niet kan worden opgeslagen."
            result.values[name] = ""
    if not result.values["first_name"]:
        result.errors.setdefault("first_name", "Vul een voornaam in.")
    for name, parse in PARSERS.items():
        try:
            result.values[name] = parse(str(form.get(name, "")).strip())
        except ValueError as exc:
            result.errors[name] = str(exc)
    _read_lists(form, getlist, result)
    _read_place(str(form.get("postcode", "")), result)
    _check_ranges(result)
    _read_restrictions(form, getlist, result)
    return result


def _read_lists(
    form: Mapping[str, Any], getlist: Callable[[str], list[str]], result: ProfileForm
) -> None:
    result.values["skills"] = read_skills(getlist("skills"), str(form.get("skill_entry", "")))
    if not all(_storable(skill) for skill in result.values["skills"]):
        result.errors["skills"] = "Een vaardigheid bevat een teken dat niet kan worden opgeslagen."
        result.values["skills"] = [s for s in result.values["skills"] if _storable(s)]
    extra = parse_list(form.get("other_certificates", ""))
    result.values["certificates"] = list(dict.fromkeys([*getlist("certificates"), *extra]))
    result.values["driving_licences"] = [x for x in getlist("driving_licences") if x in LICENCES]
    result.values["shifts"] = [s for s in getlist("shifts") if s in SHIFTS]
    if not result.values["shifts"]:
        result.errors["shifts"] = "Kies minstens één soort dienst."


def _read_place(raw: str, result: ProfileForm) -> None:
    raw = raw.strip()
    result.values.update(postcode=None, lat=None, lon=None)
    if not raw:
        return
    pc4 = geo.normalise_postcode(raw)
    if pc4 is None:
        result.errors["postcode"] = f"'{raw}' is geen Nederlandse postcode (bv. 3562 AB)."
        return
    result.values["postcode"] = raw.upper().replace(" ", "")[:6]
    found = geo.load_postcodes().coordinates(raw)
    if found is None:
        result.errors["postcode"] = f"Postcode {pc4} staat niet in de postcodetabel."
        return
    result.values["lat"], result.values["lon"] = found


def _check_ranges(result: ProfileForm) -> None:
    """Hours as an import reads them (one rule): a minimum and a maximum in range."""
    for name in ("hours_min", "hours_max"):
        if name in result.errors:
            result.values[name] = None
    try:
        hours_range(result.values)
    except RecordError:
        result.errors["hours_max"] = "Het maximum aantal uren is kleiner dan het minimum."


def _read_restrictions(
    form: Mapping[str, Any], getlist: Callable[[str], list[str]], result: ProfileForm
) -> None:
    start, end = str(form.get("curfew_start", "")).strip(), str(form.get("curfew_end", "")).strip()
    try:
        result.restrictions["curfew_start"] = _time(start)
        result.restrictions["curfew_end"] = _time(end)
    except ValueError:
        result.errors["curfew"] = "Gebruik tijden als 22:00."
    if bool(start) != bool(end):
        result.errors["curfew"] = "Vul begin én eind van de avondklok in."
    raw_days = getlist("reporting_weekdays")
    days = [int(d) for d in raw_days if d in _WEEKDAY_CODES]
    if len(days) != len(raw_days):
        result.errors["reporting_weekdays"] = "Kies de meldplicht-dagen uit de lijst."
    result.restrictions["reporting_weekdays"] = tuple(sorted(set(days)))
    result.restrictions["vog_risk"] = form.get("vog_risk") == "on"


def _storable(text: str) -> bool:
    """No NUL (PostgreSQL text refuses it), no lone surrogate (not UTF-8) and no U+FFFD
    (what a form body that was not UTF-8 is decoded into: the text is not what was meant)."""
    if "\x00" in text or "\ufffd" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


_WEEKDAY_CODES = {str(day) for day in range(7)}  # 0 = Monday, as the form sends them
_CLOCK = re.compile(r"([01]?[0-9]|2[0-3])(?::([0-5][0-9]))?")


def _time(raw: str) -> time | None:
    """'22:00', '6' → a time; anything else (also '99999999999999999999') ValueError."""
    if not raw:
        return None
    found = _CLOCK.fullmatch(raw)
    if found is None:
        raise ValueError(f"'{raw}' is geen tijd")
    return time(int(found.group(1)), int(found.group(2) or 0))


def form_values(candidate: Any | None) -> dict[str, Any]:
    """Values to fill the form with from a stored candidate (or defaults for a new one)."""
    if candidate is None:
        return {"travel_mode": "bike", "shifts": ["day"], "status": "new"}
    return {
        name: getattr(candidate, name)
        for name in (
            *TEXT_FIELDS,
            *PARSERS,
            "skills",
            "certificates",
            "driving_licences",
            "shifts",
            "postcode",
        )
    }
