"""End to end in Chromium: an agency logs in, uploads a file, reads the report, and sees
its vacancies. (That an uploaded vacancy is then matched to a candidate runs with the
matching service on, in test_coach_browser.py.)"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser.conftest import browser_login
from tests.web.vacancy_files import csv_bytes, rows

pytestmark = pytest.mark.browser


async def test_login_upload_report_and_vacancies_visible(live_server, page, tmp_path):
    from playwright.async_api import expect

    upload = tmp_path / "vacatures.csv"
    upload.write_bytes(csv_bytes(rows(30) + [["KAPOT", "Kok", "", "veertig", "", "", ""]]))
    await browser_login(page, live_server.url, live_server.logins["agency"])
    await expect(page).to_have_url(re.compile(r"/agency$"))

    await page.get_by_role("button", name="Vacatures uploaden").click()
    await expect(page).to_have_url(re.compile(r"/agency/imports$"))
    await page.set_input_files("input[name=file]", str(upload))
    await page.get_by_role("button", name="Uploaden", exact=True).click()
    summary = page.locator("#upload-result .summary")
    await expect(summary).to_contain_text(
        "30 opgeslagen, 0 ongewijzigd, 0 gesloten, 1 afgekeurd", timeout=15_000
    )
    await expect(page.locator("#upload-result table")).to_contain_text("'veertig' is geen getal")
    await expect(page.locator("#upload-progress")).to_have_attribute("value", "100")
    async with page.expect_download() as download_info:
        await page.get_by_role("link", name="Rapport downloaden (CSV)").click()
    report = await (await download_info.value).path()
    assert "veertig" in Path(report).read_text(encoding="utf-8-sig")  # noqa: ASYNC240

    await page.get_by_role("link", name="Bekijk de vacatures").click()
    await expect(page.locator("#vacancy-table")).to_contain_text("30 vacatures")
    await page.fill("input[name=q]", "Orderpicker 17")
    await expect(page.locator("#vacancy-table")).to_contain_text("1 vacature")
    await expect(page.locator("#vacancy-table")).to_contain_text("Orderpicker 17")
