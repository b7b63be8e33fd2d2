/* src/sql/48_access.sql — the evaluation cycle: row-level security (H-1.2.1, H-3.2.4, H-9.1) */

-- Who sees whose rows.  perfeval ships six group roles (H-9.1), created
-- here when absent (roles are cluster-wide: they outlive DROP EXTENSION and
-- serve every database; their privileges are granted in 69_privileges.sql):
--   * perfeval_agent:      the agents; each login role is also named in
--                          agent.role_name (or is a member of the role named there);
--   * perfeval_manager:    first-line management; team.manager_role names a
--                          role the team's manager is a member of;
--   * perfeval_hr:         HR (middle management): sees and writes everything;
--   * perfeval_leadership: senior management: sees everything, approves;
--   * perfeval_analyst:    reference data only, no person's row;
--   * perfeval_service:    a backend (imports): sees everything, enters data.
-- Row security decides the rows whatever a DBA grants; superusers and the
-- tables' owner bypass it as usual.
DO $perfeval_roles$
DECLARE
    r pg_catalog.text;
BEGIN
    FOREACH r IN ARRAY ARRAY['perfeval_agent', 'perfeval_manager', 'perfeval_hr', 'perfeval_leadership',
                             'perfeval_analyst', 'perfeval_service']::pg_catalog.text[] LOOP
        IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles AS x WHERE x.rolname OPERATOR(pg_catalog.=) r::pg_catalog.name) THEN
            EXECUTE pg_catalog.format('CREATE ROLE %I NOLOGIN', r);
        END IF;
    END LOOP;
END
$perfeval_roles$;
COMMENT ON ROLE perfeval_agent IS 'perfeval group role of the agents (H-9.1): each agent''s login role is named in agent.role_name (or is a member of the role named there) and reads its own rows; agents file only their own appeals';
COMMENT ON ROLE perfeval_manager IS 'perfeval group role of first-line management (H-9.1): a team''s manager is a member of the role named in team.manager_role and reads the rows of that team''s agents; takes the manager''s workflow steps';
COMMENT ON ROLE perfeval_hr IS 'perfeval group role of HR, middle management (H-9.1): sees and writes every agent''s rows; takes HR''s workflow steps';
COMMENT ON ROLE perfeval_leadership IS 'perfeval group role of senior management (H-9.1): sees every agent''s rows and approves; takes leadership''s workflow steps';
COMMENT ON ROLE perfeval_analyst IS 'perfeval group role of analysts: reads the reference data (indicators, schemes, calendars), no person''s row';
COMMENT ON ROLE perfeval_service IS 'perfeval group role of a backend (imports): sees every agent''s rows and enters data';

-- is_member_of(role): whether the current user is a member of the named
-- role (false when no such role exists).
CREATE FUNCTION @extschema@.is_member_of(role_name name)
RETURNS boolean
LANGUAGE sql
STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT coalesce((SELECT pg_catalog.pg_has_role(CURRENT_USER, r.oid, 'MEMBER')
                     FROM pg_catalog.pg_roles AS r WHERE r.rolname OPERATOR(pg_catalog.=) $1), false)
$$;
COMMENT ON FUNCTION @extschema@.is_member_of(name) IS
'true when the current user is a member of the named role, false when it is not or the role does not exist (the roles of H-9.1: perfeval_hr, perfeval_leadership, perfeval_service, ...)';

-- sees_all(): HR, leadership and the service backend read every person's rows.
CREATE FUNCTION @extschema@.sees_all()
RETURNS boolean
LANGUAGE sql
STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT perfeval.is_member_of('perfeval_hr') OR perfeval.is_member_of('perfeval_leadership')
        OR perfeval.is_member_of('perfeval_service')
$$;
COMMENT ON FUNCTION @extschema@.sees_all() IS
'true for members of perfeval_hr, perfeval_leadership and perfeval_service, who read every agent''s rows (H-9.1 senior and middle management; a backend)';

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
    SELECT a.id FROM perfeval.agent AS a
    WHERE (SELECT perfeval.is_hr() OR perfeval.is_member_of('perfeval_service'))
    UNION
    SELECT a.id FROM perfeval.agent AS a
    JOIN perfeval.team AS t ON t.id = a.team_id
    JOIN pg_catalog.pg_roles AS r ON r.rolname = t.manager_role
    WHERE pg_catalog.pg_has_role(CURRENT_USER, r.oid, 'MEMBER')
$$;
COMMENT ON FUNCTION @extschema@.managed_agent_ids() IS
'the ids of the agents the current user manages: every agent for HR (is_hr) and the service backend, else the agents now in the teams whose manager_role the current user is a member of (H-9.1 first-line management)';

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
    UNION
    SELECT a.id FROM perfeval.agent AS a WHERE (SELECT perfeval.sees_all())
