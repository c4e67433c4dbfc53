"""Ranking the elements of a title corpus for each query (the MELO task).

The corpus lists surface forms ("elements") of concepts. When the caller maps
elements to ESCO URIs, elements of one URI form one concept that is scored as a whole
with everything ESCO knows about it, exactly as `Taxonomy.occupations_for` scores
occupations. The ranking then lists concepts best first, each represented by its
element closest to the query, so a near miss costs one rank instead of a whole
concept's worth of labels; the remaining elements follow in the same order.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import Any

import numpy as np

from matcher.embedding import Encoder
from matcher.taxonomy.esco import EscoData, read_esco
from matcher.taxonomy.forms import esco_forms
from matcher.taxonomy.normaliser import ConceptIndex


def group_corpus(
    corpus: list[tuple[str, str]], concepts: dict[str, str] | None
) -> tuple[list[str], list[list[int]]]:
    """Concept keys and, per concept, the corpus positions of its elements."""
    keys: list[str] = []
    members: dict[str, list[int]] = {}
    for position, (cid, _) in enumerate(corpus):
        key = (concepts or {}).get(cid, f"element:{cid}")
        if key not in members:
            keys.append(key)
            members[key] = []
        members[key].append(position)
    return keys, [members[k] for k in keys]


def corpus_index(
    corpus: list[tuple[str, str]],
    keys: list[str],
    members: list[list[int]],
    *,
    encoder: Encoder | None,
    esco: EscoData | None,
    cache_dir: Path | None = None,
    rules_off: Collection[str] = frozenset(),
) -> ConceptIndex:
    """Concept index whose forms are the corpus labels plus ESCO's forms per URI."""
    forms = []
    for key, positions in zip(keys, members, strict=True):
        own = [("label", corpus[p][1]) for p in positions]
        forms.append(own + (esco_forms(esco, key) if esco is not None else []))
    return ConceptIndex(forms, encoder=encoder, cache_dir=cache_dir, rules_off=rules_off)


def rank_titles(
    corpus: list[tuple[str, str]],
    queries: list[tuple[str, str]],
    *,
    concepts: dict[str, str] | None,
    top: int,
    encoder: Encoder,
    esco_dir: Path | None,
    cache_dir: Path | None = None,
    rules_off: Collection[str] = frozenset(),
) -> list[tuple[str, str, int, float]]:
    """(qid, cid, rank from 1, score 0-1) for the `top` best corpus elements per query;
    `rules_off` names title rules to switch off (a benchmark measuring them)."""
    esco = read_esco(esco_dir) if esco_dir is not None and esco_dir.is_dir() else None
    keys, members = group_corpus(corpus, concepts)
    index = corpus_index(
        corpus, keys, members, encoder=encoder, esco=esco, cache_dir=cache_dir, rules_off=rules_off
    )
    texts = [text for _, text in queries]
    scores = index.scores(texts)
    element_sims = _element_closeness(index, texts, corpus)
    rows: list[tuple[str, str, int, float]] = []
    for i, (qid, _) in enumerate(queries):
        closeness = element_sims[i].toarray().ravel()
        order = _element_order(scores[i], closeness, members, top)
        rows += [(qid, corpus[p][0], rank, score) for rank, (p, score) in enumerate(order, 1)]
    return rows


def _element_closeness(index: ConceptIndex, texts: list[str], corpus: list[tuple[str, str]]) -> Any:
    """Closeness (sparse rows) of each query to each corpus element, only to pick a
    concept's display element."""
    prepared = [index.prepare(text) for text in texts]
    return index.char_vectors(prepared) @ index.char_vectors([t for _, t in corpus]).T


def _element_order(
    concept_scores: np.ndarray, closeness: np.ndarray, members: list[list[int]], top: int
) -> list[tuple[int, float]]:
    """Corpus positions with scores: one element per concept first, then the rest."""
    first: list[tuple[int, float]] = []
    rest: list[tuple[int, float]] = []
    for concept in np.argsort(-concept_scores, kind="stable"):
        if len(first) >= top:
            break
        positions = members[concept]
        score = float(concept_scores[concept])
        best = positions[int(np.argmax(closeness[positions]))]
        first.append((best, score))
        rest += [(p, score) for p in positions if p != best]
    return (first + rest)[:top]
