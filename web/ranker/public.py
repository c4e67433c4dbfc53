"""For the algorithm register: which municipalities rank with learned weights, since
when and with which weights (the register shows the hand-set ones beside them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import asyncpg

from web.oversight.register import WEIGHT_LABELS
from web.ranker.repositories import versions


@dataclass(frozen=True)
class LearnedInUse:
    municipality: str
    version: int
    accepted_at: datetime | None
    weights: list[tuple[str, float]]  # (Dutch label, weight 0–1)


async def in_use(conn: asyncpg.Connection) -> list[LearnedInUse]:
    return [
        LearnedInUse(
            v.municipality,
            v.version,
            v.accepted_at,
            [(label, float(v.weights.get(name, 0.0))) for name, label in WEIGHT_LABELS.items()],
        )
        for v in await versions.active_with_names(conn)
    ]
