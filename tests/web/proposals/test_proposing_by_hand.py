"""A coach proposes a vacancy they found themselves: the approve path without a
suggestion (same reasons, audit, exactly-once), also with the kill switch on; and the
caseload status follows the pipeline after it."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest

from tests.factories import make_candidate, make_org, make_user, make_vacancy
from web.accounts.repositories import organisations
from web.proposals import service
from web.vacancies.repositories import vacancies


async def _vacancy(conn, **values):
    vacancy_id = await make_vacancy(conn, org=await make_org(conn), **values)
    return await vacancies.by_id(conn, vacancy_id=vacancy_id)


async def _propose(conn, coach, candidate, vacancy, reason: str = "wens_kandidaat"):
    return await service.propose(
        conn, coach=coach, candidate_id=candidate.id, vacancy=vacancy, reason_code=reason
    )


async def _status(conn, candidate) -> str:
    return await conn.fetchval("SELECT status FROM candidates WHERE id = $1", candidate.id)


async def test_a_proposal_by_hand_has_its_reason_event_and_audit(conn):
    coach = await make_user(conn, role="jobcoach")
    candidate = await make_candidate(conn, coach=coach)
    made = await _propose(conn, coach, candidate, await _vacancy(conn), "opleiding")
    review = await conn.fetchrow(
        "SELECT suggestion_id, decision, reason_code FROM reviews WHERE id = $1", made.review_id
    )
    assert dict(review) == {
        "suggestion_id": None,
        "decision": "approve",
        "reason_code": "opleiding",
    }
    event = await conn.fetchrow(
        "SELECT to_state, reason_code, actor_id FROM proposal_events WHERE proposal_id = $1",
        made.proposal_id,
    )
    assert dict(event) == {"to_state": "proposed", "reason_code": "opleiding", "actor_id": coach.id}
    assert await conn.fetchval(
        "SELECT count(*) FROM audit_log WHERE action = 'proposal_created' AND object_id = $1",
        made.proposal_id,
    )
    with pytest.raises(service.DecisionError, match="reden"):
        await _propose(conn, coach, candidate, await _vacancy(conn), "te_ver")  # a reject code


async def test_two_proposals_by_hand_at_once_make_one(database_url, conn):
    coach = await make_user(conn, role="jobcoach")
    candidate = await make_candidate(conn, coach=coach)
    vacancy = await _vacancy(conn)
    pool = await asyncpg.create_pool(database_url, min_size=2, max_size=2)

    async def propose() -> service.Decision:
        async with pool.acquire() as c, c.transaction():
            return await _propose(c, coach, candidate, vacancy)

    results = await asyncio.gather(propose(), propose())
    await pool.close()
    assert sum(r.proposal_id is not None for r in results) == 1
    assert await conn.fetchval("SELECT count(*) FROM proposals") == 1
    assert await conn.fetchval("SELECT count(*) FROM reviews") == 1
    assert await conn.fetchval("SELECT count(*) FROM proposal_events") == 1
    assert (
        await conn.fetchval("SELECT count(*) FROM audit_log WHERE action = 'proposal_created'") == 1
    )


async def test_proposing_by_hand_works_with_the_kill_switch_on(conn):
    coach = await make_user(conn, role="jobcoach")
    await organisations.set_suggestions(conn, organisation_id=coach.organisation_id, enabled=False)
    candidate = await make_candidate(conn, coach=coach)
    made = await _propose(conn, coach, candidate, await _vacancy(conn))
    assert made.proposal_id is not None


async def test_a_pair_rejected_as_a_suggestion_can_still_be_proposed_by_hand(conn):
    coach = await make_user(conn, role="jobcoach")
    candidate = await make_candidate(conn, coach=coach)
    vacancy = await _vacancy(conn)
    for _twice in range(2):
        await service.decide(
            conn,
            coach=coach,
            candidate_id=candidate.id,
            vacancy=vacancy,
            decision="reject",
            reason_code="eisen_niet_gehaald",
        )
    assert await conn.fetchval("SELECT count(*) FROM reviews") == 1  # a double click
    made = await _propose(conn, coach, candidate, vacancy)
    assert made.proposal_id is not None
    assert (await _propose(conn, coach, candidate, vacancy)).proposal_id is None


async def test_a_closed_vacancy_cannot_be_proposed_by_hand(conn):
    coach = await make_user(conn, role="jobcoach")
    candidate = await make_candidate(conn, coach=coach)
    with pytest.raises(service.VacancyNotOpen, match="vervuld"):
        await _propose(conn, coach, candidate, await _vacancy(conn, status="filled"))
    assert await conn.fetchval("SELECT count(*) FROM reviews") == 0


async def _step(conn, coach, proposal_id: int, path: list[str], reason: str | None = None):
    for from_state, to_state in zip(path, path[1:], strict=False):
        last = to_state == path[-1]
        assert await service.transition(
            conn,
            actor=coach,
            proposal_id=proposal_id,
            from_state=from_state,
            to_state=to_state,
            reason_code=reason if last else None,
        )


SHARED = ["proposed", "candidate_interested", "shared_with_agency"]


async def test_the_caseload_status_follows_the_pipeline(conn):
    coach = await make_user(conn, role="jobcoach")
    mohamed = await make_candidate(conn, coach=coach, first_name="Mohamed")
    assert await _status(conn, mohamed) == "new"
    hired = await _propose(conn, coach, mohamed, await _vacancy(conn))
    assert await _status(conn, mohamed) == "proposed"
    await _step(conn, coach, hired.proposal_id, [*SHARED, "hired"])
    assert await _status(conn, mohamed) == "working"
    other = await _propose(conn, coach, mohamed, await _vacancy(conn))
    assert await _status(conn, mohamed) == "working"  # a new proposal while at work
    await _step(conn, coach, other.proposal_id, ["proposed", "withdrawn"])
    await _step(conn, coach, hired.proposal_id, ["hired", "ended"], "contract_afgelopen")
    assert await _status(conn, mohamed) == "searching"


async def test_after_a_refusal_the_candidate_is_searching_when_nothing_else_is_open(conn):
    coach = await make_user(conn, role="jobcoach")
    jesse = await make_candidate(conn, coach=coach, first_name="Jesse")
    first = await _propose(conn, coach, jesse, await _vacancy(conn))
    second = await _propose(conn, coach, jesse, await _vacancy(conn))
    await _step(conn, coach, first.proposal_id, [*SHARED, "declined_by_agency"], "anders")
    assert await _status(conn, jesse) == "proposed"  # the second is still open
    await _step(conn, coach, second.proposal_id, ["proposed", "candidate_declined"], "te_ver")
    assert await _status(conn, jesse) == "searching"


async def test_a_paused_candidate_stays_paused(conn):
    coach = await make_user(conn, role="jobcoach")
    candidate = await make_candidate(conn, coach=coach, status="paused")
    made = await _propose(conn, coach, candidate, await _vacancy(conn))
    await _step(conn, coach, made.proposal_id, [*SHARED, "hired"])
    assert await _status(conn, candidate) == "paused"
