"""Small factories with keyword-only defaults, for tests."""

from __future__ import annotations

import asyncio
import itertools
import time
from typing import Any

import asyncpg
from argon2 import PasswordHasher

from web.accounts import totp
from web.accounts.repositories import organisations, second_factor, users
from web.accounts.repositories.organisations import Organisation
from web.accounts.repositories.users import User
from web.candidates.repositories import candidates
from web.candidates.repositories.candidates import CandidateRecord
from web.vacancies.repositories import vacancies

PASSWORD = "correct-horse-battery"
# Still argon2id and verified by the app's own hasher (parameters travel in the hash),
# but cheap, so the authorization matrix can log in hundreds of times.
_PASSWORD_HASH = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash(PASSWORD)
_seq = itertools.count(1)
# Each staff user's TOTP secret by e-mail address (lower case): the login helpers
# (tests/web/conftest.py, tests/browser/conftest.py) type its codes at the second step.
TOTP_SECRETS: dict[str, str] = {}
STAFF_ROLES = ("jobcoach", "agency", "admin")
_last_step: dict[str, int] = {}  # the last TOTP step typed per secret: each works once


async def make_org(
    conn: asyncpg.Connection, *, kind: str = "agency", name: str = ""
) -> Organisation:
    n = next(_seq)
    return await organisations.create(conn, kind=kind, name=name or f"Org {n}", slug=f"org-{n}")


async def make_user(
    conn: asyncpg.Connection,
    *,
    role: str,
    org: Organisation | None = None,
    email: str = "",
    two_factor: bool = True,
) -> User:
    """A user with PASSWORD; staff also with a second factor set up (a new random TOTP
    secret in TOTP_SECRETS), unless `two_factor=False` (their first login enrols)."""
    if org is None:
        kind = {"agency": "agency"}.get(role, "municipality")
        org = await make_org(conn, kind=kind)
    user = await users.create(
        conn,
        organisation_id=org.id,
        role=role,
        email=email or f"user{next(_seq)}@test.example",
        display_name=f"{role} test",
        password_hash=_PASSWORD_HASH,
    )
    if two_factor and role in STAFF_ROLES:
        secret = totp.new_secret()
        await second_factor.enrol(conn, user_id=user.id, secret=secret, step=0)
        TOTP_SECRETS[user.email.lower()] = secret
    return user


async def unused_code(secret: str) -> str:
    """A code the app has not taken yet: this step's, else the next one's (accepted as
    clock drift); a third login within one 30-second step waits for the next step."""
    while True:
        now = totp.current_step()
        step = max(now, _last_step.get(secret, now - 1) + 1)
        if step <= now + 1:
            _last_step[secret] = step
            return totp.code_at(secret, step)
        await asyncio.sleep((now + 1) * totp.STEP_SECONDS - time.time() + 0.05)


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


async def make_shared_proposal(
    conn: asyncpg.Connection, *, candidate_id: int, vacancy_id: int, consent: bool = False
) -> int:
    """A proposal walked to shared_with_agency (the trigger checks each step), with events."""
    proposal_id: int = await conn.fetchval(
        "INSERT INTO proposals (candidate_id, vacancy_id) VALUES ($1, $2) RETURNING id",
        candidate_id,
        vacancy_id,
    )
    steps = [("proposed", "candidate_interested"), ("candidate_interested", "shared_with_agency")]
    for from_state, to_state in steps:
        await conn.execute("UPDATE proposals SET state = $2 WHERE id = $1", proposal_id, to_state)
        await conn.execute(
            "INSERT INTO proposal_events (proposal_id, from_state, to_state) VALUES ($1, $2, $3)",
            proposal_id,
            from_state,
            to_state,
        )
    if consent:
        await conn.execute(
            "INSERT INTO consents (proposal_id, candidate_id) VALUES ($1, $2)",
            proposal_id,
            candidate_id,
        )
    return proposal_id
