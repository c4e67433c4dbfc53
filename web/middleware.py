"""Security headers on every response, and the anonymous CSRF cookie for the login form."""

from __future__ import annotations

import secrets

from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp

from web.deps import ANON_CSRF_COOKIE

SECURITY_HEADERS = {
    # No inline script anywhere: htmx and our own JS are files under /static.
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; "
        "object-src 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


class SecurityMiddleware(BaseHTTPMiddleware):
    def __init__(self, app: ASGIApp, *, secure_cookies: bool) -> None:
        super().__init__(app)
        self.secure_cookies = secure_cookies

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        anon = request.cookies.get(ANON_CSRF_COOKIE)
        fresh = anon is None
        request.state.csrf_token = anon or secrets.token_urlsafe(32)
        request.state.session = None
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if fresh and not request.url.path.startswith(("/static", "/api/")):
            response.set_cookie(
                ANON_CSRF_COOKIE,
                request.state.csrf_token,
                httponly=True,
                samesite="lax",
                secure=self.secure_cookies,
            )
        return response
