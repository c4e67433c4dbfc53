"""Outcomes under /admin/outcomes: the funnel, retention, time to a job, the jobs' perspective
and coaches and agencies, drawn (web/static/charts.js, from outcome_charts.py's data) with
the numbers beside; CSV and XLSX of the same figures. An admin sees their own
municipality only."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from web.deps import CurrentAdmin, require_role
from web.oversight import outcome_exports, outcomes, report_periods
from web.oversight.audit_trail import Period
from web.oversight.outcome_cache import ReportCache
from web.oversight.outcomes import OutcomeReport
from web.oversight.small_groups import MIN_GROUP
from web.pages.admin import outcome_charts
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
        "charts": outcome_charts.chart_data(report),
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
