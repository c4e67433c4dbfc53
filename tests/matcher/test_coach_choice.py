"""What a coach would choose (issue 15), with the real encoder: the stated ambition
counts more than past experience, a relevance floor keeps the list honest and says why
it is short, and pay below the legal minimum for the candidate's age is a hard stop."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from matcher.embedding import Encoder
from matcher.engine import MatchEngine
from matcher.models import Candidate, Location, Vacancy

pytestmark = pytest.mark.slow
TODAY = date(2026, 3, 1)


def vacancy(id: int, title: str, skills: list[str], description: str, **values: Any) -> Vacancy:
    place = Location(postcode=values.pop("postcode", "3511"))
    values.setdefault("sector", "horeca")
    return Vacancy(id=id, title=title, skills=skills, description=description, location=place,
                   **values)  # fmt: skip


DISHES = [
    vacancy(1, "Afwasser", ["afwassen", "keuken schoonmaken"],
            "Je houdt de spoelkeuken van ons restaurant schoon en wast af."),
    vacancy(2, "Medewerker spoelkeuken", ["afwassen", "vaatwasser bedienen"],
            "Afwassen en de keuken schoonhouden in een hotel."),
    vacancy(3, "Afwasser / keukenhulp", ["afwassen", "groente snijden"],
            "Afwassen en helpen in de keuken van een brasserie."),
    vacancy(4, "Spoelkeukenmedewerker", ["afwassen"], "Afwassen in de bedrijfskeuken."),
    vacancy(5, "Afwasser weekend", ["afwassen", "schoonmaken"],
            "Afwassen in het weekend in een restaurant."),
]  # fmt: skip
BBL_COOK = [
    vacancy(6, "Leerling kok (BBL)", ["koken", "HACCP"],
            "Je leert het vak van kok in onze keuken en haalt je mbo-diploma.",
            bbl=True, contract_type="bbl", hourly_wage=11.0),
    vacancy(7, "Kok in opleiding", ["koken"], "Word kok: je werkt en leert in ons restaurant.",
            bbl=True, contract_type="bbl", training="koksopleiding niveau 2"),
]  # fmt: skip
UNRELATED = vacancy(8, "Heftruckchauffeur", ["heftruck rijden"], "Pallets laden en lossen.",
                    sector="logistiek")  # fmt: skip
WANTS_TO_COOK = Candidate(
    id=101, location=Location(postcode="3531"), desired_work="kok worden",
    experience="twee jaar afwasser in een restaurant", skills=["afwassen", "keuken schoonmaken"],
    interests="koken", max_travel_km=15, birth_date=date(2007, 1, 1),
)  # fmt: skip


@pytest.fixture(scope="module")
def encoder() -> Encoder:
    return Encoder()


def engine(encoder: Encoder, **options: Any) -> MatchEngine:
    found = MatchEngine(encoder, **options)
    found.index_vacancies([*DISHES, *BBL_COOK, UNRELATED])
    return found


def test_the_ambition_counts_more_than_past_experience(encoder: Encoder) -> None:
    """Wants to become a cook, has washed dishes: the BBL cook places come first."""
    found = engine(encoder).match_vacancies(WANTS_TO_COOK, top=10, today=TODAY).suggestions
    order = [s.vacancy_id for s in found]
    assert set(order[:2]) == {6, 7}, order
    assert "opleidingsplek richting kok" in found[0].reasons


def test_the_floor_drops_an_unrelated_job_and_says_why(encoder: Encoder) -> None:
    result = engine(encoder, relevance_floor=0.3).match_vacancies(
        WANTS_TO_COOK, top=10, today=TODAY
    )
    assert UNRELATED.id not in [s.vacancy_id for s in result.suggestions]
    dropped = next(r for r in result.rejections if r.vacancy_id == UNRELATED.id)
    assert dropped.reasons == ["past te weinig bij 'kok worden'"]
    assert result.reason_counts()["relevance"] >= 1
    padded = engine(encoder, relevance_floor=0.0).match_vacancies(
        WANTS_TO_COOK, top=10, today=TODAY
    )
    assert UNRELATED.id in [s.vacancy_id for s in padded.suggestions]  # the floor did it


def test_pay_below_the_minimum_for_the_age_is_never_suggested(encoder: Encoder) -> None:
    """€ 11,00 is legal for a 19-year-old; at 23 the adult minimum applies."""
    e = engine(encoder)
    young = e.match_vacancies(WANTS_TO_COOK, top=10, today=TODAY)
    assert 6 in [s.vacancy_id for s in young.suggestions]
    older = Candidate(**{**_fields(WANTS_TO_COOK), "birth_date": date(2002, 6, 1)})
    result = e.match_vacancies(older, top=10, today=TODAY)
    assert 6 not in [s.vacancy_id for s in result.suggestions]
    stop = next(r for r in result.rejections if r.vacancy_id == 6)
    assert stop.reasons == [
        "€ 11,00 per uur ligt onder het wettelijk minimumloon (21 jaar en ouder)"
    ]
    assert result.reason_counts()["wage"] == 1


def _fields(c: Candidate) -> dict[str, Any]:
    return {name: getattr(c, name) for name in c.__slots__}  # type: ignore[attr-defined]


def test_work_in_the_wished_occupation_always_clears_the_floor() -> None:
    """A vacancy in the wished occupation is relevant even when its text says little
    ("Heftruckchauffeur" whose description is about picking orders); without that
    match the same text and skills fall under a floor."""
    from matcher.ranking import Weights, relevance

    thin_text = {"semantic": 0.0, "skills": 0.0, "perspective": 0.3, "distance": 0.9}
    assert relevance({**thin_text, "occupation": 1.0}, Weights()) == 1.0
    assert relevance({**thin_text, "occupation": 0.6}, Weights()) == pytest.approx(0.12)
