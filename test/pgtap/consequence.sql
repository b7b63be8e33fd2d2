-- pgTAP: consequences of results (H-3.3.1-5, H-5.3.2), improvement plans
-- (H-7) and the BI views, on the fixture test/fixture/consequence.sql.
BEGIN;
CREATE EXTENSION IF NOT EXISTS perfeval;
SELECT no_plan();
\set QUIET on
\ir ../fixture/consequence.sql

-- ---------------------------------------------------------------- objects
SELECT has_table('perfeval', t, 'table perfeval.' || t || ' exists')
FROM unnest('{bonus_rule,consequence_rule,improvement_plan,improvement_target,improvement_measure}'::name[]) AS t;
SELECT has_view('perfeval', v, 'view perfeval.' || v || ' exists')
FROM unnest('{bonus_eligibility,training_needs,consequence_candidate,promotion_candidates,care_list,bottom_elimination,improvement_progress,bi_result,bi_grade_distribution}'::name[]) AS v;
SELECT is((SELECT count(*) FROM pg_class c WHERE c.relnamespace = 'perfeval'::regnamespace AND c.relkind = 'v'
             AND c.relname IN ('bonus_eligibility','training_needs','consequence_candidate','promotion_candidates','care_list',
                               'bottom_elimination','improvement_progress','bi_result','bi_grade_distribution','result_current')
             AND c.reloptions @> '{security_invoker=true}'),
          10::bigint, 'H-1.2.1: the consequence, plan and BI views run with the reader''s rights (security_invoker)');
SELECT is((SELECT count(*) FROM pg_class c
           WHERE c.oid IN ('perfeval.bonus_rule'::regclass, 'perfeval.consequence_rule'::regclass, 'perfeval.improvement_plan'::regclass,
                           'perfeval.improvement_target'::regclass, 'perfeval.improvement_measure'::regclass)
             AND c.oid = ANY ((SELECT extconfig FROM pg_extension WHERE extname = 'perfeval')::oid[])),
          5::bigint, 'the new user tables are dumped by pg_dump (pg_extension_config_dump)');
SELECT is((SELECT count(*) FROM pg_class c JOIN pg_description d ON d.objoid = c.oid AND d.objsubid = 0
           WHERE c.relnamespace = 'perfeval'::regnamespace
             AND c.relname IN ('bonus_rule','consequence_rule','improvement_plan','improvement_target','improvement_measure',
                               'bonus_eligibility','training_needs','consequence_candidate','promotion_candidates','care_list',
                               'bottom_elimination','improvement_progress','bi_result','bi_grade_distribution')),
          14::bigint, 'every new table and view has a comment');

SELECT is((SELECT count(*) FROM pg_trigger t
           WHERE t.tgrelid IN ('perfeval.bonus_rule'::regclass, 'perfeval.consequence_rule'::regclass, 'perfeval.improvement_target'::regclass)
             AND NOT t.tgisinternal AND obj_description(t.oid, 'pg_trigger') IS NULL), 0::bigint,
          'every trigger of the new tables has a comment');
SELECT is((SELECT count(*) FROM pg_policy p WHERE obj_description(p.oid, 'pg_policy') IS NULL), 0::bigint,
          'every row-level security policy has a comment');
SELECT is((SELECT count(*) FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
           WHERE c.relnamespace = 'perfeval'::regnamespace
             AND c.relname IN ('measurement', 'layer_score', 'result',
                               'improvement_plan', 'improvement_target', 'improvement_measure')), 16::bigint,
          'H-1.2.1: 16 policies on measurement, layer_score, result (its indicator detail is the view result_indicator) and the plan tables');
