/* src/sql/75_interview.sql — feedback interviews (H-3.2.4, H-3.2.5) and the flows of issue 14 */

-- Issue 14 (1.1) adds three small flows to the one flow engine of
-- 59_flow.sql, as rows of its definition tables, so that require_step_role
-- decides who takes each step as for rewards, penalties and appeals:
--   interview   due -> held (hold: the agent's manager, H-3.2.4) ->
--               acknowledged (acknowledge: the agent itself, H-3.2.5)
--   report      draft -> draft (compile: HR, the appraisal group, H-3.2.6)
--               -> approved (approve: leadership, H-3.2.7)
--   suggestion  recorded -> recognised (recognise: HR, H-8.3.5)
-- The definition tables are read-only (flow_definition_guard); the
-- extension script lifts the guard for its own rows only, as 59_flow.sql
-- did when it seeded them.  The CHECK on flow_state.flow is rebuilt from
-- the flows present plus these three, so that files of other issues that
-- add flows compose with this one.
DO $perfeval_flows$
DECLARE
    known pg_catalog.text;
BEGIN
    SELECT pg_catalog.string_agg(pg_catalog.quote_literal(f.flow), ', ' ORDER BY f.flow) INTO known
    FROM (SELECT DISTINCT s.flow FROM perfeval.flow_state AS s
          UNION SELECT x.flow FROM pg_catalog.unnest(ARRAY['interview', 'report', 'suggestion']::pg_catalog.text[]) AS x(flow)) AS f;
    ALTER TABLE perfeval.flow_state DROP CONSTRAINT IF EXISTS flow_state_flow_check;
    EXECUTE pg_catalog.format('ALTER TABLE perfeval.flow_state ADD CONSTRAINT flow_state_flow_check CHECK (flow IN (%s))', known);
END
$perfeval_flows$;

ALTER TABLE @extschema@.flow_state DISABLE TRIGGER flow_state_guard;
ALTER TABLE @extschema@.flow_step DISABLE TRIGGER flow_step_guard;
INSERT INTO @extschema@.flow_state (flow, state, terminal, days, setting, rule_id, description) VALUES
 ('interview', 'due',          false, NULL, NULL, 'H-3.2.4', 'the result is approved: the agent''s manager holds the performance interview'),
 ('interview', 'held',         false, NULL, NULL, 'H-3.2.4', 'held: strengths, weaknesses and agreed measures recorded, the result fed back; the agent acknowledges it'),
 ('interview', 'acknowledged', true,  NULL, NULL, 'H-3.2.5', 'acknowledged by the agent, with its comment; the agreed measures go into the improvement plan'),
 ('report', 'draft',    false, NULL, NULL, 'H-3.2.6', 'compiled by HR (the appraisal group) from the approved results; leadership approves it'),
 ('report', 'approved', true,  NULL, NULL, 'H-3.2.7', 'approved by leadership: the content is fixed; a correction is a new version'),
 ('suggestion', 'recorded',   false, NULL, NULL, 'H-8.3.5', 'a constructive suggestion recorded (from an appeal or any employee); HR may recognise it'),
 ('suggestion', 'recognised', true,  NULL, NULL, 'H-8.3.5', 'recognised by HR: commended (and rewarded) as a reasonable suggestion');
INSERT INTO @extschema@.flow_step (flow, from_state, step, to_state, actor_kind, rule_id) VALUES
 ('interview', 'due',   'hold',        'held',         'manager',    'H-3.2.4'),
 ('interview', 'held',  'acknowledge', 'acknowledged', 'appellant',  'H-3.2.5'),
 ('report',    'draft', 'compile',     'draft',        'HR',         'H-3.2.6'),
 ('report',    'draft', 'approve',     'approved',     'leadership', 'H-3.2.7'),
 ('suggestion', 'recorded', 'recognise', 'recognised', 'HR',         'H-8.3.5');
ALTER TABLE @extschema@.flow_state ENABLE TRIGGER flow_state_guard;
ALTER TABLE @extschema@.flow_step ENABLE TRIGGER flow_step_guard;

-- ---------------------------------------------------------------------------
-- The interview (H-3.2.4) and the measures agreed in it (H-3.2.5)
-- ---------------------------------------------------------------------------

CREATE TABLE @extschema@.feedback_interview (
    id               serial PRIMARY KEY,
    result_id        integer NOT NULL UNIQUE REFERENCES @extschema@.result (id),
    period_id        integer NOT NULL REFERENCES @extschema@.period (id),
    agent_id         integer NOT NULL REFERENCES @extschema@.agent (id),
    interviewer      name NOT NULL,
    held_at          timestamptz NOT NULL CHECK (pg_catalog.isfinite(held_at)),
    strengths        text NOT NULL CHECK (strengths OPERATOR(pg_catalog.<>) ''),
    weaknesses       text NOT NULL CHECK (weaknesses OPERATOR(pg_catalog.<>) ''),
    state            text NOT NULL DEFAULT 'held' CHECK (state IN ('held', 'acknowledged')),
    acknowledged_at  timestamptz CHECK (pg_catalog.isfinite(acknowledged_at)),
    acknowledged_by  name,
    agent_comment    text,
    fed_back_at      timestamptz NOT NULL,
    CONSTRAINT feedback_interview_acknowledged CHECK (
        (state OPERATOR(pg_catalog.=) 'acknowledged') OPERATOR(pg_catalog.=) (acknowledged_at IS NOT NULL)
        AND (acknowledged_at IS NULL) OPERATOR(pg_catalog.=) (acknowledged_by IS NULL)),
    CONSTRAINT feedback_interview_ack_after CHECK (acknowledged_at OPERATOR(pg_catalog.>=) held_at)
);
CREATE INDEX feedback_interview_agent_id_idx ON @extschema@.feedback_interview (agent_id, period_id);
CREATE INDEX feedback_interview_period_id_idx ON @extschema@.feedback_interview (period_id);
COMMENT ON TABLE @extschema@.feedback_interview IS
'the performance interview of a result (H-3.2.4): who held it and when, strengths, weaknesses, the agreed measures (feedback_interview_measure), the agent''s acknowledgement and comment (H-3.2.5); holding it records the feedback (result_feedback), from which the appeal window runs (H-8.2.1 (3)); written by hold_interview and acknowledge_interview only';
COMMENT ON COLUMN @extschema@.feedback_interview.id IS 'surrogate key of the interview';
COMMENT ON COLUMN @extschema@.feedback_interview.result_id IS 'the result revision discussed (result.id; one interview per revision)';
COMMENT ON COLUMN @extschema@.feedback_interview.period_id IS 'the period of the result (period.id)';
COMMENT ON COLUMN @extschema@.feedback_interview.agent_id IS 'the agent interviewed (agent.id)';
COMMENT ON COLUMN @extschema@.feedback_interview.interviewer IS 'the role that held the interview (the session''s role: the agent''s manager)';
COMMENT ON COLUMN @extschema@.feedback_interview.held_at IS 'when the interview was held';
COMMENT ON COLUMN @extschema@.feedback_interview.strengths IS 'the strengths gone through (H-3.2.4)';
COMMENT ON COLUMN @extschema@.feedback_interview.weaknesses IS 'the weaknesses gone through (H-3.2.4)';
COMMENT ON COLUMN @extschema@.feedback_interview.state IS 'held or acknowledged (flow interview of flow_state)';
COMMENT ON COLUMN @extschema@.feedback_interview.acknowledged_at IS 'when the agent acknowledged the interview, NULL until then';
COMMENT ON COLUMN @extschema@.feedback_interview.acknowledged_by IS 'the role that acknowledged it (the agent''s own)';
COMMENT ON COLUMN @extschema@.feedback_interview.agent_comment IS 'the agent''s comment given with the acknowledgement';
COMMENT ON COLUMN @extschema@.feedback_interview.fed_back_at IS 'the result''s feedback time in force (result_feedback.given_at: the first feedback of the period and agent), from which the appeal window runs';

CREATE TABLE @extschema@.feedback_interview_measure (
    interview_id  integer NOT NULL REFERENCES @extschema@.feedback_interview (id),
    ord           integer NOT NULL CHECK (ord OPERATOR(pg_catalog.>=) 1),
    measure       text NOT NULL CHECK (measure OPERATOR(pg_catalog.<>) ''),
    plan_id       integer,
    indicator_id  integer,
    PRIMARY KEY (interview_id, ord),
    CONSTRAINT feedback_interview_measure_target CHECK ((plan_id IS NULL) OPERATOR(pg_catalog.=) (indicator_id IS NULL)),
    FOREIGN KEY (plan_id, indicator_id) REFERENCES @extschema@.improvement_target (plan_id, indicator_id)
);
CREATE INDEX feedback_interview_measure_target_idx ON @extschema@.feedback_interview_measure (plan_id, indicator_id);
COMMENT ON TABLE @extschema@.feedback_interview_measure IS
'a measure agreed in a feedback interview (H-3.2.4), optionally the target of the agent''s improvement plan it serves (H-3.2.5, H-7.1)';
COMMENT ON COLUMN @extschema@.feedback_interview_measure.interview_id IS 'the interview (feedback_interview.id)';
COMMENT ON COLUMN @extschema@.feedback_interview_measure.ord IS 'position of the measure in the interview, 1, 2, ...';
COMMENT ON COLUMN @extschema@.feedback_interview_measure.measure IS 'what was agreed';
COMMENT ON COLUMN @extschema@.feedback_interview_measure.plan_id IS 'the improvement plan of the target it serves (improvement_target.plan_id), NULL for none';
COMMENT ON COLUMN @extschema@.feedback_interview_measure.indicator_id IS 'the indicator of that target (improvement_target.indicator_id), NULL for none';

-- interview_text(value, what): a required text argument, trimmed of
-- nothing, refused when NULL (22004), empty or longer than 10,000
-- characters (22023), so that a row stays readable and bounded.
CREATE FUNCTION @extschema@.interview_text(value text, what text)
RETURNS text
LANGUAGE plpgsql
IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF value IS NULL THEN
        RAISE EXCEPTION '% must not be null', what
            USING ERRCODE = 'null_value_not_allowed', HINT = 'The interview goes through strengths and weaknesses (H-3.2.4).';
    END IF;
    IF btrim(value) = '' OR length(value) > 10000 THEN
        RAISE EXCEPTION '% must be a text of 1 to 10000 characters', what
            USING ERRCODE = 'invalid_parameter_value', DETAIL = format('It has %s characters.', length(value));
    END IF;
    RETURN value;
END
$$;
COMMENT ON FUNCTION @extschema@.interview_text(text, text) IS
'internal: the text argument named what, refused when NULL (22004), blank or longer than 10000 characters (22023)';

-- hold_interview(result, strengths, weaknesses, measures, at, actor): the
-- agent's manager holds the performance interview of a current, approved
-- result (H-3.2.4): the step hold of flow interview (require_step_role),
-- the measures agreed (a jsonb array of {"measure": text} objects, each
-- optionally with "plan_id" and "indicator" naming a target of the agent's
-- own improvement plan, H-3.2.5), and the feedback recorded through
-- record_feedback, so the appeal window runs from the first feedback as
-- before (H-8.2.1 (3)).  Returns the interview's id.
CREATE FUNCTION @extschema@.hold_interview(result_id integer, strengths text, weaknesses text,
                                           measures jsonb DEFAULT '[]', at timestamptz DEFAULT pg_catalog.now(),
                                           actor name DEFAULT CURRENT_USER)
RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_variable
DECLARE
    r record;
    newid integer;
    m record;
    pid integer;
    iid integer;
    fed timestamptz;
BEGIN
    IF result_id IS NULL OR at IS NULL OR actor IS NULL OR measures IS NULL THEN
        RAISE EXCEPTION 'result_id, measures, at and actor must not be null'
            USING ERRCODE = 'null_value_not_allowed', HINT = 'Pass ''[]'' for an interview without agreed measures.';
    END IF;
    PERFORM perfeval.check_actor(actor);
    strengths := perfeval.interview_text(strengths, 'strengths');
    weaknesses := perfeval.interview_text(weaknesses, 'weaknesses');
    IF jsonb_typeof(measures) <> 'array' OR jsonb_array_length(measures) > 100 THEN
        RAISE EXCEPTION 'measures must be a json array of at most 100 objects'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Each element is {"measure": "...", "plan_id": 1, "indicator": "csat_score"}; plan_id and indicator are optional.';
    END IF;
    IF NOT isfinite(at) OR at > now() THEN
        RAISE EXCEPTION 'the interview time must be a finite time not in the future'
            USING ERRCODE = 'invalid_parameter_value', DETAIL = format('The time given is %s.', at);
    END IF;
    SELECT x.id, x.period_id, x.agent_id, x.team_id, x.is_current, p.state AS period_state INTO r
    FROM perfeval.result AS x JOIN perfeval.period AS p ON p.id = x.period_id
    WHERE x.id = result_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'result % does not exist', result_id
            USING ERRCODE = 'undefined_object', HINT = 'Interview on a row of perfeval.result_current you may read.';
    END IF;
    PERFORM perfeval.require_step_role('interview', 'interview', 'due', 'held', r.agent_id, r.team_id);
    IF NOT r.is_current OR r.period_state <> 'approved' THEN
        RAISE EXCEPTION 'result % is not a current approved result', result_id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = format('The period is %s; the result is %s.', r.period_state,
                                  CASE WHEN r.is_current THEN 'current' ELSE 'an older revision' END),
                  HINT = 'The interview feeds back a final result (H-3.2.4, H-3.2.7): approve the period first, or use the current revision.';
    END IF;
    IF EXISTS (SELECT FROM perfeval.feedback_interview AS f WHERE f.result_id = r.id) THEN
        RAISE EXCEPTION 'result % already has its interview', result_id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'An interview is held once per result revision; see perfeval.feedback_interview.';
    END IF;
    fed := perfeval.record_feedback(r.period_id, r.agent_id, at, actor, 'feedback interview');
    INSERT INTO perfeval.feedback_interview AS f (result_id, period_id, agent_id, interviewer, held_at, strengths, weaknesses, fed_back_at)
    VALUES (r.id, r.period_id, r.agent_id, actor, at, strengths, weaknesses, fed)
    RETURNING f.id INTO newid;
    FOR m IN SELECT e.value AS v, e.ord FROM jsonb_array_elements(measures) WITH ORDINALITY AS e(value, ord) LOOP
        IF jsonb_typeof(m.v) <> 'object' OR jsonb_typeof(m.v -> 'measure') IS DISTINCT FROM 'string'
           OR btrim(m.v ->> 'measure') = '' OR length(m.v ->> 'measure') > 10000
           OR (m.v ? 'plan_id') <> (m.v ? 'indicator')
           OR (m.v ? 'plan_id' AND (jsonb_typeof(m.v -> 'plan_id') <> 'number' OR jsonb_typeof(m.v -> 'indicator') <> 'string'))
           OR (m.v ? 'plan_id' AND (m.v ->> 'plan_id') !~ '^[0-9]{1,9}$') THEN
            RAISE EXCEPTION 'measure % is not an object with a non-empty "measure" text (and optionally "plan_id" and "indicator" together)', m.ord
                USING ERRCODE = 'invalid_parameter_value', DETAIL = format('It is %s.', left(m.v::text, 200)),
                      HINT = 'Each element is {"measure": "...", "plan_id": 1, "indicator": "csat_score"}.';
        END IF;
        pid := NULL; iid := NULL;
        IF m.v ? 'plan_id' THEN
            SELECT t.plan_id, t.indicator_id INTO pid, iid
            FROM perfeval.improvement_target AS t
            JOIN perfeval.improvement_plan AS p ON p.id = t.plan_id
            JOIN perfeval.indicator AS i ON i.id = t.indicator_id
            WHERE t.plan_id = (m.v ->> 'plan_id')::integer AND i.code = m.v ->> 'indicator' AND p.agent_id = r.agent_id;
            IF NOT FOUND THEN
                RAISE EXCEPTION 'measure %: plan % has no target on indicator % for this agent', m.ord, m.v ->> 'plan_id', m.v ->> 'indicator'
                    USING ERRCODE = 'undefined_object',
                          HINT = 'Link a measure to a target of the agent''s own plan (perfeval.improvement_target), or leave plan_id and indicator out.';
            END IF;
        END IF;
        INSERT INTO perfeval.feedback_interview_measure (interview_id, ord, measure, plan_id, indicator_id)
        VALUES (newid, m.ord, m.v ->> 'measure', pid, iid);
    END LOOP;
    RETURN newid;
END
$$;
COMMENT ON FUNCTION @extschema@.hold_interview(integer, text, text, jsonb, timestamp with time zone, name) IS
'the agent''s manager holds the performance interview of a current approved result (H-3.2.4; step hold of flow interview): strengths, weaknesses, the agreed measures (jsonb array of {"measure", optional "plan_id" + "indicator" of the agent''s improvement target, H-3.2.5}); records the feedback (record_feedback: the appeal window runs from the first feedback, H-8.2.1 (3)); returns the interview id';

-- acknowledge_interview(interview, comment, at, actor): the agent itself
-- acknowledges its interview, with an optional comment (H-3.2.5; step
-- acknowledge of flow interview).  Returns the acknowledgement time.
CREATE FUNCTION @extschema@.acknowledge_interview(interview_id integer, comment text DEFAULT NULL,
                                                  at timestamptz DEFAULT pg_catalog.now(), actor name DEFAULT CURRENT_USER)
RETURNS timestamptz
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_variable
DECLARE
    f perfeval.feedback_interview;
BEGIN
    IF interview_id IS NULL OR at IS NULL OR actor IS NULL THEN
        RAISE EXCEPTION 'interview_id, at and actor must not be null'
            USING ERRCODE = 'null_value_not_allowed', HINT = 'Leave at and actor out: they default to now and the current user.';
    END IF;
    PERFORM perfeval.check_actor(actor);
    IF comment IS NOT NULL AND length(comment) > 10000 THEN
        RAISE EXCEPTION 'the comment must be at most 10000 characters'
            USING ERRCODE = 'invalid_parameter_value', DETAIL = format('It has %s characters.', length(comment));
    END IF;
    SELECT * INTO f FROM perfeval.feedback_interview AS x WHERE x.id = interview_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'interview % does not exist', interview_id
            USING ERRCODE = 'undefined_object', HINT = 'See perfeval.feedback_interview for your interviews.';
    END IF;
    PERFORM perfeval.require_step_role('interview', 'interview', 'held', 'acknowledged', f.agent_id, NULL);
    PERFORM perfeval.require_flow_step('interview', f.id, f.state, 'acknowledge', 'acknowledged');
    IF NOT isfinite(at) OR at > now() OR at < f.held_at THEN
        RAISE EXCEPTION 'the acknowledgement time must be finite, not in the future and not before the interview'
            USING ERRCODE = 'invalid_parameter_value', DETAIL = format('The time given is %s; the interview was held at %s.', at, f.held_at);
    END IF;
    UPDATE perfeval.feedback_interview AS x
    SET state = 'acknowledged', acknowledged_at = at, acknowledged_by = actor, agent_comment = comment
    WHERE x.id = f.id;
    RETURN at;
END
$$;
COMMENT ON FUNCTION @extschema@.acknowledge_interview(integer, text, timestamp with time zone, name) IS
'the agent itself acknowledges its feedback interview with an optional comment (H-3.2.5; step acknowledge of flow interview, once: 55000 after); returns the acknowledgement time';

-- Direct writes refused (42501): the interview tables change through the
-- two functions above only; an acknowledged interview stays as it is.
CREATE TRIGGER _direct_write_guard BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.feedback_interview
    FOR EACH ROW EXECUTE FUNCTION @extschema@.direct_write_guard();
CREATE TRIGGER _direct_write_guard BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.feedback_interview_measure
    FOR EACH ROW EXECUTE FUNCTION @extschema@.direct_write_guard();
COMMENT ON TRIGGER _direct_write_guard ON @extschema@.feedback_interview IS 'direct writes refused (42501): interviews are written by hold_interview and acknowledge_interview only';
COMMENT ON TRIGGER _direct_write_guard ON @extschema@.feedback_interview_measure IS 'direct writes refused (42501): the agreed measures are written by hold_interview only';
CREATE TRIGGER feedback_interview_acknowledged_final BEFORE UPDATE OR DELETE ON @extschema@.feedback_interview
    FOR EACH ROW WHEN (OLD.state OPERATOR(pg_catalog.=) 'acknowledged')
    EXECUTE FUNCTION @extschema@.append_only('An acknowledged interview is kept as the agent acknowledged it (H-3.2.5).',
                                             'Record a later talk as the next period''s interview.');
COMMENT ON TRIGGER feedback_interview_acknowledged_final ON @extschema@.feedback_interview IS
'an acknowledged interview cannot change or go (55000), not even by its owner (H-3.2.5)';

-- Row security as for results (H-3.2.4): the agent, the team's manager, HR,
-- leadership and the service read; the agent's manager and HR write; the
-- agent acknowledges its own.
ALTER TABLE @extschema@.feedback_interview ENABLE ROW LEVEL SECURITY;
CREATE POLICY feedback_interview_read ON @extschema@.feedback_interview FOR SELECT
    USING (agent_id IN (SELECT @extschema@.visible_agent_ids()));
CREATE POLICY feedback_interview_insert ON @extschema@.feedback_interview FOR INSERT
    WITH CHECK (agent_id IN (SELECT @extschema@.managed_agent_ids()));
CREATE POLICY feedback_interview_update ON @extschema@.feedback_interview FOR UPDATE
    USING (agent_id IN (SELECT @extschema@.managed_agent_ids()) OR agent_id IN (SELECT @extschema@.own_agent_ids()))
    WITH CHECK (agent_id IN (SELECT @extschema@.managed_agent_ids()) OR agent_id IN (SELECT @extschema@.own_agent_ids()));
COMMENT ON POLICY feedback_interview_read ON @extschema@.feedback_interview IS
'an agent reads its own interviews, a manager the team''s, HR, leadership and the service all (as results, H-3.2.4)';
COMMENT ON POLICY feedback_interview_insert ON @extschema@.feedback_interview IS
'the agent''s manager (or HR) records the interview (H-3.2.4)';
COMMENT ON POLICY feedback_interview_update ON @extschema@.feedback_interview IS
'the agent acknowledges its own interview (H-3.2.5); the manager and HR through the step functions';

ALTER TABLE @extschema@.feedback_interview_measure ENABLE ROW LEVEL SECURITY;
CREATE POLICY feedback_interview_measure_read ON @extschema@.feedback_interview_measure FOR SELECT
    USING (interview_id IN (SELECT f.id FROM @extschema@.feedback_interview AS f));
CREATE POLICY feedback_interview_measure_insert ON @extschema@.feedback_interview_measure FOR INSERT
    WITH CHECK (interview_id IN (SELECT f.id FROM @extschema@.feedback_interview AS f
                                 WHERE f.agent_id IN (SELECT @extschema@.managed_agent_ids())));
COMMENT ON POLICY feedback_interview_measure_read ON @extschema@.feedback_interview_measure IS
'the measures of the interviews the reader may read';
COMMENT ON POLICY feedback_interview_measure_insert ON @extschema@.feedback_interview_measure IS
'the measures of the interviews the writer manages';

-- interview_due: the current results of approved periods without their
-- interview yet, for the managers who hold them (H-3.2.4).
CREATE VIEW @extschema@.interview_due WITH (security_invoker = true) AS
SELECT r.id AS result_id, r.period_id,
       r.agent_id, a.employee_no, a.name AS agent_name, r.team_id, r.total, r.grade, f.given_at AS fed_back_at,
       @extschema@.period_key(p.kind, p.starts_on) AS period_key,
       @extschema@.period_label(p.kind, p.starts_on, 'zh') AS period_label,
       @extschema@.period_label(p.kind, p.starts_on, 'en') AS period_label_en
FROM @extschema@.result AS r
JOIN @extschema@.period AS p ON p.id OPERATOR(pg_catalog.=) r.period_id AND p.state OPERATOR(pg_catalog.=) 'approved'
JOIN @extschema@.agent AS a ON a.id OPERATOR(pg_catalog.=) r.agent_id
LEFT JOIN @extschema@.result_feedback AS f ON f.period_id OPERATOR(pg_catalog.=) r.period_id AND f.agent_id OPERATOR(pg_catalog.=) r.agent_id
WHERE r.is_current
  AND NOT EXISTS (SELECT FROM @extschema@.feedback_interview AS i WHERE i.result_id OPERATOR(pg_catalog.=) r.id);
COMMENT ON VIEW @extschema@.interview_due IS
'the current results of approved periods that have no feedback interview yet (H-3.2.4), with the feedback time when the result was already fed back by record_feedback; a manager sees its team''s';
COMMENT ON COLUMN @extschema@.interview_due.result_id IS 'the result to discuss (result.id; pass it to hold_interview)';
COMMENT ON COLUMN @extschema@.interview_due.period_id IS 'the period (period.id)';
COMMENT ON COLUMN @extschema@.interview_due.agent_id IS 'the agent (agent.id)';
COMMENT ON COLUMN @extschema@.interview_due.employee_no IS 'the employee number';
COMMENT ON COLUMN @extschema@.interview_due.agent_name IS 'the agent''s name';
COMMENT ON COLUMN @extschema@.interview_due.team_id IS 'the agent''s team when evaluated';
COMMENT ON COLUMN @extschema@.interview_due.total IS 'the result''s total (NULL without data)';
COMMENT ON COLUMN @extschema@.interview_due.grade IS 'the result''s grade';
COMMENT ON COLUMN @extschema@.interview_due.fed_back_at IS 'when the result was fed back (result_feedback), NULL when not yet: the appeal window runs from it';
COMMENT ON COLUMN @extschema@.interview_due.period_key IS 'the key of the period (period_key): 2025-03, 2025-Q1 or 2025';
COMMENT ON COLUMN @extschema@.interview_due.period_label IS 'its Chinese label (period_label): 2025年3月, 2025年第1季度, 2025年';
COMMENT ON COLUMN @extschema@.interview_due.period_label_en IS 'its English label: Mar 2025, Q1 2025, 2025';

GRANT SELECT ON @extschema@.interview_due, @extschema@.feedback_interview, @extschema@.feedback_interview_measure
    TO perfeval_agent, perfeval_manager, perfeval_hr, perfeval_leadership, perfeval_service;
GRANT INSERT ON @extschema@.feedback_interview, @extschema@.feedback_interview_measure TO perfeval_manager, perfeval_hr;
GRANT UPDATE ON @extschema@.feedback_interview TO perfeval_agent, perfeval_manager, perfeval_hr;
GRANT USAGE ON SEQUENCE @extschema@.feedback_interview_id_seq TO perfeval_manager, perfeval_hr;

SELECT pg_catalog.pg_extension_config_dump('perfeval.feedback_interview', '');
SELECT pg_catalog.pg_extension_config_dump('perfeval.feedback_interview_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('perfeval.feedback_interview_measure', '');
