"""A route class that refuses too large request bodies before they are read.

FastAPI reads (and spools) a whole multipart body before the handler runs, so a size
check in the handler comes too late for a 2 GB upload. This route class checks
`Content-Length` first and counts the bytes of a body sent without one.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import HTTPException, Request, Response
from fastapi.routing import APIRoute
from starlette.types import Message

from web.vacancies.imports.parsing import too_large_message

FORM_OVERHEAD = 64 * 1024  # multipart boundaries, the other form fields


class BodyTooLarge(Exception):
    pass


class BodyLimitRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def limited(request: Request) -> Response:
            max_bytes = request.app.state.settings.import_max_bytes
            limit = max_bytes + FORM_OVERHEAD
            length = request.headers.get("content-length", "")
            if length.isdigit() and int(length) > limit:
                raise HTTPException(status_code=413, detail=too_large_message(max_bytes))
            try:
                return await handler(Request(request.scope, _counting(request, limit)))
            except BodyTooLarge:
                raise HTTPException(status_code=413, detail=too_large_message(max_bytes)) from None
            except HTTPException as exc:
                if isinstance(exc.__cause__, BodyTooLarge):
                    raise HTTPException(413, detail=too_large_message(max_bytes)) from None
                raise

        return limited


def _counting(request: Request, limit: int) -> Callable[[], Coroutine[Any, Any, Message]]:
    seen = 0

    async def receive() -> Message:
        nonlocal seen
        message = await request.receive()
        seen += len(message.get("body", b""))
        if seen > limit:
            raise BodyTooLarge()
        return message

    return receive
