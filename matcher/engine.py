"""The whole matcher in memory, both directions, without a database.

Per query: (1) the hard filters that are cheap to evaluate for *all* items — vacancy
open, and within the candidate's travel reach — become a `Where` filter that the
vector search applies inside the search (as a test on the hits it finds, or as the
listed ids when that is cheaper), so a strict filter never empties a top-k;
(2) the nearest allowed items by cosine are retrieved; (3) every retrieved pair runs
the full constraint check and is scored (`ranking.score_pair`); (4) when too few pass,
retrieval widens. Rejected pairs are returned too, so a jobcoach can see why not.
The final order is by ranking score within the retrieved set: an item far down the
cosine order is never scored, so `retrieve` trades speed for recall.

A change costs what changed (at 1,000,000 vacancies a re-indexed or removed vacancy,
with the next search, takes milliseconds): the open/closing-date table, the id -> row
map, the alive bitmap and the spatial grid are all updated in place. Per id the engine
keeps the item object and a 32-byte hash of its text; the vector lives only in the
index (`VectorIndex.vectors`), not in a Python dict beside it.

The web service wraps this with PostgreSQL (the source of truth) and its own index
persistence (`VectorIndex.save`, then `restore_vacancies` at start); the CLI
(`cli_match`) and the tests use it directly.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, TypeVar

import numpy as np

from matcher import geo
from matcher.embedding import Encoder, text_hash
from matcher.index import VectorIndex
from matcher.index_rows import as_digests
from matcher.models import Candidate, Restrictions, Vacancy
from matcher.ranking import Rejection, Suggestion, TaxonomyLike, Weights, score_pair
from matcher.spatial import haversine_km_many
from matcher.texts import candidate_text, vacancy_text
from matcher.vacancy_filters import VacancyFilters
from matcher.where import Where

log = logging.getLogger(__name__)
WIDEN_FACTOR = 4  # retrieval grows by this factor while too few pairs pass
Item = TypeVar("Item", Vacancy, Candidate)


@dataclass(slots=True)
class MatchResult:
    """Suggestions (best first, at most `top`) and the retrieved pairs that failed."""

    suggestions: list[Suggestion]
    rejections: list[Rejection] = field(default_factory=list)
    retrieved: int = 0  # how many nearest neighbours were scored
    allowed: int = 0  # estimated number of items that passed the pre-filter


@dataclass(slots=True)
class _Side:
    """The vector index of one direction and how to get an item's embedding text."""

    text: Callable[[Any], str]
    index: VectorIndex | None = None
    quantizer: Any = None  # trained IVF lists for this side's index (adopt_quantizer)


