/* src/sql/60_reward.sql — rewards, their approval flow and bonus pools (H-3.3.1, H-6.1, H-6.3.1-2) */

-- ---------------------------------------------------------------------------
-- Rewards (H-6.1.1 kinds, H-6.1.2 forms) and their flow (H-6.3.1-2):
--   nominated (department manager) -> reviewed (review panel)
--   -> approved (leadership) -> announced (department manager);
--   the panel or leadership may reject; an upheld appeal (H-6.3.3) revokes
--   an announced reward.  Every step records who and when.
-- ---------------------------------------------------------------------------

CREATE TABLE @extschema@.reward (
    id             serial PRIMARY KEY,
    kind           text NOT NULL CHECK (kind IN ('monthly_excellent', 'quarterly_contribution', 'annual_bonus', 'promotion_priority')),
    form           text NOT NULL CHECK (form IN ('cash', 'goods', 'certificate')),
    amount         numeric(14,2) CHECK (amount OPERATOR(pg_catalog.>=) 0 AND amount OPERATOR(pg_catalog.<) 1e12),
    agent_id       integer REFERENCES @extschema@.agent (id),
    team_id        integer REFERENCES @extschema@.team (id),
    period_id      integer NOT NULL REFERENCES @extschema@.period (id),
    result_id      integer REFERENCES @extschema@.result (id),
    reason         text NOT NULL CHECK (reason OPERATOR(pg_catalog.<>) ''),
    state          text NOT NULL DEFAULT 'nominated'
                   CHECK (state IN ('nominated', 'reviewed', 'approved', 'announced', 'rejected', 'revoked')),
    nominated_by   name NOT NULL DEFAULT CURRENT_USER,
    nominated_at   timestamptz NOT NULL DEFAULT pg_catalog.now(),
    reviewed_by    name,
    reviewed_at    timestamptz,
    approved_by    name,
    approved_at    timestamptz,
    announced_by   name,
    announced_at   timestamptz,
    closed_by      name,
    closed_at      timestamptz,
    note           text,
    -- an award goes to one agent, or (quarterly contribution only) to a team (H-6.1.1 (2))
    CONSTRAINT reward_one_recipient CHECK ((agent_id IS NULL) OPERATOR(pg_catalog.<>) (team_id IS NULL)),
    CONSTRAINT reward_team_kind CHECK (team_id IS NULL OR kind OPERATOR(pg_catalog.=) 'quarterly_contribution'),
    CONSTRAINT reward_team_no_result CHECK (team_id IS NULL OR result_id IS NULL),
    -- cash and goods have a value; a certificate has none (H-6.1.2)
    CONSTRAINT reward_amount_form CHECK (CASE form WHEN 'certificate' THEN amount IS NULL ELSE coalesce(amount OPERATOR(pg_catalog.>) 0, false) END),
    CONSTRAINT reward_steps_recorded CHECK (
        (state NOT IN ('reviewed', 'approved', 'announced') OR reviewed_at IS NOT NULL)
        AND (state NOT IN ('approved', 'announced') OR approved_at IS NOT NULL)
        AND (state OPERATOR(pg_catalog.<>) 'announced' OR announced_at IS NOT NULL)
        AND (state NOT IN ('rejected', 'revoked') OR closed_at IS NOT NULL))
);
CREATE INDEX reward_agent_id_idx ON @extschema@.reward (agent_id);
CREATE INDEX reward_team_id_idx ON @extschema@.reward (team_id);
CREATE INDEX reward_period_id_idx ON @extschema@.reward (period_id);
COMMENT ON TABLE @extschema@.reward IS
'a reward (H-6.1.1: monthly_excellent, quarterly_contribution to an agent or a team, annual_bonus, promotion_priority; H-6.1.2 forms cash, goods, certificate) with its flow nominated -> reviewed -> approved -> announced, who and when at each step (H-6.3.1-2)';
COMMENT ON COLUMN @extschema@.reward.kind IS 'monthly_excellent (a month period), quarterly_contribution (a quarter; agent or team), annual_bonus (a year), promotion_priority (any period), H-6.1.1';
COMMENT ON COLUMN @extschema@.reward.form IS 'cash (added to pay), goods, certificate (honour, no amount), H-6.1.2';
COMMENT ON COLUMN @extschema@.reward.amount IS 'value in currency units for cash and goods; NULL for a certificate';
COMMENT ON COLUMN @extschema@.reward.agent_id IS 'the rewarded agent (NULL for a team award)';
COMMENT ON COLUMN @extschema@.reward.team_id IS 'the rewarded team (quarterly_contribution only, H-6.1.1 (2))';
COMMENT ON COLUMN @extschema@.reward.result_id IS 'the result revision the nomination rests on (H-6.3.1: performance data as the basis)';
COMMENT ON COLUMN @extschema@.reward.state IS 'nominated, reviewed (panel), approved (leadership), announced (manager; into the personal file), rejected, revoked (by an upheld appeal, H-6.3.3)';
COMMENT ON COLUMN @extschema@.reward.closed_by IS 'who rejected or revoked the reward';
COMMENT ON COLUMN @extschema@.reward.id IS 'surrogate key of the reward';
COMMENT ON COLUMN @extschema@.reward.period_id IS 'the period the reward is for (period.id)';
COMMENT ON COLUMN @extschema@.reward.reason IS 'why the reward is given';
COMMENT ON COLUMN @extschema@.reward.nominated_by IS 'the role that nominated it';
COMMENT ON COLUMN @extschema@.reward.nominated_at IS 'when it was nominated';
COMMENT ON COLUMN @extschema@.reward.reviewed_by IS 'the role that reviewed it (HR)';
COMMENT ON COLUMN @extschema@.reward.reviewed_at IS 'when it was reviewed';
COMMENT ON COLUMN @extschema@.reward.approved_by IS 'the role that approved it (leadership)';
COMMENT ON COLUMN @extschema@.reward.approved_at IS 'when it was approved';
COMMENT ON COLUMN @extschema@.reward.announced_by IS 'the role that announced it';
COMMENT ON COLUMN @extschema@.reward.announced_at IS 'when it was announced (the start of the decision-appeal window, H-6.3.3)';
COMMENT ON COLUMN @extschema@.reward.closed_at IS 'when it was rejected or revoked';
COMMENT ON COLUMN @extschema@.reward.note IS 'free-text remark';

