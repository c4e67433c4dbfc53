"""The ranking's fit components: occupation match, skill overlap (lexical and through a
taxonomy, cached) and distance, each with its reason."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from matcher import fit
from matcher.models import Candidate, Vacancy


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


def test_phrase_present_handles_dutch_compounds() -> None:
    pool = fit.terms("heftruckcertificaat, 2 jaar orderpicken in magazijn")
    assert fit.phrase_present("heftruck rijden", pool)
    assert fit.phrase_present("Orderpicken", pool)
    assert not fit.phrase_present("koken", pool)


def test_skill_overlap_lexical() -> None:
    v = vacancy(skills=["heftruck rijden", "orderpicken", "koken", "kassa", "laden", "lossen"])
    c = candidate(skills=["orderpicken", "laden en lossen"], certificates=["Heftruck"])
    value, reason = fit.skill_overlap(c, v, None)
    assert value == pytest.approx(4 / 6) and reason == "4 van de 6 gevraagde vaardigheden"


def test_skill_overlap_via_taxonomy_synonyms() -> None:
    v = vacancy(skills=["forklift"])
    c = candidate(skills=["heftruck rijden"])
    assert fit.skill_overlap(c, v, None)[0] == 0.0
    assert fit.skill_overlap(c, v, FakeTaxonomy())[0] == 1.0


def test_essential_skills_count_when_vacancy_lists_none() -> None:
    c = candidate(skills=["heftruck rijden", "laden en lossen"])
    value, reason = fit.skill_overlap(c, vacancy(), FakeTaxonomy())
    assert value == pytest.approx(2 / 4) and reason == "2 van de 4 gevraagde vaardigheden"
    assert fit.skill_overlap(c, vacancy(), None) == (None, None)


def test_occupation_match_lexical_and_taxonomy() -> None:
    value, reason = fit.occupation_match(
        candidate(), vacancy(title="Heftruckchauffeur (m/v)"), None
    )
    assert value == 1.0 and reason == "past bij gewenst werk"
    assert fit.occupation_match(candidate(), vacancy(title="Kok"), None)[0] == 0.0
    c = candidate(desired_work="iets met vorkheftrucks", occupation_uris=["o:forklift"])
    value, reason = fit.occupation_match(c, vacancy(title="Forklift driver"), FakeTaxonomy())
    assert value == 1.0 and reason == "past bij gewenst beroep: heftruckchauffeur"


def test_taxonomy_lookups_are_cached() -> None:
    taxonomy = FakeTaxonomy()
    for _ in range(3):
        fit.occupation_match(candidate(), vacancy(title="Forklift driver"), taxonomy)
    assert taxonomy.calls == 2  # one per distinct text


def test_distance_value() -> None:
    assert fit.distance_value(candidate(), None) == 0.5
    assert fit.distance_value(candidate(max_travel_km=10), 5) == pytest.approx(0.5)
    assert fit.distance_value(candidate(), 25) == 0.0


def test_no_skill_reason_when_nothing_matches() -> None:
    value, reason = fit.skill_overlap(candidate(skills=["koken"]), vacancy(skills=["kassa"]), None)
    assert value == 0.0 and reason is None


def test_explicit_occupation_uris_match_without_taxonomy() -> None:
    c = candidate(desired_work="", occupation_uris=["o:cook"])
    assert fit.occupation_match(c, vacancy(title="Chef", occupation_uri="o:cook"), None)[0] == 1.0


def test_a_generic_word_in_the_wish_does_not_match_a_compound_title() -> None:
    """Issue 15: "pedagogisch medewerker" is not a wish for "Spoelkeukenmedewerker"."""
    wish = candidate(desired_work="pedagogisch medewerker in de kinderopvang")
    assert fit.occupation_match(wish, vacancy(title="Spoelkeukenmedewerker"), None) == (0.0, None)
    assert fit.occupation_match(wish, vacancy(title="Pedagogisch medewerker BSO"), None)[0] > 0


def test_a_training_place_in_the_wished_occupation_counts_in_full() -> None:
    wish = candidate(desired_work="kok worden")
    value, reason = fit.occupation_match(wish, vacancy(title="Leerling kok", bbl=True), None)
    assert (value, reason) == (1.0, "opleidingsplek richting kok")
    assert fit.occupation_match(wish, vacancy(title="Zelfstandig werkend kok"), None)[0] == 1.0
