"""What can go wrong in an import: the whole file, or one row."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


class FileProblem(Exception):
    """The file as a whole cannot be read. `status` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class RowProblem:
    """One rejected row: its number, the column as the file names it, a Dutch reason."""

    row: int
    column: str
    message: str
    external_ref: str = ""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RowProblem:
        return cls(
            row=int(data.get("row") or 0),
            column=str(data.get("column") or ""),
            message=str(data.get("message") or ""),
            external_ref=str(data.get("external_ref") or ""),
        )
