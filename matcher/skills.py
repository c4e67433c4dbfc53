"""When a skill a vacancy asks for and a skill a candidate has are the same skill.

Agencies and young people write one skill many ways: "orderpicken", "orders
verzamelen", "orderpicker"; "schoonmaken", "schoonmaak", "schoonmaakwerk". Two layers,
both from Dutch word formation, none from a list of pairs:

- Words (`phrase_meets`): abbreviations spelt out ("adm." -> "administratief"), each
  word is compared in its base forms — without the endings of the infinitive, plural,
  agent noun and nominalisation ("bezorgen", "bezorger", "bezorging" -> "bezorg") and
  with doubled letters written once ("schoonmaak" and "schoonmaken" -> "schonmak") —, a
  compound is covered by its parts ("pakket" + "bezorging"; "kassa" + the light head
  "werk"), and a long word survives one typo ("orderpiken"). Every word of the
  requested skill must be found in one held skill: meeting on the verb alone
  ("vrachtwagen rijden" vs "heftruck rijden") or on the first part of a compound
  ("heftruckcertificaat" vs "heftruck rijden") is another skill. Only a requested
  phrase's closing verb may be missing when the held skill is a single word: a
  "heftruckcertificaat" holder can "heftruck rijden".
- Synonyms from ESCO (`agent_nouns`): the person who does the work is a Dutch
  occupation label, and ESCO lists one occupation under several names ("orderpicker",
  "orderverzamelaar"). A phrase's agent nouns ("orders verzamelen" -> "orderverzamelaar")
  that are labels of the same occupation make two skills meet (matcher.taxonomy_lookups).
"""

from __future__ import annotations

import re
from functools import lru_cache

from matcher.folding import fold
from matcher.neutral import gender_folded
from matcher.taxonomy.cleanup import expand_abbreviations
from matcher.taxonomy.spelling import within_one_edit

_STOPWORDS = frozenset("en van de het een met in op voor te of aan bij als is".split())
# How vacancies qualify a skill, not which skill it is (agency writing habits, issue 15):
# "ervaring met orderpicken", "kennis van HACCP", "heftruckcertificaat (pré)".
_QUALIFIERS = frozenset(
    "ervaring kennis pre gewenst vereist verplicht minimaal min aantoonbare aantoonbaar "
    "goede goed jaar jaren".split()
)
# Dutch endings that inflect or derive a word from the same stem, longest first:
# nominalisation, agent nouns (after r: -der; after -el/-er: -aar), plural, infinitive.
_ENDINGS = ("ingen", "ing", "ders", "der", "ers", "er", "ars", "ar", "en", "s", "e")
# A head that adds nothing to what the work is: "kassawerk" is "kassa".
_LIGHT_HEADS = ("werkzaamheden", "werk")
# The linking sounds between the parts of a compound ("pakketten" + "bezorging").
_LINKS = ("", "s", "en", "e")
_MIN_STEM = 3  # shortest base form kept
_MIN_INSIDE = 4  # shortest base form that counts as a part of a longer held word
_MIN_REST = 5  # shortest word after a first part: shorter is an ending ("schilder|ijen")
_MIN_TYPO = 8  # shortest word read as a typo of another (not "rekenen" for "tekenen")
_DOUBLED = re.compile(r"(.)\1+")


def written_once(word: str) -> str:
    """Doubled letters written once: Dutch spelling doubles a vowel in a closed syllable
    and a consonant after a short vowel ("schoonmaak"/"schoonmaken", "pakketten")."""
    return _DOUBLED.sub(r"\1", word)


@lru_cache(maxsize=65536)
def base_forms(word: str) -> frozenset[str]:
    """The word and its stems without Dutch inflection or derivation, doubled letters
    written once: "bezorging" -> {"bezorging", "bezorg"}, "orders" -> {"orders", "order"}."""
    once = written_once(word)
    forms = {once}
    for ending in _ENDINGS:
        if once.endswith(ending) and len(once) - len(ending) >= _MIN_STEM:
            forms.add(once[: -len(ending)])
    return frozenset(forms)


@lru_cache(maxsize=65536)
def skill_words(phrase: str) -> tuple[str, ...]:
    """The folded words of a skill phrase in order, abbreviations spelt out ("adm." ->
    "administratief", matcher.taxonomy.cleanup), gendered words in one form, without
    stop words, numbers and qualifiers ("ervaring met", "(pré)"; unless nothing else is
    left); short words stay ("rijbewijs B" is not "rijbewijs C")."""
    words = fold(gender_folded(expand_abbreviations(phrase))).split()
    kept = [w for w in words if w not in _STOPWORDS and not w.isdigit()]
    return tuple(w for w in kept if w not in _QUALIFIERS) or tuple(kept)


