"""The caseload overview: per candidate, what needs the jobcoach's attention."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import asyncpg

from web.matching.service import MatchingService
from web.repositories import candidates, proposals
from web.repositories.candidates import CandidateRecord

FRESH_WINDOW = 20  # suggestions looked at per candidate for the "fresh" count


@dataclass(frozen=True)
class CaseloadRow:
    candidate: CandidateRecord
    fresh_suggestions: int | None  # None: matching not available (manual mode, loading)
    open_proposals: int
    checkins_due: int


async def overview(
    conn: asyncpg.Connection,
    *,
    coach_id: int,
    matching: MatchingService | None,
    query: str = "",
    status: str = "",
) -> list[CaseloadRow]:
    everyone = await candidates.for_coach(conn, coach_id=coach_id)
    shown = [c for c in everyone if _matches(c, query, status)]
    ids = [c.id for c in shown]
    open_counts = await proposals.open_counts(conn, candidate_ids=ids)
    due = await proposals.checkins_due(conn, candidate_ids=ids)
    rows = []
    for c in shown:
        fresh = await _fresh(conn, matching, c)
        rows.append(CaseloadRow(c, fresh, open_counts.get(c.id, 0), due.get(c.id, 0)))
    return rows


def _matches(candidate: CandidateRecord, query: str, status: str) -> bool:
    if status and candidate.status != status:
        return False
    text = f"{candidate.name} {candidate.desired_work} {' '.join(candidate.skills)}".lower()
    return all(word in text for word in query.lower().split())


async def _fresh(
    conn: asyncpg.Connection, matching: MatchingService | None, candidate: CandidateRecord
) -> int | None:
    """Suggestions the jobcoach has not decided on yet (approved or rejected)."""
    if (
        matching is None
        or matching.status.state != "ready"
        or candidate.status in ("working", "paused")
    ):
        return None
    decided = await proposals.reviewed(conn, candidate_id=candidate.id)
    restrictions = await candidates.restrictions_for(conn, candidate_id=candidate.id)
    result = matching.vacancies_for(
        candidate.to_matcher(), top=FRESH_WINDOW, restrictions=restrictions, today=date.today()
    )
    return sum(s.vacancy_id not in decided for s in result.suggestions)
