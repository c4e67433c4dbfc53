"""One vacancy, four descriptions: the import field table, the SQL columns, the engine's
type and the API schema must agree (issue 12), so a field cannot be dropped on the way
from an upload to a coach's card without a test failing."""

from __future__ import annotations

import dataclasses

from matcher.models import Vacancy
from matcher.records import fields_for
from web.api.schemas import VacancyOut
from web.vacancies.repositories.vacancies import CONTENT_FIELDS

# Import fields that are stored under another name, or not as themselves.
STORED_AS = {
    "id": {"external_ref"},
    "organisation": set(),  # the uploading organisation decides, never the file
    "hours_per_week": {"hours_min", "hours_max"},
}
LOCATION = {"postcode", "city", "lat", "lon"}  # the engine keeps them in one Location


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
