"""What the matching service says about itself on /healthz."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any


@dataclass
class SideState:
    """One direction (vacancies or candidates)."""

    indexed: int = 0
    pending: int = 0  # stored objects still waiting for the worker's vector
    restored: int = 0  # taken from the saved index file at start (not read again)
    build_id: str | None = None


@dataclass
class ServiceState:
    """`loading` until the first full load, then `ready`, or `degraded` while a step
    fails (the database is gone, a refresh broke); it recovers by itself."""

    state: str = "loading"
    vacancies: SideState = field(default_factory=SideState)
    candidates: SideState = field(default_factory=SideState)
    consistent: bool | None = None
    checked_at: datetime | None = None
    last_sync: datetime | None = None
    error: str | None = None
    loaded: bool = False

    def side(self, kind: str) -> SideState:
        return self.vacancies if kind == "vacancy" else self.candidates

    def fail(self, exc: BaseException) -> None:
        self.state = "degraded" if self.loaded else "loading"
        self.error = f"{type(exc).__name__}: {str(exc)[:200]}"

    def ok(self) -> None:
        self.state, self.error, self.loaded = "ready", None, True

    def as_dict(self) -> dict[str, Any]:
        body = asdict(self)
        body.pop("loaded")
        for key in ("checked_at", "last_sync"):
            body[key] = body[key].isoformat() if body[key] else None
        return body
