"""`perspectief report fairness`: JSON on stdout, a clear Dutch refusal otherwise."""

from __future__ import annotations

import asyncio
import io
import json
from datetime import date

import pytest

from tests.factories import make_candidate, make_org, make_user
from web import cli
from web.settings import get_settings


@pytest.fixture
def run(database_url, monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("PERSPECTIEF_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()

    async def invoke(*argv: str) -> tuple[int, str, str]:
        monkeypatch.setattr("sys.stdin", io.StringIO(""))
        code = await asyncio.to_thread(cli.main, list(argv))  # it runs its own event loop
        out, err = capsys.readouterr()
        return code, out, err

    yield invoke
    get_settings.cache_clear()


async def test_the_report_is_json_with_small_groups_hidden(run, conn):
    municipality = await make_org(conn, kind="municipality")
    coach = await make_user(conn, role="jobcoach", org=municipality)
    for _ in range(5):
        await make_candidate(conn, coach=coach, birth_date=date(2007, 5, 1), postcode="3562")
    await make_candidate(conn, coach=coach, birth_date=date(2000, 5, 1), postcode="3011")
    code, out, _err = await run("report", "fairness", "--organisation", municipality.slug)
    assert code == 0
    found = json.loads(out)
    assert found["people"] == 6 and found["min_group"] == 5
    ages = next(d for d in found["dimensions"] if d["dimension"] == "age")
    assert [g["group"] for g in ages["groups"]] == ["18–20 jaar"]
    assert ages["smaller_groups_not_shown"] == 1 and ages["in_smaller_groups_or_unknown"] == 1


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (("--organisation", "bestaat-niet"), "geen organisatie met de code 'bestaat-niet'"),
        (("--organisation", "{slug}", "--from", "gisteren"), "--from: 'gisteren' is geen datum"),
        (("--organisation", "{slug}", "--from", "2026-05-01", "--to", "2026-01-01"), "begindatum"),
        (("--organisation", "{slug}", "--format", "csv"), "alleen json"),
        ((), "--organisation"),
    ],
)
async def test_bad_arguments_exit_non_zero_in_dutch(run, conn, argv, says):
    municipality = await make_org(conn, kind="municipality")
    filled = [a.format(slug=municipality.slug) for a in argv]
    code, out, err = await run("report", "fairness", *filled)
    assert code != 0 and out == "" and says in err
