"""Import records: one dict (JSON line, API body, CSV row) → Vacancy or Candidate.

Headers are mapped to the documented fields (`matcher.import_fields`), each value is
read by its field's kind (`matcher.field_values`), and the record-level rules (an hour
range, ids) are applied here. `read_record` names every problem of a row, so a
validation report can list them all.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from matcher.field_values import parse_field
from matcher.import_fields import RecordError, fields_for, normalise_row
from matcher.models import Candidate, Location, Vacancy


def read_fields(row: Mapping[str, Any], record: str) -> dict[str, Any]:
    """Canonical name → parsed value for one row; raises RecordError on the first problem."""
    parsed, problems = read_record(row, record)
    if problems:
        raise problems[0]
    return parsed


def read_record(row: Mapping[str, Any], record: str) -> tuple[dict[str, Any], list[RecordError]]:
    """Every field of one row parsed, and every problem (a report lists them all)."""
    values = normalise_row(row, record)
    problems = [
        RecordError(spec.name, "ontbreekt")
        for spec in fields_for(record)
        if spec.required and spec.name not in values
    ]
    parsed: dict[str, Any] = {}
    for name, raw in values.items():
        try:
            parsed[name] = parse_field(name, raw)
        except ValueError as exc:
            problems.append(RecordError(name, str(exc)))
    try:
        hours_range(parsed)
    except RecordError as exc:
        problems.append(exc)
    return parsed, problems


# --- ids ------------------------------------------------------------------


class IdMap:
    """Original (string) ids ↔ internal int ids, numbered 1, 2, … in order of first use."""

    def __init__(self) -> None:
        self._ints: dict[str, int] = {}
        self._refs: list[str] = []

    def to_int(self, ref: str | int) -> int:
        key = str(ref)
        if key not in self._ints:
            self._refs.append(key)
            self._ints[key] = len(self._refs)
        return self._ints[key]

    def to_ref(self, internal: int) -> str:
        return self._refs[internal - 1]

    def __len__(self) -> int:
        return len(self._refs)


def _internal_id(ref: str, ids: IdMap | None) -> int:
    if ids is not None:
        return ids.to_int(ref)
    try:
        return int(ref)
    except ValueError:
        raise RecordError("id", f"'{ref}' is geen getal") from None


def _location(values: dict[str, Any]) -> Location:
    return Location(
        postcode=values.pop("postcode", None),
        city=values.pop("city", None),
        lat=values.pop("lat", None),
        lon=values.pop("lon", None),
    )


def hours_range(values: dict[str, Any]) -> None:
    """Turn the parsed hour fields into `hours_min`/`hours_max` numbers, in place.

    'hours_per_week' is a range; explicit hours_min/hours_max take precedence. Idempotent,
    so `read_record` can check the rule and the caller apply it again."""
    lo, hi = values.pop("hours_per_week", (None, None))
    if isinstance(values.get("hours_min"), tuple):
        lo = values["hours_min"][0]
    if isinstance(values.get("hours_max"), tuple):
        hi = values["hours_max"][1]
    values["hours_min"] = values.get("hours_min") if lo is None else lo
    values["hours_max"] = values.get("hours_max") if hi is None else hi
    lo, hi = values["hours_min"], values["hours_max"]
    if lo is not None and hi is not None and lo > hi:
        raise RecordError("hours_min", "is meer dan het maximum aantal uren")


def parse_vacancy(row: Mapping[str, Any], *, ids: IdMap | None = None) -> Vacancy:
    """A Vacancy from one import record; the original id is kept as external_ref."""
    values = read_fields(row, "vacancy")
    ref = values.pop("id")
    values["location"] = _location(values)
    return Vacancy(id=_internal_id(ref, ids), external_ref=ref, **values)


def parse_candidate(row: Mapping[str, Any], *, ids: IdMap | None = None) -> Candidate:
    """A Candidate from one import record (string ids need an IdMap)."""
    values = read_fields(row, "candidate")
    ref = values.pop("id")
    values["location"] = _location(values)
    return Candidate(id=_internal_id(ref, ids), **values)
