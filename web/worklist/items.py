"""The coach's work list: what needs me now, newest first.

Read from what is stored, for the coach's own candidates only: answers on proposals
(the agency's invite, hire or decline; the candidate's "lijkt me wat" / "niet voor
mij"), consents given or withdrawn, check-ins that are due, strong new matches since
the coach's last visit (not in manual mode), and candidates without activity for some
weeks. Nothing coach-only about justice is read here: restrictions stay on the
candidate page. An item marked done stays away while its version is unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

import asyncpg

from web import formatting
from web.accounts.repositories.users import User
from web.candidates.repositories import candidates
from web.matching import kill_switch
from web.matching.match_state import STRONG_CAP
from web.matching.repositories import strong_matches
from web.proposals.repositories import proposals
from web.proposals.vocabulary import REASONS_FOR_STATE_LABELS
from web.settings import Settings
from web.worklist.repositories import marks, sources

RECENT_DAYS = 30  # answers and consent changes older than this leave the list
OVERDUE_DAYS = 14  # a check-in open this long is late
ANSWER_WORDS = {  # state → (headline, who answered, tone)
    "interview": ("Uitgenodigd voor een gesprek", "Werkgever", "good"),
    "hired": ("Aangenomen", "Werkgever", "good"),
    "declined_by_agency": ("Afgewezen door de werkgever", "Werkgever", "bad"),
    "candidate_interested": ("Zegt: lijkt me wat", "Kandidaat", "good"),
    "candidate_declined": ("Zegt: niet voor mij", "Kandidaat", "bad"),
}
CHECKIN_WORDS = {"working_1m": "1 maand", "working_3m": "3 maanden", "working_6m": "6 maanden"}


@dataclass(frozen=True)
class Item:
    kind: str  # answer, consent, checkin, matches or quiet
    object_id: int  # the proposal, consent or candidate the item is about
    candidate_id: int
    version: str  # what a done mark must equal to hide the item
    at: datetime  # when it happened or became due: the list's order
    badge: str  # Dutch: who or what
    tone: str  # good, warn, bad or "" (the badge's colour)
    headline: str  # Dutch: what happened
    detail: str  # Dutch: about which job, since when, how many
    link: str  # where it is handled
    candidate_name: str = ""


@dataclass(frozen=True)
class WorkList:
    items: list[Item]
    suggestions_on: bool  # False: manual mode, no match items


async def for_coach(
    conn: asyncpg.Connection, *, coach: User, since: datetime | None, settings: Settings
) -> WorkList:
    """The coach's open items, newest first; `since`: the end of the previous visit."""
    names = {c.id: c.name for c in await candidates.for_coach(conn, coach_id=coach.id)}
    on = await kill_switch.suggestions_on(conn, organisation_id=coach.organisation_id)
    found = [
        *await _answers(conn, coach.id),
        *await _consents(conn, coach.id),
        *await _checkins(conn, coach.id),
        *await _quiet(conn, coach.id, settings.worklist_inactive_weeks),
    ]
    if on:
        found += await _matches(conn, coach.id, since, settings.strong_match_score)
    done = await marks.done_versions(conn, coach_id=coach.id)
    shown = [
        replace(item, candidate_name=names[item.candidate_id])
        for item in found
        if item.candidate_id in names and done.get((item.kind, item.object_id)) != item.version
    ]
    shown.sort(key=lambda i: (i.at, i.kind, i.object_id), reverse=True)
    return WorkList(shown, on)


def _job(title: str, employer: str | None) -> str:
    return f"{title} bij {employer}" if employer else title


def _page(candidate_id: int, part: str = "") -> str:
    return f"/coach/candidates/{candidate_id}{part}"


async def _answers(conn: asyncpg.Connection, coach_id: int) -> list[Item]:
    found = await sources.answers(conn, coach_id=coach_id, days=RECENT_DAYS)
    return [_answer(a) for a in found]


def _answer(a: sources.Answer) -> Item:
    headline, badge, tone = ANSWER_WORDS[a.to_state]
    reason = REASONS_FOR_STATE_LABELS.get(a.to_state, {}).get(a.reason_code or "")
    detail = _job(a.vacancy_title, a.employer_name) + (f" · reden: {reason}" if reason else "")
    return Item(
        kind="answer",
        object_id=a.proposal_id,
        candidate_id=a.candidate_id,
        version=str(a.event_id),
        at=a.created_at,
        badge=badge,
        tone=tone,
        headline=headline,
        detail=detail,
        link=_page(a.candidate_id, "#tijdlijn"),
    )


