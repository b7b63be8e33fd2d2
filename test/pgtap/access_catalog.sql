-- pgTAP: the catalog-driven access test (issue 9).  Every table and view of
-- the extension is found through pg_depend (deptype 'e'), like the
-- hostile-argument test finds every function, and must be classified below:
--   reference  no person's data: every role granted it sees every row
--   agent      a person's row (agent_sql gives its agent): the agent itself,
--              the managers of its team, HR, leadership and the service
--   managed    like agent, but not the agent itself (raw quarantined input)
--   aggregate  counts over people: a role mapped to nobody and the analyst
--              see no row, HR and leadership all (the values of the rows an
--              agent or manager sees are aggregates of its visible rows)
-- A new table or view without its line here fails the first test by
-- itself; one whose policy lets a role see more or less than its rule fails
-- that role's test with the relation named.  Every role is granted SELECT
-- on every table and view (more than the shipped roles get): grants are
-- the DBA's coarse tool, row security decides.  H-1.2.1, H-9.1.
--
-- Functions: every function of the extension that returns a value or rows
-- and reads a relation holding a person's data (found through pg_depend,
-- by its dependencies or its body) must be classified below too:
--   rows   set-returning, one row per agent's data (agent_sql): it runs with
--          the caller's rights (SECURITY INVOKER), so row security on what
--          it reads applies, and each role gets exactly the rows of the
--          agents it may see (evaluate_rows, evaluate_indicators and the
--          roll-ups compute from the visible rows only)
--   agent  a value about one agent (call_sql, %s the agent): answered for
--          the agents the role may see, 42704 for every other
--   step   a workflow or evaluation step: it returns what it did (an id, a
--          state, a count); who may take it is the step rules'
--          (workflow_roles.sql, appeal_access.sql)
--   none   reveals nothing beyond its arguments
-- A new such function without its line fails by itself.
BEGIN;
CREATE EXTENSION IF NOT EXISTS perfeval;
\ir ../fixture/appeal_org.sql
SELECT plan(27);
SET LOCAL client_min_messages = warning;

CREATE TEMP TABLE access_rule (rel name PRIMARY KEY, rule text NOT NULL
    CHECK (rule IN ('reference', 'agent', 'managed', 'aggregate')), agent_sql text);
