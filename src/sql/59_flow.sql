/* src/sql/59_flow.sql — who may take a workflow step (H-6.3.1-3, H-8.1-8.3, H-9.1; issue 9) */

-- The rule of who takes which step lives in data, in one place: the
-- definition tables flow_state and flow_step (below) hold the states and
-- the steps of all four flows (reward, penalty, and the two appeal paths
-- result and decision), each step with the actor_kind that takes it; every
-- guard (reward_guard, penalty_guard, appeal_guard, appeal_lock, ...) and
-- require_step_role read them.  The views decision_step, appeal_flow,
-- appeal_state and workflow_step show them as before.  One function,
-- require_step_role, looks the step up and decides whether the session's
-- role is of its kind for the person concerned.  The actor
-- of a step is the session's role (check_actor): a step function's actor
-- argument may only repeat it.  Superusers (a DBA, pg_dump, the tests'
-- fixtures) are exempt, as they are from row-level security.
--
-- Kinds: HR (perfeval_hr; the review panel, H-6.3.1; HR's appeal steps,
-- H-8.1-8.3), leadership (perfeval_leadership, H-6.3.1, H-6.3.3 (3),
-- H-8.2.5), manager (the manager of the person's team, team.manager_role:
-- nominates, proposes, announces, answers a decision appeal, H-6.3.1-3),
-- departments (the result review of H-8.2.2, coordinated by HR: HR),
-- appellant (the agent itself: files, withdraws, re-appeals), appeal (a
-- revocation made by an upheld appeal, H-6.3.3: only from the appeal steps).

-- is_superuser(): whether the current user is a superuser.
CREATE FUNCTION @extschema@.is_superuser()
RETURNS boolean
LANGUAGE sql
STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT coalesce((SELECT r.rolsuper FROM pg_catalog.pg_roles AS r WHERE r.rolname OPERATOR(pg_catalog.=) CURRENT_USER), false)
$$;
COMMENT ON FUNCTION @extschema@.is_superuser() IS
'true when the current user is a superuser (exempt from the step rules, as from row-level security)';

-- stack_function(k): the k-th function of the call stack as the error
-- context shows it, counted from stack_function itself (1), its caller (2),
-- and so on; NULL past the top level.  PL/pgSQL functions of this extension
-- show as "PL/pgSQL function perfeval.name(...)" (their search_path hides
-- the schema) and no other role can create a function in schema perfeval,
-- so a "perfeval." entry cannot be forged; the top level, a DO block
-- (inline_code_block), an SQL-language function or a function of any other
-- schema never shows as one.
CREATE FUNCTION @extschema@.stack_function(k integer)
RETURNS text
LANGUAGE plpgsql
VOLATILE   -- reads the call stack
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    ctx text;
BEGIN
    GET DIAGNOSTICS ctx = PG_CONTEXT;
    RETURN (SELECT u.l FROM pg_catalog.unnest(pg_catalog.string_to_array(ctx, E'\n')) WITH ORDINALITY AS u(l, o)
            WHERE u.l OPERATOR(pg_catalog.~) '^(PL/[A-Za-z]+ function|SQL function) '
            ORDER BY u.o OFFSET k OPERATOR(pg_catalog.-) 1 LIMIT 1);
END
$$;
COMMENT ON FUNCTION @extschema@.stack_function(integer) IS
'internal: the k-th function line of the error context stack (1: stack_function, 2: its caller, ...), NULL past the top level; a line "PL/pgSQL function perfeval...." cannot be forged, as only the extension creates functions in schema perfeval';

-- require_internal(what): 42501 unless the internal function calling it was
-- itself called by a perfeval PL/pgSQL function (or by a superuser).
CREATE FUNCTION @extschema@.require_internal(what text, superuser_exempt boolean DEFAULT true)
RETURNS void
LANGUAGE plpgsql
VOLATILE   -- reads the call stack
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- stack: [1] stack_function, [2] require_internal, [3] the internal function, [4] its caller
    IF NOT (superuser_exempt AND perfeval.is_superuser())
       AND NOT coalesce(pg_catalog.starts_with(perfeval.stack_function(4), 'PL/pgSQL function perfeval.'), false) THEN
        RAISE EXCEPTION 'permission denied: perfeval.% is internal', what
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'Take the step with its public function (README, Rewards, penalties and appeals).';
    END IF;
