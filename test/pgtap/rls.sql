-- pgTAP: row-level security on measurements, layer scores, results and
-- plans, seen as each role (an agent, a manager, HR, an unmapped role), and
-- through the security_invoker views of consequences, plans and BI tools.
-- Roles are created inside the transaction and vanish with its ROLLBACK.
BEGIN;
CREATE EXTENSION IF NOT EXISTS perfeval;
SELECT no_plan();
\set QUIET on
\ir ../fixture/consequence.sql

SELECT is((SELECT count(*)::int FROM pg_roles WHERE rolname IN ('perfeval_agent', 'perfeval_manager', 'perfeval_hr',
            'perfeval_leadership', 'perfeval_analyst', 'perfeval_service') AND NOT rolcanlogin AND NOT rolsuper),
          6, 'CREATE EXTENSION made (or found) the six group roles, NOLOGIN (H-9.1)');
SELECT is(perfeval.is_member_of('no_such_role_pe'), false, 'is_member_of() is false for a role that does not exist');

CREATE ROLE pe_t_hr NOLOGIN IN ROLE perfeval_hr;
CREATE ROLE pe_t_mgr1 NOLOGIN;
CREATE ROLE pe_t_mgr2 NOLOGIN;
CREATE ROLE pe_t_deputy NOLOGIN IN ROLE pe_t_mgr1;
CREATE ROLE pe_t_a1 NOLOGIN;
CREATE ROLE pe_t_a2 NOLOGIN;
CREATE ROLE pe_t_a3 NOLOGIN;
CREATE ROLE pe_t_other NOLOGIN;
GRANT USAGE ON SCHEMA perfeval TO pe_t_hr, pe_t_mgr1, pe_t_mgr2, pe_t_deputy, pe_t_a1, pe_t_a2, pe_t_a3, pe_t_other;
GRANT SELECT ON ALL TABLES IN SCHEMA perfeval TO pe_t_hr, pe_t_mgr1, pe_t_mgr2, pe_t_deputy, pe_t_a1, pe_t_a2, pe_t_a3, pe_t_other;
GRANT INSERT, UPDATE, DELETE ON perfeval.measurement, perfeval.layer_score, perfeval.result,
      perfeval.improvement_plan, perfeval.improvement_target
      TO pe_t_hr, pe_t_mgr1, pe_t_mgr2, pe_t_deputy, pe_t_a1, pe_t_a2, pe_t_a3, pe_t_other;
GRANT UPDATE ON perfeval.period TO pe_t_mgr1;      -- evaluate locks the period row
SELECT perfeval.period_of('month', '2025-07-01') \g /dev/null
GRANT USAGE ON ALL SEQUENCES IN SCHEMA perfeval TO pe_t_hr, pe_t_mgr1, pe_t_mgr2, pe_t_deputy, pe_t_a1, pe_t_a2, pe_t_a3, pe_t_other;

