"""`perspectief seed-demo`: load the demo world (idempotent, fixed seed).

Running it twice changes nothing: organisations and users are looked up by slug and
e-mail, vacancies are upserted on (organisation, external_ref), and candidates are only
created when the municipal team has none yet.
"""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from typing import Any

import asyncpg
from tqdm import tqdm

from matcher.geo import load_postcodes
from web.accounts.passwords import hash_password
from web.accounts.repositories import organisations, second_factor, users
from web.accounts.repositories.organisations import Organisation
from web.accounts.repositories.users import User
from web.candidates.repositories import candidates
from web.demo import candidate_blocks, vacancy_blocks, world
from web.proposals import service as placements
from web.proposals.repositories import proposals
from web.vacancies.repositories import vacancies
from web.worker.queue import enqueue_embed_sweep

DEMO_PASSWORD = "perspectief-demo"
# Every demo staff member (coach, agency, admin) logs in with codes from this TOTP secret
# (printed by `make run`); public like the password, for the demo only.
DEMO_TOTP_SECRET = "PERSPECTIEFDEMO2PERSPECTIEFDEMO2"
SEED = 2026
VACANCIES_PER_ORGANISATION = 66
CANDIDATE_COUNT = 44
TODAY = date(2026, 11, 1)  # fixed, so the demo world is the same on every machine


@dataclass
class DemoLogins:
    rows: list[tuple[str, str]] = field(default_factory=list)  # (role, e-mail)

    def add(self, role: str, email: str) -> None:
        self.rows.append((role, email))


async def seed_demo(conn: asyncpg.Connection, *, progress: bool = True) -> DemoLogins:
    rng = random.Random(SEED)
    logins = DemoLogins()
    password_hash = await asyncio.to_thread(hash_password, DEMO_PASSWORD)
    municipality = await _organisation(conn, world.MUNICIPALITY)
    admin = await _user(conn, municipality, "admin", *world.ADMIN, password_hash)
    logins.add("admin", admin.email)
    coaches = [
        await _user(conn, municipality, "jobcoach", name, email, password_hash)
        for name, email in world.COACHES
    ]
    logins.add("jobcoach", coaches[0].email)
    employers = [await _organisation(conn, o) for o in world.AGENCIES + world.EMPLOYERS]
    for org in employers:
        user = await _user(
            conn, org, "agency", f"Planner {org.name}", f"planner@{org.slug}.demo", password_hash
        )
        if org.slug == world.AGENCIES[0][2]:
            logins.add("agency", user.email)
    await _seed_vacancies(conn, employers, rng, progress=progress)
    first_candidate = await _seed_candidates(
        conn, municipality, coaches, rng, password_hash, progress=progress
    )
    if first_candidate:
        logins.add("candidate", first_candidate)
        await _seed_proposals(conn, coaches[0], employers[0], first_candidate)
    await enqueue_embed_sweep(conn)  # a worker embeds the demo world
    return logins


async def _seed_proposals(
    conn: asyncpg.Connection, coach: User, agency: Organisation, candidate_email: str
) -> None:
    """Two approved suggestions for the demo candidate, one already shared with the
    demo agency, so every role's pages show the flow (once; skipped when present)."""
    found = await users.credentials(conn, email=candidate_email)
    candidate = await candidates.for_user(conn, user_id=found[0].id) if found else None
    if candidate is None or await proposals.for_candidate(conn, candidate_id=candidate.id):
        return
    where = vacancies.VacancyFilter(status="open", sector="logistiek")
    picks, _total = await vacancies.search_own(
        conn, organisation_id=agency.id, where=where, limit=2
    )
    for n, vacancy in enumerate(picks):
        decision = await placements.decide(
            conn,
            coach=coach,
            candidate_id=candidate.id,
            vacancy=vacancy,
            decision="approve",
            reason_code="goede_match",
        )
        if n == 1 and decision.proposal_id is not None:
            for step in (
                ("proposed", "candidate_interested"),
                ("candidate_interested", "shared_with_agency"),
            ):
                await placements.transition(
                    conn,
                    actor=coach,
                    proposal_id=decision.proposal_id,
                    from_state=step[0],
                    to_state=step[1],
                )


async def _organisation(conn: asyncpg.Connection, spec: tuple[str, str, str]) -> Organisation:
    kind, name, slug = spec
    existing = await organisations.by_slug(conn, slug=slug)
    if existing:
        return existing
    second_chance = slug in world.SECOND_CHANCE_ORGS
    return await organisations.create(
        conn, kind=kind, name=name, slug=slug, second_chance=second_chance
    )


async def _user(
    conn: asyncpg.Connection,
    org: Organisation,
    role: str,
    name: str,
    email: str,
    password_hash: str,
) -> User:
    found = await users.credentials(conn, email=email)
    user = found[0] if found else None
    if user is None:
        user = await users.create(
            conn,
            organisation_id=org.id,
            role=role,
            email=email,
            display_name=name,
            password_hash=password_hash,
        )
    if role != "candidate":  # staff: the known second factor (kept when one is set)
        await second_factor.enrol(conn, user_id=user.id, secret=DEMO_TOTP_SECRET, step=0)
    return user


async def _seed_vacancies(
    conn: asyncpg.Connection, employers: list[Organisation], rng: random.Random, *, progress: bool
) -> None:
    total = len(employers) * VACANCIES_PER_ORGANISATION
    bar = tqdm(total=total, desc="demo-vacatures", unit="vac", disable=not progress)
    for org in employers:
        for n in range(VACANCIES_PER_ORGANISATION):
            values = demo_vacancy(rng, org)
            await vacancies.upsert(
                conn, organisation_id=org.id, external_ref=f"{org.slug}-{n:04d}", values=values
            )
            bar.update()
    bar.close()


