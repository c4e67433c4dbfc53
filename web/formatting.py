"""Numbers, money, dates and counts as a Dutch reader expects them, in one place.

Every page and every plain-Dutch text formats through here (Babel, locale nl_NL), so
"€ 16,01" never stands beside "€ 16.01" and "38 uur" never reads "38–38 uur". Times are
stored in UTC and shown to people in Europe/Amsterdam, summer time included. The JSON
API keeps ISO 8601 in UTC (a machine format) and does not use this module.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_time
from babel.numbers import format_decimal

LOCALE = Locale.parse("nl_NL")
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
DASH = "–"  # en dash between the ends of a range: "32–40 uur"
NONE = "—"  # em dash where there is no value


def number(value: float, *, decimals: int = 1) -> str:
    """'1.234', '37,5', '38' (no trailing ',0'): at most `decimals` decimals."""
    pattern = "#,##0" + ("." + "#" * decimals if decimals > 0 else "")
    return format_decimal(value, format=pattern, locale=LOCALE)


def money(amount: float, *, cents: bool = True) -> str:
    """'€ 16,01' (euros and cents) or '€ 1.880' (whole euros)."""
    if cents:
        return "€ " + format_decimal(amount, format="#,##0.00", locale=LOCALE)
    return "€ " + format_decimal(round(amount), format="#,##0", locale=LOCALE)


def percent(points: float) -> str:
    """'81%' for 81 points out of 100 (scores and shares are kept as 0–100 here)."""
    return number(points, decimals=0) + "%"


def number_range(
    low: float | None, high: float | None, unit: str = "", *, joiner: str = DASH
) -> str:
    """'32–40 uur', '38 uur' (both ends equal), 'vanaf 32 uur', 'tot 40 uur', or '—'."""
    suffix = f" {unit}" if unit else ""
    if low and high and low != high:
        return f"{number(low)}{joiner}{number(high)}{suffix}"
    if low and high:
        return f"{number(low)}{suffix}"
    if low:
        return f"vanaf {number(low)}{suffix}"
    if high:
        return f"tot {number(high)}{suffix}"
    return NONE


def hours(low: float | None, high: float | None) -> str:
    """Hours per week as a range: '32–40 uur', '38 uur'."""
    return number_range(low, high, "uur")


def count(n: int, one: str, many: str) -> str:
    """'1 goede match', '8 goede matches', '1.200 vacatures' (Dutch plural rule)."""
    word = one if LOCALE.plural_form(abs(n)) == "one" else many
    return f"{number(n, decimals=0)} {word}"


def local(moment: datetime) -> datetime:
    """A stored moment on Amsterdam's clock (a naive value is taken to be UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(AMSTERDAM)


def day(value: date | datetime | None) -> str:
    """'4 maart 2026'; a moment counts on the day it is in Amsterdam."""
    if value is None:
        return NONE
    if isinstance(value, datetime):
        value = local(value).date()
    return format_date(value, format="d MMMM y", locale=LOCALE)


def clock(value: datetime | time | None) -> str:
    """'14:05': a moment on Amsterdam's clock; a time of day as it is (curfews are local)."""
    if value is None:
        return NONE
    if isinstance(value, datetime):
        value = local(value).time()
    return format_time(value, format="HH:mm", locale=LOCALE)


def moment(value: datetime | None) -> str:
    """'4 maart 2026, 14:05' in Amsterdam."""
    if value is None:
        return NONE
    return f"{day(value)}, {clock(value)}"
