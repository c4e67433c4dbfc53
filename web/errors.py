"""The one application error: a refusal a person should read, in Dutch, with the HTTP
status it means. Services raise it (or a subclass named after the domain); one handler
in `web.app` answers JSON on the API and the error page elsewhere. A route catches it
only to give a form back with the message in place.
"""

from __future__ import annotations


class AppError(Exception):
    """A Dutch `message` for the person and the `status_code` it means (422 unless said)."""

    status_code = 422

    def __init__(self, message: str = "", status_code: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if status_code is not None:
            self.status_code = status_code


class NotFound(AppError):
    """Absent, or someone else's: both are answered as absent (no tenant learns more)."""

    status_code = 404


class Conflict(AppError):
    """Not possible in the current state of things (a closed vacancy, consent first)."""

    status_code = 409
