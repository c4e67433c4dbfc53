"""Before consent: exactly what the agency sees now, and what it would see after.

Giving and withdrawing consent is the candidates domain's (web/candidates/consents.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import asyncpg

from web.candidates.repositories import candidates
from web.candidates.repositories.candidates import CandidateRecord
from web.proposals.profile_views import agency_profile


@dataclass(frozen=True)
class Preview:
    without_consent: dict[str, str]  # what the agency sees now (or would see)
    with_consent: dict[str, str]  # what the agency sees after consent


async def preview(conn: asyncpg.Connection, *, candidate: CandidateRecord) -> Preview:
    contact = await candidates.contact_for(conn, candidate_id=candidate.id)
    return Preview(
        without_consent=agency_profile(candidate, consented=False),
        with_consent=agency_profile(candidate, consented=True, contact=contact),
    )
