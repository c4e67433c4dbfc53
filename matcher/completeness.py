"""Which missing profile field would improve a candidate's matches most.

Ordered by how much each field changes matching: without a home postcode no distance
filter or travel time can be computed; without skills or wishes the semantic and skill
signals have nothing to hold on to; hours and shifts decide hard constraints.
"""

from __future__ import annotations

from dataclasses import dataclass

from matcher.models import Candidate


@dataclass(frozen=True)
class Hint:
    field: str
    message: str  # Dutch, for the jobcoach


def _checks(c: Candidate) -> list[tuple[bool, Hint]]:
    return [
        (
            not c.location.postcode and c.location.lat is None,
            Hint("postcode", "Vul de postcode in: dan kloppen afstand en reistijd."),
        ),
        (
            not c.desired_work.strip(),
            Hint(
                "desired_work", "Beschrijf wat de kandidaat graag wil doen: dat weegt het zwaarst."
            ),
        ),
        (
            not c.skills,
            Hint("skills", "Voeg vaardigheden toe: dan tellen gevraagde vaardigheden mee."),
        ),
        (
            c.hours_min is None and c.hours_max is None,
            Hint("hours", "Vul in hoeveel uur per week de kandidaat kan werken."),
        ),
        (
            c.max_travel_km is None and c.max_travel_minutes is None,
            Hint("max_travel", "Vul in hoe ver de kandidaat wil reizen."),
        ),
        (
            not c.experience.strip(),
            Hint(
                "experience",
                "Beschrijf ervaring, ook informeel werk (helpen in een zaak, klussen).",
            ),
        ),
        (c.language_level is None, Hint("language_level", "Vul het taalniveau Nederlands in.")),
        (
            c.birth_date is None,
            Hint(
                "birth_date", "Vul de geboortedatum in: nodig voor leeftijdsregels en minimumloon."
            ),
        ),
        (
            not c.interests.strip(),
            Hint("interests", "Vul interesses in: die helpen bij het vinden van passend werk."),
        ),
    ]


def missing_fields(candidate: Candidate) -> list[Hint]:
    """Missing fields, the one that would improve matches most first."""
    return [hint for missing, hint in _checks(candidate) if missing]
