/* src/sql/61_penalty.sql — penalties, the discipline ladder and the personal file (H-6.2, H-6.3.2) */

-- The ladder of H-6.2.1, mildest first: an enum, so that max() and < follow it.
CREATE TYPE @extschema@.penalty_kind AS ENUM ('verbal_warning', 'written_warning', 'suspension_training', 'termination');
COMMENT ON TYPE @extschema@.penalty_kind IS
'the escalating penalties of H-6.2.1, mildest first: verbal_warning < written_warning < suspension_training < termination';

-- A penalty: proposed by the first-line manager (H-9.1) -> approved by
-- leadership -> announced by the department manager (H-6.3.2); leadership
-- may reject a proposal; an upheld appeal (H-6.3.3) revokes an announced one.
CREATE TABLE @extschema@.penalty (
    id               serial PRIMARY KEY,
    agent_id         integer NOT NULL REFERENCES @extschema@.agent (id),
    kind             @extschema@.penalty_kind NOT NULL,
    measures         text[] NOT NULL DEFAULT '{}'
                     CHECK (pg_catalog.array_ndims(measures) IS NULL OR pg_catalog.array_ndims(measures) OPERATOR(pg_catalog.=) 1)
                     CHECK (measures OPERATOR(pg_catalog.<@) ARRAY['fine', 'demotion', 'pay_cut', 'public_criticism']),
    reason           text NOT NULL CHECK (reason OPERATOR(pg_catalog.<>) ''),
    amount           numeric(14,2) CHECK (amount OPERATOR(pg_catalog.>) 0 AND amount OPERATOR(pg_catalog.<) 1e12),
    period_id        integer REFERENCES @extschema@.period (id),
    result_id        integer REFERENCES @extschema@.result (id),
    effective_from   date NOT NULL CHECK (pg_catalog.isfinite(effective_from)),
    effective_until  date CHECK (pg_catalog.isfinite(effective_until)),
    state            text NOT NULL DEFAULT 'proposed'
                     CHECK (state IN ('proposed', 'approved', 'announced', 'rejected', 'revoked')),
    proposed_by      name NOT NULL DEFAULT CURRENT_USER,
    proposed_at      timestamptz NOT NULL DEFAULT pg_catalog.now(),
    approved_by      name,
    approved_at      timestamptz,
    announced_by     name,
    announced_at     timestamptz,
    closed_by        name,
    closed_at        timestamptz,
    note             text,
    -- a fine has an amount, and only a fine (H-6.2.2 (1): by severity)
    CONSTRAINT penalty_fine_amount CHECK (('fine' OPERATOR(pg_catalog.=) ANY (measures)) OPERATOR(pg_catalog.=) (amount IS NOT NULL)),
    CONSTRAINT penalty_dates CHECK (effective_until OPERATOR(pg_catalog.>=) effective_from),
    CONSTRAINT penalty_steps_recorded CHECK (
        (state NOT IN ('approved', 'announced') OR approved_at IS NOT NULL)
        AND (state OPERATOR(pg_catalog.<>) 'announced' OR announced_at IS NOT NULL)
        AND (state NOT IN ('rejected', 'revoked') OR closed_at IS NOT NULL))
);
CREATE INDEX penalty_agent_id_idx ON @extschema@.penalty (agent_id, effective_from);
COMMENT ON TABLE @extschema@.penalty IS
'a penalty (H-6.2.1 kind on the ladder, H-6.2.2 measures) with reason, fine amount and dates; flow proposed -> approved -> announced (-> revoked by an upheld appeal), rejected; who and when at each step (H-6.3.2)';
COMMENT ON COLUMN @extschema@.penalty.measures IS 'any of fine (with amount), demotion, pay_cut, public_criticism (H-6.2.2)';
COMMENT ON COLUMN @extschema@.penalty.amount IS 'the fine, when measures holds fine (H-6.2.2 (1)); NULL otherwise';
COMMENT ON COLUMN @extschema@.penalty.period_id IS 'the period whose poor result the penalty follows, if any (H-6.2.2 (2): continued poor performance)';
COMMENT ON COLUMN @extschema@.penalty.effective_from IS 'first day the penalty is in force';
COMMENT ON COLUMN @extschema@.penalty.effective_until IS 'last day the penalty is in force; NULL: in force for the ladder window of perfeval.next_penalty (12 months by default)';
COMMENT ON COLUMN @extschema@.penalty.state IS 'proposed, approved (leadership), announced (in the personal file, appealable for 3 working days), rejected, revoked (an upheld appeal, H-6.3.3)';
COMMENT ON COLUMN @extschema@.penalty.id IS 'surrogate key of the penalty';
COMMENT ON COLUMN @extschema@.penalty.agent_id IS 'the agent penalised (agent.id)';
COMMENT ON COLUMN @extschema@.penalty.kind IS 'the step of the discipline ladder (penalty_kind, H-6.2.1)';
COMMENT ON COLUMN @extschema@.penalty.reason IS 'why the penalty is given';
COMMENT ON COLUMN @extschema@.penalty.result_id IS 'the result revision the penalty rests on, if any (result.id)';
COMMENT ON COLUMN @extschema@.penalty.proposed_by IS 'the role that proposed it';
COMMENT ON COLUMN @extschema@.penalty.proposed_at IS 'when it was proposed';
COMMENT ON COLUMN @extschema@.penalty.approved_by IS 'the role that approved it';
COMMENT ON COLUMN @extschema@.penalty.approved_at IS 'when it was approved';
COMMENT ON COLUMN @extschema@.penalty.announced_by IS 'the role that announced it';
COMMENT ON COLUMN @extschema@.penalty.announced_at IS 'when it was announced (the start of the decision-appeal window, H-6.3.3)';
COMMENT ON COLUMN @extschema@.penalty.closed_by IS 'the role that rejected or revoked it';
COMMENT ON COLUMN @extschema@.penalty.closed_at IS 'when it was rejected or revoked';
COMMENT ON COLUMN @extschema@.penalty.note IS 'free-text remark';