SELECT is((SELECT array_agg(c.relname::text ORDER BY c.relname) FROM pg_class c
           WHERE c.relnamespace = 'perfeval'::regnamespace AND c.relrowsecurity),
          '{appeal,appeal_deadline,appeal_event,bonus_allocation,bonus_pool,calibration_policy,deadline_move,feedback_interview,feedback_interview_measure,improvement_measure,improvement_plan,improvement_target,layer_score,measurement,measurement_history,measurement_quarantine,penalty,period_report,result,result_feedback,reward,scheme_consultation,scheme_revision,scheme_revision_event,scheme_revision_problem,suggestion}'::text[],
          'row-level security is enabled on the tables holding an agent''s data (appeals: H-8; rewards, penalties, bonuses, feedback, raw input: issue 9; interviews, suggestions, reports: issue 14) and on the revision tables and settings of issue 15');

-- ---------------------------------------------------------------- period_index
SELECT is(perfeval.period_index('month', '2025-01-01') - perfeval.period_index('month', '2024-12-01'), 1,
          'H-3.3.5: December and the next January are adjacent months');
SELECT is(perfeval.period_index('quarter', '2025-01-01') - perfeval.period_index('quarter', '2024-10-01'), 1,
          'Q4 and the next Q1 are adjacent quarters');
SELECT is(perfeval.period_index('year', '2025-01-01'), 2025, 'a year''s index is the year');
SELECT is(perfeval.period_index('week', '2025-01-01'), NULL, 'an unknown kind gives NULL');
SELECT is(perfeval.period_index(k, d), NULL, format('an infinite day gives NULL (%s, %s)', k, d))
FROM unnest('{month,quarter,year}'::text[]) AS k, unnest('{infinity,-infinity}'::date[]) AS d;
SELECT is(perfeval.period_index('month', '294276-12-01'), 3531323, 'the last month of the timestamp range');
SELECT throws_ok($$SELECT perfeval.period_index('month', '5874897-12-01')$$, '22008', NULL,
                 'a day beyond the timestamp range is 22008');
SELECT is((SELECT provolatile::text || proisstrict::text || proparallel::text FROM pg_proc
           WHERE oid = 'perfeval.period_index(text, date)'::regprocedure), 'itrues', 'period_index is IMMUTABLE STRICT PARALLEL SAFE');

-- ---------------------------------------------------------------- H-3.3.5 bottom elimination
SELECT results_eq($$SELECT employee_no, streak FROM perfeval.bottom_elimination WHERE kind = 'month' ORDER BY employee_no$$,
                  $$VALUES ('A1'::text, 3)$$,
                  'H-3.3.5: fail in the last 3 adjacent months (default) lists A1 only');
SELECT is((SELECT count(*) FROM perfeval.bottom_elimination WHERE employee_no = 'A2'), 0::bigint,
          'H-3.3.5: a missing period (A2 has no April result) breaks the run');
SELECT is((SELECT count(*) FROM perfeval.bottom_elimination WHERE employee_no = 'A4'), 0::bigint,
          'H-3.3.5: a run must reach the latest period (A4 failed January-March only)');
SELECT is((SELECT count(*) FROM perfeval.bottom_elimination WHERE employee_no = 'A5'), 0::bigint,
          'H-3.3.5: inactive agents are not listed');
SELECT is((SELECT last_starts_on FROM perfeval.bottom_elimination WHERE employee_no = 'A1'), '2025-06-01'::date,
          'H-3.3.5: the run ends in the latest month');
SELECT is((SELECT final FROM perfeval.bottom_elimination WHERE employee_no = 'A1'), false,
          'H-3.2.7: not final while the months are not approved');

-- a user row overrides the seeded default: pass or worse, 3 months
INSERT INTO perfeval.consequence_rule (consequence, kind, threshold, periods) VALUES ('bottom_elimination', 'month', 'pass', 3);
SELECT results_eq($$SELECT employee_no, streak FROM perfeval.bottom_elimination WHERE kind = 'month' ORDER BY employee_no$$,
                  $$VALUES ('A1'::text, 3), ('A3', 6)$$,
                  'H-3.3.5: a configured threshold (pass x 3) overrides the default and lists A3 too');
UPDATE perfeval.consequence_rule SET periods = 7 WHERE NOT seeded AND consequence = 'bottom_elimination';
SELECT is((SELECT count(*) FROM perfeval.bottom_elimination WHERE kind = 'month'), 0::bigint,
          'H-3.3.5: N = 7 adjacent months: nobody has 7 results');
