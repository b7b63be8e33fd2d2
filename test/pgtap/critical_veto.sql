-- pgTAP: a critical failure fails the period (一票否决, the handbook's veto;
-- issue 10 Why 6): total 0 whatever the self, department and company
-- layers, grade fail, the subtotals as measured, and the quarter takes the
-- month's 0 into its mean (H-3.2.3, H-5.1, H-3.1.3).  README's *How a period
-- is evaluated* says the same.
BEGIN;
CREATE EXTENSION IF NOT EXISTS perfeval;
SELECT plan(8);

INSERT INTO perfeval.department (code, name) VALUES ('VD1', 'Dept');
INSERT INTO perfeval.team (department_id, code, name) SELECT d.id, 'VT1', 'Team' FROM perfeval.department AS d WHERE d.code = 'VD1';
INSERT INTO perfeval.agent (employee_no, name, team_id, hired_on)
SELECT e, 'Agent ' || e, t.id, date '2024-01-01' FROM unnest('{V1,V2}'::text[]) AS e, perfeval.team AS t WHERE t.code = 'VT1';
INSERT INTO perfeval.scheme_version (name, valid_from) VALUES ('veto 2033', '2033-01-01');
INSERT INTO perfeval.scheme_item (scheme_version_id, indicator_id, weight_bp, worst, best, critical, critical_threshold)
SELECT v.id, i.id, 2500, d.worst, d.best, d.critical, d.threshold
FROM (VALUES ('proactive_service', 0::float8, 100::float8, false, NULL::float8),
             ('product_knowledge', 0, 100, false, NULL),
             ('avg_response_seconds', 100, 0, false, NULL),
             ('complaint_rate', 0.1, 0, true, 0.05)) AS d(code, worst, best, critical, threshold)
JOIN perfeval.indicator AS i ON i.code = d.code
CROSS JOIN perfeval.scheme_version AS v WHERE v.name = 'veto 2033';
CREATE TEMP TABLE ids AS SELECT perfeval.period_of('month', '2033-01-01') AS jan, perfeval.period_of('month', '2033-02-01') AS feb,
                                perfeval.period_of('quarter', '2033-01-01') AS q1;
-- V1 fails the complaint rate in January (0.06 > 0.05) with high layers; V2 the same values but 0.04
INSERT INTO perfeval.measurement (agent_id, period_id, indicator_id, value, source)
SELECT a.id, p.pid, i.id, CASE WHEN i.code = 'complaint_rate' AND a.employee_no = 'V1' AND p.pid = (SELECT jan FROM ids) THEN 0.06
                               WHEN i.code = 'complaint_rate' THEN 0.04 ELSE d.value END, 'system_log'
FROM (VALUES ('proactive_service', 80::float8), ('product_knowledge', 80), ('avg_response_seconds', 20), ('complaint_rate', 0)) AS d(code, value)
JOIN perfeval.indicator AS i ON i.code = d.code
CROSS JOIN perfeval.agent AS a
CROSS JOIN (SELECT jan AS pid FROM ids UNION ALL SELECT feb FROM ids) AS p
WHERE a.employee_no IN ('V1', 'V2');
INSERT INTO perfeval.layer_score (agent_id, period_id, layer, score)
SELECT a.id, (SELECT jan FROM ids), l, 90 FROM perfeval.agent AS a, unnest('{self,department,company}'::text[]) AS l WHERE a.employee_no = 'V1';
SELECT perfeval.evaluate((SELECT jan FROM ids)), perfeval.evaluate((SELECT feb FROM ids)), perfeval.evaluate((SELECT q1 FROM ids));

SELECT results_eq($$SELECT r.critical_failed, r.measured_total, r.total, r.grade::text
                    FROM perfeval.result AS r JOIN perfeval.agent AS a ON a.id = r.agent_id
                    WHERE a.employee_no = 'V1' AND r.period_id = (SELECT jan FROM ids) AND r.is_current$$,
                  $$VALUES (true, 0::numeric, 0::numeric, 'fail')$$,
                  'H-3.2.3: a critical failure fails the month: measured total 0, total 0, grade fail');
SELECT isnt((SELECT round(perfeval.blend(90, 90, 90)::numeric, 4)), 0::numeric,
            'the layers alone would have blended to 90: the 0 is the veto, not the blend');
SELECT results_eq($$SELECT r.self_score, r.department_score, r.company_score
                    FROM perfeval.result AS r JOIN perfeval.agent AS a ON a.id = r.agent_id
                    WHERE a.employee_no = 'V1' AND r.period_id = (SELECT jan FROM ids) AND r.is_current$$,
                  $$VALUES (90::numeric, 90::numeric, 90::numeric)$$, 'the layers are kept as entered');
SELECT results_eq($$SELECT r.attitude, r.capability, r.efficiency, r.satisfaction
                    FROM perfeval.result AS r JOIN perfeval.agent AS a ON a.id = r.agent_id
                    WHERE a.employee_no = 'V1' AND r.period_id = (SELECT jan FROM ids) AND r.is_current$$,
                  $$VALUES (80::numeric, 80::numeric, 80::numeric, 40::numeric)$$, 'the subtotals stay as measured');
SELECT is((SELECT r.total FROM perfeval.result AS r JOIN perfeval.agent AS a ON a.id = r.agent_id
           WHERE a.employee_no = 'V2' AND r.period_id = (SELECT jan FROM ids) AND r.is_current),
          75::numeric, 'without the failure (complaint rate 0.04 scores 60) the same values give (80+80+80+60)/4 = 75');
SELECT is((SELECT r.total FROM perfeval.result AS r JOIN perfeval.agent AS a ON a.id = r.agent_id
           WHERE a.employee_no = 'V1' AND r.period_id = (SELECT feb FROM ids) AND r.is_current),
          75::numeric, 'February, no failure: 75');
SELECT results_eq($$SELECT r.total, r.critical_failed, r.grade::text FROM perfeval.result AS r JOIN perfeval.agent AS a ON a.id = r.agent_id
                    WHERE a.employee_no = 'V1' AND r.period_id = (SELECT q1 FROM ids) AND r.is_current$$,
                  $$VALUES (37.5::numeric, true, 'fail')$$,
                  'H-3.1.3: the quarter is the mean (0 + 75) / 2 = 37.5, the failure shown; graded by cutoffs (37.5 < 60: fail)');
SELECT is((SELECT count(*)::int FROM perfeval.result AS r JOIN perfeval.agent AS a ON a.id = r.agent_id
           WHERE a.employee_no = 'V1' AND r.is_current AND r.total = 0), 1, 'only the failed month has total 0');

SELECT * FROM finish();
ROLLBACK;
