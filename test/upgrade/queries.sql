-- Questions a user asks of the demo's data (test/upgrade.sh): the answers
-- before and after ALTER EXTENSION perfeval UPDATE must be the same.
SET datestyle = ISO;
SET timezone = 'Asia/Shanghai';
SET client_min_messages = error;
SELECT p.kind, p.starts_on, count(*), sum(r.total), string_agg(r.grade::text, ',' ORDER BY r.agent_id)
FROM perfeval.result_current AS r JOIN perfeval.period AS p ON p.id = r.period_id
GROUP BY p.kind, p.starts_on ORDER BY p.kind, p.starts_on;
SELECT r.agent_id, r.rank_company, r.rank_team, r.total FROM perfeval.result_current AS r
JOIN perfeval.period AS p ON p.id = r.period_id WHERE p.kind = 'year' ORDER BY r.rank_company, r.agent_id LIMIT 20;
-- the 1.0 columns by name (1.1 appends period_key and its labels), in a
-- total order (grade too), so that the plan cannot reorder ties
SELECT period_id, period_kind, period_start, team_id, team_code, team_name, department_id, department_code,
       department_name, grade, grade_zh, grade_en, agents, team_graded, share_pct
FROM perfeval.bi_grade_distribution ORDER BY period_id, team_id, grade LIMIT 200;
SELECT appeal_id, state, next_deadline FROM perfeval.appeal_open ORDER BY appeal_id;
SELECT period_id, period_kind, period_starts_on, team_id, team_name, path, outcome, appeals, finished,
       late_filings_admitted, avg_working_days_to_close, max_working_days_to_close, avg_time_to_close
FROM perfeval.appeal_statistics ORDER BY period_id, team_id, path, outcome;
SELECT perfeval.workday('2025-09-26', 5), perfeval.deadline('2026-12-24 10:00+08', 10);
