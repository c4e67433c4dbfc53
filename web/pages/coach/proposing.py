"""Proposing by hand, as the pages show it: which pairs already have a proposal (so a
page says "al voorgesteld (status)" instead of offering the action again), and whether
a vacancy can be proposed at all. The proposal itself is web.proposals.service.propose.
"""

from __future__ import annotations

from datetime import datetime

import asyncpg

from web.candidates.repositories.candidates import CandidateRecord
from web.formatting import AMSTERDAM
from web.proposals.repositories import proposals
from web.proposals.repositories.proposals import VacancyOpenness
from web.proposals.service import not_open_reason
from web.vacancies.repositories.vacancies import VacancyRecord


async def states_for_vacancy(
    conn: asyncpg.Connection, *, vacancy_id: int, candidate_ids: list[int]
) -> dict[int, str]:
    """Candidate id → the state of their proposal for this vacancy."""
    pairs = await proposals.states_of_pairs(
        conn, candidate_ids=candidate_ids, vacancy_ids=[vacancy_id]
    )
    return {candidate_id: state for (candidate_id, _v), state in pairs.items()}


async def states_for_candidate(
    conn: asyncpg.Connection, *, candidate_id: int, vacancy_ids: list[int]
) -> dict[int, str]:
    """Vacancy id → the state of this candidate's proposal for it."""
    pairs = await proposals.states_of_pairs(
        conn, candidate_ids=[candidate_id], vacancy_ids=vacancy_ids
    )
    return {vacancy_id: state for (_c, vacancy_id), state in pairs.items()}


async def proposed_among(
    conn: asyncpg.Connection, *, people: list[CandidateRecord], vacancy_ids: list[int]
) -> dict[int, list[tuple[CandidateRecord, str]]]:
    """Vacancy id → which of these candidates have a proposal for it, with its state."""
    by_id = {c.id: c for c in people}
    pairs = await proposals.states_of_pairs(
        conn, candidate_ids=list(by_id), vacancy_ids=vacancy_ids
    )
    found: dict[int, list[tuple[CandidateRecord, str]]] = {}
    for (candidate_id, vacancy_id), state in sorted(pairs.items()):
        found.setdefault(vacancy_id, []).append((by_id[candidate_id], state))
    return found


def why_not_proposable(vacancy: VacancyRecord) -> str | None:
    """Why this vacancy cannot be proposed (Dutch), or None; the service checks again
    under a lock when it is proposed."""
    today = datetime.now(AMSTERDAM).date()
    expired = vacancy.closing_date is not None and vacancy.closing_date < today
    return not_open_reason(VacancyOpenness(status=vacancy.status, expired=expired))
