-- Issue 14: admins manage staff in the browser, and staff log in with a second factor.

-- A one-time link an admin hands to a new (or locked-out) coach, agency user or admin:
-- it sets their password. Candidates' invitations stay in `invitations` (they belong to
-- a candidate profile); this one belongs to a user. Only the code's sha256 is stored.
CREATE TABLE staff_setup_links (
    id         bigserial PRIMARY KEY,
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash  bytea NOT NULL UNIQUE,
    created_by bigint REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);
CREATE INDEX staff_setup_links_user_idx ON staff_setup_links (user_id);

-- A staff user's TOTP secret (RFC 6238, 30-second steps). `last_step` is the step of the
-- last code accepted: a code is accepted only for a later step, so never twice.
CREATE TABLE totp_secrets (
    user_id     bigint PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    secret      text NOT NULL,
    enrolled_at timestamptz NOT NULL DEFAULT now(),
    last_step   bigint NOT NULL
);

-- Ten one-time recovery codes per enrolment, stored as sha256 (they are random, ~50 bits).
CREATE TABLE recovery_codes (
    id        bigserial PRIMARY KEY,
    user_id   bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash bytea NOT NULL,
    used_at   timestamptz,
    UNIQUE (user_id, code_hash)
);

-- Between a correct password and the second factor: a short-lived server-side token
-- (its sha256 here, the token in a cookie). The session is only made after the code.
-- During enrolment `new_secret` holds the secret shown until a code confirms it.
CREATE TABLE pending_logins (
    token_hash bytea PRIMARY KEY,
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    client     text NOT NULL,
    next_path  text NOT NULL DEFAULT '',
    new_secret text,
    expires_at timestamptz NOT NULL
);
CREATE INDEX pending_logins_user_idx ON pending_logins (user_id);
CREATE INDEX pending_logins_expiry_idx ON pending_logins (expires_at);