END
$$;
COMMENT ON FUNCTION @extschema@.require_internal(text, boolean) IS
'internal: 42501 unless the function calling it was itself called by a perfeval PL/pgSQL function (or, when superuser_exempt, a superuser is the current user; a SECURITY DEFINER function passes false, as its current user is its owner): internal step functions cannot be called directly';

-- direct_write_guard: BEFORE INSERT / UPDATE / DELETE trigger on the
-- workflow tables: only the extension's own functions write them (and
-- superusers), so the state machines and the event log cannot be bypassed.
CREATE FUNCTION @extschema@.direct_write_guard()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- stack: [1] stack_function, [2] this trigger, [3] whoever issued the DML
    IF NOT perfeval.is_superuser()
       AND NOT coalesce(pg_catalog.starts_with(perfeval.stack_function(3), 'PL/pgSQL function perfeval.'), false) THEN
        RAISE EXCEPTION 'permission denied: % on perfeval.% is done by the workflow functions only', TG_OP, TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'Steps of rewards, penalties and appeals are taken through their functions, which check who may take them and log them (H-6.3, H-8.3.3).',
                  HINT = 'Use the perfeval step functions (reward_*, penalty_*, file_*_appeal, appeal_*, allocate_bonus_pool, record_feedback).';
    END IF;
    RETURN CASE WHEN TG_OP OPERATOR(pg_catalog.=) 'DELETE' THEN OLD ELSE NEW END;
END
$$;
COMMENT ON FUNCTION @extschema@.direct_write_guard() IS
'trigger: refuses (42501) a direct INSERT, UPDATE or DELETE of a workflow table by anyone but a superuser or a perfeval function (issue 9; H-8.3.3)';

-- check_actor(actor): the actor of a step is the session's role.
CREATE FUNCTION @extschema@.check_actor(actor name)
RETURNS void
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF actor IS DISTINCT FROM CURRENT_USER AND NOT perfeval.is_superuser() THEN
        RAISE EXCEPTION 'permission denied: the actor of a step is the session''s role'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = pg_catalog.format('actor %s was given; the session''s role is %s.', actor, CURRENT_USER),
                  HINT = 'Leave actor out; it defaults to the current user.';
    END IF;
END
$$;
COMMENT ON FUNCTION @extschema@.check_actor(name) IS
'internal: 42501 unless the actor given to a step is the current user (superusers may record another actor, e.g. when loading history)';

-- is_team_manager(agent, team): the current user manages the team of the
-- agent (now) or the team given.
CREATE FUNCTION @extschema@.is_team_manager(agent_id integer, team_id integer)
RETURNS boolean
LANGUAGE sql
STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT EXISTS (SELECT FROM perfeval.team AS t
                   JOIN pg_catalog.pg_roles AS r ON r.rolname OPERATOR(pg_catalog.=) t.manager_role
                   WHERE (t.id OPERATOR(pg_catalog.=) $2
                          OR t.id OPERATOR(pg_catalog.=) (SELECT a.team_id FROM perfeval.agent AS a WHERE a.id OPERATOR(pg_catalog.=) $1))
                     AND pg_catalog.pg_has_role(CURRENT_USER, r.oid, 'MEMBER'))
$$;
COMMENT ON FUNCTION @extschema@.is_team_manager(integer, integer) IS
'true when the current user is a member of the manager_role of the agent''s team or of the team given (H-9.1 first-line management)';

-- may_act(kind, agent, team): whether the current user is of the kind for
-- the person concerned (see the kinds above).
CREATE FUNCTION @extschema@.may_act(kind text, agent_id integer, team_id integer)
RETURNS boolean
LANGUAGE sql
STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE $1
        WHEN 'HR' THEN perfeval.is_hr()
        WHEN 'departments' THEN perfeval.is_hr()
        WHEN 'leadership' THEN perfeval.is_member_of('perfeval_leadership')
        WHEN 'manager' THEN perfeval.is_team_manager($2, $3)
        WHEN 'appellant' THEN $2 IN (SELECT o.id FROM perfeval.own_agent_ids() AS o(id))
        WHEN 'appeal' THEN false     -- only through require_step_role's call-stack test
        ELSE false END
$$;
COMMENT ON FUNCTION @extschema@.may_act(text, integer, integer) IS
'whether the current user is of actor kind HR, departments (HR), leadership, manager (of the agent''s or the given team), appellant (the agent itself) for a step concerning that agent or team (H-6.3, H-8, H-9.1)';

