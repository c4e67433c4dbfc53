"""Suggestions as the pages show them, and as the suggestion log stores them."""

from __future__ import annotations

from dataclasses import dataclass

from matcher.ranking import Suggestion
from web.matching.repositories.suggestions import SuggestionEntry
from web.vacancies.repositories.vacancies import VacancyRecord

COMPONENT_LABELS = {
    "semantic": "Lijkt op wat de kandidaat zoekt",
    "occupation": "Zelfde soort beroep",
    "skills": "Gevraagde vaardigheden",
    "perspective": "Perspectief van de baan",
    "distance": "Afstand",
}


@dataclass(frozen=True)
class ComponentBar:
    label: str
    value: float  # 0–1
    weighted: float  # contribution to the total score, 0–1

    @property
    def percent(self) -> int:
        return round(self.value * 100)


@dataclass(frozen=True)
class SuggestionCard:
    log_id: int | None
    vacancy: VacancyRecord
    score_percent: int
    perspective: int
    bars: list[ComponentBar]
    reasons: list[str]
    warnings: list[str]
    coach_notes: list[str]
    perspective_lines: list[str]
    missing_skills: tuple[str, ...] = ()  # requested skills the candidate lacks
    weights_label: str = "vaste gewichten"  # which weights ranked it (web/ranker/weights.py)


def bars(breakdown: dict[str, float]) -> list[ComponentBar]:
    return [
        ComponentBar(label, breakdown.get(name, 0.0), breakdown.get(f"{name}_weighted", 0.0))
        for name, label in COMPONENT_LABELS.items()
        if name in breakdown
    ]


def card(
    suggestion: Suggestion,
    vacancy: VacancyRecord,
    log_id: int | None,
    *,
    weights_label: str = "vaste gewichten",
) -> SuggestionCard:
    """For the jobcoach: includes coach-only notes (restricted), never for other roles."""
    return SuggestionCard(
        log_id=log_id,
        vacancy=vacancy,
        score_percent=round(suggestion.score * 100),
        perspective=suggestion.perspective.score,
        bars=bars(suggestion.breakdown),
        reasons=list(suggestion.reasons),
        warnings=list(suggestion.warnings),
        coach_notes=list(suggestion.coach_notes),
        perspective_lines=[
            c.explanation for c in suggestion.perspective.components if c.points > 0
        ],
        missing_skills=tuple(suggestion.missing_skills),
        weights_label=weights_label,
    )


def log_entry(suggestion: Suggestion) -> SuggestionEntry:
    """What the suggestion log keeps: no restricted notes, only public reasons; the
    missing skills (the vacancy's own words) inside the breakdown."""
    return SuggestionEntry(
        candidate_id=suggestion.candidate_id,
        vacancy_id=suggestion.vacancy_id,
        score=suggestion.score,
        breakdown={
            **suggestion.breakdown,
            "perspective_score": suggestion.perspective.score,
            "missing_skills": list(suggestion.missing_skills),
        },
        reasons=list(suggestion.reasons),
        warnings=list(suggestion.warnings),
        model=suggestion.model or "",
        index_build_id=suggestion.index_build,
    )
