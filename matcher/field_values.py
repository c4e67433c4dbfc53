"""Import values in the spellings agencies use: "14,50" and "€ 1.500" euros, "32-40"
hours, "ja"/"nee", "01-03-2026", "avond", "rijbewijs C".

Each parser takes one raw value (text from a file, or a JSON value) and returns the
typed value or raises ValueError with a Dutch reason; `parse_field` picks the parser by
the field's documented kind (`matcher.import_fields`) and checks the field's range.
Choices and yes/no are compared after `fold` (matcher.folding), so case, accents and
punctuation around a word do not matter.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from matcher.folding import fold
from matcher.import_fields import field_spec
from matcher.models import CONTRACT_TYPES, LANGUAGE_LEVELS, SHIFTS, TRAVEL_MODES, VACANCY_STATUSES
from matcher.perspective import MINIMUM_HOURLY_WAGE_2026

MAX_HOURS_PER_WEEK = 60.0  # the Arbeidstijdenwet's weekly maximum
MAX_HOURLY_WAGE = 100.0  # above this it is almost surely a monthly salary
# The lowest legal hourly wage for any age (a 15-year-old's). Below it a wage is a typo
# or illegal, never a job offer.
LOWEST_LEGAL_WAGE = min(MINIMUM_HOURLY_WAGE_2026.values())
MONTHLY_HOURS = 173.33  # 40 hours a week × 52 / 12: how a monthly amount is recognised

_THOUSANDS = re.compile(r"-?\d{1,3}(\.\d{3})+")  # Dutch "1.500": a thousands dot


def parse_number(raw: Any) -> float:
    """'14,50', '€ 14.50', '1.500' (thousands), 40 → a finite float; NaN and infinity
    are refused, whatever their spelling."""
    if isinstance(raw, bool):
        raise ValueError(f"'{raw}' is geen getal")
    if isinstance(raw, int | float):
        try:
            return _finite(float(raw), raw)
        except OverflowError:  # a JSON integer beyond a double's range
            raise ValueError("is geen getal (veel te groot)") from None
    text = re.sub(r"(?i)€|eur(o)?|\s", "", str(raw))
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif _THOUSANDS.fullmatch(text):
        text = text.replace(".", "")
    try:
        return _finite(float(text), raw)
    except (ValueError, OverflowError):
        raise ValueError(f"'{raw}' is geen getal") from None


def _finite(value: float, raw: Any) -> float:
    if not math.isfinite(value):
        raise ValueError(f"'{raw}' is geen getal")
    return value


def parse_integer(raw: Any) -> int:
    value = parse_number(raw)
    if value != int(value):
        raise ValueError(f"'{raw}' is geen heel getal")
    return int(value)


def parse_hours(raw: Any) -> tuple[float, float]:
    """'32-40', '32 tot 40', '40' → (min, max) hours per week."""
    parts = re.split(r"\s*(?:-|–|tot|to)\s*", str(raw).strip()) if isinstance(raw, str) else [raw]
    if "" in parts or len(parts) > 2:  # '-3', '32-', '1-2-3'
        raise ValueError(f"'{raw}' is geen aantal uren of bereik (bv. 32 of 32-40)")
    values = [parse_number(p) for p in parts]
    if any(v < 0 or v > MAX_HOURS_PER_WEEK for v in values):
        raise ValueError(f"'{raw}' ligt niet tussen 0 en {MAX_HOURS_PER_WEEK:g} uur")
    return min(values), max(values)


def parse_wage(raw: Any) -> float:
    """A gross hourly wage in euros, between the lowest legal wage and MAX_HOURLY_WAGE.

    A monthly amount is recognised and refused with the hourly wage it would be at
    full time, so the agency can correct it rather than guess what went wrong."""
    value = parse_number(raw)
    if value <= 0:
        raise ValueError(f"'{raw}' is geen uurloon: het moet meer dan € 0 zijn")
    if value > MAX_HOURLY_WAGE:
        hourly = value / MONTHLY_HOURS
        if LOWEST_LEGAL_WAGE <= hourly <= MAX_HOURLY_WAGE:
            raise ValueError(
                f"'{raw}' lijkt een maandloon (bij 40 uur ≈ € {_euros(hourly)} per uur); "
                "geef het bruto uurloon (bv. 14,50)"
            )
        raise ValueError(f"'{raw}' is geen uurloon: het mag hoogstens € {MAX_HOURLY_WAGE:g} zijn")
    if value < LOWEST_LEGAL_WAGE:
        raise ValueError(
            f"'{raw}' ligt onder het wettelijk minimumloon voor elke leeftijd "
            f"(€ {_euros(LOWEST_LEGAL_WAGE)} per uur)"
        )
    return value


def _euros(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


# The spellings of yes and no, folded (matcher.folding).
YES_WORDS = frozenset({"ja", "j", "yes", "y", "true", "waar", "1", "x", "wel"})
NO_WORDS = frozenset({"nee", "n", "no", "false", "onwaar", "0", "niet"})


def _yes_or_no(raw: Any) -> bool | None:
    """True for a spelling of yes, False for no, None for anything else."""
    key = fold(str(raw))
    return True if key in YES_WORDS else False if key in NO_WORDS else None


def parse_bool(raw: Any) -> bool:
    """true/false, or a spelling of yes/no ("ja", "Nee", "X", "1")."""
    if isinstance(raw, bool):
        return raw
    answer = _yes_or_no(raw)
    if answer is None:
        raise ValueError(f"'{raw}' is geen ja/nee")
    return answer


def parse_date(raw: Any) -> date:
    """'2026-03-01', '01-03-2026', '1/3/2026', '01.03.2026' → date."""
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = str(raw).strip()
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.strptime(text[:19], fmt).date()
        except ValueError:
            continue
    raise ValueError(f"'{raw}' is geen datum (gebruik 2026-03-01 of 01-03-2026)")


def parse_list(raw: Any) -> list[str]:
    """A JSON list, or text split on ';', '|', ',' or new lines."""
    items = raw if isinstance(raw, list | tuple) else re.split(r"[;|,\n]", str(raw))
    return [str(x).strip() for x in items if str(x).strip()]


def parse_reference(raw: Any) -> str:
    """A reference is text or a number (0 included), never a list, object or yes/no."""
    if isinstance(raw, bool | list | tuple | dict):
        raise ValueError("is geen referentie: gebruik tekst of een nummer")
    return str(raw).strip()


def _choice(table: Mapping[str, str], options: str) -> Callable[[Any], str]:
    def parse(raw: Any) -> str:
        key = fold(str(raw))
        if key in table:
            return table[key]
        raise ValueError(f"'{raw}' is onbekend; kies uit {options}")

    return parse


# Spelling (folded) -> the engine's value.
CONTRACT_SPELLINGS = {c: c for c in CONTRACT_TYPES} | {
    "onbepaalde tijd": "vast", "permanent": "vast", "vast contract": "vast",
    "bepaalde tijd": "tijdelijk", "temporary": "tijdelijk", "jaarcontract": "tijdelijk",
    "uitzendwerk": "uitzend", "uitzendcontract": "uitzend", "fase a": "uitzend",
    "temp": "uitzend", "leerwerk": "bbl", "leerwerkbaan": "bbl",
}  # fmt: skip
SHIFT_SPELLINGS = {s: s for s in SHIFTS} | {
    "dag": "day", "dagdienst": "day", "overdag": "day", "avond": "evening",
    "avonddienst": "evening", "nacht": "night", "nachtdienst": "night",
    "weekenden": "weekend", "zaterdag": "weekend", "zondag": "weekend",
}  # fmt: skip
TRAVEL_SPELLINGS = {m: m for m in TRAVEL_MODES} | {
    "lopen": "walk", "te voet": "walk", "fiets": "bike", "e bike": "ebike",
    "elektrische fiets": "ebike", "openbaar vervoer": "ov", "bus": "ov",
    "trein": "ov", "tram": "ov", "auto": "car",
}  # fmt: skip
STATUS_SPELLINGS = {s: s for s in VACANCY_STATUSES} | {
    "gesloten": "closed", "dicht": "closed", "vervuld": "filled", "ingevuld": "filled",
}  # fmt: skip
LANGUAGE_SPELLINGS = {fold(lvl): lvl for lvl in LANGUAGE_LEVELS} | {
    "moedertaal": "C2",
    "native": "C2",
}

parse_contract = _choice(CONTRACT_SPELLINGS, ", ".join(CONTRACT_TYPES))
parse_travel_mode = _choice(TRAVEL_SPELLINGS, "lopen, fiets, e-bike, ov, auto")
parse_status = _choice(STATUS_SPELLINGS, "open, gesloten, vervuld")
parse_language = _choice(LANGUAGE_SPELLINGS, ", ".join(LANGUAGE_LEVELS))
_parse_shift = _choice(SHIFT_SPELLINGS, "dag, avond, nacht, weekend")


def parse_shifts(raw: Any) -> list[str]:
    return list(dict.fromkeys(_parse_shift(s) for s in parse_list(raw)))


def parse_licence(raw: Any) -> str | None:
    """'B', 'rijbewijs C', 'ja' (= B), 'nee' (= not needed)."""
    answer = _yes_or_no(raw)
    if answer is not None:
        return "B" if answer else None
    code = re.sub(r"(?i)rijbewijs|\s|-", "", str(raw)).upper()
    if not re.fullmatch(r"(AM|A1|A2|A|B|BE|C1|C1E|C|CE|D1|D1E|D|DE|T)", code):
        raise ValueError(f"'{raw}' is geen rijbewijscategorie (bv. B of C)")
    return code


def parse_licences(raw: Any) -> list[str]:
    return [c for c in (parse_licence(x) for x in parse_list(raw)) if c]


# A documented field's kind (matcher.import_fields) -> its parser.
PARSER_BY_KIND: dict[str, Callable[[Any], Any]] = {
    "text": lambda raw: " ".join(str(raw).split()),
    "id": parse_reference,
    "list": parse_list,
    "number": parse_number,
    "integer": parse_integer,
    "hours": parse_hours,
    "wage": parse_wage,
    "boolean": parse_bool,
    "date": parse_date,
    "shifts": parse_shifts,
    "contract": parse_contract,
    "travel": parse_travel_mode,
    "status": parse_status,
    "language": parse_language,
    "licence": parse_licence,
    "licences": parse_licences,
}


# Values outside these are refused whatever their source (file, API, CLI, form).
RANGES: dict[str, tuple[float, float]] = {
    "lat": (-90.0, 90.0),
    "lon": (-180.0, 180.0),
    "permanent_after_months": (0, 120),
    "min_age": (0, 99),
    "max_travel_km": (0, 300),
    "max_travel_minutes": (0, 300),
}


def parse_field(name: str, raw: Any) -> Any:
    """One documented field's value: parsed by its kind, then checked against its range."""
    value = PARSER_BY_KIND[field_spec(name).kind](raw)
    low, high = RANGES.get(name, (None, None))
    if low is not None and high is not None and not low <= value <= high:
        raise ValueError(f"moet tussen {low:g} en {high:g} liggen")
    return value
