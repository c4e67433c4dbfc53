import ast
from pathlib import Path

import pytest

import matcher.taxonomy.text as text_module
from matcher.taxonomy.text import (
    ORIGINS,
    QUERY_RULES,
    RULES,
    Lexicon,
    checked_off,
    clean_query,
    expand_qualifiers,
    strip_qualifiers,
    words,
)


def make_lexicon(*texts: str) -> Lexicon:
    return Lexicon(texts)


def test_strip_qualifiers_keeps_text_when_only_a_qualifier() -> None:
    assert strip_qualifiers("Docent verpleegkunde (1e graads)") == "Docent verpleegkunde"
    assert strip_qualifiers("(senior)") == "(senior)"


def test_education_level_qualifiers_are_spelt_out() -> None:
    assert expand_qualifiers("Docent wiskunde (1e graads)") == (
        "Docent wiskunde voortgezet onderwijs hoger onderwijs"
    )
    assert expand_qualifiers("Docent elektronica (2e graads)") == (
        "Docent elektronica voortgezet onderwijs beroepsonderwijs"
    )
    assert expand_qualifiers("Universitair (hoofd)docent ethiek") == "docent hoger onderwijs ethiek"
    assert expand_qualifiers("Praktijkopleider horeca") == (
        "praktijkopleider docent beroepsonderwijs horeca"
    )
    assert expand_qualifiers("Kapper (hoofd)") == "Kapper (hoofd)"
    # Flemish "eerste graad" is a stage of secondary school, not a licence: untouched.
    assert expand_qualifiers("Leraar eerste graad") == "Leraar eerste graad onderwijs"


def test_teachers_work_in_education_and_languages_form_groups() -> None:
    assert expand_qualifiers("Docent Spaans (1e graads)") == (
        "Docent Spaans moderne talen voortgezet onderwijs hoger onderwijs"
    )
    assert expand_qualifiers("Docent Latijn") == "Docent Latijn klassieke talen onderwijs"
    assert expand_qualifiers("Leraar Duits") == "Leraar Duits moderne talen onderwijs"
    assert expand_qualifiers("Tolk Spaans") == "Tolk Spaans"  # not a teacher


def test_a_researcher_in_a_field_is_its_practitioner() -> None:
    assert expand_qualifiers("Wetenschappelijk onderzoeker culturele antropologie") == (
        "Wetenschappelijk onderzoeker culturele antropologie antropoloog"
    )
    assert expand_qualifiers("Onderzoeker taal- en letterkunde") == (
        "Onderzoeker taal- en letterkunde letterkundige"
    )
    assert expand_qualifiers("Onderzoeker") == "Onderzoeker"
    assert expand_qualifiers("Onderzoeker markt") == "Onderzoeker markt"


def test_words_drop_stop_words() -> None:
    assert words("Medewerker van de bediening") == ["medewerker", "bediening"]


def test_gender_forms_fold_to_known_base_form() -> None:
    lexicon = make_lexicon("medewerker", "schoonmaker", "docent", "masseur", "verkoper")
    assert lexicon.base_form("medewerkster") == "medewerker"
    assert lexicon.base_form("schoonmaakster") == "schoonmaker"
    assert lexicon.base_form("verkoopster") == "verkoper"
    assert lexicon.base_form("docente") == "docent"
    assert lexicon.base_form("masseuse") == "masseur"
    assert lexicon.base_form("onbekende") == "onbekende"


def test_compounds_split_against_vocabulary() -> None:
    lexicon = make_lexicon("chauffeur heftruck", "medewerker", "magazijn")
    assert lexicon.split("heftruckchauffeur") == ("heftruck", "chauffeur")
    assert lexicon.split("magazijnmedewerkster") == ("magazijn", "medewerker")
    assert lexicon.split("onbekendwoord") == ("onbekendwoord",)


def test_terms_of_word_order_variants_overlap() -> None:
    lexicon = make_lexicon("chauffeur heftruck")
    assert {"heftruck", "chauffeur"} <= set(lexicon.terms("Heftruckchauffeur"))


def test_field_words_add_their_known_practitioner() -> None:
    lexicon = make_lexicon("politicoloog", "onderzoeker")
    assert "politicoloog" in lexicon.terms("Onderzoeker politicologie")
    assert lexicon.terms("Onderzoeker geologie") == ["onderzoeker", "geologie"]


def test_every_rule_has_an_origin() -> None:
    assert RULES and all(rule.origin in ORIGINS for rule in RULES.values())
    assert all(rule.expand is not None for rule in QUERY_RULES)


# Names in text.py that are the registry of rules, not rules.
REGISTRY = {
    "ORIGINS",
    "BENCHMARK_ORIGINS",
    "SWITCHABLE_ORIGINS",
    "CLEANUP_RULES",
    "QUERY_RULES",
    "WORD_RULES",
    "RULES",
    "_MELO",
    "_AGENCY",
}


