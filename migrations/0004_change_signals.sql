-- Processes agree through PostgreSQL: every committed change to what the matcher reads
-- wakes the listening web processes (LISTEN perspectief_changes). The payload only
-- names the table; a statement-level trigger sends one notification per statement,
-- and PostgreSQL folds identical notifications of one transaction into one, so a
-- 10,000-row upsert wakes a listener once. What changed is read back by `updated_at`
-- (vacancies, candidates) and `created_at` (embeddings) with an overlap window.

CREATE FUNCTION perspectief_notify_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('perspectief_changes', TG_ARGV[0]);
    RETURN NULL;
END;
$$;

CREATE TRIGGER vacancies_notify AFTER INSERT OR UPDATE OR DELETE ON vacancies
    FOR EACH STATEMENT EXECUTE FUNCTION perspectief_notify_change('vacancy');
CREATE TRIGGER candidates_notify AFTER INSERT OR UPDATE OR DELETE ON candidates
    FOR EACH STATEMENT EXECUTE FUNCTION perspectief_notify_change('candidate');
CREATE TRIGGER embeddings_notify AFTER INSERT OR UPDATE OR DELETE ON embeddings
    FOR EACH STATEMENT EXECUTE FUNCTION perspectief_notify_change('embedding');

CREATE INDEX vacancies_updated_idx ON vacancies (updated_at);
CREATE INDEX candidates_updated_idx ON candidates (updated_at);
CREATE INDEX embeddings_created_idx ON embeddings (kind, model, created_at);

-- The matcher's current suggestions per candidate, kept up to date in the background
-- so the caseload reads a stored list instead of matching every candidate per request.
-- Which of them are still "fresh" (not decided) is answered at read time from reviews.
CREATE TABLE candidate_match_state (
    candidate_id bigint PRIMARY KEY REFERENCES candidates (id) ON DELETE CASCADE,
    vacancy_ids  bigint[] NOT NULL,
    scores       real[] NOT NULL,
    index_build  text,
    computed_at  timestamptz NOT NULL DEFAULT now()
);

-- Every index state a logged suggestion can name; recorded for each change, not only
-- at start.
ALTER TABLE index_builds ADD COLUMN checksum text;

-- One definition of a decision that still holds, for the caseload and the candidate
-- page alike: the latest review of a (candidate, vacancy) pair holds when it approved,
-- or when it rejected the vacancy as it still is (a changed vacancy may come back).
-- A function, not a view, so each use is one index lookup on reviews.
CREATE FUNCTION decision_holds(candidate bigint, vacancy bigint, content_hash text)
RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT coalesce((
        SELECT r.decision = 'approve' OR r.vacancy_content_hash = content_hash
        FROM reviews r WHERE r.candidate_id = candidate AND r.vacancy_id = vacancy
        ORDER BY r.created_at DESC, r.id DESC LIMIT 1), false)
$$;