-- decision_flow_error(what, id, from, to, allowed): the 55000 of an illegal step.
CREATE FUNCTION @extschema@.decision_flow_error(what text, id integer, from_state text, to_state text, allowed text)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION '% % cannot go from % to %', what, id, from_state, to_state
        USING ERRCODE = 'object_not_in_prerequisite_state',
              DETAIL = format('The %s is %s.', what, from_state),
              HINT = CASE WHEN allowed IS NULL OR allowed = '' THEN 'No further step is allowed.'
                          ELSE format('Allowed next steps: %s.', allowed) END;
END
$$;
COMMENT ON FUNCTION @extschema@.decision_flow_error(text, integer, text, text, text) IS
'raises the 55000 error of an illegal reward, penalty or appeal step, with a hint listing the allowed next steps';

-- reward_guard: the reward state machine, enforced on every UPDATE (direct
-- ones too); the recipient, kind, form, amount and basis are fixed once the
-- nomination is reviewed.  Deleting a reward past nomination is refused.
CREATE FUNCTION @extschema@.reward_guard()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    allowed text;
    -- the flow is data (flow_step, 59_flow.sql): the state the creating
    -- step enters, and the states no role but an upheld appeal leaves
    first   text := (SELECT s.to_state FROM perfeval.flow_step AS s WHERE s.flow = 'reward' AND s.from_state IS NULL);
    settled text[] := ARRAY(SELECT s.state FROM perfeval.flow_state AS s WHERE s.flow = 'reward' AND s.terminal
                            UNION SELECT f.from_state FROM perfeval.flow_step AS f WHERE f.flow = 'reward' AND f.actor_kind = 'appeal');
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.state <> first THEN
            RAISE EXCEPTION 'reward % is % and cannot be deleted', OLD.id, OLD.state
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      HINT = 'Reject or revoke it instead; decisions stay on record (H-6.3.2).';
        END IF;
        RETURN OLD;
    END IF;
    IF TG_OP = 'INSERT' THEN
        -- reward_nominate inserts nominations; other states come from a
        -- restore (pg_dump keeps rewards): the CHECKs hold the steps' record
        PERFORM perfeval.reward_check_basis(NEW.kind, NEW.period_id, NEW.agent_id, NEW.result_id);
        RETURN NEW;
    END IF;
    allowed := perfeval.decision_steps_from('reward', OLD.state);   -- the flow is data (59_flow.sql)
    IF NEW.state IS DISTINCT FROM OLD.state
       AND NOT NEW.state = ANY (string_to_array(allowed, ', ')) THEN
        PERFORM perfeval.decision_flow_error('reward', OLD.id, OLD.state, NEW.state, allowed);
    END IF;
    IF OLD.state <> first
       AND (NEW.kind, NEW.form, NEW.amount, NEW.agent_id, NEW.team_id, NEW.period_id, NEW.result_id, NEW.reason,
            NEW.nominated_by, NEW.nominated_at)
           IS DISTINCT FROM
           (OLD.kind, OLD.form, OLD.amount, OLD.agent_id, OLD.team_id, OLD.period_id, OLD.result_id, OLD.reason,
            OLD.nominated_by, OLD.nominated_at) THEN
        RAISE EXCEPTION 'reward % is % and its content cannot be changed', OLD.id, OLD.state
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Reject it and nominate again.';
    END IF;
    IF NEW.state = OLD.state AND OLD.state = ANY (settled) AND NEW IS DISTINCT FROM OLD THEN
        RAISE EXCEPTION 'reward % is % and cannot be changed', OLD.id, OLD.state
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = CASE OLD.state WHEN 'announced' THEN 'Allowed next steps: revoked (an upheld appeal, H-6.3.3).'
                                        ELSE 'No further step is allowed.' END;
    END IF;
    IF (NEW.reviewed_by, NEW.reviewed_at, NEW.approved_by, NEW.approved_at, NEW.announced_by, NEW.announced_at)
       IS DISTINCT FROM (OLD.reviewed_by, OLD.reviewed_at, OLD.approved_by, OLD.approved_at, OLD.announced_by, OLD.announced_at)
       AND NEW.state = OLD.state THEN
        RAISE EXCEPTION 'the steps of reward % change only with its state', OLD.id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Use perfeval.reward_review(), reward_approve() and reward_announce().';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION @extschema@.reward_guard() IS
