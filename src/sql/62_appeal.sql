/* src/sql/62_appeal.sql — appeals against results (H-8) and against reward or penalty decisions (H-6.3.3) */

-- Two state machines, as data (appeal_state, appeal_flow), enforced by the
-- triggers of perfeval.appeal: a step outside appeal_flow raises 55000 with
-- a hint listing the allowed next steps, every step is appended to the
-- append-only perfeval.appeal_event, and every deadline is computed with
-- perfeval.deadline on the appeal's calendar and stored (appeal.due_at,
-- perfeval.appeal_deadline).  A late filing or re-appeal raises 23514 (a
-- breach of the filing rule in the data) unless the caller gives an
-- override reason, which is recorded with who gave it.

-- ---------------------------------------------------------------------------
-- Settings the handbook leaves open (rows only for values changed from the
-- product defaults; perfeval.appeal_setting reads them).
-- ---------------------------------------------------------------------------

CREATE TABLE @extschema@.appeal_policy (
    name        text PRIMARY KEY
                CHECK (name IN ('calendar', 'result_filing_days', 'eligibility_days', 'leadership_days')),
    value       text NOT NULL,
    changed_by  name NOT NULL DEFAULT CURRENT_USER,
    changed_at  timestamptz NOT NULL DEFAULT pg_catalog.now(),
    CONSTRAINT appeal_policy_days CHECK (name OPERATOR(pg_catalog.=) 'calendar' OR (value OPERATOR(pg_catalog.~) '^[0-9]{1,3}$' AND value::integer BETWEEN 1 AND 250)),
    CONSTRAINT appeal_policy_calendar CHECK (name OPERATOR(pg_catalog.<>) 'calendar' OR value OPERATOR(pg_catalog.<>) '')
);
COMMENT ON TABLE @extschema@.appeal_policy IS
'appeal settings the handbook leaves open, only where changed from the defaults: calendar (cn), result_filing_days (10 working days after the result''s feedback, H-8.2.1 (3)), eligibility_days (5, the eligibility check after acknowledgement), leadership_days (10, the leadership decision, H-6.3.3 (3), H-8.2.5)';
COMMENT ON COLUMN @extschema@.appeal_policy.name IS 'the setting: calendar, result_filing_days, eligibility_days or leadership_days (H-8.2)';
COMMENT ON COLUMN @extschema@.appeal_policy.value IS 'the setting''s value (a calendar name or a number of working days)';
COMMENT ON COLUMN @extschema@.appeal_policy.changed_by IS 'the role that last changed it';
COMMENT ON COLUMN @extschema@.appeal_policy.changed_at IS 'when it was last changed';

-- appeal_setting(name): the configured value or the product default.
CREATE FUNCTION @extschema@.appeal_setting(name text)
RETURNS text
LANGUAGE sql
STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT coalesce((SELECT p.value FROM @extschema@.appeal_policy AS p WHERE p.name OPERATOR(pg_catalog.=) appeal_setting.name),
                    CASE appeal_setting.name WHEN 'calendar' THEN 'cn'
                                             WHEN 'result_filing_days' THEN '10'
                                             WHEN 'eligibility_days' THEN '5'
                                             WHEN 'leadership_days' THEN '10' END);
END;
COMMENT ON FUNCTION @extschema@.appeal_setting(text) IS
'an appeal setting: the appeal_policy row, else the default (calendar cn, result_filing_days 10, eligibility_days 5, leadership_days 10)';

-- ---------------------------------------------------------------------------
-- The two state machines are data: the flows result and decision of
-- perfeval.flow_state and perfeval.flow_step (59_flow.sql; extension
-- definitions, read-only, not dumped), shown by the views appeal_state and
-- appeal_flow.
-- ---------------------------------------------------------------------------

-- allowed_appeal_steps(path, state): 'action (-> state), ...' for hints.
CREATE FUNCTION @extschema@.allowed_appeal_steps(path text, state text)
RETURNS text
LANGUAGE sql
STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT pg_catalog.string_agg(f.step OPERATOR(pg_catalog.||) ' (-> ' OPERATOR(pg_catalog.||) f.to_state OPERATOR(pg_catalog.||) ')', ', ' ORDER BY f.step)
    FROM @extschema@.flow_step AS f
    WHERE f.flow OPERATOR(pg_catalog.=) allowed_appeal_steps.path AND f.from_state OPERATOR(pg_catalog.=) allowed_appeal_steps.state;
END;
COMMENT ON FUNCTION @extschema@.allowed_appeal_steps(text, text) IS
'the steps allowed from a state of an appeal path, as "action (-> state), ..." (NULL for a terminal state); used in the hints of 55000 errors';

-- ---------------------------------------------------------------------------
-- Feedback of a result (H-3.2.4): the filing window of a result appeal runs
-- from it (H-8.2.1 (3)).
-- ---------------------------------------------------------------------------

CREATE TABLE @extschema@.result_feedback (
    period_id  integer NOT NULL REFERENCES @extschema@.period (id),
    agent_id   integer NOT NULL REFERENCES @extschema@.agent (id),
    given_at   timestamptz NOT NULL CHECK (pg_catalog.isfinite(given_at)),
    given_by   name NOT NULL DEFAULT CURRENT_USER,
    note       text,
    PRIMARY KEY (period_id, agent_id)
);
CREATE INDEX result_feedback_agent_id_idx ON @extschema@.result_feedback (agent_id);
COMMENT ON TABLE @extschema@.result_feedback IS
'when an agent''s result of a period was fed back (the performance interview, H-3.2.4); a result appeal must be filed within result_filing_days working days after it (H-8.2.1 (3)); without a row the window runs from the period''s approval';
COMMENT ON COLUMN @extschema@.result_feedback.period_id IS 'the period (period.id)';
COMMENT ON COLUMN @extschema@.result_feedback.agent_id IS 'the agent told the result (agent.id)';
COMMENT ON COLUMN @extschema@.result_feedback.given_at IS 'when the result was fed back to the agent (opens the filing window, H-8.2.1)';
COMMENT ON COLUMN @extschema@.result_feedback.given_by IS 'the role that recorded the feedback';
COMMENT ON COLUMN @extschema@.result_feedback.note IS 'free-text remark';

CREATE FUNCTION @extschema@.record_feedback(period_id integer, agent_id integer, at timestamptz DEFAULT pg_catalog.now(),
                                            actor name DEFAULT CURRENT_USER, note text DEFAULT NULL)
RETURNS timestamptz
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_variable
DECLARE
    t timestamptz;
BEGIN
    IF period_id IS NULL OR agent_id IS NULL OR at IS NULL OR actor IS NULL THEN
        RAISE EXCEPTION 'period_id, agent_id, at and actor must not be null'
            USING ERRCODE = 'null_value_not_allowed', HINT = 'Feedback names the period, the agent, when and who (H-3.2.4).';
    END IF;
    PERFORM perfeval.check_actor(actor);
    IF NOT perfeval.is_superuser() AND NOT perfeval.is_hr() AND NOT perfeval.is_team_manager(agent_id, NULL) THEN
        RAISE EXCEPTION 'permission denied: the agent''s manager or HR feeds a result back'
            USING ERRCODE = 'insufficient_privilege', HINT = 'H-3.2.4: the performance interview is the manager''s or HR''s.';
    END IF;
    IF NOT isfinite(at) OR at > now() THEN
        RAISE EXCEPTION 'the feedback time must be a finite time not in the future'
            USING ERRCODE = 'invalid_parameter_value', DETAIL = format('The time given is %s.', at);
    END IF;
    INSERT INTO perfeval.result_feedback AS f (period_id, agent_id, given_at, given_by, note)
    VALUES (period_id, agent_id, at, actor, note)
    ON CONFLICT ON CONSTRAINT result_feedback_pkey DO NOTHING
    RETURNING f.given_at INTO t;
    IF t IS NULL THEN
        SELECT f.given_at INTO t FROM perfeval.result_feedback AS f
        WHERE f.period_id = record_feedback.period_id AND f.agent_id = record_feedback.agent_id;
    END IF;
    RETURN t;
END
$$;
COMMENT ON FUNCTION @extschema@.record_feedback(integer, integer, timestamptz, name, text) IS
'records when the agent''s result of the period was fed back (H-3.2.4), once: returns the feedback time in force (the first one), from which the filing window of H-8.2.1 (3) runs';

-- ---------------------------------------------------------------------------
-- Appeals
-- ---------------------------------------------------------------------------

