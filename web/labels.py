"""Dutch labels for the vocabularies of matcher.models, shared by forms and templates."""

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
