-- pgTAP: the evaluation cycle's rules by handbook id and their SQLSTATEs
-- (issue 4 items 2-7): periods, scheme weights at commit, refusal of
-- invalid data, the approval lock, scheme versioning, determinism.
BEGIN;
CREATE EXTENSION IF NOT EXISTS perfeval;
SELECT plan(61);

INSERT INTO perfeval.department (code, name) VALUES ('TD1', 'Dept');
INSERT INTO perfeval.team (department_id, code, name)
SELECT d.id, 'TT' || g, 'Team ' || g FROM perfeval.department AS d, generate_series(1, 2) AS g WHERE d.code = 'TD1';
INSERT INTO perfeval.agent (employee_no, name, team_id, hired_on)
SELECT 'T' || lpad(g::text, 3, '0'), 'Agent ' || g, t.id, date '2024-01-01'
FROM generate_series(1, 6) AS g JOIN perfeval.team AS t ON t.code = 'TT' || (1 + g % 2);
CREATE TEMP TABLE ids AS
SELECT perfeval.period_of('month', '2031-01-01') AS jan, perfeval.period_of('month', '2031-02-01') AS feb,
       perfeval.period_of('quarter', '2031-01-01') AS q1, perfeval.period_of('year', '2031-06-30') AS y;

-- H-3.1.2-4: natural month, quarter, year; period_of creates once
SELECT results_eq($$SELECT kind, starts_on, ends_on FROM perfeval.period WHERE id IN (SELECT unnest(ARRAY[jan, q1, y]) FROM ids) ORDER BY id$$,
                  $$VALUES ('month', date '2031-01-01', date '2031-01-31'), ('quarter', date '2031-01-01', date '2031-03-31'),
                           ('year', date '2031-01-01', date '2031-12-31')$$,
                  'H-3.1.2-4: periods are the natural month, quarter and year');
SELECT is(perfeval.period_of('month', '2031-01-31'), (SELECT jan FROM ids), 'H-3.1.2: period_of returns the existing month');
SELECT is(perfeval.period_of('quarter', '2031-03-31'), (SELECT q1 FROM ids), 'H-3.1.3: period_of returns the existing quarter');
SELECT throws_ok($$SELECT perfeval.period_of('fortnight', '2031-01-01')$$, '22023', NULL, 'H-3.1.1: an unknown period kind is 22023');
SELECT throws_ok($$SELECT perfeval.period_of('month', '-infinity')$$, '22008', NULL, 'an infinite day is 22008');
SELECT throws_ok($$INSERT INTO perfeval.period (kind, starts_on, ends_on) VALUES ('month', '2031-05-02', '2031-06-01')$$,
                 '23514', NULL, 'H-3.1.2: a month that is not a calendar month is refused (23514)');
SELECT throws_ok($$INSERT INTO perfeval.period (kind, starts_on, ends_on) VALUES ('year', '2031-01-01', '2031-12-31')$$,
                 '23505', NULL, 'two periods of one kind never overlap');
SELECT lives_ok($$SELECT perfeval.close_period((SELECT y FROM ids))$$, 'open -> closed');
SELECT throws_ok($$UPDATE perfeval.period SET state = 'open' WHERE id = (SELECT y FROM ids)$$, '55000', NULL,
                 'closed -> open is refused (55000)');
SELECT throws_ok($$SELECT perfeval.close_period((SELECT y FROM ids))$$, '55000', NULL, 'closing a closed period is 55000');
SELECT throws_ok($$SELECT perfeval.close_period(2147483647)$$, '42704', NULL, 'an unknown period is 42704');

-- H-3.2.1, H-9.2: weights total 10,000 basis points, checked at commit
INSERT INTO perfeval.scheme_version (name, valid_from) VALUES ('t2031', '2031-01-01');
CREATE TEMP TABLE sv AS SELECT id FROM perfeval.scheme_version WHERE name = 't2031';
INSERT INTO perfeval.scheme_item (scheme_version_id, indicator_id, weight_bp, worst, best)
SELECT sv.id, i.id, 6000, 0, 100 FROM sv, perfeval.indicator AS i WHERE i.code = 'proactive_service';
SELECT lives_ok($$INSERT INTO perfeval.scheme_item (scheme_version_id, indicator_id, weight_bp, worst, best)
                  SELECT sv.id, i.id, 6000, 0, 100 FROM sv, perfeval.indicator AS i WHERE i.code = 'product_knowledge'$$,
                'H-3.2.1: a version may total other than 10,000 inside the transaction');
