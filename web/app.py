"""The FastAPI application: wiring only (lifespan, middleware, routers, error pages)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
from fastapi import Depends, FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from web.api import docs
from web.api import routes as api
from web.database import connect_database, create_pool
from web.deps import NotAuthenticated, csrf_protect
from web.errors import AppError
from web.matching.service import MatchingService
from web.middleware import SecurityMiddleware
from web.pages.account import routes as account
from web.pages.admin import audit_routes as admin_audit
from web.pages.admin import erasure_request_routes as admin_erasure_requests
from web.pages.admin import fairness_routes as admin_fairness
from web.pages.admin import outcomes_routes as admin_outcomes
from web.pages.admin import people_routes as admin_people
from web.pages.admin import ranker_routes as admin_ranker
from web.pages.admin import routes as admin
from web.pages.agency import routes as agency
from web.pages.candidate import routes as candidate
from web.pages.coach import routes as coach
from web.pages.public import health, home, register, setup, two_factor, welcome
from web.pages.public import login as auth
from web.request_problems import in_dutch, message
from web.settings import Settings, configure_process, get_settings
from web.templating import is_htmx, render

log = logging.getLogger(__name__)
ROUTERS = (
    home.router,
    auth.router,
    health.router,
    register.router,
    *coach.ROUTERS,
    admin_outcomes.router,
    *(
        m.router
        for m in (
            agency,
            candidate,
            admin,
            admin_audit,
            admin_erasure_requests,
            admin_fairness,
            admin_ranker,
            api,
            docs,
            welcome,
        )
    ),
    account.router,
    admin_people.router,
    setup.router,
    two_factor.router,
)
STATIC_DIR = Path(__file__).parent / "static"
# Starlette's own English details for errors raised outside our handlers.
DUTCH_DEFAULTS = {
    "Not Found": "Deze pagina bestaat niet.",
    "Method Not Allowed": "Deze actie kan hier niet.",
    "Internal Server Error": "Er ging iets mis aan onze kant.",
}


def create_app(settings: Settings | None = None, *, database_url: str | None = None) -> FastAPI:
    settings = settings or get_settings()
    configure_process(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        url = database_url or await connect_database(
            settings.database_url, settings.embedded_pgdata
        )
        # Separate pools: requests waiting for a connection under load never starve the
        # matcher's upkeep, and /healthz always finds a connection when PostgreSQL is up.
        app.state.pool = await create_pool(url)
        app.state.health_pool = await create_pool(url, max_size=2)
        matching_pool = await create_pool(url, max_size=4) if settings.matching_enabled else None
        app.state.matching = None
        if matching_pool is not None:
            app.state.matching = MatchingService(settings=settings, pool=matching_pool)
            app.state.matching.start()
        try:
            yield
        finally:
            if app.state.matching is not None:
                await app.state.matching.stop()
            for pool in (app.state.pool, app.state.health_pool, matching_pool):
                if pool is not None:
                    await pool.close()

    app = FastAPI(
        title="Perspectief",
        lifespan=lifespan,
        docs_url=None,  # web/api/docs.py serves /docs and /openapi.json (API only)
        redoc_url=None,
        openapi_url=None,
    )
    app.state.settings = settings
    app.add_middleware(SecurityMiddleware, secure_cookies=settings.secure_cookies)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for router in ROUTERS:
        # Every route checks CSRF (and so reads the session), except /healthz, which must
        # answer without the database when PostgreSQL is down.
        checks = [] if router is health.router else [Depends(csrf_protect)]
        app.include_router(router, dependencies=checks)
    _add_error_handlers(app)
    return app


def api_routes() -> list[APIRoute]:
    """Every route of the app (paths include router prefixes), for the authorization test."""
    return [route for router in ROUTERS for route in router.routes if isinstance(route, APIRoute)]


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(NotAuthenticated)
    async def not_authenticated(request: Request, exc: NotAuthenticated) -> Response:
        if is_htmx(request) or request.url.path.startswith("/api/"):
            return Response(status_code=401, headers={"HX-Redirect": "/login"})
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)

    @app.exception_handler(AppError)
    async def refused(request: Request, exc: AppError) -> Response:
        """The one application error: its Dutch message, with its status."""
        return _error_page(request, exc.status_code, exc.message or str(exc), None)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        detail = DUTCH_DEFAULTS.get(str(exc.detail), str(exc.detail))
        return _error_page(request, exc.status_code, detail, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        if request.url.path.startswith("/api/"):
            # An error echoes its input, and a body sent as another Content-Type than
            # JSON arrives as bytes: encoded as FastAPI's own handler does, bytes as text.
            errors = jsonable_encoder(exc.errors(), custom_encoder={bytes: _as_text})
            return JSONResponse({"detail": in_dutch(errors)}, status_code=422)
        first = message(exc.errors()[0]) if exc.errors() else ""
        detail = f"Het verzoek is niet compleet of niet geldig ({first})."
        return _error_page(request, 422, detail, None)

    @app.exception_handler(asyncpg.DataError)
    async def invalid_value(request: Request, exc: asyncpg.DataError) -> Response:
        # The database refused a value from the request (an id beyond 64 bits, a NUL in
        # text): the request is wrong, not the server. Logged without the value.
        log.info("refused value on %s %s: %s", request.method, request.url.path, type(exc).__name__)
        detail = "Een waarde in dit verzoek is niet geldig (bijvoorbeeld een te groot nummer)."
        return _error_page(request, 422, detail, None)

    @app.exception_handler(OSError)
    @app.exception_handler(asyncpg.PostgresConnectionError)
    @app.exception_handler(asyncpg.InterfaceError)
    @app.exception_handler(asyncpg.CannotConnectNowError)
    async def database_unavailable(request: Request, exc: Exception) -> Response:
        log.warning("database unavailable on %s %s: %s", request.method, request.url.path, exc)
        detail = "De database is even niet bereikbaar. Probeer het over een minuut opnieuw."
        return _error_page(request, 503, detail, {"Retry-After": "30"})

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return _error_page(request, 500, "Er ging iets mis aan onze kant.", None)


def _as_text(raw: bytes) -> str:
    return raw.decode("utf-8", "replace")


def _error_page(
    request: Request, status: int, detail: str, headers: Mapping[str, str] | None
) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": detail}, status_code=status, headers=headers)
    response = render(
        request, "errors/error.html", {"status": status, "detail": detail}, status_code=status
    )
    if headers:
        response.headers.update(headers)
    return response