-- ---------------------------------------------------------------------------
-- The four flows as data (extension definitions: read-only, not dumped).
--   reward    nominated (manager) -> reviewed (the panel, HR) -> approved
--             (leadership) -> announced (manager); rejected by the panel or
--             leadership; revoked by an upheld appeal (H-6.3.1-3)
--   penalty   proposed (manager) -> approved (leadership) -> announced
--             (manager); rejected by leadership; revoked by an upheld
--             appeal (H-6.3.1-3)
--   result    the appeal against a result (H-8)
--   decision  the appeal against a reward or penalty (H-6.3.3)
-- The handbook gives no time limit for the states of a reward or penalty
-- (only the 3 working days to appeal an announced one, H-6.3.3 (1), which
-- is the filing deadline of the decision appeal): their limits are NULL.
-- ---------------------------------------------------------------------------

CREATE TABLE @extschema@.flow_state (
    flow         text NOT NULL CHECK (flow IN ('reward', 'penalty', 'result', 'decision')),
    state        text NOT NULL,
    terminal     boolean NOT NULL DEFAULT false,
    days         integer CHECK (days OPERATOR(pg_catalog.>) 0),
    setting      text CHECK (setting IN ('eligibility_days', 'leadership_days')),
    rule_id      text,
    description  text NOT NULL,
    PRIMARY KEY (flow, state),
    CONSTRAINT flow_state_one_limit CHECK (days IS NULL OR setting IS NULL),
    CONSTRAINT flow_state_terminal_no_limit CHECK (NOT terminal OR (days IS NULL AND setting IS NULL))
);
COMMENT ON TABLE @extschema@.flow_state IS
'the states of the four workflows (reward, penalty; the appeal paths result and decision) with the working days within which each must be left (days, or the appeal_policy setting named) and the rule; extension definition: read-only, not dumped (the views appeal_state and workflow_step read it)';
COMMENT ON COLUMN @extschema@.flow_state.flow IS 'reward, penalty (H-6.3.1-2), result (an appeal against a result, H-8) or decision (an appeal against a reward or penalty, H-6.3.3)';
COMMENT ON COLUMN @extschema@.flow_state.state IS 'the state''s name';
COMMENT ON COLUMN @extschema@.flow_state.terminal IS 'true for a final state (no step leaves it)';
COMMENT ON COLUMN @extschema@.flow_state.days IS 'working days within which the state must be left; NULL when the appeal_policy setting named in setting gives them, or without a limit (every reward and penalty state: the handbook sets none)';
COMMENT ON COLUMN @extschema@.flow_state.setting IS 'the appeal_policy setting that gives the days, when they are configurable';
COMMENT ON COLUMN @extschema@.flow_state.rule_id IS 'the handbook rule of the state (its time limit, H-...)';
COMMENT ON COLUMN @extschema@.flow_state.description IS 'what happens in this state, who acts next (shown as next_step in appeal_open)';

