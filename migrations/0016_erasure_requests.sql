-- A jobcoach asks for a candidate's erasure; an admin of the same municipality approves
-- (and erases) or declines it: erasure by a coach always needs a second person. The
-- request names only the candidate, the people and the reason code; erasing the
-- candidate deletes it with the rest (web/oversight/repositories/erasure.py).
CREATE TABLE erasure_requests (
    id           bigserial PRIMARY KEY,
    candidate_id bigint NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
    reason       text NOT NULL CHECK (reason IN ('request', 'no_longer_needed')),
    requested_by bigint NOT NULL REFERENCES users (id),
    requested_at timestamptz NOT NULL DEFAULT now(),
    declined_by  bigint REFERENCES users (id),
    declined_at  timestamptz
);
-- At most one open request per candidate: asking twice is the same request.
CREATE UNIQUE INDEX erasure_requests_open_idx ON erasure_requests (candidate_id)
    WHERE declined_at IS NULL;
