"""Searching vacancies by hand: always available, also when matching is off."""

from __future__ import annotations

from dataclasses import dataclass

import asyncpg

from web.vacancies.repositories import vacancies
from web.vacancies.repositories.vacancies import VacancyRecord


@dataclass(frozen=True)
class VacancySearch:
    vacancies: list[VacancyRecord]
    sectors: list[str]  # every sector there is, for the filter


async def search(
    conn: asyncpg.Connection, *, text: str, sector: str, contract: str
) -> VacancySearch:
    found = await vacancies.search(conn, text=text, sector=sector, contract=contract)
    return VacancySearch(vacancies=found, sectors=await vacancies.sectors(conn))