'trigger: a reward moves along flow_step (nominated -> reviewed -> approved -> announced (-> revoked), or to rejected from nominated or reviewed); other steps raise 55000 listing the allowed ones; its content is fixed after the first state and nothing changes in a final state or one only an appeal leaves (H-6.3.1-2)';

-- reward_check_basis(kind, period, agent, result): the period kind fits the
-- reward kind (H-6.1.1) and the result, if given, is the agent's in it.
CREATE FUNCTION @extschema@.reward_check_basis(kind text, period_id integer, agent_id integer, result_id integer)
RETURNS void
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    pkind text;
    need  text := CASE reward_check_basis.kind WHEN 'monthly_excellent' THEN 'month'
                                               WHEN 'quarterly_contribution' THEN 'quarter'
                                               WHEN 'annual_bonus' THEN 'year' END;
BEGIN
    SELECT p.kind INTO pkind FROM perfeval.period AS p WHERE p.id = reward_check_basis.period_id;
    IF need IS NOT NULL AND pkind IS DISTINCT FROM need THEN
        RAISE EXCEPTION 'a % reward rests on a % period, not a %', reward_check_basis.kind, need, pkind
            USING ERRCODE = 'check_violation',
                  HINT = format('Pass the id of a %s period (perfeval.period_of(%L, day)), H-6.1.1.', need, need);
    END IF;
    IF reward_check_basis.result_id IS NOT NULL
       AND NOT EXISTS (SELECT FROM perfeval.result AS r
                       WHERE r.id = reward_check_basis.result_id
                         AND r.period_id = reward_check_basis.period_id
                         AND r.agent_id IS NOT DISTINCT FROM reward_check_basis.agent_id) THEN
        RAISE EXCEPTION 'result % is not the result of agent % in period %',
                        reward_check_basis.result_id, reward_check_basis.agent_id, reward_check_basis.period_id
            USING ERRCODE = 'check_violation',
                  HINT = 'Pass the agent''s result for the reward''s period, or NULL to use its current one.';
    END IF;
