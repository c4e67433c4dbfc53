"""What an embedding model's numbers mean, per model.

A cosine of 0.45 is "related" for all-MiniLM-L6-v2 and "unrelated" for models whose
unrelated texts already score 0.7 (e5, bge). The ranking stretches the cosine between
a floor and a ceiling so that its weight means what it says, and the taxonomy counts a
look-up as a match above a threshold; those numbers belong to the model, so they are
looked up by the model setting (PERSPECTIEF_EMBEDDING_MODEL) rather than kept as module
constants that silently apply to any model.

A model without an entry gets `UNCALIBRATED`: the cosine is used as it is (clipped to 0–1),
which is honest but compresses the semantic component for models with a high floor,
and the taxonomy thresholds keep their untuned defaults. The fallback is logged once
per model; add an entry measured for the model to do better.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass

from matcher.embedding import DEFAULT_MODEL

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Calibration:
    """Per-model constants: a cosine rescaling and two taxonomy score thresholds."""

    semantic_floor: float  # cosine of unrelated texts: semantic value 0
    semantic_ceil: float  # cosine of closely related texts: semantic value 1
    skill_min_score: float  # taxonomy skills_for score (0–1) that counts as the same skill
    occupation_min_score: float  # taxonomy occupations_for score (0–1) that is a match
    measured_for: str | None = None  # the model these numbers were set for; None: neutral

    def semantic_value(self, cosine: float) -> float:
        """Embedding cosine (−1–1) rescaled to 0–1 between the floor and the ceiling."""
        scaled = (cosine - self.semantic_floor) / (self.semantic_ceil - self.semantic_floor)
        return min(1.0, max(0.0, scaled))


# The taxonomy thresholds are untuned guesses on a 0–1 score that mixes lexical and
# embedding similarity (matcher.taxonomy.normaliser); they are the same for every model
# until someone measures them on a labelled set.
_SKILL_MIN_SCORE = 0.5
_OCCUPATION_MIN_SCORE = 0.4

UNCALIBRATED = Calibration(
    semantic_floor=0.0,
    semantic_ceil=1.0,
    skill_min_score=_SKILL_MIN_SCORE,
    occupation_min_score=_OCCUPATION_MIN_SCORE,
)

CALIBRATIONS: Mapping[str, Calibration] = {
    # MiniLM's cosine on unrelated vs. closely related job texts is ≈0.15 vs ≈0.75.
    DEFAULT_MODEL: Calibration(
        semantic_floor=0.15,
        semantic_ceil=0.75,
        skill_min_score=_SKILL_MIN_SCORE,
        occupation_min_score=_OCCUPATION_MIN_SCORE,
        measured_for=DEFAULT_MODEL,
    ),
}
_warned: set[str] = set()


def calibration_for(model: str) -> Calibration:
    """The calibration of an embedding model setting; UNCALIBRATED (logged once) without one."""
    found = CALIBRATIONS.get(model)
    if found is not None:
        return found
    if model not in _warned:
        _warned.add(model)
        log.warning(
            "no calibration for embedding model %r: semantic scores are the raw cosine "
            "(see matcher/calibration.py)",
            model,
        )
    return UNCALIBRATED


DEFAULT_CALIBRATION = calibration_for(DEFAULT_MODEL)
