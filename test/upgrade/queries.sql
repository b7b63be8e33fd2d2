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
SELECT * FROM perfeval.bi_grade_distribution ORDER BY 1, 2, 3, 4 LIMIT 200;
SELECT appeal_id, state, next_deadline FROM perfeval.appeal_open ORDER BY appeal_id;
SELECT * FROM perfeval.appeal_statistics ORDER BY 1, 2, 3;
SELECT perfeval.workday('2025-09-26', 5), perfeval.deadline('2026-12-24 10:00+08', 10);
