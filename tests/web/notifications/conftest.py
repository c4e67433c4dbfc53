"""A real SMTP sink (aiosmtpd) on a free port, settings that send to it, and a small
world: a coach, a young person with an account, an agency with two users, a vacancy."""

from __future__ import annotations

import socket
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.factories import make_candidate, make_org, make_user, make_vacancy
from web.accounts.repositories.organisations import Organisation
from web.accounts.repositories.users import User
from web.notifications.sink import start_sink
from web.settings import Settings
from web.vacancies.repositories import vacancies
from web.vacancies.repositories.vacancies import VacancyRecord


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def sink_port() -> int:
    return free_port()


@pytest.fixture
def sink(sink_port: int):
    controller, received = start_sink(sink_port)
    yield received
    controller.stop()


@pytest.fixture
def settings(tmp_path: Path, sink_port: int) -> Settings:
    return Settings(
        environment="test",
        data_dir=tmp_path,
        database_url=None,
        matching_enabled=False,
        esco_dir=tmp_path / "no-esco",
        public_base_url="https://werk.utrecht.example",
        smtp_host="127.0.0.1",
        smtp_port=sink_port,
        smtp_timeout_seconds=5,
        worker_poll_seconds=0.2,
    )


@dataclass(frozen=True)
class World:
    coach: User
    young: User  # the candidate's own account
    candidate_id: int
    agency: list[User]  # the employer's people
    employer: Organisation
    vacancy: VacancyRecord


@pytest.fixture
async def world(conn) -> World:
    municipality = await make_org(conn, kind="municipality")
    employer = await make_org(conn, kind="agency", name="Uitzendbureau Zon")
    coach = await make_user(conn, role="jobcoach", org=municipality, email="coach@test.example")
    young = await make_user(conn, role="candidate", org=municipality, email="jong@test.example")
    candidate = await make_candidate(
        conn, coach=coach, user_id=young.id, first_name="Kanarie", last_name="Merelhof"
    )
    agency = [
        await make_user(conn, role="agency", org=employer, email=f"bureau{n}@test.example")
        for n in (1, 2)
    ]
    vacancy_id = await make_vacancy(conn, org=employer, title="Orderpicker", employer_name="")
    vacancy = await vacancies.by_id(conn, vacancy_id=vacancy_id)
    assert vacancy is not None
    return World(coach, young, candidate.id, agency, employer, vacancy)