def demo_vacancy(rng: random.Random, org: Organisation) -> dict[str, Any]:
    """One realistic entry-level vacancy (plain values, the documented import fields)."""
    # An employer posts in its own trade; agencies recruit for every sector.
    sector = world.EMPLOYER_SECTORS.get(org.slug) or rng.choice(sorted(vacancy_blocks.SECTORS))
    title, skills, description, extra = rng.choice(vacancy_blocks.SECTORS[sector])
    postcode, city = rng.choice(vacancy_blocks.WORK_PLACES)
    lat, lon = load_postcodes().coordinates(postcode) or (None, None)
    contract = rng.choice(["uitzend", "uitzend", "tijdelijk", "tijdelijk", "vast"])
    hours_max = rng.choice([24, 32, 36, 38, 40])
    values: dict[str, Any] = {
        "title": title,
        "description": description,
        "skills": list(skills),
        "sector": sector,
        "employer_name": org.name
        if org.kind == "employer"
        else rng.choice(vacancy_blocks.EMPLOYER_NAMES[sector]),
        "postcode": postcode,
        "city": city,
        "lat": lat,
        "lon": lon,
        "hours_min": float(max(12, hours_max - rng.choice([0, 8, 16]))),
        "hours_max": float(hours_max),
        "shifts": ["day"],
        "contract_type": contract,
        "permanent_after_months": rng.choice([None, 6, 12]) if contract != "vast" else None,
        "training": rng.choice(
            [
                None,
                None,
                "Interne opleiding in de eerste maand",
                "Begeleiding door een vaste werkmaatje",
            ]
        ),
        "hourly_wage": _demo_wage(rng.random()),
        "min_age": rng.choice([None, None, 18]),
        "stable_hours": rng.random() < 0.6,
        "second_chance": org.second_chance or rng.random() < 0.2,
        "start_date": TODAY + timedelta(days=rng.choice([0, 7, 14, 30])),
        "closing_date": TODAY + timedelta(days=rng.choice([60, 90, 120])),
        "language_level": rng.choice([None, "A2", "B1"]),
        "status": "open" if rng.random() < 0.93 else "closed",
    }
    values.update({k: (list(v) if isinstance(v, list) else v) for k, v in extra.items()})
    if values.get("bbl"):
        values["training"] = (
            "BBL-opleiding: 4 dagen werken, 1 dag school, betaald door de werkgever"
        )
    return values


def _demo_wage(draw: float) -> float:
    """An hourly wage from one uniform draw (0–1): one in five a youth-wage job (legal up
    to 20, below the adult minimum, so refused for candidates of 21 and older), the rest
    at or above the adult minimum of matcher.perspective."""
    if draw < 0.2:
        return round(11.8 + draw / 0.2 * (14.6 - 11.8), 2)
    return round(14.75 + (draw - 0.2) / 0.8 * (18.0 - 14.75), 2)


async def _seed_candidates(
    conn: asyncpg.Connection,
    municipality: Organisation,
    coaches: list[User],
    rng: random.Random,
    password_hash: str,
    *,
    progress: bool,
) -> str | None:
    """Create the demo caseloads once; returns the demo candidate's login e-mail."""
    login_email = "mohamed@kandidaat.demo"
    if any([await candidates.for_coach(conn, coach_id=c.id) for c in coaches]):
        return login_email
    for n in tqdm(range(CANDIDATE_COUNT), desc="demo-kandidaten", disable=not progress):
        values = demo_candidate(rng, n)
        coach = coaches[n % len(coaches)]
        if n == 0:
            user = await _user(
                conn, municipality, "candidate", values["first_name"], login_email, password_hash
            )
            values["user_id"] = user.id
        record = await candidates.create(
            conn, organisation_id=municipality.id, coach_id=coach.id, **values
        )
        if n % 5 == 1:  # a few justice-involved young people with coarse coach-only flags
            await candidates.set_restrictions(
                conn,
                candidate_id=record.id,
                updated_by=coach.id,
                curfew_start=time(22, 0),
                curfew_end=time(6, 0),
                vog_risk=n % 10 == 1,
            )
    return login_email


def demo_candidate(rng: random.Random, n: int) -> dict[str, Any]:
    profiles = candidate_blocks.PROFILES
    desired, experience, skills, interests, certificates = profiles[n % len(profiles)]
    postcode, _area = rng.choice(candidate_blocks.HOME_AREAS)
    lat, lon = load_postcodes().coordinates(postcode) or (None, None)
    age = rng.randint(17, 26)
    mode = rng.choice(["bike", "bike", "ebike", "ov", "ov", "car"])
    return {
        "first_name": candidate_blocks.FIRST_NAMES[n % len(candidate_blocks.FIRST_NAMES)],
        "last_name": rng.choice(candidate_blocks.LAST_NAMES),
        "birth_date": TODAY - timedelta(days=age * 365 + rng.randint(0, 300)),
        "desired_work": desired,
        "experience": experience,
        "skills": list(skills),
        "interests": interests,
        "postcode": postcode,
        "lat": lat,
        "lon": lon,
        "travel_mode": mode,
        "max_travel_km": float(rng.choice([5, 8, 10, 15, 25])),
        "hours_min": float(rng.choice([16, 24, 32])),
        "hours_max": float(rng.choice([32, 36, 40])),
        "shifts": rng.choice(
            [["day"], ["day", "evening"], ["day", "weekend"], ["day", "evening", "weekend"]]
        ),
        "certificates": list(certificates),
        "driving_licences": ["B"] if mode == "car" or rng.random() < 0.2 else [],
        "language_level": rng.choice(["A2", "B1", "B1", "B2"]),
        "available_from": TODAY,
        "status": rng.choice(["new", "searching", "searching", "searching", "paused"]),
    }