CREATE TABLE @extschema@.appeal (
    id                     serial PRIMARY KEY,
    path                   text NOT NULL CHECK (path IN ('result', 'decision')),
    appellant_id           integer NOT NULL REFERENCES @extschema@.agent (id),
    team_id                integer NOT NULL REFERENCES @extschema@.team (id),
    period_id              integer REFERENCES @extschema@.period (id),
    result_id              integer REFERENCES @extschema@.result (id),
    reward_id              integer REFERENCES @extschema@.reward (id),
    penalty_id             integer REFERENCES @extschema@.penalty (id),
    channel                text NOT NULL DEFAULT 'form' CHECK (channel IN ('email', 'form', 'face_to_face')),
    grounds                text NOT NULL CHECK (grounds OPERATOR(pg_catalog.<>) ''),
    calendar               text NOT NULL REFERENCES @extschema@.calendar (name),
    filed_at               timestamptz NOT NULL CHECK (pg_catalog.isfinite(filed_at)),
    filed_by               name NOT NULL,
    window_from            timestamptz NOT NULL,
    filing_due_at          timestamptz NOT NULL,
    override_by            name,
    override_reason        text,
    state                  text NOT NULL DEFAULT 'filed',
    state_since            timestamptz NOT NULL,
    state_actor            name NOT NULL,
    state_note             text,
    due_at                 timestamptz,
    outcome                text CHECK (outcome IN ('upheld', 'dismissed', 'ineligible', 'withdrawn')),
    new_result_id          integer REFERENCES @extschema@.result (id),
    reappeal_override_by   name,
    reappeal_override_reason text,
    closed_at              timestamptz,
    FOREIGN KEY (path, state) REFERENCES @extschema@.flow_state (flow, state),
    CONSTRAINT appeal_one_subject CHECK (
        CASE path WHEN 'result' THEN result_id IS NOT NULL AND reward_id IS NULL AND penalty_id IS NULL
                  ELSE result_id IS NULL AND (reward_id IS NULL) OPERATOR(pg_catalog.<>) (penalty_id IS NULL) END),
    CONSTRAINT appeal_override_recorded CHECK ((override_by IS NULL) OPERATOR(pg_catalog.=) (override_reason IS NULL)),
    CONSTRAINT appeal_late_needs_override CHECK (filed_at OPERATOR(pg_catalog.<) filing_due_at OR override_reason IS NOT NULL),
    CONSTRAINT appeal_outcome_given CHECK (state NOT IN ('reviewed', 'notified', 'handled', 'closed', 'withdrawn') OR outcome IS NOT NULL)
);
CREATE INDEX appeal_appellant_id_idx ON @extschema@.appeal (appellant_id);
CREATE INDEX appeal_team_id_idx ON @extschema@.appeal (team_id);
CREATE INDEX appeal_period_id_idx ON @extschema@.appeal (period_id);
CREATE UNIQUE INDEX appeal_open_result_key ON @extschema@.appeal (result_id) WHERE state NOT IN ('closed', 'withdrawn');
CREATE UNIQUE INDEX appeal_open_reward_key ON @extschema@.appeal (reward_id, appellant_id) WHERE state NOT IN ('closed', 'withdrawn');
CREATE UNIQUE INDEX appeal_open_penalty_key ON @extschema@.appeal (penalty_id) WHERE state NOT IN ('closed', 'withdrawn');
COMMENT ON TABLE @extschema@.appeal IS
'an appeal against a result (path result, H-8) or against an announced reward or penalty (path decision, H-6.3.3); its state changes only along appeal_flow, each change logged in appeal_event, its deadlines in appeal_deadline';
COMMENT ON COLUMN @extschema@.appeal.team_id IS 'the appellant''s team when filing (the handler''s scope and the statistics'' team)';
COMMENT ON COLUMN @extschema@.appeal.result_id IS 'path result: the result revision appealed against';
COMMENT ON COLUMN @extschema@.appeal.channel IS 'email, form or face_to_face (H-8.1.2)';
COMMENT ON COLUMN @extschema@.appeal.calendar IS 'the business-day calendar of every deadline of the appeal (appeal_setting(''calendar'') when filed)';
COMMENT ON COLUMN @extschema@.appeal.window_from IS 'start of the filing window: the result''s feedback (else the period''s approval), or the decision''s announcement';
COMMENT ON COLUMN @extschema@.appeal.filing_due_at IS 'first late instant of filing: deadline(window_from, result_filing_days) (H-8.2.1 (3)) or deadline(announcement, 3) (H-6.3.3 (1))';
COMMENT ON COLUMN @extschema@.appeal.override_by IS 'who admitted a late filing (with override_reason)';
COMMENT ON COLUMN @extschema@.appeal.state_since IS 'when the current state was entered (the time of the last step)';
COMMENT ON COLUMN @extschema@.appeal.due_at IS 'first late instant of the current step (perfeval.deadline on the appeal''s calendar); NULL when the state has no limit';
COMMENT ON COLUMN @extschema@.appeal.outcome IS 'upheld, dismissed, ineligible (H-8.2.1) or withdrawn; the latest decision (leadership''s after a re-appeal)';
COMMENT ON COLUMN @extschema@.appeal.new_result_id IS 'path result, upheld: the appellant''s current result after the new revision and the re-grading';
COMMENT ON COLUMN @extschema@.appeal.id IS 'surrogate key of the appeal';
COMMENT ON COLUMN @extschema@.appeal.path IS 'result (an appeal against an evaluation result, H-8) or decision (against a reward or penalty, H-6.3.3)';
COMMENT ON COLUMN @extschema@.appeal.appellant_id IS 'the agent appealing (agent.id)';
COMMENT ON COLUMN @extschema@.appeal.period_id IS 'the period of the result or decision appealed against (period.id)';
COMMENT ON COLUMN @extschema@.appeal.reward_id IS 'path decision: the reward appealed against (reward.id)';
COMMENT ON COLUMN @extschema@.appeal.penalty_id IS 'path decision: the penalty appealed against (penalty.id)';
COMMENT ON COLUMN @extschema@.appeal.grounds IS 'the appellant''s grounds (H-8.1.2)';
COMMENT ON COLUMN @extschema@.appeal.filed_at IS 'when the appeal was filed';
COMMENT ON COLUMN @extschema@.appeal.filed_by IS 'the role that recorded the filing (the agent, or HR for them)';
COMMENT ON COLUMN @extschema@.appeal.override_reason IS 'why a late filing was admitted (HR only)';
COMMENT ON COLUMN @extschema@.appeal.state IS 'the current state (appeal_state)';
COMMENT ON COLUMN @extschema@.appeal.state_actor IS 'the role that took the last step';
COMMENT ON COLUMN @extschema@.appeal.state_note IS 'the note of the last step';
COMMENT ON COLUMN @extschema@.appeal.reappeal_override_by IS 'who admitted a late re-appeal (with reappeal_override_reason)';
COMMENT ON COLUMN @extschema@.appeal.reappeal_override_reason IS 'why a late re-appeal was admitted';
COMMENT ON COLUMN @extschema@.appeal.closed_at IS 'when the appeal was closed or withdrawn';

CREATE TABLE @extschema@.appeal_event (
    id           serial PRIMARY KEY,
    appeal_id    integer NOT NULL REFERENCES @extschema@.appeal (id),
    from_state   text,
    to_state     text NOT NULL,
    action       text NOT NULL,
    actor        name NOT NULL,
    at           timestamptz NOT NULL,
    note         text,
    outcome      text,
    due_at       timestamptz,
    recorded_at  timestamptz NOT NULL DEFAULT pg_catalog.clock_timestamp(),
    recorded_by  name NOT NULL DEFAULT SESSION_USER
);
CREATE INDEX appeal_event_appeal_id_idx ON @extschema@.appeal_event (appeal_id, id);
COMMENT ON TABLE @extschema@.appeal_event IS
'append-only history of every appeal step: from and to state, action, actor, time, note, the next deadline; UPDATE, DELETE and TRUNCATE are refused (H-8.3.3 archive)';
COMMENT ON COLUMN @extschema@.appeal_event.from_state IS 'NULL for the filing';
COMMENT ON COLUMN @extschema@.appeal_event.at IS 'when the step happened (as given by the caller, never in the future)';
COMMENT ON COLUMN @extschema@.appeal_event.recorded_at IS 'when the row was written';
COMMENT ON COLUMN @extschema@.appeal_event.id IS 'surrogate key, in the order of the steps';
COMMENT ON COLUMN @extschema@.appeal_event.appeal_id IS 'the appeal (appeal.id)';
COMMENT ON COLUMN @extschema@.appeal_event.to_state IS 'the state entered';
COMMENT ON COLUMN @extschema@.appeal_event.action IS 'the step taken';
COMMENT ON COLUMN @extschema@.appeal_event.actor IS 'the role that took the step';
COMMENT ON COLUMN @extschema@.appeal_event.note IS 'the note given with the step';
COMMENT ON COLUMN @extschema@.appeal_event.outcome IS 'the outcome decided by the step, if any';
COMMENT ON COLUMN @extschema@.appeal_event.due_at IS 'the deadline of the next step, as set by this one';
COMMENT ON COLUMN @extschema@.appeal_event.recorded_by IS 'the session role that wrote the row';