def test_every_rule_table_says_its_origin_in_a_comment() -> None:
    """Each module-level constant of text.py has "# origin:" in its paragraph: on its own
    lines or in the comment above it, up to the nearest blank line."""
    source = Path(text_module.__file__).read_text(encoding="utf-8")
    lines = source.splitlines()
    unlabelled = []
    for node in ast.parse(source).body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        for name in (t.id for t in targets if isinstance(t, ast.Name)):
            if name.lstrip("_").isupper() and name not in REGISTRY:
                start = node.lineno - 1
                while start > 0 and lines[start - 1].strip():
                    start -= 1
                paragraph = lines[start : node.end_lineno]
                if not any("# origin:" in line for line in paragraph):
                    unlabelled.append(name)
    assert unlabelled == []


def test_an_instructor_is_not_spelt_out_as_a_teacher() -> None:
    # A VCA, forklift or security instructor trains adults at work; "onderwijs" sent
    # them to "vakdocent ... beroepsonderwijs" (issue 12).
    assert expand_qualifiers("Instructeur VCA") == "Instructeur VCA"
    assert expand_qualifiers("Instructeur beveiliging") == "Instructeur beveiliging"


def test_benchmark_rules_can_be_switched_off_by_name() -> None:
    assert expand_qualifiers("Docent Spaans", off={"teacher_subject_groups"}) == (
        "Docent Spaans onderwijs"
    )
    assert expand_qualifiers("Docent Spaans", off={"teacher_in_education"}) == (
        "Docent Spaans moderne talen"
    )
    lexicon = Lexicon(["politicoloog", "onderzoeker"], off={"field_practitioner_words"})
    assert "politicoloog" not in lexicon.terms("Onderzoeker politicologie")
    with pytest.raises(ValueError):
        checked_off({"gender_forms"})  # grammar is not a benchmark's choice
    with pytest.raises(ValueError):
        checked_off({"no_such_rule"})


def test_a_researcher_title_with_a_suffix_keeps_its_practitioner() -> None:
    # Issue 15: the rule took the title's last word, so any suffix broke it.
    assert expand_qualifiers("Onderzoeker planologie bij de gemeente") == (
        "Onderzoeker planologie bij de gemeente planoloog"
    )
    assert "planoloog" in expand_qualifiers("Onderzoeker planologie (32 uur)")


def test_clean_query_strips_what_is_not_the_occupation_and_spells_out() -> None:
    assert clean_query("Mdw. magazijn (m/v) Utrecht 32-40 uur via uitzendbureau") == (
        "medewerker magazijn"
    )
    assert clean_query("Mdw. magazijn Utrecht", off={"abbreviations"}) == "Mdw. magazijn"
    assert clean_query("Mdw. magazijn Utrecht", off={"places"}) == "medewerker magazijn Utrecht"
    assert clean_query("Utrecht") == "Utrecht"


def test_lexicon_corrects_misspelt_words_against_its_vocabulary() -> None:
    lexicon = make_lexicon(*["schoonmaker", "magazijn medewerker", "heftruck chauffeur"] * 2)
    assert lexicon.correct("Schoonmkaer") == "schoonmaker"
    assert lexicon.correct("Magazijnmedwerker (m/v)") == "magazijnmedewerker (m/v)"
    # Known words, gender forms and compounds of known words stay as written.
    assert lexicon.correct("Heftruckchauffeur") == "Heftruckchauffeur"
    assert lexicon.correct("Schoonmaakster") == "Schoonmaakster"


def test_a_swap_across_short_compound_parts_is_read_back() -> None:
    lexicon = make_lexicon(*["bar", "huis", "medewerker", "meester"] * 2)
    assert lexicon.correct("Bamredewerker") == "barmedewerker"
    assert lexicon.correct("Husimeester") == "huismeester"
    assert lexicon.correct("Barmedewerker") == "Barmedewerker"


def test_a_misspelt_place_or_agency_word_goes_as_the_word_would() -> None:
    lexicon = make_lexicon(*["schoonmaker", "kok", "chauffeur"] * 2)
    assert lexicon.correct("Kok Utreht") == "Kok"
    assert lexicon.correct("Kok in Amesrfoort") == "Kok"
    assert lexicon.correct("Chauffeur via uitzendubreau") == "Chauffeur"
    assert lexicon.correct("Schoonmaker fulltmie") == "Schoonmaker"
    # Off with the place rule, a place stays (spelt right).
    off = Lexicon(["kok", "kok"], off={"places"})
    assert off.correct("Kok Utreht") == "Kok utrecht"
