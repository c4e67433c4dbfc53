"""The validation report as a CSV the agency opens in Excel, and the upload templates.

Every cell we export is neutralised against formula injection: a value starting with
`=`, `+`, `-`, `@`, tab or carriage return gets a leading apostrophe, so a spreadsheet
shows it as text instead of running it (OWASP "CSV injection").
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date
from typing import Any

from matcher.import_fields import fields_for, template_csv
from web.vacancies.imports.errors import RowProblem

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
REPORT_HEADER = ("rij", "kolom", "soort", "reden", "id")


def safe_cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def report_csv(problems: Iterable[RowProblem]) -> str:
    """Every problem: row, column, fout/waarschuwing, Dutch reason, reference (';' for
    Dutch Excel, BOM)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(REPORT_HEADER)
    for p in problems:
        cells = (p.row, p.column, p.severity_label, p.message, p.external_ref)
        writer.writerow([safe_cell(v) for v in cells])
    return "\ufeff" + out.getvalue()


def template_csv_text() -> str:
    # The UTF-8 BOM makes Excel read the accents right when the template is opened.
    return "\ufeff" + template_csv("vacancy")


def template_xlsx() -> bytes:
    """The same template as XLSX: canonical header, one example row, a help sheet."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "vacatures"
    specs = [f for f in fields_for("vacancy") if f.name != "organisation"]
    sheet.append([f.name for f in specs])
    sheet.append([_example(f.kind, f.example) for f in specs])
    help_sheet = workbook.create_sheet("uitleg")
    help_sheet.append(["kolom", "betekenis", "verplicht", "ook goed als kop"])
    for f in specs:
        help_sheet.append([f.name, f.label_nl, "ja" if f.required else "", ", ".join(f.aliases)])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _example(kind: str, example: str) -> Any:
    if kind == "date":
        return date.fromisoformat(example)
    return example
