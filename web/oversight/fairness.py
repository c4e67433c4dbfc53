"""The fairness monitor for a municipality and a period: per age band, postcode area and
stated gender, the rates of being suggested, approved, proposed and hired, with the
mean suggestion score, each compared with the best-off group (web/oversight/fairness_stats).

Groups come only from what the product already holds: the birth date, the postcode and
a gender the young person chose to state. Groups under 5 people are suppressed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import asyncpg

from web.accounts.repositories.users import User
from web.oversight.fairness_stats import FLAG_BELOW, MIN_GROUP, Group, groups

__all__ = ["FLAG_BELOW", "MIN_GROUP", "FairnessReport", "report", "report_for_admin"]
from web.oversight.repositories import audit
from web.oversight.repositories import fairness as stored
from web.oversight.repositories.fairness import PersonRow

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
STAGES = {
    "suggested": ("voorgesteld door het systeem", lambda p: p.suggested),
    "approved": ("goedgekeurd door een jobcoach", lambda p: p.approved),
    "proposed": ("voorgesteld aan een werkgever", lambda p: p.proposed),
    "hired": ("aangenomen", lambda p: p.hired),
}
MEASURES = {
    "mean_score": ("gemiddelde score van getoonde suggesties", lambda p: p.mean_score),
    "top_score": ("gemiddelde score van de beste suggestie", lambda p: p.top_score),
}
AGE_BANDS = ((16, 17), (18, 20), (21, 23), (24, 27))


@dataclass(frozen=True)
class Dimension:
    key: str
    label: str
    groups: list[Group]  # only groups of at least MIN_GROUP people
    suppressed: int  # how many smaller groups are not shown
    rest: int  # people in those groups or without a value, together (never one group)


@dataclass(frozen=True)
class FairnessReport:
    first: date
    last: date
    people: int
    dimensions: list[Dimension]

    @property
    def flags(self) -> list[tuple[str, str, str]]:
        """(dimension, group, stage) where the ratio to the best-off group is < 0.8."""
        return [
            (d.label, g.name, STAGES[stage][0])
            for d in self.dimensions
            for g in d.groups
            for stage, rate in g.rates.items()
            if rate.flagged
        ]


def age_band(birth_date: date | None, on: date) -> str | None:
    if birth_date is None:
        return None
    age = on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))
    for low, high in AGE_BANDS:
        if low <= age <= high:
            return f"{low}–{high} jaar"
    return f"{AGE_BANDS[-1][1] + 1} jaar of ouder" if age > AGE_BANDS[-1][1] else "jonger"


def postcode_area(postcode: str | None) -> str | None:
    digits = (postcode or "").strip()[:2]
    return f"{digits}xx" if len(digits) == 2 and digits.isdigit() else None


async def report(
    conn: asyncpg.Connection, *, municipality_id: int, first: date, last: date
) -> FairnessReport:
    since, until = _midnight(first), _midnight(last + timedelta(days=1))
    people = await stored.people(conn, municipality_id=municipality_id, since=since, until=until)
    return FairnessReport(first, last, len(people), _dimensions(people, last))


async def report_for_admin(
    conn: asyncpg.Connection, *, admin: User, first: date, last: date
) -> FairnessReport:
    """The admin's own municipality; the look is audited."""
    await audit.record_by(
        conn,
        admin,
        action="fairness_read",
        object_type="organisation",
        object_id=admin.organisation_id,
    )
    return await report(conn, municipality_id=admin.organisation_id, first=first, last=last)


def _dimensions(people: list[PersonRow], on: date) -> list[Dimension]:
    keys = {
        "age": ("Leeftijd", lambda p: age_band(p.birth_date, on)),
        "area": ("Postcodegebied", lambda p: postcode_area(p.postcode)),
        "gender": ("Geslacht (alleen als de jongere het zelf opgaf)", lambda p: p.stated_gender),
    }
    stages = {stage: reached for stage, (_label, reached) in STAGES.items()}
    measures = {name: measure for name, (_label, measure) in MEASURES.items()}
    return [
        _dimension(key, label, group_of, people, stages, measures)
        for key, (label, group_of) in keys.items()
    ]


def _dimension(
    key: str,
    label: str,
    group_of: Callable[[PersonRow], str | None],
    people: list[PersonRow],
    stages: dict[str, Callable[[PersonRow], bool]],
    measures: dict[str, Callable[[PersonRow], float | None]],
) -> Dimension:
    found = groups(people, group_of, stages, measures)
    shown = [g for g in found if not g.suppressed]
    rest = len(people) - sum(g.size for g in shown)
    return Dimension(key, label, shown, len(found) - len(shown), rest)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=AMSTERDAM)


def as_json(report: FairnessReport) -> dict[str, Any]:
    """The report for `perspectief report fairness --format json` (suppressed groups carry
    only that they were suppressed)."""
    return {
        "period": {"from": report.first.isoformat(), "to": report.last.isoformat()},
        "people": report.people,
        "min_group": MIN_GROUP,
        "flag_below": FLAG_BELOW,
        "dimensions": [
            {
                "dimension": d.key,
                "groups": [_group_json(g) for g in d.groups],
                "smaller_groups_not_shown": d.suppressed,
                "in_smaller_groups_or_unknown": d.rest,
            }
            for d in report.dimensions
        ],
        "flags": [list(f) for f in report.flags],
    }


def _group_json(group: Group) -> dict[str, Any]:
    return {
        "group": group.name,
        "size": group.size,
        "rates": {
            stage: {
                "count": r.count,
                "rate": round(r.rate, 4),
                "interval": [round(r.interval.low, 4), round(r.interval.high, 4)],
                "ratio_to_best": None if r.ratio is None else round(r.ratio, 3),
                "ratio_interval": None
                if r.ratio_interval is None
                else [round(r.ratio_interval.low, 3), round(r.ratio_interval.high, 3)],
                "flagged": r.flagged,
            }
            for stage, r in group.rates.items()
        },
        "means": {
            name: None if m is None else {"value": round(m.value, 4), "n": m.n}
            for name, m in group.means.items()
        },
    }
