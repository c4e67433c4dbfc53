"""Outcomes under /admin/outcomes: the funnel, retention, time to a job, the jobs' perspective
and coaches and agencies, drawn (web/static/charts.js) with the numbers beside; CSV and
XLSX of the same figures. An admin sees their own municipality only."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from web.deps import CurrentAdmin, require_role
from web.oversight import outcome_exports, outcomes, report_periods
from web.oversight.audit_trail import Period
from web.oversight.outcome_cache import ReportCache
from web.oversight.outcomes import OutcomeReport
from web.oversight.small_groups import MIN_GROUP, Figure, Hidden
from web.templating import render

router = APIRouter(prefix="/admin", dependencies=[Depends(require_role("admin"))])

Day = Annotated[date | None, Query()]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def asked_period(since: Day = None, until: Day = None) -> Period:
    return report_periods.period_of(since, until, today=report_periods.today_in_amsterdam())


AskedPeriod = Annotated[Period, Depends(asked_period)]


def report_cache(request: Request) -> ReportCache:
    """This process's recent reports (made with the first request that needs them)."""
    state = request.app.state
    if not hasattr(state, "outcome_reports"):
        state.outcome_reports = ReportCache()
    cache: ReportCache = state.outcome_reports
    return cache


async def _report(
    request: Request,
    admin: CurrentAdmin,
    period: AskedPeriod,
    cache: Annotated[ReportCache, Depends(report_cache)],
) -> OutcomeReport:
    today = report_periods.today_in_amsterdam()
    pool = request.app.state.pool
    return await cache.get(
        (admin.organisation_id, period, today),
        lambda: outcomes.pooled_report(
            pool, municipality_id=admin.organisation_id, period=period, today=today
        ),
    )


Report = Annotated[OutcomeReport, Depends(_report)]


@router.get("/outcomes")
async def outcomes_page(request: Request, report: Report) -> Response:
    period = report.period
    context = {
        "report": report,
        "charts": chart_data(report),
        "min_group": MIN_GROUP,
        "period_query": f"since={period.first}&until={period.last}",
    }
    return render(request, "admin/outcomes.html", context)


@router.get("/outcomes.csv")
async def outcomes_csv(report: Report) -> Response:
    text = await asyncio.to_thread(outcome_exports.csv_text, report)
    return Response(
        "\ufeff" + text,  # the BOM makes Excel read the accents right
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{_filename(report)}.csv"'},
    )


@router.get("/outcomes.xlsx")
async def outcomes_xlsx(report: Report) -> Response:
    data = await asyncio.to_thread(outcome_exports.xlsx_bytes, report)
    return Response(
        data,
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{_filename(report)}.xlsx"'},
    )


def _filename(report: OutcomeReport) -> str:
    return f"uitkomsten-{report.period.first}-{report.period.last}"


def chart_data(report: OutcomeReport) -> dict[str, Any]:
    """What charts.js draws: per chart its labels and values (a hidden figure has no bar;
    its label says why: "< 5" or "verborgen")."""

    def bars(
        pairs: list[tuple[str, Figure | float | None]], label: str, **shape: Any
    ) -> dict[str, Any]:
        return {
            **shape,
            "label": label,
            "labels": [_bar_label(name, v) for name, v in pairs],
            "values": [round(v) if isinstance(v, int | float) else None for _, v in pairs],
        }

    return {
        "funnel": bars([(s.label, s.people) for s in report.funnel], "mensen", horizontal=True),
        "retention": bars(
            [(f"na {r.months} mnd", r.rate) for r in report.retention], "% werkt nog", max=100
        ),
        "days_to_job": bars([(b.label, b.people) for b in report.days_to_job.bars], "mensen"),
        "job_scores": bars([(b.label, b.people) for b in report.job_scores.bars], "mensen"),
        "agencies": bars(
            [(g.name, g.hired) for g in report.agencies], "mensen aangenomen", horizontal=True
        ),
    }


def _bar_label(name: str, value: Figure | float | None) -> str:
    if isinstance(value, Hidden):
        return f"{name} ({value.value})"
    return name if value is not None else f"{name} (onbekend)"