CREATE TABLE @extschema@.appeal_deadline (
    id            serial PRIMARY KEY,
    appeal_id     integer NOT NULL REFERENCES @extschema@.appeal (id),
    step          text NOT NULL,
    rule_id       text,
    starts_at     timestamptz NOT NULL,
    working_days  integer NOT NULL,
    calendar      text NOT NULL,
    due_at        timestamptz NOT NULL,
    done_at       timestamptz,
    done_action   text
);
CREATE INDEX appeal_deadline_appeal_id_idx ON @extschema@.appeal_deadline (appeal_id);
CREATE INDEX appeal_deadline_open_idx ON @extschema@.appeal_deadline (due_at) WHERE done_at IS NULL;
COMMENT ON TABLE @extschema@.appeal_deadline IS
'every deadline of every appeal: the step (filing or the state to be left), the rule, working days counted from starts_at on the calendar, the first late instant due_at, and when it was met';
COMMENT ON COLUMN @extschema@.appeal_deadline.id IS 'surrogate key of the deadline';
COMMENT ON COLUMN @extschema@.appeal_deadline.appeal_id IS 'the appeal (appeal.id)';
COMMENT ON COLUMN @extschema@.appeal_deadline.step IS 'the step that must be taken by due_at';
COMMENT ON COLUMN @extschema@.appeal_deadline.rule_id IS 'the handbook rule of the time limit (H-...)';
COMMENT ON COLUMN @extschema@.appeal_deadline.starts_at IS 'the instant the working days are counted from';
COMMENT ON COLUMN @extschema@.appeal_deadline.working_days IS 'the working days allowed';
COMMENT ON COLUMN @extschema@.appeal_deadline.calendar IS 'the business-day calendar the days are counted on';
COMMENT ON COLUMN @extschema@.appeal_deadline.due_at IS 'the first late instant (perfeval.deadline)';
COMMENT ON COLUMN @extschema@.appeal_deadline.done_at IS 'when the step was taken, NULL while open';
COMMENT ON COLUMN @extschema@.appeal_deadline.done_action IS 'the step that met the deadline';

-- appeal_due(path, state, since, calendar): the deadline of leaving state,
-- NULL when the state has none.
CREATE FUNCTION @extschema@.appeal_due(path text, state text, since timestamptz, calendar text)
RETURNS timestamptz
LANGUAGE sql
STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT @extschema@.deadline(appeal_due.since,
                                coalesce(s.days, @extschema@.appeal_setting(s.setting)::integer),
                                appeal_due.calendar)
    FROM @extschema@.flow_state AS s
    WHERE s.flow OPERATOR(pg_catalog.=) appeal_due.path AND s.state OPERATOR(pg_catalog.=) appeal_due.state
      AND (s.days IS NOT NULL OR s.setting IS NOT NULL);
END;
COMMENT ON FUNCTION @extschema@.appeal_due(text, text, timestamptz, text) IS
'the first late instant for leaving a state entered at since: perfeval.deadline(since, working days of flow_state, calendar); NULL without a limit';

-- appeal_guard: BEFORE INSERT / UPDATE / DELETE on appeal.  An appeal starts
-- filed; its state changes only along appeal_flow (55000 with the allowed
-- steps otherwise); the filing data never changes; deleting is refused.
-- The transition functions set perfeval.appeal_step; a direct UPDATE is
-- recorded as taken now by the current user.
CREATE FUNCTION @extschema@.appeal_guard()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    allowed text;
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        RAISE EXCEPTION 'appeals cannot be truncated'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'HR keeps every appeal in the archive (H-8.3.3).';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'appeals cannot be deleted'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = format('Appeal %s is %s.', OLD.id, OLD.state),
                  HINT = 'HR keeps every appeal in the archive (H-8.3.3); withdraw it instead.';
    END IF;
    IF TG_OP = 'INSERT' THEN
        -- the filing functions insert filed appeals; other rows come from a
        -- restore (pg_dump keeps appeals) and are taken as they are
        IF NEW.state = 'filed' THEN
            NEW.state_since := NEW.filed_at;
            NEW.due_at := perfeval.appeal_due(NEW.path, NEW.state, NEW.state_since, NEW.calendar);
            NEW.closed_at := NULL;
        END IF;
        RETURN NEW;
    END IF;
    IF (NEW.id, NEW.path, NEW.appellant_id, NEW.team_id, NEW.period_id, NEW.result_id, NEW.reward_id, NEW.penalty_id,
        NEW.channel, NEW.grounds, NEW.calendar, NEW.filed_at, NEW.filed_by, NEW.window_from, NEW.filing_due_at,
        NEW.override_by, NEW.override_reason)
       IS DISTINCT FROM
       (OLD.id, OLD.path, OLD.appellant_id, OLD.team_id, OLD.period_id, OLD.result_id, OLD.reward_id, OLD.penalty_id,
        OLD.channel, OLD.grounds, OLD.calendar, OLD.filed_at, OLD.filed_by, OLD.window_from, OLD.filing_due_at,
        OLD.override_by, OLD.override_reason) THEN
        RAISE EXCEPTION 'the filing of appeal % cannot be changed', OLD.id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Withdraw the appeal and file a new one.';
    END IF;
    allowed := perfeval.allowed_appeal_steps(OLD.path, OLD.state);
    IF NEW.state = OLD.state THEN
        -- perfeval.recompute_deadlines moves due_at alone when a notice lands
        IF NEW IS DISTINCT FROM OLD
           AND NOT (coalesce(current_setting('perfeval.deadline_move', true), '') = 'on'
                    AND to_jsonb(NEW) - 'due_at' = to_jsonb(OLD) - 'due_at') THEN
            RAISE EXCEPTION 'appeal % changes only by a step of its flow', OLD.id
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = format('The appeal is %s.', OLD.state),
                      HINT = CASE WHEN allowed IS NULL THEN 'No further step is allowed.'
                                  ELSE format('Allowed next steps: %s.', allowed) END;
        END IF;
        RETURN NEW;
    END IF;
    IF NOT EXISTS (SELECT FROM perfeval.flow_step AS f
                   WHERE f.flow = OLD.path AND f.from_state = OLD.state AND f.to_state = NEW.state) THEN
        RAISE EXCEPTION 'appeal % cannot go from % to %', OLD.id, OLD.state, NEW.state
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = format('The appeal is %s (path %s).', OLD.state, OLD.path),
                  HINT = CASE WHEN allowed IS NULL THEN 'No further step is allowed.'
                              ELSE format('Allowed next steps: %s.', allowed) END;
    END IF;
    IF coalesce(current_setting('perfeval.appeal_step', true), '') <> 'on' THEN
        -- a direct UPDATE: legal, so record it as taken now by the current user
        NEW.state_since := now();
        NEW.state_actor := current_user;
        NEW.state_note := CASE WHEN NEW.state_note IS NOT DISTINCT FROM OLD.state_note THEN '[direct UPDATE]'
                               ELSE NEW.state_note || ' [direct UPDATE]' END;
    END IF;
    IF NEW.state_since < OLD.state_since THEN
        RAISE EXCEPTION 'a step of appeal % cannot precede its previous step', OLD.id
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('The step is at %s, the previous one at %s.', NEW.state_since, OLD.state_since);
    END IF;
    NEW.due_at := perfeval.appeal_due(NEW.path, NEW.state, NEW.state_since, NEW.calendar);
    NEW.closed_at := CASE WHEN NEW.state IN ('closed', 'withdrawn') THEN NEW.state_since END;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION @extschema@.appeal_guard() IS
'trigger: an appeal starts filed and changes state only along appeal_flow (55000 with the allowed next steps), its filing data is fixed, it cannot be deleted; computes due_at of the new state';

CREATE TRIGGER appeal_guard BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.appeal
    FOR EACH ROW EXECUTE FUNCTION @extschema@.appeal_guard();
CREATE TRIGGER appeal_no_truncate BEFORE TRUNCATE ON @extschema@.appeal
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.appeal_guard();
COMMENT ON TRIGGER appeal_guard ON @extschema@.appeal IS
'the appeal state machines (appeal_flow; 55000 with the allowed steps), fixed filing, no deletion, due_at of each state';
COMMENT ON TRIGGER appeal_no_truncate ON @extschema@.appeal IS
'appeals cannot be truncated (H-8.3.3 archive)';

-- appeal_log: AFTER INSERT / UPDATE on appeal: appends the step to
-- appeal_event and keeps appeal_deadline (the step's deadline met, the next
-- one opened).  SECURITY DEFINER so that row-level security on the log
-- tables never loses an event of a step the caller may take.
CREATE FUNCTION @extschema@.appeal_log()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    act text;
BEGIN
    IF NEW.state = OLD.state THEN
        RETURN NULL;
    END IF;
    SELECT f.step INTO act FROM perfeval.flow_step AS f
    WHERE f.flow = NEW.path AND f.from_state = OLD.state AND f.to_state = NEW.state;
    INSERT INTO perfeval.appeal_event (appeal_id, from_state, to_state, action, actor, at, note, outcome, due_at)
    VALUES (NEW.id, OLD.state, NEW.state, act, NEW.state_actor, NEW.state_since, NEW.state_note,
            CASE WHEN NEW.outcome IS DISTINCT FROM OLD.outcome THEN NEW.outcome END, NEW.due_at);
    UPDATE perfeval.appeal_deadline AS d SET done_at = NEW.state_since, done_action = act
    WHERE d.appeal_id = NEW.id AND d.done_at IS NULL;
    IF NEW.due_at IS NOT NULL THEN
        INSERT INTO perfeval.appeal_deadline (appeal_id, step, rule_id, starts_at, working_days, calendar, due_at)
        SELECT NEW.id, NEW.state, s.rule_id, NEW.state_since,
               coalesce(s.days, perfeval.appeal_setting(s.setting)::integer), NEW.calendar, NEW.due_at
        FROM perfeval.flow_state AS s WHERE s.flow = NEW.path AND s.state = NEW.state;
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION @extschema@.appeal_log() IS
'trigger: appends every appeal step to appeal_event and records its deadlines in appeal_deadline (so no step goes unlogged, direct UPDATEs included)';