INSERT INTO @extschema@.flow_state (flow, state, terminal, days, setting, rule_id, description) VALUES
 ('reward', 'nominated', false, NULL, NULL, 'H-6.3.1', 'nominated by the department manager with the performance data; the review panel (HR) reviews it'),
 ('reward', 'reviewed',  false, NULL, NULL, 'H-6.3.1', 'passed by the review panel; leadership approves or rejects it'),
 ('reward', 'approved',  false, NULL, NULL, 'H-6.3.1', 'approved by leadership; the department manager announces it'),
 ('reward', 'announced', false, NULL, NULL, 'H-6.3.2', 'announced: in the personal file; an upheld appeal may revoke it (H-6.3.3)'),
 ('reward', 'rejected',  true,  NULL, NULL, 'H-6.3.1', 'rejected by the review panel or leadership; kept on record'),
 ('reward', 'revoked',   true,  NULL, NULL, 'H-6.3.3', 'revoked by an upheld appeal; kept in the personal file as revoked'),
 ('penalty', 'proposed',  false, NULL, NULL, 'H-6.3.1', 'proposed by the department manager; leadership approves or rejects it'),
 ('penalty', 'approved',  false, NULL, NULL, 'H-6.3.1', 'approved by leadership; the department manager announces it'),
 ('penalty', 'announced', false, NULL, NULL, 'H-6.3.2', 'announced: in the personal file and on the ladder; an upheld appeal may revoke it (H-6.3.3)'),
 ('penalty', 'rejected',  true,  NULL, NULL, 'H-6.3.1', 'rejected by leadership; kept on record'),
 ('penalty', 'revoked',   true,  NULL, NULL, 'H-6.3.3', 'revoked by an upheld appeal; kept in the personal file as revoked'),
 ('result', 'filed',             false, 5,    NULL,               'H-8.1.3', 'filed in writing with HR; HR confirms receipt and explains the procedure within 5 working days'),
 ('result', 'acknowledged',      false, NULL, 'eligibility_days', 'H-8.2.1', 'receipt confirmed; HR checks eligibility (material complete, about a result, filed in time)'),
 ('result', 'under_review',      false, 10,   NULL,               'H-8.2.2', 'eligible: the departments involved review it within 10 working days, hearing the appellant (H-8.2.3)'),
 ('result', 'reviewed',          false, 5,    NULL,               'H-8.2.4', 'reviewed: the result is notified to the appellant within 5 working days'),
 ('result', 'notified',          false, 5,    NULL,               'H-8.2.5', 'notified: the appellant may appeal again to leadership within 5 working days'),
 ('result', 'leadership_review', false, NULL, 'leadership_days',  'H-8.2.5', 'appealed again: leadership decides'),
 ('result', 'handled',           false, 5,    NULL,               'H-8.3.2', 'handled: written feedback with the result and its grounds within 5 working days'),
 ('result', 'closed',            true,  NULL, NULL,               'H-8.3.3', 'closed: written feedback given; kept in the archive'),
 ('result', 'withdrawn',         true,  NULL, NULL,               'H-8.3.3', 'withdrawn by the appellant; kept in the archive'),
 ('decision', 'filed',             false, 5,    NULL,              'H-6.3.3', 'filed with the department manager, who verifies and answers within 5 working days of receipt'),
 ('decision', 'leadership_review', false, NULL, 'leadership_days', 'H-6.3.3', 'the manager could not answer: leadership decides, finally'),
 ('decision', 'closed',            true,  NULL, NULL,              'H-6.3.3', 'answered or decided; kept in the archive'),
 ('decision', 'withdrawn',         true,  NULL, NULL,              'H-6.3.3', 'withdrawn by the appellant; kept in the archive');

CREATE TABLE @extschema@.flow_step (
    flow        text NOT NULL,
    from_state  text,
    step        text NOT NULL,
    to_state    text NOT NULL,
    actor_kind  text NOT NULL CHECK (actor_kind IN ('HR', 'departments', 'leadership', 'manager', 'appellant', 'appeal')),
    rule_id     text,
    CONSTRAINT flow_step_key UNIQUE NULLS NOT DISTINCT (flow, from_state, to_state),
    CONSTRAINT flow_step_creating CHECK (from_state IS NOT NULL OR flow IN ('reward', 'penalty')),
    FOREIGN KEY (flow, from_state) REFERENCES @extschema@.flow_state (flow, state),
    FOREIGN KEY (flow, to_state) REFERENCES @extschema@.flow_state (flow, state)
);
-- an appeal step is named by its action (the function that takes it)
CREATE UNIQUE INDEX flow_step_appeal_action_key ON @extschema@.flow_step (flow, from_state, step)
    WHERE flow IN ('result', 'decision');
COMMENT ON TABLE @extschema@.flow_step IS
'every step of the four workflows (reward, penalty; the appeal paths result and decision): from_state (NULL: the creating step of a reward or penalty) --step--> to_state, who takes it (actor_kind, enforced by require_step_role) and the rule; the guards refuse any other change of state (55000); extension definition: read-only, not dumped (the views decision_step, appeal_flow and workflow_step read it)';
COMMENT ON COLUMN @extschema@.flow_step.flow IS 'reward, penalty, result or decision (flow_state.flow)';
COMMENT ON COLUMN @extschema@.flow_step.from_state IS 'the state the step leaves, NULL for the creating step of a reward or penalty (nominate, propose)';
COMMENT ON COLUMN @extschema@.flow_step.step IS 'the step: nominate, review, approve, announce, propose, revoke (rewards and penalties); the appeal action (the appeal_* function that takes it)';
COMMENT ON COLUMN @extschema@.flow_step.to_state IS 'the state the step enters';
COMMENT ON COLUMN @extschema@.flow_step.actor_kind IS 'who takes the step: HR (also the review panel), departments (the result review, coordinated by HR), leadership, manager (of the agent''s or team''s team), appellant (the agent itself), appeal (only an upheld appeal revokes); H-6.3, H-8, H-9.1';
COMMENT ON COLUMN @extschema@.flow_step.rule_id IS 'the handbook rule that names the step and who takes it (H-...; NULL for the appellant''s withdrawal)';