UPDATE perfeval.consequence_rule SET periods = 3, enabled = false WHERE NOT seeded AND consequence = 'bottom_elimination';
SELECT is((SELECT count(*) FROM perfeval.bottom_elimination WHERE kind = 'month'), 0::bigint,
          'a user row with enabled = false switches the consequence off');
DELETE FROM perfeval.consequence_rule WHERE NOT seeded;
SELECT throws_ok($$UPDATE perfeval.consequence_rule SET periods = 2 WHERE seeded AND kind = 'month' AND consequence = 'care'$$,
                 '55000', 'rows seeded by perfeval are read-only', 'seeded defaults are read-only (add a row instead)');
SELECT throws_ok($$INSERT INTO perfeval.consequence_rule (consequence, kind, threshold, periods) VALUES ('care', 'month', 'pass', 0)$$,
                 '23514', NULL, 'N must be at least 1');
SELECT throws_ok($$INSERT INTO perfeval.consequence_rule (consequence, kind, threshold, periods) VALUES ('sack', 'month', 'pass', 1)$$,
                 '23514', NULL, 'an unknown consequence is refused');

-- the streaks agree with plain SQL: the run of hits since the last month
-- (up to June) that is not a hit or has no result
SELECT set_eq($$SELECT c.consequence, c.employee_no, c.streak::bigint FROM perfeval.consequence_candidate AS c WHERE c.kind = 'month'$$,
              $$SELECT u.consequence, a.employee_no, s.run
                FROM perfeval.consequence_rule AS u
                CROSS JOIN perfeval.agent AS a
                CROSS JOIN LATERAL (
                    SELECT count(*) AS run
                    FROM perfeval.result AS r JOIN perfeval.period AS p ON p.id = r.period_id
                    WHERE r.agent_id = a.id AND r.is_current AND p.kind = 'month'
                      AND p.starts_on > (SELECT coalesce(max(p2.starts_on), '-infinity')
                                         FROM perfeval.period AS p2
                                         WHERE p2.kind = 'month' AND p2.starts_on <= '2025-06-01'
                                           AND NOT EXISTS (SELECT FROM perfeval.result AS r2
                                                           WHERE r2.period_id = p2.id AND r2.agent_id = a.id AND r2.is_current
                                                             AND CASE WHEN u.consequence = 'promotion' THEN r2.grade >= u.threshold
                                                                      ELSE r2.grade <= u.threshold END))) AS s
                WHERE u.kind = 'month' AND u.seeded AND a.active AND s.run >= u.periods$$,
              'H-3.3.3-5: candidates and streaks (C grade_streak) agree with a plain-SQL formulation');

-- ---------------------------------------------------------------- H-3.3.3 promotion
SELECT results_eq($$SELECT employee_no, streak FROM perfeval.promotion_candidates WHERE kind = 'month' ORDER BY employee_no$$,
                  $$VALUES ('A6'::text, 3)$$,
                  'H-3.3.3: excellent in the last 3 months (default) lists A6');
INSERT INTO perfeval.consequence_rule (consequence, kind, threshold, periods) VALUES ('promotion', 'month', 'good', 3);
SELECT results_eq($$SELECT employee_no, streak FROM perfeval.promotion_candidates WHERE kind = 'month' ORDER BY employee_no$$,
                  $$VALUES ('A4'::text, 3), ('A6', 3)$$,
                  'H-3.3.3: promotion counts grades at or ABOVE the threshold (good x 3 adds A4)');
DELETE FROM perfeval.consequence_rule WHERE NOT seeded;

-- ---------------------------------------------------------------- H-3.3.4 care
SELECT results_eq($$SELECT employee_no, last_grade::text FROM perfeval.care_list WHERE kind = 'month' ORDER BY employee_no$$,
                  $$VALUES ('A1'::text, 'fail'), ('A2', 'fail'), ('A3', 'fail')$$,
                  'H-3.3.4: pass or fail in the latest month puts an active agent on the care list');

