"""Reading the ESCO CSV package into plain data.

Works on the trimmed development copy (Dutch occupations, English skills) as well as
on the full ESCO download, whose file names carry a language suffix
(`skills_nl.csv`, `occupationSkillRelations_en.csv`). Multi-valued fields such as
altLabels hold one label per line.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

LANGUAGES = ("nl", "en")


@dataclass(frozen=True)
class Concept:
    """One ESCO concept (occupation, ISCO group or skill) with labels per language."""

    uri: str
    preferred: dict[str, str] = field(default_factory=dict)
    alternative: dict[str, tuple[str, ...]] = field(default_factory=dict)
    description: dict[str, str] = field(default_factory=dict)
    isco_code: str = ""

    def labels(self, lang: str) -> list[str]:
        """Preferred label first, then alternative and hidden labels, without repeats."""
        out = [self.preferred[lang]] if lang in self.preferred else []
        for label in self.alternative.get(lang, ()):
            if label not in out:
                out.append(label)
        return out


@dataclass(frozen=True)
class EscoData:
    """The parts of ESCO the matcher uses, keyed by concept URI."""

    occupations: dict[str, Concept]
    isco_groups: dict[str, Concept]  # keyed by URI; `isco_code` holds the code
    skills: dict[str, Concept]
    essential: dict[str, tuple[str, ...]]  # occupation URI -> skill URIs
    optional: dict[str, tuple[str, ...]]

    def isco_group_of(self, uri: str) -> Concept | None:
        """The ISCO unit group an occupation sits in (the group itself for a group)."""
        if uri in self.isco_groups:
            return self.isco_groups[uri]
        occupation = self.occupations.get(uri)
        if occupation is None or not occupation.isco_code:
            return None
        return self.isco_groups.get(_isco_uri(occupation.isco_code))


def _isco_uri(code: str) -> str:
    return f"http://data.europa.eu/esco/isco/C{code}"


def _lines(value: str | None) -> tuple[str, ...]:
    return tuple(s.strip() for s in (value or "").splitlines() if s.strip())


def _read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _find(esco_dir: Path, stem: str, lang: str) -> Path | None:
    for name in (f"{stem}_{lang}.csv", f"{stem}.csv" if lang == "en" else ""):
        if name and (esco_dir / name).is_file():
            return esco_dir / name
    return None


def _read_concepts(esco_dir: Path, stem: str) -> dict[str, Concept]:
    """Merge `<stem>_<lang>.csv` files into one Concept per URI."""
    merged: dict[str, Concept] = {}
    for lang in LANGUAGES:
        path = _find(esco_dir, stem, lang)
        if path is None:
            continue
        for row in _read_rows(path):
            uri = row["conceptUri"]
            concept = merged.setdefault(uri, Concept(uri=uri))
            if row.get("preferredLabel"):
                concept.preferred[lang] = row["preferredLabel"].strip()
            extra = _lines(row.get("altLabels")) + _lines(row.get("hiddenLabels"))
            concept.alternative[lang] = extra
            if row.get("description"):
                concept.description[lang] = row["description"].strip()
            code = row.get("iscoGroup") or row.get("code") or ""
            if code and not concept.isco_code:
                object.__setattr__(concept, "isco_code", code.strip())
    return merged


def _read_relations(
    esco_dir: Path,
) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    paths = sorted(esco_dir.glob("occupationSkillRelations*.csv"))
    by_type: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for row in _read_rows(paths[0]) if paths else []:
        by_type[row["relationType"].strip()][row["occupationUri"]].append(row["skillUri"])
    essential = {k: tuple(v) for k, v in by_type["essential"].items()}
    optional = {k: tuple(v) for k, v in by_type["optional"].items()}
    return essential, optional


def read_esco(esco_dir: Path) -> EscoData:
    """Read an ESCO CSV directory; FileNotFoundError when it holds no occupations file."""
    if not any(_find(esco_dir, "occupations", lang) for lang in LANGUAGES):
        raise FileNotFoundError(f"no ESCO occupations_<lang>.csv in {esco_dir}")
    essential, optional = _read_relations(esco_dir)
    return EscoData(
        occupations=_read_concepts(esco_dir, "occupations"),
        isco_groups=_read_concepts(esco_dir, "ISCOGroups"),
        skills=_read_concepts(esco_dir, "skills"),
        essential=essential,
        optional=optional,
    )