CREATE TRIGGER appeal_log AFTER UPDATE ON @extschema@.appeal
    FOR EACH ROW EXECUTE FUNCTION @extschema@.appeal_log();
COMMENT ON TRIGGER appeal_log ON @extschema@.appeal IS
'appends each step to appeal_event and keeps appeal_deadline';

CREATE TRIGGER appeal_event_no_update BEFORE UPDATE ON @extschema@.appeal_event
    FOR EACH ROW EXECUTE FUNCTION @extschema@.append_only(
        'The history of appeals is kept for lookup and tracing (H-8.3.3).',
        'Record a correction as a new step with a note.');
CREATE TRIGGER appeal_event_no_delete BEFORE DELETE ON @extschema@.appeal_event
    FOR EACH ROW EXECUTE FUNCTION @extschema@.append_only(
        'The history of appeals is kept for lookup and tracing (H-8.3.3).',
        'Record a correction as a new step with a note.');
CREATE TRIGGER appeal_event_no_truncate BEFORE TRUNCATE ON @extschema@.appeal_event
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.append_only(
        'The history of appeals is kept for lookup and tracing (H-8.3.3).',
        'Record a correction as a new step with a note.');
COMMENT ON TRIGGER appeal_event_no_update ON @extschema@.appeal_event IS 'appeal_event is append-only: UPDATE refused (H-8.3.3)';
COMMENT ON TRIGGER appeal_event_no_delete ON @extschema@.appeal_event IS 'appeal_event is append-only: DELETE refused (H-8.3.3)';
COMMENT ON TRIGGER appeal_event_no_truncate ON @extschema@.appeal_event IS 'appeal_event is append-only: TRUNCATE refused (H-8.3.3)';

-- appeal_record_filing(appeal): the filing's event and deadlines, once.
CREATE FUNCTION @extschema@.appeal_record_filing(appeal_id integer)
RETURNS void
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    a perfeval.appeal;
BEGIN
    PERFORM perfeval.require_internal('appeal_record_filing', false);   -- SECURITY DEFINER: the current user is the owner
    SELECT * INTO a FROM perfeval.appeal AS x WHERE x.id = appeal_id AND x.state = 'filed';
    IF NOT FOUND OR EXISTS (SELECT FROM perfeval.appeal_event AS e WHERE e.appeal_id = a.id) THEN
        RETURN;
    END IF;
    INSERT INTO perfeval.appeal_event (appeal_id, from_state, to_state, action, actor, at, note, due_at)
    VALUES (a.id, NULL, a.state, 'file', a.filed_by, a.filed_at,
            CASE WHEN a.override_reason IS NOT NULL
                 THEN format('late filing admitted by %s: %s', a.override_by, a.override_reason) END,
            a.due_at);
    INSERT INTO perfeval.appeal_deadline (appeal_id, step, rule_id, starts_at, working_days, calendar, due_at, done_at, done_action)
    VALUES (a.id, 'filing', CASE a.path WHEN 'result' THEN 'H-8.2.1' ELSE 'H-6.3.3' END, a.window_from,
            CASE a.path WHEN 'result' THEN perfeval.appeal_setting('result_filing_days')::integer ELSE 3 END,
            a.calendar, a.filing_due_at, a.filed_at, 'file');
    INSERT INTO perfeval.appeal_deadline (appeal_id, step, rule_id, starts_at, working_days, calendar, due_at)
    SELECT a.id, a.state, s.rule_id, a.state_since, s.days, a.calendar, a.due_at
    FROM perfeval.flow_state AS s WHERE s.flow = a.path AND s.state = a.state;
END
$$;
COMMENT ON FUNCTION @extschema@.appeal_record_filing(integer) IS
'internal (42501 unless called by the filing functions): appends the filing event of a new appeal and its filing and acknowledgement deadlines (once; no-op otherwise)';

-- ---------------------------------------------------------------------------
-- Filing
-- ---------------------------------------------------------------------------

-- appeal_check_time(at): a step's time is finite and not in the future.
CREATE FUNCTION @extschema@.appeal_check_time(at timestamptz)
RETURNS void
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF at IS NULL THEN
        RAISE EXCEPTION 'the time of an appeal step must not be null'
            USING ERRCODE = 'null_value_not_allowed', HINT = 'Omit it to use now().';
    END IF;
    IF NOT isfinite(at) OR at > now() THEN
        RAISE EXCEPTION 'the time of an appeal step must be finite and not in the future'
            USING ERRCODE = 'invalid_parameter_value', DETAIL = format('The time given is %s.', at),
                  HINT = 'Record steps when they happen, or back-date them to when they happened.';
    END IF;
END
$$;
COMMENT ON FUNCTION @extschema@.appeal_check_time(timestamptz) IS
'raises 22004 for a NULL and 22023 for an infinite or future step time';

-- appeal_late(what, at, due, override): 23514 for a late filing without an override.
CREATE FUNCTION @extschema@.appeal_late(what text, at timestamptz, due timestamptz, rule text, override_reason text)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF at >= due AND (override_reason IS NULL OR btrim(override_reason) = '') THEN
        RAISE EXCEPTION '% is late', what
            USING ERRCODE = 'check_violation',
                  DETAIL = format('It was due before %s (%s); it is %s.', due, rule, at),
                  HINT = 'A late filing is refused unless an override is given: pass override_reason (it is recorded with who gave it).';
    END IF;
END
$$;
COMMENT ON FUNCTION @extschema@.appeal_late(text, timestamptz, timestamptz, text, text) IS
'raises 23514 when at is at or after the deadline due and no override reason is given (H-8.2.1 (3), H-8.2.5, H-6.3.3 (1))';

-- file_result_appeal(result, grounds, ...): the agent appeals in writing
-- to HR against a result of an approved period (H-8.1.1-2), within

-- appeal_filer_check(appellant, actor, override_reason): who may file.  An
-- agent files its own appeals (H-8.1.1, H-6.3.3 (1)); HR records one it
-- received by another channel (H-8.1.2); nobody else files, a manager not
-- for an agent of the team; only HR admits a late filing (an override).
CREATE FUNCTION @extschema@.appeal_filer_check(appellant_id integer, actor name, override_reason text)
RETURNS void
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM perfeval.check_actor(actor);
    IF perfeval.is_superuser() THEN
        RETURN;
    END IF;
    IF NOT perfeval.may_act('appellant', appellant_id, NULL) AND NOT perfeval.is_hr() THEN
        RAISE EXCEPTION 'permission denied: an appeal is filed by the agent concerned'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = pg_catalog.format('Role %s is not agent %s.', CURRENT_USER, appellant_id),
                  HINT = 'The agent files it (H-8.1.1); HR records one received by mail or phone (H-8.1.2).';
    END IF;
    IF override_reason IS NOT NULL AND NOT perfeval.is_hr() THEN
        RAISE EXCEPTION 'permission denied: only HR admits a late appeal'
            USING ERRCODE = 'insufficient_privilege', HINT = 'File without override_reason, or ask HR (H-8.2.1 (3)).';
    END IF;
END
$$;
COMMENT ON FUNCTION @extschema@.appeal_filer_check(integer, name, text) IS
'internal: 42501 unless the current user is the appellant (or HR recording a filing received by another channel, H-8.1.2) and actor is the current user; only HR passes an override_reason for a late filing (H-8.1.1, H-8.2.1 (3), H-6.3.3 (1))';