INSERT INTO @extschema@.flow_step (flow, from_state, step, to_state, actor_kind, rule_id) VALUES
 ('reward',  NULL,        'nominate', 'nominated', 'manager',    'H-6.3.1'),
 ('reward',  'nominated', 'review',   'reviewed',  'HR',         'H-6.3.1'),
 ('reward',  'nominated', 'review',   'rejected',  'HR',         'H-6.3.1'),
 ('reward',  'reviewed',  'approve',  'approved',  'leadership', 'H-6.3.1'),
 ('reward',  'reviewed',  'approve',  'rejected',  'leadership', 'H-6.3.1'),
 ('reward',  'approved',  'announce', 'announced', 'manager',    'H-6.3.2'),
 ('reward',  'announced', 'revoke',   'revoked',   'appeal',     'H-6.3.3'),
 ('penalty', NULL,        'propose',  'proposed',  'manager',    'H-6.3.1'),
 ('penalty', 'proposed',  'approve',  'approved',  'leadership', 'H-6.3.1'),
 ('penalty', 'proposed',  'approve',  'rejected',  'leadership', 'H-6.3.1'),
 ('penalty', 'approved',  'announce', 'announced', 'manager',    'H-6.3.2'),
 ('penalty', 'announced', 'revoke',   'revoked',   'appeal',     'H-6.3.3'),
 ('result', 'filed',             'acknowledge', 'acknowledged',      'HR',          'H-8.1.3'),
 ('result', 'filed',             'withdraw',    'withdrawn',         'appellant',   NULL),
 ('result', 'acknowledged',      'accept',      'under_review',      'HR',          'H-8.2.1'),
 ('result', 'acknowledged',      'reject',      'handled',           'HR',          'H-8.2.1'),
 ('result', 'acknowledged',      'withdraw',    'withdrawn',         'appellant',   NULL),
 ('result', 'under_review',      'decide',      'reviewed',          'departments', 'H-8.2.2'),
 ('result', 'under_review',      'withdraw',    'withdrawn',         'appellant',   NULL),
 ('result', 'reviewed',          'notify',      'notified',          'HR',          'H-8.2.4'),
 ('result', 'notified',          'reappeal',    'leadership_review', 'appellant',   'H-8.2.5'),
 ('result', 'notified',          'conclude',    'handled',           'HR',          'H-8.2.5'),
 ('result', 'leadership_review', 'decide',      'handled',           'leadership',  'H-8.2.5'),
 ('result', 'handled',           'feedback',    'closed',            'HR',          'H-8.3.2'),
 ('decision', 'filed',             'answer',   'closed',            'manager',    'H-6.3.3'),
 ('decision', 'filed',             'escalate', 'leadership_review', 'manager',    'H-6.3.3'),
 ('decision', 'filed',             'withdraw', 'withdrawn',         'appellant',  NULL),
 ('decision', 'leadership_review', 'decide',   'closed',            'leadership', 'H-6.3.3');

-- The flows are part of the extension's definition, not configuration: the
-- steps, who takes them and the time limits are the handbook's (H-6.3,
-- H-8), and a DBA must not edit them (a changed step would silently change
-- what every reward, penalty and appeal may do, and who may take it, and
-- pg_dump would lose the change).  So they are NOT registered with
-- pg_extension_config_dump (CREATE EXTENSION recreates them on restore) and
-- a statement trigger refuses every INSERT, UPDATE, DELETE and TRUNCATE,
-- also through the views over them; the open settings are in appeal_policy.
CREATE FUNCTION @extschema@.flow_definition_guard()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION '%.% is part of the perfeval definition and cannot be changed', TG_TABLE_SCHEMA, TG_TABLE_NAME
        USING ERRCODE = 'object_not_in_prerequisite_state',
              DETAIL = pg_catalog.format('%s on %s.%s: the workflows of rewards, penalties and appeals and who takes each step follow the handbook (H-6.3, H-8) and ship with the extension.',
                                         TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME),
              HINT = 'Change the open settings (calendar, filing, eligibility and leadership days) in perfeval.appeal_policy.';
END
$$;
COMMENT ON FUNCTION @extschema@.flow_definition_guard() IS
'trigger: the workflow definitions flow_state and flow_step (and so the views appeal_state, appeal_flow, decision_step, workflow_step) are read-only (55000); they are not dumped, CREATE EXTENSION recreates them (H-6.3, H-8)';
-- (the seed rows above are in; from here on they are read-only)
CREATE TRIGGER flow_state_guard BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.flow_state
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.flow_definition_guard();
COMMENT ON TRIGGER flow_state_guard ON @extschema@.flow_state IS
'the states of the workflows are extension definitions: every change is refused (55000)';
CREATE TRIGGER flow_step_guard BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.flow_step
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.flow_definition_guard();
COMMENT ON TRIGGER flow_step_guard ON @extschema@.flow_step IS
'the steps of the workflows and who takes them are extension definitions: every change is refused (55000)';