def _covered(word: str, held: frozenset[str], depth: int = 0) -> bool:
    """A word (written once) equal to a held base form, or a compound of held base
    forms, possibly with a light head: "paketbezorging" by "paket" and "bezorg"."""
    if base_forms(word) & held or (depth and word in _LIGHT_HEADS):
        return True
    if depth > 2:
        return False
    for cut in range(_MIN_STEM, len(word) - _MIN_STEM + 1):
        head, rest = word[:cut], word[cut:]
        if head in held and any(
            rest.startswith(link) and _covered(rest[len(link) :], held, depth + 1)
            for link in _LINKS
            if len(rest) - len(link) >= _MIN_STEM
        ):
            return True
    return False


def _word_found(word: str, held_words: tuple[str, ...], held: frozenset[str]) -> bool:
    # Found as a base form, as a compound of held parts, or as a part of a longer held
    # compound (a held "vorkheftruck" is a "heftruck"; a held "heftruck" is no
    # "heftruckcertificaat").
    if _covered(written_once(word), held):
        return True
    forms = [f for f in base_forms(word) if len(f) >= _MIN_INSIDE]
    return any(_part_of(f, h) for h in held_words for f in forms) or _typo_of(word, held_words)


def _typo_of(word: str, held_words: tuple[str, ...]) -> bool:
    """One letter dropped, added, replaced or two swapped in a long word: "orderpiken"."""
    once = written_once(word)
    return len(once) >= _MIN_TYPO and any(
        len(h) >= _MIN_TYPO and within_one_edit(once, h) for h in map(written_once, held_words)
    )


def _part_of(part: str, word: str) -> bool:
    """The part is the head of the compound (Dutch compounds end in their head:
    "afwassen", "handscanner"), or its first part before a word of its own
    ("heftruck|chauffeur", but not "schilder|ijen")."""
    return any(
        form.endswith(part) or (form.startswith(part) and len(form) - len(part) >= _MIN_REST)
        for form in base_forms(word)
    )


@lru_cache(maxsize=262144)
def phrase_meets(requested: str, held: str) -> bool:
    """Does having the held skill mean having the requested one, in words? Every word of
    the requested phrase is found in the held one; a closing verb ("rijden") may be
    missing when the held skill is one word that is no verb ("heftruckcertificaat")."""
    wanted, have = skill_words(requested), skill_words(held)
    if not wanted or not have:
        return False
    if len(wanted) > 1 and _is_verb(wanted[-1]) and len(have) == 1 and not _is_verb(have[0]):
        wanted = wanted[:-1]
    glued = (*have, "".join(have)) if len(have) <= 3 else have  # "vakken vullen" glued
    forms = frozenset().union(*(base_forms(w) for w in glued))
    return all(_word_found(w, have, forms) for w in wanted)


def _is_verb(word: str) -> bool:
    # A Dutch infinitive ends in -en (a plural noun too, but skills end in their verb).
    return word.endswith("en")


def _agents(verb: str) -> set[str]:
    """Agent nouns of a Dutch verb or activity noun, written once: "picken" -> "picker",
    "verzamelen" -> "verzamelar", "sorteren" -> "sorterder", "bezorging" -> "bezorger";
    the word itself when it already names a person or a trade ("orderpicker", "kok")."""
    once = written_once(verb)
    found = {once}
    for ending in ("en", "ing"):
        if once.endswith(ending) and len(once) - len(ending) >= _MIN_STEM:
            stem = once[: -len(ending)]
            found |= {stem, stem + "er", stem + "ar", stem + "der"}
    return found


@lru_cache(maxsize=65536)
def agent_nouns(phrase: str) -> frozenset[str]:
    """The names (written once, one word) of a person doing the skill: the objects glued
    before the agent noun of the closing verb — "orders verzamelen" ->
    "orderverzamelar", "pakketten bezorgen" -> "paketbezorger", "orderpicken" ->
    "orderpicker". Empty for phrases of more than three words."""
    words = skill_words(phrase)
    if not words or len(words) > 3:
        return frozenset()
    objects = [""]
    for word in words[:-1]:
        objects = [o + form for o in objects for form in _singulars(word)]
    return frozenset(o + agent for o in objects for agent in _agents(words[-1]))


def _singulars(noun: str) -> set[str]:
    once = written_once(noun)
    return {once} | {once[: -len(e)] for e in ("en", "s") if once.endswith(e) and len(once) > 4}
