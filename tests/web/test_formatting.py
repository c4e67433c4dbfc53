"""The one Dutch format: money, numbers, ranges, plurals, and times in Amsterdam."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from web import formatting as f
from web.templating import templates


def test_money_has_a_decimal_comma_and_a_thousands_dot() -> None:
    assert f.money(16.01) == "€ 16,01"
    assert f.money(Decimal("14.5")) == "€ 14,50"
    assert f.money(1880.4, cents=False) == "€ 1.880"
    assert f.money(12345.678) == "€ 12.345,68"


def test_numbers_drop_a_trailing_zero_and_use_a_comma() -> None:
    assert f.number(38.0) == "38"
    assert f.number(37.5) == "37,5"
    assert f.number(1234) == "1.234"
    assert f.percent(81) == "81%"


def test_a_range_with_equal_ends_is_one_number() -> None:
    assert f.hours(38, 38) == "38 uur"
    assert f.hours(32, 40) == "32–40 uur"
    assert f.hours(32, None) == "vanaf 32 uur"
    assert f.hours(None, 40) == "tot 40 uur"
    assert f.hours(None, None) == "—"
    assert f.number_range(24, 32.5, "uur per week", joiner=" tot ") == "24 tot 32,5 uur per week"


def test_counts_follow_the_dutch_plural() -> None:
    assert f.count(1, "goede match", "goede matches") == "1 goede match"
    assert f.count(8, "goede match", "goede matches") == "8 goede matches"
    assert f.count(0, "vacature", "vacatures") == "0 vacatures"
    assert f.count(1200, "vacature", "vacatures") == "1.200 vacatures"


def test_the_tz_database_knows_amsterdam() -> None:
    assert ZoneInfo("Europe/Amsterdam") == f.AMSTERDAM


def test_summer_time_is_two_hours_ahead_of_utc() -> None:
    july = datetime(2026, 7, 1, 10, 0, tzinfo=UTC)
    assert f.clock(july) == "12:00"
    assert f.moment(july) == "1 juli 2026, 12:00"


def test_winter_time_is_one_hour_ahead_of_utc() -> None:
    january = datetime(2026, 1, 15, 10, 0, tzinfo=UTC)
    assert f.clock(january) == "11:00"
    assert f.moment(january) == "15 januari 2026, 11:00"


def test_a_late_utc_evening_is_the_next_day_in_amsterdam() -> None:
    assert f.day(datetime(2026, 7, 1, 22, 30, tzinfo=UTC)) == "2 juli 2026"
    assert f.day(datetime(2026, 7, 1, 22, 30)) == "2 juli 2026"  # naive: taken as UTC


def test_dates_and_times_of_day_are_not_shifted() -> None:
    assert f.day(date(2026, 3, 4)) == "4 maart 2026"
    assert f.clock(time(22, 0)) == "22:00"  # a curfew is already local
    assert f.day(None) == f.moment(None) == "—"


def test_templates_have_the_formats_as_filters_and_functions() -> None:
    page = templates.env.from_string(
        "{{ wage|money }} · {{ at|moment }} · {{ n|count('goede match', 'goede matches') }}"
        " · {{ hours(38, 38) }}"
    )
    html = page.render(wage=16.01, at=datetime(2026, 7, 1, 10, 0, tzinfo=UTC), n=1)
    assert html == "€ 16,01 · 1 juli 2026, 12:00 · 1 goede match · 38 uur"
