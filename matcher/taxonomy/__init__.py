"""ESCO taxonomy: Dutch job-title normalisation and occupation/skill relations.

The names below are imported on first use (PEP 562): building the taxonomy needs
scikit-learn, whose import alone takes over a second, and a process that only reads
the label-vector store (matcher.taxonomy.vectors) should not pay for it at start.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matcher.taxonomy.ranking import rank_titles
    from matcher.taxonomy.taxonomy import (
        ESCO_ATTRIBUTION,
        ConceptMatch,
        OccupationSkills,
        Taxonomy,
        load_taxonomy,
    )

_HOME = {
    "rank_titles": "matcher.taxonomy.ranking",
    "ESCO_ATTRIBUTION": "matcher.taxonomy.taxonomy",
    "ConceptMatch": "matcher.taxonomy.taxonomy",
    "OccupationSkills": "matcher.taxonomy.taxonomy",
    "Taxonomy": "matcher.taxonomy.taxonomy",
    "load_taxonomy": "matcher.taxonomy.taxonomy",
}

__all__ = [
    "ESCO_ATTRIBUTION",
    "ConceptMatch",
    "OccupationSkills",
    "Taxonomy",
    "load_taxonomy",
    "rank_titles",
]


def __getattr__(name: str) -> Any:
    if name in _HOME:
        return getattr(importlib.import_module(_HOME[name]), name)
    raise AttributeError(f"module 'matcher.taxonomy' has no attribute {name!r}")
