"""The access log never holds a live invitation code or a searched name."""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import Iterator

import httpx
import pytest
import uvicorn

from web import cli, serving
from web.access_log import ACCESS_LOGGER, ScrubbedAccessLog, scrub_target
from web.settings import get_settings

CODE = "ABCD-EFGH-JKLM"
# What uvicorn's h11/httptools protocols log for every response.
UVICORN_FORMAT = '%s - "%s %s HTTP/%s" %d'


@pytest.mark.parametrize(
    ("target", "logged"),
    [
        (f"/welkom/{CODE}", "/welkom/…"),
        (f"/welkom/{CODE}?utm=x", "/welkom/…?utm=…"),
        (f"/instellen/{CODE}", "/instellen/…"),
        ("/coach?q=Sem+de+Vries&status=searching", "/coach?q=…&status=searching"),
        (
            "/agency/vacancies?q=kok&sector=horeca&page=2",
            "/agency/vacancies?q=…&sector=horeca&page=2",
        ),
        ("/coach/candidates/7/skills?skills=heftruck", "/coach/candidates/7/skills?skills=…"),
        (f"/login?next=/welkom/{CODE}", "/login?next=…"),
        (f"/x?{CODE}", "/x?…=…"),
        ("/welkom", "/welkom"),
        ("/healthz", "/healthz"),
    ],
)
def test_targets_are_scrubbed(target, logged):
    assert scrub_target(target) == logged


def test_a_uvicorn_access_record_is_rewritten_before_formatting():
    logger = logging.getLogger(ACCESS_LOGGER)
    args = ("203.0.113.5:51000", "GET", f"/welkom/{CODE}?q=Sem", "1.1", 404)
    record = logger.makeRecord(ACCESS_LOGGER, logging.INFO, __file__, 1, UVICORN_FORMAT, args, None)
    assert ScrubbedAccessLog().filter(record) is True
    assert record.getMessage() == '203.0.113.5:51000 - "GET /welkom/…?q=… HTTP/1.1" 404'


@pytest.fixture
def uvicorn_loggers() -> Iterator[None]:
    """uvicorn configures logging globally; put the three loggers back afterwards."""
    names = ("uvicorn", "uvicorn.error", ACCESS_LOGGER)
    saved = {n: logging.getLogger(n) for n in names}
    state = {n: (lg.handlers[:], lg.filters[:], lg.level, lg.propagate) for n, lg in saved.items()}
    yield
    for name, (handlers, filters, level, propagate) in state.items():
        logger = saved[name]
        logger.handlers[:], logger.filters[:] = handlers, filters
        logger.setLevel(level)
        logger.propagate = propagate


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


async def _ok(scope, receive, send) -> None:
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"ok"})


async def test_a_real_server_with_the_serve_config_logs_no_code_or_name(uvicorn_loggers):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(_ok, host="127.0.0.1", port=port, **serving.uvicorn_options())
    lines = _Lines()
    logging.getLogger(ACCESS_LOGGER).addHandler(lines)
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    for _ in range(1000):  # uvicorn has no event for "listening"; 10 s at most
        if server.started:
            break
        await asyncio.sleep(0.01)
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
        await client.get(f"/welkom/{CODE}")
        await client.get("/coach", params={"q": "Sem de Vries", "status": "searching"})
    server.should_exit = True
    await task
    assert [line.split(" - ", 1)[1] for line in lines.lines] == [
        '"GET /welkom/… HTTP/1.1" 200',
        '"GET /coach?q=…&status=searching HTTP/1.1" 200',
    ]


def test_serve_runs_uvicorn_with_the_scrubbing_config(database_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setattr("signal.signal", lambda *_: None)
    calls: list[dict] = []
    monkeypatch.setattr(uvicorn, "run", lambda *_, **kwargs: calls.append(kwargs))
    get_settings.cache_clear()
    try:
        assert cli.main(["serve", "--port", "1"]) == 0
        assert cli.main(["serve", "--port", "1", "--workers", "2"]) == 0
    finally:
        get_settings.cache_clear()
    for kwargs in calls:
        assert kwargs["proxy_headers"] is False  # the app alone decides about proxy headers
        config = kwargs["log_config"]
        assert config["loggers"][ACCESS_LOGGER]["filters"] == ["scrub_access"]
    assert len(calls) == 2
