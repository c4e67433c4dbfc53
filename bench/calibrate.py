"""Fit an embedding model's calibration on the hand-labelled product sets.

What "69% match" means depends on the model: its cosines and the taxonomy's look-up
scores. This script fits, for one model setting (default: the project default),

- `occupation_min_score` and `skill_min_score`: the score from which a taxonomy
  look-up's first answer counts (a vacancy title's occupation, a skill phrase's skill).
  The threshold maximises F0.5 of "the first answer is an acceptable one" on the fit
  half: precision counts twice as much as recall, because a wrong "past bij gewenst
  beroep" or a wrongly ticked skill misleads a coach, while a missed one only leaves a
  component neutral. With fewer than MIN_RIGHT right first answers on the fit half there
  is nothing to fit: the untuned default stays (the file records the counts).
- `semantic_floor` and `semantic_ceil`: the ranking rescales the cosine of a candidate's
  text and a vacancy's text (matcher.texts), so they are fitted on such pairs: the
  coach-choice world (bench/coach_choice_world.py) with its hand judgements
  (bench/coach_choice_judgements.csv). The floor is the median cosine of pairs judged
  irrelevant (semantic value 0), the ceiling that of pairs judged good (value 1). The
  pairs are split in halves by the candidate, so no candidate is in both halves.

The look-up sets are `bench/product_titles.csv` (titles) and `bench/product_skills.csv`
(skill phrases). Each set is split in two halves by a hash of the text; the numbers are fitted on
one half and reported on the other, beside the untuned defaults. The result goes to
`matcher/data/calibration/<model-slug>.json` with its provenance, which
`matcher.calibration` loads:

    HF_HUB_OFFLINE=1 .venv/bin/python bench/calibrate.py [--model NAME] [--dry-run]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import product_titles  # noqa: E402  (bench/, beside this script)

from bench.coach_choice import (  # noqa: E402
    drops,
    held_out,
    judged_relevance,
    read_judgements,
    suggested_floor,
)
from bench.coach_choice_world import candidate_rows, vacancy_rows  # noqa: E402
from matcher.calibration import FITTED, UNCALIBRATED, Calibration, calibration_path  # noqa: E402
from matcher.embedding import DEFAULT_MODEL, Encoder  # noqa: E402
from matcher.records import IdMap, parse_candidate, parse_vacancy  # noqa: E402
from matcher.taxonomy.esco import read_esco  # noqa: E402
from matcher.taxonomy.taxonomy import Taxonomy  # noqa: E402
from matcher.texts import candidate_text, vacancy_text  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BETA = 0.5  # F-beta weight: precision counts 1/BETA = 2 times as much as recall
MIN_RIGHT = 5  # fewer right first answers on the fit half than this: keep the default


@dataclass(frozen=True)
class LookUp:
    """A taxonomy look-up's first answer: its score (0–1) and whether it is acceptable."""

    text: str
    score: float
    right: bool


@dataclass(frozen=True)
class Separation:
    """How a threshold splits look-ups: precision and recall of accepting score ≥ threshold."""

    threshold: float
    precision: float
    recall: float
    accepted: int
    n: int

    def line(self) -> str:
        return (
            f"threshold {self.threshold:.3f}: precision {self.precision:.3f}, "
            f"recall {self.recall:.3f} ({self.accepted} of {self.n} accepted)"
        )


def halves(items: Sequence[LookUp]) -> tuple[list[LookUp], list[LookUp]]:
    return [x for x in items if not held_out(x.text)], [x for x in items if held_out(x.text)]


def separation(items: Sequence[LookUp], threshold: float) -> Separation:
    accepted = [x for x in items if x.score >= threshold]
    right = sum(x.right for x in items)
    hits = sum(x.right for x in accepted)
    return Separation(
        threshold=threshold,
        precision=hits / len(accepted) if accepted else 1.0,
        recall=hits / right if right else 0.0,
        accepted=len(accepted),
        n=len(items),
    )


def f_beta(s: Separation) -> float:
    if s.precision + s.recall == 0:
        return 0.0
    b2 = BETA * BETA
    return (1 + b2) * s.precision * s.recall / (b2 * s.precision + s.recall)


def fit_threshold(items: Sequence[LookUp]) -> float:
    """The threshold with the best F0.5 on these look-ups, halfway between the lowest
    accepted score and the next lower one (so it does not sit on one item's score)."""
    scores = sorted({x.score for x in items}, reverse=True)
    best = max(scores, key=lambda t: (f_beta(separation(items, t)), t))
    lower = [s for s in scores if s < best]
    return round((best + lower[0]) / 2 if lower else best, 3)


