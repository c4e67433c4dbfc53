"""Placements on the coach's and the agency's pages: a start date at the hire, check-ins
offered only from their day ("vanaf <datum>" before it), a timeline per proposal at the
top of the candidate's page, and a caseload status that follows the pipeline (issue 13)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.factories import (
    PASSWORD,
    make_candidate,
    make_org,
    make_shared_proposal,
    make_user,
    make_vacancy,
)
from tests.web.conftest import csrf_token, login
from web.formatting import day
from web.proposals import service
from web.proposals.repositories import proposals
from web.vacancies.repositories import vacancies

SHARED = ("proposed", "candidate_interested", "shared_with_agency")


@pytest.fixture
async def world(client, conn):
    coach = await make_user(conn, role="jobcoach")
    mohamed = await make_candidate(conn, coach=coach, first_name="Mohamed")
    agency = await make_org(conn, kind="agency")
    await login(client, coach.email, PASSWORD)
    return coach, mohamed, agency


async def _shared(conn, coach, candidate, agency, employer: str) -> int:
    """A proposal made by the coach (reason "goede_match") and shared with the agency."""
    vacancy_id = await make_vacancy(
        conn, org=agency, title="Bezorger pakketten", employer_name=employer
    )
    vacancy = await vacancies.by_id(conn, vacancy_id=vacancy_id)
    made = await service.propose(
        conn, coach=coach, candidate_id=candidate.id, vacancy=vacancy, reason_code="goede_match"
    )
    for from_state, to_state in zip(SHARED, SHARED[1:], strict=False):
        await service.transition(
            conn,
            actor=coach,
            proposal_id=made.proposal_id,
            from_state=from_state,
            to_state=to_state,
        )
    return made.proposal_id


async def _move(client, proposal_id: int, from_state: str, to_state: str, **extra):
    token = await csrf_token(client, "/coach")
    data = {"csrf_token": token, "from_state": from_state, "to_state": to_state, **extra}
    return await client.post(f"/coach/proposals/{proposal_id}/transition", data=data)


async def test_the_timeline_is_at_the_top_per_proposal_in_plain_dutch(client, conn, world):
    coach, mohamed, agency = world
    first = await _shared(conn, coach, mohamed, agency, "PostNL")
    await _shared(conn, coach, mohamed, agency, "DHL")
    await conn.execute(
        "INSERT INTO consents (proposal_id, candidate_id, withdrawn_at) VALUES ($1, $2, now())",
        first,
        mohamed.id,
    )
    page = (await client.get(f"/coach/candidates/{mohamed.id}")).text
    assert 'href="#tijdlijn"' in page
    assert page.index('id="tijdlijn"') < page.index('id="suggestions"')
    timeline = page.split('id="tijdlijn"')[1].split('id="suggestions"')[0]
    assert "Bezorger pakketten</strong> bij PostNL" in timeline
    assert "Bezorger pakketten</strong> bij DHL" in timeline
    assert "(Past goed bij wat de kandidaat wil en kan)" in timeline
    assert "goede match" not in timeline and "goede_match" not in timeline
    assert "Kandidaat gaf toestemming" in timeline and "trok de toestemming in" in timeline
    postnl = timeline.split("bij PostNL")[1].split('<ol class="timeline">')[1].split("</ol>")[0]
    steps = ["Voorgesteld door jobcoach", "Kandidaat heeft interesse", "Gedeeld met werkgever"]
    assert [postnl.index(s) for s in steps] == sorted(postnl.index(s) for s in steps)


async def test_a_checkin_is_offered_only_from_its_day(client, conn, world):
    coach, mohamed, agency = world
    proposal_id = await _shared(conn, coach, mohamed, agency, "PostNL")
    start = date.today() + timedelta(days=3)
    hired = await _move(
        client, proposal_id, "shared_with_agency", "hired", start_date=start.isoformat()
    )
    assert hired.status_code == 303
    placement = await proposals.by_id(conn, proposal_id=proposal_id)
    assert placement.start_date == start
    page = (await client.get(f"/coach/candidates/{mohamed.id}")).text
    assert f"Werkt na 1 maand nog: vanaf {day(placement.checkin_opens_on)}" in page
    assert '"to_state" value="working_1m"' not in page
    early = await _move(client, proposal_id, "hired", "working_1m")
    assert early.status_code == 409 and "kan pas vanaf" in early.text
    token = await csrf_token(client, "/coach")
    moved = await client.post(
        f"/coach/proposals/{proposal_id}/start-date",
        data={"csrf_token": token, "start_date": (date.today() - timedelta(days=40)).isoformat()},
    )
    assert moved.status_code == 303
    page = (await client.get(f"/coach/candidates/{mohamed.id}")).text
    assert '"to_state" value="working_1m"' in page and "te doen sinds" in page
    assert (await _move(client, proposal_id, "hired", "working_1m")).status_code == 303


async def test_a_start_date_that_is_no_date_is_refused_in_dutch(client, conn, world):
    coach, mohamed, agency = world
    proposal_id = await _shared(conn, coach, mohamed, agency, "PostNL")
    refused = await _move(client, proposal_id, "shared_with_agency", "hired", start_date="morgen")
    assert refused.status_code == 422 and "dag-maand-jaar" in refused.text
    assert (await proposals.by_id(conn, proposal_id=proposal_id)).state == "shared_with_agency"


async def test_the_caseload_status_follows_a_hire(client, conn, world):
    coach, mohamed, agency = world
    proposal_id = await _shared(conn, coach, mohamed, agency, "PostNL")
    await _move(client, proposal_id, "shared_with_agency", "hired")
    working = await client.get("/coach", params={"status": "working"})
    assert "Mohamed" in working.text
    proposed = await client.get("/coach", params={"status": "proposed"})
    assert "Mohamed" not in proposed.text


async def test_an_agency_hires_with_a_start_date(client, conn):
    agency = await make_org(conn, kind="agency")
    planner = await make_user(conn, role="agency", org=agency)
    coach = await make_user(conn, role="jobcoach")
    candidate = await make_candidate(conn, coach=coach)
    proposal_id = await make_shared_proposal(
        conn,
        candidate_id=candidate.id,
        vacancy_id=await make_vacancy(conn, org=agency),
        consent=True,
    )
    await login(client, planner.email, PASSWORD)
    page = await client.get(f"/agency/proposals/{proposal_id}")
    assert 'name="start_date" type="date"' in page.text
    token = await csrf_token(client, f"/agency/proposals/{proposal_id}")
    start = date.today() + timedelta(days=7)
    hired = await client.post(
        f"/agency/proposals/{proposal_id}/answer",
        data={"csrf_token": token, "action": "hire", "start_date": start.isoformat()},
    )
    assert hired.status_code == 303
    assert (await proposals.by_id(conn, proposal_id=proposal_id)).start_date == start
    status = await conn.fetchval("SELECT status FROM candidates WHERE id = $1", candidate.id)
    assert status == "working"
