"""The JSON Schema of a vacancy body, built from the import field table.

A vacancy body is read by the same code as an uploaded row (`matcher.records`), so its
schema is not a second copy of the rules but a rendering of `fields_for("vacancy")`:
each field under its name, its Dutch label and its aliases, typed by its kind with the
ranges the parser enforces, and the CSV spellings it reads ("14,50", "ja", "32-40")
where a pattern can say them without promising more than the parser keeps.

Left out on purpose: `hours_min`/`hours_max` (a pair the schema cannot relate: the
minimum may not exceed the maximum; `hours_per_week` carries both as "32-40").
"""

from __future__ import annotations

import math
from functools import cache
from typing import Any

from matcher import field_values
from matcher.field_values import LOWEST_LEGAL_WAGE, MAX_HOURLY_WAGE, MAX_HOURS_PER_WEEK, RANGES
from matcher.import_fields import FieldSpec, fields_for, header_key
from matcher.models import LANGUAGE_LEVELS
from web.vacancies.imports.validation import MAX_LIST_ITEMS, MAX_REF_LENGTH, MAX_TEXT_LENGTH

# '', whitespace and a lone '-' mean "not given" (an empty CSV cell): a required field
# needs a character that is neither space nor dash, or two characters that are not space.
NOT_BLANK = r"[^\s-]|\S[\s\S]*\S"
BLANK = r"^\s*-?\s*$"
MAX_JSON_ID = 2**63 - 1
UNRELATED_PAIR = ("hours_min", "hours_max")
# "32", "32-40", "24 tot 32": whole hours within 0–60.
_HOUR = r"(60|[1-5]?[0-9])"
HOURS_TEXT = rf"^ *{_HOUR}( *(-|tot) *{_HOUR})? *$"
# "14,90", "€ 15": euros between 10 and 99,99 in Dutch spelling (a part of what is read).
WAGE_TEXT = r"^ *(€ *)?[1-9][0-9](,[0-9]{1,2})? *$"
# Single spellings the parser reads (its tables; it also ignores case and accents).
BOOLEAN_WORDS = sorted(field_values.YES_WORDS | field_values.NO_WORDS)
LICENCE_WORDS = [
    *("AM", "A1", "A2", "A", "B", "BE", "C1", "C1E", "C", "CE", "D1", "D1E", "D", "DE", "T"),
    *BOOLEAN_WORDS,  # 'ja' = B, 'nee' = none needed
]
CHOICES = {
    "contract": sorted(field_values.CONTRACT_SPELLINGS),
    "status": sorted(field_values.STATUS_SPELLINGS),
    "language": [*LANGUAGE_LEVELS, *sorted(field_values.LANGUAGE_SPELLINGS)],
    "licence": LICENCE_WORDS,
}
SHIFT_WORDS = sorted(field_values.SHIFT_SPELLINGS)
SCALAR = {"type": ["string", "number", "boolean"]}  # a list item or a text: str() of it


def _range(name: str) -> tuple[float, float] | None:
    low, high = RANGES.get(name, (None, None))
    return None if low is None or high is None else (low, high)


def number_schema(spec: FieldSpec) -> dict[str, Any]:
    """A number in its range, or a Dutch spelling of one ('4,5') inside that range."""
    bounds = _range(spec.name)
    number: dict[str, Any] = {"type": spec.kind}
    if bounds is None:
        return number
    low, high = bounds
    number.update(minimum=low, maximum=high)
    # d digits before the comma stay within the range: 10**d - 1 for whole numbers,
    # below 10**d with decimals. Only the comma as decimal sign: '1.500' is 1500.
    integer = spec.kind == "integer"
    digits = int(math.log10(min(-low if low < 0 else high, high) + integer))
    text = rf"^ *{'-?' if low < 0 else ''}[0-9]{{1,{digits}}}{'' if integer else '(,[0-9]+)?'} *$"
    return {"anyOf": [number, {"type": "string", "pattern": text}]}


