"""`perspectief vacancies import`: same validation as an upload, a summary line, a report."""

from __future__ import annotations

import csv

import pytest

from tests.web.test_cli import run  # noqa: F401  # the in-process CLI fixture
from tests.web.vacancy_files import csv_bytes, rows, xlsx_bytes


@pytest.fixture
def agency_slug(run):  # noqa: F811
    code, _, _ = run("orgs", "create", "--kind", "agency", "--name", "Flex", "--slug", "flex")
    assert code == 0
    return "flex"


def test_import_prints_one_summary_line_and_writes_the_report(run, agency_slug, tmp_path):  # noqa: F811
    data = tmp_path / "vacatures.csv"
    data.write_bytes(csv_bytes(rows(4) + [["BAD", "Kok", "", "veel", "", "", ""]]))
    report = tmp_path / "rapport.csv"
    code, out, err = run(
        "vacancies", "import", str(data), "--organisation", "flex", "--report", str(report)
    )
    assert code == 0
    assert out.strip().splitlines() == ["stored 4, unchanged 0, closed 0, rejected 1"]
    table = list(csv.reader(report.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    assert table[1][:2] == ["6", "uren"]
    code, out, _ = run("vacancies", "import", str(data), "--organisation", "flex")
    assert out.strip() == "stored 0, unchanged 4, closed 0, rejected 1"
    smaller = tmp_path / "feed.xlsx"
    smaller.write_bytes(xlsx_bytes(rows(2)))
    code, out, _ = run("vacancies", "import", str(smaller), "--organisation", "flex", "--full-feed")
    assert code == 0 and out.strip() == "stored 0, unchanged 2, closed 2, rejected 0"


def test_unreadable_file_or_unknown_organisation_exit_non_zero(run, agency_slug, tmp_path):  # noqa: F811
    broken = tmp_path / "v.xlsx"
    broken.write_bytes(b"PK\x03\x04 nope")
    code, out, err = run("vacancies", "import", str(broken), "--organisation", "flex")
    assert code == 1 and "Excel" in err and out == ""
    code, _, err = run(
        "vacancies", "import", str(tmp_path / "missing.csv"), "--organisation", "flex"
    )
    assert code == 1 and "cannot read" in err
    good = tmp_path / "v.csv"
    good.write_bytes(csv_bytes(rows(1)))
    code, _, err = run("vacancies", "import", str(good), "--organisation", "nobody")
    assert code == 1 and "no organisation" in err


def test_import_enqueues_embedding_for_a_worker(run, agency_slug, tmp_path, database_url):  # noqa: F811
    import asyncio

    import asyncpg

    from web.worker.queue import decode

    data = tmp_path / "v.csv"
    data.write_bytes(csv_bytes(rows(3)))
    code, _, _ = run("vacancies", "import", str(data), "--organisation", "flex")
    assert code == 0

    async def queued() -> tuple[list[int], list[str]]:
        conn = await asyncpg.connect(database_url)
        try:
            embed = await conn.fetch("SELECT payload FROM pgqueuer WHERE entrypoint = 'embed'")
            others = await conn.fetch("SELECT entrypoint FROM pgqueuer WHERE entrypoint <> 'embed'")
            stored = await conn.fetch("SELECT id FROM vacancies ORDER BY id")
        finally:
            await conn.close()
        ids = [i for job in embed for i in decode(job["payload"])["ids"]]
        assert ids == [r["id"] for r in stored]
        return ids, [r["entrypoint"] for r in others]

    ids, others = asyncio.run(queued())
    assert len(ids) == 3 and others == []  # ran here: no import job for a worker