class MatchEngine:
    """Vacancies for a candidate and candidates for a vacancy, with reasons."""

    def __init__(
        self,
        encoder: Encoder,
        taxonomy: TaxonomyLike | None = None,
        weights: Weights = Weights(),
        *,
        index_options: Mapping[str, Any] | None = None,
    ) -> None:
        """`index_options`: keyword arguments for `VectorIndex` (e.g. exact_below)."""
        self.encoder = encoder
        self.taxonomy = taxonomy
        self.weights = weights
        self.index_options = dict(index_options or {})
        self.vacancies: dict[int, Vacancy] = {}
        self.candidates: dict[int, Candidate] = {}
        self._v = _Side(vacancy_text)
        self._c = _Side(candidate_text)
        self._filters = VacancyFilters()  # open, closing day, place: kept in place
        self._homes: dict[int, tuple[float, float]] = {}  # candidate id -> (lat, lon)

    # --- indexing --------------------------------------------------------------

    def index_vacancies(
        self,
        vacancies: Iterable[Vacancy],
        *,
        vectors: np.ndarray | None = None,
        text_hashes: Sequence[str] | None = None,
    ) -> None:
        """Embed and index vacancies (an id seen before is replaced).

        `vectors` (n, dim), in the order of `vacancies`, skips embedding: the web
        service passes the vectors it stored in PostgreSQL; `text_hashes` (sha256 hex of
        `vacancy_text`, same order) skip hashing the texts."""
        batch, vectors, text_hashes = _last_per_id(list(vacancies), vectors, text_hashes)
        self._embed(self._v, batch, vectors, text_hashes)
        self.vacancies.update((v.id, v) for v in batch)
        self._filters.update(batch)

    def index_candidates(
        self,
        candidates: Iterable[Candidate],
        *,
        vectors: np.ndarray | None = None,
        text_hashes: Sequence[str] | None = None,
    ) -> None:
        """Embed and index candidates (an id seen before is replaced); see index_vacancies."""
        batch, vectors, text_hashes = _last_per_id(list(candidates), vectors, text_hashes)
        self._embed(self._c, batch, vectors, text_hashes)
        for c in batch:
            self.candidates[c.id] = c
            _place(self._homes, c.id, c.location)

    def remove_vacancies(self, ids: Iterable[int]) -> None:
        """Forget vacancies: index entries, place, open status."""
        gone = self._forget(self._v, self.vacancies, ids)
        self._filters.remove(gone)

    def remove_candidates(self, ids: Iterable[int]) -> None:
        """Forget candidates (erasure): index entries, place."""
        for i in self._forget(self._c, self.candidates, ids).tolist():
            self._homes.pop(i, None)

    def restore_vacancies(
        self,
        vacancies: Iterable[Vacancy],
        index: VectorIndex,
        text_hashes: Mapping[int, str] | None = None,
    ) -> np.ndarray:
        """Start from a saved index (`VectorIndex.load`) and the current vacancies.

        Replaces everything the engine holds for vacancies in one bulk pass (no vector
        is added to FAISS); index entries without a vacancy are removed; `text_hashes`
        (id -> sha256 hex) overwrite the hashes stored in the index. Returns the sorted
        ids of vacancies the index lacks: index those (index_vacancies) to be complete."""
        batch = list(vacancies)
        missing = self._restore(self._v, batch, index, text_hashes)
        self.vacancies.clear()
        self.vacancies.update((v.id, v) for v in batch)
        self._filters = VacancyFilters()
        self._filters.update(batch)
        return missing

    def restore_candidates(
        self,
        candidates: Iterable[Candidate],
        index: VectorIndex,
        text_hashes: Mapping[int, str] | None = None,
    ) -> np.ndarray:
        """Like restore_vacancies, for candidates."""
        batch = list(candidates)
        missing = self._restore(self._c, batch, index, text_hashes)
        self.candidates.clear()
        self._homes.clear()
        for c in batch:
            self.candidates[c.id] = c
            _place(self._homes, c.id, c.location)
        return missing

    def adopt_quantizer(self, kind: str, template: Any) -> bool:
        """Trained, empty IVF lists for one side ("vacancy" or "candidate"), also kept
        for an index the side builds or restores later; see VectorIndex.adopt_quantizer
        (True when the side's index was rebuilt on them)."""
        side = self._v if kind == "vacancy" else self._c
        side.quantizer = template
        return side.index is not None and side.index.adopt_quantizer(template)

    def text_hashes(self, kind: str) -> dict[int, str]:
        """id -> sha256 hex of the text each indexed item was embedded from ("vacancy" or
        "candidate"): compare with PostgreSQL to find what changed while down."""
        index = self.index_for(kind)
        return {} if index is None else index.text_hashes()

    def _restore(
        self,
        side: _Side,
        batch: Sequence[Vacancy] | Sequence[Candidate],
        index: VectorIndex,
        text_hashes: Mapping[int, str] | None,
    ) -> np.ndarray:
        ids = np.unique(np.fromiter((item.id for item in batch), dtype=np.int64, count=len(batch)))
        index.remove(np.setdiff1d(index.ids(), ids, assume_unique=True))
        if text_hashes:
            keys = np.fromiter(text_hashes, dtype=np.int64, count=len(text_hashes))
            index.set_text_hashes(keys, list(text_hashes.values()))
        if side.quantizer is not None:
            index.adopt_quantizer(side.quantizer)
        side.index = index
        return np.setdiff1d(ids, index.ids(), assume_unique=True)

    def _forget(self, side: _Side, items: dict[int, Any], ids: Iterable[int]) -> np.ndarray:
        gone = np.unique(np.fromiter((int(i) for i in ids), dtype=np.int64))
        if side.index is not None:
            side.index.remove(gone)
        for i in gone.tolist():
            items.pop(i, None)
        return gone

    def _embed(
        self,
        side: _Side,
        batch: Sequence[Vacancy] | Sequence[Candidate],
        given: np.ndarray | None,
        text_hashes: Sequence[str] | None,
    ) -> None:
        # Unchanged texts keep their vector: embedding is the expensive step.
        if not batch:
            return
        ids = np.fromiter((item.id for item in batch), dtype=np.int64, count=len(batch))
        texts: list[str] = []
        if text_hashes is None:
            texts = [side.text(item) for item in batch]
            text_hashes = [text_hash(t) for t in texts]
        digests = as_digests(text_hashes)
        stored = side.index.digests(ids) if side.index is not None else np.zeros_like(digests)
        changed = np.flatnonzero((stored != digests).any(axis=1))
        if not len(changed):
            return
        if given is None:
            new = [texts[n] if texts else side.text(batch[n]) for n in changed.tolist()]
            vectors = self.encoder.encode(new)
        else:
            vectors = np.ascontiguousarray(given[changed], dtype=np.float32)
        if side.index is None:
            side.index = VectorIndex(vectors.shape[1], **self.index_options)
            if side.quantizer is not None:
                side.index.adopt_quantizer(side.quantizer)
        side.index.add(ids[changed], vectors, text_hashes=digests[changed])

    # --- vacancies for a candidate ------------------------------------------------

    def vacancies_for(
        self,
        candidate: Candidate,
        *,
        top: int = 10,
        today: date,
        restrictions: Restrictions | None = None,
        retrieve: int = 200,
    ) -> list[Suggestion]:
        """The best `top` vacancies for a candidate that pass every hard constraint."""
        return self.match_vacancies(
            candidate, top=top, today=today, restrictions=restrictions, retrieve=retrieve
        ).suggestions

    def match_vacancies(
        self,
        candidate: Candidate,
        *,
        top: int = 10,
        today: date,
        restrictions: Restrictions | None = None,
        retrieve: int = 200,
    ) -> MatchResult:
        """Like vacancies_for, plus the rejected pairs with their reasons."""
        if self._v.index is None:
            return MatchResult([])
        allowed = self.vacancy_where(candidate, today=today)
        home = geo.resolve(candidate.location)
        vector = self._vector(self._c, candidate.id, candidate_text(candidate))

        def score(vacancy_id: int, cosine: float) -> Suggestion | Rejection:
            vacancy = self.vacancies[vacancy_id]
            return score_pair(
                candidate,
                vacancy,
                semantic=cosine,
                taxonomy=self.taxonomy,
                today=today,
                restrictions=restrictions,
                weights=self.weights,
                km=_km(home, self._filters.grid.place(vacancy_id)),
            )

        return self._retrieve(self._v.index, vector, allowed, score, top, retrieve)

    def vacancy_filter(self, candidate: Candidate, *, today: date) -> np.ndarray:
        """Sorted ids of vacancies open on `today` and within the candidate's reach."""
        return self._filters.listed(*self._home_and_reach(candidate), today)

    def vacancy_where(self, candidate: Candidate, *, today: date) -> Where:
        """`vacancy_filter` as a test on ids, which the index applies to its hits;
        listing ~100k ids within reach would cost more than the search itself."""
        home, reach = self._home_and_reach(candidate)
        return self._filters.where(home, reach, today, len(self.vacancies))

    def _home_and_reach(
        self, candidate: Candidate
    ) -> tuple[tuple[float, float] | None, float | None]:
        home = geo.resolve(candidate.location)
        reach = geo.reachable_km(
            candidate.max_travel_km, candidate.max_travel_minutes, candidate.travel_mode
        )
        return home, reach

    # --- candidates for a vacancy -------------------------------------------------

    def candidates_for(
        self,
        vacancy: Vacancy,
        *,
        top: int = 10,
        today: date,
        restrictions: Mapping[int, Restrictions] | None = None,
        retrieve: int = 200,
    ) -> list[Suggestion]:
        """The best `top` candidates for a vacancy; restrictions by candidate id."""
        return self.match_candidates(
            vacancy, top=top, today=today, restrictions=restrictions, retrieve=retrieve
        ).suggestions

    def match_candidates(
        self,
        vacancy: Vacancy,
        *,
        top: int = 10,
        today: date,
        restrictions: Mapping[int, Restrictions] | None = None,
        retrieve: int = 200,
        among: Iterable[int] | None = None,
    ) -> MatchResult:
        """Like candidates_for, plus the rejected pairs with their reasons.

        `among` limits the search to these candidate ids (a jobcoach's caseload); the
        limit is part of the allowed set inside the search, not a filter afterwards."""
        if self._c.index is None:
            return MatchResult([])
        place = geo.resolve(vacancy.location)
        listed = self.candidate_filter(vacancy)
        if among is not None:
            listed = np.intersect1d(listed, np.fromiter(among, dtype=np.int64))
        allowed = Where(lambda ids: np.isin(ids, listed), lambda: listed, len(listed))
        vector = self._vector(self._v, vacancy.id, vacancy_text(vacancy))
        limits = restrictions or {}

        def score(candidate_id: int, cosine: float) -> Suggestion | Rejection:
            candidate = self.candidates[candidate_id]
            return score_pair(
                candidate,
                vacancy,
                semantic=cosine,
                taxonomy=self.taxonomy,
                today=today,
                restrictions=limits.get(candidate_id),
                weights=self.weights,
                km=_km(place, self._homes.get(candidate_id)),
            )

        return self._retrieve(self._c.index, vector, allowed, score, top, retrieve)

    def candidate_filter(self, vacancy: Vacancy) -> np.ndarray:
        """Sorted ids of candidates whose travel reach (km) includes the vacancy's place."""
        ids = np.array(sorted(self.candidates), dtype=np.int64)
        place = geo.resolve(vacancy.location)
        if place is None or not len(ids):
            return ids
        # Vectorised over all candidates: unknown home or no limit means "in reach".
        reach = np.array([_reach(self.candidates[i]) for i in ids.tolist()])
        homes = np.array([self._homes.get(i, (np.nan, np.nan)) for i in ids.tolist()])
        km = haversine_km_many(place[0], place[1], homes[:, 0], homes[:, 1])
        keep = np.isnan(km) | np.isnan(reach) | (km <= reach)
        return ids[keep]

    # --- shared ---------------------------------------------------------------

    def index_for(self, kind: str) -> VectorIndex | None:
        """The vector index of one side ("vacancy" or "candidate"), once built."""
        return (self._v if kind == "vacancy" else self._c).index

    def explain_pair(
        self,
        candidate: Candidate,
        vacancy: Vacancy,
        *,
        today: date,
        restrictions: Restrictions | None = None,
    ) -> Suggestion | Rejection:
        """Score one pair on demand (a jobcoach asking "why (not) this one?")."""
        c_vec = self._vector(self._c, candidate.id, candidate_text(candidate))
        v_vec = self._vector(self._v, vacancy.id, vacancy_text(vacancy))
        return score_pair(
            candidate,
            vacancy,
            semantic=float(c_vec @ v_vec),
            taxonomy=self.taxonomy,
            today=today,
            restrictions=restrictions,
            weights=self.weights,
            km=geo.distance_km(candidate.location, vacancy.location),
        )

    def _vector(self, side: _Side, item_id: int, text: str) -> np.ndarray:
        # Reuse the stored vector only when the text it came from is unchanged.
        index = side.index
        if index is not None:
            stored = index.digests(np.array([item_id], dtype=np.int64))[0]
            if stored.tobytes().hex() == text_hash(text):
                return index.vectors(np.array([item_id], dtype=np.int64))[0]
        return self.encoder.encode([text])[0]

    def _retrieve(
        self,
        index: VectorIndex,
        vector: np.ndarray,
        allowed: Where,
        score: Callable[[int, float], Suggestion | Rejection],
        top: int,
        retrieve: int,
    ) -> MatchResult:
        """Score nearest allowed items; widen k (×WIDEN_FACTOR) until `top` pass or none left."""
        scored: dict[int, Suggestion | Rejection] = {}
        k = max(retrieve, top)
        while True:
            # The index returns min(k, number allowed): a short answer means "no more".
            hits = index.search(vector, k, where=allowed)
            for hit in hits:
                if hit.id not in scored:
                    found = _scored_or_none(score, hit.id, hit.score)
                    if found is not None:
                        scored[hit.id] = found
            passed = [s for s in scored.values() if isinstance(s, Suggestion)]
            if len(passed) >= top or len(hits) < k:
                break
            k *= WIDEN_FACTOR
        build = index.build_id
        model = self.encoder.model_name
        passed.sort(key=lambda s: (-s.score, s.vacancy_id, s.candidate_id))
        suggestions = [replace(s, model=model, index_build=build) for s in passed[:top]]
        rejections = [s for s in scored.values() if isinstance(s, Rejection)]
        return MatchResult(suggestions, rejections, len(scored), allowed.expected)


