"""Label embeddings, cached on disk per text.

Embedding the ~60k ESCO labels and descriptions with MiniLM takes minutes on two CPU
cores, and the taxonomy is loaded at every start. Vectors are stored per model and
keyed by the hash of each text, so a new ESCO release or another title corpus only
embeds the labels that are new.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import numpy as np

from matcher.embedding import Encoder, text_hash

ENCODE_CHUNK = 2048  # texts embedded between two chances to stop


def store_path(cache_dir: Path, model_name: str) -> Path:
    """The .npz holding every cached vector of one model."""
    safe_model = re.sub(r"[^A-Za-z0-9_.-]+", "_", model_name)[-60:]
    return cache_dir / f"{safe_model}.vectors.npz"


def _read_store(path: Path) -> tuple[list[str], np.ndarray | None]:
    if not path.is_file():
        return [], None
    with np.load(path) as data:
        return [str(k) for k in data["keys"]], data["vectors"]


def _write_store(path: Path, keys: list[str], vectors: np.ndarray) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # Write-then-rename: a crash or a concurrent start never sees half a file (a
    # concurrent writer may win, which only costs re-embedding its texts later).
    handle, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp.npz")
    with os.fdopen(handle, "wb") as out:
        np.savez(out, keys=np.array(keys), vectors=vectors)
    os.replace(tmp, path)


def add_to_store(cache_dir: Path, model_name: str, texts: list[str], vectors: np.ndarray) -> None:
    """Add already computed vectors of texts to the store."""
    path = store_path(cache_dir, model_name)
    keys, stored = _read_store(path)
    known = set(keys)
    new = [i for i, t in enumerate(texts) if text_hash(t) not in known]
    if new:
        keys += [text_hash(texts[i]) for i in new]
        added = vectors[new].astype(np.float32)
        _write_store(path, keys, added if stored is None else np.vstack([stored, added]))


def encode_cached(encoder: Encoder, texts: list[str], cache_dir: Path | None) -> np.ndarray:
    """Unit vectors (n, dim) float32 for texts, reusing / extending the store in cache_dir.

    Missing texts are embedded in chunks, and whatever was embedded is stored even when
    the encoder raises midway (a cancelled load resumes where it stopped)."""
    if cache_dir is None or not texts:
        return encoder.encode(texts)
    keys, stored = _read_store(store_path(cache_dir, encoder.model_name))
    known = {key: stored[i] for i, key in enumerate(keys)} if stored is not None else {}
    missing = sorted({t for t in texts if text_hash(t) not in known})
    done: list[str] = []
    parts: list[np.ndarray] = []
    try:
        for start in range(0, len(missing), ENCODE_CHUNK):
            parts.append(encoder.encode(missing[start : start + ENCODE_CHUNK]))
            done += missing[start : start + ENCODE_CHUNK]
    finally:
        if done:
            fresh = np.concatenate(parts)
            add_to_store(cache_dir, encoder.model_name, done, fresh)
            known.update((text_hash(t), v) for t, v in zip(done, fresh, strict=True))
    return np.ascontiguousarray(np.stack([known[text_hash(t)] for t in texts]), np.float32)


def store_bytes(cache_dir: Path, model_name: str) -> bytes | None:
    """The whole store of one model as bytes (to share it through the database)."""
    path = store_path(cache_dir, model_name)
    return path.read_bytes() if path.is_file() else None


def write_store_bytes(cache_dir: Path, model_name: str, data: bytes) -> None:
    """Replace the store of one model with `data` (from `store_bytes`), atomically."""
    path = store_path(cache_dir, model_name)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp.npz")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.replace(tmp, path)
