"""Candidates (the young people) and their coach-only restrictions.

`candidate_restrictions` is read only by `restrictions_for`, which only coach-side code
calls; no other query here joins it. (`has_restrictions` returns only whether anything is
recorded, so a candidate's own data page can say that coach-only agreements exist.)
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime, time
from typing import Any

import asyncpg

from matcher.models import Candidate, Location, Restrictions
from matcher.neutral import without_names

COLUMNS = """id, organisation_id, coach_id, user_id, first_name, last_name, birth_date,
    desired_work, experience, skills, interests, occupation_uris, postcode, lat, lon,
    travel_mode, max_travel_km, max_travel_minutes, hours_min, hours_max, shifts,
    certificates, driving_licences, language_level, available_from, status,
    created_at, updated_at"""

_EDITABLE = (
    "first_name last_name birth_date desired_work experience skills interests "
    "occupation_uris postcode lat lon travel_mode max_travel_km max_travel_minutes "
    "hours_min hours_max shifts certificates driving_licences language_level "
    "available_from status"
).split()

BY_ID = f"SELECT {COLUMNS} FROM candidates WHERE id = $1"
FOR_COACH = f"SELECT {COLUMNS} FROM candidates WHERE coach_id = $1 ORDER BY first_name, id"
FOR_USER = f"SELECT {COLUMNS} FROM candidates WHERE user_id = $1"
ALL_IDS = "SELECT id FROM candidates ORDER BY id"
BY_IDS = f"SELECT {COLUMNS} FROM candidates WHERE id = ANY($1::bigint[]) ORDER BY id"
RESTRICTIONS = """
SELECT curfew_start, curfew_end, reporting_weekdays, vog_risk
FROM candidate_restrictions WHERE candidate_id = $1
"""
RESTRICTIONS_MANY = """
SELECT candidate_id, curfew_start, curfew_end, reporting_weekdays, vog_risk
FROM candidate_restrictions WHERE candidate_id = ANY($1::bigint[])
"""
UPSERT_RESTRICTIONS = """
INSERT INTO candidate_restrictions
    (candidate_id, curfew_start, curfew_end, reporting_weekdays, vog_risk, updated_by)
VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (candidate_id) DO UPDATE SET
    curfew_start = EXCLUDED.curfew_start, curfew_end = EXCLUDED.curfew_end,
    reporting_weekdays = EXCLUDED.reporting_weekdays, vog_risk = EXCLUDED.vog_risk,
    updated_by = EXCLUDED.updated_by, updated_at = now()
"""


@dataclass(frozen=True)
class CandidateRecord:
    id: int
    organisation_id: int
    coach_id: int | None
    user_id: int | None
    first_name: str
    last_name: str
    birth_date: date | None
    desired_work: str
    experience: str
    skills: list[str]
    interests: str
    occupation_uris: list[str]
    postcode: str | None
    lat: float | None
    lon: float | None
    travel_mode: str
    max_travel_km: float | None
    max_travel_minutes: float | None
    hours_min: float | None
    hours_max: float | None
    shifts: list[str]
    certificates: list[str]
    driving_licences: list[str]
    language_level: str | None
    available_from: date | None
    status: str
    created_at: datetime
    updated_at: datetime

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def to_matcher(self) -> Candidate:
        """The engine's view: no name (also not inside the free text), no contact, no
        restrictions."""
        names = (self.first_name, self.last_name)
        return Candidate(
            id=self.id,
            desired_work=without_names(self.desired_work, names),
            experience=without_names(self.experience, names),
            skills=list(self.skills),
            interests=without_names(self.interests, names),
            occupation_uris=list(self.occupation_uris),
            birth_date=self.birth_date,
            location=Location(postcode=self.postcode, lat=self.lat, lon=self.lon),
            travel_mode=self.travel_mode,
            max_travel_km=self.max_travel_km,
            max_travel_minutes=self.max_travel_minutes,
            hours_min=self.hours_min,
            hours_max=self.hours_max,
            shifts=list(self.shifts),
            certificates=list(self.certificates),
            driving_licences=list(self.driving_licences),
            language_level=self.language_level,
            available_from=self.available_from,
        )


def _record(row: asyncpg.Record) -> CandidateRecord:
    return CandidateRecord(**dict(row))


async def by_id(conn: asyncpg.Connection, *, candidate_id: int) -> CandidateRecord | None:
    row = await conn.fetchrow(BY_ID, candidate_id)
    return _record(row) if row else None


async def by_ids(conn: asyncpg.Connection, *, candidate_ids: list[int]) -> list[CandidateRecord]:
    return [_record(r) for r in await conn.fetch(BY_IDS, candidate_ids)]


async def for_coach(conn: asyncpg.Connection, *, coach_id: int) -> list[CandidateRecord]:
    return [_record(r) for r in await conn.fetch(FOR_COACH, coach_id)]


async def for_user(conn: asyncpg.Connection, *, user_id: int) -> CandidateRecord | None:
    row = await conn.fetchrow(FOR_USER, user_id)
    return _record(row) if row else None


async def all_ids(conn: asyncpg.Connection) -> list[int]:
    return [r["id"] for r in await conn.fetch(ALL_IDS)]


async def create(
    conn: asyncpg.Connection, *, organisation_id: int, coach_id: int | None, **values: Any
) -> CandidateRecord:
    """Insert a candidate; `values` are editable profile fields (see _EDITABLE)."""
    unknown = set(values) - set(_EDITABLE) - {"user_id"}
    if unknown:
        raise ValueError(f"unknown candidate fields: {sorted(unknown)}")
    names = ["organisation_id", "coach_id", *values]
    placeholders = ", ".join(f"${i}" for i in range(1, len(names) + 1))
    sql = f"INSERT INTO candidates ({', '.join(names)}) VALUES ({placeholders}) RETURNING {COLUMNS}"
    row = await conn.fetchrow(sql, organisation_id, coach_id, *values.values())
    assert row is not None
    return _record(row)


async def update(conn: asyncpg.Connection, *, candidate_id: int, **values: Any) -> None:
    unknown = set(values) - set(_EDITABLE)
    if unknown:
        raise ValueError(f"unknown candidate fields: {sorted(unknown)}")
    assignments = ", ".join(f"{name} = ${i}" for i, name in enumerate(values, start=2))
    sql = f"UPDATE candidates SET {assignments}, updated_at = now() WHERE id = $1"
    await conn.execute(sql, candidate_id, *values.values())


async def restrictions_for(conn: asyncpg.Connection, *, candidate_id: int) -> Restrictions | None:
    """Coach-only: the coarse justice-related flags for one candidate."""
    row = await conn.fetchrow(RESTRICTIONS, candidate_id)
    return None if row is None else _restrictions(row)


async def restrictions_for_many(
    conn: asyncpg.Connection, *, candidate_ids: list[int]
) -> dict[int, Restrictions]:
    """Coach-only: the flags of several candidates in one query (those without are absent)."""
    rows = await conn.fetch(RESTRICTIONS_MANY, candidate_ids)
    return {r["candidate_id"]: _restrictions(r) for r in rows}


def _restrictions(row: asyncpg.Record) -> Restrictions:
    return Restrictions(
        curfew_start=row["curfew_start"],
        curfew_end=row["curfew_end"],
        reporting_weekdays=tuple(row["reporting_weekdays"]),
        vog_risk=row["vog_risk"],
    )


async def set_restrictions(
    conn: asyncpg.Connection,
    *,
    candidate_id: int,
    updated_by: int,
    curfew_start: time | None,
    curfew_end: time | None,
    reporting_weekdays: tuple[int, ...] = (),
    vog_risk: bool = False,
) -> None:
    await conn.execute(
        UPSERT_RESTRICTIONS,
        candidate_id,
        curfew_start,
        curfew_end,
        list(reporting_weekdays),
        vog_risk,
        updated_by,
    )


assert [f.name for f in fields(CandidateRecord)] == [c.strip() for c in COLUMNS.split(",")]


# pipeline_status (migrations/0012): working, proposed or searching again, from the
# candidate's proposals. A coach's "paused" stands until the coach changes it.
FOLLOW_PIPELINE = """
UPDATE candidates SET status = pipeline_status(id), updated_at = now()
WHERE id = $1 AND status <> 'paused' AND status <> pipeline_status(id)
"""


async def follow_pipeline(conn: asyncpg.Connection, *, candidate_id: int) -> None:
    """Set the caseload status to what the candidate's proposals say (after a change)."""
    await conn.execute(FOLLOW_PIPELINE, candidate_id)


