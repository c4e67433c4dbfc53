"""A candidate's own look at everything stored about them (their right of access).

Each look at the "my data" page and each download goes into the audit log, like any
other read of a candidate's data.
"""

from __future__ import annotations

from typing import Literal

import asyncpg

from web.accounts.repositories.users import User
from web.candidates.repositories.candidates import CandidateRecord
from web.oversight.repositories import audit

Look = Literal["read", "export"]  # the page, the JSON download


async def looked_at(
    conn: asyncpg.Connection, *, me: User, candidate: CandidateRecord, look: Look
) -> None:
    await audit.record_by(conn, me, action=look, object_type="candidate", object_id=candidate.id)