CREATE FUNCTION @extschema@.penalty_guard()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    allowed text;
    -- the flow is data (flow_step, 59_flow.sql): the state the creating step enters
    first   text := (SELECT s.to_state FROM perfeval.flow_step AS s WHERE s.flow = 'penalty' AND s.from_state IS NULL);
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.state <> first THEN
            RAISE EXCEPTION 'penalty % is % and cannot be deleted', OLD.id, OLD.state
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      HINT = 'Reject or revoke it instead; decisions stay on record (H-6.3.2).';
        END IF;
        RETURN OLD;
    END IF;
    IF TG_OP = 'INSERT' THEN
        -- penalty_propose inserts proposals; other states come from a
        -- restore (pg_dump keeps penalties): the CHECKs hold the steps' record
        RETURN NEW;
    END IF;
    allowed := perfeval.decision_steps_from('penalty', OLD.state);   -- the flow is data (59_flow.sql)
    IF NEW.state IS DISTINCT FROM OLD.state
       AND NOT NEW.state = ANY (string_to_array(allowed, ', ')) THEN
        PERFORM perfeval.decision_flow_error('penalty', OLD.id, OLD.state, NEW.state, allowed);
    END IF;
    IF OLD.state <> first
       AND (NEW.agent_id, NEW.kind, NEW.measures, NEW.reason, NEW.amount, NEW.period_id, NEW.result_id,
            NEW.effective_from, NEW.effective_until, NEW.proposed_by, NEW.proposed_at)
           IS DISTINCT FROM
           (OLD.agent_id, OLD.kind, OLD.measures, OLD.reason, OLD.amount, OLD.period_id, OLD.result_id,
            OLD.effective_from, OLD.effective_until, OLD.proposed_by, OLD.proposed_at) THEN
        RAISE EXCEPTION 'penalty % is % and its content cannot be changed', OLD.id, OLD.state
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Reject it and propose again, or revoke it through an appeal (H-6.3.3).';
    END IF;
    IF NEW.state = OLD.state AND NEW IS DISTINCT FROM OLD AND OLD.state <> first THEN
        RAISE EXCEPTION 'penalty % is % and cannot be changed', OLD.id, OLD.state
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = CASE WHEN allowed = '' THEN 'No further step is allowed.'
                              ELSE format('Allowed next steps: %s.', allowed) END;
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION @extschema@.penalty_guard() IS
'trigger: a penalty moves along flow_step (proposed -> approved -> announced (-> revoked), or proposed -> rejected); other steps raise 55000 listing the allowed ones; nothing of it changes after the first state but by a step (H-6.3.2)';

CREATE TRIGGER penalty_guard BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.penalty
    FOR EACH ROW EXECUTE FUNCTION @extschema@.penalty_guard();
COMMENT ON TRIGGER penalty_guard ON @extschema@.penalty IS
'the penalty flow proposed -> approved -> announced (-> revoked), fixed content after the proposal, no deletion past it (H-6.3.2)';

CREATE FUNCTION @extschema@.penalty_propose(agent_id integer, kind @extschema@.penalty_kind, reason text,
                                            measures text[] DEFAULT '{}', amount numeric DEFAULT NULL,
                                            effective_from date DEFAULT CURRENT_DATE, effective_until date DEFAULT NULL,
                                            period_id integer DEFAULT NULL,
                                            actor name DEFAULT CURRENT_USER, at timestamptz DEFAULT pg_catalog.now())
RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_variable
DECLARE
    rid   integer;
    newid integer;
BEGIN
    IF agent_id IS NULL OR kind IS NULL OR reason IS NULL OR measures IS NULL OR effective_from IS NULL
       OR actor IS NULL OR at IS NULL THEN
        RAISE EXCEPTION 'agent_id, kind, reason, measures, effective_from, actor and at must not be null'
            USING ERRCODE = 'null_value_not_allowed', HINT = 'A penalty names the agent, its kind and its reason (H-6.2).';
    END IF;
    IF NOT isfinite(at) OR at > now() THEN
        RAISE EXCEPTION 'the proposal time must be a finite time not in the future'
            USING ERRCODE = 'invalid_parameter_value', DETAIL = format('The time given is %s.', at);
    END IF;
    PERFORM perfeval.decision_step_check('penalty', NULL, 'proposed', agent_id, NULL, actor);
    IF period_id IS NOT NULL THEN
        SELECT r.id INTO rid FROM perfeval.result AS r
        WHERE r.period_id = penalty_propose.period_id AND r.agent_id = penalty_propose.agent_id AND r.is_current;
    END IF;
    INSERT INTO perfeval.penalty AS p (agent_id, kind, measures, reason, amount, period_id, result_id,
                                          effective_from, effective_until, proposed_by, proposed_at)
    VALUES (agent_id, kind, measures, reason, amount, period_id, rid, effective_from, effective_until, actor, at)
    RETURNING p.id INTO newid;
    RETURN newid;
END
$$;
COMMENT ON FUNCTION @extschema@.penalty_propose(integer, @extschema@.penalty_kind, text, text[], numeric, date, date, integer, name, timestamptz) IS
'proposes a penalty (H-6.2.1 kind, H-6.2.2 measures, fine amount, dates, the period it follows); returns its id';

CREATE FUNCTION @extschema@.penalty_step(penalty_id integer, step text, to_state text, actor name, at timestamptz, note text)
RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    p perfeval.penalty;
BEGIN
    IF penalty_id IS NULL OR actor IS NULL OR at IS NULL THEN
        RAISE EXCEPTION 'penalty_id, actor and at must not be null'
            USING ERRCODE = 'null_value_not_allowed', HINT = 'Every step records who and when (H-6.3.2).';
    END IF;
    PERFORM perfeval.require_internal('penalty_step');
    BEGIN
        SELECT * INTO p FROM perfeval.penalty AS x WHERE x.id = penalty_id FOR UPDATE;
    EXCEPTION WHEN serialization_failure THEN
        PERFORM perfeval.serialization_retry('penalty', penalty_id);
    END;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'penalty % does not exist', penalty_id
            USING ERRCODE = 'undefined_object', HINT = 'Propose with perfeval.penalty_propose().';
    END IF;
    PERFORM perfeval.require_flow_step('penalty', penalty_id, p.state, penalty_step.step, to_state);
    PERFORM perfeval.decision_step_check('penalty', p.state, to_state, p.agent_id, NULL, actor);
    IF NOT isfinite(at) OR at > now() OR at < greatest(p.proposed_at, p.approved_at, p.announced_at) THEN
        RAISE EXCEPTION 'the time of a step must be finite, not in the future and not before the previous step'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('The time given is %s; the previous step was at %s.', at,
                                  greatest(p.proposed_at, p.approved_at, p.announced_at));
    END IF;
    UPDATE perfeval.penalty AS x
    SET state = to_state,
        approved_by  = CASE WHEN to_state = 'approved' THEN actor ELSE x.approved_by END,
        approved_at  = CASE WHEN to_state = 'approved' THEN at ELSE x.approved_at END,
        announced_by = CASE WHEN to_state = 'announced' THEN actor ELSE x.announced_by END,
        announced_at = CASE WHEN to_state = 'announced' THEN at ELSE x.announced_at END,
        closed_by    = CASE WHEN to_state IN ('rejected', 'revoked') THEN actor ELSE x.closed_by END,
        closed_at    = CASE WHEN to_state IN ('rejected', 'revoked') THEN at ELSE x.closed_at END,
        note         = coalesce(penalty_step.note, x.note)
    WHERE x.id = penalty_id;
    RETURN to_state;
