-- Issue 13: reset links for young people, and e-mail notifications through an outbox.

-- A reset link is a one-time link like an invitation, for a candidate who already has an
-- account: it sets a new password instead of making the account (my data tells them apart).
ALTER TABLE invitations ADD COLUMN purpose text NOT NULL DEFAULT 'account'
    CHECK (purpose IN ('account', 'reset'));

-- How each person wants their e-mail: one per event, or one a day. No row: the default
-- for their role (web/notifications/service.py).
CREATE TABLE notification_preferences (
    user_id    bigint PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    delivery   text NOT NULL CHECK (delivery IN ('immediate', 'daily')),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- The outbox: one row per person to tell, written in the transaction of the event itself,
-- so a rolled-back event mails nobody and a committed one is never forgotten. It holds ids,
-- not text: the worker writes the mail when it sends it, from what is true then (nothing
-- is said about an erased candidate; a recipient's rows go with their account).
CREATE TABLE outbox (
    id           bigserial PRIMARY KEY,
    recipient_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    event        text NOT NULL
                 CHECK (event IN ('proposal_shared', 'agency_answered', 'checkin_due', 'job_card')),
    proposal_id  bigint NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    state        text,  -- the state the event moved the proposal to (or the check-in due)
    delivery     text NOT NULL CHECK (delivery IN ('immediate', 'daily')),
    dedupe_key   text UNIQUE,  -- a check-in reminder once a week, not once a day
    created_at   timestamptz NOT NULL DEFAULT now(),
    -- Not before (the next retry). A daily row also waits for the first digest hour
    -- after created_at (the hour is the worker's setting).
    send_after   timestamptz NOT NULL DEFAULT now(),
    attempts     integer NOT NULL DEFAULT 0,
    last_error   text,
    sent_at      timestamptz,
    failed_at    timestamptz  -- gave up after the last attempt
);
CREATE INDEX outbox_due_idx ON outbox (send_after) WHERE sent_at IS NULL AND failed_at IS NULL;
CREATE INDEX outbox_recipient_idx ON outbox (recipient_id) WHERE sent_at IS NULL;
CREATE INDEX outbox_done_idx ON outbox (coalesce(sent_at, failed_at))
    WHERE sent_at IS NOT NULL OR failed_at IS NOT NULL;