-- ---------------------------------------------------------------- H-3.3.1 bonus
SELECT results_eq($$SELECT employee_no, grade::text, eligible, coefficient FROM perfeval.bonus_eligibility
                    WHERE starts_on = '2025-06-01' ORDER BY employee_no$$,
                  $$VALUES ('A1'::text, 'fail', false, 0.000::numeric(6,3)), ('A2', 'fail', false, 0.000), ('A3', 'fail', false, 0.000),
                           ('A4', 'excellent', true, 1.500), ('A5', 'fail', false, 0.000), ('A6', 'excellent', true, 1.500)$$,
                  'H-3.3.1: bonus eligibility and coefficient by grade, seeded defaults');
INSERT INTO perfeval.bonus_rule (scheme_version_id, grade, eligible, coefficient) VALUES (1, 'excellent', true, 2.0);
SELECT is((SELECT coefficient FROM perfeval.bonus_eligibility WHERE starts_on = '2025-06-01' AND employee_no = 'A6'), 2.000::numeric(6,3),
          'H-5.3.2: a user row overrides the seeded coefficient of its scheme version');
INSERT INTO perfeval.scheme_version (id, name, valid_from) VALUES (900, 'test v2', '2025-05-01');
UPDATE perfeval.result SET scheme_version_id = 900
WHERE period_id = perfeval.period_of('month', '2025-05-01');
SELECT is((SELECT coefficient FROM perfeval.bonus_eligibility WHERE starts_on = '2025-05-01' AND employee_no = 'A6'), 2.000::numeric(6,3),
          'a version without its own bonus rules uses those of the default version 1 (with the user''s override)');
SELECT is((SELECT coefficient FROM perfeval.bonus_eligibility WHERE starts_on = '2025-05-01' AND employee_no = 'A3'), 0.500::numeric(6,3),
          '... and the seeded default for a grade without a user row (pass 0.5)');
INSERT INTO perfeval.bonus_rule (scheme_version_id, grade, eligible, coefficient) VALUES (900, 'excellent', true, 1.8);
SELECT is((SELECT coefficient FROM perfeval.bonus_eligibility WHERE starts_on = '2025-05-01' AND employee_no = 'A6'), 1.800::numeric(6,3),
          'H-5.3.3: a result uses the bonus rule of its own scheme version');
SELECT is((SELECT coefficient FROM perfeval.bonus_eligibility WHERE starts_on = '2025-06-01' AND employee_no = 'A6'), 2.000::numeric(6,3),
          'H-1.2.3: another version''s rule does not change a result under version 1');
SELECT throws_ok($$INSERT INTO perfeval.bonus_rule (scheme_version_id, grade, eligible, coefficient) VALUES (900, 'fail', false, 0.5)$$,
                 '23514', NULL, 'an ineligible grade has coefficient 0');
SELECT throws_ok($$DELETE FROM perfeval.bonus_rule WHERE seeded$$, '55000', NULL, 'seeded bonus rules are read-only');

-- ---------------------------------------------------------------- H-3.3.2 training needs
SELECT results_eq($$SELECT weakest_dimension, weakest_dimension_score, weakest_indicators, weakest_indicator_scores, training_suggested
                    FROM perfeval.training_needs WHERE employee_no = 'A1' AND starts_on = '2025-06-01'$$,
                  $$VALUES ('capability'::text, 44.9000::numeric(7,4), '{complaint_rate,csat_score,teamwork}'::text[],
                            '{40.0000,40.0000,55.0000}'::numeric[], true)$$,
                  'H-3.3.2: weakest dimension (tie capability/satisfaction -> capability) and the three lowest indicators (ties by code)');
SELECT is((SELECT training_suggested FROM perfeval.training_needs WHERE employee_no = 'A6' AND starts_on = '2025-06-01'), false,
          'H-3.3.2: an excellent agent whose weakest subtotal is above the pass cutoff needs no training');
SELECT is((SELECT count(*) FROM perfeval.training_needs WHERE employee_no = 'A5'), 0::bigint, 'inactive agents are not listed');

