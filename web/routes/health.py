"""`/healthz`: database and index state, for load balancers and operators."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from web.deps import Conn

router = APIRouter()


@router.get("/healthz")
async def healthz(request: Request, conn: Conn) -> JSONResponse:
    database_ok = await conn.fetchval("SELECT 1") == 1
    matching = getattr(request.app.state, "matching", None)
    index = matching.health() if matching is not None else {"state": "not started"}
    body = {"status": "ok" if database_ok else "degraded", "database": "ok", "index": index}
    return JSONResponse(body, status_code=200 if database_ok else 503)
