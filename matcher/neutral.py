"""Neutral texts: what the matcher reads must not depend on a person's name or on the
gendered form of a job word (issue 14's counterfactual check).

- `without_names` removes the person's own first and last names from their free text
  ("Ik ben Sem en ik werkte…" → "Ik ben en ik werkte…"): a name written in the
  experience text moved scores and the top 10 before.
- `gender_folded` writes gendered job and person words in one form: the Dutch base
  (male-derived) form for occupations ("kapster" → "kapper", "lerares" → "leraar",
  "medewerkster" → "medewerker", also at the end of a compound: "magazijnmedewerkster"),
  and a neutral word for persons ("vrouw"/"man" → "persoon").

The word lists follow Dutch grammar (the -ster, -e, -es, -euse, -ière, -trice and -in
forms of common entry-level occupations), not a benchmark's errors. Both functions are
pure and keep everything else of the text as it was.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from matcher.folding import fold

# Female (or gendered) ending → the form used for everyone. Matched at the end of a word,
# so compounds fold too ("schoonmaakster", "winkelmedewerkster").
OCCUPATION_FORMS = {
    "medewerkster": "medewerker",
    "medewerksters": "medewerkers",
    "werkneemster": "werknemer",
    "werkneemsters": "werknemers",
    "verkoopster": "verkoper",
    "verkoopsters": "verkopers",
    "schoonmaakster": "schoonmaker",
    "schoonmaaksters": "schoonmakers",
    "kapster": "kapper",
    "kapsters": "kappers",
    "bezorgster": "bezorger",
    "serveerster": "serveerder",
    "serveersters": "serveerders",
    "verpleegster": "verpleger",
    "verzorgster": "verzorger",
    "verzorgsters": "verzorgers",
    "begeleidster": "begeleider",
    "opvoedster": "opvoeder",
    "oppasster": "oppasser",
    "chauffeuse": "chauffeur",
    "masseuse": "masseur",
    "kokkin": "kok",
    "lerares": "leraar",
    "leraressen": "leraren",
    "docente": "docent",
    "assistente": "assistent",
    "assistentes": "assistenten",
    "studente": "student",
    "stagiaire": "stagiair",
    "kassière": "kassier",
    "caissière": "caissier",
    "actrice": "acteur",
    "directrice": "directeur",
    "inspectrice": "inspecteur",
    "coördinatrice": "coördinator",
    "zakenvrouw": "zakenpersoon",
    "schoonmaakvrouw": "schoonmaker",
    "vakvrouw": "vakpersoon",
}
# Whole words that name a person's gender, and their neutral word.
PERSON_WORDS = {
    "vrouw": "persoon",
    "man": "persoon",
    "vrouwen": "personen",
    "mannen": "personen",
    "meisje": "jongere",
    "jongen": "jongere",
    "meisjes": "jongeren",
    "jongens": "jongeren",
    "moeder": "ouder",
    "vader": "ouder",
    "dochter": "kind",
    "zoon": "kind",
    "zus": "familielid",
    "broer": "familielid",
    "hij": "die",
    "zij": "die",
    "ze": "die",
}
# Name particles that are also everyday words: never removed from a text.
PARTICLES = frozenset(
    {
        "van",
        "de",
        "der",
        "den",
        "het",
        "ten",
        "ter",
        "te",
        "in",
        "op",
        "la",
        "le",
        "el",
        "al",
        "ben",
        "bin",
        "da",
        "di",
        "du",
        "des",
        "dos",
        "do",
    }
)
_ENDINGS = sorted(OCCUPATION_FORMS, key=len, reverse=True)
# The last letters every ending shares with a word it ends: a cheap first test.
_TAIL = min(len(e) for e in OCCUPATION_FORMS)
_TAILS = frozenset(e[-_TAIL:] for e in OCCUPATION_FORMS)
_WORD = re.compile(r"\w+", re.UNICODE)


def gender_folded(text: str) -> str:
    """The text with gendered occupation and person words in one form (lower case for
    the words it changes; every other character as it was)."""
    return _WORD.sub(lambda m: _neutral_word(m.group(0)), text)


def _neutral_word(word: str) -> str:
    lower = word.lower()
    if lower in PERSON_WORDS:
        return PERSON_WORDS[lower]
    if lower[-_TAIL:] not in _TAILS:  # most words: one set look-up, no loop
        return word
    for ending in _ENDINGS:
        if lower.endswith(ending):
            return lower[: len(lower) - len(ending)] + OCCUPATION_FORMS[ending]
    return word


def without_names(text: str, names: Iterable[str]) -> str:
    """The text without the person's own names, compared without case or accents; a
    one-letter part and name particles that are everyday words ("van", "de") stay."""
    parts = {part for name in names for part in fold(name).split()}
    own = {part for part in parts if len(part) > 1 and part not in PARTICLES}
    if not own:
        return text
    kept = _WORD.sub(lambda m: "" if fold(m.group(0)) in own else m.group(0), text)
    return re.sub(r"[ \t]{2,}", " ", kept).strip()


def neutral(text: str, names: Iterable[str] = ()) -> str:
    return gender_folded(without_names(text, names))