END
$$;
COMMENT ON FUNCTION @extschema@.penalty_step(integer, text, text, name, timestamptz, text) IS
'internal (42501 when called directly): takes the step named (flow_step, 55000 otherwise) moving a penalty (locked FOR UPDATE; 40001 with a retry hint under REPEATABLE READ) to to_state recording who and when, if the session may take that step (decision_step, 42501); the trigger penalty_guard refuses illegal steps (55000)';

CREATE FUNCTION @extschema@.penalty_approve(penalty_id integer, approved boolean, note text DEFAULT NULL,
                                            actor name DEFAULT CURRENT_USER, at timestamptz DEFAULT pg_catalog.now())
RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$ BEGIN RETURN perfeval.penalty_step(penalty_id, 'approve', CASE WHEN approved THEN 'approved' WHEN NOT approved THEN 'rejected' END, actor, at, note); END $$;
COMMENT ON FUNCTION @extschema@.penalty_approve(integer, boolean, text, name, timestamptz) IS
'leadership approves or rejects a proposed penalty; returns the new state';

CREATE FUNCTION @extschema@.penalty_announce(penalty_id integer, note text DEFAULT NULL,
                                             actor name DEFAULT CURRENT_USER, at timestamptz DEFAULT pg_catalog.now())
RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$ BEGIN RETURN perfeval.penalty_step(penalty_id, 'announce', 'announced', actor, at, note); END $$;
COMMENT ON FUNCTION @extschema@.penalty_announce(integer, text, name, timestamptz) IS
'the department manager announces an approved penalty: it enters the personal file and the 3-working-day appeal window opens (H-6.3.2, H-6.3.3); returns the new state';

-- penalty_in_force(penalty, day, window): an announced penalty is in force
-- from effective_from to effective_until, or, without effective_until, for
-- window_months months from effective_from (the product default is 12).
CREATE FUNCTION @extschema@.penalty_in_force(p @extschema@.penalty, day date, window_months integer DEFAULT 12)
RETURNS boolean
LANGUAGE sql
IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT p.state OPERATOR(pg_catalog.=) 'announced'
       AND p.effective_from OPERATOR(pg_catalog.<=) day
       AND day OPERATOR(pg_catalog.<=) coalesce(p.effective_until,
                           (p.effective_from OPERATOR(pg_catalog.+) pg_catalog.make_interval(months => window_months) OPERATOR(pg_catalog.-) interval '1 day')::date);
END;
COMMENT ON FUNCTION @extschema@.penalty_in_force(@extschema@.penalty, date, integer) IS
'true if an announced, unrevoked penalty is in force on day: effective_from..effective_until, or window_months months from effective_from when it has no end (H-6.2.1)';

-- next_penalty(agent, day, window): the ladder step a new violation earns
-- (H-6.2.1): one above the most severe penalty in force on day, a verbal
-- warning if none; termination stays termination.
CREATE FUNCTION @extschema@.next_penalty(agent_id integer, day date DEFAULT CURRENT_DATE, window_months integer DEFAULT 12)
RETURNS @extschema@.penalty_kind
LANGUAGE plpgsql
STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_variable
DECLARE
    worst perfeval.penalty_kind;
    ladder perfeval.penalty_kind[] := enum_range(NULL::perfeval.penalty_kind);
BEGIN
    IF window_months < 1 OR window_months > 120 THEN
        RAISE EXCEPTION 'window_months must be between 1 and 120'
            USING ERRCODE = 'invalid_parameter_value', DETAIL = format('The value given is %s.', window_months),
                  HINT = 'The product default is 12 months.';
    END IF;
    IF NOT isfinite(day) THEN
        RAISE EXCEPTION 'day must be a finite date'
            USING ERRCODE = 'datetime_field_overflow', DETAIL = format('The day given is %s.', day);
    END IF;
    IF NOT EXISTS (SELECT FROM perfeval.visible_agent_ids() AS v(id) WHERE v.id = next_penalty.agent_id) THEN
        RAISE EXCEPTION 'agent % does not exist or is not visible to you', agent_id
            USING ERRCODE = 'undefined_object',
                  HINT = 'An agent sees its own ladder, a manager the team''s, HR and leadership everyone''s.';
    END IF;
    SELECT max(p.kind) INTO worst FROM perfeval.penalty AS p
    WHERE p.agent_id = next_penalty.agent_id AND perfeval.penalty_in_force(p, day, window_months);
    IF worst IS NULL THEN
        RETURN ladder[1];
    END IF;
    RETURN ladder[least(array_position(ladder, worst) + 1, cardinality(ladder))];
END
$$;
COMMENT ON FUNCTION @extschema@.next_penalty(integer, date, integer) IS
'the next step of the discipline ladder for an agent (H-6.2.1; 42704 for an agent the caller may not see): one above the most severe penalty in force on day (penalties without an end stay in force window_months months, default 12), verbal_warning if none, termination at the top';

