"""What a candidate's page shows besides the profile: restrictions, completeness hint,
proposals with their timeline, open correction requests, and the decision vocabulary."""

from __future__ import annotations

from typing import Any

import asyncpg

from matcher.completeness import missing_fields
from web.accounts.repositories.users import User
from web.candidates import profiles
from web.candidates.repositories import correction_requests
from web.candidates.repositories.candidates import CandidateRecord
from web.oversight import erasure, erasure_requests
from web.pages.coach import timeline
from web.proposals.repositories import proposals
from web.proposals.vocabulary import (
    APPROVE_REASONS,
    CHECKINS,
    REASONS_FOR_STATE_LABELS,
    REJECT_REASONS,
    STATE_LABELS,
    TERMINAL_STATES,
    reason_label,
)

DECISION_VOCABULARY = {
    "approve_reasons": APPROVE_REASONS,
    "reject_reasons": REJECT_REASONS,
    "state_labels": STATE_LABELS,
    "terminal_states": TERMINAL_STATES,
    "checkins": CHECKINS,
    "state_reasons": REASONS_FOR_STATE_LABELS,
    "reason_label": reason_label,
}


async def profile_context(
    conn: asyncpg.Connection, coach: User, candidate: CandidateRecord
) -> dict[str, Any]:
    return {
        "candidate": candidate,
        "restrictions": await profiles.restrictions_shown(conn, coach, candidate.id),
        "hints": missing_fields(candidate.to_matcher())[:1],
        "placements": await timeline.for_candidate(conn, candidate_id=candidate.id),
        "transitions": await proposals.transitions(conn),
        "corrections": await correction_requests.open_requests(conn, candidate_id=candidate.id),
        "erasure_request": await erasure_requests.open_for(conn, candidate_id=candidate.id),
        "erasure_reasons": erasure.REASONS,
        **DECISION_VOCABULARY,
    }


async def proposed_vacancies(conn: asyncpg.Connection, *, candidate_id: int) -> dict[int, str]:
    """Vacancy id → the state of this candidate's proposal for it: a suggestion card of
    such a vacancy says "al voorgesteld (status)" instead of offering to approve it."""
    found = await proposals.for_candidate(conn, candidate_id=candidate_id)
    return {p.vacancy_id: p.state for p in found}
