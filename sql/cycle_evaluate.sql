-- pg_regress: the evaluation cycle (issue 4 items 1-7): a small contact
-- centre whose every number can be checked by hand.
-- A fresh extension, so that ids do not depend on other test files.
DROP EXTENSION perfeval CASCADE;
CREATE EXTENSION perfeval;
\set SHOW_CONTEXT never

-- organisation: departments D1 (teams A, B) and D2 (team C)
INSERT INTO perfeval.department (code, name) VALUES ('D1', 'Pre-sales'), ('D2', 'After-sales');
INSERT INTO perfeval.team (department_id, code, name, manager)
VALUES (1, 'A', 'Team A', 'Zhang'), (1, 'B', 'Team B', 'Li'), (2, 'C', 'Team C', 'Wang');
INSERT INTO perfeval.agent (employee_no, name, team_id, hired_on, left_on) VALUES
    ('E01', 'Agent 1', 1, '2024-01-01', NULL),
    ('E02', 'Agent 2', 1, '2024-01-01', NULL),
    ('E03', 'Agent 3', 1, '2024-01-01', NULL),
    ('E04', 'Agent 4', 2, '2024-01-01', NULL),
    ('E05', 'Agent 5', 2, '2024-01-01', NULL),
    ('E06', 'Agent 6', 3, '2024-01-01', NULL),
    ('E07', 'Agent 7', 3, '2025-02-10', NULL),   -- hired in February: not in January
    ('E08', 'Agent 8', 3, '2024-01-01', NULL),   -- no data at all
    ('E09', 'Agent 9', 3, '2023-01-01', '2024-12-31');  -- left before 2025

-- H-3.1.2-4: natural periods, created on demand
SELECT perfeval.period_of('month', '2025-01-15') AS jan, perfeval.period_of('month', '2025-02-28') AS feb,
       perfeval.period_of('quarter', '2025-02-01') AS q1, perfeval.period_of('month', '2025-01-01') AS jan_again;
SELECT id, kind, starts_on, ends_on, state FROM perfeval.period ORDER BY id;

-- a simple scheme from 2025 (H-3.2.1): one indicator per dimension,
-- 2,500 basis points each, scores easy to check by hand
INSERT INTO perfeval.scheme_version (name, valid_from) VALUES ('simple 2025', '2025-01-01');
INSERT INTO perfeval.scheme_item (scheme_version_id, indicator_id, weight_bp, worst, best, critical, critical_threshold)
SELECT 2, i.id, 2500, d.worst, d.best, d.critical, d.threshold
FROM (VALUES ('proactive_service', 0::float8, 100::float8, false, NULL::float8),
             ('product_knowledge', 0, 100, false, NULL),
             ('avg_response_seconds', 100, 0, false, NULL),
             ('complaint_rate', 0.1, 0, true, 0.05)) AS d(code, worst, best, critical, threshold)
JOIN perfeval.indicator AS i ON i.code = d.code;
SELECT scheme_version_id, name, valid_from, valid_until FROM perfeval.scheme_validity ORDER BY valid_from NULLS FIRST;

-- January measurements: proactive, product knowledge, response seconds, complaint rate
INSERT INTO perfeval.measurement (agent_id, period_id, indicator_id, value, source)
SELECT a.id, 1, i.id, d.value, 'system_log'
FROM (VALUES ('E01', 'proactive_service', 90::float8), ('E01', 'product_knowledge', 80), ('E01', 'avg_response_seconds', 30), ('E01', 'complaint_rate', 0.01),
             ('E02', 'proactive_service', 80), ('E02', 'product_knowledge', 80), ('E02', 'avg_response_seconds', 20), ('E02', 'complaint_rate', 0.02),
             ('E03', 'proactive_service', 100), ('E03', 'product_knowledge', 100), ('E03', 'avg_response_seconds', 0), ('E03', 'complaint_rate', 0.06),
             ('E04', 'proactive_service', 70), ('E04', 'avg_response_seconds', 40), ('E04', 'complaint_rate', 0.05),
             ('E05', 'proactive_service', 80), ('E05', 'product_knowledge', 80), ('E05', 'avg_response_seconds', 20), ('E05', 'complaint_rate', 0.02),
             ('E06', 'proactive_service', 95), ('E06', 'product_knowledge', 85), ('E06', 'avg_response_seconds', 5), ('E06', 'complaint_rate', 0),
             ('E06', 'csat_score', 4.9)) AS d(emp, code, value)   -- csat is not in the scheme: ignored
JOIN perfeval.agent AS a ON a.employee_no = d.emp
JOIN perfeval.indicator AS i ON i.code = d.code;
-- H-3.2.3 layers: E04 self 90 and department 60; E06 self 100 only
INSERT INTO perfeval.layer_score (agent_id, period_id, layer, score) VALUES
    (4, 1, 'self', 90), (4, 1, 'department', 60), (6, 1, 'self', 100);