INSERT INTO access_rule VALUES
  ('agent', 'reference', NULL), ('appeal_flow', 'reference', NULL), ('appeal_policy', 'reference', NULL),
  ('appeal_state', 'reference', NULL), ('bonus_rule', 'reference', NULL), ('calendar', 'reference', NULL),
  ('calendar_day', 'reference', NULL), ('consequence_rule', 'reference', NULL), ('department', 'reference', NULL),
  ('indicator', 'reference', NULL), ('period', 'reference', NULL), ('scheme_item', 'reference', NULL),
  ('scheme_version', 'reference', NULL), ('team', 'reference', NULL), ('scheme_validity', 'reference', NULL),
  ('bonus_pool', 'reference', NULL),            -- a pool's total is no one's personal data
  ('decision_step', 'reference', NULL),
  ('flow_state', 'reference', NULL), ('flow_step', 'reference', NULL),   -- the workflow definitions
  ('bi_department_grades', 'reference', NULL),   -- aggregates of departments of 5 or more, the same for every reader
  ('workflow_step', 'reference', NULL),
  ('data_quality', 'reference', NULL),       -- one row per period and indicator; counts of visible rows
  ('calendar_notice', 'reference', NULL), ('calendar_horizon', 'reference', NULL),
  ('event_derivation', 'reference', NULL),   -- one row per derivation run: counts over the whole event table, no person (issue 13)
  ('deadline_move', 'agent', '(SELECT a.appellant_id FROM perfeval.appeal AS a WHERE a.id = x.appeal_id)'),
  ('measurement_history', 'agent', 'x.agent_id'),
  ('appeal', 'agent', 'x.appellant_id'),
  ('appeal_event', 'agent', '(SELECT a.appellant_id FROM perfeval.appeal AS a WHERE a.id = x.appeal_id)'),
  ('appeal_deadline', 'agent', '(SELECT a.appellant_id FROM perfeval.appeal AS a WHERE a.id = x.appeal_id)'),
  ('appeal_archive', 'agent', 'x.appellant_id'), ('appeal_open', 'agent', 'x.appellant_id'),
  ('appeal_overdue', 'agent', 'x.appellant_id'),
  ('bonus_allocation', 'agent', 'x.agent_id'), ('improvement_plan', 'agent', 'x.agent_id'),
  ('improvement_target', 'agent', '(SELECT p.agent_id FROM perfeval.improvement_plan AS p WHERE p.id = x.plan_id)'),
  ('improvement_measure', 'agent', '(SELECT p.agent_id FROM perfeval.improvement_plan AS p WHERE p.id = x.plan_id)'),
  ('improvement_progress', 'agent', 'x.agent_id'),
  ('layer_score', 'agent', 'x.agent_id'), ('measurement', 'agent', 'x.agent_id'), ('penalty', 'agent', 'x.agent_id'),
  ('result', 'agent', 'x.agent_id'), ('result_feedback', 'agent', 'x.agent_id'), ('result_indicator', 'agent', 'x.agent_id'),
  ('reward', 'agent', 'x.agent_id'),         -- the fixture has no team award
  ('result_current', 'agent', 'x.agent_id'), ('bi_result', 'agent', 'x.agent_id'),
  ('bonus_eligibility', 'agent', 'x.agent_id'), ('bottom_elimination', 'agent', 'x.agent_id'),
  ('care_list', 'agent', 'x.agent_id'), ('consequence_candidate', 'agent', 'x.agent_id'),
  ('personal_file', 'agent', 'x.agent_id'), ('promotion_candidates', 'agent', 'x.agent_id'),
  ('training_needs', 'agent', 'x.agent_id'),
  ('measurement_quarantine', 'managed', 'x.agent_id'), ('quarantine_unplaced', 'managed', 'x.agent_id'),
  ('bi_grade_distribution', 'aggregate', NULL), ('appeal_statistics', 'aggregate', NULL),
  -- issue 14 (1.1)
  ('bi_period', 'reference', NULL),
  ('bi_grades_department', 'aggregate', NULL), ('bi_grades_company', 'aggregate', NULL),
  ('bi_trend', 'agent', 'x.agent_id'), ('bi_scorecard', 'agent', 'x.agent_id'), ('bi_coverage', 'agent', 'x.agent_id'),
  ('feedback_interview', 'agent', 'x.agent_id'), ('interview_due', 'agent', 'x.agent_id'),
  ('feedback_interview_measure', 'agent', '(SELECT f.agent_id FROM perfeval.feedback_interview AS f WHERE f.id = x.interview_id)'),
  ('suggestion', 'agent', 'x.agent_id'),
  -- the period report names people (its ranking) but is no one agent's row:
  -- HR, leadership and the service read every report, a manager its
  -- department's (test/pgtap/report.sql), the analyst and a role mapped to
  -- nobody none
  ('period_report', 'aggregate', NULL), ('period_report_version', 'aggregate', NULL),
  -- issue 15: a revision, its problems and the settings are about the
  -- scheme, open to every reader (H-9.2); a comment is its agent's row;
  -- calibration counts visible department scores
  ('scheme_revision', 'reference', NULL), ('scheme_revision_problem', 'reference', NULL),
  ('scheme_revision_evidence', 'reference', NULL), ('calibration_policy', 'reference', NULL),
  ('scheme_revision_event', 'reference', NULL),
  ('scheme_consultation', 'agent', 'x.agent_id'), ('evaluator_calibration', 'aggregate', NULL);

SELECT is((SELECT array_agg(c.relname::text ORDER BY c.relname)
           FROM pg_depend AS d JOIN pg_class AS c ON c.oid = d.objid
           WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
             AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'perfeval')
             AND c.relkind IN ('r', 'v', 'm', 'p', 'f')
             AND c.relname NOT IN (SELECT rel FROM access_rule)),
          NULL, 'every table and view of the extension has its access rule here (a new one fails until it has)');

-- catalog rules that hold for any new object, found the same way
CREATE TEMP VIEW ext_rel AS
SELECT c.oid, c.relname, c.relkind, c.relrowsecurity, c.reloptions
FROM pg_depend AS d JOIN pg_class AS c ON c.oid = d.objid
WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
  AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'perfeval');
