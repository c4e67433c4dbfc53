"""Outcomes for a municipality and a period: how many young people got from a suggestion
to a job they still have after 1, 3 and 6 months, how long that took, what jobs they
got, and how coaches and agencies did — with every group under 5 people hidden.

Who counts: the people with a suggestion shown, an approval or a proposal in the period;
their proposals of the period are followed to today. A later step counts for the
earlier ones (someone hired by hand was also approved and proposed), so the funnel never
widens. Each person counts once per step.

A group under 5 people reads "< 5", and no such figure can be worked out from the others
(web/oversight/small_groups.py). The counting is pure Python over the repository's rows
and runs in a thread (`report`)."""

from __future__ import annotations

import asyncio
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import cast

import asyncpg

from matcher.models import Vacancy
from matcher.perspective import MAX_POINTS, perspective_score
from web.accounts.repositories import organisations
from web.errors import NotFound
from web.oversight.audit_trail import Period
from web.oversight.report_periods import add_months
from web.oversight.repositories import outcomes as stored
from web.oversight.repositories.outcomes import ProposalFacts
from web.oversight.small_groups import MIN_GROUP, Figure, Hidden, hide_small, share, shown
from web.proposals.vocabulary import CHECKINS

STAGE_LABELS = {
    "suggested": "Suggestie gezien door jobcoach",
    "approved": "Goedgekeurd door jobcoach",
    "proposed": "Voorgesteld",
    "consented": "Toestemming gegeven",
    "invited": "Uitgenodigd voor gesprek",
    "hired": "Aangenomen",
    "working_1m": "Werkt na 1 maand nog",
    "working_3m": "Werkt na 3 maanden nog",
    "working_6m": "Werkt na 6 maanden nog",
}
STAGES = tuple(STAGE_LABELS)  # in the order people go through them
HIRED = STAGES.index("hired")
HIRED_STATES = frozenset({"hired", "working_1m", "working_3m", "working_6m"})
CHECKIN_OF_STATE = {to_state: months for to_state, months in CHECKINS.values()}
CHECKIN_MONTHS = tuple(months for _state, months in CHECKINS.values())  # 1, 3, 6
# Days from intake to the first job, and perspective scores, in bars.
DAY_BARS = (
    ("binnen 1 maand", 0, 31),
    ("1 tot 3 maanden", 31, 92),
    ("3 tot 6 maanden", 92, 183),
    ("6 tot 12 maanden", 183, 366),
    ("een jaar of langer", 366, None),
)
SCORE_BARS = (
    ("0–19", 0, 20),
    ("20–39", 20, 40),
    ("40–59", 40, 60),
    ("60–79", 60, 80),
    ("80–100", 80, None),
)
# The job's own quality: the distance to someone's home is not part of what they got.
UNKNOWN = "Onbekende jobcoach"
JOB_POINTS = {name: points for name, points in MAX_POINTS.items() if name != "distance"}


@dataclass(frozen=True)
class Stage:
    code: str
    label: str
    people: Figure
    share_of_previous: float | None  # 0–100


@dataclass(frozen=True)
class Retention:
    months: int
    eligible: Figure  # hired at least `months` ago
    working: Figure  # reached the check-in
    stopped: Figure  # every such job ended before it
    unknown: Figure  # check-in not recorded yet
    rate: float | None  # working / eligible, 0–100


@dataclass(frozen=True)
class Bar:
    label: str
    people: Figure


@dataclass(frozen=True)
class Distribution:
    people: Figure
    median: float | None
    bars: list[Bar]


@dataclass(frozen=True)
class GroupRow:
    """A coach (who proposed) or an agency (whose vacancy): people, not proposals, count."""

    name: str
    people: Figure
    proposals: Figure
    hired: Figure
    response_hours: float | None  # median, shared with the agency → its first answer


@dataclass(frozen=True)
class OutcomeReport:
    municipality: str
    period: Period
    today: date
    funnel: list[Stage]
    retention: list[Retention]
    days_to_job: Distribution
    job_scores: Distribution
    coaches: list[GroupRow]
    agencies: list[GroupRow]
    computed_at: datetime


def proposal_stages(p: ProposalFacts) -> int:
    """How far a proposal got, as an index into STAGES (2 = proposed at least); its
    timeline and its state both count (a step implies the ones before it)."""
    months = max(p.checkin_months, CHECKIN_OF_STATE.get(p.state, 0))
    if months:
        return STAGES.index(f"working_{months}m")
    if p.hired_at is not None or p.start_date is not None or p.state in HIRED_STATES:
        return HIRED
    if p.invited or p.state == "interview":
        return STAGES.index("invited")
    return STAGES.index("consented" if p.consented else "proposed")


@dataclass(frozen=True, slots=True)
class Followed:
    """A proposal and how far it got (worked out once: every figure asks)."""

    p: ProposalFacts
    stage: int

    @property
    def hired(self) -> bool:
        return self.stage >= HIRED


