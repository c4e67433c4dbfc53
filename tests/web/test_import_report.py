"""Issue 11 §7: nothing accepted in silence. Every problem of a row, errors and warnings,
every documented label as a header, every unknown column reported, one import path."""

from __future__ import annotations

import pytest

from tests.factories import make_org, make_user
from tests.web.vacancy_files import csv_bytes, job_posting, jsonld_bytes
from web.accounts.repositories import api_keys
from web.vacancies.imports.errors import FileProblem
from web.vacancies.imports.parsing import Limits, parse_file, precheck
from web.vacancies.imports.validation import RejectedRow, Validator, ValidRow, validate_row

LIMITS = Limits(max_bytes=5 * 1024 * 1024, max_rows=1000, max_uncompressed_bytes=50 * 1024 * 1024)


def _outcomes(payload: bytes, filename: str = "v.csv"):
    parsed = parse_file(payload, filename, LIMITS)
    return parsed, Validator(parsed.columns).validate(parsed.rows)


def test_every_documented_dutch_label_is_a_header():
    """The README's field table names `minimumleeftijd`; it was silently ignored."""
    header = ["id", "functie", "minimumleeftijd", "uren per week", "vast na maanden"]
    parsed, [row] = _outcomes(csv_bytes([["A", "Kok", "18", "32", "6"]], header=header))
    assert isinstance(row, ValidRow)
    assert row.values["min_age"] == 18 and row.values["permanent_after_months"] == 6
    assert row.values["hours_min"] == 32 and parsed.ignored_columns == []


def test_an_unknown_column_is_reported_once_for_the_header():
    header = ["id", "functie", "omschrijving", "salarisschaal"]
    parsed, [row] = _outcomes(csv_bytes([["A", "Kok", "Koken", "B"]], header=header))
    assert isinstance(row, ValidRow) and row.warnings == ()
    [warning] = parsed.header_warnings()
    assert (warning.row, warning.column, warning.is_error) == (1, "salarisschaal", False)
    assert "niet gebruikt" in warning.message


def test_a_row_reports_every_problem_not_only_the_first():
    header = ["id", "functie", "uren", "uurloon", "rijbewijs", "sluitingsdatum"]
    body = [["A", "Kok", "veertig", "2500", "Z", "morgen"]]
    _parsed, [row] = _outcomes(csv_bytes(body, header=header))
    assert isinstance(row, RejectedRow)
    assert [p.column for p in row.problems] == ["uren", "uurloon", "rijbewijs", "sluitingsdatum"]
    assert "maandloon" in row.problems[1].message and "14,42" in row.problems[1].message
    assert all(p.is_error and p.external_ref == "A" for p in row.problems)


def test_accepted_but_worth_fixing_is_a_warning():
    header = ["id", "functie", "omschrijving", "postcode"]
    body = [
        ["A", "Kok", "", "UTRECHT"],
        ["B", "Kok", "Koken", "9999 ZZ"],
        ["C", "Kok", "x", "3511"],
    ]
    _parsed, [a, b, c] = _outcomes(csv_bytes(body, header=header))
    assert isinstance(a, ValidRow) and isinstance(b, ValidRow) and isinstance(c, ValidRow)
    assert {w.column for w in a.warnings} == {"omschrijving", "postcode"}
    assert "postcode" not in a.values  # 'UTRECHT' is not stored as a postcode
    [unknown] = b.warnings
    assert "niet in de postcodetabel" in unknown.message and b.values["postcode"] == "9999 ZZ"
    assert c.warnings == ()


def test_jsonld_says_what_it_left_out():
    posting = job_posting("JP-1", datePosted="gisteren")
    _parsed, [row] = _outcomes(jsonld_bytes(posting), "v.json")
    assert isinstance(row, ValidRow)
    [warning] = [w for w in row.warnings if w.column == "datePosted"]
    assert "geen datum" in warning.message


