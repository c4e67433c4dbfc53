"""Plain "je"-form Dutch for a job card: pure functions, no database."""

from __future__ import annotations

from matcher.fit import skills_held
from matcher.models import Candidate, Vacancy
from matcher.perspective import perspective_score
from web.pages.candidate import plain


def _candidate(**values) -> Candidate:
    return Candidate(id=1, **values)


def _vacancy(**values) -> Vacancy:
    return Vacancy(id=2, title=values.pop("title", "Hovenier"), **values)


def test_likes_certificates_licence_and_skills_become_je_sentences():
    person = _candidate(
        desired_work="hovenier",
        interests="buiten werken, met dieren werken",
        skills=["snoeien", "gras maaien"],
        certificates=["VCA-VOL"],
        driving_licences=["rijbewijs B"],
        hours_min=24,
        hours_max=32,
    )
    job = _vacancy(
        description="Je werkt buiten in parken.",
        skills=["snoeien", "bestrating"],
        required_certificates=["VCA basis"],
        driving_licence="B",
        hours_min=24,
        hours_max=38,
    )
    reasons = plain.fits_you(person, job, skills_held(person, job, None))
    assert reasons == [
        "Dit is het soort werk dat je zoekt",
        "Je houdt van buiten werken",
        "Je kunt al: snoeien",
        "Je hebt je VCA",
        "Je hebt rijbewijs B",
        "De uren passen bij wat je wilt werken",
    ]


def test_a_vague_shared_word_is_not_a_reason():
    person = _candidate(interests="met dieren werken")
    job = _vacancy(title="Magazijnmedewerker", description="Werken in een magazijn.")
    assert plain.fits_you(person, job, skills_held(person, job, None)) == []


def test_good_step_uses_the_perspective_components():
    job = _vacancy(
        contract_type="tijdelijk",
        permanent_after_months=6,
        bbl=True,
        paid_certificates=["VCA"],
        hourly_wage=18.0,
        stable_hours=True,
    )
    lines = plain.good_step(perspective_score(job, candidate_age=22, km=3))
    assert lines == [
        "Kans op een vast contract na 6 maanden",
        "Je haalt een mbo-diploma via BBL",
        "Je krijgt je VCA betaald",
        "Je verdient meer dan het minimumloon voor jouw leeftijd",
        "Vaste uren: je weet wanneer je werkt",
    ]


def test_wage_per_hour_and_roughly_per_month_at_their_hours():
    person = _candidate(hours_min=20, hours_max=32)
    job = _vacancy(hourly_wage=15.0, hours_min=24, hours_max=40)
    assert plain.working_hours(person, job) == 32
    assert plain.wage_lines(person, job) == [
        "€ 15,00 per uur (bruto)",
        "Ongeveer € 2.080 per maand als je 32 uur per week werkt",
    ]
    assert plain.wage_lines(person, _vacancy()) == [
        "Het loon staat niet in de vacature. Vraag ernaar."
    ]


def test_hours_per_week_in_words():
    assert plain.hours_line(_vacancy(hours_min=38, hours_max=38)) == "38 uur per week"
    assert plain.hours_line(_vacancy(hours_min=24, hours_max=32.5)) == "24 tot 32,5 uur per week"
    assert plain.hours_line(_vacancy()) == "Het aantal uren staat niet in de vacature"


def test_hours_are_kept_within_the_job():
    job = _vacancy(hours_min=24, hours_max=32)
    assert plain.working_hours(_candidate(hours_max=16), job) == 24
    assert plain.working_hours(_candidate(hours_max=40), job) == 32
    assert plain.working_hours(_candidate(), job) == 32


def test_travel_line_rounds_to_five_minutes():
    assert plain.travel_line(10.0, "bike") == "Ongeveer 45 minuten fietsen (10 km)"
    assert plain.travel_line(0.4, "walk") == "Ongeveer 5 minuten lopen (minder dan 1 km)"
    assert plain.travel_line(None, "bike") is None
