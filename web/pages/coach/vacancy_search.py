"""Searching vacancies by hand: always available, also when matching is off. For one
of the coach's candidates each result can be proposed (or says it already was); for
the whole caseload each result says to whom it was already proposed."""

from __future__ import annotations

from dataclasses import dataclass

import asyncpg

from web.accounts.repositories.users import User
from web.candidates.repositories import candidates
from web.candidates.repositories.candidates import CandidateRecord
from web.pages.coach import proposing
from web.vacancies.repositories import vacancies
from web.vacancies.repositories.vacancies import VacancyRecord


@dataclass(frozen=True)
class VacancySearch:
    vacancies: list[VacancyRecord]
    sectors: list[str]  # every sector there is, for the filter
    caseload: list[CandidateRecord]  # whom the coach can search for
    proposed_to: dict[int, str]  # searching for one candidate: vacancy id → state
    proposed_among: dict[int, list[tuple[CandidateRecord, str]]]  # else: per vacancy


async def search(
    conn: asyncpg.Connection,
    *,
    text: str,
    sector: str,
    contract: str,
    coach: User,
    candidate: CandidateRecord | None = None,
) -> VacancySearch:
    found = await vacancies.search(conn, text=text, sector=sector, contract=contract)
    ids = [v.id for v in found]
    caseload = await candidates.for_coach(conn, coach_id=coach.id)
    proposed_to, proposed_among = {}, {}
    if candidate is not None:
        proposed_to = await proposing.states_for_candidate(
            conn, candidate_id=candidate.id, vacancy_ids=ids
        )
    else:
        proposed_among = await proposing.proposed_among(conn, people=caseload, vacancy_ids=ids)
    return VacancySearch(
        vacancies=found,
        sectors=await vacancies.sectors(conn),
        caseload=caseload,
        proposed_to=proposed_to,
        proposed_among=proposed_among,
    )
