"""Erasing a candidate: the profile and every copy of it go, in one transaction.

Who may: an admin of the candidate's own municipality (the admin page), a jobcoach with
the approval of such an admin (web/oversight/erasure_requests.py), an operator on the
command line (`perspectief candidates erase`), and the retention job.

What goes: the profile, the coach-only restrictions, the embeddings (with the profile,
by trigger, migration 0011), the stored suggestion list, the suggestion log, the
reviews, invitations, consents and correction requests, and the candidate's account
with its sessions and login attempts. Free-text notes on their proposals' timeline go
too. The running web processes drop the candidate from their index within seconds
(web/matching/changes.py reads the tombstone) and write their next index file without
it.

What keeps a pseudonym: the proposals, because they are also the agency's record of
what it was offered and did, and the municipality's outcome figures. Each points at a
tombstone (`erased_candidates`) under the candidate's old id, holding a random
pseudonym ("Verwijderd-…"). The append-only audit log names candidates and users by id
only; those ids now resolve to the tombstone, so its rows stay as they are. A blanked
profile row was the alternative, but every query that reads candidates (caseload,
matching, reports) would then have to skip it; a deleted row cannot be read by mistake.

The erasure itself is audited (`candidate_erased`, no personal payload).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Literal

import asyncpg

from web.accounts.repositories.users import User
from web.candidates.repositories import candidates
from web.candidates.repositories.candidates import CandidateRecord
from web.errors import AppError, NotFound
from web.oversight.repositories import audit, erasure
from web.oversight.repositories.erasure import ErasurePreview

# Why an admin or operator erases (the retention job gives "retention").
REASONS = {
    "request": "Op verzoek van de jongere (AVG artikel 17)",
    "no_longer_needed": "Niet meer nodig: de begeleiding is afgesloten",
}
RETENTION = "retention"
# An erasure that no signed-in person starts: the command line or the retention job.
SystemActor = Literal["cli", "retention"]
NOT_FOUND = "Deze kandidaat bestaat niet (of is al verwijderd)."


class ErasureRefused(AppError):
    """Nothing was erased: no reason chosen, or not confirmed; the message is Dutch."""


@dataclass(frozen=True)
class Erasure:
    candidate_id: int
    pseudonym: str
    touched: dict[str, int]  # rows deleted or pseudonymised, per kind


@dataclass(frozen=True)
class ErasurePlan:
    """What an admin confirms: who, and how much goes and stays."""

    candidate: CandidateRecord
    preview: ErasurePreview


async def plan(
    conn: asyncpg.Connection, *, actor: User | SystemActor, candidate_id: int
) -> ErasurePlan:
    """The candidate and the rows an erasure would touch (NotFound when absent or of
    another municipality); the read of the profile is audited."""
    candidate = await candidates.by_id(conn, candidate_id=candidate_id)
    if candidate is None or not _may_erase(actor, candidate.organisation_id):
        raise NotFound(NOT_FOUND)
    await _audit(conn, actor, "read", candidate.id, candidate.organisation_id)
    return ErasurePlan(candidate, await erasure.preview(conn, candidate_id=candidate.id))


async def erase_candidate(
    conn: asyncpg.Connection, candidate_id: int, actor: User | SystemActor, reason: str
) -> Erasure:
    """Erase one candidate and every copy (see the module docstring); one transaction
    (a savepoint inside the caller's). NotFound when absent or of another municipality."""
    if reason not in REASONS and not (reason == RETENTION and actor == "retention"):
        raise ErasureRefused("Kies een reden voor het verwijderen.")
    async with conn.transaction():
        target = await erasure.lock(conn, candidate_id=candidate_id)
        if target is None or not _may_erase(actor, target.organisation_id):
            raise NotFound(NOT_FOUND)
        pseudonym = new_pseudonym()
        await erasure.insert_tombstone(conn, target=target, pseudonym=pseudonym, reason=reason)
        touched = await erasure.delete_candidate(conn, target=target)
        await _audit(conn, actor, "candidate_erased", target.id, target.organisation_id)
    return Erasure(candidate_id=target.id, pseudonym=pseudonym, touched=touched)


async def erase_confirmed(
    conn: asyncpg.Connection, *, admin: User, candidate_id: int, reason: str, confirmed: bool
) -> Erasure:
    """The admin page's erasure: only once the admin has confirmed it is final."""
    if not confirmed:
        raise ErasureRefused("Vink aan dat je begrijpt dat verwijderen niet terug te draaien is.")
    return await erase_candidate(conn, candidate_id, admin, reason)


def new_pseudonym() -> str:
    """Random, so nothing about the person can be worked back from it; 48 bits keep it
    unique among a country's erasures (the column is UNIQUE as well)."""
    return f"Verwijderd-{secrets.token_hex(6)}"


def _may_erase(actor: User | SystemActor, organisation_id: int) -> bool:
    if isinstance(actor, User):
        return actor.role == "admin" and actor.organisation_id == organisation_id
    return True


async def _audit(
    conn: asyncpg.Connection,
    actor: User | SystemActor,
    action: str,
    candidate_id: int,
    organisation_id: int,
) -> None:
    if isinstance(actor, User):
        await audit.record_by(
            conn, actor, action=action, object_type="candidate", object_id=candidate_id
        )
        return
    await audit.record(
        conn,
        action=action,
        object_type="candidate",
        object_id=candidate_id,
        actor_role=actor,
        organisation_id=organisation_id,
    )
