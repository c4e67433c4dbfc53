"""The audit trail as an admin reads it: filtered by person, candidate, action and
period, a page at a time or exported as CSV. Reading the trail is itself audited, and
reads of justice-related (restricted) data stand out.

Only the facts the log holds leave it: who, what, when, which object. No payload."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import asyncpg

from web.accounts.repositories.users import User
from web.oversight.repositories import audit
from web.oversight.repositories import audit_trail as trail
from web.oversight.repositories.audit_trail import AuditEntry, AuditFilter, Person

__all__ = ["AuditFilter", "Period", "action_label", "export_csv", "read_page"]

PAGE_SIZE = 100
AMSTERDAM = ZoneInfo("Europe/Amsterdam")

# Reads of data under GDPR art. 10 (justice-related restrictions): shown with a marker.
RESTRICTED_ACTIONS = frozenset({"restrictions_read", "restrictions_updated"})

ACTION_LABELS = {
    "read": "Gegevens bekeken",
    "export": "Eigen gegevens gedownload",
    "restrictions_read": "Justitiële voorwaarden bekeken",
    "restrictions_updated": "Justitiële voorwaarden gewijzigd",
    "candidate_created": "Kandidaat aangemaakt",
    "candidate_updated": "Profiel gewijzigd",
    "candidate_erased": "Kandidaat gewist",
    "invitation_created": "Uitnodiging gemaakt",
    "invitation_open": "Uitnodiging geopend",
    "invitation_used": "Uitnodiging gebruikt",
    "account_created": "Account aangemaakt",
    "welcome_failures": "Verkeerde uitnodigingscodes",
    "correction_requested": "Correctie gevraagd",
    "correction_handled": "Correctie afgehandeld",
    "review_approve": "Suggestie goedgekeurd",
    "review_reject": "Suggestie afgewezen",
    "proposal_created": "Voorstel gedaan",
    "consent_given": "Toestemming gegeven",
    "consent_withdrawn": "Toestemming ingetrokken",
    "login": "Ingelogd",
    "logout": "Uitgelogd",
    "api_key_created": "API-sleutel gemaakt",
    "api_key_revoked": "API-sleutel ingetrokken",
    "import_done": "Vacaturebestand verwerkt",
    "suggestions_on": "Automatische suggesties aangezet",
    "suggestions_off": "Automatische suggesties uitgezet (noodstop)",
    "user_created": "Persoon toegevoegd",
    "setup_link_created": "Link voor wachtwoord gemaakt",
    "setup_link_used": "Wachtwoord ingesteld met link",
    "user_disabled": "Account uitgezet",
    "user_enabled": "Account weer aangezet",
    "totp_enrolled": "Tweede stap (app) ingesteld",
    "totp_reset": "Tweede stap opnieuw laten instellen",
    "recovery_code_used": "Ingelogd met een herstelcode",
    "recovery_codes_renewed": "Nieuwe herstelcodes gemaakt",
    "erasure_requested": "Verwijdering aangevraagd",
    "erasure_approved": "Verwijdering goedgekeurd",
    "erasure_declined": "Verwijdering afgewezen",
    "fairness_read": "Eerlijkheidsmonitor bekeken",
    "counterfactual_run": "Tegenfeitelijke controle uitgevoerd",
    "stated_gender_updated": "Geslacht zelf opgegeven of gewist",
    "password_reset_created": "Nieuwe inloglink gemaakt",
    "password_reset_used": "Nieuw wachtwoord gekozen",
    "worklist_done": "Werklijst-punt afgehandeld",
    "audit_read": "Audittrail bekeken",
    "audit_export": "Audittrail gedownload",
    "ranker_proposed": "Geleerde gewichten voorgesteld",
    "ranker_accepted": "Geleerde gewichten aangenomen",
    "ranker_rolled_back": "Terug naar de vorige gewichten",
    "ranker_training_requested": "Opnieuw leren van beslissingen gevraagd",
}
OBJECT_LABELS = {
    "candidate": "kandidaat",
    "proposal": "voorstel",
    "user": "gebruiker",
    "invitation": "uitnodiging",
    "api_key": "API-sleutel",
    "import_batch": "upload",
    "organisation": "organisatie",
    "audit_log": "audittrail",
    "ranker_version": "versie van de gewichten",
}
ROLE_LABELS = {
    "jobcoach": "jobcoach",
    "agency": "uitzendbureau",
    "candidate": "kandidaat",
    "admin": "beheerder",
    "api": "API",
}
CSV_HEADER = ["tijd", "wie", "rol", "handeling", "object", "nummer", "kandidaat", "aantal"]


def action_label(action: str) -> str:
    if action in ACTION_LABELS:
        return ACTION_LABELS[action]
    if action.startswith("proposal_"):
        return f"Voorstel naar status '{action.removeprefix('proposal_')}'"
    return action.replace("_", " ")


@dataclass(frozen=True)
class Period:
    """Whole days in Amsterdam time, both inclusive."""

    first: date | None = None
    last: date | None = None

    def bounds(self) -> tuple[datetime | None, datetime | None]:
        since = _midnight(self.first) if self.first else None
        until = _midnight(self.last + timedelta(days=1)) if self.last else None
        return since, until


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=AMSTERDAM)


def audit_filter(
    *, person_id: int | None, candidate_id: int | None, action: str | None, period: Period
) -> AuditFilter:
    since, until = period.bounds()
    return AuditFilter(person_id, candidate_id, action or None, since, until)


@dataclass(frozen=True)
class TrailPage:
    entries: list[AuditEntry]
    next_before: int | None  # the id to pass for the next (older) page


async def read_page(
    conn: asyncpg.Connection, *, admin: User, where: AuditFilter, before_id: int | None
) -> TrailPage:
    """One page of the admin's municipality's trail, newest first; the read is audited."""
    entries = await trail.page(
        conn,
        municipality_id=admin.organisation_id,
        where=where,
        before_id=before_id,
        size=PAGE_SIZE + 1,
    )
    await audit.record_by(conn, admin, action="audit_read", object_type="audit_log")
    more = len(entries) > PAGE_SIZE
    entries = entries[:PAGE_SIZE]
    return TrailPage(entries, entries[-1].id if more else None)


async def filter_choices(conn: asyncpg.Connection, *, admin: User) -> dict[str, object]:
    people: list[Person] = await trail.people(conn, municipality_id=admin.organisation_id)
    codes = await trail.actions(conn, municipality_id=admin.organisation_id)
    actions = sorted({*codes, *ACTION_LABELS}, key=action_label)
    return {"people": people, "actions": [(code, action_label(code)) for code in actions]}


async def export_csv(
    conn: asyncpg.Connection, *, admin: User, where: AuditFilter
) -> AsyncIterator[str]:
    """The matching trail as CSV lines (UTF-8, Amsterdam times), read with a cursor;
    the export is audited before the first line."""
    await audit.record_by(conn, admin, action="audit_export", object_type="audit_log")
    yield _csv_line(CSV_HEADER)
    async with conn.transaction():
        async for entry in trail.stream(conn, municipality_id=admin.organisation_id, where=where):
            yield _csv_line(_csv_row(entry))


def _csv_row(entry: AuditEntry) -> list[str]:
    return [
        entry.at.astimezone(AMSTERDAM).strftime("%Y-%m-%d %H:%M:%S"),
        entry.actor_email or "",
        ROLE_LABELS.get(entry.actor_role or "", entry.actor_role or ""),
        action_label(entry.action),
        OBJECT_LABELS.get(entry.object_type, entry.object_type),
        "" if entry.object_id is None else str(entry.object_id),
        "" if entry.candidate_id is None else str(entry.candidate_id),
        "" if entry.count is None else str(entry.count),
    ]


def _csv_line(values: list[str]) -> str:
    buffer = io.StringIO()
    # A cell a spreadsheet would run as a formula is written as text.
    csv.writer(buffer).writerow([_inert(v) for v in values])
    return buffer.getvalue()


def _inert(value: str) -> str:
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
