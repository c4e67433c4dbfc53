"""What the admin's page "Leren van beslissingen" shows: the versions of the admin's
municipality, which one ranks now, which one waits, where "back" goes, and the report
of one version with its chart (web/static/charts.js draws it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import asyncpg

from web.accounts.repositories.users import User
from web.errors import NotFound
from web.matching.views import COMPONENT_LABELS
from web.proposals.vocabulary import REJECT_REASONS
from web.ranker.labels import GAIN_LABELS
from web.ranker.report import MIN_GROUP
from web.ranker.repositories import versions
from web.ranker.repositories.versions import RankerVersion
from web.ranker.weights import COMPONENTS


@dataclass(frozen=True)
class RankerPage:
    versions: list[RankerVersion]  # newest first
    active: RankerVersion | None  # None: the hand-set weights rank
    waiting: RankerVersion | None  # the proposed version, if one waits
    shown: RankerVersion | None  # whose report the page shows
    back_to: int | None  # where "Terug naar vorige versie" goes (None: hand-set)


async def for_admin(conn: asyncpg.Connection, *, admin: User, version: int | None) -> RankerPage:
    """The page of the admin's municipality; `version` picks the report shown (default:
    the waiting one, else the active one). NotFound for a version it does not have."""
    org = admin.organisation_id
    found = await versions.for_organisation(conn, organisation_id=org)
    active = next((v for v in found if v.status == "active"), None)
    waiting = next((v for v in found if v.status == "proposed"), None)
    shown = waiting or active
    if version is not None:
        shown = next((v for v in found if v.version == version), None)
        if shown is None:
            raise NotFound("Deze versie bestaat niet.")
    back_to = None
    if active is not None:
        back_to = await versions.previous(conn, organisation_id=org, before=active.version)
    return RankerPage(found, active, waiting, shown, back_to)


def weight_rows(version: RankerVersion) -> list[dict[str, Any]]:
    """Per component: its Dutch name, the hand-set and the learned weight (0–1)."""
    hand, learned = version.report.get("hand_set", {}), version.weights
    return [
        {"label": COMPONENT_LABELS[c], "hand_set": hand.get(c, 0.0), "learned": learned.get(c, 0.0)}
        for c in COMPONENTS
    ]


def chart(version: RankerVersion) -> dict[str, Any]:
    """The weights before and after, as percentages, for web/static/charts.js."""
    rows = weight_rows(version)
    return {
        "weights": {
            "horizontal": True,
            "labels": [r["label"] for r in rows],
            "series": [
                {
                    "label": "vaste gewichten (%)",
                    "values": [round(100 * r["hand_set"]) for r in rows],
                },
                {
                    "label": f"versie {version.version} (%)",
                    "values": [round(100 * r["learned"]) for r in rows],
                },
            ],
        }
    }


STATUS_LABELS = {
    "proposed": "wacht op besluit",
    "active": "in gebruik",
    "retired": "niet in gebruik",
}
PAGE_CONSTANTS = {
    "gain_labels": GAIN_LABELS,
    "min_group": MIN_GROUP,
    "status_labels": STATUS_LABELS,
    "reject_labels": REJECT_REASONS,
}


def test_period(version: RankerVersion) -> tuple[datetime, datetime] | None:
    """First and last held-out decision the report was tested on."""
    test = version.report.get("test", {})
    if not test.get("from") or not test.get("until"):
        return None
    return datetime.fromisoformat(test["from"]), datetime.fromisoformat(test["until"])
