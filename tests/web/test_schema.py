"""Guarantees the schema itself gives: append-only audit log, placement transitions."""

from __future__ import annotations

import asyncpg
import pytest

from tests.factories import make_candidate, make_org, make_user, make_vacancy
from web.oversight.repositories import audit


async def test_audit_log_refuses_update_delete_and_truncate(conn):
    await audit.record(conn, action="read", object_type="candidate", object_id=1)
    for statement in (
        "UPDATE audit_log SET action = 'x'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
    ):
        with pytest.raises(asyncpg.InsufficientPrivilegeError, match="append-only"):
            await conn.execute(statement)
    assert await conn.fetchval("SELECT count(*) FROM audit_log") == 1


async def _proposal(conn) -> int:
    coach = await make_user(conn, role="jobcoach")
    candidate = await make_candidate(conn, coach=coach)
    vacancy_id = await make_vacancy(conn, org=await make_org(conn))
    return await conn.fetchval(
        "INSERT INTO proposals (candidate_id, vacancy_id) VALUES ($1, $2) RETURNING id",
        candidate.id,
        vacancy_id,
    )


async def test_proposal_follows_allowed_transitions_only(conn):
    proposal_id = await _proposal(conn)
    for state in ("candidate_interested", "shared_with_agency", "interview", "hired"):
        await conn.execute("UPDATE proposals SET state = $2 WHERE id = $1", proposal_id, state)
    with pytest.raises(asyncpg.CheckViolationError, match="illegal proposal transition"):
        await conn.execute("UPDATE proposals SET state = 'proposed' WHERE id = $1", proposal_id)


async def test_proposal_starts_as_proposed_and_is_unique_per_pair(conn):
    proposal_id = await _proposal(conn)
    row = await conn.fetchrow(
        "SELECT candidate_id, vacancy_id FROM proposals WHERE id = $1", proposal_id
    )
    with pytest.raises(asyncpg.UniqueViolationError):
        await conn.execute(
            "INSERT INTO proposals (candidate_id, vacancy_id) VALUES ($1, $2)", *row.values()
        )
    with pytest.raises(asyncpg.CheckViolationError, match="starts as proposed"):
        await conn.execute(
            "INSERT INTO proposals (candidate_id, vacancy_id, state) VALUES ($1, $2, 'hired')",
            row["candidate_id"],
            await make_vacancy(conn, org=await make_org(conn)),
        )