SELECT throws_ok($$SET CONSTRAINTS perfeval.scheme_item_weights_total IMMEDIATE$$, '23514', NULL,
                 'H-3.2.1: 12,000 basis points are refused at commit (23514)');
UPDATE perfeval.scheme_item SET weight_bp = 4000 WHERE scheme_version_id = (SELECT id FROM sv)
   AND indicator_id = (SELECT id FROM perfeval.indicator WHERE code = 'product_knowledge');
SELECT lives_ok($$SET CONSTRAINTS perfeval.scheme_item_weights_total IMMEDIATE$$, 'H-3.2.1: 10,000 basis points pass');
SET CONSTRAINTS perfeval.scheme_item_weights_total DEFERRED;
SELECT throws_ok($$INSERT INTO perfeval.scheme_item (scheme_version_id, indicator_id, weight_bp, worst, best)
                   SELECT sv.id, i.id, 100, 5, 5 FROM sv, perfeval.indicator AS i WHERE i.code = 'teamwork'$$,
                 '22023', NULL, 'a linear normalisation with worst = best is refused (22023)');
SELECT throws_ok($$INSERT INTO perfeval.scheme_item (scheme_version_id, indicator_id, weight_bp, breakpoints, scores)
                   SELECT sv.id, i.id, 100, '{1,3,2}', '{0,50,100}' FROM sv, perfeval.indicator AS i WHERE i.code = 'teamwork'$$,
                 '22023', NULL, 'unsorted breakpoints are refused (22023)');
SELECT throws_ok($$INSERT INTO perfeval.scheme_item (scheme_version_id, indicator_id, weight_bp, worst, best, breakpoints, scores)
                   SELECT sv.id, i.id, 100, 0, 1, '{0,1}', '{0,100}' FROM sv, perfeval.indicator AS i WHERE i.code = 'teamwork'$$,
                 '23514', NULL, 'exactly one normalisation per item (23514)');
SELECT throws_ok($$INSERT INTO perfeval.scheme_item (scheme_version_id, indicator_id, weight_bp, worst, best, critical)
                   SELECT sv.id, i.id, 0, 0, 1, true FROM sv, perfeval.indicator AS i WHERE i.code = 'teamwork'$$,
                 '23514', NULL, 'a critical item needs its threshold (23514)');
SELECT throws_ok($$INSERT INTO perfeval.scheme_version (name, valid_from, cutoffs) VALUES ('bad', '2032-01-01', '{60,70,80,90}')$$,
                 '22023', NULL, 'H-5.3.3: cutoffs must decrease (22023)');
SELECT throws_ok($$INSERT INTO perfeval.scheme_version (name, valid_from, blend) VALUES ('bad', '2032-01-01', '{20,-30,50}')$$,
                 '22023', NULL, 'H-3.2.3: a negative layer weight is refused (22023)');
SELECT throws_ok($$INSERT INTO perfeval.scheme_version (name, valid_from) VALUES ('same day', '2031-01-01')$$,
                 '23505', NULL, 'H-1.2.3: two versions cannot start on the same day (no overlap)');
SELECT throws_ok($$UPDATE perfeval.scheme_item SET weight_bp = 1 WHERE scheme_version_id = 1 AND indicator_id = 1$$,
                 '55000', NULL, 'the seeded scheme is read-only (55000)');
SELECT throws_ok($$DELETE FROM perfeval.indicator WHERE code = 'csat_score'$$, '55000', NULL, 'seeded indicators are read-only (55000)');
SELECT is(perfeval.scheme_at('2030-12-31'), 1, 'H-3.2.1: before 2031 the seeded default applies');
SELECT is(perfeval.scheme_at('2031-01-01'), (SELECT id FROM sv), 'H-3.2.1: from its valid_from the new version applies');

-- H-4.3: refusal of invalid data (23514), before anything is stored
SELECT throws_ok(format($$INSERT INTO perfeval.measurement (agent_id, period_id, indicator_id, value, source)
                          SELECT a.id, %s, i.id, %s, 'system_log' FROM perfeval.agent a, perfeval.indicator i
                          WHERE a.employee_no = 'T001' AND i.code = %L$$, (SELECT jan FROM ids), v, code),
                 '23514', NULL, 'H-4.3: ' || what || ' is refused (23514)')
FROM (VALUES ('complaint_rate', '1.5', 'a rate above 1'), ('winback_rate', '-0.1', 'a negative rate'),
             ('handling_seconds', '-1', 'a negative duration'), ('csat_score', '0.5', 'a score below its scale'),
             ('proactive_service', '101', 'a rating above 100'), ('csat_score', '''Infinity''', 'an infinite value'),
             ('csat_score', '''NaN''', 'NaN')) AS t(code, v, what);
