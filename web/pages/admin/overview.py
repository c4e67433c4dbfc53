"""What the admin's overview shows: the organisations, their own municipality and
whether its automatic suggestions are on."""

from __future__ import annotations

from typing import Any

import asyncpg

from web.accounts.repositories import organisations
from web.accounts.repositories.users import User
from web.matching import kill_switch


async def overview(conn: asyncpg.Connection, admin: User) -> dict[str, Any]:
    return {
        "organisations": await organisations.list_all(conn),
        **await kill_switch_state(conn, admin),
    }


async def kill_switch_state(conn: asyncpg.Connection, admin: User) -> dict[str, Any]:
    return {
        "municipality": await organisations.by_id(conn, organisation_id=admin.organisation_id),
        "suggestions_enabled": await kill_switch.suggestions_on(
            conn, organisation_id=admin.organisation_id
        ),
    }
