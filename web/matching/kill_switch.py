"""The kill switch (AI Act: a way to stop the system): one per municipality.

With it off, that municipality's coaches work in manual mode: no suggestions, no fit
list on a vacancy, no fresh-suggestion counts, no skill-gap advice. Other municipalities
keep theirs. An admin switches only their own municipality; every switch is audited.
"""

from __future__ import annotations

import asyncpg

from web.accounts.repositories import organisations
from web.accounts.repositories.users import User
from web.oversight.repositories import audit


async def suggestions_on(conn: asyncpg.Connection, *, organisation_id: int) -> bool:
    """Whether this municipality gets automatic suggestions (its coaches and candidates
    belong to it)."""
    return await organisations.suggestions_on(conn, organisation_id=organisation_id)


async def switch(conn: asyncpg.Connection, *, admin: User, enabled: bool) -> bool:
    """Switch automatic suggestions on or off for the admin's own municipality.

    False when the admin's organisation is not a municipality (nothing changes)."""
    changed = await organisations.set_suggestions(
        conn, organisation_id=admin.organisation_id, enabled=enabled
    )
    if changed:
        await audit.record_by(
            conn,
            admin,
            action="suggestions_on" if enabled else "suggestions_off",
            object_type="organisation",
            object_id=admin.organisation_id,
        )
    return changed
