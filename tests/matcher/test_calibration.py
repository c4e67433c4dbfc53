"""Per-model calibration: fitted numbers from a data file per model, a neutral fallback,
and files with bad values refused."""

from __future__ import annotations

import json
import logging
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from matcher import fit, ranking
from matcher.calibration import (
    CALIBRATION_DIR,
    CALIBRATIONS,
    UNCALIBRATED,
    CalibrationFileError,
    calibration_for,
    calibration_path,
    load_calibrations,
    read_calibration,
)
from matcher.embedding import DEFAULT_MODEL
from matcher.engine import MatchEngine
from matcher.models import Candidate, Vacancy
from matcher.ranking import Suggestion, score_pair

FITTED = json.loads(calibration_path(DEFAULT_MODEL).read_text(encoding="utf-8"))
MIDDLE = (FITTED["semantic_floor"] + FITTED["semantic_ceil"]) / 2  # semantic value 0.5


def test_the_default_model_stretches_its_cosine_range() -> None:
    minilm = calibration_for(DEFAULT_MODEL)
    assert minilm is CALIBRATIONS[DEFAULT_MODEL] and minilm.measured_for == DEFAULT_MODEL
    assert minilm.semantic_value(FITTED["semantic_floor"] - 0.1) == 0.0
    assert minilm.semantic_value(FITTED["semantic_ceil"] + 0.01) == 1.0
    assert minilm.semantic_value(MIDDLE) == pytest.approx(0.5)


def test_the_fitted_numbers_are_the_ones_in_use() -> None:
    """bench/calibrate.py's file for the default model is what ranking and fit use."""
    in_use = [
        calibration_for(DEFAULT_MODEL),
        fit.DEFAULT_CALIBRATION,
        ranking.DEFAULT_CALIBRATION,
        MatchEngine(NamedEncoder(DEFAULT_MODEL)).calibration,  # type: ignore[arg-type]
    ]
    for calibration in in_use:
        assert calibration.skill_min_score == FITTED["skill_min_score"]
        assert calibration.occupation_min_score == FITTED["occupation_min_score"]
        assert calibration.semantic_floor == FITTED["semantic_floor"]
        assert calibration.semantic_ceil == FITTED["semantic_ceil"]
        assert calibration.relevance_floor == FITTED["relevance_floor"]
    provenance = FITTED["provenance"]
    assert provenance["sets"]["titles"] >= 300 and provenance["sets"]["skills"] >= 100
    assert provenance["commit"] and provenance["fitted_at"]


def write(directory: Path, name: str, **values: Any) -> Path:
    data = {
        "semantic_floor": 0.2,
        "semantic_ceil": 0.8,
        "skill_min_score": 0.45,
        "occupation_min_score": 0.35,
        "relevance_floor": 0.2,
        **values,
    }
    path = directory / f"{name}.json"
    path.write_text(json.dumps({k: v for k, v in data.items() if v is not None}), "utf-8")
    return path


def test_the_loader_picks_each_models_file(tmp_path: Path) -> None:
    write(tmp_path, "models-multilingual-e5-small", model="/models/multilingual-e5-small")
    write(tmp_path, "other-model", model="other-model", skill_min_score=0.7)
    loaded = load_calibrations(tmp_path)
    e5 = calibration_for("/models/multilingual-e5-small", loaded)
    other = calibration_for("other-model", loaded)
    assert (e5.skill_min_score, e5.measured_for) == (0.45, "/models/multilingual-e5-small")
    assert (other.skill_min_score, other.occupation_min_score) == (0.7, 0.35)
    assert calibration_path("/models/multilingual-e5-small", tmp_path).is_file()
    assert set(load_calibrations(CALIBRATION_DIR)) == set(CALIBRATIONS)


def test_a_model_without_a_file_falls_back_and_logs_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write(tmp_path, "model-a", model="model-a")
    loaded = load_calibrations(tmp_path)
    with caplog.at_level(logging.WARNING, logger="matcher.calibration"):
        found = calibration_for("model-without-a-file", loaded)
        again = calibration_for("model-without-a-file", loaded)
    assert found is UNCALIBRATED and again is UNCALIBRATED
    assert calibration_for("model-a", loaded).measured_for == "model-a"
    warned = [r for r in caplog.records if "model-without-a-file" in r.message]
    assert len(warned) == 1 and "bench/calibrate.py" in warned[0].message


