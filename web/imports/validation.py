"""One raw row (CSV/XLSX cells, a JSON-LD posting, an API body) → the values a vacancy
is stored with, or a `RowProblem` naming row, column and a Dutch reason.

The field parsing itself is `matcher.records.read_fields` (the documented import fields);
this module adds what only storage knows: the external reference is the key, hours
become a min/max pair, text has a length limit, and a reference may occur once per file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from matcher.records import RecordError, normalise_row, read_fields
from web.imports.errors import RowProblem
from web.imports.jsonld import NOT_A_POSTING
from web.imports.parsing import EXTRA_CELLS
from web.repositories.vacancies import CONTENT_FIELDS

MAX_REF_LENGTH = 200
MAX_TEXT_LENGTH = {"title": 300, "description": 20_000, "training": 2_000}
MAX_LIST_ITEMS = 100


@dataclass(frozen=True)
class ValidRow:
    row: int
    external_ref: str
    values: dict[str, Any]


Outcome = ValidRow | RowProblem


def validate_row(
    number: int, raw: Mapping[str, Any], *, columns: Mapping[str, str] | None = None
) -> Outcome:
    """Validate one row; `columns` maps field names to the file's own header for reports."""
    columns = columns or {}
    if NOT_A_POSTING in raw:
        return RowProblem(number, "@type", f"Dit item {raw[NOT_A_POSTING]}.")
    if raw.get(EXTRA_CELLS):
        return RowProblem(number, "", "De rij heeft meer cellen dan de kop kolommen heeft.")
    cells = {str(k): _cell(v) for k, v in raw.items() if k != EXTRA_CELLS}
    try:
        values = read_fields(cells, "vacancy")
        ref = values.pop("id")
        values.pop("organisation", None)
        _hours(values)
        _limits(ref, values)
    except RecordError as exc:
        column = columns.get(exc.field, exc.label)
        ref = str(normalise_row(cells, "vacancy").get("id") or "").strip()
        return RowProblem(number, column, exc.message, ref[:MAX_REF_LENGTH])
    return ValidRow(
        number, _clean(ref), {k: _clean(v) for k, v in values.items() if k in CONTENT_FIELDS}
    )


def _cell(value: Any) -> Any:
    # Spreadsheet integers arrive as floats (40.0); ids like 1001 must not become '1001.0'.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _hours(values: dict[str, Any]) -> None:
    # 'hours_per_week' is a range; explicit minimum/maximum columns take precedence.
    lo, hi = values.pop("hours_per_week", (None, None))
    if "hours_min" in values:
        lo = values["hours_min"][0]
    if "hours_max" in values:
        hi = values["hours_max"][1]
    if lo is not None and hi is not None and lo > hi:
        raise RecordError("hours_min", "is meer dan het maximum aantal uren")
    values["hours_min"], values["hours_max"] = lo, hi


# Integer columns: a value outside these would fail in the database, not here.
INTEGER_RANGES = {"permanent_after_months": (0, 120), "min_age": (0, 99)}
COORDINATE_RANGES = {"lat": (-90.0, 90.0), "lon": (-180.0, 180.0)}


def _clean(value: Any) -> Any:
    # PostgreSQL text cannot hold NUL; JSON and XLSX can.
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def _limits(ref: str, values: dict[str, Any]) -> None:
    for name, (lo, hi) in {**INTEGER_RANGES, **COORDINATE_RANGES}.items():
        if name in values and not lo <= values[name] <= hi:
            raise RecordError(name, f"moet tussen {lo:g} en {hi:g} liggen")
    if not ref:
        raise RecordError("id", "ontbreekt")
    if len(ref) > MAX_REF_LENGTH:
        raise RecordError("id", f"is langer dan {MAX_REF_LENGTH} tekens")
    for name, limit in MAX_TEXT_LENGTH.items():
        if len(values.get(name) or "") > limit:
            raise RecordError(name, f"is langer dan {limit} tekens")
    for name, value in values.items():
        if isinstance(value, list) and len(value) > MAX_LIST_ITEMS:
            raise RecordError(name, f"heeft meer dan {MAX_LIST_ITEMS} onderdelen")


class Validator:
    """Validates the rows of one file in order; a reference may occur only once."""

    def __init__(self, columns: Mapping[str, str] | None = None) -> None:
        self.columns = dict(columns or {})
        self.first_row: dict[str, int] = {}
        self.valid_rows = 0

    def validate(self, rows: list[tuple[int, dict[str, Any]]]) -> list[Outcome]:
        return [self._one(number, raw) for number, raw in rows]

    def _one(self, number: int, raw: dict[str, Any]) -> Outcome:
        outcome = validate_row(number, raw, columns=self.columns)
        ref = outcome.external_ref
        if ref and ref in self.first_row:
            column = self.columns.get("id", "id")
            first = self.first_row[ref]
            return RowProblem(number, column, f"'{ref}' staat al in rij {first}", ref)
        if ref:
            self.first_row[ref] = number
        self.valid_rows += isinstance(outcome, ValidRow)
        return outcome

    @property
    def refs(self) -> set[str]:
        """Every reference seen so far, also of rejected rows (full feed keeps those open)."""
        return set(self.first_row)
