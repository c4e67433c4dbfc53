"""The weighted sum, its components and reasons, with and without a taxonomy."""

from __future__ import annotations

from dataclasses import dataclass
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


@dataclass(frozen=True)
class Match:
    uri: str
    label: str
    score: float


@dataclass(frozen=True)
class Skills:
    essential: tuple[str, ...]
    optional: tuple[str, ...] = ()


class FakeTaxonomy:
    """A tiny taxonomy: counts calls so caching is visible."""

    def __init__(self) -> None:
        self.calls = 0
        self.skills = {"forklift": "s:forklift", "heftruck rijden": "s:forklift", "koken": "s:cook"}

    def occupations_for(self, text: str, k: int) -> list[Match]:
        self.calls += 1
        if "heftruck" in text.lower() or "forklift" in text.lower():
            return [Match("o:forklift", "heftruckchauffeur", 0.9)][:k]
        return [Match("o:cook", "kok", 0.3)][:k]

    def skills_for(self, phrase: str, k: int) -> list[Match]:
        self.calls += 1
        uri = self.skills.get(phrase.lower())
        return [Match(uri, phrase, 0.8)] if uri else []

    def skills_of_occupation(self, uri: str) -> Skills:
        return Skills(("s:forklift", "s:safety", "s:loading", "s:stock"))

    def occupation_label(self, uri: str) -> str:
        return {"o:forklift": "heftruckchauffeur"}.get(uri, "kok")

    def skill_label(self, uri: str) -> str:
        return {"s:safety": "veilig werken", "s:loading": "laden en lossen"}.get(uri, uri)


def test_default_weights_sum_to_one() -> None:
    assert sum(rk.Weights().as_dict().values()) == pytest.approx(1.0)


def test_phrase_present_handles_dutch_compounds() -> None:
    pool = rk.terms("heftruckcertificaat, 2 jaar orderpicken in magazijn")
    assert rk.phrase_present("heftruck rijden", pool)
    assert rk.phrase_present("Orderpicken", pool)
    assert not rk.phrase_present("koken", pool)


def test_skill_overlap_lexical() -> None:
    v = vacancy(skills=["heftruck rijden", "orderpicken", "koken", "kassa", "laden", "lossen"])
    c = candidate(skills=["orderpicken", "laden en lossen"], certificates=["Heftruck"])
    value, reason = rk.skill_overlap(c, v, None)
    assert value == pytest.approx(4 / 6) and reason == "4 van de 6 gevraagde vaardigheden"


def test_skill_overlap_via_taxonomy_synonyms() -> None:
    v = vacancy(skills=["forklift"])
    c = candidate(skills=["heftruck rijden"])
    assert rk.skill_overlap(c, v, None)[0] == 0.0
    assert rk.skill_overlap(c, v, FakeTaxonomy())[0] == 1.0


def test_essential_skills_count_when_vacancy_lists_none() -> None:
    c = candidate(skills=["heftruck rijden", "laden en lossen"])
    value, reason = rk.skill_overlap(c, vacancy(), FakeTaxonomy())
    assert value == pytest.approx(2 / 4) and reason == "2 van de 4 gevraagde vaardigheden"
    assert rk.skill_overlap(c, vacancy(), None) == (None, None)


def test_occupation_match_lexical_and_taxonomy() -> None:
    value, reason = rk.occupation_match(candidate(), vacancy(title="Heftruckchauffeur (m/v)"), None)
    assert value == 1.0 and reason == "past bij gewenst werk"
    assert rk.occupation_match(candidate(), vacancy(title="Kok"), None)[0] == 0.0
    c = candidate(desired_work="iets met vorkheftrucks", occupation_uris=["o:forklift"])
    value, reason = rk.occupation_match(c, vacancy(title="Forklift driver"), FakeTaxonomy())
    assert value == 1.0 and reason == "past bij gewenst beroep: heftruckchauffeur"


def test_taxonomy_lookups_are_cached() -> None:
    taxonomy = FakeTaxonomy()
    for _ in range(3):
        rk.occupation_match(candidate(), vacancy(title="Forklift driver"), taxonomy)
    assert taxonomy.calls == 2  # one per distinct text


def test_distance_value() -> None:
    assert rk.distance_value(candidate(), None) == 0.5
    assert rk.distance_value(candidate(max_travel_km=10), 5) == pytest.approx(0.5)
    assert rk.distance_value(candidate(), 25) == 0.0


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


def test_no_skill_reason_when_nothing_matches() -> None:
    value, reason = rk.skill_overlap(candidate(skills=["koken"]), vacancy(skills=["kassa"]), None)
    assert value == 0.0 and reason is None


def test_explicit_occupation_uris_match_without_taxonomy() -> None:
    c = candidate(desired_work="", occupation_uris=["o:cook"])
    assert rk.occupation_match(c, vacancy(title="Chef", occupation_uri="o:cook"), None)[0] == 1.0