SELECT is((SELECT array_agg(r.relname::text ORDER BY r.relname) FROM ext_rel AS r
           WHERE r.relkind = 'r' AND EXISTS (SELECT FROM pg_attribute AS a WHERE a.attrelid = r.oid AND NOT a.attisdropped
                                             AND a.attname IN ('agent_id', 'appellant_id', 'plan_id', 'appeal_id'))
             AND NOT (r.relrowsecurity AND EXISTS (SELECT FROM pg_policy AS p WHERE p.polrelid = r.oid))),
          NULL, 'every table with a person''s rows (agent_id, appellant_id, plan_id, appeal_id) has row-level security and a policy');
SELECT is((SELECT array_agg(r.relname::text ORDER BY r.relname) FROM ext_rel AS r
           WHERE r.relkind = 'v' AND NOT coalesce('security_invoker=true' = ANY (r.reloptions), false)),
          '{bi_department_grades}'::text[],
          'every view of the extension runs with its reader''s rights (security_invoker) but the anonymous department aggregate');
SELECT is((SELECT array_agg(p.oid::regprocedure::text ORDER BY 1)
           FROM pg_depend AS d JOIN pg_proc AS p ON p.oid = d.objid
           WHERE d.classid = 'pg_proc'::regclass AND d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
             AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'perfeval') AND p.prosecdef
             AND NOT (coalesce('search_path=pg_catalog, pg_temp' = ANY (p.proconfig), false)
                      AND NOT has_function_privilege('public', p.oid, 'EXECUTE'))),
          NULL, 'every SECURITY DEFINER function fixes search_path = pg_catalog, pg_temp and is not executable by PUBLIC');
SELECT is(has_schema_privilege('public', 'perfeval', 'USAGE') OR has_schema_privilege('public', 'perfeval', 'CREATE')
          OR EXISTS (SELECT FROM pg_roles AS r WHERE r.rolname LIKE 'perfeval\_%' AND has_schema_privilege(r.oid, 'perfeval', 'CREATE'))
          , false, 'PUBLIC has no USAGE on schema perfeval, and neither PUBLIC nor a shipped role may create in it');

-- rows of every kind for several agents: measurements, a plan, a pool,
-- a penalty, a reward, quarantined input, appeals (E1 and E5)
INSERT INTO perfeval.measurement (agent_id, period_id, indicator_id, value, source)
SELECT pg_temp.ag(e), perfeval.period_of('month', '2025-10-01'), (SELECT min(id) FROM perfeval.indicator), 0.9, 'system_log'
FROM unnest('{E1,E2,E5}'::text[]) AS e;
INSERT INTO perfeval.improvement_plan (agent_id, baseline_period_id, title, owner, due_on)
VALUES (pg_temp.ag('E4'), :sep, 'first-call resolution', 'manager one', '2025-12-31');
SELECT perfeval.allocate_bonus_pool(:sep, 8000) AS pool \gset
SELECT perfeval.penalty_propose(pg_temp.ag('E2'), 'verbal_warning', 'late', effective_from => '2025-09-29', at => '2025-09-29 09:00+08') AS p2 \gset
SELECT perfeval.penalty_approve(:p2, true, at => '2025-09-29 10:00+08') AS x \gset
SELECT perfeval.penalty_announce(:p2, at => '2025-09-29 11:00+08') AS x \gset
SELECT perfeval.reward_nominate('monthly_excellent', 'cash', 500, :sep, pg_temp.ag('E7'), reason => 'top CSAT',
                                result_id => pg_temp.res('E7'), at => '2025-09-29 09:00+08') AS w7 \gset
SELECT perfeval.reward_review(:w7, true, at => '2025-09-29 10:00+08') AS x \gset
SELECT perfeval.reward_approve(:w7, true, at => '2025-09-29 11:00+08') AS x \gset
SELECT perfeval.reward_announce(:w7, at => '2025-09-29 12:00+08') AS x \gset
INSERT INTO perfeval.measurement_quarantine (raw, raw_hash, reason, agent_id, period_id, indicator_id)
VALUES ('{"agent": "E2"}', 'c-e2', 'not a number', pg_temp.ag('E2'), :sep, NULL),
       ('{"agent": "E1"}', 'c-e1', 'not a number', pg_temp.ag('E1'), :sep, NULL),
       ('{"agent": "X9"}', 'c-x9', 'unknown agent', NULL, :sep, NULL);
