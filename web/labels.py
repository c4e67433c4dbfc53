"""Dutch labels for the vocabularies of matcher.models and the schema's code columns,
shared by forms, view helpers and templates: no code ("day", "uitzend", "agency")
reaches a page as it is stored. tests/web/test_labels.py holds each vocabulary to its
table. Placement states and reason codes are in web.proposals.vocabulary."""

from __future__ import annotations

SHIFT_LABELS = {"day": "overdag", "evening": "avond", "night": "nacht", "weekend": "weekend"}
TRAVEL_LABELS = {"walk": "lopen", "bike": "fiets", "ebike": "e-bike", "ov": "ov", "car": "auto"}
CONTRACT_LABELS = {
    "uitzend": "uitzendcontract",
    "tijdelijk": "tijdelijk contract",
    "bbl": "leerwerkbaan (BBL)",
    "vast": "vast contract",
}
STATUS_LABELS = {
    "new": "nieuw",
    "searching": "zoekt werk",
    "proposed": "voorgesteld",
    "working": "aan het werk",
    "paused": "gepauzeerd",
}
LANGUAGE_LABELS = {
    "A0": "A0 (nog geen Nederlands)",
    "A1": "A1 (een paar woorden)",
    "A2": "A2 (eenvoudig)",
    "B1": "B1 (gewone gesprekken)",
    "B2": "B2 (goed)",
    "C1": "C1 (heel goed)",
    "C2": "C2 (als moedertaal)",
}
VACANCY_STATUS_LABELS = {"open": "open", "closed": "gesloten", "filled": "vervuld"}
ORGANISATION_KIND_LABELS = {
    "municipality": "gemeente",
    "agency": "uitzendbureau",
    "employer": "werkgever",
}


def labelled(codes: list[str] | tuple[str, ...], table: dict[str, str]) -> str:
    """'overdag, avond' for ['day', 'evening']; an unknown code stays as it is."""
    return ", ".join(table.get(code, code) for code in codes)
