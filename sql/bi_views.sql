-- pg_regress: the exact output of the BI and consequence views (H-3.2.6,
-- H-3.3, H-5.1) on the fixture test/fixture/consequence.sql.
BEGIN;
\set ECHO none
\set QUIET on
\i test/fixture/consequence.sql
\set QUIET off
\set ECHO all

-- the columns a BI tool reads
SELECT table_name, ordinal_position AS n, column_name, udt_name
FROM information_schema.columns
WHERE table_schema = 'perfeval' AND table_name IN ('bi_result', 'bi_grade_distribution')
ORDER BY table_name, ordinal_position;

-- June: every result with labels, ranks and percentiles
SELECT period_kind, period_start, employee_no, team_code, department_code, attitude, capability, efficiency, satisfaction,
       total, grade, grade_zh, grade_en, rank_team, rank_department, rank_company,
       percentile_team, percentile_department, percentile_company
FROM perfeval.bi_result WHERE period_start = '2025-06-01' ORDER BY rank_company;

-- grade distribution, all five grades per team
SELECT period_start, team_code, grade, grade_zh, agents, team_graded, share_pct
FROM perfeval.bi_grade_distribution WHERE period_start IN ('2025-03-01', '2025-06-01')
ORDER BY period_start, team_code, grade DESC;

-- consequences at the end of June (H-3.3.3-5)
SELECT consequence, kind, threshold, periods, employee_no, last_starts_on, last_grade, last_grade_zh, last_total, streak, final
FROM perfeval.consequence_candidate ORDER BY consequence, kind, employee_no;

-- bonus eligibility in June (H-3.3.1)
SELECT employee_no, grade, grade_zh, eligible, coefficient FROM perfeval.bonus_eligibility
WHERE starts_on = '2025-06-01' ORDER BY employee_no;

-- training needs in June (H-3.3.2)
SELECT employee_no, total, weakest_dimension, weakest_dimension_score, weakest_indicators, weakest_indicators_zh,
       weakest_indicator_scores, training_suggested
FROM perfeval.training_needs WHERE starts_on = '2025-06-01' ORDER BY employee_no;

-- the improvement plan (H-7.3)
SELECT plan_id > 0 AS plan, employee_no, indicator, indicator_zh, direction, baseline_starts_on, baseline_value, target_value,
       starts_on, value, change, improved, target_met, after_due
FROM perfeval.improvement_progress ORDER BY indicator, starts_on;

ROLLBACK;
