"""One training run for a municipality (the worker's `train_ranker` job): read the
decided suggestions, fit in a thread, and propose the version with its report. Nothing
changes for anyone until an admin accepts it (web/ranker/service.py)."""

from __future__ import annotations

import asyncio
import logging
from datetime import date, datetime
from typing import Any

import asyncpg

from matcher.ranking import Weights
from web.ranker import report as evaluation
from web.ranker import service
from web.ranker.labels import MATCH_REJECT_REASONS
from web.ranker.repositories import decisions, versions
from web.ranker.repositories.decisions import DecidedPair
from web.ranker.repositories.versions import RankerVersion

log = logging.getLogger(__name__)


async def train(
    conn: asyncpg.Connection, *, organisation_id: int, prior: Weights, today: date
) -> RankerVersion | None:
    """Propose a version learned from the municipality's decisions; None when there are
    too few decisions, or none newer than what the last version was trained on."""
    reasons = list(MATCH_REJECT_REASONS)
    pairs = await decisions.decided(conn, organisation_id=organisation_id, match_reasons=reasons)
    if not pairs or await _nothing_new(conn, organisation_id, pairs[-1].decided_at):
        return None
    result = await _learn(conn, organisation_id, pairs, prior, today)
    if result is None:
        log.info("ranker %s: too few decisions (%d) to learn from", organisation_id, len(pairs))
        return None
    weights, report = result
    report["data_until"] = pairs[-1].decided_at.isoformat()
    async with conn.transaction():
        return await service.propose(
            conn,
            organisation_id=organisation_id,
            weights=weights.as_dict(),
            report=report,
            trained_from=datetime.fromisoformat(report["train"]["from"]),
            trained_until=datetime.fromisoformat(report["train"]["until"]),
        )


async def _learn(
    conn: asyncpg.Connection,
    organisation_id: int,
    pairs: list[DecidedPair],
    prior: Weights,
    today: date,
) -> tuple[Weights, dict[str, Any]] | None:
    """Learn from the decided pairs in a thread (report.train_and_report), with the
    people they concern and the counts of pairs left out."""
    reasons = list(MATCH_REJECT_REASONS)
    left_out = await decisions.left_out(
        conn, organisation_id=organisation_id, match_reasons=reasons
    )
    ids = sorted({p.candidate_id for p in pairs})
    people = await decisions.people(conn, organisation_id=organisation_id, candidate_ids=ids)
    return await asyncio.to_thread(
        evaluation.train_and_report, pairs, people, prior, today=today, left_out=left_out
    )


async def _nothing_new(conn: asyncpg.Connection, organisation_id: int, newest: datetime) -> bool:
    known = await versions.for_organisation(conn, organisation_id=organisation_id)
    return bool(known) and known[0].report.get("data_until") == newest.isoformat()


async def municipalities(conn: asyncpg.Connection) -> list[int]:
    return await decisions.municipalities(conn)