SELECT throws_ok(format($$INSERT INTO perfeval.measurement (agent_id, period_id, indicator_id, value, source)
                          SELECT a.id, %s, i.id, 4, 'survey' FROM perfeval.agent a, perfeval.indicator i
                          WHERE a.employee_no = 'T001' AND i.code = 'csat_score'$$, (SELECT q1 FROM ids)),
                 '23514', NULL, 'H-3.1: raw values belong to months (23514)');

-- H-4.1: the five sources, and only them
SELECT throws_ok(format($$INSERT INTO perfeval.measurement (agent_id, period_id, indicator_id, value, source)
                          SELECT a.id, %s, i.id, 4, 'hearsay' FROM perfeval.agent a, perfeval.indicator i
                          WHERE a.employee_no = 'T001' AND i.code = 'csat_score'$$, (SELECT jan FROM ids)),
                 '23514', NULL, 'H-4.1: a source other than the five of the handbook is refused (23514)');
SELECT is((SELECT count(*)::int FROM perfeval.import_measurements(
              (SELECT jsonb_agg(jsonb_build_object('employee_no', 'T002', 'month', '2031-01', 'indicator', 'csat_score',
                                                   'value', 4, 'source', src))
               FROM unnest(ARRAY['system_log', 'survey', 'recording', 'customer_review', 'third_party']) AS src))
           WHERE loaded = 1 AND unchanged = 4 AND quarantined = 0), 1,
          'H-4.3: the same value from the five sources of H-4.1 is one measurement (duplicates removed)');
SELECT is((SELECT m.source FROM perfeval.measurement m JOIN perfeval.agent a ON a.id = m.agent_id
           WHERE a.employee_no = 'T002' AND m.period_id = (SELECT jan FROM ids)), 'system_log',
          'H-4.3: the first of duplicate rows is kept');

-- H-4.3 cleaning: the import's parsers never raise, they say NULL
SELECT is(perfeval.try_float8('1e400'), NULL, 'try_float8: out of range is NULL, not an error');
SELECT is(perfeval.try_float8(' 0.25 '), 0.25::float8, 'try_float8 reads a number');
SELECT is(perfeval.try_date('2025-02-29'), NULL, 'try_date: 29 February 2025 does not exist');
SELECT is(perfeval.try_date('2024-02'), date '2024-02-01', 'try_date: YYYY-MM is the first of the month');
SELECT is(perfeval.try_timestamptz('2025-04-01T24:30:00Z'), NULL, 'try_timestamptz: 24:30 is not a time');
SELECT is(perfeval.try_timestamptz('2025-04-01T08:00:00Z'), timestamptz '2025-04-01 08:00:00+00', 'try_timestamptz reads ISO 8601');

-- H-3.2.3: evaluate; data for two indicators
INSERT INTO perfeval.measurement (agent_id, period_id, indicator_id, value, source)
SELECT a.id, p.id, i.id, 50 + right(a.employee_no, 1)::int * 5 + CASE WHEN p.starts_on = '2031-02-01' THEN 1 ELSE 0 END, 'recording'
FROM perfeval.agent AS a, perfeval.indicator AS i, perfeval.period AS p
WHERE a.employee_no LIKE 'T%' AND i.code IN ('proactive_service', 'product_knowledge') AND p.id IN ((SELECT jan FROM ids), (SELECT feb FROM ids));
SELECT throws_ok($$SELECT perfeval.evaluate(2147483647)$$, '42704', NULL, 'evaluating an unknown period is 42704');
SELECT is(perfeval.evaluate((SELECT jan FROM ids)), 6, 'H-3.2.3: evaluate writes one result per agent employed in the period');
SELECT is((SELECT count(*)::int FROM perfeval.result_indicator WHERE period_id = (SELECT jan FROM ids)), 12,
          'one indicator score per measurement of a weighted indicator');
SELECT results_eq($$SELECT a.employee_no, r.total, r.grade::text, r.rank_team FROM perfeval.result r JOIN perfeval.agent a ON a.id = r.agent_id
                    WHERE r.period_id = (SELECT jan FROM ids) ORDER BY a.employee_no$$,
                  $$VALUES ('T001', 55.0000, 'fail', 3), ('T002', 60.0000, 'pass', 3), ('T003', 65.0000, 'pass', 2),
                           ('T004', 70.0000, 'medium', 2), ('T005', 75.0000, 'medium', 1), ('T006', 80.0000, 'good', 1)$$,
                  'H-5.1: totals, grades at the cutoffs (60 pass, 70 medium, 80 good) and team ranks');