def follow(proposals: list[ProposalFacts]) -> list[Followed]:
    return [Followed(p, proposal_stages(p)) for p in proposals]


def furthest_stage(
    suggested: Iterable[int], approved: Iterable[int], proposals: list[Followed]
) -> dict[int, int]:
    """Per person, the furthest step reached (an index into STAGES)."""
    furthest: dict[int, int] = {}
    for people, stage in ((suggested, 0), (approved, 1)):
        for person in people:
            furthest[person] = max(furthest.get(person, 0), stage)
    for f in proposals:
        furthest[f.p.person_id] = max(furthest.get(f.p.person_id, 0), f.stage)
    return furthest


def funnel(furthest: dict[int, int]) -> list[Stage]:
    reached = [sum(1 for f in furthest.values() if f >= i) for i in range(len(STAGES))]
    figures = [shown(n) for n in reached]
    return [
        Stage(code, STAGE_LABELS[code], figure, share(figure, figures[i - 1]) if i else None)
        for i, (code, figure) in enumerate(zip(STAGES, figures, strict=True))
    ]


def hire_moment(p: ProposalFacts) -> datetime | date | None:
    return p.hired_at or p.start_date


def first_jobs(proposals: list[Followed]) -> dict[int, ProposalFacts]:
    """Per person hired in the period, the placement they were hired for first."""
    first: dict[int, ProposalFacts] = {}
    for p in sorted((f.p for f in proposals if f.hired), key=_hire_order):
        first.setdefault(p.person_id, p)
    return first


def _hire_order(p: ProposalFacts) -> tuple[date, int]:
    moment = hire_moment(p)
    day = moment.date() if isinstance(moment, datetime) else moment
    return (day or date.max, p.id)


def retention(proposals: list[Followed], today: date) -> list[Retention]:
    hires: dict[int, list[Followed]] = defaultdict(list)
    for f in proposals:
        if f.hired:
            hires[f.p.person_id].append(f)
    return [_retention_at(months, list(hires.values()), today) for months in CHECKIN_MONTHS]


def _retention_at(months: int, people: list[list[Followed]], today: date) -> Retention:
    checkin = STAGES.index(f"working_{months}m")
    working = stopped = unknown = 0
    for jobs in people:
        if any(f.stage >= checkin for f in jobs):
            working += 1
            continue
        due = [f.p for f in jobs if f.p.start_date and add_months(f.p.start_date, months) <= today]
        if due and all(p.state == "ended" for p in due):
            stopped += 1
        elif due:
            unknown += 1
    eligible = working + stopped + unknown
    if eligible < MIN_GROUP:
        small = Hidden.SMALL
        return Retention(months, small, small, small, small, None)
    # Who still works is in the funnel too: it stays shown, the whole is hidden instead.
    parts, whole_ok = hide_small([working, stopped, unknown], public=[0])
    whole: Figure = eligible if whole_ok else Hidden.GUARD
    working_shown, stopped_shown, unknown_shown = parts
    rate = share(working_shown, whole)
    return Retention(months, whole, working_shown, stopped_shown, unknown_shown, rate)


def distribution(
    values: Sequence[float], bars: tuple[tuple[str, int, int | None], ...]
) -> Distribution:
    counts = [
        sum(1 for v in values if low <= v and (high is None or v < high)) for _, low, high in bars
    ]
    enough = len(values) >= MIN_GROUP
    figures = hide_small(counts)[0] if enough else [Hidden.SMALL for _ in bars]
    median = float(statistics.median(values)) if enough else None
    labels = [label for label, _, _ in bars]
    return Distribution(
        shown(len(values)), median, [Bar(*b) for b in zip(labels, figures, strict=True)]
    )


def days_to_job(first: dict[int, ProposalFacts]) -> Distribution:
    days = []
    for p in first.values():
        hired = hire_moment(p)
        if p.intake_at is not None and hired is not None:
            hired_day = hired.date() if isinstance(hired, datetime) else hired
            days.append(max(0, (hired_day - p.intake_at.date()).days))
    return distribution(days, DAY_BARS)


def job_scores(first: dict[int, ProposalFacts], jobs: dict[int, Vacancy]) -> Distribution:
    scores = [
        perspective_score(
            jobs[p.vacancy_id],
            candidate_age=_age_on(p.birth_date, p.start_date),
            max_points=JOB_POINTS,
        ).score
        for p in first.values()
        if p.vacancy_id in jobs
    ]
    return distribution(scores, SCORE_BARS)