-- ---------------------------------------------------------------- H-7 improvement plans
SELECT results_eq($$SELECT indicator, to_char(starts_on, 'MM'), baseline_value, value, improved, target_met, after_due
                    FROM perfeval.improvement_progress ORDER BY indicator, starts_on$$,
                  $$VALUES ('avg_response_seconds'::text, '04', 40::float8, 35::float8, true, false, false),
                           ('avg_response_seconds', '05', 40, 25, true, true, false),
                           ('avg_response_seconds', '06', 40, NULL, NULL, NULL, true),
                           ('csat_score', '04', 4.0, 4.6, true, true, false),
                           ('csat_score', '05', 4.0, 3.9, false, false, false),
                           ('csat_score', '06', 4.0, 4.5, true, true, true)$$,
                  'H-7.3: before and after, in each indicator''s direction (lower response time is better), target met or not');
SELECT throws_ok($$INSERT INTO perfeval.improvement_target (plan_id, indicator_id, target_value)
                   SELECT p.id, i.id, 1.5 FROM perfeval.improvement_plan p, perfeval.indicator i WHERE i.code = 'complaint_rate'$$,
                 '23514', 'target 1.5 is outside the range of indicator complaint_rate', 'H-7.1: a target outside the indicator''s range is refused');
SELECT throws_ok($$INSERT INTO perfeval.improvement_target (plan_id, indicator_id, target_value)
                   SELECT p.id, i.id, 'NaN' FROM perfeval.improvement_plan p, perfeval.indicator i WHERE i.code = 'teamwork'$$,
                 '23514', NULL, 'a NaN target is refused');
SELECT throws_ok($$INSERT INTO perfeval.improvement_measure (plan_id, kind, description) SELECT id, 'prayer', 'x' FROM perfeval.improvement_plan$$,
                 '23514', NULL, 'H-7.1: measures are training, process change, tools or incentives');
SELECT throws_ok($$INSERT INTO perfeval.improvement_plan (agent_id, baseline_period_id, title, owner, due_on)
                   SELECT a.id, 1, 't', 'o', 'infinity' FROM perfeval.agent a WHERE employee_no = 'A2'$$,
                 '23514', NULL, 'H-7.2: a due date is a finite date');

-- ---------------------------------------------------------------- BI views
SELECT results_eq($$SELECT employee_no, grade_zh, grade_en, rank_team, percentile_team, percentile_company
                    FROM perfeval.bi_result WHERE period_start = '2025-06-01' AND team_code = 'T1' ORDER BY rank_team$$,
                  $$VALUES ('A6'::text, '优秀'::text, 'excellent'::text, 1, 100.00::numeric, 80.00::numeric),
                           ('A1', '不合格', 'fail', 2, 50.00, 60.00), ('A2', '不合格', 'fail', 3, 0.00, 40.00)$$,
                  'H-3.2.6: bi_result gives grade labels, stored ranks and percentiles (100 = best)');
SELECT is((SELECT count(*) FROM perfeval.bi_grade_distribution WHERE period_start = '2025-06-01'), 10::bigint,
          'H-5.1: five grades per team and period, zeros included');
SELECT results_eq($$SELECT grade::text, agents, share_pct FROM perfeval.bi_grade_distribution
                    WHERE period_start = '2025-06-01' AND team_code = 'T2' ORDER BY bi_grade_distribution.grade DESC$$,
                  $$VALUES ('excellent'::text, 1::bigint, 33.33::numeric), ('good', 0, 0.00), ('medium', 0, 0.00), ('pass', 0, 0.00), ('fail', 2, 66.67)$$,
                  'grade distribution of team two in June');

-- ---------------------------------------------------------------- approval makes consequences final
UPDATE perfeval.period SET state = 'approved', approved_at = now()
WHERE kind = 'month' AND starts_on BETWEEN '2025-04-01' AND '2025-06-01';
SELECT is((SELECT final FROM perfeval.bottom_elimination WHERE employee_no = 'A1'), true,
          'H-3.2.7: final once every period of the run is approved');

SELECT * FROM finish();
ROLLBACK;
