-- pg_regress: a scheme that grades by forced distribution (issue 4 item 8,
-- H-5.1): evaluate uses quota_grade within the scheme's quota scope.
DROP EXTENSION perfeval CASCADE;
CREATE EXTENSION perfeval;
\set SHOW_CONTEXT never

INSERT INTO perfeval.department (code, name) VALUES ('D1', 'Pre-sales');
INSERT INTO perfeval.team (department_id, code, name) VALUES (1, 'A', 'Team A'), (1, 'B', 'Team B');
INSERT INTO perfeval.agent (employee_no, name, team_id, hired_on)
SELECT 'A' || lpad(g::text, 2, '0'), 'Agent A' || g, 1, date '2024-01-01' FROM generate_series(1, 10) AS g
UNION ALL
SELECT 'B' || lpad(g::text, 2, '0'), 'Agent B' || g, 2, '2024-01-01' FROM generate_series(1, 3) AS g;

-- one weighted indicator (score = raw value) and a critical gate of weight 0
INSERT INTO perfeval.scheme_version (name, valid_from, grading, quotas, quota_scope)
VALUES ('forced distribution', '2025-01-01', 'quota', '{10,20,40,20,10}', 'team');
INSERT INTO perfeval.scheme_item (scheme_version_id, indicator_id, weight_bp, worst, best, critical, critical_threshold)
SELECT 2, i.id, CASE i.code WHEN 'proactive_service' THEN 10000 ELSE 0 END,
       CASE i.code WHEN 'proactive_service' THEN 0 ELSE 0.1 END, CASE i.code WHEN 'proactive_service' THEN 100 ELSE 0 END,
       i.code = 'complaint_rate', CASE WHEN i.code = 'complaint_rate' THEN 0.05 END
FROM perfeval.indicator AS i WHERE i.code IN ('proactive_service', 'complaint_rate');
-- a quota scheme needs its five percentages summing to 100
\set VERBOSITY terse
INSERT INTO perfeval.scheme_version (name, valid_from, grading) VALUES ('no quotas', '2026-01-01', 'quota');
INSERT INTO perfeval.scheme_version (name, valid_from, grading, quotas) VALUES ('bad quotas', '2026-01-01', 'quota', '{10,20,40,20,20}');
\set VERBOSITY default

SELECT perfeval.period_of('month', '2025-01-01') AS jan \gset
INSERT INTO perfeval.measurement (agent_id, period_id, indicator_id, value, source)
SELECT a.id, :jan, i.id, d.value, 'recording'
FROM (VALUES ('A01', 95::float8), ('A02', 90), ('A03', 85), ('A04', 85), ('A05', 80), ('A06', 75),
             ('A07', 70), ('A08', 65), ('A09', 60), ('A10', 55), ('B01', 88), ('B02', 77), ('B03', 66)) AS d(emp, value)
JOIN perfeval.agent AS a ON a.employee_no = d.emp
JOIN perfeval.indicator AS i ON i.code = 'proactive_service';
INSERT INTO perfeval.measurement (agent_id, period_id, indicator_id, value, source)
SELECT a.id, :jan, i.id, CASE WHEN a.employee_no = 'B01' THEN 0.08 ELSE 0.01 END, 'system_log'
FROM perfeval.agent AS a JOIN perfeval.indicator AS i ON i.code = 'complaint_rate';

-- team A (10): quotas 1/2/4/2/1; A03 and A04 tie at 85 on places 3 and 4 and never
-- split: both good (the best-placed member's grade), so medium keeps A05-A07.
-- team B (3): quotas by largest remainder 0/1/1/1/0; B01 fails its critical item
-- (complaint rate 0.08 > 0.05): total 0 and fail whatever the quota
SELECT perfeval.evaluate(:jan) AS results;
SELECT a.employee_no, r.total, r.critical_failed, r.grade, r.rank_team, r.rank_department, r.rank_company
FROM perfeval.result AS r JOIN perfeval.agent AS a ON a.id = r.agent_id
WHERE r.period_id = :jan ORDER BY a.employee_no;
SELECT t.code AS team, r.grade, count(*) FROM perfeval.result AS r JOIN perfeval.team AS t ON t.id = r.team_id
WHERE r.period_id = :jan GROUP BY 1, 2 ORDER BY 1, 2 DESC;

DROP EXTENSION perfeval CASCADE;
CREATE EXTENSION perfeval;