-- H-3.2.3, H-5.1: evaluate January
SELECT perfeval.evaluate(1) AS january_results;
-- E01 (90+80+70+90)/4 = 82.5 good; E02 80 exactly: good; E03 complaint 0.06 > 0.05 critical: 0, fail;
-- E04 product knowledge missing (N/A): (70+60+50)/3 = 60, blended 90*.2+60*.3+60*.5 = 66 pass;
-- E05 80 good, behind E02 on the tie (employee number); E06 93.75 blended with self 100
-- only: (100*20+93.75*50)/70 = 95.5357 excellent; E08 no data: no total, no grade, no rank
SELECT a.employee_no, r.attitude, r.capability, r.efficiency, r.satisfaction, r.measured_total,
       r.self_score, r.department_score, r.company_score, r.total, r.critical_failed, r.grade,
       r.rank_team, r.rank_department, r.rank_company, r.indicators_rated, r.revision, r.is_current
FROM perfeval.result AS r JOIN perfeval.agent AS a ON a.id = r.agent_id
WHERE r.period_id = 1 ORDER BY a.employee_no;
SELECT a.employee_no, i.code, ri.raw_value, ri.score, ri.weight_bp, ri.critical_failed
FROM perfeval.result_indicator AS ri
JOIN perfeval.agent AS a ON a.id = ri.agent_id
JOIN perfeval.indicator AS i ON i.id = ri.indicator_id
WHERE ri.period_id = 1 AND a.employee_no IN ('E03', 'E04') ORDER BY 1, i.handbook_id;

-- idempotent: a re-run replaces the draft results with the same ones
CREATE TEMP TABLE jan_before AS SELECT * FROM perfeval.result WHERE period_id = 1;
SELECT perfeval.evaluate(1) AS january_again;
SELECT count(*) AS changed_rows FROM (
    SELECT agent_id, total, grade, rank_team, rank_department, rank_company FROM jan_before
    EXCEPT SELECT agent_id, total, grade, rank_team, rank_department, rank_company FROM perfeval.result WHERE period_id = 1) AS d;
SELECT count(*) AS results, count(DISTINCT revision) AS revisions FROM perfeval.result WHERE period_id = 1;

-- H-3.2.7: approval closes the open period first, then locks its results
SELECT perfeval.approve(1) AS locked;
SELECT id, state, closed_at IS NOT NULL AS closed, approved_at IS NOT NULL AS approved FROM perfeval.period WHERE id = 1;
SELECT perfeval.evaluate(1);
UPDATE perfeval.result SET total = 99 WHERE period_id = 1 AND agent_id = 2;
DELETE FROM perfeval.result WHERE period_id = 1;
UPDATE perfeval.result SET scores = array_fill(100::numeric, ARRAY[cardinality(scores)]) WHERE period_id = 1;
UPDATE perfeval.period SET state = 'open' WHERE id = 1;
SELECT perfeval.approve(1);

-- H-1.2.3, H-5.3.3: a new version from February with other weights and
-- cutoffs; the version used by approved January results is frozen
INSERT INTO perfeval.scheme_version (name, valid_from, cutoffs) VALUES ('2025 revision', '2025-02-01', '{85,75,65,55}');
INSERT INTO perfeval.scheme_item (scheme_version_id, indicator_id, weight_bp, worst, best, critical, critical_threshold)
SELECT 3, indicator_id, CASE WHEN indicator_id = 2 THEN 4000 ELSE 2000 END, worst, best, critical, critical_threshold
FROM perfeval.scheme_item WHERE scheme_version_id = 2;
UPDATE perfeval.scheme_item SET weight_bp = 2500 WHERE scheme_version_id = 2 AND indicator_id = 2;
DELETE FROM perfeval.scheme_version WHERE id = 2;
-- and one valid before all 2025 periods: it changes nothing already stored
INSERT INTO perfeval.scheme_version (name, valid_from) VALUES ('older', '2024-06-01');
INSERT INTO perfeval.scheme_item (scheme_version_id, indicator_id, weight_bp, worst, best, breakpoints, scores)
SELECT 4, indicator_id, weight_bp, worst, best, breakpoints, scores FROM perfeval.scheme_item WHERE scheme_version_id = 1;
SELECT scheme_version_id, name, valid_from, valid_until FROM perfeval.scheme_validity ORDER BY valid_from NULLS FIRST;
SELECT count(*) AS january_rows_changed FROM (
    SELECT agent_id, scheme_version_id, total, grade, rank_team FROM jan_before
    EXCEPT SELECT agent_id, scheme_version_id, total, grade, rank_team FROM perfeval.result WHERE period_id = 1) AS d;

