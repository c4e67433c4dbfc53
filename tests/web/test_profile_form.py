"""The coach's profile form refuses odd input with a Dutch reason (issue 11)."""

from __future__ import annotations

import pytest
from starlette.datastructures import MultiDict

from web.candidates.profile_form import read_profile


def _read(**fields: object):
    form = MultiDict({"first_name": "Sam", **fields})
    return read_profile(form, form.getlist)


@pytest.mark.parametrize("hour", ["99999999999999999999", "25:00", "22:60", "²", "x"])
def test_an_impossible_curfew_hour_is_refused(hour):
    parsed = _read(curfew_start=hour, curfew_end="06:00")
    assert parsed.errors["curfew"] == "Gebruik tijden als 22:00."


def test_a_normal_curfew_is_read():
    parsed = _read(curfew_start="22:00", curfew_end="6")
    assert "curfew" not in parsed.errors
    assert parsed.restrictions["curfew_start"].hour == 22
    assert parsed.restrictions["curfew_end"].hour == 6


@pytest.mark.parametrize("day", ["²", "7", "99999999999999999999", "-1"])
def test_an_unknown_reporting_day_is_refused(day):
    form = MultiDict(
        [("first_name", "Sam"), ("reporting_weekdays", "0"), ("reporting_weekdays", day)]
    )
    parsed = read_profile(form, form.getlist)
    assert parsed.errors["reporting_weekdays"] == "Kies de meldplicht-dagen uit de lijst."


@pytest.mark.parametrize("name", ["Sam\x00", "Sam\ud800", "Sam\ufffd"])  # U+FFFD: not UTF-8
def test_a_name_that_cannot_be_stored_is_refused(name):
    parsed = _read(first_name=name)
    assert (
        parsed.errors["first_name"] == "Deze tekst bevat een teken dat niet kan worden opgeslagen."
    )
    assert not parsed.valid


def test_skills_are_saved_once_whatever_the_case_accents_or_spaces():
    form = MultiDict(
        [
            ("first_name", "Sam"),
            ("skills", "Heftruck rijden"),
            ("skills", "heftruck  rijden"),
            ("skills", "héftruck rijden"),
            ("skills", "monitor, test and maintain equipment"),  # a chosen label keeps its comma
            ("skill_entry", " HEFTRUCK RIJDEN, lassen ,, Lassen "),
        ]
    )
    parsed = read_profile(form, form.getlist)
    assert parsed.values["skills"] == [
        "Heftruck rijden",
        "monitor, test and maintain equipment",
        "lassen",
    ]


def test_without_script_the_typed_skills_are_read_by_their_commas():
    parsed = _read(skill_entry="orders verzamelen; kassa")
    assert parsed.values["skills"] == ["orders verzamelen", "kassa"]


def test_a_skill_that_cannot_be_stored_is_refused():
    parsed = _read(skill_entry="lassen, kok\x00")
    assert parsed.errors["skills"] == (
        "Een vaardigheid bevat een teken dat niet kan worden opgeslagen."
    )
    assert parsed.values["skills"] == ["lassen"]
