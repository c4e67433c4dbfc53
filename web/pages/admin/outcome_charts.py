"""What web/static/charts.js draws on the outcome page: per chart its labels and one or
more series of values. A hidden figure has no bar, and where a chart has one series its
label says why ("< 5" or "verborgen"); the numbers themselves are in the tables."""

from __future__ import annotations

from typing import Any

from web.oversight.outcomes import OutcomeReport, Retention
from web.oversight.small_groups import Figure, Hidden

# Short names for the funnel's bars: a phone has room for about 15 characters beside them.
STAGE_SHORT = {
    "suggested": "Suggestie",
    "approved": "Goedgekeurd",
    "proposed": "Voorgesteld",
    "consented": "Toestemming",
    "invited": "Gesprek",
    "hired": "Aangenomen",
    "working_1m": "Na 1 maand",
    "working_3m": "Na 3 maanden",
    "working_6m": "Na 6 maanden",
}
Value = Figure | float | None


def chart_data(report: OutcomeReport) -> dict[str, Any]:
    agencies = report.agencies
    return {
        "funnel": bars(
            [(STAGE_SHORT[s.code], s.people) for s in report.funnel], "mensen", horizontal=True
        ),
        "retention": bars(
            [(f"na {r.months} mnd", _rate(r)) for r in report.retention], "% werkt nog", max=100
        ),
        "days_to_job": bars([(b.label, b.people) for b in report.days_to_job.bars], "mensen"),
        "job_scores": bars([(b.label, b.people) for b in report.job_scores.bars], "mensen"),
        "agencies": {
            "horizontal": True,
            "labels": [g.name for g in agencies],
            "series": [
                {"label": "mensen voorgesteld", "values": [_value(g.people) for g in agencies]},
                {"label": "mensen aangenomen", "values": [_value(g.hired) for g in agencies]},
            ],
        },
    }


def bars(pairs: list[tuple[str, Value]], label: str, **shape: Any) -> dict[str, Any]:
    return {
        **shape,
        "labels": [_label(name, value) for name, value in pairs],
        "series": [{"label": label, "values": [_value(value) for _, value in pairs]}],
    }


def _value(value: Value) -> int | None:
    return round(value) if isinstance(value, int | float) else None


def _label(name: str, value: Value) -> str:
    return f"{name} ({value.value})" if isinstance(value, Hidden) else name


def _rate(r: Retention) -> Value:
    """The share still at work, or why it is not shown."""
    if r.rate is not None:
        return r.rate
    return r.eligible if isinstance(r.eligible, Hidden) else Hidden.GUARD
