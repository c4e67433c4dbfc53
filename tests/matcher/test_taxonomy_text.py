from matcher.taxonomy.text import Lexicon, expand_qualifiers, fold, strip_qualifiers, words


def make_lexicon(*texts: str) -> Lexicon:
    return Lexicon(texts)


def test_fold_strips_accents_case_and_punctuation() -> None:
    assert fold("Inspiciënte / Chef-Kok") == "inspiciente chef kok"


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
    assert expand_qualifiers("Instructeur heftrucks") == "Instructeur heftrucks onderwijs"
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
