"""A candidate asks their jobcoach to correct something stored about them; the coach
sees the request on the profile (and marks it handled, in profiles.py)."""

from __future__ import annotations

import asyncpg

from web.accounts.repositories.users import User
from web.candidates.repositories import correction_requests
from web.candidates.repositories.candidates import CandidateRecord
from web.oversight.repositories import audit

MAX_LENGTH = correction_requests.MAX_LENGTH


async def ask(
    conn: asyncpg.Connection, *, me: User, candidate: CandidateRecord, message: str
) -> None:
    """Store the request and audit it."""
    await correction_requests.create(conn, candidate_id=candidate.id, message=message)
    await audit.record_by(
        conn, me, action="correction_requested", object_type="candidate", object_id=candidate.id
    )
