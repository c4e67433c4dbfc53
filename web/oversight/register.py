"""The algorithm register: what the matching is for, what it reads and what it never
reads, which model and weights run, which index is served, how it scored when last
measured, and who can switch it off — read from the running configuration and the
database each time, never written by hand (only the purpose is policy text)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from importlib import metadata
from pathlib import Path
from typing import Any

import asyncpg

from matcher.calibration import calibration_for
from matcher.ranking import AMBITION_OUTSIDE_SKILL_SHARE
from matcher.texts import CANDIDATE_TEXT_FIELDS, MAX_TEXT_CHARS, VACANCY_TEXT_FIELDS
from web.oversight.repositories import register as stored
from web.oversight.repositories.register import IndexBuild, KillSwitch
from web.settings import Settings

# Written by `bench/melo.py --record` (the figures of the last evaluation run).
EVALUATION_FILE = Path(__file__).resolve().parents[2] / "bench" / "results" / "evaluation.json"

PURPOSE = (
    "Perspectief stelt jobcoaches van de gemeente vacatures voor die passen bij jongeren "
    "die zij begeleiden, en laat uitzendbureaus zien welke jongeren bij hun vacatures "
    "passen. Het systeem beslist niets: een jobcoach beoordeelt elke suggestie voordat "
    "iemand die ziet, en de jongere geeft zelf toestemming voordat een werkgever een naam ziet."
)
FIELD_LABELS = {
    "title": "functietitel",
    "sector": "sector",
    "skills": "gevraagde of eigen vaardigheden",
    "description": "omschrijving",
    "desired_work": "gewenst werk",
    "experience": "werkervaring (alleen als er geen gewenst werk is ingevuld)",
    "interests": "interesses",
}
CHECKED_NOT_EMBEDDED = (
    "afstand en reistijd (vanaf de postcode, met het eigen vervoer)",
    "uren per week en diensten",
    "rijbewijs, certificaten en taalniveau",
    "leeftijd (alleen voor een minimumleeftijd en het wettelijk minimumloon)",
    "justitiële voorwaarden zoals een avondklok of meldplicht: alleen als harde voorwaarde "
    "voor de eigen jobcoach, nooit in een vector, export of ander scherm",
)
NEVER_USED = (
    "naam, geslacht, nationaliteit, afkomst of geloof",
    "het volledige adres (alleen de postcode telt, voor de afstand)",
    "de inhoud van een justitieel traject (alleen de grove voorwaarden hierboven)",
)
WEIGHT_LABELS = {
    "semantic": "Inhoudelijke gelijkenis (taalmodel)",
    "occupation": "Zelfde beroep (ESCO)",
    "skills": "Overlap in vaardigheden",
    "perspective": "Perspectief van de baan (opleiding, vast contract, loon)",
    "distance": "Afstand",
}
SOFTWARE = ("sentence-transformers", "faiss-cpu", "torch")


@dataclass(frozen=True)
class Register:
    purpose: str
    embedded: dict[str, list[str]]
    max_text_chars: int
    checked_not_embedded: tuple[str, ...]
    never_used: tuple[str, ...]
    model: str
    versions: dict[str, str]
    calibration: dict[str, float]
    weights: list[tuple[str, float]]
    suggestions_per_candidate: int
    builds: list[IndexBuild]
    lists_trained_at: Any
    evaluation: dict[str, Any] | None
    switches: list[KillSwitch] = field(default_factory=list)
    coach_rules: tuple[str, ...] = ()


async def register(conn: asyncpg.Connection, settings: Settings) -> Register:
    return Register(
        purpose=PURPOSE,
        embedded={
            "vacature": [FIELD_LABELS[f] for f in VACANCY_TEXT_FIELDS],
            "kandidaat": [FIELD_LABELS[f] for f in CANDIDATE_TEXT_FIELDS],
        },
        max_text_chars=MAX_TEXT_CHARS,
        checked_not_embedded=CHECKED_NOT_EMBEDDED,
        never_used=NEVER_USED,
        model=settings.embedding_model,
        versions=_versions(settings.embedding_model),
        calibration=_calibration(settings.embedding_model),
        weights=_weights(settings),
        suggestions_per_candidate=settings.suggestions_per_candidate,
        builds=await stored.latest_builds(conn),
        lists_trained_at=await stored.lists_trained_at(conn),
        evaluation=_evaluation(EVALUATION_FILE),
        switches=await stored.kill_switches(conn),
        coach_rules=coach_rules(settings),
    )


def coach_rules(settings: Settings) -> tuple[str, ...]:
    """The choices a jobcoach would make, as the matcher makes them (issue 15)."""
    floor = f"{relevance_floor(settings):.2f}".replace(".", ",")
    share = f"{AMBITION_OUTSIDE_SKILL_SHARE:.0%}"
    return (
        f"Drempel: een vacature wordt alleen voorgesteld als de inhoud genoeg past "
        f"(taalmodel, beroep en vaardigheden samen minstens {floor} op een schaal van 0 "
        f"tot 1). Liever een korte eerlijke lijst dan een opgevulde; de jobcoach ziet "
        f"waarom de rest afvalt.",
        f"Wat iemand wil worden telt zwaarder dan ervaring: is gewenst werk ingevuld, dan "
        f"leest het taalmodel geen werkervaring, en bij werk buiten dat gewenste werk telt "
        f"de overlap in vaardigheden voor {share}. Een leerwerkplek (BBL) in het gewenste "
        f"beroep telt als volledig passend.",
        "Een uurloon onder het wettelijk minimumloon voor de leeftijd van de jongere is "
        "een harde voorwaarde: zo'n vacature wordt niet voorgesteld, en het uitzendbureau "
        "ziet bij de vacature vanaf welke leeftijd dat geldt.",
    )


def relevance_floor(settings: Settings) -> float:
    """The floor in use: PERSPECTIEF_RELEVANCE_FLOOR, else the model's calibration."""
    if settings.relevance_floor is not None:
        return settings.relevance_floor
    return calibration_for(settings.embedding_model).relevance_floor


def _weights(settings: Settings) -> list[tuple[str, float]]:
    return [(label, getattr(settings, f"weight_{name}")) for name, label in WEIGHT_LABELS.items()]


def _calibration(model: str) -> dict[str, float]:
    c = calibration_for(model)
    values = {f.name: getattr(c, f.name) for f in fields(c)}
    return {name: value for name, value in values.items() if isinstance(value, float)}


def _versions(model: str) -> dict[str, str]:
    found = {}
    for package in (model, *SOFTWARE, "perspectief"):
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = "niet geïnstalleerd"
    return found


def _evaluation(path: Path) -> dict[str, Any] | None:
    """The last recorded evaluation, or None when there is none (or it cannot be read)."""
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return loaded if isinstance(loaded, dict) else None
