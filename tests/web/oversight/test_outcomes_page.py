"""/admin/outcomes: the admin's own municipality, charts with their data and the numbers
beside them, the CSV and XLSX downloads, and `perspectief report outcomes`."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import re

import openpyxl
import pytest

from tests.factories import PASSWORD, make_org, make_user
from tests.web.conftest import login
from tests.web.oversight import outcome_world
from web import cli
from web.settings import get_settings

PERIOD = "since=2026-01-01&until=2026-06-30"
CHARTS = re.compile(r'<script type="application/json" id="outcome-charts">(.*?)</script>', re.S)


async def _admin_client(client, conn, world):
    admin = await make_user(conn, role="admin", org=world.municipality)
    assert (await login(client, admin.email, PASSWORD)).status_code == 303
    return client


async def test_the_page_draws_the_funnel_with_the_numbers_beside_it(client, conn):
    world = await outcome_world.build(conn)
    await _admin_client(client, conn, world)
    page = await client.get(f"/admin/outcomes?{PERIOD}")
    assert page.status_code == 200
    html = page.text
    charts = json.loads(CHARTS.search(html).group(1))
    assert charts["funnel"]["series"][0]["values"] == [14, 13, 12, 10, 9, 8, 7, 6, 5]
    # Retention depends on today's date (tests/web/oversight/test_outcomes.py fixes it).
    assert len(charts["retention"]["series"][0]["values"]) == 3
    assert charts["days_to_job"]["series"][0]["values"] == [None, 8, None, None, None]
    assert charts["days_to_job"]["labels"][0] == "binnen 1 maand (< 5)"
    agencies = charts["agencies"]
    assert agencies["labels"] == ["Alfa", "Beta"]
    assert [s["values"] for s in agencies["series"]] == [[6, 6], [None, None]]
    assert 'data-chart="funnel" role="img" aria-label=' in html
    assert '<script src="/static/vendor/chart-4.6.1.umd.min.js" defer></script>' in html
    assert '<th scope="row">Aangenomen</th><td>8</td>' in html
    # Coach B proposed 4 people: shown as "< 5", and coach A's 8 would give it away.
    assert re.search(r"Coach B</th><td>&lt; 5</td>", html)
    assert re.search(r"Coach A</th><td>verborgen</td><td>9</td><td>8</td><td>24 uur", html)


async def test_the_page_runs_no_inline_script(client, conn):
    world = await outcome_world.build(conn)
    await _admin_client(client, conn, world)
    page = await client.get("/admin/outcomes")
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page.text, re.S)
    for attributes, body in scripts:
        assert "src=" in attributes or 'type="application/json"' in attributes, attributes
        assert "src=" not in attributes or body == ""
    assert not re.search(r"<[^>]*\son[a-z]+=", page.text)  # no inline event handler


async def test_the_chart_library_and_its_starter_are_served(client):
    library = await client.get("/static/vendor/chart-4.6.1.umd.min.js")
    assert library.status_code == 200 and "Chart.js v4.6.1" in library.text[:200]
    starter = await client.get("/static/charts.js")
    assert starter.status_code == 200 and "outcome-charts" in starter.text


async def test_csv_download_has_the_figures_and_hidden_groups(client, conn):
    world = await outcome_world.build(conn)
    await _admin_client(client, conn, world)
    response = await client.get(f"/admin/outcomes.csv?{PERIOD}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff"))))
    assert rows[0] == ["onderdeel", "groep", "maat", "waarde"]
    assert rows[1] == ["periode", "Teststad", "2026-01-01 t/m 2026-06-30", ""]
    assert ["Trechter", "Aangenomen", "mensen", "8"] in rows
    assert ["Per jobcoach", "Coach B", "mensen voorgesteld", "< 5"] in rows
    assert ["Per jobcoach", "Coach A", "mensen voorgesteld", "verborgen"] in rows
    assert ["Tijd tot eerste baan", "1 tot 3 maanden", "mensen", "8"] in rows
    assert ["Tijd tot eerste baan", "totaal", "mediaan (dagen)", "44"] in rows


async def test_xlsx_download_has_a_sheet_per_table_and_formulas_stay_text(client, conn):
    world = await outcome_world.build(conn)
    await conn.execute(
        "UPDATE users SET display_name = '=HYPERLINK(\"x\")' WHERE id = $1", world.coaches["A"]
    )
    await _admin_client(client, conn, world)
    response = await client.get(f"/admin/outcomes.xlsx?{PERIOD}")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Trechter",
        "Behoud",
        "Tijd tot eerste baan",
        "Perspectief van de baan",
        "Per jobcoach",
        "Per uitzendbureau",
    ]
    funnel = [[c.value for c in row] for row in book["Trechter"].iter_rows()]
    assert funnel[1] == ["stap", "mensen", "% van vorige stap"]
    assert funnel[7][:2] == ["Aangenomen", 8]
    coach_cells = [row[0] for row in book["Per jobcoach"].iter_rows(min_row=3)]
    formula = next(c for c in coach_cells if str(c.value).startswith("="))
    assert formula.data_type == "s"  # text, not a formula
    csv_text = (await client.get(f"/admin/outcomes.csv?{PERIOD}")).text
    assert "'=HYPERLINK" in csv_text


async def test_a_reversed_period_is_refused_in_dutch(client, conn):
    world = await outcome_world.build(conn)
    await _admin_client(client, conn, world)
    page = await client.get("/admin/outcomes?since=2026-06-01&until=2026-01-01")
    assert page.status_code == 422 and "begindatum" in page.text


async def test_another_municipality_sees_its_own_figures_only(client, conn):
    world = await outcome_world.build(conn)
    elsewhere = await make_org(conn, kind="municipality", name="Elders")
    stranger = await make_user(conn, role="admin", org=elsewhere)
    assert (await login(client, stranger.email, PASSWORD)).status_code == 303
    page = await client.get(f"/admin/outcomes?{PERIOD}")
    assert page.status_code == 200 and "Uitkomsten Elders" in page.text
    charts = json.loads(CHARTS.search(page.text).group(1))
    assert charts["funnel"]["series"][0]["values"] == [None] * 9
    assert charts["funnel"]["labels"][0] == "Suggestie (< 5)"
    assert "Coach A" not in page.text and world.municipality.name not in page.text


@pytest.fixture
def run(database_url, monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("PERSPECTIEF_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()

    async def invoke(*argv: str) -> tuple[int, str, str]:
        code = await asyncio.to_thread(cli.main, ["report", "outcomes", *argv])
        out, err = capsys.readouterr()
        return code, out, err

    yield invoke
    get_settings.cache_clear()


async def test_the_command_prints_csv_and_json(run, conn):
    world = await outcome_world.build(conn)
    slug = world.municipality.slug
    period = ["--from", "2026-01-01", "--to", "2026-06-30"]
    code, out, err = await run("--organisation", slug, *period, "--format", "csv")
    assert code == 0 and err == ""
    assert "Trechter,Aangenomen,mensen,8" in out.splitlines()
    code, out, err = await run("--organisation", slug, *period, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["from"] == "2026-01-01" and data["municipality"] == "Teststad"
    assert [s["mensen"] for s in data["funnel"]] == [14, 13, 12, 10, 9, 8, 7, 6, 5]
    assert {"jobcoach": "Coach B", "mensen voorgesteld": "< 5"}.items() <= data["coaches"][
        1
    ].items()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--organisation", "nergens"], "geen organisatie met de code 'nergens'"),
        (["--organisation", "{agency}"], "is geen gemeente"),
        (["--organisation", "{slug}", "--from", "31-01-2026"], "'31-01-2026' is geen datum"),
        (["--organisation", "{slug}", "--to", "2026-02-30"], "--to: '2026-02-30' is geen datum"),
        (["--organisation", "{slug}", "--from", "2026-03-01", "--to", "2026-01-01"], "begindatum"),
        (["--organisation", "{slug}", "--format", "pdf"], "onbekend formaat 'pdf'"),
        ([], "geef de gemeente op met --organisation"),
    ],
)
async def test_the_command_refuses_bad_arguments_in_dutch(run, conn, argv, message):
    world = await outcome_world.build(conn)
    slugs = {"slug": world.municipality.slug, "agency": world.agencies["Alfa"].slug}
    code, out, err = await run(*(a.format(**slugs) for a in argv))
    assert code == 1 and out == ""
    assert message in err
