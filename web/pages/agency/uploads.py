"""An agency's uploads: the batches, one batch (absent or another organisation's: 404)
and the problems found in it."""

from __future__ import annotations

from typing import Any

import asyncpg

from web.accounts.repositories.users import User
from web.errors import NotFound
from web.vacancies.imports.errors import RowProblem
from web.vacancies.imports.service import problems_of
from web.vacancies.repositories import imports
from web.vacancies.repositories.imports import ImportBatch

BATCH_LABELS = {"pending": "wacht", "running": "bezig", "done": "klaar", "failed": "mislukt"}


async def list_context(conn: asyncpg.Connection, agency: User) -> dict[str, Any]:
    batches = await imports.for_organisation(conn, organisation_id=agency.organisation_id)
    return {"batches": batches, "batch_labels": BATCH_LABELS}


async def own_batch(conn: asyncpg.Connection, agency: User, batch_id: int) -> ImportBatch:
    batch = await imports.by_id(conn, batch_id=batch_id)
    if batch is None or batch.organisation_id != agency.organisation_id:
        raise NotFound("Deze import bestaat niet.")
    return batch


async def problems(conn: asyncpg.Connection, batch: ImportBatch) -> list[RowProblem]:
    return problems_of(await imports.errors(conn, batch_id=batch.id))
