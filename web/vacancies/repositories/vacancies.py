"""Vacancies, upserted on (organisation, external_ref) so re-imports change nothing."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, fields
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import asyncpg

from matcher.models import Location, Vacancy

# Fields an import or the API may set (the documented import fields).
CONTENT_FIELDS = (
    "title description skills sector occupation_uri employer_name postcode city lat lon "
    "hours_min hours_max shifts contract_type permanent_after_months training bbl "
    "paid_certificates hourly_wage min_age driving_licence required_certificates "
    "language_level start_date closing_date status vog_required second_chance stable_hours"
).split()
COLUMNS = "id, organisation_id, external_ref, " + ", ".join(CONTENT_FIELDS)
COLUMNS += ", content_hash, created_at, updated_at"

BY_ID = f"SELECT {COLUMNS} FROM vacancies WHERE id = $1"
BY_IDS = f"SELECT {COLUMNS} FROM vacancies WHERE id = ANY($1::bigint[]) ORDER BY id"
FOR_ORGANISATION = f"""
SELECT {COLUMNS} FROM vacancies WHERE organisation_id = $1
ORDER BY status = 'open' DESC, updated_at DESC, id DESC LIMIT $2 OFFSET $3
"""
OPEN_IDS = """
SELECT id FROM vacancies
WHERE status = 'open' AND (closing_date IS NULL OR closing_date >= current_date) ORDER BY id
"""
HASH_BY_REF = (
    "SELECT id, content_hash FROM vacancies WHERE organisation_id = $1 AND external_ref = $2"
)
# content_hash is cleared: the stored hash was of the old status, and an identical
# re-import (status open) must write again instead of being taken as unchanged.
SET_STATUS = """
UPDATE vacancies SET status = $2, content_hash = '', updated_at = now()
WHERE id = $1 AND status <> $2
"""


def _upsert_sql() -> str:
    names = ["organisation_id", "external_ref", *CONTENT_FIELDS, "content_hash", "import_batch_id"]
    placeholders = ", ".join(f"${i}" for i in range(1, len(names) + 1))
    updates = ", ".join(
        f"{n} = EXCLUDED.{n}" for n in [*CONTENT_FIELDS, "content_hash", "import_batch_id"]
    )
    return f"""
INSERT INTO vacancies ({", ".join(names)}) VALUES ({placeholders})
ON CONFLICT (organisation_id, external_ref) DO UPDATE SET {updates}, updated_at = now()
WHERE vacancies.content_hash IS DISTINCT FROM EXCLUDED.content_hash
RETURNING id
"""


UPSERT = _upsert_sql()


# A column of the row that the engine keeps in its `Location`.
PLACE_FIELDS = ("postcode", "city", "lat", "lon")
_AS_IS = [n for n in CONTENT_FIELDS if n not in PLACE_FIELDS and n != "hourly_wage"]
_ENGINE_FIELDS = frozenset(f.name for f in fields(Vacancy))


def vacancy_of(row: asyncpg.Record) -> Vacancy:
    """The engine's vacancy from a row: the one place a stored vacancy becomes one (the
    engine's start reads a million rows through here, without a record in between)."""
    wage = row["hourly_wage"]
    return Vacancy(
        id=row["id"],
        external_ref=row["external_ref"],
        location=Location(
            postcode=row["postcode"], lat=row["lat"], lon=row["lon"], city=row["city"]
        ),
        hourly_wage=float(wage) if wage is not None else None,
        **{name: row[name] for name in _AS_IS},
    )


@dataclass(frozen=True)
class VacancyRecord:
    """A stored vacancy: the engine's `Vacancy` and what only storage knows.

    The vacancy's fields read through (`record.title`, `record.city`), so pages, the API
    and the engine see one shape; `record.vacancy` is what the engine is given."""

    vacancy: Vacancy
    organisation_id: int
    hourly_wage: Decimal | None  # exact, as stored (NUMERIC); the engine has its float
    content_hash: str
    created_at: datetime
    updated_at: datetime

    def __getattr__(self, name: str) -> Any:
        # Only asked for what is not the record's own: the vacancy's fields.
        if name in PLACE_FIELDS:
            return getattr(self.vacancy.location, name)
        if name in _ENGINE_FIELDS:
            return getattr(self.vacancy, name)
        raise AttributeError(f"a vacancy has no {name!r}")


