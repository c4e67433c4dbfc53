"""What an agency sees of a candidate: pseudonymised, or in full after consent.

One function builds the rows for both the agency's proposal pages and the candidate's
"this is what they will see" preview, so the two can never differ. Pseudonymised:
skills, availability, region (first two postcode digits, named after its main place),
hours, shifts, certificates, licences and language level. With consent for that one
proposal: also name, phone and e-mail. Nothing from `candidate_restrictions` is an input
here. Values are in words and web.formatting's Dutch format, never codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from matcher import geo
from web import formatting
from web.candidates.repositories.candidates import CandidateRecord, Contact
from web.labels import LANGUAGE_LABELS

SHIFT_WORDS = {"day": "overdag", "evening": "'s avonds", "night": "'s nachts", "weekend": "weekend"}
PSEUDONYMISED_LABELS = (
    "Vaardigheden",
    "Beschikbaar vanaf",
    "Regio",
    "Uren per week",
    "Diensten",
    "Certificaten",
    "Rijbewijs",
    "Taalniveau Nederlands",
)
CONSENTED_LABELS = ("Naam", "Telefoon", "E-mail")
NONE = "—"


class SharedFacts(Protocol):
    """The candidate fields an agency may see without consent (both sources have them)."""

    @property
    def skills(self) -> list[str]: ...
    @property
    def hours_min(self) -> float | None: ...
    @property
    def hours_max(self) -> float | None: ...
    @property
    def shifts(self) -> list[str]: ...
    @property
    def available_from(self) -> date | None: ...
    @property
    def certificates(self) -> list[str]: ...
    @property
    def driving_licences(self) -> list[str]: ...
    @property
    def language_level(self) -> str | None: ...


@dataclass(frozen=True)
class Identity:
    """Only read once the candidate consented."""

    name: str | None
    phone: str | None
    email: str | None


def region(postcode: str | None) -> str | None:
    """'3562 AB' → '35xx' (the same as the agency query's left(postcode, 2) || 'xx')."""
    return f"{postcode[:2]}xx" if postcode else None


def region_words(code: str | None) -> str | None:
    """'35xx' → 'Utrecht en omgeving (postcode 35xx)': a place a young person knows."""
    if not code:
        return None
    place = geo.load_postcodes().region_place(code)
    return f"{place} en omgeving (postcode {code})" if place else f"postcode {code}"


def profile_rows(
    facts: SharedFacts, *, region_text: str | None, identity: Identity | None
) -> dict[str, str]:
    """Label → value as the agency sees it; `identity` only when consent is active."""
    rows = {
        "Vaardigheden": ", ".join(facts.skills) or NONE,
        "Beschikbaar vanaf": formatting.day(facts.available_from) if facts.available_from else "nu",
        "Regio": region_words(region_text) or NONE,
        "Uren per week": hours_text(facts.hours_min, facts.hours_max),
        "Diensten": ", ".join(SHIFT_WORDS.get(s, s) for s in facts.shifts) or NONE,
        "Certificaten": ", ".join(facts.certificates) or NONE,
        "Rijbewijs": ", ".join(facts.driving_licences) or "geen",
        "Taalniveau Nederlands": LANGUAGE_LABELS.get(facts.language_level or "", NONE),
    }
    if identity is not None:
        rows["Naam"] = identity.name or NONE
        rows["Telefoon"] = identity.phone or NONE
        rows["E-mail"] = identity.email or NONE
    return rows


def hours_text(low: float | None, high: float | None) -> str:
    """'24 tot 32 uur', '32 uur', 'tot 32 uur' (read by the candidate too: "tot", no dash)."""
    return formatting.number_range(low, high, "uur", joiner=" tot ")


def agency_profile(
    candidate: CandidateRecord, *, consented: bool, contact: Contact | None = None
) -> dict[str, str]:
    """The agency's view of this candidate; name and contact only when `consented`."""
    identity = None
    if consented:
        contact = contact or Contact(None, None)
        identity = Identity(candidate.name, contact.phone, contact.email)
    return profile_rows(candidate, region_text=region(candidate.postcode), identity=identity)


class AgencyRow(SharedFacts, Protocol):
    """web.proposals.repositories.agency_proposals.AgencyProposal, as far as the profile goes."""

    @property
    def region(self) -> str | None: ...
    @property
    def consented(self) -> bool: ...
    @property
    def name(self) -> str | None: ...
    @property
    def phone(self) -> str | None: ...
    @property
    def email(self) -> str | None: ...


def agency_profile_of(proposal: AgencyRow) -> dict[str, str]:
    """The same rows for the agency pages, from the agency query's (already filtered) row."""
    identity = (
        Identity(proposal.name, proposal.phone, proposal.email) if proposal.consented else None
    )
    return profile_rows(proposal, region_text=proposal.region, identity=identity)
