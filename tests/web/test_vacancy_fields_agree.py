"""One vacancy, four descriptions: the import field table, the SQL columns, the engine's
type and the API schema must agree (issue 12), so a field cannot be dropped on the way
from an upload to a coach's card without a test failing."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

import pytest

from matcher.import_fields import fields_for
from matcher.models import Vacancy
from tests.factories import make_org, make_vacancy
from web.api.schemas import VacancyOut
from web.vacancies.repositories import vacancies
from web.vacancies.repositories.vacancies import CONTENT_FIELDS, VacancyRecord

# Import fields that are stored under another name, or not as themselves.
STORED_AS = {
    "id": {"external_ref"},
    "organisation": set(),  # the uploading organisation decides, never the file
    "hours_per_week": {"hours_min", "hours_max"},
}
LOCATION = {"postcode", "city", "lat", "lon"}  # the engine keeps them in one Location
COLUMNS = [c.strip() for c in vacancies.COLUMNS.split(",")]


def test_every_import_field_is_stored_and_every_column_is_an_import_field():
    table = {spec.name for spec in fields_for("vacancy")}
    stored = set().union(*(STORED_AS.get(name, {name}) for name in table))
    assert stored - {"external_ref"} == set(CONTENT_FIELDS)


def test_the_engine_type_holds_every_stored_field():
    engine = {f.name for f in dataclasses.fields(Vacancy)}
    assert set(CONTENT_FIELDS) - LOCATION <= engine
    assert "location" in engine and "external_ref" in engine


async def test_the_table_has_every_column(conn):
    columns = {
        r["column_name"]
        for r in await conn.fetch(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'vacancies'"
        )
    }
    assert set(CONTENT_FIELDS) <= columns


def test_the_api_shows_only_stored_fields():
    shown = set(VacancyOut.model_fields)
    assert shown - {"id", "external_ref", "updated_at"} <= set(CONTENT_FIELDS)


def test_a_stored_vacancy_is_the_engine_s_vacancy_and_the_storage_fields():
    """One shape: every column is either a field of the engine's Vacancy (the location's
    parts flattened) or one of the record's own storage fields, and nothing else."""
    engine = {f.name for f in dataclasses.fields(Vacancy)} - {"location", "organisation"}
    own = {f.name for f in dataclasses.fields(VacancyRecord)} - {"vacancy"}
    assert set(COLUMNS) == engine | LOCATION | own
    assert own - engine == {"organisation_id", "content_hash", "created_at", "updated_at"}


async def test_every_column_reads_back_through_the_record(conn):
    org = await make_org(conn)
    vacancy_id = await make_vacancy(
        conn,
        org=org,
        hourly_wage=Decimal("14.90"),
        shifts=["day", "night"],
        closing_date=date(2031, 1, 31),
        second_chance=True,
    )
    row = await conn.fetchrow(
        f"SELECT {vacancies.COLUMNS} FROM vacancies WHERE id = $1", vacancy_id
    )
    record = await vacancies.by_id(conn, vacancy_id=vacancy_id)
    assert {name: getattr(record, name) for name in COLUMNS} == dict(row)
    assert str(record.hourly_wage) == "14.90" and record.vacancy.hourly_wage == 14.9
    assert VacancyOut.of(record).hourly_wage == 14.9
    with pytest.raises(AttributeError):
        record.colour  # noqa: B018 -- a name no vacancy has is not quietly None
