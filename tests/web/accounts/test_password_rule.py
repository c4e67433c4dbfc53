"""New passwords: long enough, not guessable (zxcvbn), not the person's address or name."""

from __future__ import annotations

import io

import pytest

from tests.factories import make_candidate, make_user
from tests.web.conftest import csrf_token, login
from web import cli
from web.accounts.passwords import new_invitation_code, password_problem
from web.accounts.repositories import invitations
from web.demo.seed import DEMO_PASSWORD, seed_demo
from web.settings import get_settings

EMAIL = "aya.devries@test.example"
NAMES = ("Aya", "de Vries")


@pytest.mark.parametrize(
    ("password", "why"),
    [
        ("kort", "minstens 10 tekens"),
        ("aaaaaaaaaa", "te makkelijk te raden: het herhaalt steeds dezelfde tekens"),
        ("abcdefghijkl", "te makkelijk te raden: het is een reeks"),
        ("qwertyuiop", "te makkelijk te raden"),
        ("wachtwoord123", "te makkelijk te raden"),
        (EMAIL, "lijkt op je e-mailadres"),
        ("AyaDeVries2001", "lijkt op je naam"),
        ("aya.devries!!", "lijkt op je e-mailadres"),
        ("perspectief2025", "lijkt op de naam van deze site"),
    ],
)
def test_weak_and_personal_passwords_are_refused_with_the_reason(password, why):
    problem = password_problem(password, email=EMAIL, names=NAMES)
    assert problem is not None and why in problem


@pytest.mark.parametrize(
    "password",
    ["een lange zin als wachtwoord", "correct-horse-battery", "fiets van aya staat buiten"],
)
def test_strong_passwords_pass(password):
    assert password_problem(password, email=EMAIL, names=NAMES) is None


def test_a_very_long_password_is_judged_without_error():
    assert password_problem("x7#Kp" * 200, email=EMAIL, names=NAMES) is None
    assert "te makkelijk" in password_problem("a" * 1000, email=EMAIL)


async def test_the_welcome_form_refuses_the_email_address_and_aaaa(client, conn):
    coach = await make_user(conn, role="jobcoach")
    candidate = await make_candidate(conn, coach=coach, first_name="Aya", last_name="de Vries")
    code = new_invitation_code()
    await invitations.issue(
        conn, candidate_id=candidate.id, code=code, created_by=coach.id, hours=1
    )
    token = await csrf_token(client, "/welkom")
    for password, why in [
        (EMAIL, "lijkt op je e-mailadres"),
        ("aaaaaaaaaa", "te makkelijk te raden"),
        ("Aya de Vries", "lijkt op je naam"),
    ]:
        form = {"csrf_token": token, "email": EMAIL, "password": password}
        refused = await client.post(f"/welkom/{code}", data={**form, "password_repeat": password})
        assert refused.status_code == 422 and why in refused.text, password
    assert (await invitations.state(conn, code=code)).status == "open"


@pytest.fixture
def run_cli(database_url, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", database_url)
    get_settings.cache_clear()

    def invoke(*argv: str, stdin: str) -> tuple[int, str]:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code = cli.main(list(argv))
        return code, capsys.readouterr().err

    yield invoke
    get_settings.cache_clear()


@pytest.mark.parametrize(
    ("password", "why"),
    [("aaaaaaaaaa", "te makkelijk te raden"), ("jan.smit@gemeente.nl", "lijkt op je e-mailadres")],
)
def test_the_cli_refuses_weak_and_personal_passwords(run_cli, password, why):
    run_cli("orgs", "create", "--kind", "municipality", "--name", "Gem", "--slug", "gem", stdin="")
    user = ("users", "create", "--role", "jobcoach", "--org", "gem", "--email")
    code, err = run_cli(*user, "jan.smit@gemeente.nl", "--name", "Jan Smit", stdin=password)
    assert code == 1 and why in err


async def test_the_printed_demo_logins_still_work(client, conn):
    logins = await seed_demo(conn, progress=False)
    for role, email in logins.rows:
        response = await login(client, email, DEMO_PASSWORD)
        assert response.status_code == 303, role
        client.cookies.clear()
