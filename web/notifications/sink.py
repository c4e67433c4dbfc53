"""A local mail sink for development and tests (aiosmtpd, a development dependency): an
SMTP server that accepts every mail and keeps it. Nothing leaves the machine.

`perspectief mailsink` runs one in the foreground; `make run` (`perspectief demo`)
starts one beside the server when no PERSPECTIEF_SMTP_HOST is set and points the worker
at it. Each mail is printed to the console and saved in `.data/mail/` as an .eml file
(any mail program opens it). Tests start one on a free port and read `messages`.
"""

from __future__ import annotations

import itertools
import os
import threading
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any, cast

from web.settings import Settings

HOST = "127.0.0.1"


class MailSink:
    """The aiosmtpd handler: every message received, in order."""

    def __init__(self, folder: Path | None = None, *, echo: bool = False) -> None:
        self.messages: list[EmailMessage] = []
        self.folder = folder
        self.echo = echo
        self._numbers = itertools.count(1)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        raw = envelope.content if isinstance(envelope.content, bytes) else b""
        message = cast(EmailMessage, message_from_bytes(raw, policy=policy.default))
        self.messages.append(message)
        if self.folder is not None:
            self._save(raw)
        if self.echo:
            print(_printable(message), flush=True)
        return "250 OK"

    def _save(self, raw: bytes) -> None:
        assert self.folder is not None
        self.folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        (self.folder / f"{stamp}-{next(self._numbers):04d}.eml").write_bytes(raw)


def _printable(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    text = body.get_content() if body is not None else ""
    rule = "─" * 60
    return f"{rule}\nMail aan {message['To']}: {message['Subject']}\n\n{text}{rule}"


def start_sink(
    port: int, *, folder: Path | None = None, echo: bool = False
) -> tuple[Any, MailSink]:
    """A sink listening on 127.0.0.1:`port` in a thread of its own: (controller, sink).
    Stop it with `controller.stop()`."""
    from aiosmtpd.controller import Controller  # development dependency

    sink = MailSink(folder, echo=echo)
    controller = Controller(sink, hostname=HOST, port=port)
    controller.start()
    return controller, sink


def serve_forever(port: int, folder: Path) -> None:
    """`perspectief mailsink`: until Ctrl-C."""
    controller, _sink = start_sink(port, folder=folder, echo=True)
    print(f"Mail sink op {HOST}:{port}; mails komen hier en in {folder}/", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()


def command(_args: Any, settings: Settings) -> None:
    """`perspectief mailsink`: a sink on PERSPECTIEF_MAIL_SINK_PORT, in the foreground."""
    serve_forever(settings.mail_sink_port, settings.mail_sink_dir)


def start_for_demo(settings: Settings) -> Any | None:
    """`perspectief demo` without PERSPECTIEF_SMTP_HOST: a sink in this process, and the
    worker (a child started after this, with this environment) told to send to it.
    Returns the sink's controller (None: a server is configured, or no sink could start)."""
    if settings.smtp_host:
        return None
    try:
        controller, _sink = start_sink(
            settings.mail_sink_port, folder=settings.mail_sink_dir, echo=True
        )
    except (ImportError, OSError) as exc:  # no dev dependencies, or the port is taken
        print(f"Geen mail sink ({exc}); mails blijven in de outbox.", flush=True)
        return None
    os.environ["PERSPECTIEF_SMTP_HOST"] = HOST
    os.environ["PERSPECTIEF_SMTP_PORT"] = str(settings.mail_sink_port)
    print(
        f"Mail gaat naar de sink op {HOST}:{settings.mail_sink_port} en naar "
        f"{settings.mail_sink_dir}/",
        flush=True,
    )
    return controller
