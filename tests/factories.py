"""Small factories with keyword-only defaults, for tests."""

from __future__ import annotations

import itertools
from typing import Any

import asyncpg

from web.auth.passwords import hash_password
from web.repositories import candidates, organisations, users, vacancies
from web.repositories.candidates import CandidateRecord
from web.repositories.organisations import Organisation
from web.repositories.users import User

PASSWORD = "correct-horse-battery"
_PASSWORD_HASH = hash_password(PASSWORD)
_seq = itertools.count(1)


async def make_org(
    conn: asyncpg.Connection, *, kind: str = "agency", name: str = ""
) -> Organisation:
    n = next(_seq)
    return await organisations.create(conn, kind=kind, name=name or f"Org {n}", slug=f"org-{n}")


async def make_user(
    conn: asyncpg.Connection, *, role: str, org: Organisation | None = None, email: str = ""
) -> User:
    if org is None:
        kind = {"agency": "agency"}.get(role, "municipality")
        org = await make_org(conn, kind=kind)
    return await users.create(
        conn,
        organisation_id=org.id,
        role=role,
        email=email or f"user{next(_seq)}@test.example",
        display_name=f"{role} test",
        password_hash=_PASSWORD_HASH,
    )


async def make_candidate(
    conn: asyncpg.Connection, *, coach: User, user_id: int | None = None, **values: Any
) -> CandidateRecord:
    defaults: dict[str, Any] = {
        "first_name": "Sem",
        "desired_work": "magazijnwerk",
        "skills": ["orders verzamelen"],
        "postcode": "3562",
        "lat": 52.119,
        "lon": 5.113,
    }
    defaults.update(values)
    if user_id is not None:
        defaults["user_id"] = user_id
    return await candidates.create(
        conn, organisation_id=coach.organisation_id, coach_id=coach.id, **defaults
    )


async def make_vacancy(
    conn: asyncpg.Connection, *, org: Organisation, external_ref: str = "", **values: Any
) -> int:
    defaults: dict[str, Any] = {
        "title": "Orderpicker",
        "description": "Orders verzamelen in een magazijn.",
        "skills": ["orders verzamelen"],
        "postcode": "3542",
        "city": "Utrecht",
        "lat": 52.09,
        "lon": 5.05,
        "hours_min": 24.0,
        "hours_max": 40.0,
    }
    defaults.update(values)
    vacancy_id = await vacancies.upsert(
        conn,
        organisation_id=org.id,
        external_ref=external_ref or f"ref-{next(_seq)}",
        values=defaults,
    )
    assert vacancy_id is not None
    return vacancy_id
