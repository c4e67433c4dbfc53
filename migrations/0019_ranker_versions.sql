-- Learning from decisions (issue 15): per municipality, weights of the explained score
-- components learned from the coaches' decisions and the placement outcomes. A trained
-- version is only 'proposed'; it ranks suggestions once an admin accepted its evaluation
-- report ('active', at most one per municipality); the one it replaced is 'retired' and
-- comes back with one click. Version 0 / NULL means the hand-set weights of the settings.
CREATE TABLE ranker_versions (
    id              bigserial PRIMARY KEY,
    organisation_id bigint NOT NULL REFERENCES organisations (id),
    version         integer NOT NULL CHECK (version > 0),
    weights         jsonb NOT NULL,
    report          jsonb NOT NULL,
    trained_from    timestamptz NOT NULL,
    trained_until   timestamptz NOT NULL,
    status          text NOT NULL DEFAULT 'proposed'
                    CHECK (status IN ('proposed', 'active', 'retired')),
    created_at      timestamptz NOT NULL DEFAULT now(),
    accepted_by     bigint REFERENCES users (id),
    accepted_at     timestamptz,
    retired_at      timestamptz,
    UNIQUE (organisation_id, version)
);
CREATE UNIQUE INDEX ranker_versions_one_active_idx
    ON ranker_versions (organisation_id) WHERE status = 'active';

-- Which weights ranked each logged suggestion: a version number of the candidate's
-- municipality, or NULL for the hand-set weights.
ALTER TABLE suggestions ADD COLUMN ranker_version integer;
