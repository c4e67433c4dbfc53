-- Placements that are honest (issue 13): a start date per placement, check-ins that open
-- at 1, 3 and 6 months after it (not before), a caseload status that follows the
-- pipeline, and a coach's own proposal of a pair they once rejected as a suggestion.

-- The municipality's today: a placement starts, and a check-in opens, on a Dutch day.
CREATE FUNCTION local_today() RETURNS date LANGUAGE sql STABLE AS $$
    SELECT (now() AT TIME ZONE 'Europe/Amsterdam')::date
$$;

-- The day the young person started (or starts) the job. Recorded at the hire by the coach
-- or the agency; when nobody gives one it is the day of the hire; a coach can change it.
ALTER TABLE proposals ADD COLUMN start_date date;

-- Placements hired before this column existed start on the day they were hired.
UPDATE proposals p SET start_date = coalesce(
    (SELECT min(e.created_at AT TIME ZONE 'Europe/Amsterdam')::date
     FROM proposal_events e WHERE e.proposal_id = p.id AND e.to_state = 'hired'),
    (p.state_changed_at AT TIME ZONE 'Europe/Amsterdam')::date)
WHERE p.state IN ('hired', 'working_1m', 'working_3m', 'working_6m')
   OR EXISTS (SELECT 1 FROM proposal_events e WHERE e.proposal_id = p.id AND e.to_state = 'hired');

-- The transition trigger also gives a hire without a start date the day of the hire, so
-- every path (coach, agency page, API) has one.
CREATE OR REPLACE FUNCTION proposals_check_transition() RETURNS trigger AS $$
BEGIN
    IF NEW.state IS DISTINCT FROM OLD.state AND NOT EXISTS (
        SELECT 1 FROM proposal_transitions t
        WHERE t.from_state = OLD.state AND t.to_state = NEW.state
    ) THEN
        RAISE EXCEPTION 'illegal proposal transition % -> %', OLD.state, NEW.state
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.state = 'hired' AND NEW.start_date IS NULL THEN
        NEW.start_date := local_today();
    END IF;
    NEW.state_changed_at := now();
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

ALTER TABLE proposals ADD CONSTRAINT proposals_working_has_start_date
    CHECK (state NOT IN ('hired', 'working_1m', 'working_3m', 'working_6m')
           OR start_date IS NOT NULL);

-- The one place where the check-ins are listed: from a state, the check-in that follows
-- and how many months after the start date it opens. (web.proposals.vocabulary.CHECKINS
-- repeats it for the pages; a test holds the two together.)
CREATE TABLE placement_checkins (
    from_state text PRIMARY KEY,
    to_state   text NOT NULL,
    months     integer NOT NULL CHECK (months > 0),
    FOREIGN KEY (from_state, to_state) REFERENCES proposal_transitions (from_state, to_state)
);
INSERT INTO placement_checkins (from_state, to_state, months) VALUES
    ('hired', 'working_1m', 1),
    ('working_1m', 'working_3m', 3),
    ('working_3m', 'working_6m', 6);

-- The day the next check-in of a placement in `state` opens (NULL: none follows).
-- Month arithmetic as PostgreSQL does it: 31 January + 1 month = 28 or 29 February.
CREATE FUNCTION checkin_opens_on(state text, start_date date) RETURNS date
LANGUAGE sql STABLE AS $$
    SELECT (start_date + make_interval(months => c.months))::date
    FROM placement_checkins c WHERE c.from_state = state
$$;

-- A candidate's caseload status as the pipeline says it: working while a placement is
-- hired or checked in, proposed while a proposal is open, otherwise searching again.
-- NULL when the candidate has no proposals (the coach's own status stands).
CREATE FUNCTION pipeline_status(candidate bigint) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT CASE
        WHEN bool_or(p.state IN ('hired', 'working_1m', 'working_3m', 'working_6m')) THEN 'working'
        WHEN bool_or(p.state IN ('proposed', 'candidate_interested', 'shared_with_agency',
                                 'interview')) THEN 'proposed'
        ELSE 'searching' END
    FROM proposals p WHERE p.candidate_id = candidate
    HAVING count(*) > 0
$$;

-- Statuses that went stale before (still "voorgesteld" after a hire or a refusal).
UPDATE candidates c SET status = pipeline_status(c.id)
WHERE c.status <> 'paused' AND pipeline_status(c.id) IS NOT NULL
  AND c.status <> pipeline_status(c.id);

-- A pair rejected as a suggestion can still be proposed by hand later: one review per
-- pair, vacancy version and decision (a double click still gives one).
ALTER TABLE reviews
    DROP CONSTRAINT reviews_candidate_id_vacancy_id_vacancy_content_hash_key,
    ADD CONSTRAINT reviews_pair_version_decision_key
        UNIQUE (candidate_id, vacancy_id, vacancy_content_hash, decision);