@pytest.mark.parametrize(
    ("values", "named"),
    [
        ({"skill_min_score": 1.5}, "skill_min_score"),
        ({"occupation_min_score": -0.1}, "occupation_min_score"),
        ({"occupation_min_score": None}, "occupation_min_score"),
        ({"relevance_floor": None}, "relevance_floor"),
        ({"relevance_floor": 1.2}, "relevance_floor"),
        ({"skill_min_score": "0.5"}, "skill_min_score"),
        ({"semantic_floor": float("nan")}, "semantic_floor"),
        ({"semantic_floor": 0.8, "semantic_ceil": 0.2}, "semantic_floor < semantic_ceil"),
        ({"model": "another-model"}, "'model'"),
    ],
)
def test_a_file_with_bad_values_is_refused_naming_the_field(
    tmp_path: Path, values: dict[str, Any], named: str
) -> None:
    path = write(tmp_path, "my-model", **{"model": "my-model", **values})
    with pytest.raises(CalibrationFileError, match=named) as refused:
        read_calibration(path)
    assert str(path) in str(refused.value)
    with pytest.raises(CalibrationFileError):
        load_calibrations(tmp_path)


def test_a_file_that_is_not_json_is_refused(tmp_path: Path) -> None:
    (tmp_path / "my-model.json").write_text("{semantic_floor: 0.2", "utf-8")
    with pytest.raises(CalibrationFileError, match="not a readable JSON file"):
        load_calibrations(tmp_path)


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
            semantic=MIDDLE,
            taxonomy=None,
            today=date(2026, 3, 1),
            km=3,
            calibration=calibration_for(calibration_model),
        )
        assert isinstance(pair, Suggestion)
        return pair.breakdown["semantic"]

    assert semantic(DEFAULT_MODEL) == pytest.approx(0.5)
    assert semantic("another-model") == pytest.approx(MIDDLE)


class NamedEncoder:
    """Enough of an Encoder for an engine that is never asked to encode."""

    def __init__(self, model_name: str) -> None:
        self.model_name = model_name


def test_the_engine_takes_the_calibration_of_its_encoders_model() -> None:
    minilm = MatchEngine(NamedEncoder(DEFAULT_MODEL))  # type: ignore[arg-type]
    other = MatchEngine(NamedEncoder("another-model"))  # type: ignore[arg-type]
    assert minilm.calibration is CALIBRATIONS[DEFAULT_MODEL]
    assert other.calibration is UNCALIBRATED


def test_the_relevance_floor_is_the_calibrations_unless_set() -> None:
    """The floor lives on the model's semantic scale: an engine takes its calibration's,
    an explicit floor (PERSPECTIEF_RELEVANCE_FLOOR) wins, an unknown model cuts nothing."""
    minilm = MatchEngine(NamedEncoder(DEFAULT_MODEL))  # type: ignore[arg-type]
    assert minilm.relevance_floor == FITTED["relevance_floor"] > 0
    assert MatchEngine(NamedEncoder(DEFAULT_MODEL), relevance_floor=0.5).relevance_floor == 0.5  # type: ignore[arg-type]
    assert MatchEngine(NamedEncoder("another-model")).relevance_floor == 0.0  # type: ignore[arg-type]


def test_the_semantic_scale_is_fitted_on_candidate_and_vacancy_texts() -> None:
    """The ranking rescales the cosine of a candidate's and a vacancy's whole text, so the
    scale comes from judged candidate–vacancy pairs (not from title pairs): an irrelevant
    pair's typical cosine is semantic value 0, a good pair's is 1."""
    provenance = FITTED["provenance"]
    assert provenance["sets"]["judged_pairs"] >= 200
    assert "candidate and vacancy texts" in provenance["semantic"]
    held_out = provenance["semantic_held_out"]
    assert held_out["auc_good_over_irrelevant"] > 0.8
    # On the old scale (fitted on title pairs: 0.263–0.567) a typical irrelevant pair
    # (cosine ≈ 0.47) got semantic value ≈ 0.7; now few get even half.
    assert held_out["irrelevant_above_half"] < 0.2
