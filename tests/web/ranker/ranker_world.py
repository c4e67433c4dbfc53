"""A small municipality with half a year of simulated decisions (web/demo/history.py),
for the ranker's tests."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime

import asyncpg

from matcher.ranking import Weights
from tests.factories import make_org, make_user
from web.accounts.repositories.organisations import Organisation
from web.accounts.repositories.users import User
from web.candidates.repositories import candidates
from web.demo.history import seed_history
from web.demo.seed import demo_candidate, demo_vacancy
from web.vacancies.repositories import vacancies

HAND_SET = Weights()
NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


@dataclass(frozen=True)
class RankerWorld:
    municipality: Organisation
    admin: User
    coach: User
    candidate_ids: list[int]
    version: int | None  # the version the history's training proposed


async def ranker_world(
    conn: asyncpg.Connection, *, people: int = 40, jobs: int = 150
) -> RankerWorld:
    municipality = await make_org(conn, kind="municipality")
    admin = await make_user(conn, role="admin", org=municipality)
    coach = await make_user(conn, role="jobcoach", org=municipality)
    agency = await make_org(conn, kind="agency")
    rng = random.Random(7)
    for n in range(jobs):
        values = demo_vacancy(rng, agency) | {"status": "open"}
        await vacancies.upsert(conn, organisation_id=agency.id, external_ref=f"v{n}", values=values)
    ids = []
    for n in range(people):
        values = demo_candidate(rng, n) | {"status": "searching"}
        made = await candidates.create(
            conn, organisation_id=municipality.id, coach_id=coach.id, **values
        )
        ids.append(made.id)
    version = await seed_history(
        conn, organisation_id=municipality.id, prior=HAND_SET, now=NOW, progress=False
    )
    return RankerWorld(municipality, admin, coach, ids, version)
