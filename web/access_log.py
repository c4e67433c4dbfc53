"""uvicorn's access log without personal data or secrets.

An access line holds the full path and query string: a live invitation code in
`/welkom/ABCD-EFGH-JKLM`, a searched candidate name in `?q=…`. Log files are kept, copied
and read by people who may see neither. This filter rewrites each access record before
any handler sees it: every query value is replaced by "…" except those of a few keys
known to hold nothing personal, and an invitation code in the path becomes "…".
"""

from __future__ import annotations

import copy
import logging
import re
from typing import Any
from urllib.parse import parse_qsl, quote_plus

ACCESS_LOGGER = "uvicorn.access"
HIDDEN = "…"
# Query keys whose values are paging, filters from fixed lists, or flags.
HARMLESS_KEYS = frozenset(
    {"page", "status", "state", "limit", "offset", "since", "sector", "contract", "done", "sent"}
)
# Other keys stay readable when they look like our own parameter names; a key that does
# not (a pasted code, a name) is hidden as well.
_KEY = re.compile(r"^[a-z_]{1,20}$")
# Path prefixes whose next segment is a secret (an invitation code).
SECRET_SEGMENT_AFTER = ("/welkom/", "/instellen/")
_PATH_ARG = 2  # uvicorn logs '%s - "%s %s HTTP/%s" %d' % (client, method, path, version, status)


class ScrubbedAccessLog(logging.Filter):
    """Rewrites the path argument of uvicorn access records; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) > _PATH_ARG:
            target = args[_PATH_ARG]
            if isinstance(target, str):
                record.args = (*args[:_PATH_ARG], scrub_target(target), *args[_PATH_ARG + 1 :])
        return True


def scrub_target(target: str) -> str:
    """A request target ('/path?query') as it may be logged."""
    path, sep, query = target.partition("?")
    return _scrub_path(path) + (sep + _scrub_query(query) if sep else "")


def _scrub_path(path: str) -> str:
    for prefix in SECRET_SEGMENT_AFTER:
        if path.startswith(prefix) and len(path) > len(prefix):
            rest = path[len(prefix) :].partition("/")
            return prefix + HIDDEN + rest[1] + rest[2]
    return path


def _scrub_query(query: str) -> str:
    pairs = parse_qsl(query, keep_blank_values=True)
    return "&".join(
        (key if _KEY.match(key) else HIDDEN)
        + "="
        + (quote_plus(value) if key in HARMLESS_KEYS else HIDDEN)
        for key, value in pairs
    )


def uvicorn_log_config() -> dict[str, Any]:
    """uvicorn's own logging config with the scrubbing filter on the access logger; a
    dict, so that `serve --workers N` children (which configure logging themselves)
    get it too."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["scrub_access"] = {"()": f"{__name__}.ScrubbedAccessLog"}
    config["loggers"][ACCESS_LOGGER]["filters"] = ["scrub_access"]
    return config