def _age_on(birth: date | None, day: date | None) -> int | None:
    if birth is None or day is None:
        return None
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def group_rows(
    proposals: list[Followed], key: Callable[[ProposalFacts], tuple[int | None, str]]
) -> list[GroupRow]:
    """One row per coach or agency, sorted by name, small rows hidden whole."""
    groups: dict[tuple[int | None, str], list[Followed]] = defaultdict(list)
    for f in proposals:
        groups[key(f.p)].append(f)
    ordered = sorted(groups.items(), key=lambda item: (item[0][1].lower(), item[0][0] or 0))
    people = [len({f.p.person_id for f in fs}) for _, fs in ordered]
    hired = [len({f.p.person_id for f in fs if f.hired}) for _, fs in ordered]
    people_shown, _ = hide_small(people)
    small = [i for i, n in enumerate(people_shown) if n is Hidden.SMALL]
    hired_shown, _ = hide_small(hired, also=small)
    return [
        GroupRow(
            name,
            people_shown[i],
            Hidden.GUARD if i in small else len(fs),
            hired_shown[i],
            None if i in small else _median_response(fs),
        )
        for i, ((_, name), fs) in enumerate(ordered)
    ]


def _median_response(proposals: list[Followed]) -> float | None:
    answered = [f.p for f in proposals if f.p.shared_at and f.p.answered_at]
    if len({p.person_id for p in answered}) < MIN_GROUP:
        return None
    hours = [
        max(0.0, (p.answered_at - p.shared_at).total_seconds() / 3600)
        for p in answered
        if p.answered_at and p.shared_at
    ]
    return float(statistics.median(hours))


@dataclass(frozen=True)
class OutcomeFacts:
    """What the report is computed from (read by `read_facts`)."""

    suggested: list[int]
    approved: list[int]
    proposals: list[ProposalFacts]
    jobs: dict[int, Vacancy]  # the vacancies people were hired for
    coach_names: dict[int, str]
    agency_names: dict[int, str]


def compute(
    facts: OutcomeFacts, *, municipality: str, period: Period, today: date
) -> OutcomeReport:
    """The whole report from the rows: CPU only (run it off the event loop)."""
    proposals = follow(facts.proposals)
    first = first_jobs(proposals)
    return OutcomeReport(
        municipality=municipality,
        period=period,
        today=today,
        funnel=funnel(furthest_stage(facts.suggested, facts.approved, proposals)),
        retention=retention(proposals, today),
        days_to_job=days_to_job(first),
        job_scores=job_scores(first, facts.jobs),
        coaches=group_rows(
            proposals, lambda p: (p.coach_id, facts.coach_names.get(p.coach_id or 0, UNKNOWN))
        ),
        agencies=group_rows(proposals, lambda p: (p.agency_id, facts.agency_names[p.agency_id])),
        computed_at=datetime.now(UTC),
    )


async def read_facts(
    conn: asyncpg.Connection, *, municipality_id: int, period: Period
) -> OutcomeFacts:
    since, until = period.bounds()
    assert since is not None and until is not None
    org, at = municipality_id, {"since": since, "until": until}
    proposals = await stored.proposals(conn, municipality_id=org, **at)
    coaches, agencies, jobs = await asyncio.to_thread(_ids, proposals)
    return OutcomeFacts(
        suggested=await stored.suggested(conn, municipality_id=org, **at),
        approved=await stored.approved(conn, municipality_id=org, **at),
        proposals=proposals,
        jobs=await stored.vacancies(conn, ids=jobs),
        coach_names=await stored.coach_names(conn, ids=coaches),
        agency_names=await stored.organisation_names(conn, ids=agencies),
    )


def _ids(proposals: list[ProposalFacts]) -> tuple[list[int], list[int], list[int]]:
    """The coaches, the agencies and the vacancies people were hired for."""
    coaches = {p.coach_id for p in proposals if p.coach_id is not None}
    jobs = {p.vacancy_id for p in proposals if proposal_stages(p) >= HIRED}
    return sorted(coaches), sorted({p.agency_id for p in proposals}), sorted(jobs)


async def report(
    conn: asyncpg.Connection, *, municipality_id: int, period: Period, today: date
) -> OutcomeReport:
    """The outcome report of one municipality and period (inclusive Amsterdam days)."""
    municipality = await organisations.by_id(conn, organisation_id=municipality_id)
    if municipality is None or municipality.kind != "municipality":
        raise NotFound("Deze gemeente bestaat niet.")
    facts = await read_facts(conn, municipality_id=municipality_id, period=period)
    return await asyncio.to_thread(
        compute, facts, municipality=municipality.name, period=period, today=today
    )


async def pooled_report(
    pool: asyncpg.Pool, *, municipality_id: int, period: Period, today: date
) -> OutcomeReport:
    """`report` on a connection of its own, in one read-only snapshot (the figures of
    all four reads agree), for a computation that outlives the request asking for it."""
    async with (
        pool.acquire() as proxy,
        proxy.transaction(isolation="repeatable_read", readonly=True),
    ):
        conn = cast(asyncpg.Connection, proxy)
        return await report(conn, municipality_id=municipality_id, period=period, today=today)
