"""Import records: header aliases, Dutch values, and Dutch field-named errors."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from matcher import import_fields as fields
from matcher import records as r
from matcher.models import Location


def test_csv_row_with_dutch_headers() -> None:
    row = {
        "Vacaturenummer": "VAC-1",
        "Functie": "Heftruckchauffeur",
        "Uren": "32 - 40",
        "Postcode": "3542 AB",
        "Plaats": "Utrecht",
        "Contract": "Uitzendwerk",
        "Uurloon": "€ 14,90",
        "VOG": "ja",
        "Diensten": "dag; avond",
        "Vaardigheden": "heftruck rijden, orderpicken",
        "Certificaten": "VCA",
        "Startdatum": "01-03-2026",
        "Rijbewijs": "nee",
        "Onbekende kolom": "wordt genegeerd",
    }
    v = r.parse_vacancy(row, ids=r.IdMap())
    assert v.id == 1 and v.external_ref == "VAC-1"
    assert v.title == "Heftruckchauffeur"
    assert (v.hours_min, v.hours_max) == (32, 40)
    assert v.location == Location(postcode="3542 AB", city="Utrecht")
    assert v.contract_type == "uitzend"
    assert v.hourly_wage == 14.90
    assert v.vog_required is True
    assert v.shifts == ["day", "evening"]
    assert v.skills == ["heftruck rijden", "orderpicken"]
    assert v.required_certificates == ["VCA"]
    assert v.start_date == date(2026, 3, 1)
    assert v.driving_licence is None


def test_json_record_with_canonical_names() -> None:
    v = r.parse_vacancy(
        {
            "id": 42,
            "title": "Kok",
            "hours_per_week": 40,
            "skills": ["koken", "HACCP"],
            "start_date": "2026-04-01",
            "bbl": True,
            "lat": 52.1,
            "lon": 5.1,
        }
    )
    assert v.id == 42 and v.external_ref == "42"
    assert (v.hours_min, v.hours_max) == (40, 40)
    assert v.skills == ["koken", "HACCP"] and v.bbl
    assert v.location.lat == 52.1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("uren", "veertig", "uren per week: 'veertig' is geen getal"),
        ("uurloon", "2500", "uurloon: '2500' lijkt een maandloon"),
        ("vog", "misschien", "VOG: 'misschien' is geen ja/nee"),
        ("contract", "freelance", "contract: 'freelance' is onbekend; kies uit"),
        ("startdatum", "morgen", "startdatum: 'morgen' is geen datum"),
        ("diensten", "ochtend", "diensten: 'ochtend' is onbekend"),
        ("taalniveau", "D3", "taalniveau: 'D3' is onbekend"),
        ("rijbewijs", "Z", "rijbewijs: 'Z' is geen rijbewijscategorie"),
        ("uren", "120", "uren per week: '120' ligt niet tussen 0 en 60 uur"),
        ("vast_na_maanden", "6,5", "vast na maanden: '6,5' is geen heel getal"),
    ],
)
def test_bad_values_give_dutch_field_named_errors(field: str, value: str, message: str) -> None:
    with pytest.raises(fields.RecordError) as info:
        r.parse_vacancy({"id": "1", "functie": "Kok", field: value})
    assert str(info.value).startswith(message)
    assert info.value.field == fields.normalise_row({field: value}, "vacancy").popitem()[0]


def test_missing_required_field() -> None:
    with pytest.raises(fields.RecordError, match="^functie: ontbreekt$"):
        r.parse_vacancy({"id": "1", "omschrijving": "x"})


def test_string_id_without_id_map_is_an_error() -> None:
    with pytest.raises(fields.RecordError, match="^id: 'VAC-1' is geen getal"):
        r.parse_vacancy({"id": "VAC-1", "title": "Kok"})


def test_id_map_round_trip() -> None:
    ids = r.IdMap()
    assert [ids.to_int(x) for x in ("a", "b", "a", 7)] == [1, 2, 1, 3]
    assert ids.to_ref(3) == "7" and len(ids) == 3


def test_min_hours_above_max_is_an_error() -> None:
    with pytest.raises(fields.RecordError, match="minimum uren"):
        r.parse_candidate({"id": 1, "min_uren": 40, "max_uren": 20})


def test_candidate_record() -> None:
    c = r.parse_candidate(
        {
            "kandidaat_id": "K-9",
            "gewenst werk": "magazijn",
            "Geboortedatum": "17-05-2007",
            "Vervoer": "E-bike",
            "Max afstand": "10",
            "Certificaten": "VCA-basis | heftruck",
            "Rijbewijs": "B, AM",
            "Taalniveau": "b1",
            "diensten": "dag, weekend",
        },
        ids=r.IdMap(),
    )
    assert c.id == 1 and c.desired_work == "magazijn"
    assert c.birth_date == date(2007, 5, 17)
    assert c.travel_mode == "ebike" and c.max_travel_km == 10
    assert c.certificates == ["VCA-basis", "heftruck"]
    assert c.driving_licences == ["B", "AM"]
    assert c.language_level == "B1" and c.shifts == ["day", "weekend"]


def test_template_round_trips_through_the_parser() -> None:
    rows = list(csv.DictReader(io.StringIO(fields.template_csv("vacancy")), delimiter=";"))
    v = r.parse_vacancy(rows[0], ids=r.IdMap())
    assert v.external_ref == "VAC-2026-001" and v.title == "Heftruckchauffeur"
    assert v.skills == ["heftruck rijden", "orderpicken"]
    rows = list(csv.DictReader(io.StringIO(fields.template_csv("candidate")), delimiter=";"))
    assert r.parse_candidate(rows[0], ids=r.IdMap()).travel_mode == "bike"
    assert "| **title** | text | functie |" in fields.fields_markdown("vacancy")
