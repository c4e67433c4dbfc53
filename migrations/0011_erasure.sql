-- Erasure and retention (issue 14, GDPR art. 17). Erasing a candidate deletes the profile
-- and every copy of it; what the agency's and the municipality's records need keeps only
-- a pseudonym: the proposals (the placement history and the outcome figures) and the
-- append-only audit log, whose rows name the candidate by id only.

-- One row per erased candidate, under the id the candidate had (bigserial: never reused),
-- so an audit row or a proposal that names that id still resolves, to a pseudonym. No
-- personal data: organisation, a random pseudonym, why and when.
CREATE TABLE erased_candidates (
    id              bigint PRIMARY KEY,
    organisation_id bigint NOT NULL REFERENCES organisations (id),
    pseudonym       text NOT NULL UNIQUE,
    former_user_id  bigint UNIQUE,  -- the deleted account, as audit rows name their actor
    reason          text NOT NULL CHECK (reason IN ('request', 'no_longer_needed', 'retention')),
    erased_at       timestamptz NOT NULL DEFAULT now()
);
-- The web processes' change feed reads erasures by time (web/matching/changes.py): a
-- deleted row has no updated_at to be found by.
-- (The DELETE on candidates in the same transaction sends the notification.)
CREATE INDEX erased_candidates_at_idx ON erased_candidates (erased_at);

-- A proposal outlives its candidate, pointing at the tombstone instead. The foreign key
-- no longer cascades: deleting a candidate who has proposals without erasing them first
-- is refused, so no placement silently disappears from the municipality's figures.
ALTER TABLE proposals
    ADD COLUMN erased_candidate_id bigint REFERENCES erased_candidates (id),
    ALTER COLUMN candidate_id DROP NOT NULL,
    DROP CONSTRAINT proposals_candidate_id_fkey,
    ADD CONSTRAINT proposals_candidate_id_fkey
        FOREIGN KEY (candidate_id) REFERENCES candidates (id),
    ADD CONSTRAINT proposals_person_known
        CHECK (candidate_id IS NOT NULL OR erased_candidate_id IS NOT NULL);
CREATE INDEX proposals_erased_candidate_idx ON proposals (erased_candidate_id)
    WHERE erased_candidate_id IS NOT NULL;

-- `embeddings` holds vacancies and candidates by (kind, object_id), so it cannot have a
-- foreign key. These triggers give it the same guarantee for candidates: the vectors go
-- with the candidate, and a vector that arrives after its candidate is gone (a worker
-- that read the text just before the erasure) is skipped, not stored. FOR KEY SHARE waits
-- for an erasure in progress, as a foreign key check would.
CREATE FUNCTION embeddings_delete_candidate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM embeddings WHERE kind = 'candidate' AND object_id = OLD.id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER candidates_embeddings_follow AFTER DELETE ON candidates
    FOR EACH ROW EXECUTE FUNCTION embeddings_delete_candidate();

CREATE FUNCTION embeddings_skip_erased_candidate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM candidates WHERE id = NEW.object_id FOR KEY SHARE;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER embeddings_candidate_exists BEFORE INSERT OR UPDATE ON embeddings
    FOR EACH ROW WHEN (NEW.kind = 'candidate')
    EXECUTE FUNCTION embeddings_skip_erased_candidate();

-- Vectors of candidates deleted before this migration.
DELETE FROM embeddings e
WHERE e.kind = 'candidate' AND NOT EXISTS (SELECT 1 FROM candidates c WHERE c.id = e.object_id);

-- Retention finds import files to clear by their end time.
CREATE INDEX import_batches_payload_idx ON import_batches (finished_at)
    WHERE payload IS NOT NULL;