SELECT perfeval.file_result_appeal(pg_temp.res('E1'), 'teamwork rating', at => '2025-09-30 09:00+08') AS a1 \gset
SELECT perfeval.file_result_appeal(pg_temp.res('E5'), 'CSAT', at => '2025-09-30 09:00+08') AS a5 \gset
SELECT perfeval.appeal_acknowledge(:a5, at => '2025-09-30 10:00+08') AS x \gset
SELECT perfeval.revision_draft('consulted') AS rev \gset

-- the roles: E1, its teammate E2, T1's manager, T2's manager, HR,
-- leadership, the analyst, a role mapped to nobody
\ir ../fixture/access_roles.sql
GRANT USAGE ON SCHEMA perfeval TO pe_t_agent1, pe_t_agent2, pe_t_mgr1, pe_t_mgr2, pe_t_hr, pe_t_lead, pe_t_analyst, pe_t_nobody;
GRANT SELECT ON ALL TABLES IN SCHEMA perfeval TO pe_t_agent1, pe_t_agent2, pe_t_mgr1, pe_t_mgr2, pe_t_hr, pe_t_lead, pe_t_analyst, pe_t_nobody;
-- consultation comments of E1 and E2 (issue 15), as themselves
SET LOCAL ROLE pe_t_agent1;
SELECT perfeval.revision_comment(:rev, 'E1 agrees') AS x \gset
SET LOCAL ROLE pe_t_agent2;
SELECT perfeval.revision_comment(:rev, 'E2 disagrees') AS x \gset
RESET ROLE;

-- who may see which agent's rows under each rule (NULL: a row of no agent)
CREATE TEMP TABLE allowed (role name, rule text, agent integer);
INSERT INTO allowed
SELECT 'pe_t_agent1', 'agent', pg_temp.ag('E1') UNION ALL
SELECT 'pe_t_agent2', 'agent', pg_temp.ag('E2') UNION ALL
SELECT m.role, r.rule, a.id FROM (VALUES ('pe_t_mgr1'::name, 'T1'), ('pe_t_mgr2', 'T2')) AS m (role, team)
    CROSS JOIN (VALUES ('agent'), ('managed')) AS r (rule)
    JOIN perfeval.team AS t ON t.code = m.team JOIN perfeval.agent AS a ON a.team_id = t.id UNION ALL
SELECT h.role, r.rule, a.id FROM (VALUES ('pe_t_hr'::name), ('pe_t_lead')) AS h (role)
    CROSS JOIN (VALUES ('agent'), ('managed')) AS r (rule) CROSS JOIN perfeval.agent AS a UNION ALL
SELECT h.role, r.rule, NULL FROM (VALUES ('pe_t_hr'::name), ('pe_t_lead')) AS h (role)
    CROSS JOIN (VALUES ('agent'), ('managed')) AS r (rule);

-- mismatches(role): 'relation: saw N, may see M' for every relation whose
-- visible row count as role differs from its rule
CREATE FUNCTION pg_temp.mismatches(r name) RETURNS text[] LANGUAGE plpgsql AS $$
DECLARE
    x record; saw bigint; may bigint; out text[] := '{}';
BEGIN
    FOR x IN SELECT * FROM access_rule ORDER BY rel LOOP
        IF x.rule = 'reference' THEN
            EXECUTE format('SELECT count(*) FROM perfeval.%I', x.rel) INTO may;
        ELSIF x.rule = 'aggregate' THEN
            CONTINUE WHEN r NOT IN ('pe_t_hr', 'pe_t_lead', 'pe_t_analyst', 'pe_t_nobody');
            IF r IN ('pe_t_hr', 'pe_t_lead') THEN
                EXECUTE format('SELECT count(*) FROM perfeval.%I', x.rel) INTO may;
            ELSE
                may := 0;
            END IF;
        ELSE
            EXECUTE format('SELECT count(*) FROM perfeval.%I AS x WHERE EXISTS (SELECT FROM allowed AS w
                            WHERE w.role = %L AND w.rule = %L AND w.agent IS NOT DISTINCT FROM %s)',
                           x.rel, r, x.rule, x.agent_sql) INTO may;
        END IF;
        EXECUTE format('SET LOCAL ROLE %I', r);
        EXECUTE format('SELECT count(*) FROM perfeval.%I', x.rel) INTO saw;
        RESET ROLE;
        IF saw <> may THEN
            out := out || format('%s: saw %s, may see %s', x.rel, saw, may);
        END IF;
    END LOOP;
    RETURN out;
