"""An agency's own vacancies: the filtered, paged list, and one vacancy (absent or
another organisation's: 404)."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

import asyncpg

from matcher.perspective import minimum_wage_notice
from web.accounts.repositories import organisations
from web.accounts.repositories.users import User
from web.errors import NotFound
from web.vacancies.repositories import vacancies
from web.vacancies.repositories.vacancies import VacancyFilter, VacancyRecord

PAGE_SIZE = 50
STATUS_LABELS = {"open": "open", "closed": "gesloten", "filled": "vervuld"}


async def list_context(
    conn: asyncpg.Connection,
    agency: User,
    *,
    q: str,
    status: str,
    sector: str,
    since: str,
    page: int,
) -> dict[str, Any]:
    where, org = _filter(q, status, sector, since), agency.organisation_id
    own, total = await vacancies.search_own(
        conn, organisation_id=org, where=where, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
    )
    return {
        "vacancies": own,
        "total": total,
        "page": page,
        "pages": max(1, -(-total // PAGE_SIZE)),
        "where": where,
        "since": since,
        "query": urlencode({"q": q, "status": status, "sector": sector, "since": since}),
        "status_labels": STATUS_LABELS,
        "sectors": await vacancies.own_sectors(conn, organisation_id=org),
        "organisation": await organisations.by_id(conn, organisation_id=org),
        "wage_notices": {v.id: notice for v in own if (notice := wage_notice(v))},
    }


def _filter(q: str, status: str, sector: str, since: str) -> VacancyFilter:
    """The list's filter from the form: unknown statuses and bad dates are ignored."""
    return VacancyFilter(
        text=q.strip() or None,
        status=status if status in STATUS_LABELS else None,
        sector=sector or None,
        updated_since=_date_or_none(since),
    )


def wage_notice(vacancy: VacancyRecord) -> str | None:
    """Pay below the legal minimum from some age on: the vacancy is not suggested to
    candidates of that age (matcher.constraints.check_minimum_wage); the agency is told."""
    wage = vacancy.hourly_wage
    return minimum_wage_notice(float(wage)) if wage is not None else None


def _date_or_none(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


async def own_vacancy(conn: asyncpg.Connection, agency: User, vacancy_id: int) -> VacancyRecord:
    vacancy = await vacancies.by_id(conn, vacancy_id=vacancy_id)
    if vacancy is None or vacancy.organisation_id != agency.organisation_id:
        raise NotFound("Deze vacature bestaat niet.")
    return vacancy
