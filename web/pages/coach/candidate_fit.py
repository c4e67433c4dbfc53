"""From a vacancy: which of my candidates fit, and why (or why not); and for one
candidate, "why (not) this one?" even when the pre-filter (travel reach) left them out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import asyncpg

from matcher.ranking import Rejection, Suggestion
from web.accounts.repositories.users import User
from web.candidates import profiles
from web.candidates.repositories import candidates
from web.candidates.repositories.candidates import CandidateRecord
from web.matching.service import MatchingService
from web.matching.views import ComponentBar, bars
from web.pages.coach import proposing
from web.vacancies.repositories.vacancies import VacancyRecord


@dataclass(frozen=True)
class Fit:
    candidate: CandidateRecord
    score_percent: int | None  # None: a hard constraint removed the pair
    reasons: list[str]
    warnings: list[str]
    coach_notes: list[str]
    bars: list[ComponentBar]
    weights_label: str = "vaste gewichten"  # which weights ranked it (web/ranker/weights.py)
    missing_skills: tuple[str, ...] = ()  # requested skills the candidate lacks


async def for_vacancy(
    conn: asyncpg.Connection,
    *,
    matching: MatchingService | None,
    vacancy: VacancyRecord,
    coach: User,
) -> list[Fit] | None:
    """Every candidate of this coach, fitting ones first; None when matching is off."""
    if matching is None or not matching.ready:
        return None
    mine = {c.id: c for c in await candidates.for_coach(conn, coach_id=coach.id)}
    limits = await candidates.restrictions_for_many(conn, candidate_ids=list(mine))
    ranking = matching.ranker.for_organisation(coach.organisation_id)
    result = await matching.candidates_among(
        vacancy.vacancy, among=list(mine), restrictions=limits, weights=ranking.weights
    )
    fits = [
        _fit(mine[s.candidate_id], s, ranking.label)
        for s in result.suggestions
        if s.candidate_id in mine
    ]
    fits += [_fit(mine[r.candidate_id], r) for r in result.rejections if r.candidate_id in mine]
    return fits


async def vacancy_page(
    conn: asyncpg.Connection,
    *,
    matching: MatchingService | None,
    vacancy: VacancyRecord,
    coach: User,
    candidate_id: int | None,
    only_why: bool,
) -> dict[str, Any]:
    """What the coach's vacancy page shows: the fit list and the coach's caseload to pick
    from, to explain or to propose to (with the pairs already proposed); with
    `candidate_id`, "why (not) this one?" for that candidate of the coach's municipality
    (NotFound otherwise). `only_why`: just that part (htmx); `matching` None: matching
    is off (proposing by hand still works)."""
    page: dict[str, Any] = {}
    if candidate_id is not None:
        chosen = await profiles.own_candidate(conn, coach, candidate_id)
        why = await explain(conn, matching=matching, vacancy=vacancy, candidate=chosen)
        page |= {"chosen": chosen, "why": why}
    if not only_why:
        page["fits"] = await for_vacancy(conn, matching=matching, vacancy=vacancy, coach=coach)
        caseload = await candidates.for_coach(conn, coach_id=coach.id)
        page["mine"] = caseload if matching else []
        page["caseload"] = caseload
        page["proposed"] = await proposing.states_for_vacancy(
            conn, vacancy_id=vacancy.id, candidate_ids=[c.id for c in caseload]
        )
        page["not_proposable"] = proposing.why_not_proposable(vacancy)
    return page


async def explain(
    conn: asyncpg.Connection,
    *,
    matching: MatchingService | None,
    vacancy: VacancyRecord,
    candidate: CandidateRecord,
) -> Fit | None:
    """This pair scored on demand, in the engine thread: the reasons, or the public
    reasons it fails a hard constraint, with the coach-only notes (the viewer is the
    candidate's coach). None when matching is off or not ready."""
    if matching is None or not matching.ready:
        return None
    restrictions = await candidates.restrictions_for(conn, candidate_id=candidate.id)
    ranking = matching.ranker.for_organisation(candidate.organisation_id)
    found = await matching.explain_pair(
        candidate.to_matcher(), vacancy.vacancy, restrictions=restrictions, weights=ranking.weights
    )
    return _fit(candidate, found, ranking.label)


def _fit(candidate: CandidateRecord, found: Suggestion | Rejection, weights_label: str = "") -> Fit:
    if isinstance(found, Suggestion):
        return Fit(
            candidate,
            round(found.score * 100),
            list(found.reasons),
            list(found.warnings),
            list(found.coach_notes),
            bars(found.breakdown),
            weights_label=weights_label,
            missing_skills=tuple(found.missing_skills),
        )
    return Fit(candidate, None, list(found.reasons), [], list(found.coach_notes), [])
