"""One raw row (CSV/XLSX cells, a JSON-LD posting, an API body) → the values a vacancy
is stored with and the warnings worth fixing, or every problem that refuses it.

The field parsing itself is `matcher.records.read_record` (the documented import fields:
one table, parsed once into finite, ranged, typed values); this module adds what only
storage knows: the external reference is the key, text has a length limit, a reference
may occur once per file, and what is accepted but worth a word (an unknown postcode, an
empty description, a field nobody reads) becomes a warning instead of silence.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from matcher import geo
from matcher.import_fields import RecordError, field_for_header, normalise_row
from matcher.models import Location
from matcher.perspective import minimum_wage_notice
from matcher.records import read_record
from web.vacancies.imports.errors import WARNING, RowProblem, storable
from web.vacancies.imports.jsonld import NOT_A_POSTING, POSTING_WARNINGS
from web.vacancies.imports.parsing import EXTRA_CELLS
from web.vacancies.repositories.vacancies import CONTENT_FIELDS

MAX_REF_LENGTH = 200
MAX_TEXT_LENGTH = {"title": 300, "description": 20_000, "training": 2_000}
MAX_LIST_ITEMS = 100
MARKERS = (NOT_A_POSTING, POSTING_WARNINGS, EXTRA_CELLS)


@dataclass(frozen=True)
class ValidRow:
    row: int
    external_ref: str
    values: dict[str, Any]
    warnings: tuple[RowProblem, ...] = ()


@dataclass(frozen=True)
class RejectedRow:
    """A refused row and every reason why (not only the first)."""

    row: int
    external_ref: str
    problems: tuple[RowProblem, ...] = field(default=())


Outcome = ValidRow | RejectedRow


def validate_row(
    number: int, raw: Mapping[str, Any], *, columns: Mapping[str, str] | None = None
) -> Outcome:
    """Validate one row; `columns` maps field names to the file's own header for reports.

    Without `columns` (JSON: API bodies, plain records) an unknown key is reported on the
    row itself; a file with a header reports unknown columns once, for the header."""
    if NOT_A_POSTING in raw:
        problem = RowProblem(number, "@type", f"Dit item {raw[NOT_A_POSTING]}.")
        return _rejected(number, "", [problem])
    cells = {str(k): _cell(v) for k, v in raw.items() if k not in MARKERS}
    ref = _reference(normalise_row(cells, "vacancy").get("id"))
    report = _Report(number, ref, columns or {})
    if raw.get(EXTRA_CELLS):
        report.error("", "De rij heeft meer cellen dan de kop kolommen heeft.")
    values, errors = read_record(cells, "vacancy")
    for exc in [*errors, *_limits(values)]:
        report.record_error(exc)
    if report.errors:
        return _rejected(number, ref, report.problems)
    values.pop("id", None)
    values.pop("organisation", None)
    for column, message in raw.get(POSTING_WARNINGS) or []:
        report.warn(column, message)
    if columns is None:
        _unknown_keys(cells, report)
    _advice(values, report)
    clean = {k: _clean(v) for k, v in values.items() if k in CONTENT_FIELDS}
    return ValidRow(number, ref, clean, tuple(report.problems))


def _reference(raw: Any) -> str:
    """The row's reference as given (0 is a reference too), for the report and storage."""
    return "" if raw is None else _clean(str(raw).strip())[:MAX_REF_LENGTH]


def _rejected(number: int, ref: str, problems: list[RowProblem]) -> RejectedRow:
    return RejectedRow(number, ref, tuple(problems))


class _Report:
    """The problems of one row as they are found, named by the file's own columns."""

    def __init__(self, number: int, ref: str, columns: Mapping[str, str]) -> None:
        self.number, self.ref, self.columns = number, ref, columns
        self.problems: list[RowProblem] = []

    @property
    def errors(self) -> bool:
        return any(p.is_error for p in self.problems)

    def error(self, column: str, message: str) -> None:
        self.problems.append(RowProblem(self.number, column, message, self.ref))

    def record_error(self, exc: RecordError) -> None:
        self.error(self.columns.get(exc.field, exc.label), exc.message)

    def warn(self, column: str, message: str, *, field_name: str | None = None) -> None:
        column = self.columns.get(field_name, column) if field_name else column
        self.problems.append(RowProblem(self.number, column, message, self.ref, WARNING))


