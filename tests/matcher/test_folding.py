"""One fold for every comparison of words in the engine."""

from __future__ import annotations

import pytest

from matcher import geo
from matcher.certificates import normalise_certificate
from matcher.fit import terms
from matcher.folding import fold
from matcher.import_fields import header_key


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Inspiciënte / Chef-Kok", "inspiciente chef kok"),
        ("  Schoonmaak--Medewerker\t(m/v) ", "schoonmaak medewerker m v"),
        ("Straße", "strasse"),
        ("ﬁetskoerier", "fietskoerier"),
        ("Magazijnmedewerker Łódź", "magazijnmedewerker łodz"),
        ("Søren", "søren"),
        ("'s-Hertogenbosch", "s hertogenbosch"),
        ("uren_per_week", "uren per week"),
        ("-- / --", ""),
    ],
)
def test_fold_lowers_strips_accents_and_keeps_only_words(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_fold_is_idempotent() -> None:
    for text in ("Inspiciënte / Chef-Kok", "Łódź", "Straße", "'s-Gravenhage"):
        assert fold(fold(text)) == fold(text)


def test_every_user_folds_alike() -> None:
    # A letter without an ASCII form is neither dropped nor a word boundary anywhere.
    assert terms("Søren's magazijn") == {"søren", "magazijn"}
    assert header_key("Løn-Søren") == "løn_søren"
    assert normalise_certificate("VCA-Basis") == normalise_certificate("vca basis")


def test_a_city_is_found_whatever_its_accents_and_case() -> None:
    utrecht = geo.load_postcodes().city_coordinates("Utrecht")
    assert utrecht is not None
    assert geo.load_postcodes().city_coordinates("ÚTRECHT") == utrecht
