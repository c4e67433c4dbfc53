"""Import values in Dutch spellings: numbers, hours, wages, yes/no, dates, licences."""

from __future__ import annotations

from datetime import date

import pytest

from matcher import field_values as values


def test_value_parsers() -> None:
    assert values.parse_number("1.234,50") == 1234.5
    assert values.parse_hours("24 tot 32") == (24, 32)
    assert values.parse_list(["a", " ", "b "]) == ["a", "b"]
    assert values.parse_bool("X") is True and values.parse_bool("nee") is False
    assert values.parse_licence("rijbewijs c") == "C" and values.parse_licence("ja") == "B"
    assert values.parse_date("2026-03-01T09:00:00") == date(2026, 3, 1)


@pytest.mark.parametrize("raw", ["nan", "NaN", "inf", "-Infinity", float("nan"), float("inf")])
def test_numbers_are_finite_or_refused(raw) -> None:
    with pytest.raises(ValueError, match="geen getal"):
        values.parse_number(raw)


def test_a_dutch_thousands_dot_is_not_a_decimal_point() -> None:
    assert values.parse_number("1.500") == 1500.0
    assert values.parse_number("€ 1.500,00") == 1500.0
    assert values.parse_number("14.50") == 14.5
    with pytest.raises(ValueError, match="maandloon"):
        values.parse_wage("€ 1.500")


@pytest.mark.parametrize("raw", ["0", "-3", "-14,50"])
def test_a_wage_is_above_zero(raw) -> None:
    with pytest.raises(ValueError, match="uurloon"):
        values.parse_wage(raw)


def test_choices_and_yes_no_are_read_folded() -> None:
    assert values.parse_bool("JA") is True and values.parse_bool("Nee.") is False
    assert values.parse_licence("Néé") is None
    assert values.parse_contract("Onbepaalde-tijd") == "vast"
    assert values.parse_travel_mode("E-Bike") == "ebike"
    assert values.parse_language("b1") == "B1"
