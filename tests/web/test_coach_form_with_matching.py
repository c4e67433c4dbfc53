"""The coach's profile form with matching on, as in production (the web tests run with
matching off): saving a profile once answered 500 after the commit, because the route
called a matcher method that no longer existed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.factories import PASSWORD, make_user
from tests.web.conftest import csrf_token, login, web_settings
from web.settings import Settings

pytestmark = pytest.mark.slow


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return web_settings(tmp_path, matching=True)


async def test_a_profile_is_created_and_edited_with_matching_on(app, client, conn):
    assert app.state.matching is not None
    coach = await make_user(conn, role="jobcoach")
    await login(client, coach.email, PASSWORD)
    form = {"first_name": "Sem", "shifts": "day", "travel_mode": "bike", "status": "new"}
    token = await csrf_token(client, "/coach/candidates/new")
    created = await client.post("/coach/candidates", data={**form, "csrf_token": token})
    assert created.status_code == 303, created.text[:300]
    page = created.headers["location"]
    token = await csrf_token(client, page + "/edit")
    edited = await client.post(page, data={**form, "hours_max": "32", "csrf_token": token})
    assert edited.status_code == 303
    assert (await client.get(page)).status_code == 200
