from pathlib import Path

import pytest

from matcher.taxonomy.cleanup import (
    STRIPPED_WORDS,
    clean_title,
    expand_abbreviations,
    strip_agency_phrases,
    strip_contract,
    strip_gender_marks,
    strip_hours,
    strip_places,
)
from matcher.taxonomy.esco import read_esco
from matcher.taxonomy.forms import esco_forms
from matcher.taxonomy.normaliser import LEXICAL_KINDS
from matcher.taxonomy.spelling import Speller, correct_spelling, within_one_edit
from matcher.taxonomy.text import Lexicon

ESCO_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "esco"


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


@pytest.mark.parametrize("word", STRIPPED_WORDS)
def test_the_words_a_typo_is_read_as_are_stripped(word: str) -> None:
    assert "Kok" in (clean_title(f"Kok {word}"), clean_title(f"Kok via {word}"))


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
    speller = Speller({"wagen": 9, "kapper": 1, "schoonmaker": 3})
    assert speller.correct("dagen") == "dagen"  # another word, not a typo of "wagen"
    assert speller.correct("kaper") == "kaper"  # a short word; "kapper" seen only once
    assert speller.correct("schoonmkaer") == "schoonmaker"
    assert speller.correct("cshoonmaker") == "schoonmaker"  # the first two swapped


def test_a_long_word_is_corrected_anywhere_when_one_word_fits() -> None:
    speller = Speller({"vrachtwagen": 4, "aanbesteder": 1, "bakker": 5})
    assert speller.correct("brachtwagen") == "vrachtwagen"  # first letter replaced
    assert speller.correct("rachtwagen") == "vrachtwagen"  # first letter dropped
    assert speller.correct("aanbestedr") == "aanbesteder"  # long, though seen only once
    assert speller.correct("makker") == "makker"  # short: another word, not a typo
    two = Speller({"vrachtwagen": 4, "prachtwagen": 2})
    assert two.correct("trachtwagen") == "trachtwagen"  # which first letter? no guess


def test_compounds_with_a_linking_letter_are_read_as_compounds() -> None:
    speller = Speller({"arbeid": 3, "recht": 3, "bedrijf": 3, "ingenieur": 5})
    # Known parts with a linking "s" are a word, not a typo of "arbeid" + "recht".
    assert speller.correct("arbeidsrecht") == "arbeidsrecht"
    assert speller.correct("bedrijfsingenieru") == "bedrijfsingenieur"
    assert speller.correct("bedrjifsingenieur") == "bedrijfsingenieur"


def test_a_short_word_only_gets_back_a_letter_it_lost() -> None:
    speller = Speller({"guard": 35, "agent": 40, "kapper": 2})
    assert speller.correct("gard") == "guard"
    assert speller.correct("aget") == "agent"
    assert speller.correct("gaurd") == "guard"
    assert speller.correct("kapr") == "kapr"  # "kapper" is not common enough
    assert Speller({"guard": 3}).correct("gard") == "gard"


@pytest.fixture(scope="module")
def esco_lexicon() -> Lexicon:
    """The occupation normaliser's lexicon: ESCO labels, descriptions as plain words."""
    if not (ESCO_DIR / "occupations_nl.csv").is_file():
        pytest.skip(f"ESCO data not found at {ESCO_DIR}")
    esco = read_esco(ESCO_DIR)
    forms = [form for uri in sorted(esco.occupations) for form in esco_forms(esco, uri)]
    lexicon = Lexicon([text for kind, text in forms if kind in LEXICAL_KINDS])
    lexicon.add_plain_words([text for kind, text in forms if kind == "text"])
    return lexicon


@pytest.mark.parametrize(
    ("title", "corrected"),
    [
        ("Brachtwagenchauffeur", "vrachtwagenchauffeur"),  # first letter replaced
        ("agazijnmedewerker", "magazijnmedewerker"),  # first letter dropped
        ("Tegelzeter", "tegelzetter"),  # a label word seen once, in a long word
        ("Security gard", "Security guard"),  # a short word that lost a letter
        ("Postbdoe", "postbode"),
        ("Schoonmaker Amersfort 32 uur", "Schoonmaker"),  # a misspelt place goes
        ("Snakcbar medewerker", "snackbar medewerker"),  # a swap in a short part
    ],
)
def test_esco_lexicon_corrects_a_typo_anywhere_in_a_title(
    esco_lexicon: Lexicon, title: str, corrected: str
) -> None:
    assert esco_lexicon.correct(title) == corrected


@pytest.mark.parametrize(
    "title", ["Arbeidsrecht adviseur", "Medewerker dagbesteding", "Afwasser", "Leerling kok"]
)
def test_esco_lexicon_leaves_correct_dutch_words_alone(esco_lexicon: Lexicon, title: str) -> None:
    assert esco_lexicon.correct(title) == title
