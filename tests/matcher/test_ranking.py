"""The weighted sum of the components, its breakdown and reasons, and rejections."""

from __future__ import annotations

from datetime import date, time
from typing import Any

import pytest

from matcher import ranking as rk
from matcher.models import Candidate, Restrictions, Vacancy

TODAY = date(2026, 3, 1)


def vacancy(**values: Any) -> Vacancy:
    defaults: dict[str, Any] = {"id": 1, "title": "Heftruckchauffeur"}
    return Vacancy(**(defaults | values))


def candidate(**values: Any) -> Candidate:
    defaults: dict[str, Any] = {"id": 7, "desired_work": "heftruckchauffeur"}
    return Candidate(**(defaults | values))


def test_default_weights_sum_to_one() -> None:
    assert sum(rk.Weights().as_dict().values()) == pytest.approx(1.0)


def test_score_pair_suggestion_has_breakdown_and_reasons() -> None:
    v = vacancy(
        skills=["heftruck rijden", "orderpicken"],
        contract_type="uitzend",
        permanent_after_months=6,
        paid_certificates=["VCA"],
    )
    c = candidate(skills=["heftruck rijden"], max_travel_km=15)
    s = rk.score_pair(c, v, semantic=0.6, taxonomy=None, today=TODAY, km=9)
    assert isinstance(s, rk.Suggestion)
    assert 0 < s.score <= 1
    for name in rk.Weights().as_dict():
        assert 0 <= s.breakdown[name] <= 1
    weighted = sum(s.breakdown[f"{n}_weighted"] for n in rk.Weights().as_dict())
    assert weighted == pytest.approx(s.score, abs=1e-3)
    assert "1 van de 2 gevraagde vaardigheden" in s.reasons
    assert "9 km, 40 min fietsen" in s.reasons
    assert "vast contract na 6 maanden" in s.reasons
    assert any("je krijgt je VCA betaald" in r for r in s.reasons)


def test_score_pair_rejection_keeps_reason() -> None:
    r = rk.score_pair(
        candidate(), vacancy(driving_licence="B"), semantic=0.9, taxonomy=None, today=TODAY
    )
    assert isinstance(r, rk.Rejection)
    assert r.reasons == ["rijbewijs B gevraagd — ontbreekt"]


def test_weights_change_the_order() -> None:
    near_dull = vacancy(id=1, title="Schoonmaker")
    far_fit = vacancy(id=2, title="Heftruckchauffeur")
    c = candidate(max_travel_km=30)

    def score(v: Vacancy, km: float, w: rk.Weights) -> float:
        s = rk.score_pair(c, v, semantic=0.3, taxonomy=None, today=TODAY, km=km, weights=w)
        assert isinstance(s, rk.Suggestion)
        return s.score

    fit = rk.Weights(semantic=0, occupation=1, skills=0, perspective=0, distance=0)
    near = rk.Weights(semantic=0, occupation=0, skills=0, perspective=0, distance=1)
    assert score(far_fit, 25, fit) > score(near_dull, 1, fit)
    assert score(far_fit, 25, near) < score(near_dull, 1, near)


def test_restricted_reasons_only_in_coach_notes() -> None:
    v = vacancy(vog_required=True)
    limits = Restrictions(vog_risk=True, curfew_start=time(22, 0), curfew_end=time(6, 0))
    s = rk.score_pair(candidate(), v, semantic=0.5, taxonomy=None, today=TODAY, restrictions=limits)
    assert isinstance(s, rk.Suggestion)
    public_text = " ".join(s.reasons + s.warnings)
    assert "VOG mogelijk een probleem" not in public_text and "avondklok" not in public_text
    assert any("VOG mogelijk een probleem" in n for n in s.coach_notes)

    night = vacancy(shifts=["night"])
    r = rk.score_pair(
        candidate(shifts=["night"]),
        night,
        semantic=0.5,
        taxonomy=None,
        today=TODAY,
        restrictions=limits,
    )
    assert isinstance(r, rk.Rejection)
    assert r.reasons == [] and any("avondklok" in n for n in r.coach_notes)
