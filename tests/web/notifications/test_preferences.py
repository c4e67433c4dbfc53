"""Each person chooses immediate mail or a daily digest on their own account page; the
defaults: at once for an agency and a young person, a digest for a coach."""

from __future__ import annotations

import os

from tests.factories import PASSWORD
from tests.web.conftest import csrf_token, login
from tests.web.notifications.conftest import free_port
from tests.web.notifications.steps import decline, propose, share
from web.notifications.sink import start_for_demo


def _checked(page: str) -> str:
    for value in ("immediate", "daily"):
        if f'value="{value}" checked' in page:
            return value
    raise AssertionError("nothing is chosen on the page")


async def test_the_defaults_follow_the_role(client, conn, world):
    await login(client, world.coach.email, PASSWORD)
    page = await client.get("/account/notifications")
    assert page.status_code == 200 and _checked(page.text) == "daily"
    assert "een werkgever reageert op een voorstel" in page.text
    client.cookies.clear()
    await login(client, world.agency[0].email, PASSWORD)
    assert _checked((await client.get("/account/notifications")).text) == "immediate"


async def test_a_coach_who_chooses_immediate_gets_the_next_mail_at_once(client, conn, world):
    await login(client, world.coach.email, PASSWORD)
    token = await csrf_token(client, "/account/notifications")
    saved = await client.post(
        "/account/notifications", data={"csrf_token": token, "delivery": "immediate"}
    )
    assert saved.status_code == 303
    page = await client.get(saved.headers["location"])
    assert _checked(page.text) == "immediate" and "Opgeslagen" in page.text
    actions = await conn.fetch("SELECT action FROM audit_log WHERE action = 'notifications_chosen'")
    assert len(actions) == 1

    proposal_id = await propose(conn, world)
    await share(conn, world, proposal_id)
    await decline(conn, world, proposal_id)
    delivery = await conn.fetchval(
        "SELECT delivery FROM outbox WHERE recipient_id = $1", world.coach.id
    )
    assert delivery == "immediate"


async def test_an_unknown_choice_is_refused_in_dutch(client, conn, world):
    await login(client, world.coach.email, PASSWORD)
    token = await csrf_token(client, "/account/notifications")
    refused = await client.post(
        "/account/notifications", data={"csrf_token": token, "delivery": "weekly"}
    )
    assert refused.status_code == 422
    assert "Kies of je meteen een mail wilt, of één keer per dag een overzicht." in refused.text
    assert await conn.fetchval("SELECT count(*) FROM notification_preferences") == 0


async def test_make_run_without_smtp_server_starts_a_sink_and_points_the_worker_at_it(
    settings, monkeypatch
):
    monkeypatch.setenv("PERSPECTIEF_SMTP_HOST", "")
    monkeypatch.setenv("PERSPECTIEF_SMTP_PORT", "")
    port = free_port()
    local = settings.model_copy(update={"smtp_host": None, "mail_sink_port": port})
    controller = start_for_demo(local)
    try:
        assert controller is not None
        assert os.environ["PERSPECTIEF_SMTP_HOST"] == "127.0.0.1"
        assert os.environ["PERSPECTIEF_SMTP_PORT"] == str(port)
    finally:
        controller.stop()
    assert start_for_demo(settings) is None  # a configured server is used as it is