-- result_filing_days working days after its feedback (H-8.2.1 (3)).
CREATE FUNCTION @extschema@.file_result_appeal(result_id integer, grounds text, channel text DEFAULT 'form',
                                               actor name DEFAULT CURRENT_USER, at timestamptz DEFAULT pg_catalog.now(),
                                               override_reason text DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_variable
DECLARE
    r      perfeval.result;
    pst    text;
    papp   timestamptz;
    wfrom  timestamptz;
    cal    text := perfeval.appeal_setting('calendar');
    due    timestamptz;
    other  integer;
    newid  integer;
BEGIN
    IF result_id IS NULL OR grounds IS NULL OR channel IS NULL OR actor IS NULL THEN
        RAISE EXCEPTION 'result_id, grounds, channel and actor must not be null'
            USING ERRCODE = 'null_value_not_allowed', HINT = 'An appeal is filed in writing, with its grounds (H-8.1.1).';
    END IF;
    PERFORM perfeval.appeal_check_time(at);
    SELECT * INTO r FROM perfeval.result AS x WHERE x.id = result_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'result % does not exist', result_id
            USING ERRCODE = 'undefined_object', HINT = 'Pass the id of a row of perfeval.result.';
    END IF;
    PERFORM perfeval.appeal_filer_check(r.agent_id, actor, override_reason);
    IF NOT r.is_current THEN
        RAISE EXCEPTION 'result % is not the current revision', result_id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Appeal against the current revision (perfeval.result_current).';
    END IF;
    SELECT p.state, p.approved_at INTO pst, papp FROM perfeval.period AS p WHERE p.id = r.period_id;
    IF pst <> 'approved' THEN
        RAISE EXCEPTION 'the results of period % are not approved yet', r.period_id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'An appeal is against a final result (H-3.2.7, H-8.1.1).',
                  HINT = 'Raise the matter before approval, or appeal once the period is approved.';
    END IF;
    SELECT a.id INTO other FROM perfeval.appeal AS a
    WHERE a.result_id = r.id AND a.state NOT IN ('closed', 'withdrawn');
    IF FOUND THEN
        RAISE EXCEPTION 'result % already has an open appeal (%)', r.id, other
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Follow that appeal, or withdraw it first.';
    END IF;
    SELECT f.given_at INTO wfrom FROM perfeval.result_feedback AS f
    WHERE f.period_id = r.period_id AND f.agent_id = r.agent_id;
    wfrom := coalesce(wfrom, papp);
    due := perfeval.deadline(wfrom, perfeval.appeal_setting('result_filing_days')::integer, cal);
    PERFORM perfeval.appeal_late('the appeal against result ' || r.id, at, due, 'H-8.2.1 (3)', override_reason);
    INSERT INTO perfeval.appeal AS a (path, appellant_id, team_id, period_id, result_id, channel, grounds, calendar,
                                         filed_at, filed_by, window_from, filing_due_at, override_by, override_reason,
                                         state, state_since, state_actor)
    VALUES ('result', r.agent_id, r.team_id, r.period_id, r.id, channel, grounds, cal,
            at, actor, wfrom, due,
            CASE WHEN at >= due THEN actor END, CASE WHEN at >= due THEN override_reason END,
            'filed', at, actor)
    RETURNING a.id INTO newid;
    PERFORM perfeval.appeal_record_filing(newid);
    RETURN newid;
END
$$;
COMMENT ON FUNCTION @extschema@.file_result_appeal(integer, text, text, name, timestamptz, text) IS
'files an appeal against a current result of an approved period (H-8.1.1-2); late after result_filing_days working days from its feedback (H-8.2.1 (3)): 23514 unless override_reason is given (recorded with the actor); HR must acknowledge within 5 working days (H-8.1.3); returns the appeal id';

-- file_decision_appeal(...): the agent appeals to the department manager
-- against an announced reward or penalty within 3 working days (H-6.3.3 (1)).
CREATE FUNCTION @extschema@.file_decision_appeal(reward_id integer, penalty_id integer, grounds text, appellant_id integer,
                                                 channel text, actor name, at timestamptz, override_reason text)
RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_variable
DECLARE
    dstate  text;
    ann     timestamptz;
    agent   integer;
    dteam   integer;
    pid     integer;
    team    integer;
    cal     text := perfeval.appeal_setting('calendar');
    due     timestamptz;
    other   integer;
    what    text := CASE WHEN reward_id IS NOT NULL THEN 'reward ' || reward_id ELSE 'penalty ' || penalty_id END;
    newid   integer;
BEGIN
    IF (reward_id IS NULL) = (penalty_id IS NULL) OR grounds IS NULL OR channel IS NULL OR actor IS NULL THEN
        RAISE EXCEPTION 'the decision, grounds, channel and actor must not be null'
            USING ERRCODE = 'null_value_not_allowed', HINT = 'An appeal names the decision and its grounds (H-6.3.3).';
    END IF;
    PERFORM perfeval.appeal_check_time(at);
    IF reward_id IS NOT NULL THEN
        SELECT w.state, w.announced_at, w.agent_id, w.team_id, w.period_id INTO dstate, ann, agent, dteam, pid
        FROM perfeval.reward AS w WHERE w.id = reward_id;
    ELSE
        SELECT p.state, p.announced_at, p.agent_id, NULL, p.period_id INTO dstate, ann, agent, dteam, pid
        FROM perfeval.penalty AS p WHERE p.id = penalty_id;
    END IF;
    IF dstate IS NULL THEN
        RAISE EXCEPTION '% does not exist', what
            USING ERRCODE = 'undefined_object', HINT = 'Pass the id of an announced reward or penalty.';
    END IF;
    PERFORM perfeval.appeal_filer_check(coalesce(appellant_id, agent), actor, override_reason);
    IF dstate <> 'announced' THEN
        RAISE EXCEPTION '% is %, not announced', what, dstate
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'An appeal is against an announced decision (H-6.3.2, H-6.3.3).';
    END IF;
    IF agent IS NULL THEN          -- a team award: any member of the team may appeal
        IF appellant_id IS NULL OR NOT EXISTS (SELECT FROM perfeval.agent AS a WHERE a.id = appellant_id AND a.team_id = dteam) THEN
            RAISE EXCEPTION 'an appeal against a team award needs an appellant from team %', dteam
                USING ERRCODE = 'invalid_parameter_value', HINT = 'Pass appellant_id, an agent of the awarded team.';
        END IF;
        agent := appellant_id;
    ELSIF appellant_id IS NOT NULL AND appellant_id <> agent THEN
        RAISE EXCEPTION '% concerns agent %, not agent %', what, agent, appellant_id
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Only the agent concerned appeals; omit appellant_id.';
    END IF;
    SELECT a.team_id INTO team FROM perfeval.agent AS a WHERE a.id = agent;
    SELECT a.id INTO other FROM perfeval.appeal AS a
    WHERE a.state NOT IN ('closed', 'withdrawn') AND a.appellant_id = agent
      AND (a.reward_id = file_decision_appeal.reward_id OR a.penalty_id = file_decision_appeal.penalty_id);
    IF FOUND THEN
        RAISE EXCEPTION '% already has an open appeal (%)', what, other
            USING ERRCODE = 'object_not_in_prerequisite_state', HINT = 'Follow that appeal, or withdraw it first.';
    END IF;
    due := perfeval.deadline(ann, 3, cal);
    PERFORM perfeval.appeal_late('the appeal against ' || what, at, due, 'H-6.3.3 (1)', override_reason);
    INSERT INTO perfeval.appeal AS a (path, appellant_id, team_id, period_id, reward_id, penalty_id, channel, grounds,
                                         calendar, filed_at, filed_by, window_from, filing_due_at, override_by,
                                         override_reason, state, state_since, state_actor)
    VALUES ('decision', agent, team, pid, reward_id, penalty_id, channel, grounds, cal, at, actor, ann, due,
            CASE WHEN at >= due THEN actor END, CASE WHEN at >= due THEN override_reason END,
            'filed', at, actor)
    RETURNING a.id INTO newid;
    PERFORM perfeval.appeal_record_filing(newid);
    RETURN newid;
END
$$;
COMMENT ON FUNCTION @extschema@.file_decision_appeal(integer, integer, text, integer, text, name, timestamptz, text) IS
'internal: files an appeal against an announced reward or penalty (H-6.3.3); use file_reward_appeal or file_penalty_appeal';

CREATE FUNCTION @extschema@.file_reward_appeal(reward_id integer, grounds text, appellant_id integer DEFAULT NULL,
                                               channel text DEFAULT 'form', actor name DEFAULT CURRENT_USER,
                                               at timestamptz DEFAULT pg_catalog.now(), override_reason text DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$ BEGIN RETURN perfeval.file_decision_appeal(coalesce(reward_id, -1), NULL, grounds, appellant_id, channel, actor, at, override_reason); END $$;
COMMENT ON FUNCTION @extschema@.file_reward_appeal(integer, text, integer, text, name, timestamptz, text) IS
'files an appeal against an announced reward with the department manager within 3 working days of the announcement (H-6.3.3 (1); late: 23514 unless override_reason); a team award needs appellant_id; returns the appeal id';

CREATE FUNCTION @extschema@.file_penalty_appeal(penalty_id integer, grounds text, channel text DEFAULT 'form',
                                                actor name DEFAULT CURRENT_USER, at timestamptz DEFAULT pg_catalog.now(),
                                                override_reason text DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$ BEGIN RETURN perfeval.file_decision_appeal(NULL, coalesce(penalty_id, -1), grounds, NULL, channel, actor, at, override_reason); END $$;
COMMENT ON FUNCTION @extschema@.file_penalty_appeal(integer, text, text, name, timestamptz, text) IS
'files an appeal against an announced penalty with the department manager within 3 working days of the announcement (H-6.3.3 (1); late: 23514 unless override_reason); returns the appeal id';

-- ---------------------------------------------------------------------------
-- Steps
-- ---------------------------------------------------------------------------

-- appeal_lock(appeal, action, at): the appeal row locked FOR UPDATE (so two
-- handlers acting at once are serialised and the second sees the first's
-- step), after checking that action is allowed in its state (55000 with the

-- appeal_step_check(a, action): 42501 unless the session may take the step
-- (flow_step.actor_kind, looked up by require_step_role); nobody takes a step but the
-- appellant's on an appeal they filed or against their own decision.
CREATE FUNCTION @extschema@.appeal_step_check(a @extschema@.appeal, action text)
RETURNS void
LANGUAGE plpgsql
VOLATILE   -- reads the call stack (require_step_role)
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    target text;
    kind   text;
BEGIN
    SELECT f.to_state INTO target FROM perfeval.flow_step AS f
    WHERE f.flow = a.path AND f.from_state = a.state AND f.step = appeal_step_check.action;
    IF target IS NULL OR perfeval.is_superuser() THEN
        RETURN;     -- an unknown step is appeal_lock's 55000
    END IF;
    kind := perfeval.require_step_role('appeal ' || a.id, a.path, a.state, target, a.appellant_id, a.team_id);
    IF kind <> 'appellant' AND a.filed_by = CURRENT_USER THEN
        RAISE EXCEPTION 'permission denied: nobody takes the % step of an appeal they filed', action
            USING ERRCODE = 'insufficient_privilege', HINT = 'Another member of the role that takes the step must take it.';
    END IF;
    IF kind <> 'appellant' AND (
           EXISTS (SELECT FROM perfeval.reward AS w WHERE w.id = a.reward_id
                   AND CURRENT_USER IN (w.nominated_by, w.reviewed_by, w.approved_by, w.announced_by))
        OR EXISTS (SELECT FROM perfeval.penalty AS p WHERE p.id = a.penalty_id
                   AND CURRENT_USER IN (p.proposed_by, p.approved_by, p.announced_by))) THEN
        RAISE EXCEPTION 'permission denied: nobody takes the % step of an appeal against their own decision', action
            USING ERRCODE = 'insufficient_privilege', HINT = 'Another member of the role that takes the step must take it.';
    END IF;
END
$$;
COMMENT ON FUNCTION @extschema@.appeal_step_check(@extschema@.appeal, text) IS
'internal: 42501 unless the current user may take action on the appeal: of the step''s flow_step.actor_kind for the appellant (require_step_role), and, for a step not the appellant''s, neither its filer nor a maker of the decision appealed (H-6.3.3, H-8); superusers exempt'
;

-- allowed steps otherwise) and at is a valid time for it.
CREATE FUNCTION @extschema@.appeal_lock(appeal_id integer, action text, at timestamptz)
RETURNS @extschema@.appeal
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    a       perfeval.appeal;
    allowed text;
BEGIN
    IF appeal_id IS NULL THEN
        RAISE EXCEPTION 'appeal_id must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    PERFORM perfeval.appeal_check_time(at);
    BEGIN
        SELECT * INTO a FROM perfeval.appeal AS x WHERE x.id = appeal_id FOR UPDATE;
    EXCEPTION WHEN serialization_failure THEN
        PERFORM perfeval.serialization_retry('appeal', appeal_id);
    END;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'appeal % does not exist', appeal_id
            USING ERRCODE = 'undefined_object', HINT = 'Appeals you may see are in perfeval.appeal.';
    END IF;
    IF NOT EXISTS (SELECT FROM perfeval.flow_step AS f
                   WHERE f.flow = a.path AND f.from_state = a.state AND f.step = appeal_lock.action) THEN
        allowed := perfeval.allowed_appeal_steps(a.path, a.state);
        RAISE EXCEPTION 'appeal % is %: % is not allowed', a.id, a.state, action
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = format('Path %s, state %s.', a.path, a.state),
                  HINT = CASE WHEN allowed IS NULL THEN 'No further step is allowed.'
                              ELSE format('Allowed next steps: %s.', allowed) END;
    END IF;
    PERFORM perfeval.appeal_step_check(a, action);     -- before any consequence of the step runs
    IF at < a.state_since THEN
        RAISE EXCEPTION 'a step of appeal % cannot precede its previous step', a.id
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('The step is at %s, the previous one at %s.', at, a.state_since);
    END IF;
    RETURN a;
END
$$;
COMMENT ON FUNCTION @extschema@.appeal_lock(integer, text, timestamptz) IS
'internal: locks an appeal FOR UPDATE and checks that action is allowed in its state (55000 listing the allowed steps) and at is not before the previous step';

-- appeal_apply(...): takes the step (the triggers log it and set deadlines).
CREATE FUNCTION @extschema@.appeal_apply(a @extschema@.appeal, action text, actor name, at timestamptz, note text,
                                         outcome text DEFAULT NULL, new_result_id integer DEFAULT NULL,
                                         override_reason text DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    target text;
BEGIN
    IF actor IS NULL THEN
        RAISE EXCEPTION 'actor must not be null' USING ERRCODE = 'null_value_not_allowed',
            HINT = 'Every appeal step records who took it.';
    END IF;
    PERFORM perfeval.require_internal('appeal_apply');
    PERFORM perfeval.check_actor(actor);
    SELECT f.to_state INTO target FROM perfeval.flow_step AS f
    WHERE f.flow = a.path AND f.from_state = a.state AND f.step = appeal_apply.action;
    PERFORM perfeval.appeal_step_check(a, action);
    IF target IS NULL THEN
        RAISE EXCEPTION 'appeal %: % is not allowed in state %', a.id, action, a.state
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Take steps with the appeal_* functions; perfeval.appeal_flow lists them.';
    END IF;
    PERFORM set_config('perfeval.appeal_step', 'on', true);
    UPDATE perfeval.appeal AS x
    SET state = target, state_since = at, state_actor = actor, state_note = note,
        outcome = coalesce(appeal_apply.outcome, x.outcome),
        new_result_id = coalesce(appeal_apply.new_result_id, x.new_result_id),
        reappeal_override_by = CASE WHEN appeal_apply.override_reason IS NOT NULL THEN actor ELSE x.reappeal_override_by END,
        reappeal_override_reason = coalesce(appeal_apply.override_reason, x.reappeal_override_reason)
    WHERE x.id = a.id;
    PERFORM set_config('perfeval.appeal_step', '', true);
    RETURN target;
END
$$;
COMMENT ON FUNCTION @extschema@.appeal_apply(@extschema@.appeal, text, name, timestamptz, text, text, integer, text) IS
'internal (42501 when called directly): takes an allowed step of a locked appeal if the session may (flow_step.actor_kind via require_step_role; not on an appeal it filed or against its own decision; actor is the session''s role), 42501 otherwise; the triggers append the event and the next deadline';

CREATE FUNCTION @extschema@.appeal_acknowledge(appeal_id integer, note text DEFAULT NULL,
                                               actor name DEFAULT CURRENT_USER, at timestamptz DEFAULT pg_catalog.now())
RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$ BEGIN RETURN perfeval.appeal_apply(perfeval.appeal_lock(appeal_id, 'acknowledge', at), 'acknowledge', actor, at, note); END $$;
COMMENT ON FUNCTION @extschema@.appeal_acknowledge(integer, text, name, timestamptz) IS
'HR confirms receipt of a result appeal and tells the appellant the procedure, due within 5 working days of filing (H-8.1.3): filed -> acknowledged';

CREATE FUNCTION @extschema@.appeal_accept(appeal_id integer, note text DEFAULT NULL,
                                          actor name DEFAULT CURRENT_USER, at timestamptz DEFAULT pg_catalog.now())
RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$ BEGIN RETURN perfeval.appeal_apply(perfeval.appeal_lock(appeal_id, 'accept', at), 'accept', actor, at, note); END $$;
COMMENT ON FUNCTION @extschema@.appeal_accept(integer, text, name, timestamptz) IS
'HR finds a result appeal eligible (H-8.2.1): acknowledged -> under_review, to be reviewed within 10 working days (H-8.2.2)';

CREATE FUNCTION @extschema@.appeal_reject(appeal_id integer, note text,
                                          actor name DEFAULT CURRENT_USER, at timestamptz DEFAULT pg_catalog.now())
RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF note IS NULL OR btrim(note) = '' THEN
        RAISE EXCEPTION 'rejecting an appeal needs a reason'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Name the failed condition of H-8.2.1: incomplete material, not about a result, or late.';
    END IF;
    RETURN perfeval.appeal_apply(perfeval.appeal_lock(appeal_id, 'reject', at), 'reject', actor, at, note, 'ineligible');
END
$$;
COMMENT ON FUNCTION @extschema@.appeal_reject(integer, text, name, timestamptz) IS
'HR finds a result appeal ineligible (H-8.2.1), with the reason: acknowledged -> handled (outcome ineligible); written feedback due within 5 working days (H-8.3.2)';

CREATE FUNCTION @extschema@.appeal_notify(appeal_id integer, note text DEFAULT NULL,
                                          actor name DEFAULT CURRENT_USER, at timestamptz DEFAULT pg_catalog.now())
RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$ BEGIN RETURN perfeval.appeal_apply(perfeval.appeal_lock(appeal_id, 'notify', at), 'notify', actor, at, note); END $$;
COMMENT ON FUNCTION @extschema@.appeal_notify(integer, text, name, timestamptz) IS
'HR notifies the review''s result, due within 5 working days of the review (H-8.2.4): reviewed -> notified; the 5-working-day re-appeal window opens (H-8.2.5)';

CREATE FUNCTION @extschema@.appeal_reappeal(appeal_id integer, note text, actor name DEFAULT CURRENT_USER,
                                            at timestamptz DEFAULT pg_catalog.now(), override_reason text DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    a perfeval.appeal := perfeval.appeal_lock(appeal_id, 'reappeal', at);
    late boolean := at >= a.due_at;
BEGIN
    IF override_reason IS NOT NULL AND NOT perfeval.is_superuser() THEN
        RAISE EXCEPTION 'permission denied: an appellant cannot admit its own late re-appeal'
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'Re-appeal within the window (H-8.2.5); a late one is recorded by a DBA with its reason.';
    END IF;
    PERFORM perfeval.appeal_late('the re-appeal of appeal ' || a.id, at, a.due_at, 'H-8.2.5', override_reason);
    RETURN perfeval.appeal_apply(a, 'reappeal', actor, at,
                                    CASE WHEN late THEN concat_ws(' ', note, format('[late re-appeal admitted by %s: %s]', actor, override_reason))
                                         ELSE note END,
                                    NULL, NULL, CASE WHEN late THEN override_reason END);
END
$$;
COMMENT ON FUNCTION @extschema@.appeal_reappeal(integer, text, name, timestamptz, text) IS
'the appellant appeals again to leadership within 5 working days of the notification (H-8.2.5): notified -> leadership_review; late: 23514 unless override_reason (recorded; only a superuser may pass it, 42501 otherwise)';

CREATE FUNCTION @extschema@.appeal_conclude(appeal_id integer, note text DEFAULT NULL, waived boolean DEFAULT false,
                                            actor name DEFAULT CURRENT_USER, at timestamptz DEFAULT pg_catalog.now())
RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    a perfeval.appeal := perfeval.appeal_lock(appeal_id, 'conclude', at);
BEGIN
    IF at < a.due_at AND NOT coalesce(waived, false) THEN
        RAISE EXCEPTION 'the re-appeal window of appeal % is open until %', a.id, a.due_at
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'The appellant may appeal again to leadership within 5 working days of the notification (H-8.2.5).',
                  HINT = 'Conclude after the window, or pass waived => true if the appellant accepts the result.';
    END IF;
    RETURN perfeval.appeal_apply(a, 'conclude', actor, at,
                                    CASE WHEN at < a.due_at THEN concat_ws(' ', note, '[the appellant waived the re-appeal]') ELSE note END);
END
$$;
COMMENT ON FUNCTION @extschema@.appeal_conclude(integer, text, boolean, name, timestamptz) IS
'HR marks a notified result appeal handled once the re-appeal window has passed (or the appellant waived it): notified -> handled; written feedback due within 5 working days (H-8.2.5, H-8.3.2)';

CREATE FUNCTION @extschema@.appeal_feedback(appeal_id integer, note text,
                                            actor name DEFAULT CURRENT_USER, at timestamptz DEFAULT pg_catalog.now())
RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF note IS NULL OR btrim(note) = '' THEN
        RAISE EXCEPTION 'written feedback needs its text'
            USING ERRCODE = 'null_value_not_allowed', HINT = 'Give the result and its grounds (H-8.3.2).';
    END IF;
    RETURN perfeval.appeal_apply(perfeval.appeal_lock(appeal_id, 'feedback', at), 'feedback', actor, at, note);
END
$$;
COMMENT ON FUNCTION @extschema@.appeal_feedback(integer, text, name, timestamptz) IS
'HR gives the written feedback with the result and its grounds, due within 5 working days after handling (H-8.3.2): handled -> closed';

CREATE FUNCTION @extschema@.appeal_escalate(appeal_id integer, note text DEFAULT NULL,
                                            actor name DEFAULT CURRENT_USER, at timestamptz DEFAULT pg_catalog.now())
RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$ BEGIN RETURN perfeval.appeal_apply(perfeval.appeal_lock(appeal_id, 'escalate', at), 'escalate', actor, at, note); END $$;
COMMENT ON FUNCTION @extschema@.appeal_escalate(integer, text, name, timestamptz) IS
'the department manager cannot answer a reward or penalty appeal: filed -> leadership_review, leadership decides finally (H-6.3.3 (3))';

CREATE FUNCTION @extschema@.appeal_withdraw(appeal_id integer, note text DEFAULT NULL,
                                            actor name DEFAULT CURRENT_USER, at timestamptz DEFAULT pg_catalog.now())
RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$ BEGIN RETURN perfeval.appeal_apply(perfeval.appeal_lock(appeal_id, 'withdraw', at), 'withdraw', actor, at, note, 'withdrawn'); END $$;
COMMENT ON FUNCTION @extschema@.appeal_withdraw(integer, text, name, timestamptz) IS
'the appellant withdraws an appeal before it is decided: -> withdrawn (kept in the archive)';

-- appeal_revise_result(appeal, new_total, corrections, actor, reason):
-- the corrected result (the current revision with the corrections and the
-- new total, by actor) is handed to perfeval.regrade_with, which grades it
-- (cutoffs or quotas) and ranks it among the period's current results and
-- writes it as ONE new revision (the old one kept, is_current moves), plus a
-- new revision for every other result whose grade or ranks change (team,
-- department and company ranks, quota grades, H-5.1); for a month, the
-- quarter and year that roll it up and already have results get the
-- appellant's re-rolled result the same way (perfeval.rollup_revise,
-- H-8.2.2, H-3.2.7) — all in the caller's transaction.  Returns the
-- appellant's current result id afterwards.
CREATE FUNCTION @extschema@.appeal_revise_result(a @extschema@.appeal, new_total numeric, corrections jsonb,
                                                 actor name, reason text)
RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    cur   perfeval.result;
    nxt   perfeval.result;
    bad   text;
    rid   integer;
BEGIN
    PERFORM perfeval.require_internal('appeal_revise_result');
    IF new_total IS NULL THEN
        RAISE EXCEPTION 'an upheld appeal against a result needs the corrected total'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Pass new_total (0-100) and, if they change, corrections such as {"self_score": 85}.';
    END IF;
    IF new_total = 'NaN' OR new_total < 0 OR new_total > 100 THEN
        RAISE EXCEPTION 'the corrected total must be between 0 and 100'
            USING ERRCODE = 'numeric_value_out_of_range', DETAIL = format('The total given is %s.', new_total),
                  HINT = 'Totals are on the 0-100 scale of perfeval.result.';
    END IF;
    IF corrections IS NOT NULL AND jsonb_typeof(corrections) <> 'object' THEN
        RAISE EXCEPTION 'corrections must be a JSON object' USING ERRCODE = 'invalid_parameter_value',
            HINT = 'For example {"department_score": 82.5}.';
    END IF;
    SELECT k INTO bad FROM jsonb_object_keys(coalesce(corrections, '{}')) AS k
    WHERE k NOT IN ('attitude', 'capability', 'efficiency', 'satisfaction', 'measured_total',
                    'self_score', 'department_score', 'company_score', 'critical_failed')
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'corrections cannot set "%"', bad
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Correct attitude, capability, efficiency, satisfaction, measured_total, self_score, department_score, company_score or critical_failed.';
    END IF;
    SELECT * INTO cur FROM perfeval.result AS r
    WHERE r.period_id = a.period_id AND r.agent_id = a.appellant_id AND r.is_current FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'agent % has no result in period % to revise', a.appellant_id, a.period_id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = format('Run perfeval.evaluate(%s) first.', a.period_id);
    END IF;
    -- grade and ranks are computed by regrade_with from the corrected total
    nxt := jsonb_populate_record(cur, coalesce(corrections, '{}')
                                      || jsonb_build_object('total', new_total, 'evaluated_by', actor));
    PERFORM perfeval.regrade_with(cur.period_id, reason, ARRAY[nxt]);
    -- a corrected month changes the quarter and year that roll it up (H-3.1.3-4)
    PERFORM perfeval.rollup_revise(cur.period_id, cur.agent_id, reason, actor);
    SELECT r.id INTO rid FROM perfeval.result AS r
    WHERE r.period_id = a.period_id AND r.agent_id = a.appellant_id AND r.is_current;
    RETURN rid;
END
$$;
COMMENT ON FUNCTION @extschema@.appeal_revise_result(@extschema@.appeal, numeric, jsonb, name, text) IS
'internal: an upheld result appeal hands the corrected result to perfeval.regrade_with, which writes it as one new revision graded and ranked among the period''s results (old one kept) plus revisions for the others whose grade or ranks change; perfeval.rollup_revise does the same for the quarter and year holding a month (H-8, H-5.1, H-3.1.3-4); returns the appellant''s current result id';

-- appeal_decide(appeal, outcome, note, new_total, corrections): the review
-- (H-8.2.2) or leadership (H-8.2.5, H-6.3.3 (3)) decides upheld or
-- dismissed.  Upheld against a result: a new result revision and a
-- re-grading, for a month also of the quarter and year rolling it up, in
-- the same transaction; upheld against a reward or penalty:
-- the decision is revoked.
CREATE FUNCTION @extschema@.appeal_decide(appeal_id integer, outcome text, note text DEFAULT NULL,
                                          new_total numeric DEFAULT NULL, corrections jsonb DEFAULT NULL,
                                          actor name DEFAULT CURRENT_USER, at timestamptz DEFAULT pg_catalog.now())
RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_variable
DECLARE
    a    perfeval.appeal;
    nrid integer;
BEGIN
    IF outcome IS NULL OR outcome NOT IN ('upheld', 'dismissed') THEN
        RAISE EXCEPTION 'outcome must be upheld or dismissed'
            USING ERRCODE = 'invalid_parameter_value', DETAIL = format('The outcome given is %s.', coalesce(outcome, 'NULL'));
    END IF;
    a := perfeval.appeal_lock(appeal_id, 'decide', at);
    IF outcome = 'upheld' THEN
        nrid := perfeval.appeal_consequence(a, new_total, corrections, actor, at, note);
    ELSIF new_total IS NOT NULL OR corrections IS NOT NULL THEN
        RAISE EXCEPTION 'a dismissed appeal changes no result'
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Omit new_total and corrections.';
    END IF;
    RETURN perfeval.appeal_apply(a, 'decide', actor, at, note, outcome, nrid);
END
$$;
COMMENT ON FUNCTION @extschema@.appeal_decide(integer, text, text, numeric, jsonb, name, timestamptz) IS
'the review (under_review -> reviewed, H-8.2.2) or leadership (leadership_review -> handled or closed, H-8.2.5, H-6.3.3 (3)) decides upheld or dismissed; upheld against a result writes a new revision with new_total and corrections and re-grades the period, then re-rolls and re-grades the quarter and year holding a month when they have results; upheld against a reward or penalty revokes it';

-- appeal_answer(appeal, outcome, note): the department manager answers a
-- reward or penalty appeal (H-6.3.3 (2)): filed -> closed.
CREATE FUNCTION @extschema@.appeal_answer(appeal_id integer, outcome text, note text DEFAULT NULL,
                                          actor name DEFAULT CURRENT_USER, at timestamptz DEFAULT pg_catalog.now())
RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_variable
DECLARE
    a perfeval.appeal;
BEGIN
    IF outcome IS NULL OR outcome NOT IN ('upheld', 'dismissed') THEN
        RAISE EXCEPTION 'outcome must be upheld or dismissed'
            USING ERRCODE = 'invalid_parameter_value', DETAIL = format('The outcome given is %s.', coalesce(outcome, 'NULL'));
    END IF;
    a := perfeval.appeal_lock(appeal_id, 'answer', at);
    IF outcome = 'upheld' THEN
        PERFORM perfeval.appeal_consequence(a, NULL, NULL, actor, at, note);
    END IF;
    RETURN perfeval.appeal_apply(a, 'answer', actor, at, note, outcome);
END
$$;
COMMENT ON FUNCTION @extschema@.appeal_answer(integer, text, text, name, timestamptz) IS
'the department manager verifies and answers a reward or penalty appeal, due within 5 working days of receipt (H-6.3.3 (2)): filed -> closed; upheld revokes the decision';

-- appeal_consequence(...): what an upheld appeal changes.
CREATE FUNCTION @extschema@.appeal_consequence(a @extschema@.appeal, new_total numeric, corrections jsonb,
                                               actor name, at timestamptz, note text)
RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    why text := format('appeal %s upheld%s', a.id, CASE WHEN note IS NULL THEN '' ELSE ': ' || note END);
BEGIN
    PERFORM perfeval.require_internal('appeal_consequence');
    IF a.path = 'result' THEN
        RETURN perfeval.appeal_revise_result(a, new_total, corrections, actor, why);
    END IF;
    IF new_total IS NOT NULL OR corrections IS NOT NULL THEN
        RAISE EXCEPTION 'an appeal against a reward or penalty changes no result'
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Omit new_total and corrections.';
    END IF;
    IF a.reward_id IS NOT NULL THEN
        PERFORM perfeval.reward_step(a.reward_id, 'revoke', 'revoked', actor, at, why);
    ELSE
        PERFORM perfeval.penalty_step(a.penalty_id, 'revoke', 'revoked', actor, at, why);
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION @extschema@.appeal_consequence(@extschema@.appeal, numeric, jsonb, name, timestamptz, text) IS
'internal: an upheld appeal revises the result and re-grades (path result) or revokes the reward or penalty (path decision, H-6.3.3)';

-- ---------------------------------------------------------------------------
-- Row-level security (the convention of the results' policies: roles named
-- by agent.role_name and team.manager_role, HR = members of perfeval_hr).
-- ---------------------------------------------------------------------------

-- appeal_visible(appellant, team): the current user is the appellant, the
-- manager of the appellant's team (at filing or now), or HR.
CREATE FUNCTION @extschema@.appeal_visible(appellant_id integer, team_id integer)
RETURNS boolean
LANGUAGE sql
STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT perfeval.sees_all()
        OR EXISTS (SELECT FROM perfeval.agent AS a
                   JOIN pg_catalog.pg_roles AS r ON r.rolname = a.role_name
                   WHERE a.id = $1 AND pg_catalog.pg_has_role(CURRENT_USER, r.oid, 'MEMBER'))
        OR EXISTS (SELECT FROM perfeval.team AS t
                   JOIN pg_catalog.pg_roles AS r ON r.rolname = t.manager_role
                   WHERE (t.id = $2 OR t.id = (SELECT a.team_id FROM perfeval.agent AS a WHERE a.id = $1))
                     AND pg_catalog.pg_has_role(CURRENT_USER, r.oid, 'MEMBER'))
$$;
COMMENT ON FUNCTION @extschema@.appeal_visible(integer, integer) IS
'row-level security of appeals: true for the appellant (agent.role_name), the manager of the appellant''s team at filing or now (team.manager_role), and HR, leadership and the service (sees_all)';

ALTER TABLE @extschema@.appeal ENABLE ROW LEVEL SECURITY;
CREATE POLICY appeal_access ON @extschema@.appeal FOR ALL
    USING (@extschema@.appeal_visible(appellant_id, team_id))
    WITH CHECK (@extschema@.appeal_visible(appellant_id, team_id));
COMMENT ON POLICY appeal_access ON @extschema@.appeal IS
'an appellant sees and acts on their own appeals, a team manager those of the team, HR (perfeval_hr) all';

ALTER TABLE @extschema@.appeal_event ENABLE ROW LEVEL SECURITY;
CREATE POLICY appeal_event_read ON @extschema@.appeal_event FOR SELECT
    USING (EXISTS (SELECT FROM @extschema@.appeal AS a WHERE a.id OPERATOR(pg_catalog.=) appeal_id));
COMMENT ON POLICY appeal_event_read ON @extschema@.appeal_event IS
'the events of the appeals the user may see (appeal_access)';

ALTER TABLE @extschema@.appeal_deadline ENABLE ROW LEVEL SECURITY;
CREATE POLICY appeal_deadline_read ON @extschema@.appeal_deadline FOR SELECT
    USING (EXISTS (SELECT FROM @extschema@.appeal AS a WHERE a.id OPERATOR(pg_catalog.=) appeal_id));
COMMENT ON POLICY appeal_deadline_read ON @extschema@.appeal_deadline IS
'the deadlines of the appeals the user may see (appeal_access)';

ALTER TABLE @extschema@.result_feedback ENABLE ROW LEVEL SECURITY;
CREATE POLICY result_feedback_read ON @extschema@.result_feedback FOR SELECT
    USING (agent_id IN (SELECT @extschema@.visible_agent_ids()));
CREATE POLICY result_feedback_write ON @extschema@.result_feedback FOR ALL
    USING (agent_id IN (SELECT @extschema@.managed_agent_ids()))
    WITH CHECK (agent_id IN (SELECT @extschema@.managed_agent_ids()));
COMMENT ON POLICY result_feedback_read ON @extschema@.result_feedback IS
'an agent reads when its own results were fed back, a manager the team''s, HR, leadership and the service all (H-3.2.4)';
COMMENT ON POLICY result_feedback_write ON @extschema@.result_feedback IS
'the agent''s manager or HR records the feedback (H-3.2.4)';

-- pg_dump keeps users' rows and the sequences' positions.
SELECT pg_catalog.pg_extension_config_dump('perfeval.appeal_policy', '');
SELECT pg_catalog.pg_extension_config_dump('perfeval.result_feedback', '');
SELECT pg_catalog.pg_extension_config_dump('perfeval.appeal', '');
SELECT pg_catalog.pg_extension_config_dump('perfeval.appeal_event', '');
SELECT pg_catalog.pg_extension_config_dump('perfeval.appeal_deadline', '');
SELECT pg_catalog.pg_extension_config_dump('perfeval.appeal_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('perfeval.appeal_event_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('perfeval.appeal_deadline_id_seq', '');
