"""Security headers on every response, and the anonymous CSRF cookie for the login form.

Every page and API answer is `Cache-Control: no-store` unless it is a static file: most
of them show personal data, and a shared or back-button cache must never keep it. With
secure cookies (production, behind TLS) browsers are told to use HTTPS only (HSTS)."""

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


HSTS = "max-age=31536000; includeSubDomains"


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
        if not request.url.path.startswith("/static"):
            response.headers.setdefault("Cache-Control", "no-store")
        if self.secure_cookies:
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        if fresh and not request.url.path.startswith(("/static", "/api/")):
            response.set_cookie(
                ANON_CSRF_COOKIE,
                request.state.csrf_token,
                httponly=True,
                samesite="lax",
                secure=self.secure_cookies,
            )
        return response
