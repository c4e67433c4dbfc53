"""The coach's writes to a candidate's profile: one way in, each audited.

Reads are audited too (`own_candidate`): every look at a profile is in the log. The
profile goes to the embedding queue in the same transaction as the change, so a worker
embeds what was committed; justice-related restrictions go to their own table only.
"""

from __future__ import annotations

from typing import Any

import asyncpg

from matcher.models import Restrictions
from web.accounts.passwords import new_invitation_code
from web.accounts.repositories import invitations
from web.accounts.repositories.invitations import Issued
from web.accounts.repositories.users import User
from web.candidates.profile_form import ProfileForm
from web.candidates.repositories import candidates, correction_requests
from web.candidates.repositories.candidates import CandidateRecord
from web.errors import NotFound
from web.oversight.repositories import audit
from web.worker.queue import enqueue_embedding


async def own_candidate(
    conn: asyncpg.Connection, coach: User, candidate_id: int
) -> CandidateRecord:
    """A candidate of the coach's organisation (NotFound otherwise); the read is audited."""
    candidate = await candidates.by_id(conn, candidate_id=candidate_id)
    if candidate is None or candidate.organisation_id != coach.organisation_id:
        raise NotFound("Deze kandidaat bestaat niet.")
    await _audit(conn, coach, "read", candidate.id)
    return candidate


async def restrictions_shown(
    conn: asyncpg.Connection, coach: User, candidate_id: int
) -> Restrictions | None:
    """The justice-related flags to show the candidate's own coach (GDPR art. 10); each
    time there are any to show, the read is audited as `restrictions_read`, so it stands
    out in the audit trail."""
    restrictions = await candidates.restrictions_for(conn, candidate_id=candidate_id)
    if restrictions is not None:
        await _audit(conn, coach, "restrictions_read", candidate_id)
    return restrictions


async def create(conn: asyncpg.Connection, coach: User, form: ProfileForm) -> CandidateRecord:
    """A new candidate in the coach's caseload, from a valid form."""
    record = await candidates.create(
        conn, organisation_id=coach.organisation_id, coach_id=coach.id, **form.values
    )
    await _save_restrictions(conn, coach, record.id, form.restrictions)
    await _audit(conn, coach, "candidate_created", record.id)
    await enqueue_embedding(conn, kind="candidate", ids=[record.id])
    return record


async def update(
    conn: asyncpg.Connection, coach: User, candidate: CandidateRecord, form: ProfileForm
) -> None:
    await candidates.update(conn, candidate_id=candidate.id, **form.values)
    await _save_restrictions(conn, coach, candidate.id, form.restrictions)
    await _audit(conn, coach, "candidate_updated", candidate.id)
    await enqueue_embedding(conn, kind="candidate", ids=[candidate.id])


async def invite(
    conn: asyncpg.Connection, coach: User, candidate: CandidateRecord, *, hours: int
) -> Issued:
    """A one-time code for the candidate's own account, and when it expires: an invitation,
    or for a candidate who has an account a reset link (a new password). Either way the
    older open codes stop working."""
    reset = candidate.user_id is not None
    issued = await invitations.issue(
        conn,
        candidate_id=candidate.id,
        code=new_invitation_code(),
        created_by=coach.id,
        hours=hours,
        purpose="reset" if reset else "account",
    )
    action = "password_reset_created" if reset else "invitation_created"
    await _audit(conn, coach, action, candidate.id)
    return issued


async def correction_handled(
    conn: asyncpg.Connection, coach: User, candidate: CandidateRecord, request_id: int
) -> None:
    """The coach has dealt with the candidate's request to correct their data."""
    await correction_requests.mark_handled(conn, request_id=request_id, candidate_id=candidate.id)
    await _audit(conn, coach, "correction_handled", candidate.id)


async def _save_restrictions(
    conn: asyncpg.Connection, coach: User, candidate_id: int, values: dict[str, Any]
) -> None:
    await candidates.set_restrictions(
        conn, candidate_id=candidate_id, updated_by=coach.id, **values
    )
    await _audit(conn, coach, "restrictions_updated", candidate_id)


async def _audit(conn: asyncpg.Connection, coach: User, action: str, candidate_id: int) -> None:
    await audit.record_by(
        conn, coach, action=action, object_type="candidate", object_id=candidate_id
    )