END $$;

SELECT is(pg_temp.mismatches('pe_t_agent1'), '{}', 'the agent E1 sees exactly its own rows in every relation');
SELECT is(pg_temp.mismatches('pe_t_agent2'), '{}', 'its teammate E2 sees exactly its own rows');
SELECT is(pg_temp.mismatches('pe_t_mgr1'), '{}', 'the manager of their team T1 sees exactly the rows of T1''s agents');
SELECT is(pg_temp.mismatches('pe_t_mgr2'), '{}', 'the manager of another team (T2) sees exactly T2''s');
SELECT is(pg_temp.mismatches('pe_t_hr'), '{}', 'HR sees every row');
SELECT is(pg_temp.mismatches('pe_t_lead'), '{}', 'leadership sees every row');
SELECT is(pg_temp.mismatches('pe_t_analyst'), '{}', 'the analyst sees reference data and no person''s row');
SELECT is(pg_temp.mismatches('pe_t_nobody'), '{}', 'a role mapped to nobody sees reference data and no person''s row');
-- the test cannot pass vacuously: the person relations that hold rows of
-- two agents or more (the others are empty in this fixture: their counts
-- are still checked, but only as 0 = 0)
CREATE FUNCTION pg_temp.covered() RETURNS text[] LANGUAGE plpgsql AS $$
DECLARE x record; n bigint; out text[] := '{}';
BEGIN
    FOR x IN SELECT * FROM access_rule WHERE rule IN ('agent', 'managed') ORDER BY rel LOOP
        EXECUTE format('SELECT count(DISTINCT %s) FROM perfeval.%I AS x', x.agent_sql, x.rel) INTO n;
        IF n >= 2 THEN out := out || x.rel::text; END IF;
    END LOOP;
    RETURN out;
END $$;
SELECT is(pg_temp.covered(),
          '{appeal,appeal_deadline,appeal_event,appeal_open,appeal_overdue,bi_coverage,bi_result,bi_trend,bonus_allocation,bonus_eligibility,care_list,consequence_candidate,interview_due,measurement,measurement_quarantine,personal_file,quarantine_unplaced,result,result_current,result_feedback,scheme_consultation,training_needs}'::text[],
          'the fixture puts rows of two agents or more into 22 person relations');


-- ------------------------------------------------------------ functions
CREATE TEMP TABLE function_rule (fn text PRIMARY KEY, rule text NOT NULL
    CHECK (rule IN ('rows', 'agent', 'step', 'report', 'none')), call_sql text, agent_sql text);