def test_a_plain_json_record_reports_unknown_keys():
    row = validate_row(1, {"id": "A", "title": "Kok", "description": "x", "salaris_p_m": 2500})
    assert isinstance(row, ValidRow)
    assert [(w.column, w.is_error) for w in row.warnings] == [("salaris_p_m", False)]


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("hours_per_week", "70", "tussen 0 en 60"),
        ("hourly_wage", "3", "minimumloon"),
        ("hourly_wage", "1.500", "maandloon"),
        ("hourly_wage", "nan", "geen getal"),
        ("min_age", "150", "tussen 0 en 99"),
        ("id", "x" * 201, "langer dan 200"),
    ],
)
def test_ranges_are_refused_with_a_dutch_reason(field, value, reason):
    row = validate_row(1, {"id": "A", "title": "Kok", field: value})
    assert isinstance(row, RejectedRow)
    assert any(reason in p.message for p in row.problems), row.problems


def test_precheck_reads_no_rows_but_refuses_what_it_can_see():
    good_header_bad_rows = b'id;functie\nA;"Kok\n' + b"x;y\n" * 10
    assert precheck(good_header_bad_rows, "v.csv", LIMITS) == "csv"
    with pytest.raises(FileProblem, match="'title'"):
        precheck(b"id;naam\nA;Kok\n", "v.csv", LIMITS)
    with pytest.raises(FileProblem, match="leeg"):
        precheck(b"  \n", "v.csv", LIMITS)
    with pytest.raises(FileProblem, match="te groot"):
        precheck(b"id;title\n" * 100, "v.csv", Limits(50, 10, 10))


@pytest.fixture
async def api_key(conn):
    org = await make_org(conn, kind="agency")
    user = await make_user(conn, role="agency", org=org)
    _key, secret = await api_keys.create(
        conn, organisation_id=org.id, name="test", created_by=user.id
    )
    return org, {"Authorization": f"Bearer {secret}"}


async def test_bulk_runs_the_import_batch_life_cycle(client, api_key, conn):
    """The API's bulk call used to re-implement the batch and wrote no `import_done`."""
    org, auth = api_key
    items = [
        {"id": "B-1", "title": "Kok", "description": "Koken"},
        {"id": "B-2", "title": "Kok", "postcode": "UTRECHT", "description": "Koken"},
        {"id": "B-3", "title": "Kok", "hours_per_week": "veel", "hourly_wage": "nan"},
        {"@type": "Organization", "name": "Domstad"},
    ]
    response = await client.post("/api/v1/vacancies/bulk", json={"vacancies": items}, headers=auth)
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["stored"] == 2 and result["refs"] == ["B-1", "B-2"]
    assert [(p["row"], p["column"]) for p in result["rejected"]] == [
        (3, "uren per week"),
        (3, "uurloon"),
        (4, "@type"),
    ]
    assert [(p["row"], p["column"]) for p in result["warnings"]] == [(2, "postcode")]
    done = await conn.fetchval(
        "SELECT count(*) FROM audit_log WHERE action = 'import_done' AND organisation_id = $1",
        org.id,
    )
    assert done == 1
    batch = await conn.fetchrow("SELECT rejected, status FROM import_batches")
    assert tuple(batch) == (2, "done")  # rows refused, not problems counted


async def test_single_vacancy_warnings_and_all_errors(client, api_key):
    _org, auth = api_key
    ok = await client.post(
        "/api/v1/vacancies", json={"id": "S-1", "title": "Kok", "plaats": "Utrecht"}, headers=auth
    )
    assert ok.status_code == 200
    assert [w["column"] for w in ok.json()["warnings"]] == ["omschrijving"]
    bad = await client.post(
        "/api/v1/vacancies",
        json={"id": "S-2", "title": "", "hourly_wage": "inf", "hours_per_week": "-3"},
        headers=auth,
    )
    assert bad.status_code == 422
    assert {p["column"] for p in bad.json()["problems"]} == {
        "functie",
        "uurloon",
        "uren per week",
    }


def test_a_field_given_twice_is_said_not_silently_dropped():
    header = ["id", "functie", "omschrijving", "uren", "uren per week"]
    parsed, [row] = _outcomes(csv_bytes([["A", "Kok", "Koken", "32", "veertig"]], header=header))
    assert isinstance(row, ValidRow) and row.values["hours_min"] == 32
    [warning] = parsed.header_warnings()
    assert warning.column == "uren per week" and "'uren'" in warning.message
    record = {"id": "B", "title": "Kok", "description": "x", "uren": "32", "hours": "veertig"}
    one = validate_row(1, record)
    assert isinstance(one, ValidRow)
    assert [(w.column, "'uren'" in w.message) for w in one.warnings] == [("hours", True)]
