/* src/sql/48_access.sql — the evaluation cycle: row-level security (H-1.2.1, H-3.2.4, H-9.1) */

-- Who sees whose rows.  perfeval creates no roles (roles are cluster-wide
-- and would outlive DROP EXTENSION); a DBA maps them:
--   * an agent:   agent.role_name = a role the agent logs in as (or is a member of);
--   * a manager:  team.manager_role = a role the manager is a member of;
--   * HR:         members of the role named perfeval_hr see and write everything.
-- Superusers and the tables' owner bypass row-level security as usual.
-- Privileges (GRANT) stay the DBA's choice; see the README.

-- is_hr(): whether the current user is a member of the role perfeval_hr
-- (false when no such role exists).
CREATE FUNCTION @extschema@.is_hr()
RETURNS boolean
LANGUAGE sql
STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT coalesce((SELECT pg_catalog.pg_has_role(CURRENT_USER, r.oid, 'MEMBER')
                     FROM pg_catalog.pg_roles AS r WHERE r.rolname = 'perfeval_hr'), false)
$$;
COMMENT ON FUNCTION @extschema@.is_hr() IS
'true when the current user is a member of the role perfeval_hr (HR sees and writes every agent''s rows; H-9.1 middle management); false when that role does not exist';

-- own_agent_ids(): the agents whose role_name the current user is a member of.
CREATE FUNCTION @extschema@.own_agent_ids()
RETURNS SETOF integer
LANGUAGE sql
STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT a.id FROM perfeval.agent AS a
    JOIN pg_catalog.pg_roles AS r ON r.rolname = a.role_name
    WHERE pg_catalog.pg_has_role(CURRENT_USER, r.oid, 'MEMBER')
$$;
COMMENT ON FUNCTION @extschema@.own_agent_ids() IS
'the ids of the agents the current user is (agent.role_name is the current user or a role it is a member of), for row-level security (H-3.2.4: results go back to the agent)';

-- managed_agent_ids(): all agents for HR, else the agents of the teams
-- whose manager_role the current user is a member of.
CREATE FUNCTION @extschema@.managed_agent_ids()
RETURNS SETOF integer
LANGUAGE sql
STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT a.id FROM perfeval.agent AS a WHERE (SELECT perfeval.is_hr())
    UNION
    SELECT a.id FROM perfeval.agent AS a
    JOIN perfeval.team AS t ON t.id = a.team_id
    JOIN pg_catalog.pg_roles AS r ON r.rolname = t.manager_role
    WHERE pg_catalog.pg_has_role(CURRENT_USER, r.oid, 'MEMBER')
$$;
COMMENT ON FUNCTION @extschema@.managed_agent_ids() IS
'the ids of the agents the current user manages: every agent for HR (is_hr), else the agents now in the teams whose manager_role the current user is a member of (H-9.1 first-line management)';

-- visible_agent_ids(): own_agent_ids() and managed_agent_ids() together.
CREATE FUNCTION @extschema@.visible_agent_ids()
RETURNS SETOF integer
LANGUAGE sql
STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT o.id FROM perfeval.own_agent_ids() AS o(id)
    UNION
    SELECT m.id FROM perfeval.managed_agent_ids() AS m(id)
$$;
COMMENT ON FUNCTION @extschema@.visible_agent_ids() IS
'the ids of the agents whose measurements, layer scores, results and plans the current user may read: itself, the agents it manages, everyone for HR';

