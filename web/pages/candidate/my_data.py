"""Everything stored about a candidate, for their own "my data" page and JSON download.

Coach-only restrictions appear only as the fact that they exist and who can see them,
never their content. Coach notes on decisions are internal working notes and are
left out as well; the candidate sees which steps were taken, by whom and when.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import asyncpg

from web.accounts.repositories import invitations
from web.accounts.repositories.users import User
from web.candidates import own_data
from web.candidates.own_data import GENDERS
from web.candidates.repositories import candidates, consents, correction_requests
from web.candidates.repositories.candidates import CandidateRecord
from web.formatting import day, number
from web.labels import LANGUAGE_LABELS
from web.pages.candidate.jobs import STATE_TEXT
from web.proposals.repositories import proposals
from web.proposals.vocabulary import CANDIDATE_DECLINE_REASONS

RESTRICTED_NOTICE = (
    "Er zijn afspraken vastgelegd die alleen je jobcoach kan zien. "
    "Werkgevers en uitzendbureaus zien ze nooit. Wil je weten wat er staat? "
    "Vraag het je jobcoach."
)
TRAVEL = {"walk": "lopen", "bike": "fiets", "ebike": "e-bike", "ov": "bus of trein", "car": "auto"}
SHIFTS = {"day": "overdag", "evening": "'s avonds", "night": "'s nachts", "weekend": "weekend"}
ACTOR = {"jobcoach": "je jobcoach", "candidate": "jou", "agency": "de werkgever", "admin": "beheer"}
# Their own answer, noted by someone else (a coach after a phone call), says who noted it.
NOTED_FOR_THEM = {
    "candidate_interested": "Je jobcoach gaf door dat de baan je wat lijkt",
    "candidate_declined": "Je jobcoach gaf door dat de baan niet voor jou is",
}


@dataclass(frozen=True)
class Step:
    at: datetime
    text: str
    by: str | None  # None when the text already says who


@dataclass(frozen=True)
class ProposalHistory:
    proposal_id: int
    title: str
    state_text: str
    created_at: datetime
    steps: list[Step]


@dataclass(frozen=True)
class MyData:
    profile: dict[str, str]
    proposals: list[ProposalHistory]
    consents: list[consents.Consent]
    invitations: list[invitations.UsedInvitation]
    corrections: list[correction_requests.CorrectionRequest]
    restricted_notice: str | None


def profile_fields(
    c: CandidateRecord, *, phone: str | None, email: str | None, gender: str | None = None
) -> dict[str, str]:
    """Label → value of every profile field they can read (no coordinates, no ids)."""
    hours = " tot ".join(number(h) for h in (c.hours_min, c.hours_max) if h is not None)
    return {
        "Voornaam": c.first_name,
        "Achternaam": c.last_name or "—",
        "Geboortedatum": _day(c.birth_date),
        "Telefoon": phone or "—",
        "E-mailadres": email or "—",
        "Postcode": c.postcode or "—",
        "Werk dat je zoekt": c.desired_work or "—",
        "Ervaring": c.experience or "—",
        "Wat je kunt": ", ".join(c.skills) or "—",
        "Wat je leuk vindt": c.interests or "—",
        "Hoe je reist": TRAVEL.get(c.travel_mode, c.travel_mode),
        "Zo ver wil je reizen": _travel_limit(c),
        "Uren per week": f"{hours} uur" if hours else "—",
        "Wanneer je kunt werken": ", ".join(SHIFTS.get(s, s) for s in c.shifts) or "—",
        "Certificaten": ", ".join(c.certificates) or "—",
        "Rijbewijs": ", ".join(c.driving_licences) or "geen",
        "Taalniveau Nederlands": LANGUAGE_LABELS.get(c.language_level or "", "—"),
        "Beschikbaar vanaf": _day(c.available_from),
        "Geslacht (zelf opgegeven)": GENDERS.get(gender or "", "niet opgegeven"),
    }


async def shown(
    conn: asyncpg.Connection, *, me: User, candidate: CandidateRecord, look: own_data.Look
) -> MyData:
    """Everything stored, for the candidate's own eyes: each look (`read`) and each
    download (`export`) goes into the audit log."""
    data = await collect(conn, candidate=candidate)
    await own_data.looked_at(conn, me=me, candidate=candidate, look=look)
    return data


async def collect(conn: asyncpg.Connection, *, candidate: CandidateRecord) -> MyData:
    contact = await candidates.contact_for(conn, candidate_id=candidate.id)
    restricted = await candidates.has_restrictions(conn, candidate_id=candidate.id)
    return MyData(
        profile=profile_fields(
            candidate,
            phone=contact.phone,
            email=contact.email,
            gender=await candidates.stated_gender(conn, candidate_id=candidate.id),
        ),
        proposals=await _histories(conn, candidate),
        consents=await consents.for_candidate(conn, candidate_id=candidate.id),
        invitations=await invitations.used_by_candidate(conn, candidate_id=candidate.id),
        corrections=await correction_requests.for_candidate(conn, candidate_id=candidate.id),
        restricted_notice=RESTRICTED_NOTICE if restricted else None,
    )


async def _histories(conn: asyncpg.Connection, candidate: CandidateRecord) -> list[ProposalHistory]:
    events = await proposals.timeline(conn, candidate_id=candidate.id)
    steps: dict[int, list[Step]] = {}
    for e in reversed(events):  # oldest first
        steps.setdefault(e.proposal_id, []).append(_step(e))
    return [
        ProposalHistory(
            p.id,
            p.vacancy_title,
            STATE_TEXT.get(p.state, p.state),
            p.created_at,
            steps.get(p.id, []),
        )
        for p in await proposals.for_candidate(conn, candidate_id=candidate.id)
    ]


def as_json(data: MyData) -> dict[str, Any]:
    """The download: the same facts as the page, nothing more."""
    return {
        "profiel": data.profile,
        "voorstellen": [
            {
                "baan": h.title,
                "stand": h.state_text,
                "voorgesteld_op": h.created_at.isoformat(),
                "stappen": [{"op": s.at.isoformat(), "wat": s.text, "door": s.by} for s in h.steps],
            }
            for h in data.proposals
        ],
        "toestemmingen": [
            {
                "baan": k.vacancy_title,
                "gegeven_op": k.given_at.isoformat(),
                "ingetrokken_op": k.withdrawn_at.isoformat() if k.withdrawn_at else None,
            }
            for k in data.consents
        ],
        "uitnodigingen": [
            {
                "gebruikt_op": i.used_at.isoformat(),
                "geldig_tot": i.expires_at.isoformat(),
                "soort": "nieuw wachtwoord" if i.purpose == "reset" else "account maken",
            }
            for i in data.invitations
        ],
        "correctieverzoeken": [
            {
                "bericht": r.message,
                "verstuurd_op": r.created_at.isoformat(),
                "afgehandeld_op": r.handled_at.isoformat() if r.handled_at else None,
            }
            for r in data.corrections
        ],
        "afspraken_alleen_voor_jobcoach": data.restricted_notice,
    }


def _step(e: proposals.TimelineEvent) -> Step:
    by = ACTOR.get(e.actor_role or "", "het systeem")
    if e.to_state in NOTED_FOR_THEM and e.actor_role != "candidate":
        return Step(e.created_at, NOTED_FOR_THEM[e.to_state], None)
    text = STATE_TEXT.get(e.to_state, e.to_state)
    if e.actor_role == "candidate" and e.reason_code in CANDIDATE_DECLINE_REASONS:
        text += f" ({CANDIDATE_DECLINE_REASONS[e.reason_code].lower()})"
    return Step(e.created_at, text, by)


def _day(value: date | None) -> str:
    return day(value) if value else "—"


def _travel_limit(c: CandidateRecord) -> str:
    parts = []
    if c.max_travel_km:
        parts.append(f"{number(c.max_travel_km)} km")
    if c.max_travel_minutes:
        parts.append(f"{number(c.max_travel_minutes, decimals=0)} minuten")
    return "maximaal " + " of ".join(parts) if parts else "—"