-- The views of the flows, as their readers knew them (simple views: a
-- write through them reaches the guarded table and is refused, 55000).
CREATE VIEW @extschema@.appeal_state WITH (security_invoker = true) AS
SELECT s.flow AS path, s.state, s.terminal, s.days, s.setting, s.rule_id, s.description
FROM @extschema@.flow_state AS s
WHERE s.flow IN ('result', 'decision');
COMMENT ON VIEW @extschema@.appeal_state IS
'the states of the two appeal paths (result: H-8; decision: H-6.3.3) with the working days within which each must be left (days, or the appeal_policy setting named) and the rule that sets the limit (flow_state)';
COMMENT ON COLUMN @extschema@.appeal_state.path IS 'result (an appeal against an evaluation result, H-8) or decision (against a reward or penalty, H-6.3.3)';
COMMENT ON COLUMN @extschema@.appeal_state.state IS 'the state''s name';
COMMENT ON COLUMN @extschema@.appeal_state.terminal IS 'true for a final state (no step leaves it)';
COMMENT ON COLUMN @extschema@.appeal_state.days IS 'working days within which the state must be left; NULL when the appeal_policy setting named in setting gives them, or without a limit';
COMMENT ON COLUMN @extschema@.appeal_state.setting IS 'the appeal_policy setting that gives the days, when they are configurable';
COMMENT ON COLUMN @extschema@.appeal_state.rule_id IS 'the handbook rule of the state''s time limit (H-...)';
COMMENT ON COLUMN @extschema@.appeal_state.description IS 'what happens in this state, who acts next (shown as next_step in appeal_open)';

CREATE VIEW @extschema@.appeal_flow WITH (security_invoker = true) AS
SELECT f.flow AS path, f.from_state, f.step AS action, f.to_state, f.actor_kind, f.rule_id
FROM @extschema@.flow_step AS f
WHERE f.flow IN ('result', 'decision');
COMMENT ON VIEW @extschema@.appeal_flow IS
'the allowed steps of the two appeal paths: from_state --action--> to_state, who takes it and the rule (flow_step); any other change of state raises 55000';
COMMENT ON COLUMN @extschema@.appeal_flow.path IS 'result or decision: the appeal path (appeal_state.path)';
COMMENT ON COLUMN @extschema@.appeal_flow.from_state IS 'the state the step leaves';
COMMENT ON COLUMN @extschema@.appeal_flow.action IS 'the step (the function that takes it)';
COMMENT ON COLUMN @extschema@.appeal_flow.to_state IS 'the state the step enters';
COMMENT ON COLUMN @extschema@.appeal_flow.actor_kind IS 'who takes the step: appellant, manager, HR, departments (HR) or leadership (H-8.1-8.3, H-9.1)';
COMMENT ON COLUMN @extschema@.appeal_flow.rule_id IS 'the handbook rule of the step (H-...)';

CREATE VIEW @extschema@.decision_step WITH (security_invoker = true) AS
SELECT f.flow, f.from_state, f.to_state, f.step, f.actor_kind, f.rule_id
FROM @extschema@.flow_step AS f
WHERE f.flow IN ('reward', 'penalty');
COMMENT ON VIEW @extschema@.decision_step IS
'the steps of the reward and penalty flows: from_state (NULL: creation) -> to_state, the step''s name, who takes it (actor_kind) and the rule (flow_step); the guards refuse any other change (55000) and the step functions any other actor (42501)';
COMMENT ON COLUMN @extschema@.decision_step.flow IS 'reward or penalty: the workflow the step belongs to';
COMMENT ON COLUMN @extschema@.decision_step.from_state IS 'the state the step leaves, NULL for the first step (nominate, propose)';
COMMENT ON COLUMN @extschema@.decision_step.to_state IS 'the state the step enters';
COMMENT ON COLUMN @extschema@.decision_step.step IS 'the step: nominate, review, approve, announce (reward), propose, approve, announce (penalty), revoke (by an upheld appeal)';
COMMENT ON COLUMN @extschema@.decision_step.actor_kind IS 'HR (the review panel), leadership, manager (of the agent''s or team''s team), appeal (an upheld appeal revokes)';
COMMENT ON COLUMN @extschema@.decision_step.rule_id IS 'the handbook rule that says who takes the step (H-...)';

