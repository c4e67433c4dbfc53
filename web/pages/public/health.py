"""`/healthz`: database, matcher and pending work, as JSON, for load balancers and
operators. It never uses the request's database dependency, so it answers (503) while
PostgreSQL is down instead of failing with an error page."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

router = APIRouter()
DATABASE_TIMEOUT_SECONDS = 2.0
OPEN_JOBS = """
SELECT entrypoint, status::text AS status, count(*) AS count FROM pgqueuer
WHERE status IN ('queued', 'picked') GROUP BY entrypoint, status
"""


@router.get("/healthz")
async def healthz(request: Request) -> JSONResponse:
    database = await _database(request.app.state.health_pool)
    matching = getattr(request.app.state, "matching", None)
    index: dict[str, Any] = matching.health() if matching is not None else {"state": "off"}
    if database != "ok":
        status = "degraded"
    else:
        status = {"off": "ready"}.get(index["state"], index["state"])
    body: dict[str, Any] = {"status": status, "database": database, "index": index}
    if database == "ok":
        body["jobs"] = await _jobs(request.app.state.health_pool)
    return JSONResponse(body, status_code=200 if database == "ok" else 503)


async def _database(pool: Any) -> str:
    try:
        async with asyncio.timeout(DATABASE_TIMEOUT_SECONDS):
            async with pool.acquire() as conn:
                await conn.fetchval("SELECT 1")
    except Exception:  # any failure to reach it counts as down, never as a 500
        return "unavailable"
    return "ok"


async def _jobs(pool: Any) -> dict[str, dict[str, int]] | None:
    """Open worker jobs per kind (queued, picked): pending work that should move."""
    try:
        async with asyncio.timeout(DATABASE_TIMEOUT_SECONDS):
            async with pool.acquire() as conn:
                rows = await conn.fetch(OPEN_JOBS)
    except Exception:  # a missing queue table or a slow database never breaks /healthz
        return None
    jobs: dict[str, dict[str, int]] = {}
    for row in rows:
        jobs.setdefault(row["entrypoint"], {})[row["status"]] = row["count"]
    return jobs