END
$$;
COMMENT ON FUNCTION @extschema@.reward_check_basis(text, integer, integer, integer) IS
'raises 23514 unless the period kind fits the reward kind (month, quarter, year; H-6.1.1) and the result belongs to the agent and period';

CREATE TRIGGER reward_guard BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.reward
    FOR EACH ROW EXECUTE FUNCTION @extschema@.reward_guard();
COMMENT ON TRIGGER reward_guard ON @extschema@.reward IS
'the reward flow nominated -> reviewed -> approved -> announced (-> revoked), fixed content after nomination, no deletion past it (H-6.3.1-2)';

-- reward_nominate(...): the department manager's nomination (H-6.3.1),
-- resting on the agent's current result of the period unless one is given.
CREATE FUNCTION @extschema@.reward_nominate(kind text, form text, amount numeric, period_id integer,
                                            agent_id integer DEFAULT NULL, team_id integer DEFAULT NULL,
                                            reason text DEFAULT NULL, result_id integer DEFAULT NULL,
                                            actor name DEFAULT CURRENT_USER, at timestamptz DEFAULT pg_catalog.now())
RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_variable
DECLARE
    rid   integer := result_id;
    newid integer;
BEGIN
    IF kind IS NULL OR form IS NULL OR period_id IS NULL OR reason IS NULL OR actor IS NULL OR at IS NULL THEN
        RAISE EXCEPTION 'kind, form, period_id, reason, actor and at must not be null'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'A nomination names the kind, form, period, the reason and who nominates (H-6.3.1).';
    END IF;
    IF NOT isfinite(at) OR at > now() THEN
        RAISE EXCEPTION 'the nomination time must be a finite time not in the future'
            USING ERRCODE = 'invalid_parameter_value', DETAIL = format('The time given is %s.', at);
    END IF;
    PERFORM perfeval.decision_step_check('reward', NULL, 'nominated', agent_id, team_id, actor);
    IF agent_id IS NOT NULL AND rid IS NULL THEN
        SELECT r.id INTO rid FROM perfeval.result AS r
        WHERE r.period_id = reward_nominate.period_id AND r.agent_id = reward_nominate.agent_id AND r.is_current;
    END IF;
    INSERT INTO perfeval.reward AS w (kind, form, amount, agent_id, team_id, period_id, result_id, reason,
                                         nominated_by, nominated_at)
    VALUES (kind, form, amount, agent_id, team_id, period_id, rid, reason, actor, at)
    RETURNING w.id INTO newid;
    RETURN newid;
END
$$;
COMMENT ON FUNCTION @extschema@.reward_nominate(text, text, numeric, integer, integer, integer, text, integer, name, timestamptz) IS
'nominates an agent or (quarterly_contribution) a team for a reward, resting on the agent''s current result of the period; returns the reward id (H-6.1, H-6.3.1)';

