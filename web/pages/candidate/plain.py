"""Plain Dutch (B1, "je"-form) for a young person looking at one suggested job.

Pure functions over the engine's plain data. They take a `Candidate` and a `Vacancy`,
never `Restrictions`: a candidate's page cannot say anything coach-only because the
facts to say it are not an input.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from matcher import geo
from matcher.certificates import held_certificates, normalise_certificate
from matcher.fit import occupation_match, phrase_present, terms
from matcher.models import LANGUAGE_LEVELS, Candidate, Vacancy
from matcher.perspective import Perspective
from web.formatting import money, number, number_range

WEEKS_PER_MONTH = 52 / 12  # 4.33: a month's pay is the weekly pay times this
TRAVEL_WORDS = {
    "walk": "lopen",
    "bike": "fietsen",
    "ebike": "op de e-bike",
    "ov": "met bus of trein",
    "car": "met de auto",
}
VAGUE_WORDS = frozenset({"werken", "werk", "doen", "bezig", "graag", "houden", "veel"})
# Canonical certificate names (matcher.certificates.normalise_certificate) in plain words.
CERTIFICATE_WORDS = {
    "vca": "VCA",
    "vca-vol": "VCA-VOL",
    "heftruck": "heftruckcertificaat",
    "reachtruck": "reachtruckcertificaat",
    "haccp": "HACCP-certificaat",
    "beveiliging": "beveiligingsdiploma",
    "bhv": "BHV-diploma",
    "svh": "diploma Sociale Hygiëne",
}


def working_hours(candidate: Candidate, vacancy: Vacancy) -> float | None:
    """Hours per week they would likely work: as many as they want, within the job's range."""
    wanted = candidate.hours_max or candidate.hours_min
    low, high = vacancy.hours_min, vacancy.hours_max
    if wanted is None:
        return high or low
    if high is not None:
        wanted = min(wanted, high)
    if low is not None:
        wanted = max(wanted, low)
    return wanted


def wage_lines(candidate: Candidate, vacancy: Vacancy) -> list[str]:
    """What they earn: per hour, and roughly per month at their hours (gross)."""
    if vacancy.hourly_wage is None:
        return ["Het loon staat niet in de vacature. Vraag ernaar."]
    lines = [f"{money(vacancy.hourly_wage)} per uur (bruto)"]
    hours = working_hours(candidate, vacancy)
    if hours:
        month = vacancy.hourly_wage * hours * WEEKS_PER_MONTH
        per_month = money(month, cents=False)
        lines.append(f"Ongeveer {per_month} per maand als je {number(hours)} uur per week werkt")
    return lines


def hours_line(vacancy: Vacancy) -> str:
    if not (vacancy.hours_min or vacancy.hours_max):
        return "Het aantal uren staat niet in de vacature"
    return number_range(vacancy.hours_min, vacancy.hours_max, "uur per week", joiner=" tot ")


def travel_line(km: float | None, mode: str) -> str | None:
    """'Ongeveer 20 minuten fietsen (5 km)', or None when a place is unknown."""
    if km is None:
        return None
    minutes = max(5, round(geo.travel_minutes(km, mode) / 5) * 5)
    distance = "minder dan 1 km" if km < 1 else f"{number(km, decimals=0)} km"
    return f"Ongeveer {minutes} minuten {TRAVEL_WORDS.get(mode, 'reizen')} ({distance})"


def good_step(perspective: Perspective) -> list[str]:
    """Why this job is a good step, from the perspective score's own components."""
    lines: list[str] = []
    for part in perspective.components:
        if part.points <= 0:
            continue
        lines += _step_lines(part.name, part.explanation, part.points / (part.max_points or 1))
    return lines