def first_answers(
    found: list[list], wanted: Sequence[frozenset[str]], texts: list[str]
) -> list[LookUp]:
    return [
        LookUp(text, m[0].score if m else 0.0, bool(m) and m[0].uri in uris)
        for text, m, uris in zip(texts, found, wanted, strict=True)
    ]


def title_look_ups(taxonomy: Taxonomy, titles: list[product_titles.ProductTitle]) -> list[LookUp]:
    texts = [t.title for t in titles]
    return first_answers(taxonomy.occupations_for_many(texts, 1), [t.uris for t in titles], texts)


def skill_look_ups(taxonomy: Taxonomy, skills: list[product_titles.ProductSkill]) -> list[LookUp]:
    texts = [s.phrase for s in skills]
    return first_answers(taxonomy.skills_for_many(texts, 1), [s.uris for s in skills], texts)


@dataclass(frozen=True)
class WorldPair:
    """A candidate–vacancy pair from bench/coach_choice: the cosine of the two texts the
    engine embeds, and a coach's judgement (0 irrelevant, 1 plausible, 2 good)."""

    candidate: str
    cosine: float
    relevance: int  # UNJUDGED: no run put the pair in its top 5


UNJUDGED = -1


def world_pairs(encoder: Encoder) -> list[WorldPair]:
    """Every pair of the coach-choice world, with the cosine the ranking rescales and the
    judgement (UNJUDGED for pairs no run put in its top 5)."""
    cids, vids = IdMap(), IdMap()
    candidates = {r["id"]: parse_candidate(r, ids=cids) for r in candidate_rows()}
    vacancies = {r["id"]: parse_vacancy(r, ids=vids) for r in vacancy_rows()}
    labels = {pair: int(label) for pair, label in read_judgements().items() if label}
    judged = [(c, v, labels.get((c, v), UNJUDGED)) for c in candidates for v in vacancies]
    c_vec = dict(zip(candidates, vectors(encoder, candidate_text, candidates), strict=True))
    v_vec = dict(zip(vacancies, vectors(encoder, vacancy_text, vacancies), strict=True))
    return [WorldPair(c, float(c_vec[c] @ v_vec[v]), label) for c, v, label in judged]


def judged_count(pairs: Sequence[WorldPair]) -> int:
    return sum(1 for p in pairs if p.relevance != UNJUDGED)


def vectors(encoder: Encoder, text: Callable[[Any], str], records: dict[str, Any]) -> np.ndarray:
    return encoder.encode([text(record) for record in records.values()])


def fit_semantic(pairs: Sequence[WorldPair]) -> tuple[float, float]:
    """(floor, ceil): the median cosine of the pairs not judged relevant (semantic value 0:
    most are unrelated work) and of the pairs judged good (semantic value 1)."""
    irrelevant = [p.cosine for p in pairs if p.relevance in (UNJUDGED, 0)]
    good = [p.cosine for p in pairs if p.relevance == 2]
    return round(float(np.median(irrelevant)), 3), round(float(np.median(good)), 3)


def semantic_report(pairs: Sequence[WorldPair], floor: float, ceil: float) -> dict[str, float]:
    """On held-out pairs: how often a good (or plausible) pair's cosine beats an irrelevant
    one (AUC), and the share of irrelevant pairs above semantic value 0.5 / good below it."""

    def value(cosine: float) -> float:
        return min(1.0, max(0.0, (cosine - floor) / (ceil - floor)))

    by = {k: np.array([p.cosine for p in pairs if p.relevance == k]) for k in (0, 1, 2)}
    related = np.concatenate([by[1], by[2]])
    return {
        "auc_good_over_irrelevant": round(float((by[2][:, None] > by[0][None, :]).mean()), 3),
        "auc_related_over_irrelevant": round(float((related[:, None] > by[0][None, :]).mean()), 3),
        "irrelevant_above_half": round(float(np.mean([value(c) > 0.5 for c in by[0]])), 3),
        "good_below_half": round(float(np.mean([value(c) < 0.5 for c in by[2]])), 3),
        "pairs": {"irrelevant": len(by[0]), "plausible": len(by[1]), "good": len(by[2])},
    }


def commit() -> str:
    """HEAD's hash, marked "+changes" when matcher/ differs from it (the normaliser fitted)."""
    run = lambda *a: subprocess.run(a, cwd=ROOT, capture_output=True, text=True).stdout  # noqa: E731
    head = run("git", "rev-parse", "HEAD").strip() or "unknown"
    dirty = run("git", "status", "--porcelain", "--", "matcher").strip()
    return head + ("+changes" if dirty else "")