-- reward_step(reward, to_state, actor, at, note): one locked step of the flow.
CREATE FUNCTION @extschema@.reward_step(reward_id integer, step text, to_state text, actor name, at timestamptz, note text)
RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    w perfeval.reward;
BEGIN
    IF reward_id IS NULL OR actor IS NULL OR at IS NULL THEN
        RAISE EXCEPTION 'reward_id, actor and at must not be null'
            USING ERRCODE = 'null_value_not_allowed', HINT = 'Every step records who and when (H-6.3.1).';
    END IF;
    PERFORM perfeval.require_internal('reward_step');
    BEGIN
        SELECT * INTO w FROM perfeval.reward AS r WHERE r.id = reward_id FOR UPDATE;
    EXCEPTION WHEN serialization_failure THEN
        PERFORM perfeval.serialization_retry('reward', reward_id);
    END;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'reward % does not exist', reward_id
            USING ERRCODE = 'undefined_object', HINT = 'Nominate with perfeval.reward_nominate().';
    END IF;
    PERFORM perfeval.require_flow_step('reward', reward_id, w.state, reward_step.step, to_state);
    PERFORM perfeval.decision_step_check('reward', w.state, to_state, w.agent_id, w.team_id, actor);
    IF NOT isfinite(at) OR at > now()
       OR at < greatest(w.nominated_at, w.reviewed_at, w.approved_at, w.announced_at) THEN
        RAISE EXCEPTION 'the time of a step must be finite, not in the future and not before the previous step'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('The time given is %s; the previous step was at %s.', at,
                                  greatest(w.nominated_at, w.reviewed_at, w.approved_at, w.announced_at));
    END IF;
    UPDATE perfeval.reward AS r
    SET state = to_state,
        reviewed_by  = CASE WHEN to_state = 'reviewed' THEN actor ELSE r.reviewed_by END,
        reviewed_at  = CASE WHEN to_state = 'reviewed' THEN at ELSE r.reviewed_at END,
        approved_by  = CASE WHEN to_state = 'approved' THEN actor ELSE r.approved_by END,
        approved_at  = CASE WHEN to_state = 'approved' THEN at ELSE r.approved_at END,
        announced_by = CASE WHEN to_state = 'announced' THEN actor ELSE r.announced_by END,
        announced_at = CASE WHEN to_state = 'announced' THEN at ELSE r.announced_at END,
        closed_by    = CASE WHEN to_state IN ('rejected', 'revoked') THEN actor ELSE r.closed_by END,
        closed_at    = CASE WHEN to_state IN ('rejected', 'revoked') THEN at ELSE r.closed_at END,
        note         = coalesce(reward_step.note, r.note)
    WHERE r.id = reward_id;
    RETURN to_state;
END
$$;
COMMENT ON FUNCTION @extschema@.reward_step(integer, text, text, name, timestamptz, text) IS
'internal (42501 when called directly): takes the step named (flow_step, 55000 otherwise) moving a reward (locked FOR UPDATE; 40001 with a retry hint under REPEATABLE READ) to to_state recording who and when, if the session may take that step (decision_step, 42501); the trigger reward_guard refuses illegal steps (55000)';

CREATE FUNCTION @extschema@.reward_review(reward_id integer, passed boolean, note text DEFAULT NULL,
                                          actor name DEFAULT CURRENT_USER, at timestamptz DEFAULT pg_catalog.now())
RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$ BEGIN RETURN perfeval.reward_step(reward_id, 'review', CASE WHEN passed THEN 'reviewed' WHEN NOT passed THEN 'rejected' END, actor, at, note); END $$;
COMMENT ON FUNCTION @extschema@.reward_review(integer, boolean, text, name, timestamptz) IS
'the review panel passes (reviewed) or rejects a nomination (H-6.3.1); returns the new state';

CREATE FUNCTION @extschema@.reward_approve(reward_id integer, approved boolean, note text DEFAULT NULL,
                                           actor name DEFAULT CURRENT_USER, at timestamptz DEFAULT pg_catalog.now())
RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$ BEGIN RETURN perfeval.reward_step(reward_id, 'approve', CASE WHEN approved THEN 'approved' WHEN NOT approved THEN 'rejected' END, actor, at, note); END $$;
COMMENT ON FUNCTION @extschema@.reward_approve(integer, boolean, text, name, timestamptz) IS
'leadership approves or rejects a reviewed nomination (H-6.3.1); returns the new state';

CREATE FUNCTION @extschema@.reward_announce(reward_id integer, note text DEFAULT NULL,
                                            actor name DEFAULT CURRENT_USER, at timestamptz DEFAULT pg_catalog.now())
RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$ BEGIN RETURN perfeval.reward_step(reward_id, 'announce', 'announced', actor, at, note); END $$;
COMMENT ON FUNCTION @extschema@.reward_announce(integer, text, name, timestamptz) IS
'the department manager announces an approved reward: it enters the personal file and the 3-working-day appeal window opens (H-6.3.2, H-6.3.3); returns the new state';

-- ---------------------------------------------------------------------------
-- Bonus pools (H-3.3.1): a period's pool split across its agents by the
-- coefficient of their current grade, with perfeval.allocate (exact cents).
-- ---------------------------------------------------------------------------

-- The coefficients are those of perfeval.bonus_rule (45_consequence.sql),
-- the one table of bonus coefficients per scheme version and grade, which
-- also drives the view bonus_eligibility.  Seeded defaults on the default
-- version 1: excellent 1.5, good 1.2, medium 1.0, pass 0.5, fail not
-- eligible (the handbook gives no numbers, H-3.3.1).

