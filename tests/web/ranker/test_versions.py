"""A version ranks only after an admin accepts it; one step back restores the version
before it (at last the hand-set weights); every step is audited."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.factories import PASSWORD, make_org, make_user
from tests.web.conftest import csrf_token, login
from tests.web.ranker.ranker_world import HAND_SET, ranker_world
from web.errors import AppError
from web.ranker import service
from web.ranker.active import ActiveWeights
from web.ranker.weights import weights_of

LEARNED = {"semantic": 0.2, "occupation": 0.25, "skills": 0.15, "perspective": 0.3, "distance": 0.1}
REPORT = {"ndcg": {"hand_set": 0.8, "learned": 0.85}, "hand_set": HAND_SET.as_dict()}
WHEN = datetime(2026, 6, 1, tzinfo=UTC)


async def _propose(conn, org_id: int, weights: dict[str, float] = LEARNED) -> int:
    made = await service.propose(
        conn, organisation_id=org_id, weights=weights, report=REPORT,
        trained_from=WHEN, trained_until=WHEN,
    )  # fmt: skip
    return made.version


async def _in_use(conn, org_id: int) -> int | None:
    active = ActiveWeights(HAND_SET)
    await active.refresh(conn)
    return active.for_organisation(org_id).version


async def test_accept_then_step_back_twice_to_the_hand_set_weights(conn):
    org = await make_org(conn, kind="municipality")
    admin = await make_user(conn, role="admin", org=org)
    first = await _propose(conn, org.id)
    assert await _in_use(conn, org.id) is None
    await service.accept(conn, admin=admin, version=first)
    active = ActiveWeights(HAND_SET)
    await active.refresh(conn)
    ranking = active.for_organisation(org.id)
    assert ranking.version == 1 and ranking.weights == weights_of(LEARNED)
    assert ranking.label.startswith("gewichten: versie 1, geleerd, aangenomen op ")
    assert active.for_organisation(None).label == "vaste gewichten"
    second = await _propose(conn, org.id, {**LEARNED, "distance": 0.3})
    await service.accept(conn, admin=admin, version=second)
    assert await _in_use(conn, org.id) == 2
    assert await service.roll_back(conn, admin=admin) == 1
    assert await _in_use(conn, org.id) == 1
    assert await service.roll_back(conn, admin=admin) is None
    assert await _in_use(conn, org.id) is None
    with pytest.raises(AppError):
        await service.roll_back(conn, admin=admin)
    actions = await conn.fetch(
        "SELECT action, actor_id FROM audit_log WHERE object_type = 'ranker_version' ORDER BY id"
    )
    assert [a["action"] for a in actions] == [
        "ranker_proposed", "ranker_accepted", "ranker_proposed", "ranker_accepted",
        "ranker_rolled_back", "ranker_rolled_back",
    ]  # fmt: skip
    assert {a["actor_id"] for a in actions if a["action"] != "ranker_proposed"} == {admin.id}


async def test_a_newer_proposal_sets_the_waiting_one_aside_and_only_proposed_is_accepted(conn):
    org = await make_org(conn, kind="municipality")
    admin = await make_user(conn, role="admin", org=org)
    await _propose(conn, org.id)
    await _propose(conn, org.id)
    with pytest.raises(AppError, match="wacht niet op een besluit"):
        await service.accept(conn, admin=admin, version=1)
    elsewhere = await make_user(conn, role="admin", org=await make_org(conn, kind="municipality"))
    with pytest.raises(AppError, match="bestaat niet"):
        await service.accept(conn, admin=elsewhere, version=2)  # another municipality's
    await service.accept(conn, admin=admin, version=2)
    assert await _in_use(conn, org.id) == 2


async def test_the_admin_page_accepts_and_steps_back(client, conn):
    world = await ranker_world(conn, people=12, jobs=100)
    assert (await login(client, world.admin.email, PASSWORD)).status_code == 303
    page = await client.get("/admin/ranker")
    assert page.status_code == 200
    assert "Leren van beslissingen" in page.text and "wacht op jouw besluit" in page.text
    assert "NDCG@10" in page.text and 'data-chart="weights"' in page.text
    assert "Versie 1 aannemen" in page.text and "Vaste gewichten" in page.text
    token = await csrf_token(client, "/admin/ranker")
    done = await client.post("/admin/ranker/1/accept", data={"csrf_token": token})
    assert done.status_code == 303
    page = await client.get("/admin/ranker")
    assert "in gebruik" in page.text and "Terug naar vorige versie (vaste gewichten)" in page.text
    assert await _in_use(conn, world.municipality.id) == 1
    register = await client.get("/algoritme")
    assert f"{world.municipality.name}: versie 1, aangenomen op " in register.text
    again = await client.post("/admin/ranker/1/accept", data={"csrf_token": token})
    assert again.status_code == 422 and "wacht niet op een besluit" in again.text
    back = await client.post("/admin/ranker/back", data={"csrf_token": token})
    assert back.status_code == 303 and await _in_use(conn, world.municipality.id) is None
    register = await client.get("/algoritme")
    assert "Alle gemeenten gebruiken deze vaste gewichten" in register.text
    missing = await client.get("/admin/ranker?versie=9")
    assert missing.status_code == 404
    assert (await client.get("/admin/ranker?versie=abc")).status_code == 422
    train = await client.post("/admin/ranker/train", data={"csrf_token": token})
    assert train.status_code == 303
    assert await conn.fetchval("SELECT count(*) FROM pgqueuer WHERE entrypoint = 'train_ranker'")


@pytest.mark.parametrize("role", ["jobcoach", "agency"])
async def test_coaches_and_agencies_are_refused(client, conn, role):
    org = await make_org(conn, kind="agency" if role == "agency" else "municipality")
    user = await make_user(conn, role=role, org=org)
    assert (await login(client, user.email, PASSWORD)).status_code == 303
    assert (await client.get("/admin/ranker")).status_code == 403
    token = await csrf_token(client, "/")
    refused = await client.post("/admin/ranker/back", data={"csrf_token": token})
    assert refused.status_code == 403