def _place(homes: dict[int, tuple[float, float]], item_id: int, location) -> None:
    found = geo.resolve(location)
    if found is None:
        homes.pop(item_id, None)
    else:
        homes[item_id] = found


def _last_per_id(
    items: list[Item], vectors: np.ndarray | None, hashes: Sequence[str] | None
) -> tuple[list[Item], np.ndarray | None, list[str] | None]:
    """Items (and their vectors and hashes) with one entry per id: the last one wins."""
    last = {item.id: n for n, item in enumerate(items)}
    if len(last) == len(items):
        return items, vectors, None if hashes is None else list(hashes)
    keep = sorted(last.values())
    return (
        [items[n] for n in keep],
        None if vectors is None else np.asarray(vectors)[keep],
        None if hashes is None else [hashes[n] for n in keep],
    )


def _km(a: tuple[float, float] | None, b: tuple[float, float] | None) -> float | None:
    return None if a is None or b is None else geo.haversine_km(a[0], a[1], b[0], b[1])


def _reach(candidate: Candidate) -> float:
    reach = geo.reachable_km(
        candidate.max_travel_km, candidate.max_travel_minutes, candidate.travel_mode
    )
    return np.nan if reach is None else reach


def _scored_or_none(
    score: Callable[[int, float], Suggestion | Rejection], item_id: int, cosine: float
) -> Suggestion | Rejection | None:
    """Scoring is meant to be total over stored data; should one odd record still
    break it, that pair is skipped and logged instead of failing the whole page."""
    try:
        return score(item_id, cosine)
    except Exception:
        log.exception("could not score item %s; skipped", item_id)
        return None
