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

The web service wraps this with PostgreSQL (the source of truth) and its own index
persistence; the CLI (`cli_match`) and the tests use it directly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date

import numpy as np

from matcher import geo
from matcher.embedding import Encoder
from matcher.index import VectorIndex, Where, new_index
from matcher.models import Candidate, Restrictions, Vacancy
from matcher.ranking import Rejection, Suggestion, TaxonomyLike, Weights, score_pair
from matcher.spatial import SpatialGrid, haversine_km_many
from matcher.texts import candidate_text, vacancy_text

WIDEN_FACTOR = 4  # retrieval grows by this factor while too few pairs pass
_NO_CLOSING = np.iinfo(np.int64).max


@dataclass(slots=True)
class MatchResult:
    """Suggestions (best first, at most `top`) and the retrieved pairs that failed."""

    suggestions: list[Suggestion]
    rejections: list[Rejection] = field(default_factory=list)
    retrieved: int = 0  # how many nearest neighbours were scored
    allowed: int = 0  # estimated number of items that passed the pre-filter


@dataclass(slots=True)
class _Side:
    """Stored items of one direction with their vectors, texts and coordinates."""

    index: VectorIndex | None = None
    texts: dict[int, str] = field(default_factory=dict)
    vectors: dict[int, np.ndarray] = field(default_factory=dict)
    coords: dict[int, tuple[float, float]] = field(default_factory=dict)


