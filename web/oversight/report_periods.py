"""The period of a report: whole days in Amsterdam, by default the last 12 months up to
today, and months counted as PostgreSQL counts them (check-ins open that way)."""

from __future__ import annotations

import calendar
from datetime import date, datetime

from web.errors import AppError
from web.oversight.audit_trail import AMSTERDAM, Period


def add_months(day: date, months: int) -> date:
    """PostgreSQL's month arithmetic: 31 January + 1 month = 28 (or 29) February."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def today_in_amsterdam() -> date:
    return datetime.now(AMSTERDAM).date()


def period_of(first: date | None, last: date | None, *, today: date) -> Period:
    """The asked period (inclusive days), by default the last 12 months up to today."""
    last = last or today
    first = first or add_months(last, -12)
    if first > last:
        raise AppError(f"De begindatum ({first:%d-%m-%Y}) ligt na de einddatum ({last:%d-%m-%Y}).")
    return Period(first, last)