-- bonus_coefficient_of(version, grade): the coefficient bonus_eligibility
-- shows for a result of that version and grade -- the version's own
-- bonus_rule row for the grade, else the row of the default version 1 (a
-- user row before a seeded one); an ineligible grade or one without any
-- row gets 0.
CREATE FUNCTION @extschema@.bonus_coefficient_of(scheme_version_id integer, grade @extschema@.grade)
RETURNS numeric
LANGUAGE sql
STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT coalesce(
        (SELECT CASE WHEN br.eligible THEN br.coefficient ELSE 0 END
         FROM @extschema@.bonus_rule AS br
         WHERE br.grade OPERATOR(pg_catalog.=) bonus_coefficient_of.grade
           AND br.scheme_version_id IN (bonus_coefficient_of.scheme_version_id, 1)
         ORDER BY br.scheme_version_id OPERATOR(pg_catalog.=) bonus_coefficient_of.scheme_version_id DESC, br.seeded
         LIMIT 1),
        0)::numeric(6,3);
END;
COMMENT ON FUNCTION @extschema@.bonus_coefficient_of(integer, @extschema@.grade) IS
'the bonus coefficient of a grade under a scheme version, from bonus_rule as the view bonus_eligibility reads it: the version''s own row, else that of the default version 1 (a user row before a seeded one); 0 when not eligible or without a row (H-3.3.1, H-5.3.2)';

CREATE TABLE @extschema@.bonus_pool (
    id            serial PRIMARY KEY,
    period_id     integer NOT NULL REFERENCES @extschema@.period (id),
    name          text NOT NULL DEFAULT 'bonus' CHECK (name OPERATOR(pg_catalog.<>) ''),
    amount        numeric NOT NULL CHECK (amount OPERATOR(pg_catalog.>=) 0 AND amount OPERATOR(pg_catalog.<) 1e12),
    scale         integer NOT NULL DEFAULT 2 CHECK (scale BETWEEN 0 AND 15),
    allocated_by  name NOT NULL DEFAULT CURRENT_USER,
    allocated_at  timestamptz NOT NULL DEFAULT pg_catalog.now(),
    note          text,
    UNIQUE (period_id, name)
);
COMMENT ON TABLE @extschema@.bonus_pool IS
'a bonus pool of a period, allocated across its agents by grade (H-3.3.1); its allocation is in bonus_allocation';
COMMENT ON COLUMN @extschema@.bonus_pool.id IS 'surrogate key of the pool';
COMMENT ON COLUMN @extschema@.bonus_pool.period_id IS 'the period whose results share the pool (period.id)';
COMMENT ON COLUMN @extschema@.bonus_pool.name IS 'the pool''s name, unique per period';
COMMENT ON COLUMN @extschema@.bonus_pool.amount IS 'the money to share out';
COMMENT ON COLUMN @extschema@.bonus_pool.scale IS 'decimal places of the amounts (2 = cents)';
COMMENT ON COLUMN @extschema@.bonus_pool.allocated_by IS 'the role that allocated the pool';
COMMENT ON COLUMN @extschema@.bonus_pool.allocated_at IS 'when the pool was allocated';
COMMENT ON COLUMN @extschema@.bonus_pool.note IS 'free-text remark';

