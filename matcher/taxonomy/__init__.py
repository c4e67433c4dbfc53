"""ESCO taxonomy: Dutch job-title normalisation and occupation/skill relations."""

from matcher.taxonomy.ranking import rank_titles
from matcher.taxonomy.taxonomy import (
    ESCO_ATTRIBUTION,
    ConceptMatch,
    OccupationSkills,
    Taxonomy,
    load_taxonomy,
)

__all__ = [
    "ESCO_ATTRIBUTION",
    "ConceptMatch",
    "OccupationSkills",
    "Taxonomy",
    "load_taxonomy",
    "rank_titles",
]
