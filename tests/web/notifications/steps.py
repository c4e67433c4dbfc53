"""The events of a placement, walked through the real services, and the mails received."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.web.notifications.conftest import World
from web.notifications import sender
from web.notifications.sink import MailSink
from web.proposals import agency_answers
from web.proposals import service as placements
from web.proposals.repositories import agency_proposals


async def propose(conn, world: World, vacancy=None) -> int:
    decision = await placements.decide(
        conn,
        coach=world.coach,
        candidate_id=world.candidate_id,
        vacancy=vacancy or world.vacancy,
        decision="approve",
        reason_code="goede_match",
    )
    assert decision.proposal_id is not None
    return decision.proposal_id


async def share(conn, world: World, proposal_id: int) -> None:
    """The young person says "lijkt me wat", the coach shares it with the employer."""
    steps = [(world.young, "proposed", "candidate_interested")]
    steps.append((world.coach, "candidate_interested", "shared_with_agency"))
    for actor, from_state, to_state in steps:
        assert await placements.transition(
            conn, actor=actor, proposal_id=proposal_id, from_state=from_state, to_state=to_state
        )


async def decline(conn, world: World, proposal_id: int) -> None:
    proposal = await agency_proposals.one(
        conn, organisation_id=world.vacancy.organisation_id, proposal_id=proposal_id
    )
    assert proposal is not None
    await agency_answers.answer(
        conn,
        actor=world.agency[0],
        proposal=proposal,
        action="decline",
        reason_code="profiel_past_niet",
    )


def tomorrow_morning() -> datetime:
    """After tomorrow's digest hour (8.00 in Amsterdam)."""
    return sender.last_digest(datetime.now(UTC), 8) + timedelta(days=1, hours=1)


def texts(sink: MailSink) -> list[str]:
    """Every received mail as one string: the To header first, the subject, the text."""
    found = []
    for message in sink.messages:
        body = message.get_body(preferencelist=("plain",))
        content = body.get_content() if body is not None else ""
        found.append(f"To: {message['To']}\nSubject: {message['Subject']}\n\n{content}")
    return found
