"""Saving and loading a vector index: one file, written atomically, read as a stream.

Why: the web service restarts from the saved index instead of re-adding 1,000,000
vectors to FAISS. The file is a magic line, a JSON header, the row arrays (np.save
format) and the FAISS index, written and read through FAISS's callback I/O, so neither
side holds a second in-memory copy of the vectors (`serialize_index` did: +0.8 GB at
1M). Files of format 1 (an .npz with the index serialised into it) still load.

Atomic: a temp file in the same directory, fsync, os.replace, fsync of the directory;
a crash leaves the previous file intact.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

import faiss
import numpy as np

FORMAT_VERSION = 2
MAGIC = b"perspectief-vector-index\n"
ARRAYS = ("row_ids", "alive", "digests")
# The constructor settings a file records, so a loaded index searches like the saved one.
SETTINGS = (
    "dimension",
    "exact_below",
    "hnsw_m",
    "ef_search",
    "ef_construction",
    "compact_fraction",
    "brute_force_factor",
    "approximate",
    "nprobe",
)


def save_atomically(path: Path, write: Callable[[BinaryIO], None]) -> None:
    """Call `write(fh)` on a temp file next to `path`, then move it into place."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def write_payload(
    fh: BinaryIO, meta: dict[str, Any], arrays: dict[str, np.ndarray], index: Any
) -> None:
    """Header, arrays (in ARRAYS order), then the FAISS index, streamed."""
    fh.write(MAGIC)
    np.save(fh, np.array(json.dumps({**meta, "format": FORMAT_VERSION})), allow_pickle=False)
    for name in ARRAYS:
        np.save(fh, np.ascontiguousarray(arrays[name]), allow_pickle=False)
    faiss.write_index(index, faiss.PyCallbackIOWriter(fh.write))  # type: ignore[attr-defined]


def read_payload(path: Path) -> tuple[dict[str, Any], dict[str, np.ndarray], Any]:
    """(meta, arrays, FAISS index) of a file written by `write_payload` (or format 1)."""
    with open(path, "rb") as fh:
        if fh.read(len(MAGIC)) != MAGIC:
            return _read_format_1(Path(path))
        meta = json.loads(str(np.load(fh, allow_pickle=False)))
        if meta["format"] != FORMAT_VERSION:
            raise ValueError(f"unsupported index format {meta['format']}")
        arrays = {name: np.load(fh, allow_pickle=False) for name in ARRAYS}
        reader = faiss.PyCallbackIOReader(fh.read)  # type: ignore[attr-defined]
        index = faiss.read_index(reader)
    return meta, arrays, index


def _read_format_1(path: Path) -> tuple[dict[str, Any], dict[str, np.ndarray], Any]:
    """The first format: an .npz without text digests (all zero: "unknown text")."""
    with np.load(path, allow_pickle=False) as data:
        meta = json.loads(str(data["meta"]))
        if meta["format"] != 1:
            raise ValueError(f"unsupported index format {meta['format']}")
        index = faiss.deserialize_index(data["faiss"])
        row_ids = data["row_ids"].astype(np.int64)
        arrays = {
            "row_ids": row_ids,
            "alive": data["alive"].astype(bool),
            "digests": np.zeros((len(row_ids), 32), dtype=np.uint8),
        }
    return meta, arrays, index


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
