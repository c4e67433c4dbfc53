"""An API key works only while the agency user who made it does."""

from __future__ import annotations

import pytest

from tests.factories import make_org, make_user
from web.accounts.repositories import api_keys


async def _key(conn, *, with_user: bool = True):
    """An agency organisation, the user who made a key there, and the key's header."""
    org = await make_org(conn, kind="agency")
    user = await make_user(conn, role="agency", org=org) if with_user else None
    _record, secret = await api_keys.create(
        conn, organisation_id=org.id, name="feed", created_by=user.id if user else None
    )
    return org, user, {"Authorization": f"Bearer {secret}"}


@pytest.mark.parametrize(
    "gone",
    [
        "UPDATE users SET disabled_at = now() WHERE id = $1",
        "UPDATE users SET organisation_id = (SELECT max(id) FROM organisations) WHERE id = $1",
    ],
    ids=["disabled", "moved to another organisation"],
)
async def test_a_key_dies_with_its_user(client, conn, gone):
    _org, user, auth = await _key(conn)
    assert (await client.get("/api/v1/vacancies", headers=auth)).status_code == 200
    await make_org(conn, kind="agency")  # the organisation a moved user ends up in
    await conn.execute(gone, user.id)
    for method, path in [("GET", "/api/v1/vacancies"), ("POST", "/api/v1/vacancies/bulk")]:
        refused = await client.request(method, path, headers=auth, json={"vacancies": []})
        assert refused.status_code == 401, path
        assert "API-sleutel" in refused.json()["detail"]


async def test_a_key_nobody_answers_for_is_refused(client, conn):
    _org, _user, auth = await _key(conn, with_user=False)
    assert (await client.get("/api/v1/vacancies", headers=auth)).status_code == 401


async def test_the_keys_of_a_colleague_keep_working(client, conn):
    org, _user, auth = await _key(conn)
    colleague = await make_user(conn, role="agency", org=org)
    await conn.execute("UPDATE users SET disabled_at = now() WHERE id = $1", colleague.id)
    assert (await client.get("/api/v1/vacancies", headers=auth)).status_code == 200