def fit_look_ups(name: str, items: list[LookUp], old: float) -> tuple[float, dict]:
    """Fit a threshold on one half, report both it and the old one on the other."""
    fit, test = halves(items)
    fit_right, right = sum(x.right for x in fit), sum(x.right for x in test)
    threshold = fit_threshold(fit) if fit_right >= MIN_RIGHT else old
    new, before = separation(test, threshold), separation(test, old)
    print(f"\n{name}: {len(fit)} fit ({fit_right} with a right first answer), ", end="")
    print(f"{len(test)} held out ({right})")
    if fit_right < MIN_RIGHT:
        print(f"  too few right answers to fit (< {MIN_RIGHT}): the untuned threshold stays")
    print(f"  fitted  {new.line()}")
    print(f"  untuned {before.line()}")
    return threshold, {
        "fit": len(fit),
        "fit_right_first": fit_right,
        "held_out": len(test),
        "held_out_right_first": right,
        "held_out_at_fitted": vars(new),
        "held_out_at_untuned": vars(before),
    }


def fit_relevance_floor(
    encoder: Encoder, taxonomy: Taxonomy, calibration: Calibration
) -> tuple[float, dict]:
    """The relevance floor on this calibration's scale: the highest that keeps every good
    and 7/8 of the plausible judged pairs of the fit half (bench/coach_choice.py floor);
    what it drops of the held-out half."""
    rows = judged_relevance(encoder, taxonomy, calibration)
    fit = [(r, label) for c, r, label in rows if not held_out(c)]
    test = [(r, label) for c, r, label in rows if held_out(c)]
    floor = suggested_floor(fit)
    report = {"fit": drops(fit, floor), "held_out": drops(test, floor)}
    print(f"\nrelevance floor {floor:.2f}: drops of the fit half {report['fit']}")
    print(f"  held out: {report['held_out']}")
    return floor, report


def fit_all(model: str) -> dict[str, Any]:
    """Every fitted number of one model setting, with the reports that go in provenance."""
    encoder = Encoder(model)
    taxonomy = Taxonomy(
        read_esco(product_titles.DATA / "esco"), encoder=encoder, cache_dir=product_titles.CACHE
    )
    titles, skills = product_titles.read_titles(), product_titles.read_skills()
    occupation, occ_report = fit_look_ups(
        "occupation look-ups (titles)",
        title_look_ups(taxonomy, titles),
        UNCALIBRATED.occupation_min_score,
    )
    skill, skill_report = fit_look_ups(
        "skill look-ups (phrases)", skill_look_ups(taxonomy, skills), UNCALIBRATED.skill_min_score
    )
    pairs = world_pairs(encoder)
    fit_pairs = [p for p in pairs if not held_out(p.candidate)]
    floor, ceil = fit_semantic(fit_pairs)
    semantic = semantic_report([p for p in pairs if held_out(p.candidate)], floor, ceil)
    judged = judged_count(fit_pairs)
    print(f"\nsemantic: floor {floor}, ceil {ceil} ({len(fit_pairs)} pairs, {judged} judged)")
    print(f"  held out: {semantic}")
    fitted = Calibration(floor, ceil, skill, occupation, relevance_floor=0.0, measured_for=model)
    relevance_floor, relevance_report = fit_relevance_floor(encoder, taxonomy, fitted)
    return {
        "numbers": {**asdict(fitted), "relevance_floor": relevance_floor},
        "sets": {"titles": len(titles), "skills": len(skills), "judged_pairs": judged_count(pairs)},
        "occupation": occ_report,
        "skill": skill_report,
        "semantic_held_out": semantic,
        "relevance_floor": relevance_report,
    }


def calibration_file(model: str, fitted: dict[str, Any]) -> dict[str, Any]:
    numbers = {name: fitted["numbers"][name] for name in FITTED}
    return {
        "model": model,
        **numbers,
        "provenance": {
            "fitted_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "commit": commit(),
            "command": "bench/calibrate.py"
            + (f" --model {model}" if model != DEFAULT_MODEL else ""),
            "sets": fitted["sets"],
            "split": "halves by the first byte of sha256(text; for pairs: the candidate's id): "
            "even fits, odd is held out",
            "thresholds": f"max F{BETA} (precision counts twice) of 'first answer acceptable'",
            "semantic": "median cosine of candidate and vacancy texts in pairs a coach judged "
            "irrelevant (floor) and good (ceil), bench/coach_choice_judgements.csv",
            "relevance": "highest floor (0.02 steps) that keeps every good and 7/8 of the "
            "plausible judged pairs of the fit half",
            **{k: fitted[k] for k in ("occupation", "skill", "semantic_held_out")},
            "relevance_floor_drops": fitted["relevance_floor"],
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=DEFAULT_MODEL, help="embedding model setting")
    parser.add_argument("--dry-run", action="store_true", help="print, do not write the file")
    args = parser.parse_args()
    result = calibration_file(args.model, fit_all(args.model))
    path = calibration_path(args.model)
    if args.dry_run:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwritten: {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
