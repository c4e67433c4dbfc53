"""The outcome report as tables, and those tables as CSV, XLSX and JSON: the one shape
the page's download, the spreadsheet and `perspectief report outcomes` share.

A hidden figure is written as the page shows it: "< 5" (a small group) or
"verborgen" (it would give a small group away). A cell a spreadsheet would take for a formula (a
coach's name starting with "=", say) is written as text."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from web.oversight.outcomes import Distribution, GroupRow, OutcomeReport
from web.oversight.small_groups import MIN_GROUP, Figure, Hidden

Cell = int | str


@dataclass(frozen=True)
class Table:
    key: str  # a stable name for machines (JSON)
    title: str  # the sheet's and section's name
    header: list[str]
    rows: list[list[Cell]]


def figure(value: Figure) -> Cell:
    return value.value if isinstance(value, Hidden) else value


def rounded(value: float | None) -> Cell:
    return "" if value is None else round(value)


def tables(report: OutcomeReport) -> list[Table]:
    return [
        Table(
            "funnel",
            "Trechter",
            ["stap", "mensen", "% van vorige stap"],
            [[s.label, figure(s.people), rounded(s.share_of_previous)] for s in report.funnel],
        ),
        Table(
            "retention",
            "Behoud",
            ["na", "lang genoeg aan het werk", "werkt nog", "gestopt", "nog niet nagevraagd"]
            + ["% werkt nog"],
            [
                [f"{r.months} mnd", figure(r.eligible), figure(r.working), figure(r.stopped)]
                + [figure(r.unknown), rounded(r.rate)]
                for r in report.retention
            ],
        ),
        _distribution("days_to_job", "Tijd tot eerste baan", "dagen", report.days_to_job),
        _distribution("job_scores", "Perspectief van de baan", "score", report.job_scores),
        _groups("coaches", "Per jobcoach", "jobcoach", report.coaches),
        _groups("agencies", "Per uitzendbureau", "uitzendbureau of werkgever", report.agencies),
    ]


def _distribution(key: str, title: str, unit: str, d: Distribution) -> Table:
    rows: list[list[Cell]] = [[bar.label, figure(bar.people), ""] for bar in d.bars]
    rows.append(["totaal", figure(d.people), rounded(d.median)])
    return Table(key, title, ["groep", "mensen", f"mediaan ({unit})"], rows)


def _groups(key: str, title: str, who: str, groups: list[GroupRow]) -> Table:
    header = [who, "mensen voorgesteld", "voorstellen", "mensen aangenomen"]
    header.append("mediaan reactietijd bureau (uren)")
    rows: list[list[Cell]] = [
        [g.name, figure(g.people), figure(g.proposals), figure(g.hired), rounded(g.response_hours)]
        for g in groups
    ]
    return Table(key, title, header, rows)


def period_line(report: OutcomeReport) -> list[Cell]:
    first, last = report.period.first, report.period.last
    return [report.municipality, f"{first:%Y-%m-%d} t/m {last:%Y-%m-%d}"]


def inert(value: Cell) -> Cell:
    """A text a spreadsheet would run as a formula, made plain text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def csv_text(report: OutcomeReport) -> str:
    """One long table: section, row, column, value (easy to filter and to read by a
    program), after a line naming the municipality and period."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["onderdeel", "groep", "maat", "waarde"])
    writer.writerow(["periode", *(inert(c) for c in period_line(report)), ""])
    for table in tables(report):
        for row in table.rows:
            for name, value in zip(table.header[1:], row[1:], strict=True):
                writer.writerow([table.title, inert(row[0]), name, inert(value)])
    return out.getvalue()


def xlsx_bytes(report: OutcomeReport) -> bytes:
    """A sheet per table; every text cell is stored as text, never as a formula."""
    import openpyxl

    workbook = openpyxl.Workbook()
    first = workbook.active
    assert first is not None
    workbook.remove(first)
    for table in tables(report):
        sheet = workbook.create_sheet(table.title)
        for values in ([*period_line(report)], table.header, *table.rows):
            sheet.append(values)
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # openpyxl would store "=…" as a formula
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def json_data(report: OutcomeReport) -> dict[str, Any]:
    first, last = report.period.first, report.period.last
    return {
        "municipality": report.municipality,
        "from": first.isoformat() if first else None,
        "to": last.isoformat() if last else None,
        "today": report.today.isoformat(),
        "hidden_below": MIN_GROUP,
        **{
            t.key: [dict(zip(t.header, row, strict=True)) for row in t.rows] for t in tables(report)
        },
    }
