"""Weights per query: a municipality's accepted, learned weights rank its candidates'
lists without changing the engine's own (hand-set) weights for anyone else."""

from __future__ import annotations

from datetime import date

import pytest

from matcher.embedding import Encoder
from matcher.engine import MatchEngine
from matcher.models import Candidate, Location, Vacancy
from matcher.ranking import Suggestion, Weights

pytestmark = pytest.mark.slow
TODAY = date(2026, 3, 1)
ONLY_PERSPECTIVE = Weights(semantic=0, occupation=0, skills=0, perspective=1, distance=0)

VACANCIES = [
    Vacancy(id=1, title="Orderpicker", location=Location(postcode="3542"),
            skills=["orderpicken"], description="Orders verzamelen in het magazijn."),
    Vacancy(id=2, title="Monteur BBL", location=Location(postcode="3542"), bbl=True,
            contract_type="vast", paid_certificates=["VCA"], hours_min=36, hours_max=38,
            description="Leer het vak van installatiemonteur."),
]  # fmt: skip
PICKER = Candidate(id=7, location=Location(postcode="3542"), desired_work="orderpicker",
                   skills=["orderpicken"])  # fmt: skip


@pytest.fixture(scope="module")
def engine() -> MatchEngine:
    engine = MatchEngine(Encoder())
    engine.index_vacancies(VACANCIES)
    engine.index_candidates([PICKER])
    return engine


def ids(suggestions: list[Suggestion]) -> list[int]:
    return [s.vacancy_id for s in suggestions]


def test_weights_given_to_a_query_rank_that_query_only(engine: MatchEngine) -> None:
    assert ids(engine.match_vacancies(PICKER, today=TODAY).suggestions)[0] == 1
    learned = engine.match_vacancies(PICKER, today=TODAY, weights=ONLY_PERSPECTIVE)
    assert ids(learned.suggestions)[0] == 2
    assert learned.suggestions[0].breakdown["perspective_weighted"] > 0
    assert learned.suggestions[0].breakdown["semantic_weighted"] == 0
    assert ids(engine.match_vacancies(PICKER, today=TODAY).suggestions)[0] == 1


def test_candidates_and_one_pair_take_the_weights_too(engine: MatchEngine) -> None:
    vacancy = VACANCIES[0]
    found = engine.match_candidates(vacancy, today=TODAY, weights=ONLY_PERSPECTIVE)
    pair = engine.explain_pair(PICKER, vacancy, today=TODAY, weights=ONLY_PERSPECTIVE)
    assert isinstance(pair, Suggestion)
    assert found.suggestions[0].score == pair.score
    assert pair.breakdown["semantic_weighted"] == 0
    assert pair.score == pair.breakdown["perspective"]
