"""A small world for the candidate pages: two candidates of one coach, approved proposals,
coach-only restrictions and notes that must never reach a candidate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

import httpx
import pytest

from tests.factories import PASSWORD, make_candidate, make_org, make_user, make_vacancy
from tests.web.conftest import login
from web.accounts.repositories.users import User
from web.candidates.repositories import candidates
from web.candidates.repositories.candidates import CandidateRecord
from web.proposals import service as placements
from web.vacancies.repositories import vacancies

COACH_NOTE = "Let op: gesprek met reclassering vrijdag"


@dataclass(frozen=True)
class CandidateWorld:
    coach: User
    me: User
    candidate: CandidateRecord
    other: CandidateRecord
    agency: User
    my_proposal: int
    other_proposal: int
    unapproved_vacancy: int


async def approve(conn, coach: User, candidate_id: int, vacancy_id: int, note: str = "") -> int:
    vacancy = await vacancies.by_id(conn, vacancy_id=vacancy_id)
    decided = await placements.decide(
        conn,
        coach=coach,
        candidate_id=candidate_id,
        vacancy=vacancy,
        decision="approve",
        reason_code="goede_match",
        note=note,
    )
    assert decided.proposal_id is not None
    return decided.proposal_id


@pytest.fixture
async def world(conn) -> CandidateWorld:
    municipality = await make_org(conn, kind="municipality")
    agency_org = await make_org(conn, kind="agency", name="Domstad Uitzend")
    coach = await make_user(conn, role="jobcoach", org=municipality)
    me = await make_user(conn, role="candidate", org=municipality)
    candidate = await make_candidate(
        conn,
        coach=coach,
        user_id=me.id,
        first_name="Sem",
        last_name="de Vries",
        interests="buiten werken",
        certificates=["VCA"],
        hours_min=24.0,
        hours_max=32.0,
    )
    await conn.execute("UPDATE candidates SET phone = '06-12345678' WHERE id = $1", candidate.id)
    await candidates.set_restrictions(
        conn,
        candidate_id=candidate.id,
        updated_by=coach.id,
        curfew_start=time(22, 0),
        curfew_end=time(6, 0),
        reporting_weekdays=(0,),
        vog_risk=True,
    )
    other = await make_candidate(conn, coach=coach, first_name="Noor", last_name="Bakker")
    job = await make_vacancy(
        conn,
        org=agency_org,
        title="Hovenier",
        description="Je werkt buiten in parken en tuinen.",
        employer_name="Groen Utrecht",
        skills=["orders verzamelen"],
        required_certificates=["VCA"],
        hourly_wage=15.0,
        contract_type="tijdelijk",
        permanent_after_months=6,
        training="Snoeicursus",
    )
    other_job = await make_vacancy(conn, org=agency_org, title="Kassamedewerker Noor")
    unapproved = await make_vacancy(conn, org=agency_org, title="Nooit goedgekeurd")
    return CandidateWorld(
        coach=coach,
        me=me,
        candidate=candidate,
        other=other,
        agency=await make_user(conn, role="agency", org=agency_org),
        my_proposal=await approve(conn, coach, candidate.id, job, note=COACH_NOTE),
        other_proposal=await approve(conn, coach, other.id, other_job),
        unapproved_vacancy=unapproved,
    )


@pytest.fixture
async def me_client(client: httpx.AsyncClient, world: CandidateWorld) -> httpx.AsyncClient:
    assert (await login(client, world.me.email, PASSWORD)).status_code == 303
    return client