def _step_lines(name: str, explanation: str, fraction: float) -> list[str]:
    if name == "contract":
        if explanation == "vast contract":
            return ["Je krijgt een vast contract"]
        after = re.search(r"na (\d+) maanden", explanation)
        return [f"Kans op een vast contract na {after.group(1)} maanden"] if after else []
    if name == "training":
        return [_sentence(p) for p in explanation.split("; ")]
    if name == "wage" and fraction >= 0.7:
        return ["Je verdient meer dan het minimumloon voor jouw leeftijd"]
    if name == "stable_hours" and fraction >= 1:
        return ["Vaste uren: je weet wanneer je werkt"]
    if name == "second_chance":
        return ["De werkgever geeft mensen een tweede kans"]
    return []


def fits_you(candidate: Candidate, vacancy: Vacancy, skills_held: Sequence[str]) -> list[str]:
    """Why the job fits them, in "je"-form: work they want, likes, skills, papers.
    `skills_held`: the requested skills they have, by the coach's card's test
    (matcher.fit.skills_held)."""
    reasons = [
        _wanted_work(candidate, vacancy),
        *_likes(candidate, vacancy),
        _skills(skills_held),
        *_papers(candidate, vacancy),
        _hours(candidate, vacancy),
    ]
    return [r for r in reasons if r]


def _wanted_work(candidate: Candidate, vacancy: Vacancy) -> str | None:
    value, _reason = occupation_match(candidate, vacancy, None)
    return "Dit is het soort werk dat je zoekt" if value >= 0.5 else None


def _vacancy_words(vacancy: Vacancy) -> frozenset[str]:
    texts = [vacancy.title, vacancy.description, *vacancy.skills, vacancy.sector or ""]
    return frozenset().union(*(terms(t) for t in texts))


def _likes(candidate: Candidate, vacancy: Vacancy) -> list[str]:
    pool = _vacancy_words(vacancy)
    liked = [p.strip() for p in re.split(r"[,;\n]", candidate.interests) if p.strip()]
    return [f"Je houdt van {p.lower()}" for p in liked if _all_present(p, pool)][:2]


def _all_present(phrase: str, pool: frozenset[str]) -> bool:
    # Every telling word must occur: "met dieren werken" is not found via "werken" alone.
    words = terms(phrase) - VAGUE_WORDS
    return bool(words) and all(phrase_present(w, pool) for w in words)


def _skills(held: Sequence[str]) -> str | None:
    return f"Je kunt al: {', '.join(held[:3])}" if held else None


def _papers(candidate: Candidate, vacancy: Vacancy) -> list[str]:
    held = held_certificates(candidate)
    required = [normalise_certificate(c) for c in vacancy.required_certificates]
    lines = [f"Je hebt je {CERTIFICATE_WORDS.get(c, c)}" for c in required if c in held]
    licences = {x.upper().replace("RIJBEWIJS", "").strip() for x in candidate.driving_licences}
    wanted = (vacancy.driving_licence or "").upper().replace("RIJBEWIJS", "").strip()
    if wanted and wanted in licences:
        lines.append(f"Je hebt rijbewijs {wanted}")
    if _language_enough(candidate, vacancy):
        lines.append("Je spreekt genoeg Nederlands voor dit werk")
    return lines


def _language_enough(candidate: Candidate, vacancy: Vacancy) -> bool:
    wanted, held = (vacancy.language_level or "").upper(), (candidate.language_level or "").upper()
    if wanted not in LANGUAGE_LEVELS or held not in LANGUAGE_LEVELS:
        return False
    return LANGUAGE_LEVELS.index(held) >= LANGUAGE_LEVELS.index(wanted)


def _hours(candidate: Candidate, vacancy: Vacancy) -> str | None:
    if candidate.hours_max is None and candidate.hours_min is None:
        return None
    low, high = vacancy.hours_min or 0, vacancy.hours_max
    fits_min = high is None or candidate.hours_min is None or high >= candidate.hours_min
    fits_max = candidate.hours_max is None or low <= candidate.hours_max
    return "De uren passen bij wat je wilt werken" if fits_min and fits_max else None


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text
