"""Concept-level normaliser: which concept does a job title or phrase mean?

A concept (an ESCO occupation, an ISCO group, a skill) is known by many surface forms:
Dutch and English labels, gendered variants, a description, the label of its ISCO
group. A title is scored against every form with three signals -- character n-gram
TF-IDF (robust to spelling and compounds), word TF-IDF over base words with compounds
split (robust to word order and gender), and sentence-embedding cosine (synonyms) --
and each signal is pooled per concept by taking its best form. The concept score is
a weighted sum of the pooled signals, so a title that matches any form of a concept
lifts the whole concept.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from matcher.embedding import Encoder
from matcher.folding import fold
from matcher.taxonomy.text import (
    Lexicon,
    checked_off,
    clean_query,
    expand_qualifiers,
    strip_qualifiers,
    words,
)
from matcher.taxonomy.vectors import encode_cached

# Kinds of surface form: same-language labels, other-language labels, the ISCO group
# label, and free-text descriptions.
KINDS = ("label", "other", "group", "text")
LEXICAL_KINDS = ("label", "other", "group")

# (signal, kind) -> weight: a coarse coordinate search on the MELO development half
# (bench/melo.py); the ISCO group label and the description carry real evidence.
DEFAULT_WEIGHTS: Mapping[tuple[str, str], float] = {
    ("char", "label"): 1.0,
    ("char", "other"): 0.05,
    ("char", "group"): 0.75,
    ("word", "label"): 0.35,
    ("word", "other"): 0.5,
    ("emb", "label"): 0.7,
    ("emb", "other"): 0.5,
    ("emb", "text"): 0.5,
}
# An English title is scored with the kinds' roles swapped: the English labels are its
# same-language labels and the Dutch ones the other language.
_SWAPPED_KIND = {"label": "other", "other": "label"}
_BATCH = 256
Matrix = Any  # np.ndarray or a scipy sparse matrix: both support "@" and slicing


@dataclass(frozen=True)
class _FormTable:
    """The forms of one kind, sorted by concept so a max can be pooled per concept."""

    texts: list[str]
    concepts: np.ndarray  # concept index of each form, non-decreasing
    present: np.ndarray  # concepts that have at least one form of this kind
    starts: np.ndarray  # first form of each present concept

    @classmethod
    def build(cls, pairs: list[tuple[int, str]]) -> _FormTable:
        pairs = sorted(set(pairs))
        concepts = np.array([c for c, _ in pairs], dtype=np.int64)
        present, starts = np.unique(concepts, return_index=True)
        return cls([t for _, t in pairs], concepts, present, starts)

    def pool(self, sims: np.ndarray, n_concepts: int) -> np.ndarray:
        """Per-concept maximum of form similarities (queries x forms -> x concepts)."""
        out = np.zeros((sims.shape[0], n_concepts), dtype=np.float32)
        if len(self.texts):
            out[:, self.present] = np.maximum.reduceat(sims, self.starts, axis=1)
        return out


def _form_tables(concept_forms: Sequence[Sequence[tuple[str, str]]]) -> dict[str, _FormTable]:
    """One table per kind of the non-empty surface forms, each with its concept index."""
    by_kind: dict[str, list[tuple[int, str]]] = {kind: [] for kind in KINDS}
    for index, forms in enumerate(concept_forms):
        for kind, text in forms:
            if text.strip():
                by_kind[kind].append((index, text.strip()))
    return {kind: _FormTable.build(pairs) for kind, pairs in by_kind.items()}


class ConceptIndex:
    """Scores free text against concepts given as lists of (kind, text) surface forms."""

    def __init__(
        self,
        concept_forms: Sequence[Sequence[tuple[str, str]]],
        *,
        encoder: Encoder | None,
        cache_dir: Path | None = None,
        weights: Mapping[tuple[str, str], float] = DEFAULT_WEIGHTS,
        rules_off: Collection[str] = frozenset(),
        titles: bool = True,
    ) -> None:
        """`rules_off`: title rules switched off by name (matcher.taxonomy.text.RULES);
        only benchmarks measuring a rule pass it. `titles`: queries are job titles in
        Dutch or English, with "label" the Dutch and "other" the English labels: they
        are cleaned, corrected and English ones recognised (see `prepare`)."""
        self.n_concepts = len(concept_forms)
        self.weights = dict(weights)
        self.encoder = encoder
        self.rules_off = checked_off(rules_off)
        self.tables = _form_tables(concept_forms)
        lexical = [t for k in LEXICAL_KINDS for t in self.tables[k].texts]
        self.lexicon = Lexicon(lexical, off=self.rules_off)
        self.lexicon.add_plain_words(self.tables["text"].texts)  # not misspelt
        self.titles = titles
        self._label_words = {w for t in self.tables["label"].texts for w in words(t)}
        self._other_words = {w for t in self.tables["other"].texts for w in words(t)}
        self.char, self.word = _vectorisers(lexical, self.lexicon)
        self.lexical_matrices = self._lexical_matrices()
        self.vectors = self._embedded(cache_dir)

    def _lexical_matrices(self) -> dict[tuple[str, str], sparse.csr_matrix]:
        """Per signal ("char", "word") and lexical kind, the TF-IDF rows of its forms."""
        return {
            (signal, kind): self._lexical(signal, self.tables[kind].texts)
            for signal in ("char", "word")
            for kind in LEXICAL_KINDS
        }

    def _embedded(self, cache_dir: Path | None) -> dict[str, np.ndarray]:
        # Only kinds a weight uses are embedded: embedding is the slow part of a load.
        if self.encoder is None:
            return {}
        used = {k for (signal, k), w in self.weights.items() if signal == "emb" and w}
        return {k: encode_cached(self.encoder, self.tables[k].texts, cache_dir) for k in used}

    def _lexical(self, signal: str, texts: list[str]) -> sparse.csr_matrix:
        if not texts:
            vocabulary = (self.char if signal == "char" else self.word).vocabulary_
            return sparse.csr_matrix((0, len(vocabulary)), dtype=np.float32)
        if signal == "char":
            return self.char.transform([fold(t) for t in texts])
        return self.word.transform(texts)

    def prepare(self, query: str) -> str:
        """A title as it is scored: what is not the occupation stripped, abbreviations
        spelt out, misspelt words corrected (titles only; matcher.taxonomy.cleanup)."""
        if not self.titles:
            return query
        query = clean_query(query, self.rules_off)
        return query if "spelling" in self.rules_off else self.lexicon.correct(query)

    def is_english(self, query: str) -> bool:
        """Whether a (prepared) title is English: it has a word only the English labels
        know and none only the Dutch labels know ("Warehouse worker", not "Sales
        medewerker"). Always False for non-titles or with the rule switched off."""
        if not self.titles or "english_titles" in self.rules_off:
            return False
        english = dutch = False
        for word in words(query):
            in_dutch = self._dutch(word)
            english |= word in self._other_words and not in_dutch
            dutch |= in_dutch and word not in self._other_words
        return english and not dutch

    def _dutch(self, word: str) -> bool:
        base = self.lexicon.base_form(word)
        if base in self._label_words:
            return True
        parts = self.lexicon.split(base)
        return len(parts) > 1 and all(part in self._label_words for part in parts)

    def features(self, queries: list[str]) -> dict[tuple[str, str], np.ndarray]:
        """Pooled similarity per (signal, kind): each (queries x concepts), 0-1."""
        return self._features([self.prepare(q) for q in queries])

    def _features(self, queries: list[str]) -> dict[tuple[str, str], np.ndarray]:
        queries = [expand_qualifiers(q, self.rules_off) for q in queries]
        cleaned = [strip_qualifiers(q) for q in queries]
        out: dict[tuple[str, str], np.ndarray] = {}
        for (signal, kind), forms in self.lexical_matrices.items():
            out[(signal, kind)] = self._pooled(kind, self._lexical(signal, cleaned), forms)
        if self.encoder is not None and self.vectors:
            q_vectors = self.encoder.encode(queries)
            for kind, vectors in self.vectors.items():
                out[("emb", kind)] = self._pooled(kind, q_vectors, vectors)
        return out

    def _pooled(self, kind: str, queries: Matrix, forms: Matrix) -> np.ndarray:
        # Batches keep the dense (queries x forms) block small. Cosine = dot product of
        # unit rows (TF-IDF rows and embeddings are both L2-normalised).
        n_queries = queries.shape[0]
        out = np.zeros((n_queries, self.n_concepts), dtype=np.float32)
        for start in range(0, n_queries, _BATCH):
            sims = queries[start : start + _BATCH] @ forms.T
            sims = sims.toarray() if sparse.issparse(sims) else np.asarray(sims)
            sims = np.clip(sims.astype(np.float32, copy=False), 0.0, 1.0)
            out[start : start + _BATCH] = self.tables[kind].pool(sims, self.n_concepts)
        return out

    def char_vectors(self, texts: list[str]) -> sparse.csr_matrix:
        """Unit character n-gram TF-IDF rows (qualifiers dropped), e.g. to pick a label."""
        return self.char.transform([fold(strip_qualifiers(t)) for t in texts])

    def scores(self, queries: list[str]) -> np.ndarray:
        """Concept scores (queries x concepts), 0-1: weighted mean of pooled signals,
        with the label kinds' weights swapped for English titles."""
        prepared = [self.prepare(q) for q in queries]
        features = self._features(prepared)
        scores = combine(features, self.weights)
        english = [i for i, q in enumerate(prepared) if self.is_english(q)]
        if english:
            rows = {key: value[english] for key, value in features.items()}
            scores[english] = combine(rows, english_weights(self.weights))
        return scores

    def search(self, queries: list[str], k: int) -> list[list[tuple[int, float]]]:
        """Top-k (concept index, score) per query, best first."""
        scores = self.scores(queries)
        k = min(k, self.n_concepts)
        results = []
        for row in scores:
            top = np.argpartition(-row, k - 1)[:k] if k else np.array([], dtype=np.int64)
            top = top[np.argsort(-row[top], kind="stable")]
            results.append([(int(i), float(row[i])) for i in top])
        return results


def _vectorisers(lexical: list[str], lexicon: Lexicon) -> tuple[TfidfVectorizer, TfidfVectorizer]:
    """TF-IDF over character n-grams (folded) and over the lexicon's terms, fitted on
    the lexical forms."""
    char = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True, dtype=np.float32
    ).fit([fold(t) for t in lexical])
    word = TfidfVectorizer(analyzer=lexicon.terms, sublinear_tf=True, dtype=np.float32).fit(lexical)
    return char, word


def english_weights(weights: Mapping[tuple[str, str], float]) -> dict[tuple[str, str], float]:
    """The weights for an English query: "label" and "other" swap roles."""
    return {(signal, _SWAPPED_KIND.get(kind, kind)): w for (signal, kind), w in weights.items()}


def combine(
    features: Mapping[tuple[str, str], np.ndarray], weights: Mapping[tuple[str, str], float]
) -> np.ndarray:
    """Weighted mean of the available features; a missing signal just drops out."""
    used = [(key, w) for key, w in weights.items() if w > 0 and key in features]
    total = sum(w for _, w in used) or 1.0
    first = next(iter(features.values()))
    out = np.zeros_like(first)
    for key, w in used:
        out += (w / total) * features[key]
    return out