CREATE TABLE @extschema@.bonus_allocation (
    pool_id      integer NOT NULL REFERENCES @extschema@.bonus_pool (id) ON DELETE CASCADE,
    agent_id     integer NOT NULL REFERENCES @extschema@.agent (id),
    result_id    integer NOT NULL REFERENCES @extschema@.result (id),
    grade        @extschema@.grade NOT NULL,
    coefficient  numeric NOT NULL,
    amount       numeric NOT NULL CHECK (amount OPERATOR(pg_catalog.>=) 0),
    PRIMARY KEY (pool_id, agent_id)
);
CREATE INDEX bonus_allocation_agent_id_idx ON @extschema@.bonus_allocation (agent_id);
COMMENT ON TABLE @extschema@.bonus_allocation IS
'each agent''s part of a bonus pool: the grade and coefficient it rests on and the amount; the amounts of a pool sum exactly to it (perfeval.allocate, H-3.3.1)';
COMMENT ON COLUMN @extschema@.bonus_allocation.pool_id IS 'the pool (bonus_pool.id)';
COMMENT ON COLUMN @extschema@.bonus_allocation.agent_id IS 'the agent receiving a share (agent.id)';
COMMENT ON COLUMN @extschema@.bonus_allocation.result_id IS 'the result revision the share is based on (result.id)';
COMMENT ON COLUMN @extschema@.bonus_allocation.grade IS 'the agent''s grade in that result';
COMMENT ON COLUMN @extschema@.bonus_allocation.coefficient IS 'the bonus coefficient of the grade (bonus_rule)';
COMMENT ON COLUMN @extschema@.bonus_allocation.amount IS 'the agent''s share: the pool split by coefficient, exact to the pool''s scale (H-3.3.1, H-6.1.1)';