-- The personal file (H-6.3.2): every announced (or later revoked) reward
-- and penalty of an agent, team awards included for the team's members.
CREATE VIEW @extschema@.personal_file WITH (security_invoker = true) AS
SELECT a.id AS agent_id, a.employee_no, a.name AS agent_name,
       'reward'::text AS entry, w.id AS entry_id, w.kind, w.form AS detail, w.amount,
       w.period_id, w.reason, w.announced_at AS decided_at, w.state,
       w.team_id IS NOT NULL AS team_award
FROM @extschema@.reward AS w
JOIN @extschema@.agent AS a ON a.id OPERATOR(pg_catalog.=) w.agent_id OR (w.team_id IS NOT NULL AND a.team_id OPERATOR(pg_catalog.=) w.team_id)
WHERE w.state IN ('announced', 'revoked') AND w.announced_at IS NOT NULL
  AND a.id IN (SELECT @extschema@.visible_agent_ids())
UNION ALL
SELECT a.id, a.employee_no, a.name,
       'penalty', p.id, p.kind::text, pg_catalog.array_to_string(p.measures, ', '), p.amount,
       p.period_id, p.reason, p.announced_at, p.state, false
FROM @extschema@.penalty AS p
JOIN @extschema@.agent AS a ON a.id OPERATOR(pg_catalog.=) p.agent_id
WHERE p.state IN ('announced', 'revoked') AND p.announced_at IS NOT NULL;
COMMENT ON VIEW @extschema@.personal_file IS
'the agent''s personal file (H-6.3.2): announced rewards (team awards for the team''s members) and penalties, revoked ones marked by state; a basis for promotion and pay';
COMMENT ON COLUMN @extschema@.personal_file.agent_id IS 'the agent whose file it is (agent.id)';
COMMENT ON COLUMN @extschema@.personal_file.employee_no IS 'the unique employee number; the stable key that breaks rank ties';
COMMENT ON COLUMN @extschema@.personal_file.agent_name IS 'the agent''s name (agent.name)';
COMMENT ON COLUMN @extschema@.personal_file.entry IS 'reward or penalty';
COMMENT ON COLUMN @extschema@.personal_file.entry_id IS 'reward.id or penalty.id';
COMMENT ON COLUMN @extschema@.personal_file.kind IS 'the reward kind or the penalty kind';
COMMENT ON COLUMN @extschema@.personal_file.detail IS 'reward: its form (cash, goods, certificate); penalty: its measures, comma-separated';
COMMENT ON COLUMN @extschema@.personal_file.amount IS 'the reward''s value or the fine, NULL when none';
COMMENT ON COLUMN @extschema@.personal_file.period_id IS 'the period of the reward or penalty (period.id)';
COMMENT ON COLUMN @extschema@.personal_file.reason IS 'why it was given';
COMMENT ON COLUMN @extschema@.personal_file.decided_at IS 'when it was announced';
COMMENT ON COLUMN @extschema@.personal_file.state IS 'announced, or revoked after the announcement';
COMMENT ON COLUMN @extschema@.personal_file.team_award IS 'true for a team award (a reward to the agent''s team)';

-- Row security: a penalty is read by its agent, the agent's managers and
-- those who see all; written by the agent's managers, HR and leadership
-- (proposal, approval, announcement, H-6.2, H-6.3.1-2).
ALTER TABLE @extschema@.penalty ENABLE ROW LEVEL SECURITY;
CREATE POLICY penalty_read ON @extschema@.penalty FOR SELECT
    USING (agent_id IN (SELECT @extschema@.visible_agent_ids()));
CREATE POLICY penalty_write ON @extschema@.penalty FOR ALL
    USING (agent_id IN (SELECT @extschema@.managed_agent_ids()) OR (SELECT @extschema@.is_member_of('perfeval_leadership')))
    WITH CHECK (agent_id IN (SELECT @extschema@.managed_agent_ids()) OR (SELECT @extschema@.is_member_of('perfeval_leadership')));
COMMENT ON POLICY penalty_read ON @extschema@.penalty IS
'an agent reads its own penalties, a manager the team''s, HR, leadership and the service all (H-6.3.2)';
COMMENT ON POLICY penalty_write ON @extschema@.penalty IS
'the agent''s managers and HR propose and announce, leadership approves (H-6.2, H-6.3.1-2)';

SELECT pg_catalog.pg_extension_config_dump('perfeval.penalty', '');
SELECT pg_catalog.pg_extension_config_dump('perfeval.penalty_id_seq', '');
