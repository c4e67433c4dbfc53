"""Serving the app: migrate once, then uvicorn in this process or in several that share
the port, optionally with a job worker as a child process for as long as it runs."""

from __future__ import annotations

import asyncio
import atexit
import os
import signal
import subprocess
import sys
from typing import Any

import asyncpg

from web.database import connect_database
from web.migrations import migrate
from web.settings import Settings


def serve(
    settings: Settings,
    *,
    host: str | None = None,
    port: int | None = None,
    workers: int = 1,
    with_worker: bool = False,
) -> None:
    """Migrate once, then serve: in this process, or in `workers` processes that share
    the port (uvicorn's supervisor). `with_worker` also runs a job worker as a child
    process for as long as the server runs."""
    import uvicorn

    async def prepare() -> str:
        url = await connect_database(settings.database_url, settings.embedded_pgdata)
        conn = await asyncpg.connect(url)
        try:
            await migrate(conn)
        finally:
            await conn.close()
        return url

    url = asyncio.run(prepare())
    if with_worker:
        start_worker_process(url)
    host, port = host or settings.host, port or settings.port
    options = uvicorn_options()
    # uvicorn re-raises SIGTERM after a graceful shutdown; exiting through SystemExit
    # instead lets atexit stop the worker and then the embedded PostgreSQL.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    if workers > 1:
        # The children import the app themselves and find the database in the
        # environment: they never start (or stop) the embedded server.
        os.environ["DATABASE_URL"] = url
        uvicorn.run(
            "web.app:create_app", factory=True, host=host, port=port, workers=workers, **options
        )
    else:
        from web.app import create_app

        uvicorn.run(create_app(settings, database_url=url), host=host, port=port, **options)


def uvicorn_options() -> dict[str, Any]:
    """How `serve` runs uvicorn: an access log without codes or searched names, and no
    proxy headers believed by uvicorn itself (by default it trusts X-Forwarded-For from
    127.0.0.1); the app reads them, from PERSPECTIEF_TRUSTED_PROXIES only."""
    from web.access_log import uvicorn_log_config

    return {"log_config": uvicorn_log_config(), "proxy_headers": False}


def start_worker_process(database_url: str) -> subprocess.Popen:
    """`perspectief worker` as a child with this environment and the resolved database;
    stopped (SIGTERM, then SIGKILL after 20 s) when this process exits. Registered with
    atexit after the embedded server, so it runs first: the worker stops before the
    database does."""
    env = {**os.environ, "DATABASE_URL": database_url}
    child = subprocess.Popen([sys.executable, "-m", "web.cli", "worker"], env=env)
    atexit.register(stop_process, child)
    return child


def stop_process(child: subprocess.Popen, grace: float = 20.0) -> None:
    if child.poll() is not None:
        return
    child.terminate()
    try:
        child.wait(grace)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()
