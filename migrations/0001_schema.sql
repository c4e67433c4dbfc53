-- The whole product's schema. Later migrations extend it; this file is never edited.

CREATE TABLE organisations (
    id          bigserial PRIMARY KEY,
    kind        text NOT NULL CHECK (kind IN ('municipality', 'agency', 'employer')),
    name        text NOT NULL,
    slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]*$'),
    second_chance boolean NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
    id              bigserial PRIMARY KEY,
    organisation_id bigint NOT NULL REFERENCES organisations (id),
    role            text NOT NULL CHECK (role IN ('jobcoach', 'agency', 'candidate', 'admin')),
    email           text NOT NULL,
    display_name    text NOT NULL DEFAULT '',
    password_hash   text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    disabled_at     timestamptz
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

-- Server-side sessions; the cookie holds a random token, the table only its sha256.
CREATE TABLE sessions (
    token_hash   bytea PRIMARY KEY,
    user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token   text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE login_attempts (
    id           bigserial PRIMARY KEY,
    email_key    text NOT NULL,
    client       text NOT NULL,
    succeeded    boolean NOT NULL,
    attempted_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_attempts_email_idx ON login_attempts (email_key, attempted_at);
CREATE INDEX login_attempts_client_idx ON login_attempts (client, attempted_at);

CREATE TABLE candidates (
    id                 bigserial PRIMARY KEY,
    organisation_id    bigint NOT NULL REFERENCES organisations (id),
    coach_id           bigint REFERENCES users (id),
    user_id            bigint UNIQUE REFERENCES users (id),
    first_name         text NOT NULL,
    last_name          text NOT NULL DEFAULT '',
    birth_date         date,
    phone              text,
    desired_work       text NOT NULL DEFAULT '',
    experience         text NOT NULL DEFAULT '',
    skills             text[] NOT NULL DEFAULT '{}',
    interests          text NOT NULL DEFAULT '',
    occupation_uris    text[] NOT NULL DEFAULT '{}',
    postcode           text,
    lat                double precision,
    lon                double precision,
    travel_mode        text NOT NULL DEFAULT 'bike'
                       CHECK (travel_mode IN ('walk', 'bike', 'ebike', 'ov', 'car')),
    max_travel_km      real,
    max_travel_minutes real,
    hours_min          real,
    hours_max          real,
    shifts             text[] NOT NULL DEFAULT '{day}',
    certificates       text[] NOT NULL DEFAULT '{}',
    driving_licences   text[] NOT NULL DEFAULT '{}',
    language_level     text,
    available_from     date,
    status             text NOT NULL DEFAULT 'new'
                       CHECK (status IN ('new', 'searching', 'proposed', 'working', 'paused')),
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    last_active_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX candidates_coach_idx ON candidates (coach_id);

-- GDPR art. 10 / UAVG: coarse justice-related flags, coach-only, never copied elsewhere.
CREATE TABLE candidate_restrictions (
    candidate_id       bigint PRIMARY KEY REFERENCES candidates (id) ON DELETE CASCADE,
    curfew_start       time,
    curfew_end         time,
    reporting_weekdays smallint[] NOT NULL DEFAULT '{}',
    vog_risk           boolean NOT NULL DEFAULT false,
    updated_by         bigint REFERENCES users (id),
    updated_at         timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE import_batches (
    id              bigserial PRIMARY KEY,
    organisation_id bigint NOT NULL REFERENCES organisations (id),
    created_by      bigint REFERENCES users (id),
    source          text NOT NULL CHECK (source IN ('upload', 'api', 'cli')),
    filename        text NOT NULL DEFAULT '',
    file_format     text NOT NULL DEFAULT '',
    full_feed       boolean NOT NULL DEFAULT false,
    status          text NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'running', 'done', 'failed')),
    total_rows      integer NOT NULL DEFAULT 0,
    processed_rows  integer NOT NULL DEFAULT 0,
    stored          integer NOT NULL DEFAULT 0,
    unchanged       integer NOT NULL DEFAULT 0,
    closed          integer NOT NULL DEFAULT 0,
    rejected        integer NOT NULL DEFAULT 0,
    errors          jsonb NOT NULL DEFAULT '[]',
    payload         bytea,
    created_at      timestamptz NOT NULL DEFAULT now(),
    finished_at     timestamptz
);

CREATE TABLE vacancies (
    id                     bigserial PRIMARY KEY,
    organisation_id        bigint NOT NULL REFERENCES organisations (id),
    external_ref           text NOT NULL,
    title                  text NOT NULL,
    description            text NOT NULL DEFAULT '',
    skills                 text[] NOT NULL DEFAULT '{}',
    sector                 text,
    occupation_uri         text,
    employer_name          text,
    postcode               text,
    city                   text,
    lat                    double precision,
    lon                    double precision,
    hours_min              real,
    hours_max              real,
    shifts                 text[] NOT NULL DEFAULT '{day}',
    contract_type          text CHECK (contract_type IN ('uitzend', 'tijdelijk', 'bbl', 'vast')),
    permanent_after_months integer,
    training               text,
    bbl                    boolean NOT NULL DEFAULT false,
    paid_certificates      text[] NOT NULL DEFAULT '{}',
    hourly_wage            numeric(6, 2),
    min_age                integer,
    driving_licence        text,
    required_certificates  text[] NOT NULL DEFAULT '{}',
    language_level         text,
    start_date             date,
    closing_date           date,
    status                 text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed', 'filled')),
    vog_required           boolean NOT NULL DEFAULT false,
    second_chance          boolean NOT NULL DEFAULT false,
    stable_hours           boolean,
    content_hash           text NOT NULL DEFAULT '',
    import_batch_id        bigint REFERENCES import_batches (id),
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organisation_id, external_ref)
);
CREATE INDEX vacancies_open_idx ON vacancies (status) WHERE status = 'open';

-- Embeddings of the texts built by matcher.texts; the FAISS index is rebuilt from here.
CREATE TABLE embeddings (
    kind       text NOT NULL CHECK (kind IN ('vacancy', 'candidate')),
    object_id  bigint NOT NULL,
    model      text NOT NULL,
    dimension  integer NOT NULL,
    vector     bytea NOT NULL,  -- float32 little-endian, unit length
    text_hash  text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kind, object_id, model)
);

