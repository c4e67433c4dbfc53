"""What can go wrong in an import: the whole file, or one row."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from web.errors import AppError


class FileProblem(AppError):
    """The file as a whole cannot be read (422, or 413 when it is too large)."""

    @property
    def status(self) -> int:
        return self.status_code


def storable(value: Any) -> Any:
    """Text PostgreSQL can hold: it refuses NUL, and UTF-8 has no lone surrogate (JSON can
    spell one, '\\ud800'): NUL is dropped, a surrogate becomes U+FFFD, as a decoder does."""
    if isinstance(value, str):
        return re.sub("[\ud800-\udfff]", "\ufffd", value.replace("\x00", ""))
    if isinstance(value, list):
        return [storable(v) for v in value]
    return value


ERROR = "error"  # the row is refused
WARNING = "warning"  # the row is stored, but something in it is worth fixing
SEVERITY_LABELS = {ERROR: "fout", WARNING: "waarschuwing"}


@dataclass(frozen=True)
class RowProblem:
    """One problem in a row: its number, the column as the file names it, a Dutch
    reason, and whether it refused the row (error) or only deserves a fix (warning)."""

    row: int
    column: str
    message: str
    external_ref: str = ""
    severity: str = ERROR

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    @property
    def severity_label(self) -> str:
        return SEVERITY_LABELS.get(self.severity, self.severity)

    def to_json(self) -> dict[str, Any]:
        """For the stored report (jsonb): a message may echo a NUL or lone surrogate."""
        return {key: storable(value) for key, value in asdict(self).items()}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RowProblem:
        return cls(
            row=int(data.get("row") or 0),
            column=str(data.get("column") or ""),
            message=str(data.get("message") or ""),
            external_ref=str(data.get("external_ref") or ""),
            severity=WARNING if data.get("severity") == WARNING else ERROR,
        )
