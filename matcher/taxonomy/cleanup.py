"""Reading a job title as an agency writes it, before it is normalised.

A vacancy title carries more than the occupation: "Mdw. magazijn (m/v) Utrecht
32-40 uur via uitzendbureau" names a place, hours, a contract, a gender marker and how
the job is offered, and abbreviates the occupation itself. Left in, those words pull a
title towards unrelated occupations; a typo or an English title misses the Dutch label
it means. The functions here strip what is not the occupation (`clean_title`), spell out
common Dutch abbreviations (`expand_abbreviations`) and correct misspelt words against a
vocabulary of known label words (`Speller`, `correct_spelling`). They work on one text
and keep everything else as it is, so skills can use them too.

The word lists come from how Dutch agencies write titles and from Dutch usage
(origin "agency writing habits (issue 15)" in matcher.taxonomy.text), not from a
benchmark's errors. Place names are the places of the postcode table
(matcher/data/postcodes_utrecht.csv) and Dutch municipalities (matcher/data/places_nl.txt).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from matcher.folding import fold
from matcher.taxonomy.spelling import MIN_FREQUENCY, Speller, correct_spelling

__all__ = [
    "Speller",
    "clean_title",
    "correct_spelling",
    "expand_abbreviations",
]

_DATA = Path(__file__).resolve().parents[1] / "data"
_SPACES = re.compile(r"\s+")

# "(m/v/x)", "m/v", "(M/V/D)", "(v/m)", "(m/w/d)", "(h/f)": who may apply, not the job.
_GENDER_MARK = re.compile(
    r"\(\s*[mvwfhxd](?:\s*/\s*[mvwfhxd]){1,3}\s*\)|(?<![\w/])[mvwfhxd](?:\s*/\s*[mvwfhxd]){1,3}(?![\w/])",
    re.IGNORECASE,
)
_NUMBER = r"\d{1,2}(?:[.,]\d{1,2})?"
# "32-40 uur", "24 uur p/w", "max. 20 uur per week", "32 tot 38 uur", "fulltime", "parttime".
_HOURS = re.compile(
    rf"(?:\b(?:min|max|minimaal|maximaal|ca)\.?\s*)?\b{_NUMBER}\s*\+?\s*(?:(?:-|–|/|tot|à|a)\s*"
    rf"{_NUMBER}\s*)?(?:uur|uren|u)\b\.?(?:\s*(?:p/?w|p\.w\.?|pw|per\s+week|/\s*week|"
    r"in\s+de\s+week|per\s+maand))?"
    r"|\b(?:full|part)[\s-]?time\b|\b(?:voltijd|deeltijd)s?\b"
    r"|\b\d\s*(?:-\s*\d\s*)?dagen\s+(?:per|p/?)\s*w(?:eek)?\b",
    re.IGNORECASE,
)
# "€ 14,50 per uur", "€2.400 - €2.900 bruto p/m": pay, not the job.
_PAY = re.compile(
    r"€\s*\d[\d.,]*(?:\s*-?\s*(?:-|tot)\s*€?\s*\d[\d.,]*)?(?:\s*(?:bruto|netto|per\s+uur|"
    r"per\s+maand|p/?u|p/?m|p\.u\.|p\.m\.|per\s+jaar))*",
    re.IGNORECASE,
)
# Contract words: how long and on what footing, not what the work is. BBL/BOL (a
# learning path) matters to the engine elsewhere, but it is not the occupation.
_CONTRACT = re.compile(
    r"\b(?:met\s+uitzicht\s+op\s+(?:een\s+)?vast(?:\s+contract|\s+dienstverband)?"
    r"|(?:vast|vaste|tijdelijk|tijdelijke)\s+(?:contract|baan|dienstverband|functie)"
    r"|(?:op\s+)?(?:uitzend|oproep|detachering|detacherings|freelance|zzp|payroll)basis"
    r"|tijdelijk|tijdelijke|jaarcontract|uitzendwerk|zzp(?:['’]?ers?)?|bbl(?:\s*/\s*bol)?"
    r"|leerwerkplek|leerwerkbaan|leerwerktraject)\b",
    re.IGNORECASE,
)
# How the job is offered: agency phrases around the title.
_AGENCY = re.compile(
    r"\b(?:via\s+(?:het\s+|een\s+|ons\s+)?(?:uitzendbureau|uitzendorganisatie|detacheerder"
    r"|bemiddelingsbureau|bureau)\w*|gezocht|gevraagd|per\s+direct|met\s+spoed|spoed"
    r"|dringend|urgent|vacatures?|(?:wij|we)\s+zoeken(?:\s+(?:een|jou|u))?|startersfunctie"
    r"|instapfunctie|starters?\s+welkom|ook\s+voor\s+(?:starters|studenten|scholieren)"
    r"|(?:geen|zonder)\s+ervaring(?:\s+(?:nodig|vereist))?|ervaring\s+niet\s+(?:nodig|vereist)"
    r"|direct\s+aan\s+de\s+slag|bijbaan|vakantiewerk|vakantiebaan|nu\s+solliciteren"
    r"|goed\s+salaris|doorgroeimogelijkheden)\b",
    re.IGNORECASE,
)
# Place words an agency puts around a place: "in Utrecht", "regio Utrecht e.o.".
_PLACE_BEFORE = r"(?:\b(?:in|te|regio|omgeving|rondom|nabij|rond)\s+)?"
_PLACE_AFTER = r"(?:\s+(?:e\.?o\.?(?!\w)|en\s+omgeving|centrum|regio)|\s*\(\s*regio\s*\))?"
# Separators left dangling at either end once the rest is gone: "Kok - " -> "Kok".
_DANGLING = re.compile(r"^[\s\-–—|,/:;+&]+|[\s\-–—|,/:;+&]+$")
_EMPTY_PARENTHESES = re.compile(r"\(\s*[\W_]*\s*\)|\[\s*[\W_]*\s*\]")


@cache
def place_names() -> dict[str, bool]:
    """Dutch place names -> whether the name is also a word ("Houten"): the postcode
    table's places and the names of matcher/data/places_nl.txt."""
    names: dict[str, bool] = {}
    with (_DATA / "postcodes_utrecht.csv").open(encoding="utf-8", newline="") as handle:
        names.update((row["place"].strip(), False) for row in csv.DictReader(handle))
    for line in (_DATA / "places_nl.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            names[line.removesuffix(" *").strip()] = line.endswith(" *")
    names.pop("", None)
    return names


def _alternatives(names: Iterable[str]) -> str:
    ordered = sorted(names, key=lambda n: (-len(n), n))  # longest first: "Den Haag" before "Den"
    return "|".join(re.escape(name).replace(r"\ ", r"[\s-]+") for name in ordered)


@cache
def _places() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A pattern for plain place names anywhere, and one for names that are also words:
    after a place word ("in Houten") or last in the title."""
    plain = _alternatives(n for n, is_word in place_names().items() if not is_word)
    words = _alternatives(n for n, is_word in place_names().items() if is_word)
    edge = r"(?<![\w'-])(?:{})(?![\w'-])"
    return (
        re.compile(_PLACE_BEFORE + edge.format(plain) + _PLACE_AFTER, re.IGNORECASE),
        re.compile(
            rf"\b(?:in|te|regio|omgeving|rondom|nabij|rond)\s+{edge.format(words)}{_PLACE_AFTER}"
            rf"|{edge.format(words)}{_PLACE_AFTER}\W*$",
            re.IGNORECASE,
        ),
    )


def _tidy(text: str) -> str:
    text = _EMPTY_PARENTHESES.sub(" ", text)
    text = _SPACES.sub(" ", text).strip()
    return _DANGLING.sub("", text).strip()


def _stripped(pattern: re.Pattern[str], text: str) -> str:
    """The text without the pattern's matches, tidied; unchanged when nothing matched."""
    stripped, found = pattern.subn(" ", text)
    return _tidy(stripped) if found else text


def strip_gender_marks(text: str) -> str:
    """ "Kok (m/v/x)" -> "Kok"."""
    return _stripped(_GENDER_MARK, text)


def strip_hours(text: str) -> str:
    """ "Orderpicker 32-40 uur p/w" -> "Orderpicker"; also fulltime, parttime, pay."""
    return _stripped(_PAY, _stripped(_HOURS, text))


def strip_contract(text: str) -> str:
    """ "Schoonmaker tijdelijk op uitzendbasis" -> "Schoonmaker"."""
    return _stripped(_CONTRACT, text)


def strip_agency_phrases(text: str) -> str:
    """ "Gezocht: heftruckchauffeur via uitzendbureau" -> "heftruckchauffeur"."""
    return _stripped(_AGENCY, text)


def strip_places(text: str) -> str:
    """ "Kok in Utrecht e.o." -> "Kok", "Beveiliger Amersfoort" -> "Beveiliger"."""
    plain, words = _places()
    return _stripped(words, _stripped(plain, text))


CLEANERS = (strip_gender_marks, strip_hours, strip_contract, strip_agency_phrases, strip_places)

# Agency and contract words the clean-up strips (the first two after "via"; see above).
STRIPPED_WORDS = (
    "uitzendbureau uitzendorganisatie uitzendbasis oproepbasis detacheringsbasis "
    "freelancebasis payrollbasis uitzendwerk jaarcontract tijdelijk tijdelijke fulltime "
    "parttime voltijd deeltijd gezocht gevraagd dringend urgent vacature vacatures "
    "startersfunctie instapfunctie leerwerkplek leerwerkbaan leerwerktraject bijbaan "
    "vakantiewerk vakantiebaan"
).split()


@cache
def stripped_words() -> Speller:
    """A speller towards the single words `clean_title` strips (place names, agency and
    contract words), to read them through a typo: "Kok Utreht" is "Kok Utrecht"."""
    names = (fold(name) for name in place_names())
    known = {w for w in (*names, *STRIPPED_WORDS) if w.isalpha()}
    return Speller(dict.fromkeys(known, MIN_FREQUENCY), known=lambda _: False)


def clean_title(text: str) -> str:
    """The title without what is not the occupation (gender marks, hours, pay, contract
    words, agency phrases, places); the text itself when nothing would be left."""
    cleaned = text
    for cleaner in CLEANERS:
        cleaned = cleaner(cleaned)
    return cleaned if fold(cleaned) else text


# Common Dutch abbreviations in job titles (Dutch usage; not from a benchmark). The
# first group is written with or without a full stop; the second only with one, since
# without it they are words or other abbreviations ("log", "ass", "mont").
_ABBREVIATIONS = {
    "mdw": "medewerker",
    "mdwr": "medewerker",
    "medew": "medewerker",
    "medw": "medewerker",
    "vrkr": "verkoper",
    "asst": "assistent",
    "chauf": "chauffeur",
    "techn": "technisch",
    "vakkr": "vakkracht",
    "hulpkr": "hulpkracht",
    "allr": "allround",
    "zelfst": "zelfstandig",
    "jr": "junior",
    "sr": "senior",
    "coord": "coördinator",
    "coörd": "coördinator",
    "mgr": "manager",
    "vpk": "verpleegkundige",
    "pm'er": "pedagogisch medewerker",
    "adm": "administratief",
    "werkvoorb": "werkvoorbereider",
    "projectl": "projectleider",
    "teaml": "teamleider",
    "ploegl": "ploegleider",
    "schoonm": "schoonmaak",
}
_DOTTED_ABBREVIATIONS = {
    "admin": "administratief",
    "ass": "assistent",
    "log": "logistiek",
    "tech": "technisch",
    "ped": "pedagogisch",
    "mont": "monteur",
    "prod": "productie",
    "afd": "afdeling",
    "fin": "financieel",
    "comm": "commercieel",
    "install": "installatie",
    "klantenserv": "klantenservice",
}
_WORD_ABBREVIATION = re.compile(
    rf"(?<![\w'.])({'|'.join(re.escape(a) for a in _ABBREVIATIONS)})(?:\.|(?![\w']))"
    rf"|(?<![\w'.])({'|'.join(_DOTTED_ABBREVIATIONS)})\.",
    re.IGNORECASE,
)
# A compound whose head is abbreviated: "magazijnmdw", "productiemedew.".
_ABBREVIATED_HEAD = re.compile(r"\b(\w{3,}?)-?(?:mdw|medew|medw)\b\.?", re.IGNORECASE)


def _spelt_out(found: re.Match[str]) -> str:
    word, dotted = found.group(1), found.group(2)
    if word is not None:
        return _ABBREVIATIONS[word.lower()]
    return _DOTTED_ABBREVIATIONS[dotted.lower()]


def expand_abbreviations(text: str) -> str:
    """Common Dutch abbreviations spelt out: "Mdw. magazijn" -> "medewerker magazijn",
    "Adm. medew." -> "administratief medewerker", "Magazijnmdw" -> "Magazijnmedewerker"."""
    expanded = _WORD_ABBREVIATION.sub(_spelt_out, text)
    return _ABBREVIATED_HEAD.sub(r"\1medewerker", expanded)