SELECT perfeval.period_of('month', '2025-10-01') AS oct \gset
INSERT INTO function_rule VALUES
  -- evaluate_detail (and evaluate_rows, its columns without the arrays,
  -- which reads no relation itself) gives a row to every agent employed in
  -- the period; the
  -- row of an agent whose data the caller cannot read carries nothing but
  -- the agent directory's team and department (every score NULL, nothing
  -- rated, no grade or rank): the rows with data are the person's rows
  ('perfeval.evaluate_detail(integer,integer)', 'rows',
   format('(SELECT e.* FROM perfeval.evaluate_detail(%s, 1) AS e WHERE e.indicators_rated > 0 OR e.critical_failed
            OR cardinality(e.indicator_ids) > 0
            OR num_nonnulls(e.attitude, e.capability, e.efficiency, e.satisfaction, e.measured_total, e.self_score,
                            e.department_score, e.company_score, e.total, e.grade, e.rank_team, e.rank_department,
                            e.rank_company, e.months_rolled) > 0)', :oct), 'x.agent_id'),
  ('perfeval.evaluate_indicators(integer,integer)', 'rows', format('perfeval.evaluate_indicators(%s, 1)', :oct), 'x.agent_id'),
  ('perfeval.rollup_result(integer)', 'rows', format('perfeval.rollup_result(%s)', :q3), 'x.agent_id'),
  -- rollup_detail (rollup_indicator unnests it and reads no relation itself)
  ('perfeval.rollup_detail(integer,integer)', 'rows', format('perfeval.rollup_detail(%s, 1)', :q3), 'x.agent_id'),
  ('perfeval.next_penalty(integer,date,integer)', 'agent', 'perfeval.next_penalty(%s, ''2025-10-01'')', NULL),
  ('perfeval.penalty_in_force(perfeval.penalty,date,integer)', 'none', NULL, NULL),   -- judges the row it is given
  ('perfeval.allocate_bonus_pool(integer,numeric,integer,text,text)', 'step', NULL, NULL),
  -- issue 13: they return counts; they read and write with the caller's rights (row security applies)
  ('perfeval.derive_measurements(regclass,date,bytea,interval,interval,boolean)', 'step', NULL, NULL),
  ('perfeval.load_events(regclass,regclass,text)', 'step', NULL, NULL),
  ('perfeval.appeal_answer(integer,text,text,name,timestamp with time zone)', 'step', NULL, NULL),
  ('perfeval.appeal_apply(perfeval.appeal,text,name,timestamp with time zone,text,text,integer,text)', 'step', NULL, NULL),
  ('perfeval.appeal_conclude(integer,text,boolean,name,timestamp with time zone)', 'step', NULL, NULL),
  ('perfeval.appeal_decide(integer,text,text,numeric,jsonb,name,timestamp with time zone)', 'step', NULL, NULL),
  ('perfeval.appeal_lock(integer,text,timestamp with time zone)', 'step', NULL, NULL),
  ('perfeval.appeal_reappeal(integer,text,name,timestamp with time zone,text)', 'step', NULL, NULL),
  ('perfeval.appeal_revise_result(perfeval.appeal,numeric,jsonb,name,text)', 'step', NULL, NULL),
  ('perfeval.approve(integer)', 'step', NULL, NULL),
  ('perfeval.evaluate(integer)', 'step', NULL, NULL),
  ('perfeval.file_decision_appeal(integer,integer,text,integer,text,name,timestamp with time zone,text)', 'step', NULL, NULL),
  ('perfeval.file_result_appeal(integer,text,text,name,timestamp with time zone,text)', 'step', NULL, NULL),
  ('perfeval.import_measurements(jsonb,text)', 'step', NULL, NULL),   -- its rows are the import's own
  ('perfeval.penalty_propose(integer,perfeval.penalty_kind,text,text[],numeric,date,date,integer,name,timestamp with time zone)', 'step', NULL, NULL),
  ('perfeval.penalty_step(integer,text,text,name,timestamp with time zone,text)', 'step', NULL, NULL),
  ('perfeval.recompute_deadlines(text,text)', 'step', NULL, NULL),
  ('perfeval.record_feedback(integer,integer,timestamp with time zone,name,text)', 'step', NULL, NULL),
  ('perfeval.regrade_with(integer,text,perfeval.result[],perfeval.result_indicator[])', 'step', NULL, NULL),
  ('perfeval.reward_nominate(text,text,numeric,integer,integer,integer,text,integer,name,timestamp with time zone)', 'step', NULL, NULL),
  ('perfeval.reward_step(integer,text,text,name,timestamp with time zone,text)', 'step', NULL, NULL),
  ('perfeval.rollup_revise(integer,integer,text,name)', 'step', NULL, NULL),
  -- issue 14 (1.1): the steps of the flows interview, suggestion and report
  ('perfeval.hold_interview(integer,text,text,jsonb,timestamp with time zone,name)', 'step', NULL, NULL),
  ('perfeval.acknowledge_interview(integer,text,timestamp with time zone,name)', 'step', NULL, NULL),
  ('perfeval.record_suggestion(text,integer,integer,integer,timestamp with time zone,name)', 'step', NULL, NULL),
  ('perfeval.recognise_suggestion(integer,text,timestamp with time zone,name)', 'step', NULL, NULL),
  ('perfeval.report_compile(integer,integer,text,name)', 'step', NULL, NULL),
  ('perfeval.report_approve(integer,name)', 'step', NULL, NULL),
  ('perfeval.export_results(integer)', 'rows', format('perfeval.export_results(%s)', :sep), 'x.agent_id'),
  -- report: the period report, for HR, leadership and the service (answered)
  -- and a department's managers (report.sql); refused (42501, 42704) to an
  -- agent, the analyst and a role mapped to nobody; call_sql NULL: reads a
  -- report version through period_report's row security (report.sql)
  ('perfeval.report_content(integer,integer)', 'report', format('perfeval.report_content(%s)', :sep), NULL),
  ('perfeval.report_html(integer)', 'report', NULL, NULL),
  ('perfeval.report_content_of(integer)', 'report', NULL, NULL),
  -- issue 15: replay gives the rows of the agents the caller may see
  ('perfeval.replay(integer,integer[],boolean)', 'rows', format('perfeval.replay(1, ARRAY[%s])', :sep), 'x.agent_id'),
  ('perfeval.revision_approve(integer,boolean,date,text)', 'step', NULL, NULL),   -- reads whether results exist
  ('perfeval.revision_comment(integer,text)', 'step', NULL, NULL),   -- returns the new comment's id
  -- 1.1: the text of evaluate_detail's query, which names person tables but
  -- reads none (evaluate_detail and evaluate run it under their rules)
  ('perfeval.evaluate_detail_sql()', 'none', NULL, NULL);

-- the extension's functions that return something and read a person's
-- relation: a dependency on it (SQL-standard bodies, views of it), its
-- name in the body (PL/pgSQL and SQL bodies in quotes), or the EXECUTE of
-- evaluate_detail_sql's query text, which names them (evaluate_detail)
CREATE TEMP VIEW person_function AS
SELECT p.oid, p.oid::regprocedure::text AS fn
FROM pg_depend AS d JOIN pg_proc AS p ON p.oid = d.objid
WHERE d.classid = 'pg_proc'::regclass AND d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
  AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'perfeval')
  AND p.prokind = 'f' AND p.prorettype NOT IN ('trigger'::regtype, 'void'::regtype)
  AND (EXISTS (SELECT FROM pg_depend AS r JOIN pg_class AS c ON c.oid = r.refobjid
               WHERE r.classid = 'pg_proc'::regclass AND r.objid = p.oid AND r.refclassid = 'pg_class'::regclass
                 AND c.relnamespace = 'perfeval'::regnamespace
                 AND c.relname IN (SELECT rel FROM access_rule WHERE rule <> 'reference'))
       OR p.prosrc ~ ('perfeval\.(' || (SELECT string_agg(rel, '|') FROM access_rule WHERE rule <> 'reference') || ')\M')
       OR p.prosrc ~ 'perfeval\.evaluate_detail_sql\(');
