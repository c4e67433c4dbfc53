import pytest

from matcher.taxonomy.cleanup import (
    clean_title,
    expand_abbreviations,
    strip_agency_phrases,
    strip_contract,
    strip_gender_marks,
    strip_hours,
    strip_places,
)
from matcher.taxonomy.spelling import Speller, correct_spelling, within_one_edit


@pytest.mark.parametrize(
    ("title", "cleaned"),
    [
        ("Kok (m/v/x)", "Kok"),
        ("Schoonmaker m/v", "Schoonmaker"),
        ("Chauffeur (M/V/D)", "Chauffeur"),
        ("Chauffeur C/E", "Chauffeur C/E"),  # a driving licence, not a gender mark
    ],
)
def test_gender_marks_are_stripped(title: str, cleaned: str) -> None:
    assert strip_gender_marks(title) == cleaned


@pytest.mark.parametrize(
    ("title", "cleaned"),
    [
        ("Orderpicker 32-40 uur", "Orderpicker"),
        ("Orderpicker (32-40 uur)", "Orderpicker"),
        ("Kassamedewerker 24 uur p/w", "Kassamedewerker"),
        ("Teamleider max. 20 uur per week", "Teamleider"),
        ("Fulltime productiemedewerker", "productiemedewerker"),
        ("Verkoper parttime", "Verkoper"),
        ("Verkoper € 14,50 per uur", "Verkoper"),
    ],
)
def test_hours_and_pay_are_stripped(title: str, cleaned: str) -> None:
    assert strip_hours(title) == cleaned


@pytest.mark.parametrize(
    ("title", "cleaned"),
    [
        ("Schoonmaker tijdelijk op uitzendbasis", "Schoonmaker"),
        ("Kok, vast contract", "Kok"),
        ("Barista oproepbasis", "Barista"),
        ("Kok BBL", "Kok"),
        ("ZZP'er schilder", "schilder"),
    ],
)
def test_contract_words_are_stripped(title: str, cleaned: str) -> None:
    assert strip_contract(title) == cleaned


@pytest.mark.parametrize(
    ("title", "cleaned"),
    [
        ("Orderpicker via uitzendbureau", "Orderpicker"),
        ("Gezocht: heftruckchauffeur", "heftruckchauffeur"),
        ("Vacature: kok per direct", "kok"),
        ("Wij zoeken een schoonmaker", "schoonmaker"),
        ("Startersfunctie klantenservice", "klantenservice"),
    ],
)
def test_agency_phrases_are_stripped(title: str, cleaned: str) -> None:
    assert strip_agency_phrases(title) == cleaned


@pytest.mark.parametrize(
    ("title", "cleaned"),
    [
        ("Magazijnmedewerker Utrecht", "Magazijnmedewerker"),
        ("Kok in Amersfoort e.o.", "Kok"),
        ("Beveiliger - Den Haag", "Beveiliger"),
        ("Schoonmaker regio Nieuwegein", "Schoonmaker"),
        ("Kok in Houten", "Kok"),
        ("Heftruckchauffeur Houten", "Heftruckchauffeur"),
        # "houten" is also a word (wooden): only a place after "in" or at the end.
        ("Maker houten kozijnen", "Maker houten kozijnen"),
    ],
)
def test_places_are_stripped(title: str, cleaned: str) -> None:
    assert strip_places(title) == cleaned


def test_clean_title_strips_everything_at_once_but_never_all() -> None:
    assert clean_title("Mdw. magazijn (m/v) Utrecht 32-40 uur via uitzendbureau") == (
        "Mdw. magazijn"
    )
    assert clean_title("Utrecht") == "Utrecht"  # nothing would be left
    assert clean_title("Medewerker bediening") == "Medewerker bediening"


@pytest.mark.parametrize(
    ("title", "expanded"),
    [
        ("Mdw magazijn", "medewerker magazijn"),
        ("Medew. schoonmaak", "medewerker schoonmaak"),
        ("Adm. medw.", "administratief medewerker"),
        ("Log. mdw", "logistiek medewerker"),
        ("Magazijnmdw", "Magazijnmedewerker"),
        ("Allr. vakkr. schilder", "allround vakkracht schilder"),
        ("Chauf. heftruck", "chauffeur heftruck"),
        ("Techn. asst.", "technisch assistent"),
        # Without the full stop these are words, not abbreviations.
        ("Log analist", "Log analist"),
    ],
)
def test_common_dutch_abbreviations_are_spelt_out(title: str, expanded: str) -> None:
    assert expand_abbreviations(title) == expanded


def test_one_edit_covers_drop_add_replace_and_swap() -> None:
    assert within_one_edit("magazijn", "magazjin")  # swap
    assert within_one_edit("magazijn", "magazin")  # drop
    assert within_one_edit("magazijn", "magazijjn")  # add
    assert within_one_edit("magazijn", "magazyjn")  # replace
    assert not within_one_edit("magazijn", "mgaazjin")


def test_a_misspelt_word_becomes_the_most_frequent_known_word_one_edit_away() -> None:
    speller = Speller({"schoonmaker": 5, "magazijn": 3, "medewerker": 9, "kapper": 2})
    assert speller.correct("schoonmkaer") == "schoonmaker"
    assert speller.correct("magazjin") == "magazijn"
    assert speller.correct("medwerker") == "medewerker"
    assert speller.correct("kapr") == "kapr"  # too short to guess
    assert speller.correct("onbekend") == "onbekend"  # nothing close
    # A compound with one known part: the other part is corrected.
    assert speller.correct("magazijnmedwerker") == "magazijnmedewerker"
    assert correct_spelling(["schoonmkaer", "magazijn"], {"schoonmaker": 2, "magazijn": 2}) == [
        "schoonmaker",
        "magazijn",
    ]


def test_a_correction_keeps_the_first_letter_and_needs_a_common_target() -> None:
    speller = Speller({"wagen": 9, "medewerker": 1, "schoonmaker": 3})
    assert speller.correct("dagen") == "dagen"  # another word, not a typo of "wagen"
    assert speller.correct("medwerker") == "medwerker"  # a label word seen only once
    assert speller.correct("schoonmkaer") == "schoonmaker"
    assert speller.correct("cshoonmaker") == "schoonmaker"  # the first two swapped
