"""The vector index of one direction (vacancies or candidates), kept in step with the
texts of its items.

Why a module of its own: both directions keep their index the same way — embed only
texts whose hash changed (embedding is the expensive step), start from a saved index,
forget removed items, adopt IVF lists trained elsewhere — while the engine around them
knows what a vacancy and a candidate are. The index is built on the first add, with
the engine's index options as they are then.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from matcher.embedding import Encoder, text_hash
from matcher.index import VectorIndex
from matcher.index_rows import as_digests
from matcher.models import Candidate, Vacancy

Items = Sequence[Vacancy] | Sequence[Candidate]


class SideIndex:
    """One direction's vector index, how to get an item's embedding text, and the
    trained IVF lists (if any) its index builds on."""

    def __init__(
        self, text: Callable[[Any], str], encoder: Encoder, index_options: Mapping[str, Any]
    ) -> None:
        """`index_options`: keyword arguments for `VectorIndex`, read when it is built."""
        self.text = text
        self.encoder = encoder
        self.index_options = index_options
        self.index: VectorIndex | None = None
        self.quantizer: Any = None  # trained IVF lists (adopt_quantizer)

    def adopt_quantizer(self, template: Any) -> bool:
        """Keep trained, empty IVF lists for this side's index, now and later; True when
        the current index was rebuilt on them (see VectorIndex.adopt_quantizer)."""
        self.quantizer = template
        return self.index is not None and self.index.adopt_quantizer(template)

    def embed(
        self, batch: Items, given: np.ndarray | None, text_hashes: Sequence[str] | None
    ) -> None:
        """Index a batch (one entry per id). Unchanged texts keep their vector; `given`
        vectors (batch order) or else the encoder embed the changed ones; `text_hashes`
        (sha256 hex, batch order) spare hashing the texts."""
        if not batch:
            return
        ids = np.fromiter((item.id for item in batch), dtype=np.int64, count=len(batch))
        texts: list[str] = []
        if text_hashes is None:
            texts = [self.text(item) for item in batch]
            text_hashes = [text_hash(t) for t in texts]
        digests = as_digests(text_hashes)
        stored = self.index.digests(ids) if self.index is not None else np.zeros_like(digests)
        changed = np.flatnonzero((stored != digests).any(axis=1))
        if not len(changed):
            return
        if given is None:
            new = [texts[n] if texts else self.text(batch[n]) for n in changed.tolist()]
            vectors = self.encoder.encode(new)
        else:
            vectors = np.ascontiguousarray(given[changed], dtype=np.float32)
        if self.index is None:
            self.index = VectorIndex(vectors.shape[1], **self.index_options)
            if self.quantizer is not None:
                self.index.adopt_quantizer(self.quantizer)
        self.index.add(ids[changed], vectors, text_hashes=digests[changed])

    def restore(
        self, batch: Items, index: VectorIndex, text_hashes: Mapping[int, str] | None
    ) -> np.ndarray:
        """Take a saved index for the items in `batch`: entries without an item are
        removed, `text_hashes` (id -> sha256 hex) overwrite the stored ones. Returns the
        sorted ids the index lacks."""
        ids = np.unique(np.fromiter((item.id for item in batch), dtype=np.int64, count=len(batch)))
        index.remove(np.setdiff1d(index.ids(), ids, assume_unique=True))
        if text_hashes:
            keys = np.fromiter(text_hashes, dtype=np.int64, count=len(text_hashes))
            index.set_text_hashes(keys, list(text_hashes.values()))
        if self.quantizer is not None:
            index.adopt_quantizer(self.quantizer)
        self.index = index
        return np.setdiff1d(ids, index.ids(), assume_unique=True)

    def remove(self, ids: Iterable[int]) -> np.ndarray:
        """Remove ids from the index; returns them sorted, without repeats."""
        gone = np.unique(np.fromiter((int(i) for i in ids), dtype=np.int64))
        if self.index is not None:
            self.index.remove(gone)
        return gone

    def vector(self, item: Any) -> np.ndarray:
        """The item's unit vector: the stored one when its text is unchanged, else
        embedded now (not stored)."""
        text = self.text(item)
        if self.index is not None:
            key = np.array([item.id], dtype=np.int64)
            if self.index.digests(key)[0].tobytes().hex() == text_hash(text):
                return self.index.vectors(key)[0]
        return self.encoder.encode([text])[0]
