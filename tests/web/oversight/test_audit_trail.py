"""The audit trail an admin reads: restricted reads stand out, filters narrow it, reading
and exporting it are audited, and one municipality never sees another's trail."""

from __future__ import annotations

import csv
import io
from datetime import time

from tests.factories import PASSWORD, make_candidate, make_org, make_user
from tests.web.conftest import login
from web.candidates.repositories import candidates


async def _world(conn):
    municipality = await make_org(conn, kind="municipality")
    coach = await make_user(conn, role="jobcoach", org=municipality)
    other_coach = await make_user(conn, role="jobcoach", org=municipality)
    admin = await make_user(conn, role="admin", org=municipality)
    flagged = await make_candidate(conn, coach=coach, first_name="Sem")
    plain = await make_candidate(conn, coach=other_coach, first_name="Noor")
    await candidates.set_restrictions(
        conn,
        candidate_id=flagged.id,
        updated_by=coach.id,
        curfew_start=time(22),
        curfew_end=time(6),
    )
    elsewhere = await make_org(conn, kind="municipality")
    stranger = await make_user(conn, role="admin", org=elsewhere)
    return {
        "coach": coach,
        "other_coach": other_coach,
        "admin": admin,
        "flagged": flagged,
        "plain": plain,
        "stranger": stranger,
    }


async def _actions(conn, candidate_id: int) -> list[str]:
    rows = await conn.fetch(
        "SELECT action FROM audit_log WHERE object_type = 'candidate' AND object_id = $1"
        " ORDER BY id",
        candidate_id,
    )
    return [r["action"] for r in rows]


async def _visit_both(client, w) -> None:
    assert (await login(client, w["coach"].email, PASSWORD)).status_code == 303
    assert (await client.get(f"/coach/candidates/{w['flagged'].id}")).status_code == 200
    assert (await client.get(f"/coach/candidates/{w['flagged'].id}/edit")).status_code == 200
    await client.post("/logout", data={})
    client.cookies.clear()
    assert (await login(client, w["other_coach"].email, PASSWORD)).status_code == 303
    assert (await client.get(f"/coach/candidates/{w['plain'].id}")).status_code == 200
    client.cookies.clear()


async def test_a_coach_reading_restrictions_is_audited_only_when_there_are_any(client, conn):
    w = await _world(conn)
    await _visit_both(client, w)
    assert (await _actions(conn, w["flagged"].id)).count("restrictions_read") == 2
    assert "restrictions_read" not in await _actions(conn, w["plain"].id)


async def test_the_admin_reads_the_trail_with_restricted_reads_marked(client, conn):
    w = await _world(conn)
    await _visit_both(client, w)
    assert (await login(client, w["admin"].email, PASSWORD)).status_code == 303

    page = await client.get("/admin/audit")
    assert page.status_code == 200
    entries = page.text.split('id="entries"')[1]
    assert entries.count('class="restricted"') == 2
    assert entries.count("Justitiële voorwaarden bekeken") == 2 and "Ingelogd" in entries

    only_flagged = await client.get(f"/admin/audit?candidate={w['flagged'].id}")
    assert only_flagged.text.count("<time ") == 4  # 2 reads of the profile, 2 of restrictions
    by_other = await client.get(f"/admin/audit?person={w['other_coach'].id}&action=read")
    assert by_other.text.count("<time ") == 1 and 'class="restricted"' not in by_other.text
    as_the_form_sends_it = await client.get("/admin/audit?person=&candidate=&action=&since=&until=")
    assert as_the_form_sends_it.status_code == 200  # empty fields are no filter
    tomorrow_on = await client.get("/admin/audit?since=2999-01-01")
    assert "Geen handelingen gevonden" in tomorrow_on.text

    reads = await conn.fetchval(
        "SELECT count(*) FROM audit_log WHERE action = 'audit_read' AND actor_id = $1",
        w["admin"].id,
    )
    assert reads == 5


async def test_the_csv_export_is_audited_and_lists_what_the_page_lists(client, conn):
    w = await _world(conn)
    await _visit_both(client, w)
    assert (await login(client, w["admin"].email, PASSWORD)).status_code == 303

    export = await client.get(f"/admin/audit.csv?candidate={w['flagged'].id}")
    assert export.status_code == 200 and export.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(export.text)))
    assert rows[0][:4] == ["tijd", "wie", "rol", "handeling"]
    assert [r[3] for r in rows[1:]].count("Justitiële voorwaarden bekeken") == 2
    assert {r[6] for r in rows[1:]} == {str(w["flagged"].id)}
    assert "Sem" not in export.text  # who did what to which number; never a name or payload
    exported = await conn.fetchval(
        "SELECT count(*) FROM audit_log WHERE action = 'audit_export' AND actor_id = $1",
        w["admin"].id,
    )
    assert exported == 1


async def test_another_municipality_sees_none_of_it(client, conn):
    w = await _world(conn)
    await _visit_both(client, w)
    assert (await login(client, w["stranger"].email, PASSWORD)).status_code == 303
    page = await client.get("/admin/audit")
    assert page.status_code == 200
    entries = page.text.split('id="entries"')[1]
    assert "Justitiële voorwaarden bekeken" not in entries and "<time " in entries  # own login
    export = await client.get(f"/admin/audit.csv?candidate={w['flagged'].id}")
    assert len(export.text.strip().splitlines()) == 1  # the header only


async def test_only_admins_and_bad_filters_get_a_dutch_answer(client, conn):
    w = await _world(conn)
    assert (await login(client, w["coach"].email, PASSWORD)).status_code == 303
    assert (await client.get("/admin/audit")).status_code == 403
    client.cookies.clear()
    assert (await login(client, w["admin"].email, PASSWORD)).status_code == 303
    negative = await client.get("/admin/audit?candidate=-3")
    assert negative.status_code == 422 and "candidate: moet minstens 1 zijn" in negative.text
    not_a_day = await client.get("/admin/audit?since=gisteren")
    assert not_a_day.status_code == 422 and "since:" in not_a_day.text
