"""Properties of the field parsers (`matcher.records`) and of row validation
(`web.vacancies.imports.validation.validate_row`), over arbitrary text, numbers and JSON values.

A parser refuses with ValueError (RecordError is one) and nothing else; what it accepts
is finite and within the documented range. `validate_row` never raises: a row is valid,
with values PostgreSQL can store, or refused with at least one error.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.field_values import (
    LOWEST_LEGAL_WAGE,
    MAX_HOURLY_WAGE,
    MAX_HOURS_PER_WEEK,
    RANGES,
    parse_date,
    parse_field,
    parse_hours,
    parse_integer,
    parse_list,
    parse_number,
    parse_wage,
)
from matcher.import_fields import RecordError, fields_for, header_key
from matcher.records import read_record
from web.vacancies.imports.validation import MAX_REF_LENGTH, RejectedRow, ValidRow, validate_row
from web.vacancies.repositories.vacancies import CONTENT_FIELDS

PROPERTIES = settings(max_examples=200, deadline=None, database=None)
# JSON integers far beyond a double's range, refused with a reason (not an OverflowError).
LARGEST_INT = 10**400

# Text with everything JSON can carry: control characters, NUL, lone surrogates (which
# st.text never makes, so half of it is built from single characters).
any_text = st.text(max_size=30) | st.lists(
    st.characters(exclude_categories=()) | st.sampled_from(["\x00", "\ud800", "\udfff"]),
    max_size=30,
).map("".join)
dutch_numbers = st.from_regex(r"-?(€ ?)?[0-9]{1,3}(\.[0-9]{3}){0,2}(,[0-9]{1,3})?", fullmatch=True)
numbers = (
    st.integers(-LARGEST_INT, LARGEST_INT)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.sampled_from(["nan", "NaN", "inf", "-Infinity", "1e400", "1.500", "€ 1.500", " 40 "])
    | dutch_numbers
)
scalars = st.none() | st.booleans() | numbers | any_text
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(any_text, inner, max_size=4),
    max_leaves=8,
)
values = json_values | st.from_regex(r"[0-9]{1,2} ?(-|tot|–) ?[0-9]{1,3}", fullmatch=True)
VACANCY_HEADERS = sorted({h for f in fields_for("vacancy") for h in f.headers})
ALL_FIELDS = sorted({f.name for r in ("vacancy", "candidate") for f in fields_for(r)})
# Mostly rows with an id and a title, so that many are valid and their values checked.
rows = st.builds(
    lambda named, rest: {**rest, **named},
    st.fixed_dictionaries({}, optional={"id": any_text | numbers, "functie": any_text}),
    st.dictionaries(st.sampled_from(VACANCY_HEADERS) | any_text, values, max_size=12),
)


def _parsed_or_refused(parse: Any, raw: Any) -> Any:
    """The parser's value, or None when it refused with a ValueError (anything else fails)."""
    try:
        return parse(raw)
    except ValueError:
        return None


@PROPERTIES
@given(values)
def test_numbers_are_finite_and_in_range_or_refused(raw: Any) -> None:
    number = _parsed_or_refused(parse_number, raw)
    assert number is None or (isinstance(number, float) and math.isfinite(number))
    integer = _parsed_or_refused(parse_integer, raw)
    assert integer is None or isinstance(integer, int)
    hours = _parsed_or_refused(parse_hours, raw)
    assert hours is None or 0 <= hours[0] <= hours[1] <= MAX_HOURS_PER_WEEK
    wage = _parsed_or_refused(parse_wage, raw)
    assert wage is None or LOWEST_LEGAL_WAGE <= wage <= MAX_HOURLY_WAGE


@PROPERTIES
@given(values)
def test_dates_and_lists_are_read_or_refused(raw: Any) -> None:
    day = _parsed_or_refused(parse_date, raw)
    assert day is None or isinstance(day, date)
    items = _parsed_or_refused(parse_list, raw)
    assert items is None or all(isinstance(i, str) and i and i == i.strip() for i in items)