-- workflow_step: the steps of all four flows in one list, the appeal paths
-- named appeal_result and appeal_decision (issue 9; H-6.3, H-8).
CREATE VIEW @extschema@.workflow_step WITH (security_invoker = true) AS
SELECT CASE WHEN f.flow IN ('result', 'decision') THEN 'appeal_' OPERATOR(pg_catalog.||) f.flow ELSE f.flow END AS flow,
       f.from_state, f.step, f.to_state, f.actor_kind, f.rule_id
FROM @extschema@.flow_step AS f;
COMMENT ON VIEW @extschema@.workflow_step IS
'every step of the reward, penalty and appeal flows with who takes it (flow_step, the one table the guards and require_step_role read), H-6.3, H-8, H-9.1';
COMMENT ON COLUMN @extschema@.workflow_step.flow IS 'reward, penalty, appeal_result or appeal_decision';
COMMENT ON COLUMN @extschema@.workflow_step.from_state IS 'the state the step starts from (NULL: the creating step of a reward or penalty)';
COMMENT ON COLUMN @extschema@.workflow_step.step IS 'the step (nominate, review, approve, announce, revoke, propose; the appeal actions)';
COMMENT ON COLUMN @extschema@.workflow_step.to_state IS 'the state the step leads to';
COMMENT ON COLUMN @extschema@.workflow_step.actor_kind IS 'who takes it: HR, departments (HR), leadership, manager, appellant, appeal (an upheld appeal)';
COMMENT ON COLUMN @extschema@.workflow_step.rule_id IS 'the handbook rule';

GRANT SELECT ON @extschema@.flow_state, @extschema@.flow_step, @extschema@.appeal_state, @extschema@.appeal_flow TO PUBLIC;

-- require_step_role(what, flow, from_state, to_state, agent, team): the
-- step from_state -> to_state of the flow (from_state NULL: the creating
-- step) is looked up in flow_step; 42501 unless the session may take it;
-- nobody but the agent itself takes a step about its own case except the
-- appellant's.  Returns the step's actor_kind, NULL when the flow has no
-- such step (the guards raise 55000 for it).
CREATE FUNCTION @extschema@.require_step_role(what text, flow text, from_state text, to_state text,
                                              agent_id integer, team_id integer)
RETURNS text
LANGUAGE plpgsql
VOLATILE   -- reads the call stack
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    s perfeval.flow_step;
BEGIN
    SELECT * INTO s FROM perfeval.flow_step AS x
    WHERE x.flow OPERATOR(pg_catalog.=) require_step_role.flow
      AND x.from_state IS NOT DISTINCT FROM require_step_role.from_state
      AND x.to_state OPERATOR(pg_catalog.=) require_step_role.to_state;
    IF NOT FOUND OR perfeval.is_superuser() THEN
        RETURN s.actor_kind;
    END IF;
    -- a revocation is made only by an upheld appeal (appeal_consequence, itself internal)
    IF s.actor_kind OPERATOR(pg_catalog.=) 'appeal' AND EXISTS (
           SELECT FROM pg_catalog.generate_series(3, 12) AS g(k)
           WHERE pg_catalog.starts_with(perfeval.stack_function(g.k), 'PL/pgSQL function perfeval.appeal_consequence(')) THEN
        RETURN s.actor_kind;
    END IF;
    IF NOT perfeval.may_act(s.actor_kind, agent_id, team_id) THEN
        RAISE EXCEPTION 'permission denied: % of % is a step for %', s.step, what,
                        CASE s.actor_kind WHEN 'appellant' THEN 'the agent concerned' WHEN 'manager' THEN 'the manager of the team'
                                          WHEN 'departments' THEN 'HR' WHEN 'appeal' THEN 'an upheld appeal' ELSE s.actor_kind END
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = pg_catalog.format('Role %s may not take it (H-6.3, H-8, H-9.1).', CURRENT_USER),
                  HINT = 'perfeval.appeal_flow and perfeval.decision_step name who takes each step.';
    END IF;
    IF s.actor_kind OPERATOR(pg_catalog.<>) 'appellant'
       AND agent_id IN (SELECT o.id FROM perfeval.own_agent_ids() AS o(id)) THEN
        RAISE EXCEPTION 'permission denied: nobody takes the % step of % about their own case', s.step, what
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = pg_catalog.format('Role %s is the agent concerned.', CURRENT_USER),
                  HINT = 'Another member of the role that takes the step must take it.';
    END IF;
    RETURN s.actor_kind;
