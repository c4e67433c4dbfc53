"""FastAPI's validation errors in Dutch: the same shape (`loc`, `type`, `ctx` stay for
programs), with `msg` saying in Dutch what is wrong with which field."""

from __future__ import annotations

from typing import Any

MESSAGES = {
    "missing": "ontbreekt",
    "json_invalid": "is geen geldige JSON",
    "json_type": "moet JSON zijn",
    "model_attributes_type": "moet een object zijn",
    "dict_type": "moet een object zijn",
    "list_type": "moet een lijst zijn",
    "string_type": "moet tekst zijn",
    "int_type": "moet een heel getal zijn",
    "int_parsing": "is geen heel getal",
    "int_from_float": "is geen heel getal",
    "float_parsing": "is geen getal",
    "bool_type": "moet true of false zijn",
    "bool_parsing": "moet true of false zijn",
    "string_too_long": "mag hoogstens {max_length} tekens hebben",
    "string_too_short": "moet minstens {min_length} tekens hebben",
    "too_long": "mag hoogstens {max_length} onderdelen hebben",
    "string_pattern_mismatch": "heeft niet de juiste vorm",
    "less_than_equal": "mag hoogstens {le} zijn",
    "greater_than_equal": "moet minstens {ge} zijn",
    "less_than": "moet kleiner zijn dan {lt}",
    "greater_than": "moet groter zijn dan {gt}",
    "literal_error": "kies uit {expected}",
    "enum": "kies uit {expected}",
    "extra_forbidden": "is geen bekend veld",
    "date_from_datetime_parsing": "is geen datum (2026-03-01)",
    "date_parsing": "is geen datum (2026-03-01)",
}
PLACES = {"body": "inhoud", "query": "parameter", "path": "adres", "header": "kop"}


def in_dutch(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**error, "msg": message(error)} for error in errors]


def message(error: dict[str, Any]) -> str:
    """'<field>: <reason>' for one validation error, e.g. "proposal_id: mag hoogstens …"."""
    reason = MESSAGES.get(str(error.get("type")), "is niet geldig")
    try:
        reason = reason.format(**(error.get("ctx") or {}))
    except (KeyError, IndexError, ValueError):
        reason = "is niet geldig"
    return f"{field(error.get('loc') or [])}: {reason}"


def field(loc: list[Any]) -> str:
    """The field a location names ('vacancies.3.title'), else the place ('inhoud')."""
    place, rest = (str(loc[0]), list(loc[1:])) if loc else ("", [])
    if place not in PLACES:
        place, rest = "", list(loc)
    if not any(isinstance(part, str) for part in rest):
        return PLACES.get(place, "verzoek")
    return ".".join(map(str, rest))
