"""Erasure by a jobcoach, with a second person: the coach asks, an admin of the
candidate's municipality approves (which erases) or declines. Every step is audited;
the coach alone can never erase."""

from __future__ import annotations

import asyncpg

from web.accounts.repositories.users import User
from web.candidates import profiles
from web.errors import NotFound
from web.oversight import erasure
from web.oversight.erasure import Erasure, ErasureRefused
from web.oversight.repositories import audit
from web.oversight.repositories import erasure_requests as requests
from web.oversight.repositories.erasure_requests import ErasureRequest

__all__ = ["ErasureRequest", "approve", "ask", "decline", "open_for", "pending"]
GONE = "Dit verzoek is al afgehandeld."


async def ask(
    conn: asyncpg.Connection, *, coach: User, candidate_id: int, reason: str
) -> ErasureRequest:
    """The coach's request for one of their own candidates; asking again while one is
    open changes nothing (the same request comes back)."""
    if reason not in erasure.REASONS:
        raise ErasureRefused("Kies een reden voor het verwijderen.")
    candidate = await profiles.own_candidate(conn, coach, candidate_id)
    if await requests.ask(conn, candidate_id=candidate.id, reason=reason, requested_by=coach.id):
        await _audit(conn, coach, "erasure_requested", candidate.id)
    found = await requests.open_for_candidate(conn, candidate_id=candidate.id)
    assert found is not None  # just stored, or already open, in this transaction
    return found


async def open_for(conn: asyncpg.Connection, *, candidate_id: int) -> ErasureRequest | None:
    return await requests.open_for_candidate(conn, candidate_id=candidate_id)


async def pending(conn: asyncpg.Connection, *, admin: User) -> list[ErasureRequest]:
    """Open requests in the admin's own municipality, oldest first."""
    return await requests.open_in(conn, organisation_id=admin.organisation_id)


async def approve(
    conn: asyncpg.Connection, *, admin: User, request_id: int, confirmed: bool
) -> Erasure:
    """The second person's approval: erases the candidate (the request goes with it)."""
    found = await _locked(conn, admin, request_id)
    if not confirmed:
        raise ErasureRefused("Vink aan dat je begrijpt dat verwijderen niet terug te draaien is.")
    await _audit(conn, admin, "erasure_approved", found.candidate_id)
    return await erasure.erase_candidate(conn, found.candidate_id, admin, found.reason)


async def decline(conn: asyncpg.Connection, *, admin: User, request_id: int) -> ErasureRequest:
    found = await _locked(conn, admin, request_id)
    await requests.decline(conn, request_id=found.id, admin_id=admin.id)
    await _audit(conn, admin, "erasure_declined", found.candidate_id)
    return found


async def _locked(conn: asyncpg.Connection, admin: User, request_id: int) -> ErasureRequest:
    found = await requests.lock_open(conn, request_id=request_id)
    mine = admin.role == "admin" and found and found.organisation_id == admin.organisation_id
    if found is None or not mine:
        raise NotFound(GONE)
    return found


async def _audit(conn: asyncpg.Connection, actor: User, action: str, candidate_id: int) -> None:
    await audit.record_by(
        conn, actor, action=action, object_type="candidate", object_id=candidate_id
    )
