"""Tab-separated files of the command-line contracts (no header lines)."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path


def read_pairs(path: Path) -> list[tuple[str, str]]:
    """Rows `key<TAB>text`; blank lines are skipped, extra columns ignored."""
    pairs = []
    with open(path, encoding="utf-8-sig", newline="") as f:
        for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) >= 2 and row[0].strip():
                pairs.append((row[0].strip(), row[1].strip()))
    return pairs


def write_rows(path: Path, rows: Iterable[tuple[object, ...]]) -> None:
    """Write rows tab-separated; floats with 6 decimals."""
    with open(path, "w", encoding="utf-8", newline="") as f:
        for row in rows:
            f.write("\t".join(f"{v:.6f}" if isinstance(v, float) else str(v) for v in row) + "\n")
