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
- `semantic_floor` and `semantic_ceil`: the median cosine between a title and titles of
  other domains (semantic value 0), and between a title and the Dutch preferred label of
  its own ESCO occupation (semantic value 1).

The sets are `bench/product_titles.csv` (titles) and `bench/product_skills.csv` (skill
phrases). Each is split in two halves by a hash of the text; the numbers are fitted on
one half and reported on the other, beside the untuned defaults. The result goes to
`matcher/data/calibration/<model-slug>.json` with its provenance, which
`matcher.calibration` loads:

    HF_HUB_OFFLINE=1 .venv/bin/python bench/calibrate.py [--model NAME] [--dry-run]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import product_titles  # noqa: E402  (bench/, beside this script)

from matcher.calibration import UNCALIBRATED, calibration_path  # noqa: E402
from matcher.embedding import DEFAULT_MODEL, Encoder  # noqa: E402
from matcher.taxonomy.esco import read_esco  # noqa: E402
from matcher.taxonomy.taxonomy import Taxonomy  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BETA = 0.5  # F-beta weight: precision counts 1/BETA = 2 times as much as recall
UNRELATED_PER_TITLE = 5  # random other-domain titles per title
MIN_RIGHT = 5  # fewer right first answers on the fit half than this: keep the default
SEED = 15


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


def held_out(text: str) -> bool:
    """The half a text belongs to: fixed by its hash, so a refit uses the same split."""
    return hashlib.sha256(text.encode("utf-8")).digest()[0] % 2 == 1


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
class CosinePairs:
    """Cosines of title pairs, per title: with its own ESCO label, with other-domain titles."""

    text: str
    related: float
    unrelated: tuple[float, ...]


def cosine_pairs(
    taxonomy: Taxonomy, encoder: Encoder, titles: list[product_titles.ProductTitle]
) -> list[CosinePairs]:
    """Per title: cosine with the Dutch preferred label of its first listed occupation, and
    with UNRELATED_PER_TITLE random titles of other domains (seeded)."""
    labels = [taxonomy.occupation_label(t.first_uri or min(t.uris)) or "" for t in titles]
    vectors = encoder.encode([t.title for t in titles])
    label_vectors = encoder.encode(labels)
    pick = random.Random(SEED)
    out = []
    for i, title in enumerate(titles):
        others = [j for j, o in enumerate(titles) if o.domain != title.domain]
        chosen = pick.sample(others, UNRELATED_PER_TITLE)
        unrelated = tuple(float(vectors[i] @ vectors[j]) for j in chosen)
        out.append(CosinePairs(title.title, float(vectors[i] @ label_vectors[i]), unrelated))
    return out


def fit_semantic(pairs: Sequence[CosinePairs]) -> tuple[float, float]:
    """(floor, ceil): median unrelated cosine, median related cosine."""
    unrelated = [c for p in pairs for c in p.unrelated]
    related = [p.related for p in pairs]
    return round(float(np.median(unrelated)), 3), round(float(np.median(related)), 3)


def semantic_report(pairs: Sequence[CosinePairs], floor: float, ceil: float) -> dict[str, float]:
    """On held-out pairs: how often a related pair's cosine beats an unrelated one (AUC),
    and the share of unrelated pairs still above semantic value 0.5 / related below it."""

    def value(cosine: float) -> float:
        return min(1.0, max(0.0, (cosine - floor) / (ceil - floor)))

    unrelated = np.array([c for p in pairs for c in p.unrelated])
    related = np.array([p.related for p in pairs])
    beats = (related[:, None] > unrelated[None, :]).mean()
    return {
        "auc_related_over_unrelated": round(float(beats), 3),
        "unrelated_above_half": round(float(np.mean([value(c) > 0.5 for c in unrelated])), 3),
        "related_below_half": round(float(np.mean([value(c) < 0.5 for c in related])), 3),
        "unrelated_pairs": len(unrelated),
        "related_pairs": len(related),
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=DEFAULT_MODEL, help="embedding model setting")
    parser.add_argument("--dry-run", action="store_true", help="print, do not write the file")
    args = parser.parse_args()
    encoder = Encoder(args.model)
    esco = read_esco(product_titles.DATA / "esco")
    taxonomy = Taxonomy(esco, encoder=encoder, cache_dir=product_titles.CACHE)
    titles, skills = product_titles.read_titles(), product_titles.read_skills()
    old = UNCALIBRATED
    occupation, occ_report = fit_look_ups(
        "occupation look-ups (titles)", title_look_ups(taxonomy, titles), old.occupation_min_score
    )
    skill, skill_report = fit_look_ups(
        "skill look-ups (phrases)", skill_look_ups(taxonomy, skills), old.skill_min_score
    )
    pairs = cosine_pairs(taxonomy, encoder, titles)
    fit_pairs = [p for p in pairs if not held_out(p.text)]
    floor, ceil = fit_semantic(fit_pairs)
    semantic = semantic_report([p for p in pairs if held_out(p.text)], floor, ceil)
    print(f"\nsemantic: floor {floor}, ceil {ceil} (fitted on {len(fit_pairs)} titles)")
    print(f"  held out: {semantic}")
    result = {
        "model": args.model,
        "semantic_floor": floor,
        "semantic_ceil": ceil,
        "skill_min_score": skill,
        "occupation_min_score": occupation,
        "provenance": {
            "fitted_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "commit": commit(),
            "command": "bench/calibrate.py"
            + (f" --model {args.model}" if args.model != DEFAULT_MODEL else ""),
            "sets": {"titles": len(titles), "skills": len(skills)},
            "split": "halves by the first byte of sha256(text): even fits, odd is held out",
            "thresholds": f"max F{BETA} (precision counts twice) of 'first answer acceptable'",
            "semantic": "median cosine of a title with other-domain titles (floor) and with "
            "its ESCO label (ceil)",
            "occupation": occ_report,
            "skill": skill_report,
            "semantic_held_out": semantic,
        },
    }
    path = calibration_path(args.model)
    if args.dry_run:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwritten: {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
