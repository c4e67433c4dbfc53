"""`PERSPECTIEF_POSTCODE_TABLE` points every postcode look-up at a deployment's own table
(issue 11: it was documented and did nothing)."""

from __future__ import annotations

from pathlib import Path

import pytest

from matcher import geo
from web.app import create_app
from web.settings import Settings
from web.vacancies.imports.validation import ValidRow, validate_row


@pytest.fixture
def own_table(tmp_path: Path):
    path = tmp_path / "postcodes.csv"
    path.write_text("postcode4,lat,lon,place,area\n8601,53.032,5.659,Sneek,Centrum\n")
    yield path
    geo.use_postcode_table(None)  # the shipped table again for the other tests


def test_the_configured_table_is_used_by_the_app_and_validation(own_table):
    row = {"id": "A", "title": "Kok", "description": "x", "postcode": "8601 AB"}
    before = validate_row(1, row)
    assert isinstance(before, ValidRow) and before.warnings  # not in the Utrecht table
    create_app(Settings(environment="test", postcode_table=own_table))
    assert geo.load_postcodes().place("8601 AB").place == "Sneek"
    after = validate_row(1, row)
    assert isinstance(after, ValidRow) and after.warnings == ()


def test_a_missing_table_stops_the_start(tmp_path):
    with pytest.raises(FileNotFoundError):
        create_app(Settings(environment="test", postcode_table=tmp_path / "nope.csv"))
    geo.use_postcode_table(None)
