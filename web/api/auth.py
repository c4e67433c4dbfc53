"""`Authorization: Bearer <key>` → the organisation the key belongs to (or 401)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request

from web.accounts.repositories import api_keys
from web.deps import Conn


@dataclass(frozen=True)
class ApiClient:
    organisation_id: int
    key_id: int
    created_by: int | None  # the agency user who made the key: the actor of answers


async def api_client(request: Request, conn: Conn) -> ApiClient:
    scheme, _, key = request.headers.get("authorization", "").partition(" ")
    found = None
    if scheme.lower() == "bearer" and key.strip():
        found = await api_keys.lookup(conn, key=key.strip())
    if found is None:
        raise HTTPException(
            status_code=401,
            detail="Geen geldige API-sleutel. Stuur 'Authorization: Bearer <sleutel>'.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return ApiClient(
        organisation_id=found.organisation_id, key_id=found.id, created_by=found.created_by
    )


CurrentClient = Annotated[ApiClient, Depends(api_client)]