@PROPERTIES
@given(st.sampled_from(ALL_FIELDS), values)
def test_every_field_is_in_its_range_or_refused(name: str, raw: Any) -> None:
    value = _parsed_or_refused(lambda r: parse_field(name, r), raw)
    if isinstance(value, float):
        assert math.isfinite(value)
    if name in RANGES and value is not None:
        low, high = RANGES[name]
        assert low <= value <= high


@PROPERTIES
@given(rows)
def test_a_record_is_parsed_or_its_problems_named(row: dict[str, Any]) -> None:
    parsed, problems = read_record(row, "vacancy")
    assert all(isinstance(p, RecordError) and p.message for p in problems)
    for value in parsed.values():
        assert not (isinstance(value, float) and not math.isfinite(value))
    if not problems and parsed.get("hours_min") is not None:
        assert 0 <= parsed["hours_min"] <= (parsed["hours_max"] or MAX_HOURS_PER_WEEK)


@PROPERTIES
@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False))
def test_a_dutch_amount_reads_back_as_written(amount: float) -> None:
    written = f"{amount:,.2f}".translate(str.maketrans(",.", ".,"))  # 1.234,56
    assert parse_number(written) == float(f"{amount:.2f}")
    assert parse_number(f"€ {written}") == float(f"{amount:.2f}")


@PROPERTIES
@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_a_dutch_whole_number_with_thousands_dots_reads_back(number: int) -> None:
    assert parse_number(f"{number:,}".replace(",", ".")) == number  # '1.500' is 1500


@PROPERTIES
@given(st.integers(min_value=1, max_value=10**6), rows)
def test_validate_row_never_raises_and_keeps_only_storable_values(
    number: int, row: dict[str, Any]
) -> None:
    outcome = validate_row(number, row)
    if isinstance(outcome, RejectedRow):
        assert any(p.is_error for p in outcome.problems)
        return
    assert isinstance(outcome, ValidRow)
    assert not any(p.is_error for p in outcome.warnings)
    assert len(outcome.external_ref) <= MAX_REF_LENGTH  # never empty (a falsy id included)
    assert _storable(outcome.external_ref)
    assert set(outcome.values) <= set(CONTENT_FIELDS)
    for name, value in outcome.values.items():
        assert _storable(value), (name, value)
    hours = [outcome.values.get(n) for n in ("hours_min", "hours_max")]
    assert all(h is None or 0 <= h <= MAX_HOURS_PER_WEEK for h in hours)
    if None not in hours:
        assert hours[0] <= hours[1]
    wage = outcome.values.get("hourly_wage")
    assert wage is None or LOWEST_LEGAL_WAGE <= wage <= MAX_HOURLY_WAGE


def _storable(value: Any) -> bool:
    """What PostgreSQL (through asyncpg) accepts: finite numbers, UTF-8 text without NUL."""
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return False
        return "\x00" not in value
    if isinstance(value, list):
        return all(_storable(v) for v in value)
    return True


def test_a_lone_surrogate_or_nul_is_cleaned_from_stored_text() -> None:
    row = {"id": "R\x00-1\ud800", "title": "Kok\udfff", "vaardigheden": ["a\x00b", "\ud83d"]}
    outcome = validate_row(1, row)
    assert isinstance(outcome, ValidRow)
    assert outcome.external_ref == "R-1\ufffd"
    assert (outcome.values["title"], outcome.values["skills"]) == ("Kok\ufffd", ["ab", "\ufffd"])


def test_every_documented_header_folds_to_a_field() -> None:
    assert all(header_key(h) for h in VACANCY_HEADERS)


def test_an_integer_beyond_a_double_is_refused_not_raised() -> None:
    outcome = validate_row(1, {"id": "X", "title": "Kok", "lat": 10**400})
    assert isinstance(outcome, RejectedRow)


@pytest.mark.parametrize("ref", [0, False, 0.0, []])
def test_a_falsy_id_is_not_stored_under_an_empty_reference(ref: Any) -> None:
    outcome = validate_row(1, {"id": ref, "title": "Kok"})
    assert isinstance(outcome, RejectedRow) or outcome.external_ref != ""
