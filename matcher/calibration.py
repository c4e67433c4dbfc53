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
per model; fit one for the model to do better (bench/calibrate.py).

The numbers of a calibrated model live in a data file per model,
`matcher/data/calibration/<model-slug>.json`, written by `bench/calibrate.py` from the
hand-labelled product titles and skill phrases, with their provenance (date, commit, set
sizes, the rule used and the held-out figures). A file with a missing or out-of-range
value is refused with a `CalibrationFileError` naming the file and the field.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from matcher.embedding import DEFAULT_MODEL

log = logging.getLogger(__name__)
CALIBRATION_DIR = Path(__file__).parent / "data" / "calibration"


@dataclass(frozen=True, slots=True)
class Calibration:
    """Per-model constants: a cosine rescaling and two taxonomy score thresholds."""

    semantic_floor: float  # cosine of unrelated texts: semantic value 0
    semantic_ceil: float  # cosine of closely related texts: semantic value 1
    skill_min_score: float  # taxonomy skills_for score (0–1) that counts as the same skill
    occupation_min_score: float  # taxonomy occupations_for score (0–1) that is a match
    # ranking.relevance (0–1, on this model's semantic scale) under which a pair is not
    # suggested; PERSPECTIEF_RELEVANCE_FLOOR overrides it
    relevance_floor: float
    measured_for: str | None = None  # the model these numbers were set for; None: neutral

    def semantic_value(self, cosine: float) -> float:
        """Embedding cosine (−1–1) rescaled to 0–1 between the floor and the ceiling."""
        scaled = (cosine - self.semantic_floor) / (self.semantic_ceil - self.semantic_floor)
        return min(1.0, max(0.0, scaled))


# Without a fitted file the taxonomy thresholds are untuned guesses on a 0–1 score that
# mixes lexical and embedding similarity (matcher.taxonomy.normaliser).
_SKILL_MIN_SCORE = 0.5
_OCCUPATION_MIN_SCORE = 0.4

UNCALIBRATED = Calibration(
    semantic_floor=0.0,
    semantic_ceil=1.0,
    skill_min_score=_SKILL_MIN_SCORE,
    occupation_min_score=_OCCUPATION_MIN_SCORE,
    relevance_floor=0.0,  # the scale is unknown: nothing is left out for fitting too little
)
FITTED = (
    "semantic_floor",
    "semantic_ceil",
    "skill_min_score",
    "occupation_min_score",
    "relevance_floor",
)


class CalibrationFileError(ValueError):
    """A calibration file that cannot be used; the message names the file and the field."""


def model_slug(model: str) -> str:
    """The file name stem of a model setting: lower case, other characters as one '-'."""
    return re.sub(r"[^a-z0-9]+", "-", model.lower()).strip("-")


def calibration_path(model: str, directory: Path = CALIBRATION_DIR) -> Path:
    return directory / f"{model_slug(model)}.json"


def read_calibration(path: Path) -> Calibration:
    """The calibration in one data file; CalibrationFileError when it is not usable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CalibrationFileError(f"{path}: not a readable JSON file ({error})") from error
    model = data.get("model") if isinstance(data, dict) else None
    if not isinstance(model, str) or model_slug(model) != path.stem:
        raise CalibrationFileError(
            f"{path}: 'model' must name the model this file is for ({path.stem}), got {model!r}"
        )
    values = {name: _number(data, name, path) for name in FITTED}
    _check_ranges(values, path)
    return Calibration(**values, measured_for=model)


def _number(data: dict[str, Any], name: str, path: Path) -> float:
    value = data.get(name)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise CalibrationFileError(f"{path}: '{name}' must be a number, got {value!r}")
    return float(value)


def _check_ranges(values: dict[str, float], path: Path) -> None:
    for name in ("skill_min_score", "occupation_min_score", "relevance_floor"):
        if not 0.0 <= values[name] <= 1.0:
            raise CalibrationFileError(f"{path}: '{name}' must lie in 0–1, got {values[name]}")
    floor, ceil = values["semantic_floor"], values["semantic_ceil"]
    if not -1.0 <= floor < ceil <= 1.0:
        raise CalibrationFileError(
            f"{path}: need -1 ≤ semantic_floor < semantic_ceil ≤ 1, got {floor} and {ceil}"
        )


def load_calibrations(directory: Path = CALIBRATION_DIR) -> dict[str, Calibration]:
    """Every calibration file in a directory, by the model setting it was fitted for."""
    found = [read_calibration(path) for path in sorted(directory.glob("*.json"))]
    return {c.measured_for: c for c in found if c.measured_for is not None}


CALIBRATIONS: Mapping[str, Calibration] = load_calibrations()
_warned: set[str] = set()


def calibration_for(
    model: str, calibrations: Mapping[str, Calibration] = CALIBRATIONS
) -> Calibration:
    """The calibration of an embedding model setting; UNCALIBRATED (logged once) without one."""
    found = calibrations.get(model)
    if found is not None:
        return found
    if model not in _warned:
        _warned.add(model)
        log.warning(
            "no calibration for embedding model %r: semantic scores are the raw cosine "
            "(fit one with bench/calibrate.py)",
            model,
        )
    return UNCALIBRATED


DEFAULT_CALIBRATION = calibration_for(DEFAULT_MODEL)