async def _consents(conn: asyncpg.Connection, coach_id: int) -> list[Item]:
    found = await sources.consent_changes(conn, coach_id=coach_id, days=RECENT_DAYS)
    return [_consent(k) for k in found]


def _consent(k: sources.ConsentChange) -> Item:
    withdrawn = k.withdrawn_at is not None
    headline = (
        "Trekt toestemming in: de werkgever ziet de naam niet meer"
        if withdrawn
        else "Geeft toestemming: de werkgever mag naam en contact zien"
    )
    return Item(
        kind="consent",
        object_id=k.consent_id,
        candidate_id=k.candidate_id,
        version="withdrawn" if withdrawn else "given",
        at=k.withdrawn_at or k.given_at,
        badge="Toestemming",
        tone="warn" if withdrawn else "good",
        headline=headline,
        detail=_job(k.vacancy_title, k.employer_name),
        link=_page(k.candidate_id, "#tijdlijn"),
    )


async def _checkins(conn: asyncpg.Connection, coach_id: int) -> list[Item]:
    return [_checkin(d) for d in await proposals.checkins_due(conn, coach_id=coach_id)]


def _checkin(d: proposals.CheckinDue) -> Item:
    late = d.days_since_due >= OVERDUE_DAYS
    detail = f"{_job(d.vacancy_title, d.employer_name)} · open sinds {formatting.day(d.due_on)}"
    return Item(
        kind="checkin",
        object_id=d.proposal_id,
        candidate_id=d.candidate_id,
        version=d.checkin,
        at=_start_of(d.due_on),
        badge="Check-in te laat" if late else "Check-in",
        tone="bad" if late else "warn",
        headline=f"Check-in na {CHECKIN_WORDS.get(d.checkin, d.checkin)}: werkt de kandidaat nog?",
        detail=detail,
        link=_page(d.candidate_id, "#tijdlijn"),
    )


def _start_of(day: date) -> datetime:
    """The first moment of a Dutch day."""
    return datetime.combine(day, time(0), tzinfo=formatting.AMSTERDAM)


async def _quiet(conn: asyncpg.Connection, coach_id: int, weeks: int) -> list[Item]:
    found = await sources.quiet_candidates(conn, coach_id=coach_id, weeks=weeks)
    now = datetime.now(UTC)
    return [_quiet_item(q, weeks, now) for q in found]


def _quiet_item(q: sources.Quiet, weeks: int, now: datetime) -> Item:
    quiet_for = (now - q.last_activity) // timedelta(weeks=1)
    return Item(
        kind="quiet",
        object_id=q.candidate_id,
        candidate_id=q.candidate_id,
        version=q.last_activity.isoformat(),
        at=q.last_activity + timedelta(weeks=weeks),
        badge="Geen activiteit",
        tone="",
        headline=f"Al {formatting.count(quiet_for, 'week', 'weken')} niets gebeurd",
        detail=f"Laatste activiteit: {formatting.day(q.last_activity)}",
        link=_page(q.candidate_id),
    )


async def _matches(
    conn: asyncpg.Connection, coach_id: int, since: datetime | None, threshold: float
) -> list[Item]:
    found = await strong_matches.counts_for_coach(
        conn, coach_id=coach_id, since=since, cap=STRONG_CAP
    )
    return [_match_item(s, threshold) for s in _with_new(found)]


def _with_new(found: Iterable[strong_matches.StrongCount]) -> list[strong_matches.StrongCount]:
    return [s for s in found if s.new and s.newest is not None]


def _match_item(s: strong_matches.StrongCount, threshold: float) -> Item:
    assert s.newest is not None
    total = f"{s.total}+" if s.saturated else str(s.total)
    return Item(
        kind="matches",
        object_id=s.candidate_id,
        candidate_id=s.candidate_id,
        version=s.newest.isoformat(),
        at=s.newest,
        badge="Sterke matches",
        tone="good",
        headline=formatting.count(s.new, "nieuwe sterke match", "nieuwe sterke matches"),
        detail=f"{total} in totaal met een score van {formatting.percent(threshold * 100)} of meer",
        link=_page(s.candidate_id, "#suggestions"),
    )
