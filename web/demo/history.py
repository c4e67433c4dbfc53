"""A simulated half year of decisions for the demo world, so "learning from decisions"
can be seen: past suggestions (ranked by the hand-set weights), the coaches' approvals
and rejections with reasons, and how the placements went; then one learned version
waits for the admin on /admin/ranker.

The coaches follow a hidden preference that differs from the hand-set weights: they
value the kind of work the young person wants (occupation) and the job's perspective
more, the plain text likeness and the skills less (HIDDEN), with noise. The semantic
component is a word-overlap stand-in for the embedding cosine: the demo is seeded before
any worker has embedded it. Fixed seed: the same history on every machine."""

from __future__ import annotations

import asyncio
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import asyncpg
from tqdm import tqdm

from matcher.calibration import DEFAULT_CALIBRATION
from matcher.models import Candidate, Vacancy
from matcher.ranking import Suggestion, Weights, score_pair
from matcher.texts import candidate_text, vacancy_text
from web.accounts.repositories import organisations
from web.candidates.repositories import candidates
from web.demo import history_store as store
from web.demo import world
from web.demo.history_store import PastPlacement, PastReview, PastSuggestion
from web.ranker import training
from web.vacancies.repositories import vacancies
from web.vacancies.repositories.vacancies import VacancyRecord

MODEL = "demo-history"  # the model name of the simulated suggestions
HIDDEN = Weights(semantic=0.15, occupation=0.30, skills=0.10, perspective=0.35, distance=0.10)
ROUNDS = 6  # one look per month, over the last half year
LOOKED_AT = 24  # vacancies considered per candidate per round
SHOWN = 6  # suggestions a coach decided on per round
APPROVED = 2  # of which the coach approves the best (to the coach's eye)
NOISE = 0.04  # of the coach's judgement, on the 0–1 score
OTHER_REASONS = ("uren_passen_niet", "werkgever_niet_geschikt", "anders")


@dataclass(frozen=True)
class Shown:
    candidate_id: int
    coach_id: int
    vacancy: VacancyRecord
    suggestion: Suggestion
    at: datetime
    liking: float  # the coach's hidden judgement, 0–1


async def seed_demo_history(conn: asyncpg.Connection, *, prior: Weights) -> int | None:
    """The history of the demo municipality (`perspectief seed-demo`, `make run`)."""
    municipality = await organisations.by_slug(conn, slug=world.MUNICIPALITY[2])
    if municipality is None:
        return None
    return await seed_history(conn, organisation_id=municipality.id, prior=prior)


async def seed_history(
    conn: asyncpg.Connection,
    *,
    organisation_id: int,
    prior: Weights,
    now: datetime | None = None,
    seed: int = 2026,
    progress: bool = True,
) -> int | None:
    """Write the history once (skipped when present) and train on it; returns the
    proposed version's number (None: nothing proposed)."""
    if await store.has_history(conn, organisation_id=organisation_id, model=MODEL):
        return None
    now = now or datetime.now(UTC)
    ids = await store.candidate_ids(conn, organisation_id=organisation_id)
    people = await candidates.by_ids(conn, candidate_ids=ids)
    jobs = await vacancies.by_ids(conn, vacancy_ids=await store.open_vacancy_ids(conn))
    world = [(c.id, c.coach_id or 0, c.to_matcher()) for c in people if c.coach_id]
    shown = await asyncio.to_thread(
        simulate, world, jobs, prior, now, random.Random(seed), progress
    )
    await _store(conn, shown, prior, now, random.Random(seed + 1))
    made = await training.train(
        conn, organisation_id=organisation_id, prior=prior, today=now.date()
    )
    return made.version if made else None


def simulate(
    world: Sequence[tuple[int, int, Candidate]],
    jobs: Sequence[VacancyRecord],
    prior: Weights,
    now: datetime,
    rng: random.Random,
    progress: bool,
) -> list[Shown]:
    """What the system showed each candidate per round, and how the coach liked it."""
    found: list[Shown] = []
    for candidate_id, coach_id, candidate in tqdm(
        world, desc="demo-beslissingen", disable=not progress
    ):
        unused = list(jobs)
        rng.shuffle(unused)
        for round_ in range(ROUNDS):
            at = now - timedelta(days=30 * (ROUNDS - round_) - rng.uniform(0, 25))
            looked, unused = unused[:LOOKED_AT], unused[LOOKED_AT:]
            scored = [(job, _score(candidate, job, prior, at.date())) for job in looked]
            passing = [(j, s) for j, s in scored if isinstance(s, Suggestion)]
            passing.sort(key=lambda pair: -pair[1].score)
            for job, s in passing[:SHOWN]:
                liking = _liking(s) + rng.gauss(0, NOISE)
                found.append(Shown(candidate_id, coach_id, job, s, at, liking))
    return found


def _score(candidate: Candidate, job: VacancyRecord, prior: Weights, today: date):
    return score_pair(
        candidate,
        job.vacancy,
        semantic=_cosine_stand_in(candidate, job.vacancy),
        taxonomy=None,
        today=today,
        weights=prior,
    )


def _cosine_stand_in(candidate: Candidate, vacancy: Vacancy) -> float:
    """Word overlap of the two texts, placed on the default model's cosine scale."""
    a = set(candidate_text(candidate).lower().split())
    b = set(vacancy_text(vacancy).lower().split())
    overlap = len(a & b) / math.sqrt(max(1, len(a) * len(b)))
    low, high = DEFAULT_CALIBRATION.semantic_floor, DEFAULT_CALIBRATION.semantic_ceil
    return low + min(1.0, 3.0 * overlap) * (high - low)


