"""Decisions and the placement state machine against a real PostgreSQL."""

from __future__ import annotations

import asyncio
import itertools

import asyncpg
import pytest

from tests.factories import make_candidate, make_org, make_user, make_vacancy
from web.proposals import service
from web.proposals.repositories import proposals
from web.proposals.vocabulary import STATE_LABELS
from web.vacancies.repositories import vacancies

ALL_STATES = sorted(STATE_LABELS)


async def _pair(conn):
    coach = await make_user(conn, role="jobcoach")
    candidate = await make_candidate(conn, coach=coach)
    vacancy = await vacancies.by_id(
        conn, vacancy_id=await make_vacancy(conn, org=await make_org(conn))
    )
    return coach, candidate, vacancy


async def _approve(conn, coach, candidate, vacancy):
    return await service.decide(
        conn,
        coach=coach,
        candidate_id=candidate.id,
        vacancy=vacancy,
        decision="approve",
        reason_code="goede_match",
    )


async def test_approve_creates_one_proposal_with_an_event(conn):
    coach, candidate, vacancy = await _pair(conn)
    first = await _approve(conn, coach, candidate, vacancy)
    again = await _approve(conn, coach, candidate, vacancy)
    assert first.proposal_id is not None and again.proposal_id is None
    events = await proposals.timeline(conn, candidate_id=candidate.id)
    assert [(e.from_state, e.to_state) for e in events] == [(None, "proposed")]
    assert (
        await conn.fetchval("SELECT status FROM candidates WHERE id = $1", candidate.id)
        == "proposed"
    )


async def test_decision_needs_a_listed_reason(conn):
    coach, candidate, vacancy = await _pair(conn)
    with pytest.raises(service.DecisionError, match="reden"):
        await service.decide(
            conn,
            coach=coach,
            candidate_id=candidate.id,
            vacancy=vacancy,
            decision="reject",
            reason_code="whatever",
        )


async def test_fifty_simultaneous_approvals_make_one_proposal_and_one_audit_event(
    database_url, conn
):
    coach, candidate, vacancy = await _pair(conn)
    pool = await asyncpg.create_pool(database_url, min_size=10, max_size=50)

    async def approve() -> service.Decision:
        async with pool.acquire() as c, c.transaction():
            return await _approve(c, coach, candidate, vacancy)

    results = await asyncio.gather(*[approve() for _ in range(50)])
    await pool.close()
    assert sum(r.proposal_id is not None for r in results) == 1
    assert await conn.fetchval("SELECT count(*) FROM proposals") == 1
    assert await conn.fetchval("SELECT count(*) FROM reviews") == 1
    assert (
        await conn.fetchval("SELECT count(*) FROM audit_log WHERE action = 'proposal_created'") == 1
    )


async def _proposal(conn):
    coach, candidate, vacancy = await _pair(conn)
    decision = await _approve(conn, coach, candidate, vacancy)
    return coach, decision.proposal_id


def _reason(to_state: str) -> str | None:
    reasons = service.REASONS_FOR_STATE.get(to_state)
    return next(iter(reasons)) if reasons else None


async def _force_state(conn, proposal_id: int, state: str) -> None:
    # Test set-up only: reach `state` through allowed steps (shortest path).
    allowed = await proposals.transitions(conn)
    path = _path(allowed, "proposed", state)
    assert path is not None, f"{state} unreachable"
    for a, b in itertools.pairwise(path):
        await conn.execute(
            "UPDATE proposals SET state = $2 WHERE id = $1 AND state = $3", proposal_id, b, a
        )
    # Started long enough ago that every check-in has opened (their dates: test_checkins).
    await conn.execute(
        "UPDATE proposals SET start_date = start_date - 400 WHERE id = $1", proposal_id
    )


def _path(allowed: dict[str, set[str]], start: str, goal: str) -> list[str] | None:
    frontier, seen = [[start]], {start}
    while frontier:
        path = frontier.pop(0)
        if path[-1] == goal:
            return path
        for nxt in sorted(allowed.get(path[-1], ())):
            if nxt not in seen:
                seen.add(nxt)
                frontier.append([*path, nxt])
    return None


async def test_every_allowed_and_every_refused_transition(conn):
    allowed = await proposals.transitions(conn)
    assert set(allowed) | {s for v in allowed.values() for s in v} == set(ALL_STATES)
    for from_state in ALL_STATES:
        for to_state in ALL_STATES:
            if from_state == to_state:
                continue
            coach, proposal_id = await _proposal(conn)
            await _force_state(conn, proposal_id, from_state)
            if to_state in allowed.get(from_state, set()):
                moved = await service.transition(
                    conn,
                    actor=coach,
                    proposal_id=proposal_id,
                    from_state=from_state,
                    to_state=to_state,
                    reason_code=_reason(to_state),
                )
                assert moved, f"{from_state} -> {to_state} should be allowed"
            else:
                with pytest.raises(service.DecisionError):
                    await service.transition(
                        conn,
                        actor=coach,
                        proposal_id=proposal_id,
                        from_state=from_state,
                        to_state=to_state,
                        reason_code=_reason(to_state),
                    )
                state = await conn.fetchval(
                    "SELECT state FROM proposals WHERE id = $1", proposal_id
                )
                assert state == from_state


async def test_stale_transition_is_a_no_op_and_reasons_are_required(conn):
    coach, proposal_id = await _proposal(conn)
    assert await service.transition(
        conn, actor=coach, proposal_id=proposal_id, from_state="proposed", to_state="withdrawn"
    )
    assert not await service.transition(
        conn,
        actor=coach,
        proposal_id=proposal_id,
        from_state="proposed",
        to_state="candidate_interested",
    )
    coach, other = await _proposal(conn)
    with pytest.raises(service.DecisionError, match="reden"):
        await service.transition(
            conn,
            actor=coach,
            proposal_id=other,
            from_state="proposed",
            to_state="candidate_declined",
        )