-- February: E01's proactive service drops to 70; E07 joins
INSERT INTO perfeval.measurement (agent_id, period_id, indicator_id, value, source)
SELECT m.agent_id, 2, m.indicator_id, CASE WHEN m.agent_id = 1 AND m.indicator_id = 2 THEN 70 ELSE m.value END, m.source
FROM perfeval.measurement AS m WHERE m.period_id = 1;
INSERT INTO perfeval.measurement (agent_id, period_id, indicator_id, value, source)
SELECT 7, 2, i.id, d.value, 'survey'
FROM (VALUES ('proactive_service', 60::float8), ('product_knowledge', 60), ('avg_response_seconds', 40), ('complaint_rate', 0.04)) AS d(code, value)
JOIN perfeval.indicator AS i ON i.code = d.code;
-- under the February version: E01 (70*4000+80*2000+70*2000+90*2000)/10000 = 76 good (75),
-- E04 (70*4000+60*2000+50*2000)/8000 = 62.5 pass (55), E06 94 excellent (85), E07 60 pass
SELECT perfeval.evaluate(2) AS february_results;
SELECT a.employee_no, r.scheme_version_id, r.measured_total, r.total, r.grade, r.rank_team, r.rank_department, r.rank_company
FROM perfeval.result AS r JOIN perfeval.agent AS a ON a.id = r.agent_id
WHERE r.period_id = 2 ORDER BY a.employee_no;

-- H-1.2.3: a version used only by draft results may still be edited (weights
-- row by row inside one transaction); the stored results do not change
-- until evaluate runs again
CREATE TEMP TABLE feb_before AS SELECT * FROM perfeval.result WHERE period_id = 2;
BEGIN;
UPDATE perfeval.scheme_item SET weight_bp = 2500 WHERE scheme_version_id = 3 AND indicator_id = 2;
UPDATE perfeval.scheme_item SET weight_bp = 2500 WHERE scheme_version_id = 3 AND indicator_id <> 2;
COMMIT;
SELECT count(*) AS february_rows_changed FROM (SELECT * FROM feb_before EXCEPT SELECT * FROM perfeval.result WHERE period_id = 2) AS d;
BEGIN;
UPDATE perfeval.scheme_item SET weight_bp = CASE WHEN indicator_id = 2 THEN 4000 ELSE 2000 END WHERE scheme_version_id = 3;
COMMIT;
DROP TABLE feb_before;

-- H-3.1.3 roll-up: the quarter is the mean of the month totals that exist,
-- graded under the version valid on its first day (simple 2025, cutoffs
-- 90/80/70/60): E01 (82.5+76)/2 = 79.25 medium; E06 (95.5357+94)/2 = 94.7679
SELECT perfeval.evaluate(3) AS q1_results;
SELECT a.employee_no, r.scheme_version_id, r.measured_total, r.self_score, r.total, r.critical_failed, r.grade,
       r.rank_team, r.rank_department, r.rank_company, r.months_rolled, r.indicators_rated
FROM perfeval.result AS r JOIN perfeval.agent AS a ON a.id = r.agent_id
WHERE r.period_id = 3 ORDER BY a.employee_no;
SELECT a.employee_no, i.code, ri.raw_value, ri.score, ri.weight_bp
FROM perfeval.result_indicator AS ri
JOIN perfeval.agent AS a ON a.id = ri.agent_id
JOIN perfeval.indicator AS i ON i.id = ri.indicator_id
WHERE ri.period_id = 3 AND a.employee_no = 'E01' ORDER BY i.handbook_id;

-- issue 5 groundwork: an upheld appeal adds revision 2 for E05 in the
-- approved January; regrade re-grades and re-ranks the period, writing a
-- new revision only where grade or ranks change; the old rows stay
BEGIN;
INSERT INTO perfeval.result (period_id, agent_id, revision, scheme_version_id, team_id, department_id,
                             measured_total, company_score, total, grade, indicators_rated, revision_reason)
VALUES (1, 5, 2, 2, 2, 1, 85, 85, 85, 'good', 4, 'appeal: complaint wrongly attributed');
SELECT perfeval.regrade(1, 're-ranked after the appeal of E05') AS revised;
COMMIT;
SELECT a.employee_no, r.revision, r.is_current, r.total, r.grade, r.rank_team, r.rank_department, r.rank_company, r.revision_reason
FROM perfeval.result AS r JOIN perfeval.agent AS a ON a.id = r.agent_id
WHERE r.period_id = 1 ORDER BY a.employee_no, r.revision;
SELECT count(*) AS current_rows, count(DISTINCT agent_id) AS agents FROM perfeval.result_current WHERE period_id = 1;
-- a revision must follow the newest one
INSERT INTO perfeval.result (period_id, agent_id, revision, scheme_version_id, team_id, department_id, revision_reason)
VALUES (1, 5, 9, 2, 2, 1, 'skip');

-- leave a fresh extension for the other test files
DROP TABLE jan_before;
DROP EXTENSION perfeval CASCADE;
CREATE EXTENSION perfeval;