SELECT is((SELECT array_agg(f.fn ORDER BY f.fn) FROM person_function AS f WHERE f.fn NOT IN (SELECT fn FROM function_rule)),
          NULL, 'every function that returns a value or rows and reads a person''s data has its access rule here (a new one fails until it has)');
SELECT is((SELECT array_agg(r.fn ORDER BY r.fn) FROM function_rule AS r WHERE r.fn NOT IN (SELECT fn FROM person_function)),
          NULL, 'every function rule names such a function of the extension (no stale line)');
SELECT is((SELECT array_agg(f.fn ORDER BY f.fn) FROM person_function AS f WHERE (SELECT p.prosecdef FROM pg_proc AS p WHERE p.oid = f.oid)),
          NULL, 'none of them is SECURITY DEFINER: they run with the caller''s rights, so row security applies to what they read');

-- fmismatches(role): 'function: saw N, may see M' for every rows function
-- whose rows as role differ from its rule, 'function(agent): ...' for every
-- agent function answered or refused against it
CREATE FUNCTION pg_temp.fmismatches(r name) RETURNS text[] LANGUAGE plpgsql AS $$
DECLARE
    x record; a record; saw text; may text; out text[] := '{}';
BEGIN
    FOR x IN SELECT * FROM function_rule WHERE rule IN ('rows', 'agent', 'report') ORDER BY fn LOOP
        IF x.rule = 'report' THEN
            CONTINUE WHEN x.call_sql IS NULL OR r IN ('pe_t_mgr1', 'pe_t_mgr2');
            may := CASE WHEN r IN ('pe_t_hr', 'pe_t_lead') THEN 'answered' ELSE 'refused' END;
            BEGIN
                EXECUTE format('SET LOCAL ROLE %I', r);
                EXECUTE 'SELECT ' || x.call_sql INTO saw;
                RESET ROLE;
                saw := 'answered';
            EXCEPTION WHEN OTHERS THEN
                RESET ROLE;
                saw := CASE WHEN SQLSTATE IN ('42501', '42704') THEN 'refused' ELSE 'error ' || SQLSTATE END;
            END;
            IF saw IS DISTINCT FROM may THEN
                out := out || format('%s: %s, rule %s', x.fn, saw, may);
            END IF;
        ELSIF x.rule = 'rows' THEN
            EXECUTE format('SELECT count(*) FROM %s AS x WHERE EXISTS (SELECT FROM allowed AS w
                            WHERE w.role = %L AND w.rule = ''agent'' AND w.agent IS NOT DISTINCT FROM %s)',
                           x.call_sql, r, x.agent_sql) INTO may;
            BEGIN
                EXECUTE format('SET LOCAL ROLE %I', r);
                EXECUTE format('SELECT count(*) FROM %s AS x', x.call_sql) INTO saw;
                RESET ROLE;
            EXCEPTION WHEN OTHERS THEN
                RESET ROLE;
                saw := 'error ' || SQLSTATE;
            END;
            IF saw IS DISTINCT FROM may THEN
                out := out || format('%s: saw %s, may see %s', x.fn, saw, may);
            END IF;
        ELSE
            FOR a IN SELECT g.id, g.employee_no FROM perfeval.agent AS g ORDER BY g.employee_no LOOP
                may := CASE WHEN EXISTS (SELECT FROM allowed AS w WHERE w.role = r AND w.rule = 'agent' AND w.agent = a.id)
                            THEN 'answered' ELSE '42704' END;
                BEGIN
                    EXECUTE format('SET LOCAL ROLE %I', r);
                    EXECUTE 'SELECT ' || format(x.call_sql, a.id) INTO saw;
                    RESET ROLE;
                    saw := 'answered';
                EXCEPTION WHEN OTHERS THEN
                    RESET ROLE;
                    saw := SQLSTATE;
                END;
                IF saw <> may THEN
                    out := out || format('%s for %s: %s, rule %s', x.fn, a.employee_no, saw, may);
                END IF;
            END LOOP;
        END IF;
    END LOOP;
    RETURN out;