LINK_USER = "UPDATE candidates SET user_id = $2 WHERE id = $1 AND user_id IS NULL RETURNING id"
CONTACT = """
SELECT c.phone, u.email FROM candidates c LEFT JOIN users u ON u.id = c.user_id WHERE c.id = $1
"""
# Only whether anything restricted is recorded, never what: for the candidate's own
# "my data" page, which says that coach-only agreements exist and who can see them.
HAS_RESTRICTIONS = """
SELECT EXISTS (SELECT 1 FROM candidate_restrictions WHERE candidate_id = $1
    AND (curfew_start IS NOT NULL OR cardinality(reporting_weekdays) > 0 OR vog_risk))
"""


@dataclass(frozen=True)
class Contact:
    phone: str | None
    email: str | None


async def link_user(conn: asyncpg.Connection, *, candidate_id: int, user_id: int) -> bool:
    """Attach a login to a candidate; False when the candidate already has one."""
    return await conn.fetchval(LINK_USER, candidate_id, user_id) is not None


async def contact_for(conn: asyncpg.Connection, *, candidate_id: int) -> Contact:
    row = await conn.fetchrow(CONTACT, candidate_id)
    return Contact(row["phone"], row["email"]) if row else Contact(None, None)


async def has_restrictions(conn: asyncpg.Connection, *, candidate_id: int) -> bool:
    return bool(await conn.fetchval(HAS_RESTRICTIONS, candidate_id))


# A gender the young person chose to state on their own page, or None (not stated).
# Read only for their own page and the fairness monitor's counts; never embedded.
STATED_GENDER = "SELECT stated_gender FROM candidates WHERE id = $1"
SET_STATED_GENDER = "UPDATE candidates SET stated_gender = $2 WHERE id = $1"


async def stated_gender(conn: asyncpg.Connection, *, candidate_id: int) -> str | None:
    value: str | None = await conn.fetchval(STATED_GENDER, candidate_id)
    return value


async def set_stated_gender(
    conn: asyncpg.Connection, *, candidate_id: int, gender: str | None
) -> None:
    await conn.execute(SET_STATED_GENDER, candidate_id, gender)


# A spread of a municipality's candidates for the counterfactual check (oversight).
SAMPLE = f"""
SELECT {COLUMNS} FROM candidates WHERE organisation_id = $1 AND desired_work <> ''
ORDER BY id LIMIT $2
"""


async def sample_for_organisation(
    conn: asyncpg.Connection, *, organisation_id: int, limit: int
) -> list[CandidateRecord]:
    return [_record(r) for r in await conn.fetch(SAMPLE, organisation_id, limit)]
