"""The candidate's own proposals as job cards (their answers: proposals/candidate_answers.py).

A candidate only ever sees proposals: pairs a jobcoach approved. Raw suggestions,
reviews, coach notes and anything from `candidate_restrictions` are never read here.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date

import asyncpg

from matcher import geo
from matcher.calibration import DEFAULT_CALIBRATION, Calibration
from matcher.constraints import age_on
from matcher.fit import skills_held
from matcher.models import Candidate, Vacancy
from matcher.perspective import perspective_score
from matcher.taxonomy_lookups import TaxonomyLike
from web.accounts.repositories import organisations
from web.candidates.consents import CONSENT_STATES
from web.candidates.repositories import consents
from web.candidates.repositories.candidates import CandidateRecord
from web.matching import kill_switch
from web.matching.service import MatchingService
from web.pages.candidate import plain
from web.proposals.candidate_answers import own_proposal
from web.proposals.repositories import proposals
from web.proposals.repositories.proposals import Proposal
from web.proposals.vocabulary import TERMINAL_STATES
from web.vacancies.repositories import vacancies
from web.vacancies.repositories.vacancies import VacancyRecord

# What the state means for them, in their words.
STATE_TEXT = {
    "proposed": "Nieuw van je jobcoach",
    "candidate_interested": "Je zei: lijkt me wat",
    "candidate_declined": "Je zei: niet voor mij",
    "shared_with_agency": "Je jobcoach heeft je voorgesteld bij de werkgever",
    "interview": "Je bent uitgenodigd voor een gesprek",
    "hired": "Je bent aangenomen",
    "declined_by_agency": "De werkgever kiest iemand anders",
    "withdrawn": "Deze baan gaat niet door",
    "working_1m": "Je werkt hier",
    "working_3m": "Je werkt hier",
    "working_6m": "Je werkt hier",
    "ended": "Gestopt",
}


HAS_JOB_STATES = frozenset({"hired", "working_1m", "working_3m", "working_6m"})


@dataclass(frozen=True)
class JobCard:
    proposal_id: int
    state: str
    state_text: str
    title: str
    employer: str
    place: str | None
    travel: str | None
    hours: str
    wage: list[str]
    good_step: list[str]
    fits_you: list[str]
    consented: bool

    @property
    def can_answer(self) -> bool:
        return self.state == "proposed"

    @property
    def has_job(self) -> bool:
        """They work there: the employer knows them, so nobody asks about their name."""
        return self.state in HAS_JOB_STATES

    @property
    def can_consent(self) -> bool:
        return self.state in CONSENT_STATES and not self.has_job

    @property
    def active(self) -> bool:
        return self.state not in TERMINAL_STATES


def build_card(
    candidate: CandidateRecord,
    proposal: Proposal,
    vacancy: VacancyRecord,
    *,
    organisation_name: str,
    consented: bool,
    today: date,
    held: tuple[str, ...],
) -> JobCard:
    """`held`: the requested skills they have (`skills_of`)."""
    person, job = candidate.to_matcher(), vacancy.vacancy
    km = geo.distance_km(person.location, job.location)
    age = age_on(person.birth_date, today) if person.birth_date else None
    return JobCard(
        proposal_id=proposal.id,
        state=proposal.state,
        state_text=STATE_TEXT.get(proposal.state, proposal.state),
        title=vacancy.title,
        employer=vacancy.employer_name or organisation_name,
        place=vacancy.city,
        travel=plain.travel_line(km, person.travel_mode),
        hours=plain.hours_line(job),
        wage=plain.wage_lines(person, job),
        good_step=plain.good_step(perspective_score(job, candidate_age=age, km=km)),
        fits_you=plain.fits_you(person, job, held),
        consented=consented,
    )


async def skills_of(
    conn: asyncpg.Connection,
    matching: MatchingService | None,
    candidate: CandidateRecord,
    jobs: list[VacancyRecord],
) -> list[tuple[str, ...]]:
    """Per vacancy, the requested skills they have, by the test of the coach's card
    (matcher.fit.skills_held): with ESCO in the engine thread while their municipality
    has suggestions on, else in words alone (in a thread either way)."""
    person, asked = candidate.to_matcher(), [v.vacancy for v in jobs]
    if matching is not None and await kill_switch.suggestions_on(
        conn, organisation_id=candidate.organisation_id
    ):
        engine = matching.engine
        return await matching.thread.run(_held, person, asked, engine.taxonomy, engine.calibration)
    return await asyncio.to_thread(_held, person, asked, None)


def _held(
    person: Candidate,
    asked: list[Vacancy],
    taxonomy: TaxonomyLike | None,
    calibration: Calibration = DEFAULT_CALIBRATION,
) -> list[tuple[str, ...]]:
    return [skills_held(person, v, taxonomy, calibration) for v in asked]


async def cards(
    conn: asyncpg.Connection,
    *,
    candidate: CandidateRecord,
    matching: MatchingService | None,
) -> list[JobCard]:
    """All of their proposals as cards, newest first."""
    found = await proposals.for_candidate(conn, candidate_id=candidate.id)
    records = await vacancies.by_ids(conn, vacancy_ids=[p.vacancy_id for p in found])
    by_id = {v.id: v for v in records}
    held_per_job = await skills_of(conn, matching, candidate, list(by_id.values()))
    held = dict(zip(by_id, held_per_job, strict=True))
    consented = await consents.active_proposal_ids(conn, candidate_id=candidate.id)
    names = {o: await _organisation_name(conn, o) for o in {v.organisation_id for v in records}}
    return [
        build_card(
            candidate,
            proposal,
            by_id[proposal.vacancy_id],
            organisation_name=names[by_id[proposal.vacancy_id].organisation_id],
            consented=proposal.id in consented,
            today=date.today(),
            held=held[proposal.vacancy_id],
        )
        for proposal in found
    ]


async def card(
    conn: asyncpg.Connection,
    *,
    candidate: CandidateRecord,
    proposal_id: int,
    matching: MatchingService | None,
) -> JobCard:
    """One of their cards; raises NotYours for anyone else's proposal."""
    proposal = await own_proposal(conn, candidate=candidate, proposal_id=proposal_id)
    vacancy = await vacancies.by_id(conn, vacancy_id=proposal.vacancy_id)
    assert vacancy is not None  # proposals reference vacancies (foreign key)
    consented = await consents.active_proposal_ids(conn, candidate_id=candidate.id)
    [held] = await skills_of(conn, matching, candidate, [vacancy])
    return build_card(
        candidate,
        proposal,
        vacancy,
        organisation_name=await _organisation_name(conn, vacancy.organisation_id),
        consented=proposal.id in consented,
        today=date.today(),
        held=held,
    )


async def _organisation_name(conn: asyncpg.Connection, organisation_id: int) -> str:
    organisation = await organisations.by_id(conn, organisation_id=organisation_id)
    return organisation.name if organisation else ""