-- seen(role, query): how many rows query returns when run as role
CREATE FUNCTION pg_temp.seen(r name, q text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    n bigint;
BEGIN
    EXECUTE format('SET LOCAL ROLE %I', r);
    EXECUTE format('SELECT count(*) FROM (%s) AS x', q) INTO n;
    RESET ROLE;
    RETURN n;
END
$$;
CREATE TEMP TABLE last_error (id serial, message text);
-- try_as(role, statement): 'ok' or the SQLSTATE it raised, run as role
CREATE FUNCTION pg_temp.try_as(r name, q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    BEGIN
        EXECUTE format('SET LOCAL ROLE %I', r);
        EXECUTE q;
        RESET ROLE;
        RETURN 'ok';
    EXCEPTION WHEN OTHERS THEN
        INSERT INTO pg_temp.last_error (message) VALUES (SQLERRM);
        RETURN SQLSTATE;
    END;
END
$$;

-- ------------------------------------------------------------------ reading the tables
CREATE TEMP TABLE expect (rel text, role name, n bigint);
INSERT INTO expect VALUES
  -- results: A1 6, A2 5, A6 6 (team one); A3 6, A4 6, A5 6 (team two)
  ('perfeval.result', 'pe_t_hr', 35), ('perfeval.result', 'pe_t_mgr1', 17), ('perfeval.result', 'pe_t_deputy', 17),
  ('perfeval.result', 'pe_t_mgr2', 18), ('perfeval.result', 'pe_t_a1', 6), ('perfeval.result', 'pe_t_a2', 5),
  ('perfeval.result', 'pe_t_other', 0),
  ('perfeval.result_indicator', 'pe_t_hr', 6), ('perfeval.result_indicator', 'pe_t_mgr1', 6),
  ('perfeval.result_indicator', 'pe_t_mgr2', 0), ('perfeval.result_indicator', 'pe_t_a1', 6), ('perfeval.result_indicator', 'pe_t_a2', 0),
  ('perfeval.measurement', 'pe_t_hr', 7), ('perfeval.measurement', 'pe_t_mgr1', 6), ('perfeval.measurement', 'pe_t_mgr2', 1),
  ('perfeval.measurement', 'pe_t_a1', 6), ('perfeval.measurement', 'pe_t_a3', 1), ('perfeval.measurement', 'pe_t_a2', 0),
  ('perfeval.measurement', 'pe_t_other', 0),
  ('perfeval.layer_score', 'pe_t_hr', 3), ('perfeval.layer_score', 'pe_t_mgr1', 1), ('perfeval.layer_score', 'pe_t_mgr2', 2),
  ('perfeval.layer_score', 'pe_t_a3', 1), ('perfeval.layer_score', 'pe_t_a2', 0), ('perfeval.layer_score', 'pe_t_other', 0),
  ('perfeval.improvement_plan', 'pe_t_hr', 1), ('perfeval.improvement_plan', 'pe_t_mgr1', 1), ('perfeval.improvement_plan', 'pe_t_a1', 1),
  ('perfeval.improvement_plan', 'pe_t_a2', 0), ('perfeval.improvement_plan', 'pe_t_mgr2', 0),
  ('perfeval.improvement_target', 'pe_t_a1', 2), ('perfeval.improvement_target', 'pe_t_a2', 0),
  ('perfeval.improvement_measure', 'pe_t_mgr1', 1), ('perfeval.improvement_measure', 'pe_t_mgr2', 0),
  -- the views show what the tables would
  ('perfeval.result_current', 'pe_t_hr', 35), ('perfeval.result_current', 'pe_t_a2', 5),
  ('perfeval.bi_result', 'pe_t_hr', 35), ('perfeval.bi_result', 'pe_t_mgr1', 17), ('perfeval.bi_result', 'pe_t_a1', 6),
  ('perfeval.bi_result', 'pe_t_other', 0),
  ('perfeval.bi_grade_distribution', 'pe_t_hr', 60), ('perfeval.bi_grade_distribution', 'pe_t_a1', 30),
  ('perfeval.bi_grade_distribution', 'pe_t_other', 0),
  ('perfeval.bonus_eligibility', 'pe_t_hr', 35), ('perfeval.bonus_eligibility', 'pe_t_mgr2', 18), ('perfeval.bonus_eligibility', 'pe_t_a3', 6),
  ('perfeval.training_needs', 'pe_t_hr', 29), ('perfeval.training_needs', 'pe_t_mgr2', 12), ('perfeval.training_needs', 'pe_t_a2', 5),
  ('perfeval.bottom_elimination', 'pe_t_hr', 1), ('perfeval.bottom_elimination', 'pe_t_mgr1', 1),
  ('perfeval.bottom_elimination', 'pe_t_a1', 1), ('perfeval.bottom_elimination', 'pe_t_mgr2', 0), ('perfeval.bottom_elimination', 'pe_t_a2', 0),
  ('perfeval.care_list', 'pe_t_hr', 3), ('perfeval.care_list', 'pe_t_mgr1', 2), ('perfeval.care_list', 'pe_t_a3', 1),
  ('perfeval.care_list', 'pe_t_other', 0),
  ('perfeval.promotion_candidates', 'pe_t_hr', 1), ('perfeval.promotion_candidates', 'pe_t_mgr2', 0),
  ('perfeval.improvement_progress', 'pe_t_hr', 6), ('perfeval.improvement_progress', 'pe_t_mgr1', 6),
  ('perfeval.improvement_progress', 'pe_t_a1', 6), ('perfeval.improvement_progress', 'pe_t_mgr2', 0),
  ('perfeval.improvement_progress', 'pe_t_a2', 0);

SELECT is(pg_temp.seen(e.role, 'SELECT * FROM ' || e.rel), e.n,
          format('H-3.2.4: %s sees %s rows of %s', e.role, e.n, e.rel))
FROM expect AS e ORDER BY e.rel, e.role;

SELECT is(pg_temp.seen('pe_t_a1', $$SELECT FROM perfeval.result r JOIN perfeval.agent a ON a.id = r.agent_id WHERE a.employee_no <> 'A1'$$),
          0::bigint, 'an agent sees no other agent''s result');
SELECT is(pg_temp.seen('pe_t_hr', 'SELECT FROM (SELECT perfeval.is_hr() AS hr) x WHERE hr'), 1::bigint,
          'is_hr() is true for a member of perfeval_hr');
SELECT is(pg_temp.seen('pe_t_mgr1', 'SELECT FROM (SELECT perfeval.is_hr() AS hr) x WHERE hr'), 0::bigint,
          'is_hr() is false for a manager');
SELECT is(pg_temp.seen('pe_t_a1', 'SELECT FROM perfeval.visible_agent_ids()'), 1::bigint, 'an agent''s visible agents: itself');
SELECT is(pg_temp.seen('pe_t_mgr2', 'SELECT FROM perfeval.visible_agent_ids()'), 4::bigint, 'a manager''s visible agents: the team (A3, A4, A5, A7)');
SELECT is(pg_temp.seen('pe_t_hr', 'SELECT FROM perfeval.managed_agent_ids()'), 7::bigint, 'HR manages every agent');

-- ------------------------------------------------------------------ writing
SELECT is(pg_temp.try_as('pe_t_a1', $$INSERT INTO perfeval.layer_score (agent_id, period_id, layer, score)
                                     SELECT id, perfeval.period_of('month', '2025-05-01'), 'self', 80 FROM perfeval.agent WHERE employee_no = 'A1'$$),
          'ok', 'H-3.2.3: an agent enters its own self evaluation');
SELECT is(pg_temp.try_as('pe_t_a1', $$INSERT INTO perfeval.layer_score (agent_id, period_id, layer, score)
                                     SELECT id, perfeval.period_of('month', '2025-05-01'), 'department', 99 FROM perfeval.agent WHERE employee_no = 'A1'$$),
          '42501', 'H-3.2.3: an agent cannot enter its department evaluation');
SELECT is(pg_temp.try_as('pe_t_a1', $$INSERT INTO perfeval.layer_score (agent_id, period_id, layer, score)
                                     SELECT id, perfeval.period_of('month', '2025-05-01'), 'self', 10 FROM perfeval.agent WHERE employee_no = 'A2'$$),
          '42501', 'an agent cannot enter another agent''s self evaluation');
SELECT is(pg_temp.try_as('pe_t_mgr1', $$INSERT INTO perfeval.layer_score (agent_id, period_id, layer, score)
                                       SELECT id, perfeval.period_of('month', '2025-05-01'), 'department', 75 FROM perfeval.agent WHERE employee_no = 'A2'$$),
          'ok', 'H-3.2.3: a manager enters the department evaluation of a team member');
SELECT is(pg_temp.try_as('pe_t_mgr1', $$INSERT INTO perfeval.measurement (agent_id, period_id, indicator_id, value, source)
                                       SELECT a.id, perfeval.period_of('month', '2025-05-01'), i.id, 0.9, 'system_log'
                                       FROM perfeval.agent a, perfeval.indicator i WHERE a.employee_no = 'A2' AND i.code = 'entry_accuracy_rate'$$),
          'ok', 'H-9.1: a first-line manager collects the team''s data');
SELECT is(pg_temp.try_as('pe_t_mgr1', $$INSERT INTO perfeval.measurement (agent_id, period_id, indicator_id, value, source)
                                       SELECT a.id, perfeval.period_of('month', '2025-05-01'), i.id, 0.9, 'system_log'
                                       FROM perfeval.agent a, perfeval.indicator i WHERE a.employee_no = 'A3' AND i.code = 'entry_accuracy_rate'$$),
          '42501', 'a manager cannot write another team''s data');
SELECT is(pg_temp.try_as('pe_t_a1', $$INSERT INTO perfeval.measurement (agent_id, period_id, indicator_id, value, source)
                                     SELECT a.id, perfeval.period_of('month', '2025-05-01'), i.id, 1, 'system_log'
                                     FROM perfeval.agent a, perfeval.indicator i WHERE a.employee_no = 'A1' AND i.code = 'entry_accuracy_rate'$$),
          '42501', 'an agent cannot write its own measurements');
SELECT is(pg_temp.try_as('pe_t_mgr1', $$INSERT INTO perfeval.result (period_id, agent_id, scheme_version_id, team_id, department_id)
                                       SELECT perfeval.period_of('month', '2025-07-01'), a.id, 1, a.team_id, t.department_id
                                       FROM perfeval.agent a JOIN perfeval.team t ON t.id = a.team_id WHERE a.employee_no = 'A2'$$),
          '42501', 'H-3.2.7: only HR writes results');
SELECT is(pg_temp.try_as('pe_t_mgr1', $$UPDATE perfeval.result SET total = 99, grade = 'excellent'
                                       WHERE agent_id = (SELECT id FROM perfeval.agent WHERE employee_no = 'A2')$$),
          'ok', 'a manager''s UPDATE of results runs ...');
SELECT is((SELECT count(*) FROM perfeval.result WHERE total = 99), 0::bigint, '... but changes nothing');
SELECT is(pg_temp.try_as('pe_t_hr', $$UPDATE perfeval.result SET total = 51 WHERE total = 50 - 0.5$$), 'ok', 'HR may write results');
SELECT is((SELECT count(*) FROM perfeval.result WHERE total = 51), 6::bigint, 'HR''s update reached every row');
SELECT is(pg_temp.try_as('pe_t_mgr1', $$SELECT perfeval.evaluate(perfeval.period_of('month', '2025-06-01'))$$), '42501',
          'H-3.2.7: a manager cannot run evaluate (it would write results from a partial view of the data)');
SELECT is(pg_temp.try_as('pe_t_mgr2', $$INSERT INTO perfeval.improvement_plan (agent_id, baseline_period_id, title, owner, due_on)
                                       SELECT a.id, perfeval.period_of('month', '2025-06-01'), 'plan', 'mgr', '2025-12-31'
                                       FROM perfeval.agent a WHERE a.employee_no = 'A1'$$),
          '42501', 'H-7.2: a manager writes plans for the team only');
SELECT is(pg_temp.try_as('pe_t_a1', $$INSERT INTO perfeval.improvement_target (plan_id, indicator_id, target_value)
                                     SELECT p.id, i.id, 0.99 FROM perfeval.improvement_plan p, perfeval.indicator i WHERE i.code = 'entry_accuracy_rate'$$),
          '42501', 'an agent cannot change the targets of its plan');

SELECT * FROM finish();
ROLLBACK;