-- allocate_bonus_pool(period, pool, scale, name, note): splits pool across
-- the graded current results of an approved period in proportion to the
-- bonus_rule coefficient of each grade under the result's scheme version
-- (bonus_coefficient_of, the same as bonus_eligibility shows), with
-- perfeval.allocate (largest remainder; a tie to the larger share, then the
-- earlier employee number), stores it and returns the pool id.
CREATE FUNCTION @extschema@.allocate_bonus_pool(period_id integer, pool numeric, scale integer DEFAULT 2,
                                                name text DEFAULT 'bonus', note text DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_variable
DECLARE
    st      text;
    ids     integer[];
    shares  numeric[];
    amounts numeric[];
    pid     integer;
BEGIN
    IF period_id IS NULL OR pool IS NULL OR scale IS NULL OR name IS NULL THEN
        RAISE EXCEPTION 'period_id, pool, scale and name must not be null'
            USING ERRCODE = 'null_value_not_allowed', HINT = 'Pass the period and the pool amount (H-3.3.1).';
    END IF;
    SELECT p.state INTO st FROM perfeval.period AS p WHERE p.id = allocate_bonus_pool.period_id FOR SHARE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'period % does not exist', period_id
            USING ERRCODE = 'undefined_object', HINT = 'Get period ids from perfeval.period_of(kind, day).';
    END IF;
    IF st <> 'approved' THEN
        RAISE EXCEPTION 'period % is %, not approved', period_id, st
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'Bonuses follow final results (H-3.2.7, H-3.3.1).',
                  HINT = format('Approve the period first: perfeval.approve(%s).', period_id);
    END IF;
    SELECT array_agg(r.id ORDER BY a.employee_no COLLATE "C"),
           array_agg(perfeval.bonus_coefficient_of(r.scheme_version_id, r.grade) ORDER BY a.employee_no COLLATE "C")
    INTO ids, shares
    FROM perfeval.result AS r
    JOIN perfeval.agent AS a ON a.id = r.agent_id
    WHERE r.period_id = allocate_bonus_pool.period_id AND r.is_current AND r.grade IS NOT NULL;
    IF ids IS NULL THEN
        RAISE EXCEPTION 'period % has no graded results', period_id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = format('Run perfeval.evaluate(%s) first.', period_id);
    END IF;
    IF NOT perfeval.is_hr() AND NOT perfeval.is_superuser() THEN
        RAISE EXCEPTION 'permission denied: only HR allocates bonus pools'
            USING ERRCODE = 'insufficient_privilege', HINT = 'Ask a member of perfeval_hr (H-3.3.1).';
    END IF;
    amounts := perfeval.allocate(pool, shares, scale);    -- 22023: negative pool, too many decimals, all coefficients 0
    INSERT INTO perfeval.bonus_pool AS b (period_id, name, amount, scale, note)
    VALUES (period_id, name, pool, scale, note)
    RETURNING b.id INTO pid;
    INSERT INTO perfeval.bonus_allocation (pool_id, agent_id, result_id, grade, coefficient, amount)
    SELECT pid, r.agent_id, r.id, r.grade, u.share, u.amount
    FROM unnest(ids, shares, amounts) AS u (result_id, share, amount)
    JOIN perfeval.result AS r ON r.id = u.result_id;
    RETURN pid;
END
$$;
COMMENT ON FUNCTION @extschema@.allocate_bonus_pool(integer, numeric, integer, text, text) IS
'allocates a bonus pool across the graded current results of an approved period in proportion to their bonus_rule coefficients (bonus_coefficient_of, as in bonus_eligibility; ineligible grades get 0), exactly to the cent with perfeval.allocate; stores bonus_pool and bonus_allocation and returns the pool id (H-3.3.1)';

-- ---------------------------------------------------------------------------
-- Row security (48_access.sql helpers): a reward is read by its agent (a
-- team award by the team's members), the managers of the agent or team, and
-- those who see all; it is written by the managers of the agent or team,
-- HR and leadership (the nomination, review, approval and announcement
-- steps, H-6.3.1-2).  A bonus pool's total is no one's personal data; each
-- agent's part is read like a result and written by HR (H-3.3.1).
-- ---------------------------------------------------------------------------
ALTER TABLE @extschema@.reward ENABLE ROW LEVEL SECURITY;
CREATE POLICY reward_read ON @extschema@.reward FOR SELECT
    USING (agent_id IN (SELECT @extschema@.visible_agent_ids()) OR team_id IN (SELECT @extschema@.visible_team_ids()));
CREATE POLICY reward_write ON @extschema@.reward FOR ALL
    USING (agent_id IN (SELECT @extschema@.managed_agent_ids()) OR team_id IN (SELECT @extschema@.managed_team_ids())
           OR (SELECT @extschema@.is_member_of('perfeval_leadership')))
    WITH CHECK (agent_id IN (SELECT @extschema@.managed_agent_ids()) OR team_id IN (SELECT @extschema@.managed_team_ids())
                OR (SELECT @extschema@.is_member_of('perfeval_leadership')));
COMMENT ON POLICY reward_read ON @extschema@.reward IS
'an agent reads its own rewards and its team''s awards, a manager the team''s, HR, leadership and the service all (H-6.3.2)';
COMMENT ON POLICY reward_write ON @extschema@.reward IS
'the managers of the agent or team nominate and announce, HR reviews, leadership approves (H-6.3.1-2); nobody else writes a reward';

ALTER TABLE @extschema@.bonus_pool ENABLE ROW LEVEL SECURITY;
CREATE POLICY bonus_pool_read ON @extschema@.bonus_pool FOR SELECT USING (true);
CREATE POLICY bonus_pool_write ON @extschema@.bonus_pool FOR ALL
    USING ((SELECT @extschema@.is_hr())) WITH CHECK ((SELECT @extschema@.is_hr()));
COMMENT ON POLICY bonus_pool_read ON @extschema@.bonus_pool IS
'a pool''s period, name and total are no one''s personal data: every reader granted the table sees them';
COMMENT ON POLICY bonus_pool_write ON @extschema@.bonus_pool IS 'only HR allocates bonus pools (H-3.3.1)';

ALTER TABLE @extschema@.bonus_allocation ENABLE ROW LEVEL SECURITY;
CREATE POLICY bonus_allocation_read ON @extschema@.bonus_allocation FOR SELECT
    USING (agent_id IN (SELECT @extschema@.visible_agent_ids()));
CREATE POLICY bonus_allocation_write ON @extschema@.bonus_allocation FOR ALL
    USING ((SELECT @extschema@.is_hr())) WITH CHECK ((SELECT @extschema@.is_hr()));
COMMENT ON POLICY bonus_allocation_read ON @extschema@.bonus_allocation IS
'an agent reads its own part of a pool, a manager the team''s, HR, leadership and the service all (H-3.3.1)';
COMMENT ON POLICY bonus_allocation_write ON @extschema@.bonus_allocation IS 'only HR allocates bonus pools (H-3.3.1)';

-- pg_dump keeps users' rows and the sequences.
SELECT pg_catalog.pg_extension_config_dump('perfeval.reward', '');
SELECT pg_catalog.pg_extension_config_dump('perfeval.bonus_pool', '');
SELECT pg_catalog.pg_extension_config_dump('perfeval.bonus_allocation', '');
SELECT pg_catalog.pg_extension_config_dump('perfeval.reward_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('perfeval.bonus_pool_id_seq', '');
