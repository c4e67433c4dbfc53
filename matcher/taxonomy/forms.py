"""What ESCO knows about a concept, as surface forms for the normaliser.

Kept apart from the normaliser so that the product (ESCO occupations) and the title
ranking over a foreign corpus (`rank_titles`) describe concepts the same way.
"""

from __future__ import annotations

from matcher.taxonomy.esco import Concept, EscoData

QUERY_LANGUAGE = "nl"  # titles come from Dutch vacancies and candidates
OTHER_LANGUAGE = "en"


def esco_forms(esco: EscoData, uri: str) -> list[tuple[str, str]]:
    """(kind, text) forms of an occupation or ISCO group: labels, description, group."""
    concept = esco.occupations.get(uri) or esco.isco_groups.get(uri)
    if concept is None:
        return []
    forms = concept_forms(concept)
    group = esco.isco_group_of(uri)
    if group is not None and group.uri != uri:
        forms += [("group", label) for label in group.labels(QUERY_LANGUAGE)]
    return forms


def first_sentence(description: str, limit: int = 300) -> str:
    """The defining first sentence of a description ("Kappers knippen ...")."""
    head = description.strip().split("\n", 1)[0]
    end = head.find(". ")
    return (head[: end + 1] if end > 0 else head)[:limit]


def concept_forms(concept: Concept) -> list[tuple[str, str]]:
    """(kind, text) forms of one concept from its own labels and description."""
    forms = [("label", label) for label in concept.labels(QUERY_LANGUAGE)]
    forms += [("other", label) for label in concept.labels(OTHER_LANGUAGE)]
    for lang in (QUERY_LANGUAGE, OTHER_LANGUAGE):
        if lang in concept.description:
            forms.append(("text", first_sentence(concept.description[lang])))
    return forms
