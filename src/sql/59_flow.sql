/* src/sql/59_flow.sql — who may take a workflow step (H-6.3.1-3, H-8.1-8.3, H-9.1; issue 9) */

-- The rule of who takes which step lives in data: decision_step (rewards
-- and penalties, below) and appeal_flow (62_appeal.sql) both name for each
-- step an actor_kind, and one function, require_step_role, decides whether
-- the session's role is of that kind for the person concerned.  The actor
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

-- require_step_role(what, step, kind, agent, team): 42501 unless the
-- session may take the step; nobody but the agent itself takes a step
-- about its own case except the appellant's.
CREATE FUNCTION @extschema@.require_step_role(what text, step text, kind text, agent_id integer, team_id integer)
RETURNS void
LANGUAGE plpgsql
VOLATILE   -- reads the call stack
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF perfeval.is_superuser() THEN
        RETURN;
    END IF;
    -- a revocation is made only by an upheld appeal (appeal_consequence, itself internal)
    IF kind OPERATOR(pg_catalog.=) 'appeal' AND EXISTS (
           SELECT FROM pg_catalog.generate_series(3, 12) AS g(k)
           WHERE pg_catalog.starts_with(perfeval.stack_function(g.k), 'PL/pgSQL function perfeval.appeal_consequence(')) THEN
        RETURN;
    END IF;
    IF NOT perfeval.may_act(kind, agent_id, team_id) THEN
        RAISE EXCEPTION 'permission denied: % of % is a step for %', step, what,
                        CASE kind WHEN 'appellant' THEN 'the agent concerned' WHEN 'manager' THEN 'the manager of the team'
                                  WHEN 'departments' THEN 'HR' WHEN 'appeal' THEN 'an upheld appeal' ELSE kind END
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = pg_catalog.format('Role %s may not take it (H-6.3, H-8, H-9.1).', CURRENT_USER),
                  HINT = 'perfeval.appeal_flow and perfeval.decision_step name who takes each step.';
    END IF;
    IF kind OPERATOR(pg_catalog.<>) 'appellant'
       AND agent_id IN (SELECT o.id FROM perfeval.own_agent_ids() AS o(id)) THEN
        RAISE EXCEPTION 'permission denied: nobody takes the % step of % about their own case', step, what
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = pg_catalog.format('Role %s is the agent concerned.', CURRENT_USER),
                  HINT = 'Another member of the role that takes the step must take it.';
    END IF;
END
$$;
COMMENT ON FUNCTION @extschema@.require_step_role(text, text, text, integer, integer) IS
'internal: 42501 unless the current user is of the step''s actor kind for the agent or team concerned (may_act), and not the agent itself for a step that is not the appellant''s (H-6.3, H-8, H-9.1); superusers exempt';