SELECT is((SELECT scheme_version_id FROM perfeval.result WHERE period_id = (SELECT jan FROM ids) LIMIT 1), (SELECT id FROM sv),
          'H-1.2.3: the result records the version valid on the period''s first day');
SELECT throws_ok($$SELECT perfeval.approve((SELECT q1 FROM ids))$$, '55000', NULL, 'approving a period without results is 55000');

-- determinism: forcing other plans gives the same results
CREATE TEMP TABLE first_run AS SELECT * FROM perfeval.result WHERE period_id = (SELECT jan FROM ids);
SET LOCAL enable_hashagg = off;
SET LOCAL enable_hashjoin = off;
SET LOCAL enable_sort = off;
SELECT is(perfeval.evaluate((SELECT jan FROM ids)), 6, 're-running evaluate on a draft period replaces its results');
SELECT is((SELECT count(*)::int FROM (SELECT agent_id, total, grade, rank_team, rank_department, rank_company FROM first_run
                                      EXCEPT SELECT agent_id, total, grade, rank_team, rank_department, rank_company
                                      FROM perfeval.result WHERE period_id = (SELECT jan FROM ids)) AS d), 0,
          'H-1.2.1: the same results whatever the plan');
RESET enable_hashagg;
RESET enable_hashjoin;
RESET enable_sort;

-- H-3.2.7: the approval lock
SELECT is(perfeval.approve((SELECT jan FROM ids)), 6, 'H-3.2.7: approve locks the period''s results');
SELECT is((SELECT state FROM perfeval.period WHERE id = (SELECT jan FROM ids)), 'approved', 'H-3.2.7: the period is approved');
CREATE TEMP TABLE approved_snapshot AS SELECT * FROM perfeval.result WHERE period_id = (SELECT jan FROM ids);
SELECT throws_ok($$SELECT perfeval.evaluate((SELECT jan FROM ids))$$, '55000', NULL, 'H-3.2.7: evaluate on an approved period is 55000');
SELECT throws_ok($$SELECT perfeval.approve((SELECT jan FROM ids))$$, '55000', NULL, 'H-3.2.7: approving twice is 55000');
SELECT throws_ok($$UPDATE perfeval.result SET grade = 'excellent' WHERE period_id = (SELECT jan FROM ids)$$, '55000', NULL,
                 'H-3.2.7: UPDATE of approved results is 55000');
SELECT throws_ok($$DELETE FROM perfeval.result WHERE period_id = (SELECT jan FROM ids)$$, '55000', NULL,
                 'H-3.2.7: DELETE of approved results is 55000');
SELECT throws_ok($$UPDATE perfeval.result SET scores = array_fill(100::numeric, ARRAY[cardinality(scores)]) WHERE period_id = (SELECT jan FROM ids)$$, '55000', NULL,
                 'H-3.2.7: UPDATE of approved indicator scores (the result''s arrays) is 55000');
SET LOCAL client_min_messages = warning;
SELECT throws_ok($$TRUNCATE perfeval.result CASCADE$$, '55000', NULL, 'H-3.2.7: TRUNCATE of approved results is 55000');
SELECT throws_ok($$UPDATE perfeval.scheme_item SET weight_bp = weight_bp WHERE scheme_version_id = (SELECT id FROM sv)$$, '55000', NULL,
                 'H-1.2.3: a version used by approved results is frozen (55000)');
SELECT throws_ok($$DELETE FROM perfeval.period WHERE id = (SELECT jan FROM ids)$$, '55000', NULL, 'an approved period cannot be deleted');

-- H-1.2.3: a new version changes no stored result
INSERT INTO perfeval.scheme_version (name, valid_from, cutoffs) VALUES ('t2031b', '2031-01-15', '{50,40,30,20}');
INSERT INTO perfeval.scheme_item (scheme_version_id, indicator_id, weight_bp, worst, best)
SELECT v.id, i.id, 10000, 0, 100 FROM perfeval.scheme_version v, perfeval.indicator i WHERE v.name = 't2031b' AND i.code = 'teamwork';
SET CONSTRAINTS ALL IMMEDIATE;
SELECT is((SELECT count(*)::int FROM (SELECT * FROM approved_snapshot EXCEPT SELECT * FROM perfeval.result WHERE period_id = (SELECT jan FROM ids)) AS d), 0,
          'H-1.2.3: adding a version leaves approved results as they were');

SELECT * FROM finish();
ROLLBACK;
