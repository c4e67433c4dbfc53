"""The whole matcher in memory, both directions, without a database.

Per query: (1) the hard filters that are cheap to evaluate for *all* items — vacancy
open, and within the candidate's travel reach — become a `Where` filter that the
vector search applies inside the search (as a test on the hits it finds, or as the
listed ids when that is cheaper), so a strict filter never empties a top-k;
(2) the nearest allowed items by cosine are retrieved; (3) every retrieved pair runs
the full constraint check and is scored (`ranking.score_pair`); (4) when too few pass,
retrieval widens (retrieval.py). Rejected pairs are returned too, so a jobcoach can see
why not. Each direction's vector index and its embeddings are a `SideIndex`.

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

from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date
from typing import Any, TypeVar

import numpy as np

from matcher import geo
from matcher.calibration import Calibration, calibration_for
from matcher.embedding import Encoder
from matcher.index import VectorIndex
from matcher.models import Candidate, Restrictions, Vacancy
from matcher.ranking import (
    Rejection,
    Suggestion,
    Weights,
    below_floor,
    score_pair,
)
from matcher.retrieval import MatchResult, retrieve_scored
from matcher.side_index import SideIndex
from matcher.spatial import haversine_km_many
from matcher.taxonomy_lookups import TaxonomyLike
from matcher.texts import candidate_text, vacancy_text
from matcher.vacancy_filters import VacancyFilters
from matcher.where import Where, excluding

Item = TypeVar("Item", Vacancy, Candidate)


class MatchEngine:
    """Vacancies for a candidate and candidates for a vacancy, with reasons."""

    def __init__(
        self,
        encoder: Encoder,
        taxonomy: TaxonomyLike | None = None,
        weights: Weights = Weights(),
        *,
        index_options: Mapping[str, Any] | None = None,
        calibration: Calibration | None = None,
        relevance_floor: float | None = None,
    ) -> None:
        """`index_options`: keyword arguments for `VectorIndex` (e.g. exact_below);
        `calibration`: the encoder's model's unless given (matcher.calibration);
        `relevance_floor` (0–1): suggested pairs fit at least this well (ranking.relevance);
        None: the calibration's."""
        self.encoder = encoder
        self.taxonomy = taxonomy
        self.weights = weights
        self.calibration = calibration or calibration_for(encoder.model_name)
        self.relevance_floor = (
            self.calibration.relevance_floor if relevance_floor is None else relevance_floor
        )
        self.index_options = dict(index_options or {})
        self.vacancies: dict[int, Vacancy] = {}
        self.candidates: dict[int, Candidate] = {}
        # The sides read index_options when they build an index, so later changes apply.
        self._v = SideIndex(vacancy_text, encoder, self.index_options)
        self._c = SideIndex(candidate_text, encoder, self.index_options)
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
        self._v.embed(batch, vectors, text_hashes)
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
        self._c.embed(batch, vectors, text_hashes)
        for c in batch:
            self.candidates[c.id] = c
            _place(self._homes, c.id, c.location)

    def remove_vacancies(self, ids: Iterable[int]) -> None:
        """Forget vacancies: index entries, place, open status."""
        gone = self._v.remove(ids)
        for i in gone.tolist():
            self.vacancies.pop(i, None)
        self._filters.remove(gone)

    def remove_candidates(self, ids: Iterable[int]) -> None:
        """Forget candidates (erasure): index entries, place."""
        for i in self._c.remove(ids).tolist():
            self.candidates.pop(i, None)
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
        missing = self._v.restore(batch, index, text_hashes)
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
        missing = self._c.restore(batch, index, text_hashes)
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
        return (self._v if kind == "vacancy" else self._c).adopt_quantizer(template)

    def text_hashes(self, kind: str) -> dict[int, str]:
        """id -> sha256 hex of the text each indexed item was embedded from ("vacancy" or
        "candidate"): compare with PostgreSQL to find what changed while down."""
        index = self.index_for(kind)
        return {} if index is None else index.text_hashes()

    # --- vacancies for a candidate ------------------------------------------------

    def match_vacancies(
        self,
        candidate: Candidate,
        *,
        top: int = 10,
        today: date,
        restrictions: Restrictions | None = None,
        retrieve: int = 200,
        weights: Weights | None = None,
        exclude: Collection[int] = (),
    ) -> MatchResult:
        """The best `top` vacancies for a candidate that pass every hard constraint,
        and the retrieved pairs that failed, with their reasons. `weights` replace the
        engine's for this query (a municipality's accepted, learned version); vacancies
        in `exclude` are not searched (decided on already)."""
        if self._v.index is None:
            return MatchResult([])
        allowed = excluding(self.vacancy_where(candidate, today=today), exclude)
        home = geo.resolve(candidate.location)
        vector = self._c.vector(candidate)

        def score(vacancy_id: int, cosine: float) -> Suggestion | Rejection:
            km = _km(home, self._filters.grid.place(vacancy_id))
            vacancy = self.vacancies[vacancy_id]
            found = self._score(candidate, vacancy, cosine, today, restrictions, km, weights)
            return self._floored(found, candidate, weights)

        model = self.encoder.model_name
        result = retrieve_scored(self._v.index, vector, allowed, score, top, retrieve, model)
        if len(result.suggestions) < top:  # a short list says why, travel included
            self._count_beyond_reach(result, candidate, vector, allowed, retrieve, today)
        return result

    def _count_beyond_reach(
        self,
        result: MatchResult,
        candidate: Candidate,
        vector: np.ndarray,
        allowed: Where,
        retrieve: int,
        day: date,
    ) -> None:
        """`result.beyond_reach`: how many of the open vacancies closest in content, as
        deep as the search went, the travel pre-filter left out (they were never scored)."""
        home, reach = self._home_and_reach(candidate)
        if self._v.index is None or home is None or reach is None:
            return
        open_on_day = self._filters.where(None, None, day, len(self.vacancies))
        depth = max(result.retrieved, retrieve)
        hits = self._v.index.search(vector, depth, where=open_on_day)
        ids = np.fromiter((h.id for h in hits), dtype=np.int64, count=len(hits))
        result.beyond_reach = int((~allowed.test(ids)).sum()) if len(ids) else 0

    def vacancy_where(self, candidate: Candidate, *, today: date) -> Where:
        """Vacancies open on `today` and within the candidate's reach, as a test on ids
        that the index applies to its hits (listing ~100k ids within reach would cost
        more than the search itself; `ids()` lists them when that is cheaper)."""
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

    def match_candidates(
        self,
        vacancy: Vacancy,
        *,
        top: int = 10,
        today: date,
        restrictions: Mapping[int, Restrictions] | None = None,
        retrieve: int = 200,
        among: Iterable[int] | None = None,
        weights: Weights | None = None,
    ) -> MatchResult:
        """The best `top` candidates for a vacancy (restrictions by candidate id), and
        the retrieved pairs that failed, with their reasons. `among`: only these
        candidate ids (`_candidates_where`); `weights`: see match_vacancies."""
        if self._c.index is None:
            return MatchResult([])
        place = geo.resolve(vacancy.location)
        allowed = self._candidates_where(vacancy, among)
        vector = self._v.vector(vacancy)
        limits = restrictions or {}

        def score(candidate_id: int, cosine: float) -> Suggestion | Rejection:
            km = _km(place, self._homes.get(candidate_id))
            candidate = self.candidates[candidate_id]
            limit = limits.get(candidate_id)
            found = self._score(candidate, vacancy, cosine, today, limit, km, weights)
            return self._floored(found, candidate, weights)

        model = self.encoder.model_name
        return retrieve_scored(self._c.index, vector, allowed, score, top, retrieve, model)

    def _candidates_where(self, vacancy: Vacancy, among: Iterable[int] | None) -> Where:
        """Candidates whose reach includes the vacancy; `among` limits them to these ids
        (a jobcoach's caseload): part of the allowed set inside the search, not a filter
        afterwards."""
        listed = self.candidate_filter(vacancy)
        if among is not None:
            listed = np.intersect1d(listed, np.fromiter(among, dtype=np.int64))
        return Where(lambda ids: np.isin(ids, listed), lambda: listed, len(listed))

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
        weights: Weights | None = None,
    ) -> Suggestion | Rejection:
        """Score one pair on demand (a jobcoach asking "why (not) this one?")."""
        cosine = float(self._c.vector(candidate) @ self._v.vector(vacancy))
        km = geo.distance_km(candidate.location, vacancy.location)
        return self._score(candidate, vacancy, cosine, today, restrictions, km, weights)

    def _score(
        self,
        candidate: Candidate,
        vacancy: Vacancy,
        cosine: float,
        today: date,
        restrictions: Restrictions | None,
        km: float | None,
        weights: Weights | None = None,
    ) -> Suggestion | Rejection:
        """One pair through every hard constraint and the ranking (`ranking.score_pair`);
        `weights` None: the engine's own."""
        return score_pair(
            candidate,
            vacancy,
            semantic=cosine,
            taxonomy=self.taxonomy,
            today=today,
            restrictions=restrictions,
            weights=self.weights if weights is None else weights,
            km=km,
            calibration=self.calibration,
        )

    def _floored(
        self, found: Suggestion | Rejection, candidate: Candidate, weights: Weights | None
    ) -> Suggestion | Rejection:
        """Suggestion lists only: a pair under the relevance floor is not suggested (a
        jobcoach asking about one pair, explain_pair, still gets its score)."""
        return below_floor(found, candidate, weights or self.weights, self.relevance_floor)


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
