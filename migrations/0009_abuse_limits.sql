-- Limits against guessing (issue 11). Wrong invitation codes are counted per client in
-- fixed windows; a closed window becomes one audit entry with its count, instead of one
-- append-only row per guess. The client address is kept only while its window is open.
CREATE TABLE welcome_failures (
    client       text NOT NULL,
    window_start timestamptz NOT NULL,
    failures     integer NOT NULL CHECK (failures > 0),
    PRIMARY KEY (client, window_start)
);
CREATE INDEX welcome_failures_window_idx ON welcome_failures (window_start);

-- An aggregate audit entry says how many events it stands for (NULL: one).
ALTER TABLE audit_log ADD COLUMN count integer CHECK (count > 0);

-- Login attempts older than the throttling window are pruned (they hold addresses).
CREATE INDEX login_attempts_at_idx ON login_attempts (attempted_at);
