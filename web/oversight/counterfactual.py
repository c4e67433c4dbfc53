"""The counterfactual check on the municipality's own candidates, run by the web
process's matcher in its engine thread (matcher.counterfactual does the comparing).

For each of up to SAMPLE candidates three copies are made that differ in one thing:
- name: another first name, written inside the experience text as well;
- gender: the gendered job and person words in the other form ("kapper" → "kapster");
- neighbourhood: the home moved about 3 km.
Name and gender must change nothing; a neighbourhood may change scores, but only
through the distance. Nothing is stored: the copies live only during the check."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date

import asyncpg

from matcher import geo
from matcher.counterfactual import VariantSummary, run
from matcher.models import Candidate, Location
from matcher.neutral import OCCUPATION_FORMS
from web.accounts.repositories.users import User
from web.candidates.repositories import candidates
from web.candidates.repositories.candidates import CandidateRecord
from web.matching.service import MatchingService
from web.oversight.repositories import audit

SAMPLE = 30
OTHER_NAMES = ("Mohammed", "Sem", "Fatima", "Daan", "Aylin", "Jayden", "Priya", "Noah")
MALE_TO_FEMALE = {base: female for female, base in OCCUPATION_FORMS.items()}
SHIFT_NORTH = 0.027  # degrees of latitude: about 3 km
VERDICTS = {
    "name": "Andere voornaam (ook in de tekst)",
    "gender": "Woorden in de andere vorm (kapper ↔ kapster, man ↔ vrouw)",
    "neighbourhood": "Andere buurt (ongeveer 3 km verder)",
}


@dataclass(frozen=True)
class CounterfactualReport:
    summaries: list[VariantSummary]

    def passed(self, summary: VariantSummary) -> bool:
        if summary.kind == "neighbourhood":
            return summary.unexplained == 0
        return summary.top_changed == 0 and summary.max_score_change <= 1e-6


async def check(
    conn: asyncpg.Connection, *, admin: User, matching: MatchingService
) -> CounterfactualReport:
    """Up to SAMPLE candidates of the admin's municipality; the check is audited."""
    await audit.record_by(
        conn,
        admin,
        action="counterfactual_run",
        object_type="organisation",
        object_id=admin.organisation_id,
    )
    records = await candidates.sample_for_organisation(
        conn, organisation_id=admin.organisation_id, limit=SAMPLE
    )
    pairs = copies(records)
    summaries = await matching.thread.run(run, matching.engine, pairs, today=date.today())
    return CounterfactualReport(summaries)


def copies(records: list[CandidateRecord]) -> dict[str, list[tuple[Candidate, Candidate]]]:
    """Per kind, (base, copy) engine candidates with ids the index does not hold."""
    pairs: dict[str, list[tuple[Candidate, Candidate]]] = {k: [] for k in VERDICTS}
    for n, record in enumerate(records):
        named = _with_name_in_text(record)
        pairs["name"].append(_pair(n, 0, named, _renamed(named)))
        pairs["gender"].append(_pair(n, 1, *_gendered(record)))
        base = record.to_matcher()
        pairs["neighbourhood"].append((_fresh(base, n, 2, 0), _fresh(_moved(base), n, 2, 1)))
    return pairs


def _pair(
    n: int, kind: int, base: CandidateRecord, copy: CandidateRecord
) -> tuple[Candidate, Candidate]:
    return _fresh(base.to_matcher(), n, kind, 0), _fresh(copy.to_matcher(), n, kind, 1)


def _fresh(candidate: Candidate, n: int, kind: int, side: int) -> Candidate:
    # Negative ids: never in the index, so each side is embedded from its own text.
    return dataclasses.replace(candidate, id=-(1 + n * 6 + kind * 2 + side))


def _with_name_in_text(record: CandidateRecord) -> CandidateRecord:
    if record.first_name and record.first_name.lower() in record.experience.lower():
        return record
    experience = f"Ik ben {record.first_name}. {record.experience}".strip()
    return dataclasses.replace(record, experience=experience)


def _renamed(record: CandidateRecord) -> CandidateRecord:
    other = next(n for n in OTHER_NAMES if n.lower() != record.first_name.lower())
    pattern = re.compile(re.escape(record.first_name), re.IGNORECASE)
    return dataclasses.replace(
        record, first_name=other, experience=pattern.sub(other, record.experience)
    )


def _gendered(record: CandidateRecord) -> tuple[CandidateRecord, CandidateRecord]:
    desired = _to_female(record.desired_work)
    if desired == record.desired_work:  # nothing gendered to turn: say it in a sentence
        base = dataclasses.replace(record, experience=f"{record.experience} Ik ben een man.")
        return base, dataclasses.replace(
            record, experience=f"{record.experience} Ik ben een vrouw."
        )
    return record, dataclasses.replace(
        record, desired_work=desired, experience=_to_female(record.experience)
    )


def _to_female(text: str) -> str:
    def turn(match: re.Match[str]) -> str:
        word = match.group(0)
        lower = word.lower()
        for base in sorted(MALE_TO_FEMALE, key=len, reverse=True):
            if lower.endswith(base) and not lower.endswith(MALE_TO_FEMALE[base]):
                return lower[: len(lower) - len(base)] + MALE_TO_FEMALE[base]
        return word

    return re.sub(r"\w+", turn, text)


def _moved(candidate: Candidate) -> Candidate:
    home = geo.resolve(candidate.location)
    if home is None:
        return candidate
    moved = Location(postcode=None, lat=home[0] + SHIFT_NORTH, lon=home[1], city=None)
    return dataclasses.replace(candidate, location=moved)
