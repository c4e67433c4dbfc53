"""Vacancy files → rows → validated values, without a database."""

from __future__ import annotations

import csv
import io

import pytest

from tests.web.vacancy_files import (
    csv_bytes,
    job_posting,
    jsonld_bytes,
    rows,
    xlsx_bytes,
    zip_bomb,
)
from web.vacancies.imports.errors import FileProblem, RowProblem
from web.vacancies.imports.parsing import Limits, parse_file
from web.vacancies.imports.report import report_csv, safe_cell, template_csv_text, template_xlsx
from web.vacancies.imports.validation import RejectedRow, Validator, ValidRow

LIMITS = Limits(max_bytes=5 * 1024 * 1024, max_rows=1000, max_uncompressed_bytes=50 * 1024 * 1024)


def _validated(payload: bytes, filename: str = "v.csv", limits: Limits = LIMITS):
    parsed = parse_file(payload, filename, limits)
    return parsed, Validator(parsed.columns).validate(parsed.rows)


@pytest.mark.parametrize(
    ("delimiter", "encoding", "bom"),
    [(";", "utf-8", False), (",", "utf-8", True), (";", "cp1252", False), ("\t", "utf-8", False)],
)
def test_csv_dialects_and_encodings_are_detected(delimiter, encoding, bom):
    body = [["V-1", "Café-medewerker", "Koffie zetten", "24-32", "14,50", "Utrecht", "horeca"]]
    _parsed, outcomes = _validated(csv_bytes(body, delimiter=delimiter, encoding=encoding, bom=bom))
    [row] = outcomes
    assert isinstance(row, ValidRow)
    assert row.external_ref == "V-1" and row.values["title"] == "Café-medewerker"
    assert (row.values["hours_min"], row.values["hours_max"]) == (24, 32)
    assert row.values["hourly_wage"] == 14.5


def test_utf16_with_bom_is_read():
    text = "id,title\nA-1,Kok\n"
    _parsed, [row] = _validated(text.encode("utf-16"))
    assert isinstance(row, ValidRow) and row.values["title"] == "Kok"


def test_unreadable_bytes_are_a_file_problem():
    # 0x81 is neither UTF-8 nor Windows-1252
    with pytest.raises(FileProblem, match="tekens"):
        parse_file(b"id;title\nA-1;K\x81k\xff\n", "v.csv", LIMITS)


def test_binary_garbage_is_refused():
    with pytest.raises(FileProblem, match="geen tekstbestand"):
        parse_file(b"id;title\n\x00\x01\x02", "v.csv", LIMITS)


def test_missing_required_column_names_it():
    payload = csv_bytes([["Kok", "24"]], header=["functie", "uren"])
    with pytest.raises(FileProblem, match="'id'") as info:
        parse_file(payload, "v.csv", LIMITS)
    assert info.value.status == 422


def test_bad_rows_are_reported_with_row_column_and_dutch_reason():
    body = rows(2) + [
        ["V-3", "Kok", "", "veertig", "", "Utrecht", ""],
        ["V-4", "", "", "", "", "", ""],
        ["V-1", "Dubbel", "", "", "", "", ""],
        ["V-6", "Schoonmaker", "", "", "3500", "", ""],
    ]
    parsed, outcomes = _validated(csv_bytes(body))
    problems = [p for o in outcomes if isinstance(o, RejectedRow) for p in o.problems]
    assert [(p.row, p.column) for p in problems] == [
        (4, "uren"),
        (5, "functie"),
        (6, "vacaturenummer"),
        (7, "uurloon"),
    ]
    assert "'veertig' is geen getal" in problems[0].message
    assert problems[1].message == "ontbreekt"
    assert "rij 2" in problems[2].message
    assert "maandloon" in problems[3].message
    assert len([o for o in outcomes if isinstance(o, ValidRow)]) == 2
    assert parsed.columns["hours_per_week"] == "uren"


def test_xlsx_is_read_with_numbers_and_dates():
    from datetime import date

    body = [[1001, "Heftruckchauffeur", "Laden", 40, 15.25, "Nieuwegein", "logistiek"]]
    parsed, [row] = _validated(xlsx_bytes(body), "v.xlsx")
    assert parsed.file_format == "xlsx"
    assert isinstance(row, ValidRow)
    assert row.external_ref == "1001" and row.values["hours_max"] == 40
    header = ["id", "title", "sluitingsdatum"]
    _parsed, [dated] = _validated(xlsx_bytes([["A", "Kok", date(2026, 12, 1)]], header=header))
    assert isinstance(dated, ValidRow) and dated.values["closing_date"] == date(2026, 12, 1)


def test_zip_bomb_is_refused_before_inflating():
    with pytest.raises(FileProblem, match="zip-bom") as info:
        parse_file(zip_bomb(60), "v.xlsx", LIMITS)
    assert info.value.status == 413


def test_broken_xlsx_is_a_file_problem():
    with pytest.raises(FileProblem, match="Excel"):
        parse_file(b"not a zip at all", "v.xlsx", LIMITS)
    with pytest.raises(FileProblem, match="Excel"):
        parse_file(b"PK\x03\x04broken", "v.xlsx", LIMITS)