END $$;

SELECT is(pg_temp.fmismatches('pe_t_agent1'), '{}', 'functions: the agent E1 gets exactly its own rows and answers');
SELECT is(pg_temp.fmismatches('pe_t_agent2'), '{}', 'functions: its teammate E2 exactly its own');
SELECT is(pg_temp.fmismatches('pe_t_mgr1'), '{}', 'functions: the manager of T1 exactly T1''s');
SELECT is(pg_temp.fmismatches('pe_t_mgr2'), '{}', 'functions: the manager of T2 exactly T2''s');
SELECT is(pg_temp.fmismatches('pe_t_hr'), '{}', 'functions: HR everyone''s');
SELECT is(pg_temp.fmismatches('pe_t_lead'), '{}', 'functions: leadership everyone''s');
SELECT is(pg_temp.fmismatches('pe_t_analyst'), '{}', 'functions: the analyst no person''s row or answer');
SELECT is(pg_temp.fmismatches('pe_t_nobody'), '{}', 'functions: a role mapped to nobody no person''s row or answer');
CREATE FUNCTION pg_temp.seen_rows(r name, q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE n text;
BEGIN
    EXECUTE format('SET LOCAL ROLE %I', r);
    EXECUTE q INTO n;
    RESET ROLE;
    RETURN n;
END $$;
-- not vacuous: the rows functions that return rows of two agents or more
CREATE FUNCTION pg_temp.fcovered() RETURNS text[] LANGUAGE plpgsql AS $$
DECLARE x record; n bigint; out text[] := '{}';
BEGIN
    FOR x IN SELECT * FROM function_rule WHERE rule = 'rows' ORDER BY fn LOOP
        EXECUTE format('SELECT count(DISTINCT %s) FROM %s AS x', x.agent_sql, x.call_sql) INTO n;
        IF n >= 2 THEN out := out || x.fn; END IF;
    END LOOP;
    RETURN out;
END $$;
SELECT is(pg_temp.fcovered(),
          '{"perfeval.evaluate_detail(integer,integer)","perfeval.evaluate_indicators(integer,integer)",perfeval.export_results(integer),"perfeval.replay(integer,integer[],boolean)","perfeval.rollup_detail(integer,integer)",perfeval.rollup_result(integer)}'::text[],
          'the fixture gives rows of two agents or more to every rows function');
SELECT is(pg_temp.seen_rows('pe_t_agent1', format('SELECT count(*) FROM perfeval.evaluate_rows(%s, 1)', :oct)), '8',
          'evaluate_rows as the agent: 8 rows, the 7 of others without any data (the directory''s team and department only)');

SELECT * FROM finish();
ROLLBACK;