def _value_schema(spec: FieldSpec) -> dict[str, Any]:
    """What the parser surely accepts for a field of this kind."""
    kind = spec.kind
    if kind == "id":
        text = {"type": "string", "maxLength": MAX_REF_LENGTH, "pattern": NOT_BLANK}
        return {"anyOf": [text, {"type": "integer", "minimum": 0, "maximum": MAX_JSON_ID}]}
    if kind == "text":
        string: dict[str, Any] = {"type": "string"}
        if spec.name in MAX_TEXT_LENGTH:
            string["maxLength"] = MAX_TEXT_LENGTH[spec.name]
        if spec.required:
            string["pattern"] = NOT_BLANK
        # A number or a boolean is read as its text: bounded, so it stays a short one.
        scalar = {"type": ["number", "boolean"], "minimum": -1e15, "maximum": 1e15}
        return {"anyOf": [string, scalar]}
    if kind == "list":
        # Split on ';', ',', '|': 200 characters hold at most 100 items.
        joined = {"type": "string", "maxLength": 2 * MAX_LIST_ITEMS}
        items = {"type": "array", "items": SCALAR, "maxItems": MAX_LIST_ITEMS}
        return {"anyOf": [items, joined]}
    if kind in ("number", "integer"):
        return number_schema(spec)
    if kind == "hours":
        number = {"type": "number", "minimum": 0, "maximum": MAX_HOURS_PER_WEEK}
        return {"anyOf": [number, {"type": "string", "pattern": HOURS_TEXT}]}
    if kind == "wage":
        number = {"type": "number", "minimum": LOWEST_LEGAL_WAGE, "maximum": MAX_HOURLY_WAGE}
        return {"anyOf": [number, {"type": "string", "pattern": WAGE_TEXT}]}
    if kind == "boolean":
        return {"anyOf": [{"type": "boolean"}, {"enum": [0, 1, *BOOLEAN_WORDS]}]}
    if kind == "date":
        return {"type": "string", "format": "date"}
    if kind == "shifts":
        return {"type": "array", "items": {"enum": SHIFT_WORDS}}
    if kind in CHOICES:
        return {"enum": CHOICES[kind]}
    raise ValueError(f"no JSON Schema for field kind {kind!r}")


def _field_schema(spec: FieldSpec) -> dict[str, Any]:
    described = {"description": f"{spec.label_nl}, bv. {spec.example!r}"}
    # Any field may be left empty (null, '' or '-' mean not given); a required one must
    # then be given under another of its names (see `vacancy_body_schema`).
    absent = [{"type": "null"}, {"type": "string", "pattern": BLANK}]
    return {"anyOf": [_value_schema(spec), *absent], **described}


def _names(spec: FieldSpec) -> list[str]:
    return list(dict.fromkeys([spec.name, *(header_key(h) for h in spec.headers)]))


@cache
def vacancy_body_schema(*, with_id: bool = True) -> dict[str, Any]:
    """The vacancy object of POST /vacancies and of /vacancies/bulk; without the id (PUT
    takes it from the path and ignores one in the body)."""
    properties: dict[str, Any] = {}
    required: list[dict[str, Any]] = []
    for spec in fields_for("vacancy"):
        if spec.name in UNRELATED_PAIR or (spec.kind == "id" and not with_id):
            continue
        names = _names(spec)
        for name in names:
            properties.setdefault(name, _field_schema(spec))
        if spec.required:
            value = _value_schema(spec)
            given = [{"required": [n], "properties": {n: value}} for n in names]
            required.append({"anyOf": given})
    return {
        "title": "Vacancy" if with_id else "VacancyWithoutId",
        "description": (
            "Een vacature: dezelfde velden als de kolommen van een upload, onder hun "
            "Engelse naam, hun Nederlandse kop of een alias (hoofdletters, accenten en "
            "spaties tellen niet). Onbekende velden worden gemeld als waarschuwing."
        ),
        "type": "object",
        "properties": properties,
        "allOf": required,
    }
