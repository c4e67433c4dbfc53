-- A candidate asks their jobcoach to correct something in their data (GDPR art. 16).
-- The message is the candidate's own words; it is shown to the candidate and their
-- jobcoach only, and never enters embeddings, logs or agency views.
CREATE TABLE correction_requests (
    id           bigserial PRIMARY KEY,
    candidate_id bigint NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
    message      text NOT NULL CHECK (length(message) BETWEEN 1 AND 2000),
    created_at   timestamptz NOT NULL DEFAULT now(),
    handled_at   timestamptz
);
CREATE INDEX correction_requests_open_idx ON correction_requests (candidate_id)
    WHERE handled_at IS NULL;
