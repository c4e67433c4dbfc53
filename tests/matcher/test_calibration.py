"""Per-model calibration: the default model's numbers, and a neutral fallback."""

from __future__ import annotations

import logging
from datetime import date

import pytest

from matcher.calibration import CALIBRATIONS, UNCALIBRATED, calibration_for
from matcher.embedding import DEFAULT_MODEL
from matcher.engine import MatchEngine
from matcher.models import Candidate, Vacancy
from matcher.ranking import Suggestion, score_pair


def test_the_default_model_stretches_its_cosine_range() -> None:
    minilm = calibration_for(DEFAULT_MODEL)
    assert minilm is CALIBRATIONS[DEFAULT_MODEL] and minilm.measured_for == DEFAULT_MODEL
    assert minilm.semantic_value(0.0) == 0.0
    assert minilm.semantic_value(0.9) == 1.0
    assert minilm.semantic_value(0.45) == pytest.approx(0.5)


def test_another_model_gets_the_neutral_calibration_and_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger="matcher.calibration"):
        found = calibration_for("/models/multilingual-e5-small")
        again = calibration_for("/models/multilingual-e5-small")
    assert found is UNCALIBRATED and again is UNCALIBRATED and found.measured_for is None
    assert found.semantic_value(0.45) == pytest.approx(0.45)  # the cosine as it is
    assert found.semantic_value(-0.2) == 0.0
    assert len([r for r in caplog.records if "multilingual-e5-small" in r.message]) == 1


def test_score_pair_uses_the_calibration_it_is_given() -> None:
    def semantic(calibration_model: str) -> float:
        pair = score_pair(
            Candidate(id=7, desired_work="kok"),
            Vacancy(id=1, title="Kok"),
            semantic=0.45,
            taxonomy=None,
            today=date(2026, 3, 1),
            km=3,
            calibration=calibration_for(calibration_model),
        )
        assert isinstance(pair, Suggestion)
        return pair.breakdown["semantic"]

    assert semantic(DEFAULT_MODEL) == pytest.approx(0.5)
    assert semantic("another-model") == pytest.approx(0.45)


class NamedEncoder:
    """Enough of an Encoder for an engine that is never asked to encode."""

    def __init__(self, model_name: str) -> None:
        self.model_name = model_name


def test_the_engine_takes_the_calibration_of_its_encoders_model() -> None:
    minilm = MatchEngine(NamedEncoder(DEFAULT_MODEL))  # type: ignore[arg-type]
    other = MatchEngine(NamedEncoder("another-model"))  # type: ignore[arg-type]
    assert minilm.calibration is CALIBRATIONS[DEFAULT_MODEL]
    assert other.calibration is UNCALIBRATED