def _cell(value: Any) -> Any:
    # Spreadsheet integers arrive as floats (40.0); ids like 1001 must not become '1001.0'.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _clean(value: Any) -> Any:
    return storable(value)


def _limits(values: dict[str, Any]) -> list[RecordError]:
    problems = []
    ref = str(values.get("id") or "")
    if ref and len(ref) > MAX_REF_LENGTH:
        problems.append(RecordError("id", f"is langer dan {MAX_REF_LENGTH} tekens"))
    for name, limit in MAX_TEXT_LENGTH.items():
        if len(values.get(name) or "") > limit:
            problems.append(RecordError(name, f"is langer dan {limit} tekens"))
    for name, value in values.items():
        if isinstance(value, list) and len(value) > MAX_LIST_ITEMS:
            problems.append(RecordError(name, f"heeft meer dan {MAX_LIST_ITEMS} onderdelen"))
    return problems


def _unknown_keys(cells: Mapping[str, Any], report: _Report) -> None:
    """A key nobody reads, or a second key for a field already given: said, not dropped."""
    first: dict[str, str] = {}
    for key in cells:
        name = field_for_header(key, "vacancy")
        if name is None:
            report.warn(key[:100], "is geen bekend veld en is niet gebruikt")
        elif name in first:
            report.warn(key[:100], f"is hetzelfde veld als '{first[name][:100]}'; dat is gebruikt")
        else:
            first[name] = key


def _advice(values: dict[str, Any], report: _Report) -> None:
    """Accepted, but worth a word: what makes a vacancy harder to match or to place."""
    if not values.get("description"):
        report.warn(
            "omschrijving",
            "ontbreekt; zonder omschrijving wordt de vacature minder goed gevonden",
            field_name="description",
        )
    _postcode(values, report)
    notice = minimum_wage_notice(values.get("hourly_wage"))
    if notice:  # stored, but not suggested to candidates of that age (a hard constraint)
        report.warn("uurloon", notice, field_name="hourly_wage")


def _postcode(values: dict[str, Any], report: _Report) -> None:
    postcode = values.get("postcode")
    if not postcode:
        return
    if geo.normalise_postcode(postcode) is None:
        values.pop("postcode")
        report.warn(
            "postcode",
            f"'{postcode}' is geen Nederlandse postcode (1234 AB) en is niet opgeslagen",
            field_name="postcode",
        )
    elif geo.resolve(Location(postcode=postcode, city=values.get("city"))) is None and (
        values.get("lat") is None or values.get("lon") is None
    ):
        report.warn(
            "postcode",
            f"'{postcode}' staat niet in de postcodetabel; de afstand tot kandidaten "
            "is niet te berekenen (geef plaats of coördinaten)",
            field_name="postcode",
        )


class Validator:
    """Validates the rows of one file in order; a reference may occur only once."""

    def __init__(self, columns: Mapping[str, str] | None = None) -> None:
        self.columns = None if columns is None else dict(columns)
        self.first_row: dict[str, int] = {}
        self.valid_rows = 0

    def validate(self, rows: list[tuple[int, dict[str, Any]]]) -> list[Outcome]:
        return [self._one(number, raw) for number, raw in rows]

    def _one(self, number: int, raw: dict[str, Any]) -> Outcome:
        outcome = validate_row(number, raw, columns=self.columns)
        ref = outcome.external_ref
        if ref and ref in self.first_row:
            column = (self.columns or {}).get("id", "id")
            first = self.first_row[ref]
            problem = RowProblem(number, column, f"'{ref}' staat al in rij {first}", ref)
            return RejectedRow(number, ref, (problem,))
        if ref:
            self.first_row[ref] = number
        self.valid_rows += isinstance(outcome, ValidRow)
        return outcome

    @property
    def refs(self) -> set[str]:
        """Every reference seen so far, also of rejected rows (full feed keeps those open)."""
        return set(self.first_row)
