"""Can a profile written as skills find its occupation?

For a seeded sample of ESCO occupations, five of the occupation's essential skills
(English labels) become a short profile text ("Ik kan: X, Y, Z, ..."), which is
normalised with `Taxonomy.occupations_for`. Prints Recall@10 (the occupation is in the
top 10) and MRR over the top 100.

    .venv/bin/python bench/esco_profiles.py [--sample 1000] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from matcher.embedding import Encoder  # noqa: E402
from matcher.taxonomy import Taxonomy  # noqa: E402

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
CACHE = Path.home() / ".cache" / "perspectief" / "taxonomy"
SKILLS_PER_PROFILE = 5
TOP = 100


def profiles(taxonomy: Taxonomy, sample: int, seed: int) -> list[tuple[str, str]]:
    """(occupation URI, profile text) for a seeded sample of occupations with skills."""
    rng = random.Random(seed)
    uris = sorted(u for u in taxonomy.esco.occupations if taxonomy.esco.essential.get(u))
    chosen = rng.sample(uris, min(sample, len(uris))) if sample else uris
    out = []
    for uri in chosen:
        skills = list(taxonomy.skills_of_occupation(uri).essential)
        picked = rng.sample(skills, min(SKILLS_PER_PROFILE, len(skills)))
        labels = [taxonomy.skill_label(s) or "" for s in picked]
        out.append((uri, "Ik kan: " + ", ".join(label for label in labels if label) + "."))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=1000, help="0 = all occupations")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if not (DATA / "esco" / "occupations_nl.csv").is_file():
        sys.exit(f"ESCO data not found at {DATA / 'esco'}; this benchmark needs it.")
    start = time.perf_counter()
    taxonomy = Taxonomy.load(DATA / "esco", encoder=Encoder(), cache_dir=CACHE)
    print(f"taxonomy loaded in {time.perf_counter() - start:.0f} s")
    cases = profiles(taxonomy, args.sample, args.seed)
    print(f"{len(cases)} occupations (seed {args.seed}), e.g. {cases[0][1]!r}")
    start = time.perf_counter()
    reciprocal, hits = 0.0, 0
    for uri, text in cases:
        ranked = [m.uri for m in taxonomy.occupations_for(text, k=TOP)]
        rank = ranked.index(uri) + 1 if uri in ranked else None
        reciprocal += 1.0 / rank if rank else 0.0
        hits += rank is not None and rank <= 10
    took = time.perf_counter() - start
    print(f"Recall@10 {hits / len(cases):.3f}  MRR {reciprocal / len(cases):.3f}  ({took:.0f} s)")


if __name__ == "__main__":
    main()
