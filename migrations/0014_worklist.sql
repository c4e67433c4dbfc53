-- The coach's work list (issue 13): what needs the coach now, newest first. Most of it
-- is read from what is already stored (proposal events, consents, check-ins, activity);
-- these tables add what was missing.

-- Strong matches per candidate, kept by the background matcher beside the top-k list of
-- candidate_match_state: the vacancies among the best (at most web.matching.match_state
-- STRONG_CAP of them) whose score reaches the strong-match threshold, and since when each
-- was seen as such. A real count instead of the top-k cap; `first_seen_at` tells which
-- are new since the coach's last visit. A vacancy that drops out and comes back is new
-- again.
CREATE TABLE strong_matches (
    candidate_id  bigint NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
    vacancy_id    bigint NOT NULL REFERENCES vacancies (id) ON DELETE CASCADE,
    score         real NOT NULL,
    first_seen_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (candidate_id, vacancy_id)
);
CREATE INDEX strong_matches_vacancy_idx ON strong_matches (vacancy_id);

-- Items a coach marked done, per coach. An item is (kind, object) with a version: the
-- mark hides the item only while its version is the same, so an item that changes again
-- (a new answer on the proposal, a consent withdrawn, another check-in) comes back.
-- `candidate_id` lets an erasure take the marks along.
CREATE TABLE worklist_done (
    coach_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind         text NOT NULL
                 CHECK (kind IN ('answer', 'consent', 'checkin', 'matches', 'quiet')),
    object_id    bigint NOT NULL,
    candidate_id bigint NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
    version      text NOT NULL,
    done_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (coach_id, kind, object_id)
);
CREATE INDEX worklist_done_candidate_idx ON worklist_done (candidate_id);

-- When a coach last looked at the work list: `seen_at` is the latest look, `since` the
-- end of the visit before this one ("new since my last visit" is after it). Looks less
-- than an hour apart belong to one visit (web/worklist/repositories/marks.py).
CREATE TABLE worklist_visits (
    coach_id bigint PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    seen_at  timestamptz NOT NULL DEFAULT now(),
    since    timestamptz
);

-- The work list reads a coach's proposal events and consents per candidate.
CREATE INDEX IF NOT EXISTS proposal_events_proposal_idx ON proposal_events (proposal_id);
CREATE INDEX IF NOT EXISTS consents_candidate_idx ON consents (candidate_id);
