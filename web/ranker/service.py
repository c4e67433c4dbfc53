"""The only writer of ranker versions: a trained version is proposed (by the worker),
an admin accepts it or goes back to the version before; every step is audited."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import asyncpg

from web.accounts.repositories.users import User
from web.errors import AppError, NotFound
from web.oversight.repositories import audit
from web.ranker.repositories import versions
from web.ranker.repositories.versions import RankerVersion
from web.worker.queue import enqueue_train_ranker


async def propose(
    conn: asyncpg.Connection,
    *,
    organisation_id: int,
    weights: dict[str, float],
    report: dict[str, Any],
    trained_from: datetime,
    trained_until: datetime,
) -> RankerVersion:
    """Store a trained version as proposed: it ranks nothing until an admin accepts it;
    an older version still waiting is set aside (a newer report replaces it)."""
    await versions.lock(conn, organisation_id=organisation_id)
    await versions.retire_proposed(conn, organisation_id=organisation_id)
    made = await versions.add(
        conn,
        organisation_id=organisation_id,
        weights=weights,
        report=report,
        trained_from=trained_from,
        trained_until=trained_until,
    )
    await audit.record(
        conn,
        action="ranker_proposed",
        object_type="ranker_version",
        object_id=made.id,
        organisation_id=organisation_id,
    )
    return made


async def accept(conn: asyncpg.Connection, *, admin: User, version: int) -> RankerVersion:
    """Make a proposed version of the admin's municipality the active one."""
    org = admin.organisation_id
    await versions.lock(conn, organisation_id=org)
    found = await versions.one(conn, organisation_id=org, version=version)
    if found is None:
        raise NotFound("Deze versie bestaat niet.")
    if found.status != "proposed":
        raise AppError(
            f"Versie {version} wacht niet op een besluit: "
            "alleen een voorgestelde versie kan worden aangenomen."
        )
    await versions.retire_active(conn, organisation_id=org)
    await versions.activate(conn, organisation_id=org, version=version, accepted_by=admin.id)
    await _audit(conn, admin, "ranker_accepted", found.id)
    return found


async def roll_back(conn: asyncpg.Connection, *, admin: User) -> int | None:
    """Back from the active version to the one accepted before it (None: the hand-set
    weights). Nothing happens when the hand-set weights already rank."""
    org = admin.organisation_id
    await versions.lock(conn, organisation_id=org)
    active = [
        v
        for v in await versions.for_organisation(conn, organisation_id=org)
        if v.status == "active"
    ]
    if not active:
        raise AppError("De vaste gewichten zijn al in gebruik; er is geen vorige versie.")
    back_to = await versions.previous(conn, organisation_id=org, before=active[0].version)
    await versions.retire_active(conn, organisation_id=org)
    if back_to is not None:
        await versions.activate(conn, organisation_id=org, version=back_to, accepted_by=None)
    await _audit(conn, admin, "ranker_rolled_back", active[0].id)
    return back_to


async def request_training(conn: asyncpg.Connection, *, admin: User) -> None:
    """Train now for the admin's municipality (the worker's job; it only proposes)."""
    await enqueue_train_ranker(conn, organisation_id=admin.organisation_id)
    await audit.record_by(
        conn,
        admin,
        action="ranker_training_requested",
        object_type="organisation",
        object_id=admin.organisation_id,
    )


async def _audit(conn: asyncpg.Connection, admin: User, action: str, version_id: int) -> None:
    await audit.record_by(
        conn, admin, action=action, object_type="ranker_version", object_id=version_id
    )
