"""The counterfactual check on the engine with the real model: a name written inside
the text and gender words change nothing once the texts are neutral; a move changes
scores only through the distance."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from matcher.counterfactual import compare, run
from matcher.embedding import Encoder
from matcher.engine import MatchEngine
from matcher.models import Candidate, Location, Vacancy
from matcher.neutral import gender_folded, neutral, without_names

pytestmark = pytest.mark.slow
TODAY = date(2026, 3, 1)
VACANCIES = [
    Vacancy(id=1, title="Kapper", location=Location(postcode="3562"), skills=["haren knippen"]),
    Vacancy(id=2, title="Medewerker kapsalon", location=Location(postcode="3511")),
    Vacancy(id=3, title="Schoonmaker kantoren", location=Location(postcode="3553")),
    Vacancy(id=4, title="Verkoopmedewerker supermarkt", location=Location(postcode="3526")),
    Vacancy(id=5, title="Heftruckchauffeur", location=Location(postcode="3542")),
    Vacancy(id=6, title="Kok restaurant", location=Location(postcode="3511")),
]


def test_neutral_words_and_names():
    assert gender_folded("Ik wil kapster worden") == "Ik wil kapper worden"
    assert gender_folded("magazijnmedewerkster, lerares") == "magazijnmedewerker, leraar"
    assert gender_folded("Een jonge vrouw") == gender_folded("Een jonge man")
    assert gender_folded("manager") == "manager"  # a whole word only
    assert without_names("Ik ben Sem van Dijk, Sem werkte", ["Sem", "van Dijk"]) == (
        "Ik ben van , werkte"
    )
    assert neutral("Fatima wil verkoopster worden", ["Fátima"]) == "wil verkoper worden"


@pytest.fixture(scope="module")
def engine() -> MatchEngine:
    built = MatchEngine(Encoder())
    built.index_vacancies(VACANCIES)
    return built


def test_name_and_gender_copies_get_the_same_scores(engine):
    sem = Candidate(
        id=-1,
        desired_work="kapper",
        experience="werkte in een kapsalon",
        location=Location(postcode="3562"),
    )
    # What the web hands the engine: the own name already out of the text.
    named = dataclasses.replace(
        sem, experience=without_names("Sem werkte in een kapsalon", ["Sem"])
    )
    renamed = dataclasses.replace(
        sem, id=-2, experience=without_names("Mohammed werkte in een kapsalon", ["Mohammed"])
    )
    female = dataclasses.replace(sem, id=-3, desired_work="kapster")
    found = run(engine, {"name": [(named, renamed)], "gender": [(sem, female)]}, today=TODAY)
    for summary in found:
        assert summary.checked == 1 and summary.top_changed == 0
        assert summary.max_score_change <= 1e-6, summary


def test_a_move_changes_only_the_distance(engine):
    home = Candidate(id=-1, desired_work="kapper", location=Location(lat=52.09, lon=5.12))
    moved = dataclasses.replace(home, id=-2, location=Location(lat=52.117, lon=5.12))
    check = compare(
        engine.match_vacancies(home, top=6, today=TODAY),
        engine.match_vacancies(moved, top=6, today=TODAY),
    )
    assert check.max_score_change > 0 and not check.unexplained


def test_without_neutral_texts_a_gender_word_would_move_the_score(engine):
    # The check can fail: the raw text's embedding differs between the two forms.
    vectors = engine.encoder.encode(["Ik wil kapster worden", "Ik wil kapper worden"])
    assert abs(float(vectors[0] @ vectors[1]) - 1.0) > 1e-4