def test_size_and_row_limits():
    small = Limits(max_bytes=100, max_rows=3, max_uncompressed_bytes=10**6)
    with pytest.raises(FileProblem, match="te groot") as too_big:
        parse_file(csv_bytes(rows(20)), "v.csv", small)
    assert too_big.value.status == 413
    with pytest.raises(FileProblem, match="maximum is 3") as too_many:
        parse_file(csv_bytes(rows(4)), "v.csv", Limits(10**6, 3, 10**6))
    assert too_many.value.status == 413


@pytest.mark.parametrize(
    "document",
    [
        job_posting("JP-1"),
        [job_posting("JP-1")],
        {"@context": "https://schema.org", "@graph": [job_posting("JP-1")]},
    ],
    ids=["object", "array", "graph"],
)
def test_jsonld_job_posting_is_mapped(document):
    parsed, [row] = _validated(jsonld_bytes(document), "v.json")
    assert parsed.file_format == "jsonld"
    assert isinstance(row, ValidRow)
    values = row.values
    assert row.external_ref == "JP-1"
    assert values["description"].split() == "Je verzamelt orders & laadt vrachtwagens.".split()
    assert values["employer_name"] == "DC Lage Weide"
    assert values["postcode"] == "3542 AB" and values["city"] == "Utrecht"
    assert values["hourly_wage"] == 14.9 and values["contract_type"] == "tijdelijk"
    assert (values["hours_min"], values["hours_max"]) == (32, 40)
    assert str(values["closing_date"]) == "2026-12-31"
    assert values["skills"] == ["orderpicken", "heftruck"]


def test_jsonld_in_html_and_non_postings():
    page = (
        '<html><script type="application/ld+json">'
        + jsonld_bytes([job_posting("A"), {"@type": "Organization", "name": "x"}]).decode()
        + "</script></html>"
    )
    _parsed, outcomes = _validated(page.encode(), "v.html")
    assert isinstance(outcomes[0], ValidRow)
    assert isinstance(outcomes[1], RejectedRow)
    assert "geen JobPosting" in outcomes[1].problems[0].message


def test_monthly_salary_is_not_taken_for_an_hourly_wage():
    salary = {"@type": "MonetaryAmount", "value": {"value": 2400, "unitText": "MONTH"}}
    _parsed, [row] = _validated(jsonld_bytes(job_posting("A", baseSalary=salary)))
    assert isinstance(row, ValidRow) and "hourly_wage" not in row.values
    [warning] = [w for w in row.warnings if w.column == "baseSalary"]
    assert "per uur" in warning.message and not warning.is_error


def test_invalid_json_is_a_file_problem():
    with pytest.raises(FileProblem, match="JSON"):
        parse_file(b'{"@type": "JobPosting", ', "v.json", LIMITS)
    with pytest.raises(FileProblem, match="JSON"):
        parse_file(b"[" * 100_000, "v.json", LIMITS)


def test_report_csv_neutralises_formulas():
    problems = [
        RowProblem(2, '=HYPERLINK("http://x")', "+1", "@SUM(A1)"),
        RowProblem(3, "uren", "-2 is geen getal", "\tV-1"),
    ]
    text = report_csv(problems)
    parsed = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert parsed[0] == ["rij", "kolom", "soort", "reden", "id"]
    assert parsed[1][2] == "fout"
    for cell in [c for row in parsed[1:] for c in row]:
        assert not cell.startswith(("=", "+", "-", "@", "\t"))
    assert safe_cell("=1+1") == "'=1+1" and safe_cell("Kok") == "Kok"


def test_templates_parse_as_valid_uploads():
    _parsed, [row] = _validated(template_csv_text().encode("utf-8"))
    assert isinstance(row, ValidRow), row
    _parsed, [row] = _validated(template_xlsx(), "sjabloon.xlsx")
    assert isinstance(row, ValidRow), row


def test_header_aliases_in_english():
    header = ["external_ref", "job_title", "hours", "salary"]
    _parsed, [row] = _validated(
        csv_bytes([["E-1", "Cook", "20", "13"]], header=header, delimiter=",")
    )
    assert isinstance(row, ValidRow) and row.values["title"] == "Cook"


def test_extra_cells_are_reported():
    payload = b"id;title\nA;Kok;onverwacht\n"
    _parsed, [row] = _validated(payload)
    assert isinstance(row, RejectedRow) and "meer cellen" in row.problems[0].message


def test_hostile_markup_is_refused_by_an_html_parser_not_a_regex():
    """Issue 11: '<script ' repeated held the interpreter for 20 s (quadratic regex);
    an HTML parser reads it in linear time and finds no JSON-LD in it."""
    from web.vacancies.imports.jsonld import ld_scripts, postings

    hostile = "<html>" + "<script " * 300_000  # 2.4 MB
    assert ld_scripts(hostile) == []
    with pytest.raises(FileProblem, match="Geen JSON-LD"):
        postings(hostile)


def test_json_ld_blocks_and_html_descriptions_are_read_by_the_parser():
    from web.vacancies.imports.jsonld import postings

    page = (
        '<html><head><SCRIPT TYPE="Application/LD+JSON">{"@type": "JobPosting", '
        '"identifier": "X1", "title": "Kok", "description": '
        '"<p>Koken &amp; bakken</p>' + "<" * 1000 + '"}</SCRIPT></head></html>'
    )
    ((number, row),) = postings(page)
    assert number == 1 and row["title"] == "Kok"
    assert row["description"].startswith("Koken & bakken")
