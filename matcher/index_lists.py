"""Where the IVF lists of a vector index's next build come from.

Why a module of its own: training IVF lists (k-means over a sample) is the one
expensive step of an IVF build, minutes of CPU at 1,000,000 vectors, and a web process
must not spend that beside its pages. So lists can be trained elsewhere (a worker, with
`index_faiss.trained_quantizer`) and adopted here as a *template*: trained, empty IVF
lists. A build on a template only assigns each vector to its nearest centroid.

An index that may train (`train=True`: the command line, benchmarks) trains when it has
no template, as before. One that may not stays exact until a template arrives, and
compacts an IVF onto the lists it already has. Lists suit the size they were trained
for (~4·sqrt(n) of them); once the index is STALE_GROWTH times larger they are stale.
"""

from __future__ import annotations

from typing import Any

import faiss
import numpy as np

from matcher.index_faiss import (
    empty_lists,
    ivf_from_template,
    quantizer_from_bytes,
    size_for_lists,
    trained_ivf,
)

STALE_GROWTH = 2.0


class IvfLists:
    """The template (if any) and the training policy of one vector index."""

    def __init__(self, dimension: int, *, train: bool) -> None:
        self.dimension = dimension
        self.train = train
        self.template: Any = None

    def adopt(self, template: bytes | Any) -> None:
        """Keep trained, empty IVF lists (faiss index or `quantizer_bytes`) for later builds."""
        if isinstance(template, bytes | bytearray | memoryview):
            template = quantizer_from_bytes(bytes(template), self.dimension)
        if not isinstance(template, faiss.IndexIVF) or not template.is_trained:
            raise ValueError("not trained IVF lists")
        if template.d != self.dimension:
            raise ValueError(f"IVF lists of dimension {template.d}, expected {self.dimension}")
        self.template = template

    @property
    def can_build(self) -> bool:
        """An IVF can be built now: a template was adopted, or training here is allowed."""
        return self.train or self.template is not None

    def wanted(self, current: Any, n: int) -> bool:
        """New lists would help an index of n vectors (that may not train) whose build is
        `current`: there is no template nor IVF, or the lists are stale."""
        if self.train:
            return False
        lists = self.template if self.template is not None else _ivf(current)
        return lists is None or stale(lists.nlist, n)

    @staticmethod
    def waiting(current: Any, n: int) -> bool:
        """The build `current` of n vectors should be redone on a template: it is exact,
        or its IVF lists are stale."""
        ivf = _ivf(current)
        return ivf is None or stale(ivf.nlist, n)

    def empty_ivf(self, vectors: np.ndarray, current: Any) -> Any | None:
        """An empty IVF to add `vectors` to: on the template, else trained on them (if
        allowed), else on the lists of the `current` build; None when there are none."""
        if self.template is not None:
            return ivf_from_template(self.template)
        if self.train:
            return trained_ivf(vectors)
        own = _ivf(current)
        return None if own is None else ivf_from_template(empty_lists(own))


def stale(nlist: int, n: int) -> bool:
    """Lists made for size_for_lists(nlist) vectors no longer suit n vectors."""
    return size_for_lists(nlist) * STALE_GROWTH < n


def _ivf(index: Any) -> Any:
    return index if isinstance(index, faiss.IndexIVF) else None
