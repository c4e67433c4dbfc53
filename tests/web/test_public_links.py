"""Links handed to people use the configured public address, never the Host header."""

from __future__ import annotations

import re

from tests.factories import PASSWORD, make_candidate, make_user
from tests.web.conftest import csrf_token, login

PUBLIC = "https://werk.utrecht.example"
FORGED = {"Host": "evil.example"}


async def test_a_forged_host_header_does_not_change_the_invitation_link(app, client, conn):
    app.state.settings = app.state.settings.model_copy(update={"public_base_url": PUBLIC})
    coach = await make_user(conn, role="jobcoach")
    candidate = await make_candidate(conn, coach=coach)
    await login(client, coach.email, PASSWORD)
    token = await csrf_token(client, f"/coach/candidates/{candidate.id}")
    page = await client.post(
        f"/coach/candidates/{candidate.id}/invitation",
        data={"csrf_token": token},
        headers=FORGED,
    )
    assert page.status_code == 200
    link = re.search(r'<code id="invitation-link">([^<]*)</code>', page.text)
    code = re.search(r'<code id="invitation-code">([^<]*)</code>', page.text)
    assert link and code
    assert link.group(1) == f"{PUBLIC}/welkom/{code.group(1)}"
    assert "evil.example" not in page.text


async def test_the_api_docs_example_uses_the_public_address(app, client):
    app.state.settings = app.state.settings.model_copy(update={"public_base_url": PUBLIC})
    page = await client.get("/docs", headers=FORGED)
    assert f"{PUBLIC}/api/v1/vacancies" in page.text and "evil.example" not in page.text
