-- Benchmark: the consequence views (H-3.3.3-5) on 10,000 agents x 12
-- months (120,000 results written directly, about 3% missing), against the
-- best plain-SQL gaps-and-islands query for the bottom-elimination list,
-- run in the same session; best of 3 runs each.
-- Run: psql -X -f test/bench/consequence.sql (in a database with perfeval;
-- it works inside a transaction that it rolls back).
\set ON_ERROR_STOP on
\timing off
BEGIN;
SET LOCAL max_parallel_workers_per_gather = 0;
SELECT setseed(0.42) \g /dev/null
INSERT INTO perfeval.department (code, name) VALUES ('BD', 'bench');
INSERT INTO perfeval.team (department_id, code, name)
SELECT d.id, 'BT' || n, 'bench ' || n FROM perfeval.department d, generate_series(1, 40) n WHERE d.code = 'BD';
INSERT INTO perfeval.agent (employee_no, name, team_id, hired_on)
SELECT 'B' || lpad(i::text, 5, '0'), 'agent ' || i, (SELECT min(id) FROM perfeval.team) + i % 40, '2020-01-01'
FROM generate_series(1, 10000) i;
INSERT INTO perfeval.result (period_id, agent_id, scheme_version_id, team_id, department_id, total, grade)
SELECT perfeval.period_of('month', make_date(2025, m, 1)), a.id, 1, a.team_id, t.department_id, x.total,
       perfeval.grade_of(x.total::float8)
FROM perfeval.agent a JOIN perfeval.team t ON t.id = a.team_id, generate_series(1, 12) m,
     LATERAL (SELECT round(least(100, 52 + 36 * random() + (a.id % 7) * 2)::numeric, 4) AS total) x
WHERE random() >= 0.03;
ANALYZE perfeval.result;

CREATE TEMP TABLE timing (what text, ms float8);
\ir lib/timing.sql
-- best of 3 runs of q, recorded with its row count
CREATE FUNCTION pg_temp.best_of_3(what text, q text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE n bigint;
BEGIN
    EXECUTE 'SELECT count(*) FROM (' || q || ') x' INTO n;
    INSERT INTO timing VALUES (what || ' (' || n || ' rows)', round(pg_temp.best_ms(q)::numeric, 1));
END $$;

SELECT pg_temp.best_of_3('bottom_elimination view (grade_streak)', 'SELECT * FROM perfeval.bottom_elimination');
-- plain SQL: islands of consecutive failing months (index - row_number),
-- the island that reaches the latest month, length >= 3; the latest month
-- found from the periods, as the view does (without the view's extras:
-- the team join and the approval check)
SELECT pg_temp.best_of_3('plain-SQL gaps and islands', $q$
    WITH r AS (SELECT r.agent_id, perfeval.period_index(p.kind, p.starts_on) AS idx
               FROM perfeval.result r JOIN perfeval.period p ON p.id = r.period_id
               WHERE r.is_current AND p.kind = 'month' AND r.grade <= 'fail'),
    latest AS (SELECT max(perfeval.period_index(p.kind, p.starts_on)) AS idx FROM perfeval.period p
               WHERE p.kind = 'month' AND EXISTS (SELECT FROM perfeval.result r WHERE r.period_id = p.id AND r.is_current)),
    isl AS (SELECT agent_id, idx, idx - row_number() OVER (PARTITION BY agent_id ORDER BY idx) AS island FROM r),
    runs AS (SELECT agent_id, max(idx) AS last_idx, count(*) AS streak FROM isl GROUP BY agent_id, island)
    SELECT runs.* FROM runs, latest JOIN perfeval.agent a ON true
    WHERE a.id = runs.agent_id AND a.active AND runs.last_idx = latest.idx AND runs.streak >= 3$q$);
SELECT pg_temp.best_of_3('consequence_candidate view, all rules', 'SELECT * FROM perfeval.consequence_candidate');
SELECT pg_temp.best_of_3('training_needs, one month', $q$SELECT * FROM perfeval.training_needs WHERE starts_on = '2025-12-01'$q$);
SELECT pg_temp.best_of_3('bi_result, one month', $q$SELECT * FROM perfeval.bi_result WHERE period_start = '2025-12-01'$q$);
SELECT pg_temp.best_of_3('bi_grade_distribution, all', 'SELECT * FROM perfeval.bi_grade_distribution');
SELECT what, ms FROM timing;
SELECT round(((SELECT ms FROM timing WHERE what LIKE 'plain%') / (SELECT ms FROM timing WHERE what LIKE 'bottom%'))::numeric, 2)
       AS "ratio plain SQL / view";
ROLLBACK;