CREATE TABLE index_builds (
    id         text PRIMARY KEY,
    kind       text NOT NULL CHECK (kind IN ('vacancy', 'candidate')),
    model      text NOT NULL,
    size       integer NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Every suggestion shown, with what it was computed from (AI Act: logs, explanations).
CREATE TABLE suggestions (
    id             bigserial PRIMARY KEY,
    candidate_id   bigint NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
    vacancy_id     bigint NOT NULL REFERENCES vacancies (id) ON DELETE CASCADE,
    direction      text NOT NULL CHECK (direction IN ('vacancies_for_candidate', 'candidates_for_vacancy')),
    score          real NOT NULL,
    breakdown      jsonb NOT NULL,
    reasons        jsonb NOT NULL DEFAULT '[]',
    warnings       jsonb NOT NULL DEFAULT '[]',
    model          text NOT NULL,
    index_build_id text,
    weights        jsonb NOT NULL DEFAULT '{}',
    shown_to       bigint REFERENCES users (id),
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX suggestions_candidate_idx ON suggestions (candidate_id, created_at DESC);

-- A jobcoach's decision on a suggested (candidate, vacancy) pair.
CREATE TABLE reviews (
    id                   bigserial PRIMARY KEY,
    candidate_id         bigint NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
    vacancy_id           bigint NOT NULL REFERENCES vacancies (id) ON DELETE CASCADE,
    suggestion_id        bigint REFERENCES suggestions (id) ON DELETE SET NULL,
    coach_id             bigint NOT NULL REFERENCES users (id),
    decision             text NOT NULL CHECK (decision IN ('approve', 'reject')),
    reason_code          text NOT NULL,
    note                 text NOT NULL DEFAULT '',
    vacancy_content_hash text NOT NULL DEFAULT '',
    created_at           timestamptz NOT NULL DEFAULT now(),
    UNIQUE (candidate_id, vacancy_id, vacancy_content_hash)
);

-- The one place where allowed placement transitions are listed.
CREATE TABLE proposal_transitions (
    from_state text NOT NULL,
    to_state   text NOT NULL,
    PRIMARY KEY (from_state, to_state)
);
INSERT INTO proposal_transitions (from_state, to_state) VALUES
    ('proposed', 'candidate_interested'),
    ('proposed', 'candidate_declined'),
    ('proposed', 'withdrawn'),
    ('candidate_interested', 'shared_with_agency'),
    ('candidate_interested', 'candidate_declined'),
    ('candidate_interested', 'withdrawn'),
    ('shared_with_agency', 'interview'),
    ('shared_with_agency', 'hired'),
    ('shared_with_agency', 'declined_by_agency'),
    ('shared_with_agency', 'withdrawn'),
    ('interview', 'hired'),
    ('interview', 'declined_by_agency'),
    ('interview', 'withdrawn'),
    ('hired', 'working_1m'),
    ('hired', 'ended'),
    ('working_1m', 'working_3m'),
    ('working_1m', 'ended'),
    ('working_3m', 'working_6m'),
    ('working_3m', 'ended'),
    ('working_6m', 'ended');

CREATE TABLE proposals (
    id               bigserial PRIMARY KEY,
    candidate_id     bigint NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
    vacancy_id       bigint NOT NULL REFERENCES vacancies (id) ON DELETE CASCADE,
    review_id        bigint REFERENCES reviews (id) ON DELETE SET NULL,
    state            text NOT NULL DEFAULT 'proposed',
    end_reason       text,
    created_by       bigint REFERENCES users (id),
    created_at       timestamptz NOT NULL DEFAULT now(),
    state_changed_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (candidate_id, vacancy_id)
);

CREATE FUNCTION proposals_check_transition() RETURNS trigger AS $$
BEGIN
    IF NEW.state IS DISTINCT FROM OLD.state AND NOT EXISTS (
        SELECT 1 FROM proposal_transitions t
        WHERE t.from_state = OLD.state AND t.to_state = NEW.state
    ) THEN
        RAISE EXCEPTION 'illegal proposal transition % -> %', OLD.state, NEW.state
            USING ERRCODE = 'check_violation';
    END IF;
    NEW.state_changed_at := now();
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER proposals_transition BEFORE UPDATE OF state ON proposals
    FOR EACH ROW EXECUTE FUNCTION proposals_check_transition();

CREATE FUNCTION proposals_check_initial_state() RETURNS trigger AS $$
BEGIN
    IF NEW.state <> 'proposed' THEN
        RAISE EXCEPTION 'a proposal starts as proposed, not %', NEW.state
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER proposals_initial BEFORE INSERT ON proposals
    FOR EACH ROW EXECUTE FUNCTION proposals_check_initial_state();

-- The timeline: every step of a proposal with who and when.
CREATE TABLE proposal_events (
    id          bigserial PRIMARY KEY,
    proposal_id bigint NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    from_state  text,
    to_state    text NOT NULL,
    actor_id    bigint REFERENCES users (id),
    reason_code text,
    note        text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE consents (
    id           bigserial PRIMARY KEY,
    proposal_id  bigint NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    candidate_id bigint NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
    given_at     timestamptz NOT NULL DEFAULT now(),
    withdrawn_at timestamptz
);
CREATE UNIQUE INDEX consents_active_idx ON consents (proposal_id) WHERE withdrawn_at IS NULL;

CREATE TABLE invitations (
    id           bigserial PRIMARY KEY,
    candidate_id bigint NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
    code_hash    bytea NOT NULL UNIQUE,
    created_by   bigint REFERENCES users (id),
    expires_at   timestamptz NOT NULL,
    used_at      timestamptz
);

CREATE TABLE api_keys (
    id              bigserial PRIMARY KEY,
    organisation_id bigint NOT NULL REFERENCES organisations (id),
    name            text NOT NULL DEFAULT '',
    prefix          text NOT NULL,
    key_hash        bytea NOT NULL UNIQUE,
    created_by      bigint REFERENCES users (id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    revoked_at      timestamptz
);

-- Admin-controlled switches, e.g. the kill switch ('automatic_suggestions' = false).
CREATE TABLE app_settings (
    key        text PRIMARY KEY,
    value      jsonb NOT NULL,
    updated_by bigint REFERENCES users (id),
    updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO app_settings (key, value) VALUES ('automatic_suggestions', 'true');

-- Append-only: who did what to which object, when. No personal payload.
CREATE TABLE audit_log (
    id              bigserial PRIMARY KEY,
    at              timestamptz NOT NULL DEFAULT now(),
    actor_id        bigint,
    actor_role      text,
    organisation_id bigint,
    action          text NOT NULL,
    object_type     text NOT NULL,
    object_id       bigint
);
CREATE INDEX audit_log_object_idx ON audit_log (object_type, object_id);

CREATE FUNCTION audit_log_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
