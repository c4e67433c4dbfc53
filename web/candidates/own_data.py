"""A candidate's own look at everything stored about them (their right of access).

Each look at the "my data" page and each download goes into the audit log, like any
other read of a candidate's data.
"""

from __future__ import annotations

from typing import Literal

import asyncpg

from web.accounts.repositories.users import User
from web.candidates.repositories import candidates
from web.candidates.repositories.candidates import CandidateRecord
from web.errors import AppError
from web.oversight.repositories import audit

Look = Literal["read", "export"]  # the page, the JSON download
# What a young person may state about their gender, if they want to (the fairness monitor
# counts groups from it); "" clears it.
GENDERS = {"vrouw": "Vrouw", "man": "Man", "anders": "Anders"}


async def looked_at(
    conn: asyncpg.Connection, *, me: User, candidate: CandidateRecord, look: Look
) -> None:
    await audit.record_by(conn, me, action=look, object_type="candidate", object_id=candidate.id)


async def state_gender(
    conn: asyncpg.Connection, *, me: User, candidate: CandidateRecord, gender: str
) -> None:
    """Set or clear (empty) the gender the young person chooses to state; audited without
    the value."""
    if gender and gender not in GENDERS:
        raise AppError("Kies vrouw, man, anders, of laat het leeg.")
    await candidates.set_stated_gender(conn, candidate_id=candidate.id, gender=gender or None)
    await audit.record_by(
        conn, me, action="stated_gender_updated", object_type="candidate", object_id=candidate.id
    )
