"""Placement states and the structured reason codes, with their Dutch labels.

Which transitions are allowed is not listed here: the one place is the
`proposal_transitions` table, enforced by a trigger (migrations/0001_schema.sql).
"""

from __future__ import annotations

STATE_LABELS = {
    "proposed": "Voorgesteld door jobcoach",
    "candidate_interested": "Kandidaat heeft interesse",
    "candidate_declined": "Kandidaat wil niet",
    "shared_with_agency": "Gedeeld met werkgever",
    "interview": "Uitgenodigd voor gesprek",
    "hired": "Aangenomen",
    "declined_by_agency": "Afgewezen door werkgever",
    "withdrawn": "Ingetrokken",
    "working_1m": "Werkt na 1 maand nog",
    "working_3m": "Werkt na 3 maanden nog",
    "working_6m": "Werkt na 6 maanden nog",
    "ended": "Gestopt",
}
TERMINAL_STATES = frozenset({"candidate_declined", "declined_by_agency", "withdrawn", "ended"})
# Check-ins after hiring: state to move to, and months after the start date it opens
# (not before). The database's copy is the table placement_checkins (migration 0012).
CHECKINS = {
    "hired": ("working_1m", 1),
    "working_1m": ("working_3m", 3),
    "working_3m": ("working_6m", 6),
}

APPROVE_REASONS = {
    "goede_match": "Past goed bij wat de kandidaat wil en kan",
    "wens_kandidaat": "Kandidaat vroeg zelf om dit soort werk",
    "opleiding": "Goede kans om te leren (opleiding, certificaat)",
    "perspectief": "Kans op vast werk",
    "anders": "Anders (zie toelichting)",
}
REJECT_REASONS = {
    "past_niet_bij_wens": "Past niet bij de wens van de kandidaat",
    "te_ver": "Te ver weg of lastig te bereizen",
    "uren_passen_niet": "Uren of diensten passen niet",
    "eisen_niet_gehaald": "Kandidaat voldoet (nog) niet aan de eisen",
    "werkgever_niet_geschikt": "Werkgever of werkplek niet geschikt voor deze kandidaat",
    "veiligheid": "Niet verstandig gezien de situatie van de kandidaat",
    "anders": "Anders (zie toelichting)",
}
AGENCY_DECLINE_REASONS = {
    "profiel_past_niet": "Profiel past niet bij de functie",
    "vacature_vervuld": "Vacature is al vervuld",
    "niet_bereikbaar": "Kandidaat niet bereikbaar",
    "anders": "Anders",
}
END_REASONS = {
    "contract_afgelopen": "Contract afgelopen",
    "zelf_gestopt": "Kandidaat is zelf gestopt",
    "ontslag": "Werkgever is gestopt met de kandidaat",
    "ander_werk": "Kandidaat heeft ander werk gevonden",
    "anders": "Anders",
}
CANDIDATE_DECLINE_REASONS = {
    "niet_leuk": "Lijkt me niet leuk",
    "te_ver": "Te ver weg",
    "uren": "Uren passen niet",
    "anders": "Iets anders",
}

# Reasons asked for when moving into these states.
REASONS_FOR_STATE_LABELS = {
    "candidate_declined": CANDIDATE_DECLINE_REASONS,
    "declined_by_agency": AGENCY_DECLINE_REASONS,
    "ended": END_REASONS,
}


def reason_label(to_state: str, code: str | None) -> str | None:
    """The Dutch label of the reason given for a move into `to_state` ("goede_match" on
    the way into "proposed": the coach's approve reason); None when there was none."""
    if not code:
        return None
    table = APPROVE_REASONS if to_state == "proposed" else REASONS_FOR_STATE_LABELS.get(to_state)
    return (table or {}).get(code, "andere reden")
