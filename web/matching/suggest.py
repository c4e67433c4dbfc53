"""Suggestions for a jobcoach: match, re-check against PostgreSQL, log what is shown;
and the one skill or certificate that would open most extra matches."""

from __future__ import annotations

import asyncio
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

import asyncpg

from matcher.advice import Advice, skill_gap
from matcher.ranking import Suggestion
from web.accounts.repositories.users import User
from web.candidates.repositories import candidates
from web.candidates.repositories.candidates import CandidateRecord
from web.matching import kill_switch
from web.matching.repositories import match_state, suggestions
from web.matching.service import MatchingService
from web.matching.views import SuggestionCard, card, log_entry
from web.matching.why_few import why_few_text
from web.ranker.weights import Ranking
from web.vacancies.repositories import vacancies
from web.vacancies.repositories.vacancies import VacancyRecord


@dataclass(frozen=True)
class SuggestionList:
    cards: list[SuggestionCard]
    rejected: int  # retrieved pairs removed by a hard constraint
    state: str  # "ready", or why there is nothing to show yet ("loading", "off")
    why: str = ""  # how many passed and why the others were left out (why_few.py)


async def for_candidate(
    conn: asyncpg.Connection,
    *,
    matching: MatchingService | None,
    candidate: CandidateRecord,
    coach: User,
    top: int,
) -> SuggestionList:
    """The `top` fresh suggestions (see web.matching.repositories.match_state), logged as shown;
    none when the candidate's municipality has pulled the kill switch."""
    if not await kill_switch.suggestions_on(conn, organisation_id=candidate.organisation_id):
        return SuggestionList([], 0, "off")
    if matching is None or not matching.ready:
        return SuggestionList([], 0, "loading" if matching else "off")
    held = await match_state.held_decisions(conn, candidate_id=candidate.id)
    ranking = matching.ranker.for_organisation(candidate.organisation_id)
    result = await matching.vacancies_for(
        candidate.to_matcher(),
        top=top,
        exclude=held,
        restrictions=await candidates.restrictions_for(conn, candidate_id=candidate.id),
        weights=ranking.weights,
    )
    shown, live = await _live(conn, result.suggestions, held, top)
    log_ids = await _log_shown(conn, shown, ranking, coach)
    cards = [
        card(s, live[s.vacancy_id], i, weights_label=ranking.label)
        for s, i in zip(shown, log_ids, strict=True)
    ]
    # Counting hundreds of rejections is CPU work: off the event loop.
    counts = await asyncio.to_thread(result.reason_counts)
    why = why_few_text(len(cards), counts, candidate.desired_work or "")
    return SuggestionList(cards, len(result.rejections), "ready", why)


async def _live(
    conn: asyncpg.Connection, found: list[Suggestion], held: Collection[int], top: int
) -> tuple[list[Suggestion], dict[int, VacancyRecord]]:
    """The first `top` suggestions whose vacancy is still open and not held back, and
    those vacancies by id. The database is the truth: a vacancy closed a moment ago by
    another process is gone."""
    records = await vacancies.by_ids(conn, vacancy_ids=[s.vacancy_id for s in found])
    live = {v.id: v for v in records if v.status == "open" and v.id not in held}
    return [s for s in found if s.vacancy_id in live][:top], live


async def _log_shown(
    conn: asyncpg.Connection, shown: list[Suggestion], ranking: Ranking, coach: User
) -> list[int]:
    """Log the suggestions shown to the coach, with the weights that ranked them."""
    return await suggestions.log_shown(
        conn,
        direction="vacancies_for_candidate",
        entries=[log_entry(s) for s in shown],
        weights=ranking.weights.as_dict(),
        shown_to=coach.id,
        ranker_version=ranking.version,
    )


async def advice_for(
    conn: asyncpg.Connection, *, matching: MatchingService | None, candidate: CandidateRecord
) -> tuple[bool, list[Advice] | None]:
    """Which single certificate or skill would open the most extra good matches, with
    whether suggestions are on; no advice while off (the kill switch of the candidate's
    municipality covers advice too) or while the matcher is loading."""
    enabled = await kill_switch.suggestions_on(conn, organisation_id=candidate.organisation_id)
    if not enabled or matching is None or not matching.ready:
        return enabled, None
    restrictions = await candidates.restrictions_for(conn, candidate_id=candidate.id)
    advice = await matching.thread.run(
        skill_gap,
        matching.engine,
        candidate.to_matcher(),
        today=date.today(),
        restrictions=restrictions,
    )
    return enabled, advice
