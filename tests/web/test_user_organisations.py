"""A user belongs to the right kind of organisation: jobcoaches, admins and candidates to a
municipality, agency users to an agency or employer (issue 11, integrity). The CLI says
so clearly and the repository refuses it on every path."""

from __future__ import annotations

import asyncio
import io

import asyncpg
import pytest

from tests.factories import make_org
from web import cli
from web.accounts.repositories import users
from web.settings import get_settings

WRONG = [
    ("jobcoach", "agency"),
    ("admin", "agency"),
    ("jobcoach", "employer"),
    ("admin", "employer"),
    ("candidate", "agency"),
    ("agency", "municipality"),
]
RIGHT = [
    ("jobcoach", "municipality"),
    ("admin", "municipality"),
    ("candidate", "municipality"),
    ("agency", "agency"),
    ("agency", "employer"),
]


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def run(database_url, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setattr("sys.stdin", _Tty())  # no password piped: one is generated
    get_settings.cache_clear()

    def invoke(*argv: str) -> tuple[int, str, str]:
        code = cli.main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    yield invoke
    get_settings.cache_clear()


def _user_count(database_url: str) -> int:
    async def count() -> int:
        conn = await asyncpg.connect(database_url)
        try:
            return int(await conn.fetchval("SELECT count(*) FROM users"))
        finally:
            await conn.close()

    return asyncio.run(count())


@pytest.mark.parametrize(("role", "kind"), WRONG)
def test_the_cli_refuses_a_role_in_the_wrong_kind_of_organisation(run, database_url, role, kind):
    run("orgs", "create", "--kind", kind, "--name", "Ergens", "--slug", "ergens")
    code, out, err = run("users", "create", "--role", role, "--org", "ergens", "--email", "x@y.nl")
    assert code == 1 and "created" not in out
    assert "hoort bij" in err and f"ergens is {kind}" in err
    assert _user_count(database_url) == 0


def test_the_cli_message_names_role_and_organisation(run):
    run("orgs", "create", "--kind", "agency", "--name", "Flex BV", "--slug", "flex")
    _code, _out, err = run(
        "users", "create", "--role", "jobcoach", "--org", "flex", "--email", "c@flex.nl"
    )
    assert "Een jobcoach hoort bij een gemeente, niet bij een uitzendbureau." in err


@pytest.mark.parametrize(("role", "kind"), RIGHT)
def test_the_cli_makes_a_role_in_its_own_kind_of_organisation(run, role, kind):
    run("orgs", "create", "--kind", kind, "--name", "Thuis", "--slug", "thuis")
    code, out, _err = run("users", "create", "--role", role, "--org", "thuis", "--email", "a@b.nl")
    assert code == 0 and f"created {role} a@b.nl in thuis" in out


@pytest.mark.parametrize(("role", "kind"), WRONG)
async def test_the_repository_refuses_it_on_every_other_path(conn, role, kind):
    org = await make_org(conn, kind=kind)
    with pytest.raises(users.WrongOrganisation, match="hoort bij"):
        await users.create(
            conn, organisation_id=org.id, role=role, email="x@y.nl", password_hash=None
        )
    assert await conn.fetchval("SELECT count(*) FROM users") == 0


async def test_an_unknown_organisation_is_refused_in_dutch(conn):
    with pytest.raises(users.WrongOrganisation, match="bestaat niet"):
        await users.create(
            conn, organisation_id=987654, role="jobcoach", email="x@y.nl", password_hash=None
        )
