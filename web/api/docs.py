"""`/docs` and `/openapi.json`: the agencies' API described, offline and without script.

Swagger UI loads from a CDN and runs inline script, which our CSP forbids; this page is
rendered on the server from the same OpenAPI schema, with the examples in it.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse, Response

from web.api import routes as api
from web.templating import render

router = APIRouter()
METHODS = ("get", "post", "put", "delete")
DESCRIPTION = (
    "API voor uitzendbureaus en werkgevers. Maak een sleutel aan op de pagina "
    "API-sleutels en stuur hem mee als `Authorization: Bearer <sleutel>`."
)


def api_schema(request: Request) -> dict[str, Any]:
    """The OpenAPI schema of /api/v1 only (the HTML pages are not an API)."""
    cached = getattr(request.app.state, "api_openapi", None)
    if cached is None:
        cached = request.app.state.api_openapi = build_api_schema()
    return cached


def build_api_schema() -> dict[str, Any]:
    schema = get_openapi(
        title="Perspectief API", version="1", description=DESCRIPTION, routes=api.router.routes
    )
    schema.setdefault("components", {})["securitySchemes"] = {
        "bearer": {"type": "http", "scheme": "bearer"}
    }
    schema["security"] = [{"bearer": []}]
    return schema


@router.get("/openapi.json", include_in_schema=False)
async def openapi_json(request: Request) -> JSONResponse:
    return JSONResponse(api_schema(request))


@router.get("/docs", include_in_schema=False)
async def docs(request: Request) -> Response:
    schema = api_schema(request)
    return render(request, "api/docs.html", {"schema": schema, "operations": _operations(schema)})


def _operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
            examples = [
                (name, json.dumps(ex.get("value"), indent=2, ensure_ascii=False))
                for name, ex in body.get("examples", {}).items()
            ]
            out.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "parameters": op.get("parameters", []),
                    "examples": examples,
                    "responses": sorted(op.get("responses", {}).items()),
                }
            )
    return out