-- ---------------------------------------------------------------------------
-- Policies.  Reading: visible_agent_ids().  Writing measurements and plans:
-- managers and HR; layer scores: managers and HR, plus an agent's own
-- self evaluation (H-3.2.3); results: HR only (perfeval.evaluate and
-- approve are HR's steps, H-3.2.7), so that nobody writes results from a
-- partial view of the data.
-- ---------------------------------------------------------------------------

ALTER TABLE @extschema@.measurement ENABLE ROW LEVEL SECURITY;
CREATE POLICY measurement_read ON @extschema@.measurement FOR SELECT
    USING (agent_id IN (SELECT @extschema@.visible_agent_ids()));
CREATE POLICY measurement_insert ON @extschema@.measurement FOR INSERT
    WITH CHECK (agent_id IN (SELECT @extschema@.managed_agent_ids()));
CREATE POLICY measurement_update ON @extschema@.measurement FOR UPDATE
    USING (agent_id IN (SELECT @extschema@.managed_agent_ids()))
    WITH CHECK (agent_id IN (SELECT @extschema@.managed_agent_ids()));
CREATE POLICY measurement_delete ON @extschema@.measurement FOR DELETE
    USING (agent_id IN (SELECT @extschema@.managed_agent_ids()));
COMMENT ON POLICY measurement_read ON @extschema@.measurement IS 'an agent reads its own measurements, a manager its team''s, HR all';
COMMENT ON POLICY measurement_insert ON @extschema@.measurement IS 'managers enter their team''s data (H-9.1), HR anyone''s';
COMMENT ON POLICY measurement_update ON @extschema@.measurement IS 'managers correct their team''s data, HR anyone''s';
COMMENT ON POLICY measurement_delete ON @extschema@.measurement IS 'managers delete their team''s data, HR anyone''s';

ALTER TABLE @extschema@.layer_score ENABLE ROW LEVEL SECURITY;
CREATE POLICY layer_score_read ON @extschema@.layer_score FOR SELECT
    USING (agent_id IN (SELECT @extschema@.visible_agent_ids()));
CREATE POLICY layer_score_insert ON @extschema@.layer_score FOR INSERT
    WITH CHECK (agent_id IN (SELECT @extschema@.managed_agent_ids())
                OR (layer = 'self' AND agent_id IN (SELECT @extschema@.own_agent_ids())));
CREATE POLICY layer_score_update ON @extschema@.layer_score FOR UPDATE
    USING (agent_id IN (SELECT @extschema@.managed_agent_ids())
           OR (layer = 'self' AND agent_id IN (SELECT @extschema@.own_agent_ids())))
    WITH CHECK (agent_id IN (SELECT @extschema@.managed_agent_ids())
                OR (layer = 'self' AND agent_id IN (SELECT @extschema@.own_agent_ids())));
CREATE POLICY layer_score_delete ON @extschema@.layer_score FOR DELETE
    USING (agent_id IN (SELECT @extschema@.managed_agent_ids())
           OR (layer = 'self' AND agent_id IN (SELECT @extschema@.own_agent_ids())));
COMMENT ON POLICY layer_score_read ON @extschema@.layer_score IS 'an agent reads its own layer scores, a manager its team''s, HR all';
COMMENT ON POLICY layer_score_insert ON @extschema@.layer_score IS 'an agent enters its self evaluation, a manager its team''s evaluations, HR any (H-3.2.3)';
COMMENT ON POLICY layer_score_update ON @extschema@.layer_score IS 'as layer_score_insert';
COMMENT ON POLICY layer_score_delete ON @extschema@.layer_score IS 'as layer_score_insert';

ALTER TABLE @extschema@.result ENABLE ROW LEVEL SECURITY;
CREATE POLICY result_read ON @extschema@.result FOR SELECT
    USING (agent_id IN (SELECT @extschema@.visible_agent_ids()));
CREATE POLICY result_write ON @extschema@.result FOR ALL
    USING ((SELECT @extschema@.is_hr())) WITH CHECK ((SELECT @extschema@.is_hr()));
COMMENT ON POLICY result_read ON @extschema@.result IS 'an agent reads its own results, a manager its team''s, HR all (H-3.2.4)';
COMMENT ON POLICY result_write ON @extschema@.result IS 'only HR writes results (evaluate, approve, appeals), H-3.2.7';

ALTER TABLE @extschema@.result_indicator ENABLE ROW LEVEL SECURITY;
CREATE POLICY result_indicator_read ON @extschema@.result_indicator FOR SELECT
    USING (agent_id IN (SELECT @extschema@.visible_agent_ids()));
CREATE POLICY result_indicator_write ON @extschema@.result_indicator FOR ALL
    USING ((SELECT @extschema@.is_hr())) WITH CHECK ((SELECT @extschema@.is_hr()));
COMMENT ON POLICY result_indicator_read ON @extschema@.result_indicator IS 'as result_read';
COMMENT ON POLICY result_indicator_write ON @extschema@.result_indicator IS 'as result_write';

ALTER TABLE @extschema@.improvement_plan ENABLE ROW LEVEL SECURITY;
CREATE POLICY improvement_plan_read ON @extschema@.improvement_plan FOR SELECT
    USING (agent_id IN (SELECT @extschema@.visible_agent_ids()));
CREATE POLICY improvement_plan_write ON @extschema@.improvement_plan FOR ALL
    USING (agent_id IN (SELECT @extschema@.managed_agent_ids()))
    WITH CHECK (agent_id IN (SELECT @extschema@.managed_agent_ids()));
COMMENT ON POLICY improvement_plan_read ON @extschema@.improvement_plan IS 'an agent reads its own plans, a manager its team''s, HR all (H-7)';
COMMENT ON POLICY improvement_plan_write ON @extschema@.improvement_plan IS 'managers and HR write plans (H-7.2)';

ALTER TABLE @extschema@.improvement_target ENABLE ROW LEVEL SECURITY;
CREATE POLICY improvement_target_read ON @extschema@.improvement_target FOR SELECT
    USING (plan_id IN (SELECT p.id FROM @extschema@.improvement_plan AS p));
CREATE POLICY improvement_target_write ON @extschema@.improvement_target FOR ALL
    USING (plan_id IN (SELECT p.id FROM @extschema@.improvement_plan AS p
                       WHERE p.agent_id IN (SELECT @extschema@.managed_agent_ids())))
    WITH CHECK (plan_id IN (SELECT p.id FROM @extschema@.improvement_plan AS p
                            WHERE p.agent_id IN (SELECT @extschema@.managed_agent_ids())));
COMMENT ON POLICY improvement_target_read ON @extschema@.improvement_target IS 'the targets of the plans the reader may read';
COMMENT ON POLICY improvement_target_write ON @extschema@.improvement_target IS 'the targets of the plans the writer manages';

ALTER TABLE @extschema@.improvement_measure ENABLE ROW LEVEL SECURITY;
CREATE POLICY improvement_measure_read ON @extschema@.improvement_measure FOR SELECT
    USING (plan_id IN (SELECT p.id FROM @extschema@.improvement_plan AS p));
CREATE POLICY improvement_measure_write ON @extschema@.improvement_measure FOR ALL
    USING (plan_id IN (SELECT p.id FROM @extschema@.improvement_plan AS p
                       WHERE p.agent_id IN (SELECT @extschema@.managed_agent_ids())))
    WITH CHECK (plan_id IN (SELECT p.id FROM @extschema@.improvement_plan AS p
                            WHERE p.agent_id IN (SELECT @extschema@.managed_agent_ids())));
COMMENT ON POLICY improvement_measure_read ON @extschema@.improvement_measure IS 'the measures of the plans the reader may read';
COMMENT ON POLICY improvement_measure_write ON @extschema@.improvement_measure IS 'the measures of the plans the writer manages';

-- ---------------------------------------------------------------------------
-- Views run with the reader's rights (security_invoker, PostgreSQL 15+), so
-- each role sees through them exactly the rows its policies allow.  On 13
-- and 14 the option does not exist and a view reads as its owner: there,
-- grant these views to HR only (README, Access control).  A temporary
-- helper applies the option where it exists (no schema name in quotes).
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.set_security_invoker(v pg_catalog.regclass)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF current_setting('server_version_num')::integer >= 150000 THEN
        EXECUTE format('ALTER VIEW %s SET (security_invoker = true)', v);
    END IF;
END
$$;

SELECT @extschema@.set_security_invoker(t.typrelid::pg_catalog.regclass)
FROM pg_catalog.pg_type AS t
WHERE t.oid IN (pg_catalog.pg_typeof(NULL::@extschema@.result_current),
                pg_catalog.pg_typeof(NULL::@extschema@.bonus_eligibility),
                pg_catalog.pg_typeof(NULL::@extschema@.training_needs),
                pg_catalog.pg_typeof(NULL::@extschema@.consequence_candidate),
                pg_catalog.pg_typeof(NULL::@extschema@.promotion_candidates),
                pg_catalog.pg_typeof(NULL::@extschema@.care_list),
                pg_catalog.pg_typeof(NULL::@extschema@.bottom_elimination),
                pg_catalog.pg_typeof(NULL::@extschema@.improvement_progress),
                pg_catalog.pg_typeof(NULL::@extschema@.bi_result),
                pg_catalog.pg_typeof(NULL::@extschema@.bi_grade_distribution));

DROP FUNCTION @extschema@.set_security_invoker(pg_catalog.regclass);