$$;
COMMENT ON FUNCTION @extschema@.visible_agent_ids() IS
'the ids of the agents whose measurements, layer scores, results, plans, rewards, penalties, bonuses, feedback and appeals the current user may read: itself, the agents it manages, everyone for HR, leadership and the service backend (sees_all)';

-- managed_team_ids(): every team for HR, else the teams whose manager_role
-- the current user is a member of.
CREATE FUNCTION @extschema@.managed_team_ids()
RETURNS SETOF integer
LANGUAGE sql
STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT t.id FROM perfeval.team AS t
    WHERE (SELECT perfeval.is_hr())
       OR t.manager_role IN (SELECT r.rolname FROM pg_catalog.pg_roles AS r
                             WHERE pg_catalog.pg_has_role(CURRENT_USER, r.oid, 'MEMBER'))
$$;
COMMENT ON FUNCTION @extschema@.managed_team_ids() IS
'the ids of the teams the current user manages (team.manager_role; every team for HR), for the row security of team awards (H-6.1.1 (2), H-9.1)';

-- visible_team_ids(): the teams whose team-level rows (team awards) the
-- current user may read: those it manages, its own agents' teams, all for
-- sees_all().
CREATE FUNCTION @extschema@.visible_team_ids()
RETURNS SETOF integer
LANGUAGE sql
STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT m.id FROM perfeval.managed_team_ids() AS m(id)
    UNION
    SELECT a.team_id FROM perfeval.agent AS a WHERE a.id IN (SELECT o.id FROM perfeval.own_agent_ids() AS o(id))
    UNION
    SELECT t.id FROM perfeval.team AS t WHERE (SELECT perfeval.sees_all())
$$;
COMMENT ON FUNCTION @extschema@.visible_team_ids() IS
'the ids of the teams whose team awards the current user may read: the teams it manages, the team of the agent it is, every team for HR, leadership and the service (sees_all)';

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
                OR (layer OPERATOR(pg_catalog.=) 'self' AND agent_id IN (SELECT @extschema@.own_agent_ids())));
CREATE POLICY layer_score_update ON @extschema@.layer_score FOR UPDATE
    USING (agent_id IN (SELECT @extschema@.managed_agent_ids())
           OR (layer OPERATOR(pg_catalog.=) 'self' AND agent_id IN (SELECT @extschema@.own_agent_ids())))
    WITH CHECK (agent_id IN (SELECT @extschema@.managed_agent_ids())
                OR (layer OPERATOR(pg_catalog.=) 'self' AND agent_id IN (SELECT @extschema@.own_agent_ids())));
CREATE POLICY layer_score_delete ON @extschema@.layer_score FOR DELETE
    USING (agent_id IN (SELECT @extschema@.managed_agent_ids())
           OR (layer OPERATOR(pg_catalog.=) 'self' AND agent_id IN (SELECT @extschema@.own_agent_ids())));
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

-- measurement_quarantine holds raw input rows: the managers of the agent
-- named in a row and those who see all; a row naming no known agent only
-- the latter (H-4.3 cleaning is HR's and the data owners' work).
ALTER TABLE @extschema@.measurement_quarantine ENABLE ROW LEVEL SECURITY;
CREATE POLICY measurement_quarantine_read ON @extschema@.measurement_quarantine FOR SELECT
    USING ((SELECT @extschema@.sees_all()) OR agent_id IN (SELECT @extschema@.managed_agent_ids()));
CREATE POLICY measurement_quarantine_write ON @extschema@.measurement_quarantine FOR ALL
    USING ((SELECT @extschema@.is_hr()) OR (SELECT @extschema@.is_member_of('perfeval_service'))
           OR agent_id IN (SELECT @extschema@.managed_agent_ids()))
    WITH CHECK ((SELECT @extschema@.is_hr()) OR (SELECT @extschema@.is_member_of('perfeval_service'))
                OR agent_id IN (SELECT @extschema@.managed_agent_ids()));
COMMENT ON POLICY measurement_quarantine_read ON @extschema@.measurement_quarantine IS
'raw refused input rows: HR, leadership and the service read all, a manager those naming an agent of the team';
COMMENT ON POLICY measurement_quarantine_write ON @extschema@.measurement_quarantine IS
'the importers (HR, the service backend, a manager for the team''s agents) write quarantine rows';

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
                pg_catalog.pg_typeof(NULL::@extschema@.bi_grade_distribution),
                pg_catalog.pg_typeof(NULL::@extschema@.data_quality),
                pg_catalog.pg_typeof(NULL::@extschema@.quarantine_unplaced),
                pg_catalog.pg_typeof(NULL::@extschema@.scheme_validity));

DROP FUNCTION @extschema@.set_security_invoker(pg_catalog.regclass);
