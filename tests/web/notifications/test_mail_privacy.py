"""No mail carries justice-related information, and no agency mail names the candidate
before consent (nor after: a mail may be read after consent was withdrawn)."""

from __future__ import annotations

import ast
from datetime import time
from pathlib import Path

from tests.web.notifications.steps import decline, propose, share, texts, tomorrow_morning
from web.candidates.repositories import candidates
from web.notifications import sender

NOTIFICATIONS = Path(__file__).resolve().parents[3] / "web" / "notifications"
# What the coach-only table holds, as it could end up in words.
JUSTICE_WORDS = ("21:37", "21.37", "06:11", "06.11", "vondklok", "VOG", "eldplicht", "justitie")


async def _restricted(conn, world) -> None:
    await candidates.set_restrictions(
        conn,
        candidate_id=world.candidate_id,
        updated_by=world.coach.id,
        curfew_start=time(21, 37),
        curfew_end=time(6, 11),
        reporting_weekdays=(1, 3),
        vog_risk=True,
    )


async def test_no_mail_holds_justice_data_and_agency_mail_names_nobody(conn, settings, sink, world):
    await _restricted(conn, world)
    proposal_id = await propose(conn, world)  # → the young person
    await share(conn, world, proposal_id)  # → the agency, without consent
    await decline(conn, world, proposal_id)  # → the coach (digest)
    await sender.send_due(conn, settings, now=tomorrow_morning())

    mails = texts(sink)
    readers = sorted(m.split("\n", 1)[0] for m in mails)
    assert readers == [
        "To: bureau1@test.example",
        "To: bureau2@test.example",
        "To: coach@test.example",
        "To: jong@test.example",
    ]
    for mail in mails:
        assert [w for w in JUSTICE_WORDS if w in mail] == []
    for mail in (m for m in mails if m.startswith("To: bureau")):
        assert "Kanarie" not in mail and "Merelhof" not in mail
        assert f"Kandidaat P-{proposal_id}" in mail
    [coach_mail] = [m for m in mails if m.startswith("To: coach")]
    assert "Kanarie Merelhof" in coach_mail  # the coach may know who


async def test_agency_mail_names_nobody_even_with_consent(conn, settings, sink, world):
    proposal_id = await propose(conn, world)
    await share(conn, world, proposal_id)
    await conn.execute(
        "INSERT INTO consents (proposal_id, candidate_id) VALUES ($1, $2)",
        proposal_id,
        world.candidate_id,
    )
    await sender.send_due(conn, settings)
    to_agency = [m for m in texts(sink) if m.startswith("To: bureau")]
    assert len(to_agency) == 2
    assert all("Kanarie" not in m and "jong@test.example" not in m for m in to_agency)


def _sql_of(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    strings = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)]
    return [s for s in strings if isinstance(s, str) and "SELECT " in s]


def test_no_query_of_the_notifications_reads_the_justice_table():
    queries = [q for path in NOTIFICATIONS.rglob("*.py") for q in _sql_of(path)]
    assert queries, "the notifications' SQL was not found"
    assert [q for q in queries if "restriction" in q.lower()] == []