END
$$;
COMMENT ON FUNCTION @extschema@.require_step_role(text, text, text, text, integer, integer) IS
'internal: looks the step from_state -> to_state of the flow up in flow_step and raises 42501 unless the current user is of its actor_kind for the agent or team concerned (may_act), and not the agent itself for a step that is not the appellant''s (H-6.3, H-8, H-9.1); superusers exempt; returns the actor_kind (NULL: no such step)';


-- decision_steps_from(flow, state): the allowed next states, 'a, b'.
CREATE FUNCTION @extschema@.decision_steps_from(flow text, state text)
RETURNS text
LANGUAGE sql
STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT coalesce(pg_catalog.string_agg(s.to_state, ', ' ORDER BY s.to_state IN ('rejected', 'revoked'), s.to_state), '')
    FROM perfeval.flow_step AS s
    WHERE s.flow OPERATOR(pg_catalog.=) $1 AND s.from_state OPERATOR(pg_catalog.=) $2
$$;
COMMENT ON FUNCTION @extschema@.decision_steps_from(text, text) IS
'the states a reward or penalty may move to from state, as "a, b" (empty for a final state), from flow_step';

-- decision_step_check(flow, from, to, agent, team, actor): the step exists
-- and the session may take it.
-- require_flow_step(flow, id, from_state, step, to_state): 55000 unless
-- the step named leads from the row's state to to_state (flow_step), so a
-- step function takes only its own step: a second panel review of a
-- reviewed reward is not leadership's rejection (H-6.3.1).
CREATE FUNCTION @extschema@.require_flow_step(flow text, id integer, from_state text, step text, to_state text)
RETURNS void
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    allowed text;
BEGIN
    IF NOT EXISTS (SELECT FROM perfeval.flow_step AS s
                   WHERE s.flow OPERATOR(pg_catalog.=) require_flow_step.flow
                     AND s.from_state OPERATOR(pg_catalog.=) require_flow_step.from_state
                     AND s.step OPERATOR(pg_catalog.=) require_flow_step.step
                     AND s.to_state OPERATOR(pg_catalog.=) require_flow_step.to_state) THEN
        allowed := NULLIF(perfeval.decision_steps_from(flow, from_state), '');
        RAISE EXCEPTION '% % cannot take the step % (%) from %', flow, id, step, to_state, from_state
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('The %s is %s.', flow, from_state),
                  HINT = CASE WHEN allowed IS NULL THEN 'No further step is allowed.'
                              ELSE pg_catalog.format('Allowed next steps: %s.', allowed) END;
    END IF;
END
$$;
COMMENT ON FUNCTION @extschema@.require_flow_step(text, integer, text, text, text) IS
'internal: 55000 unless flow_step has the step from from_state to to_state, so each step function takes only its own step (H-6.3.1-3)';

-- serialization_retry(what, id): the 40001 of a step whose row lock meets a
-- concurrent change under REPEATABLE READ or SERIALIZABLE, with the hint to
-- retry that PostgreSQL's own error lacks (issue 10).
CREATE FUNCTION @extschema@.serialization_retry(what text, id integer)
RETURNS void
LANGUAGE plpgsql
IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION '% % was changed by a concurrent transaction', what, id
        USING ERRCODE = 'serialization_failure',
              DETAIL = 'This transaction''s snapshot does not see that change.',
              HINT = 'Retry the transaction.';
END
$$;
COMMENT ON FUNCTION @extschema@.serialization_retry(text, integer) IS
'internal: raises 40001 with a hint to retry, for a step whose row was changed by a transaction its snapshot does not see';

CREATE FUNCTION @extschema@.decision_step_check(flow text, from_state text, to_state text, agent_id integer,
                                                team_id integer, actor name)
RETURNS void
LANGUAGE plpgsql
VOLATILE   -- reads the call stack
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM perfeval.check_actor(actor);
    -- an unknown step is the guard's 55000 (require_step_role returns NULL for it)
    PERFORM perfeval.require_step_role(flow, flow, from_state, to_state, agent_id, team_id);
END
$$;
COMMENT ON FUNCTION @extschema@.decision_step_check(text, text, text, integer, integer, name) IS
'internal: 42501 unless actor is the session''s role and the session may take the reward or penalty step from_state -> to_state (flow_step.actor_kind, require_step_role; H-6.3.1-3)';