def _liking(suggestion: Suggestion) -> float:
    weights = HIDDEN.as_dict()
    total = sum(weights.values())
    return sum(w * suggestion.breakdown.get(c, 0.0) for c, w in weights.items()) / total


async def _store(
    conn: asyncpg.Connection, shown: list[Shown], prior: Weights, now: datetime, rng: random.Random
) -> None:
    """Suggestions, the coach's reviews of them, and the placements of the approved."""
    suggestion_ids = await store.add_suggestions(
        conn, rows=_past_suggestions(shown), model=MODEL, weights=prior.as_dict()
    )
    approved = _approved(shown)
    reviews = [
        _review(s, i, (s.candidate_id, s.vacancy.id) in approved, rng, now)
        for s, i in zip(shown, suggestion_ids, strict=True)
    ]
    review_ids = await store.add_reviews(conn, rows=reviews)
    placements = _placements(shown, reviews, review_ids, rng, now)
    await store.add_placements(conn, rows=placements)


def _past_suggestions(shown: list[Shown]) -> list[PastSuggestion]:
    """The shown suggestions as rows of the suggestion log."""
    return [
        PastSuggestion(
            s.candidate_id,
            s.vacancy.id,
            s.suggestion.score,
            s.suggestion.breakdown,
            s.coach_id,
            s.at,
        )
        for s in shown
    ]


def _placements(
    shown: list[Shown],
    reviews: list[PastReview],
    review_ids: list[int],
    rng: random.Random,
    now: datetime,
) -> list[PastPlacement]:
    """The placements of the approved pairs; how far each got depends on how much the
    coach liked it compared with the others (`_placement`)."""
    likings = [s.liking for s in shown]
    mean, spread = sum(likings) / len(likings), _spread(likings)
    return [
        _placement(s, r, rid, (s.liking - mean) / spread, rng, now)
        for s, r, rid in zip(shown, reviews, review_ids, strict=True)
        if r.decision == "approve"
    ]


def _approved(shown: list[Shown]) -> set[tuple[int, int]]:
    """Per candidate and round, the APPROVED the coach liked best."""
    rounds: dict[tuple[int, datetime], list[Shown]] = {}
    for s in shown:
        rounds.setdefault((s.candidate_id, s.at), []).append(s)
    best = [sorted(group, key=lambda x: -x.liking)[:APPROVED] for group in rounds.values()]
    return {(s.candidate_id, s.vacancy.id) for group in best for s in group}


def _review(
    s: Shown, suggestion_id: int, approve: bool, rng: random.Random, now: datetime
) -> PastReview:
    at = min(now, s.at + timedelta(hours=rng.uniform(1, 72)))
    if approve:
        reason = (
            "perspectief" if s.suggestion.breakdown.get("perspective", 0) >= 0.6 else "goede_match"
        )
    elif rng.random() < 0.2:
        reason = rng.choice(OTHER_REASONS)  # not about the match: left out of learning
    else:
        reason = _match_reason(s.suggestion.breakdown)
    decision = "approve" if approve else "reject"
    return PastReview(
        suggestion_id,
        s.candidate_id,
        s.vacancy.id,
        s.coach_id,
        decision,
        reason,
        s.vacancy.content_hash or "",
        at,
    )


def _match_reason(breakdown: dict[str, float]) -> str:
    """The weakest of distance and skills names the rejection, else the kind of work."""
    weakest = min(("distance", "skills", "occupation"), key=lambda c: breakdown.get(c, 0.0))
    return {"distance": "te_ver", "skills": "eisen_niet_gehaald"}.get(weakest, "past_niet_bij_wens")


def _placement(
    s: Shown, review: PastReview, review_id: int, z: float, rng: random.Random, now: datetime
) -> PastPlacement:
    """How far it got: likelier the more the coach liked it, never past today."""
    at = review.at
    steps: list[tuple[str, datetime]] = []
    start: date | None = None

    def step(state: str, days: float) -> bool:
        nonlocal at
        at = at + timedelta(days=days)
        if at > now:
            return False
        steps.append((state, at))
        return True

    if rng.random() > _chance(z):
        step("candidate_declined", rng.uniform(1, 5))
    elif step("candidate_interested", rng.uniform(1, 5)) and step("shared_with_agency", 1):
        if rng.random() > _chance(z - 0.3):
            step("declined_by_agency", rng.uniform(3, 10))
        elif step("interview", rng.uniform(3, 8)) and step("hired", rng.uniform(2, 7)):
            start = (at + timedelta(days=7)).date()
            if rng.random() < _chance(z + 0.8):
                step("working_1m", 37) and step("working_3m", 61)
            else:
                step("ended", rng.uniform(10, 80))
    return PastPlacement(
        review_id, s.candidate_id, s.vacancy.id, s.coach_id, review.at, start, steps
    )


def _chance(z: float) -> float:
    return 1 / (1 + math.exp(-1.5 * z))


def _spread(values: list[float]) -> float:
    mean = sum(values) / len(values)
    return math.sqrt(sum((v - mean) ** 2 for v in values) / max(1, len(values) - 1)) or 1.0