def content_hash(values: dict[str, Any]) -> str:
    """Hash of the content fields: an unchanged re-import is detected without a write."""
    canonical = json.dumps({k: values.get(k) for k in CONTENT_FIELDS}, sort_keys=True, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _record(row: asyncpg.Record) -> VacancyRecord:
    return VacancyRecord(
        vacancy=vacancy_of(row),
        organisation_id=row["organisation_id"],
        hourly_wage=row["hourly_wage"],
        content_hash=row["content_hash"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


async def upsert(
    conn: asyncpg.Connection,
    *,
    organisation_id: int,
    external_ref: str,
    values: dict[str, Any],
    import_batch_id: int | None = None,
) -> int | None:
    """Insert or update one vacancy. Returns its id when stored, None when unchanged."""
    full = _normalised(values)
    args = [organisation_id, external_ref, *full.values(), content_hash(full), import_batch_id]
    result: int | None = await conn.fetchval(UPSERT, *args)
    return result


def _normalised(values: dict[str, Any]) -> dict[str, Any]:
    """Every content field, with the defaults the columns have (so the hash is stable)."""
    unknown = set(values) - set(CONTENT_FIELDS)
    if unknown:
        raise ValueError(f"unknown vacancy fields: {sorted(unknown)}")
    full = {name: values.get(name) for name in CONTENT_FIELDS}
    full["status"] = full["status"] or "open"
    full["description"] = full["description"] or ""  # NOT NULL in the schema
    for name in ("skills", "shifts", "paid_certificates", "required_certificates"):
        full[name] = list(full[name] or ([] if name != "shifts" else ["day"]))
    for name in ("bbl", "vog_required", "second_chance"):
        full[name] = bool(full[name])
    return full


def _upsert_many_sql() -> str:
    names = ["organisation_id", "external_ref", *CONTENT_FIELDS, "content_hash", "import_batch_id"]
    updates = ", ".join(
        f"{n} = EXCLUDED.{n}" for n in [*CONTENT_FIELDS, "content_hash", "import_batch_id"]
    )
    return f"""
INSERT INTO vacancies ({", ".join(names)})
SELECT {", ".join(names)} FROM jsonb_populate_recordset(NULL::vacancies, $1::text::jsonb)
ON CONFLICT (organisation_id, external_ref) DO UPDATE SET {updates}, updated_at = now()
WHERE vacancies.content_hash IS DISTINCT FROM EXCLUDED.content_hash
RETURNING id, external_ref
"""


UPSERT_MANY = _upsert_many_sql()


async def upsert_many(
    conn: asyncpg.Connection,
    *,
    organisation_id: int,
    rows: list[tuple[str, dict[str, Any]]],
    import_batch_id: int | None = None,
) -> dict[str, int]:
    """`upsert` for many (external_ref, values) in one statement; refs must be distinct.

    Returns external_ref → id for the rows stored; a ref that is missing was unchanged."""
    records = []
    for external_ref, values in rows:
        full = _normalised(values)
        records.append(
            {
                "organisation_id": organisation_id,
                "external_ref": external_ref,
                **full,
                "content_hash": content_hash(full),
                "import_batch_id": import_batch_id,
            }
        )
    payload = json.dumps(records, default=_json_value)
    return {r["external_ref"]: r["id"] for r in await conn.fetch(UPSERT_MANY, payload)}


def _json_value(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"cannot store {type(value).__name__} in a vacancy")


async def by_id(conn: asyncpg.Connection, *, vacancy_id: int) -> VacancyRecord | None:
    row = await conn.fetchrow(BY_ID, vacancy_id)
    return _record(row) if row else None


async def by_ids(conn: asyncpg.Connection, *, vacancy_ids: list[int]) -> list[VacancyRecord]:
    return [_record(r) for r in await conn.fetch(BY_IDS, vacancy_ids)]


async def for_organisation(
    conn: asyncpg.Connection, *, organisation_id: int, limit: int = 100, offset: int = 0
) -> list[VacancyRecord]:
    return [_record(r) for r in await conn.fetch(FOR_ORGANISATION, organisation_id, limit, offset)]


async def open_ids(conn: asyncpg.Connection) -> list[int]:
    return [r["id"] for r in await conn.fetch(OPEN_IDS)]


async def set_status(conn: asyncpg.Connection, *, vacancy_id: int, status: str) -> bool:
    """Change the status; True when it changed."""
    return await conn.execute(SET_STATUS, vacancy_id, status) != "UPDATE 0"


# --- the agency's own list, and closing (imports, API) ---------------------

OWN_WHERE = """
WHERE organisation_id = $1
  AND ($2::text IS NULL OR title ILIKE '%' || $2 || '%' OR external_ref ILIKE '%' || $2 || '%'
       OR employer_name ILIKE '%' || $2 || '%' OR city ILIKE '%' || $2 || '%')
  AND ($3::text IS NULL OR status = $3)
  AND ($4::text IS NULL OR sector = $4)
  AND ($5::date IS NULL OR updated_at >= $5::date)
"""
OWN_SEARCH = f"""
SELECT {COLUMNS} FROM vacancies {OWN_WHERE}
ORDER BY status = 'open' DESC, updated_at DESC, id DESC LIMIT $6 OFFSET $7
"""
OWN_COUNT = f"SELECT count(*) FROM vacancies {OWN_WHERE}"
OWN_SECTORS = """
SELECT DISTINCT sector FROM vacancies WHERE organisation_id = $1 AND sector IS NOT NULL
ORDER BY sector
"""
BY_REF = f"SELECT {COLUMNS} FROM vacancies WHERE organisation_id = $1 AND external_ref = $2"
CLOSE_BY_REF = """
UPDATE vacancies SET status = $3, content_hash = '', updated_at = now()
WHERE organisation_id = $1 AND external_ref = $2 AND status <> $3 RETURNING id
"""
CLOSE_ABSENT = """
UPDATE vacancies SET status = 'closed', content_hash = '', updated_at = now(),
    import_batch_id = $3
WHERE organisation_id = $1 AND status = 'open' AND NOT (external_ref = ANY($2::text[]))
RETURNING id
"""


@dataclass(frozen=True)
class VacancyFilter:
    """What an agency searches its own vacancies on; None means 'any'."""

    text: str | None = None
    status: str | None = None
    sector: str | None = None
    updated_since: date | None = None

    def args(self) -> tuple[Any, ...]:
        # The text is a substring: LIKE wildcards in it are meant literally.
        text = (self.text or "").replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return (text or None, self.status or None, self.sector or None, self.updated_since)


async def search_own(
    conn: asyncpg.Connection,
    *,
    organisation_id: int,
    where: VacancyFilter,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[VacancyRecord], int]:
    """One page of the organisation's vacancies matching `where`, and the total count."""
    rows = await conn.fetch(OWN_SEARCH, organisation_id, *where.args(), limit, offset)
    total: int = await conn.fetchval(OWN_COUNT, organisation_id, *where.args())
    return [_record(r) for r in rows], total


async def own_sectors(conn: asyncpg.Connection, *, organisation_id: int) -> list[str]:
    return [r["sector"] for r in await conn.fetch(OWN_SECTORS, organisation_id)]


async def by_ref(
    conn: asyncpg.Connection, *, organisation_id: int, external_ref: str
) -> VacancyRecord | None:
    row = await conn.fetchrow(BY_REF, organisation_id, external_ref)
    return _record(row) if row else None


async def close_by_ref(
    conn: asyncpg.Connection, *, organisation_id: int, external_ref: str, status: str = "closed"
) -> int | None:
    """Close (or mark filled) one vacancy; its id when it changed, else None."""
    result: int | None = await conn.fetchval(CLOSE_BY_REF, organisation_id, external_ref, status)
    return result


async def close_absent(
    conn: asyncpg.Connection, *, organisation_id: int, present_refs: list[str], batch_id: int
) -> list[int]:
    """Full feed: close the organisation's open vacancies whose reference is not present."""
    rows = await conn.fetch(CLOSE_ABSENT, organisation_id, present_refs, batch_id)
    return [r["id"] for r in rows]


SEARCH = f"""
SELECT {COLUMNS} FROM vacancies
WHERE status = 'open' AND (closing_date IS NULL OR closing_date >= current_date)
  AND ($1 = '' OR title ILIKE '%' || $1 || '%' OR description ILIKE '%' || $1 || '%'
       OR array_to_string(skills, ' ') ILIKE '%' || $1 || '%')
  AND ($2 = '' OR sector = $2)
  AND ($3 = '' OR contract_type = $3)
ORDER BY updated_at DESC, id DESC LIMIT $4
"""
SECTORS = "SELECT DISTINCT sector FROM vacancies WHERE sector IS NOT NULL ORDER BY sector"


async def search(
    conn: asyncpg.Connection,
    *,
    text: str = "",
    sector: str = "",
    contract: str = "",
    limit: int = 50,
) -> list[VacancyRecord]:
    """Open vacancies by plain text (manual search; also works in manual mode)."""
    escaped = text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    rows = await conn.fetch(SEARCH, escaped, sector, contract, limit)
    return [_record(r) for r in rows]


async def sectors(conn: asyncpg.Connection) -> list[str]:
    return [r["sector"] for r in await conn.fetch(SECTORS)]