-- The flows of rewards and penalties (H-6.3.1-2; their revocation by an
-- upheld appeal, H-6.3.3): from_state NULL is the creating step.
CREATE TABLE @extschema@.decision_step (
    flow        text NOT NULL CHECK (flow IN ('reward', 'penalty')),
    from_state  text,
    to_state    text NOT NULL,
    step        text NOT NULL,
    actor_kind  text NOT NULL CHECK (actor_kind IN ('HR', 'leadership', 'manager', 'appeal')),
    rule_id     text NOT NULL,
    UNIQUE (flow, from_state, to_state)
);
COMMENT ON TABLE @extschema@.decision_step IS
'the steps of the reward and penalty flows: from_state (NULL: creation) -> to_state, the step''s name, who takes it (actor_kind) and the rule; the guards refuse any other change (55000) and the step functions any other actor (42501); extension definition: read-only, not dumped';
COMMENT ON COLUMN @extschema@.decision_step.actor_kind IS 'HR (the review panel), leadership, manager (of the agent''s or team''s team), appeal (an upheld appeal revokes)';
COMMENT ON COLUMN @extschema@.decision_step.flow IS 'reward or penalty: the workflow the step belongs to';
COMMENT ON COLUMN @extschema@.decision_step.from_state IS 'the state the step leaves, NULL for the first step (nominate, propose)';
COMMENT ON COLUMN @extschema@.decision_step.to_state IS 'the state the step enters';
COMMENT ON COLUMN @extschema@.decision_step.step IS 'the step: nominate, review, approve, announce (reward), propose, approve, announce (penalty), revoke (by an upheld appeal)';
COMMENT ON COLUMN @extschema@.decision_step.rule_id IS 'the handbook rule that says who takes the step (H-...)';
INSERT INTO @extschema@.decision_step (flow, from_state, to_state, step, actor_kind, rule_id) VALUES
 ('reward',  NULL,        'nominated', 'nominate', 'manager',    'H-6.3.1'),
 ('reward',  'nominated', 'reviewed',  'review',   'HR',         'H-6.3.1'),
 ('reward',  'nominated', 'rejected',  'review',   'HR',         'H-6.3.1'),
 ('reward',  'reviewed',  'approved',  'approve',  'leadership', 'H-6.3.1'),
 ('reward',  'reviewed',  'rejected',  'approve',  'leadership', 'H-6.3.1'),
 ('reward',  'approved',  'announced', 'announce', 'manager',    'H-6.3.2'),
 ('reward',  'announced', 'revoked',   'revoke',   'appeal',     'H-6.3.3'),
 ('penalty', NULL,        'proposed',  'propose',  'manager',    'H-6.3.1'),
 ('penalty', 'proposed',  'approved',  'approve',  'leadership', 'H-6.3.1'),
 ('penalty', 'proposed',  'rejected',  'approve',  'leadership', 'H-6.3.1'),
 ('penalty', 'approved',  'announced', 'announce', 'manager',    'H-6.3.2'),
 ('penalty', 'announced', 'revoked',   'revoke',   'appeal',     'H-6.3.3');

-- decision_steps_from(flow, state): the allowed next states, 'a, b'.
CREATE FUNCTION @extschema@.decision_steps_from(flow text, state text)
RETURNS text
LANGUAGE sql
STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT coalesce(pg_catalog.string_agg(s.to_state, ', ' ORDER BY s.to_state IN ('rejected', 'revoked'), s.to_state), '')
    FROM perfeval.decision_step AS s
    WHERE s.flow OPERATOR(pg_catalog.=) $1 AND s.from_state OPERATOR(pg_catalog.=) $2
$$;
COMMENT ON FUNCTION @extschema@.decision_steps_from(text, text) IS
'the states a reward or penalty may move to from state, as "a, b" (empty for a final state), from decision_step';

-- decision_step_check(flow, from, to, agent, team, actor): the step exists
-- and the session may take it.
CREATE FUNCTION @extschema@.decision_step_check(flow text, from_state text, to_state text, agent_id integer,
                                                team_id integer, actor name)
RETURNS void
LANGUAGE plpgsql
VOLATILE   -- reads the call stack
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    s perfeval.decision_step;
BEGIN
    PERFORM perfeval.check_actor(actor);
    SELECT * INTO s FROM perfeval.decision_step AS x
    WHERE x.flow OPERATOR(pg_catalog.=) $1 AND x.from_state IS NOT DISTINCT FROM $2 AND x.to_state OPERATOR(pg_catalog.=) $3;
    IF FOUND THEN    -- an unknown step is the guard's 55000
        PERFORM perfeval.require_step_role(flow, s.step, s.actor_kind, agent_id, team_id);
    END IF;
END
$$;
COMMENT ON FUNCTION @extschema@.decision_step_check(text, text, text, integer, integer, name) IS
'internal: 42501 unless actor is the session''s role and the session may take the reward or penalty step from_state -> to_state (decision_step.actor_kind, require_step_role; H-6.3.1-3)';

-- decision_step is the extension's definition: a statement trigger keeps it read-only.
CREATE FUNCTION @extschema@.decision_step_read_only()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION 'perfeval.decision_step is part of the extension and cannot be changed'
        USING ERRCODE = 'object_not_in_prerequisite_state',
              HINT = 'The steps and their roles are the handbook''s (H-6.3).';
END
$$;
COMMENT ON FUNCTION @extschema@.decision_step_read_only() IS 'trigger: decision_step is read-only (55000)';
-- (the seed rows above are in; from here on it is read-only)
CREATE TRIGGER decision_step_read_only BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.decision_step
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.decision_step_read_only();
COMMENT ON TRIGGER decision_step_read_only ON @extschema@.decision_step IS 'decision_step is read-only (55000)';
