"""The API's route class: a body is limited in size (`BodyLimitRoute`), and a method the
path does not support is answered 405 with every method it does support in `Allow`.

The router answers 405 from the first route whose path matches and names only that
route's methods: `OPTIONS /api/v1/vacancies` said `Allow: GET`, though POST is there too.
"""

from __future__ import annotations

from typing import Any, ClassVar

from fastapi import HTTPException
from starlette.routing import Match
from starlette.types import Receive, Scope, Send

from web.vacancies.imports.limits import BodyLimitRoute


class ApiRoute(BodyLimitRoute):
    every: ClassVar[list[ApiRoute]] = []  # each route of the API, for `Allow`

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ApiRoute.every.append(self)

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.methods and scope["method"] not in self.methods:
            allowed = ", ".join(sorted(_allowed(scope)))
            raise HTTPException(status_code=405, headers={"Allow": allowed})
        await super().handle(scope, receive, send)


def _allowed(scope: Scope) -> set[str]:
    """The methods of every API route whose path matches this request's."""
    methods: set[str] = set()
    for route in ApiRoute.every:
        if route.matches(scope)[0] is not Match.NONE:
            methods |= route.methods or set()
    return methods
