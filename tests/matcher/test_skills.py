"""Skills as agencies and young people write them: the same skill in other words meets
(Dutch word forms; the doer's name in ESCO's Dutch occupation labels), another skill
does not, and a suggestion names the requested skills the candidate lacks."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from matcher import skills
from matcher.fit import skill_check
from matcher.models import Candidate, Vacancy
from matcher.ranking import Suggestion, score_pair
from matcher.taxonomy import Taxonomy
from matcher.taxonomy.esco import read_esco
from matcher.taxonomy_lookups import occupation_names

ESCO_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "esco"
OCC = "http://data.europa.eu/esco/occupation/"
SKILL = "http://data.europa.eu/esco/skill/"
COLUMNS = ["conceptUri", "iscoGroup", "preferredLabel", "altLabels", "description"]


def write_csv(path: Path, columns: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerows(rows)


@pytest.fixture(scope="module")
def warehouse_esco(tmp_path_factory: pytest.TempPathFactory) -> Taxonomy:
    """ESCO in its own file layout, with two Dutch warehouse occupations."""
    root = tmp_path_factory.mktemp("esco")
    write_csv(
        root / "occupations_nl.csv",
        COLUMNS,
        [
            [OCC + "pick", "9333", "orderpicker", "orderverzamelaar\norderpickster", ""],
            [OCC + "entry", "4132", "invoerder", "data-invoerder", ""],
        ],
    )
    write_csv(
        root / "skills_en.csv",
        ["conceptUri", "preferredLabel", "altLabels"],
        [[SKILL + "pick", "pick orders for dispatching", ""], [SKILL + "key", "enter data", ""]],
    )
    return Taxonomy.load(root)


def has(held: list[str], requested: str, taxonomy: Taxonomy | None = None) -> bool:
    check = skill_check(
        Candidate(id=1, skills=held), Vacancy(id=2, title="", skills=[requested]), taxonomy
    )
    return check.value == 1.0


def test_orders_verzamelen_meets_orderpicken_through_the_doers_dutch_name(warehouse_esco):
    assert has(["orders verzamelen"], "orderpicken", warehouse_esco)
    assert has(["orderpicken"], "orders verzamelen", warehouse_esco)
    assert has(["bestellingen verzamelen"], "orderpicken", warehouse_esco) is False
    assert has(["orders invoeren"], "orderpicken", warehouse_esco) is False


def test_esco_names_the_orderpicker_both_ways() -> None:
    if not (ESCO_DIR / "occupations_nl.csv").is_file():
        pytest.skip(f"ESCO data not found at {ESCO_DIR}")
    names = occupation_names(read_esco(ESCO_DIR))

    def doers(phrase: str) -> set[str]:
        return {u for n in skills.agent_nouns(phrase) for u in names.get(n, ())}

    picker = doers("orderpicken")
    assert picker and picker == doers("orders verzamelen") == doers("orderpicker")
    assert not picker & doers("orders invoeren")


@pytest.mark.parametrize(
    ("requested", "held"),
    [
        ("schoonmaken", "schoonmaak"),
        ("schoonmaakwerk", "schoonmaken"),
        ("pakketten bezorgen", "pakketbezorging"),
        ("orderpicken", "orderpicker"),
        ("afwassen", "afwasser"),
        ("lassen", "lasser"),
        ("koken", "kok"),
        ("post sorteren", "postsorteerder"),
        ("orderpicken", "orderpiken"),  # a typo
        ("administratief", "adm."),  # an abbreviation
        ("minimaal 1 jaar ervaring met orderpicken", "orderpicken"),  # qualifiers
    ],
)
def test_dutch_word_forms_of_one_skill_meet_without_a_taxonomy(requested, held) -> None:
    assert has([held], requested)


@pytest.mark.parametrize(
    ("requested", "held"),
    [
        ("vrachtwagen rijden", "heftruck rijden"),  # the verb alone
        ("orders verzamelen", "orders invoeren"),  # the object alone
        ("heftruckcertificaat", "heftruck rijden"),  # the first part of a compound
        ("orderpicken", "order management"),
        ("rijbewijs C", "rijbewijs B"),
        ("telefoon aannemen", "telefoon repareren"),
        ("ervaring met orderpicken", "ervaring met koken"),  # a qualifier alone
        ("kinderen begeleiden", "ouderen begeleiden"),
    ],
)
def test_other_skills_sharing_a_word_do_not_meet(requested, held) -> None:
    assert not has([held], requested)


def test_a_suggestion_names_the_requested_skills_the_candidate_lacks(warehouse_esco):
    vacancy = Vacancy(
        id=2, title="Magazijnmedewerker", skills=["orderpicken", "heftruckcertificaat", "Engels"]
    )
    candidate = Candidate(id=1, skills=["orders verzamelen"], experience="sprak Engels op werk")
    found = score_pair(
        candidate, vacancy, semantic=0.5, taxonomy=warehouse_esco, today=date(2026, 1, 5)
    )
    assert isinstance(found, Suggestion)
    assert found.missing_skills == ["heftruckcertificaat"]
    assert "2 van de 3 gevraagde vaardigheden" in found.reasons