class MatchEngine:
    """Vacancies for a candidate and candidates for a vacancy, with reasons."""

    def __init__(
        self,
        encoder: Encoder,
        taxonomy: TaxonomyLike | None = None,
        weights: Weights = Weights(),
    ) -> None:
        self.encoder = encoder
        self.taxonomy = taxonomy
        self.weights = weights
        self.vacancies: dict[int, Vacancy] = {}
        self.candidates: dict[int, Candidate] = {}
        self._v = _Side()
        self._c = _Side()
        self._grid = SpatialGrid()
        self._open_ids = np.empty(0, dtype=np.int64)
        self._closing = np.empty(0, dtype=np.int64)
        self._unplaced = np.empty(0, dtype=np.int64)

    # --- indexing --------------------------------------------------------------

    def index_vacancies(
        self, vacancies: Iterable[Vacancy], *, vectors: np.ndarray | None = None
    ) -> None:
        """Embed and index vacancies (an id seen before is replaced).

        `vectors` (n, dim), in the order of `vacancies`, skips embedding: the web
        service passes the vectors it stored in PostgreSQL."""
        batch = list(vacancies)
        self._embed(self._v, {v.id: vacancy_text(v) for v in batch}, vectors)
        for v in batch:
            self.vacancies[v.id] = v
            _place(self._v, v.id, v.location)
        placed = [v.id for v in batch if v.id in self._v.coords]
        self._grid.remove([v.id for v in batch if v.id not in self._v.coords])
        if placed:
            lats = np.array([self._v.coords[i][0] for i in placed])
            lons = np.array([self._v.coords[i][1] for i in placed])
            self._grid.add(np.array(placed, dtype=np.int64), lats, lons)
        self._rebuild_vacancy_filters()

    def index_candidates(
        self, candidates: Iterable[Candidate], *, vectors: np.ndarray | None = None
    ) -> None:
        """Embed and index candidates (an id seen before is replaced); see index_vacancies."""
        batch = list(candidates)
        self._embed(self._c, {c.id: candidate_text(c) for c in batch}, vectors)
        for c in batch:
            self.candidates[c.id] = c
            _place(self._c, c.id, c.location)

    def remove_vacancies(self, ids: Iterable[int]) -> None:
        """Forget vacancies: vectors, index entries, place."""
        gone = self._forget(self._v, ids)
        for i in gone:
            self.vacancies.pop(i, None)
        self._grid.remove(gone)
        self._rebuild_vacancy_filters()

    def remove_candidates(self, ids: Iterable[int]) -> None:
        """Forget candidates (erasure): vectors, index entries, place."""
        for i in self._forget(self._c, ids):
            self.candidates.pop(i, None)

    def _forget(self, side: _Side, ids: Iterable[int]) -> list[int]:
        gone = [int(i) for i in ids]
        if side.index is not None:
            side.index.remove(np.array(gone, dtype=np.int64))
        for i in gone:
            for store in (side.texts, side.vectors, side.coords):
                store.pop(i, None)
        return gone

    def _embed(self, side: _Side, texts: dict[int, str], given: np.ndarray | None = None) -> None:
        # Unchanged texts keep their vector: embedding is the expensive step.
        keep = [n for n, (i, t) in enumerate(texts.items()) if side.texts.get(i) != t]
        if not keep:
            return
        wanted = set(keep)
        texts = {i: t for n, (i, t) in enumerate(texts.items()) if n in wanted}
        ids = np.fromiter(texts, dtype=np.int64, count=len(texts))
        if given is None:
            vectors = self.encoder.encode(list(texts.values()))
        else:
            vectors = np.ascontiguousarray(given[keep], dtype=np.float32)
        if side.index is None:
            side.index = new_index(vectors.shape[1])
        side.index.add(ids, vectors)
        for i, text, vector in zip(ids.tolist(), texts.values(), vectors, strict=True):
            side.texts[i], side.vectors[i] = text, vector

    def _rebuild_vacancy_filters(self) -> None:
        # Open status and closing dates as arrays, so "open on `today`" is one mask.
        ids = np.array(sorted(self.vacancies), dtype=np.int64)
        status_open = np.array([self.vacancies[i].status == "open" for i in ids.tolist()])
        closing = np.array(
            [_ordinal(self.vacancies[i].closing_date) for i in ids.tolist()], dtype=np.int64
        )
        self._open_ids = ids[status_open] if len(ids) else ids
        self._closing = closing[status_open] if len(ids) else closing
        placed = np.array(sorted(self._v.coords), dtype=np.int64)
        self._unplaced = np.setdiff1d(ids, placed)

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
                km=_km(home, self._v.coords.get(vacancy_id)),
            )

        return self._retrieve(self._v.index, vector, allowed, score, top, retrieve)

    def vacancy_filter(self, candidate: Candidate, *, today: date) -> np.ndarray:
        """Sorted ids of vacancies open on `today` and within the candidate's reach."""
        open_ids = self._open_ids[self._closing >= today.toordinal()]
        home, reach = self._home_and_reach(candidate)
        if home is None or reach is None:
            return open_ids
        near = np.asarray(self._grid.within_km(home[0], home[1], reach), dtype=np.int64)
        # Vacancies without a known place stay in; their check warns "afstand onbekend".
        reachable = np.union1d(near, self._unplaced)
        return np.intersect1d(open_ids, reachable, assume_unique=True)

    def vacancy_where(self, candidate: Candidate, *, today: date) -> Where:
        """`vacancy_filter` as a test on ids, which the index applies to its hits;
        listing ~100k ids within reach would cost more than the search itself."""
        day = today.toordinal()
        home, reach = self._home_and_reach(candidate)
        listed = lambda: self.vacancy_filter(candidate, today=today)  # noqa: E731
        # An estimate sizes the search: open ids, ignoring closing dates (no O(n) pass).
        n_open = len(self._open_ids)
        if home is None or reach is None:
            return Where(lambda ids: self._open_on(ids, day), listed, n_open)
        near = self._grid.near(home[0], home[1], reach)

        def test(ids: np.ndarray) -> np.ndarray:
            reachable = near.test(ids) | np.isin(ids, self._unplaced)
            return reachable & self._open_on(ids, day)

        share_open = n_open / max(len(self.vacancies), 1)
        expected = int((near.expected + len(self._unplaced)) * share_open)
        return Where(test, listed, expected)

    def _open_on(self, ids: np.ndarray, day: int) -> np.ndarray:
        """Mask: which of these vacancy ids are open and not past their closing day."""
        if not len(self._open_ids):
            return np.zeros(len(ids), dtype=bool)
        at = np.minimum(np.searchsorted(self._open_ids, ids), len(self._open_ids) - 1)
        return (self._open_ids[at] == ids) & (self._closing[at] >= day)

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
                km=_km(place, self._c.coords.get(candidate_id)),
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
        homes = np.array([self._c.coords.get(i, (np.nan, np.nan)) for i in ids.tolist()])
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
        if side.texts.get(item_id) == text:
            return side.vectors[item_id]
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
                    scored[hit.id] = score(hit.id, hit.score)
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


def _ordinal(day: date | None) -> int:
    return day.toordinal() if day is not None else int(_NO_CLOSING)


def _place(side: _Side, item_id: int, location) -> None:
    found = geo.resolve(location)
    if found is None:
        side.coords.pop(item_id, None)
    else:
        side.coords[item_id] = found


def _km(a: tuple[float, float] | None, b: tuple[float, float] | None) -> float | None:
    return None if a is None or b is None else geo.haversine_km(a[0], a[1], b[0], b[1])


def _reach(candidate: Candidate) -> float:
    reach = geo.reachable_km(
        candidate.max_travel_km, candidate.max_travel_minutes, candidate.travel_mode
    )
    return np.nan if reach is None else reach
