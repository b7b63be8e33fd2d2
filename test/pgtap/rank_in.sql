-- pgTAP: perfeval.rank_in — ranks within groups from one sort (H-1.2.1,
-- issue 11): rank_in(key) OVER (ORDER BY ...) is row_number() OVER
-- (PARTITION BY key ORDER BY ...) when the order has no peers, NULL keys
-- one group, counted afresh in every partition; evaluate_detail's ranks
-- come from one window sort.
BEGIN;
CREATE EXTENSION IF NOT EXISTS perfeval;
SELECT plan(9);

SELECT is((SELECT prokind FROM pg_proc WHERE oid = 'perfeval.rank_in(integer)'::regprocedure), 'w'::"char",
          'rank_in is a window function');

SELECT is((SELECT array_agg(r ORDER BY i)
           FROM (SELECT i, perfeval.rank_in(k) OVER (ORDER BY i) AS r
                 FROM (VALUES (1, 10), (2, 20), (3, 10), (4, 10), (5, 20), (6, 30)) AS v(i, k)) AS t),
          '{1,1,2,3,2,1}'::integer[], 'each key''s rows are numbered in the window''s order');

SELECT is((SELECT array_agg(r ORDER BY i)
           FROM (SELECT i, perfeval.rank_in(k) OVER (ORDER BY i) AS r
                 FROM (VALUES (1, NULL::integer), (2, 7), (3, NULL), (4, 7), (5, NULL)) AS v(i, k)) AS t),
          '{1,1,2,2,3}'::integer[], 'NULL keys are one group, as PARTITION BY makes them');

SELECT is((SELECT array_agg(r ORDER BY p, i)
           FROM (SELECT p, i, perfeval.rank_in(k) OVER (PARTITION BY p ORDER BY i) AS r
                 FROM (VALUES (1, 1, 5), (1, 2, 5), (2, 3, 5), (2, 4, 5), (2, 5, 6)) AS v(p, i, k)) AS t),
          '{1,2,1,2,1}'::integer[], 'every partition counts afresh');

SELECT is((SELECT count(*) FROM (SELECT perfeval.rank_in(1) OVER () FROM generate_series(1, 0)) AS t), 0::bigint,
          'no row, no call');

-- random rows with ties in the first key and a unique last key: equal to
-- the partitioned row_number, for 200 groups and NULL keys
SELECT setseed(0.42);
CREATE TEMP TABLE rk AS
SELECT i, CASE WHEN random() < 0.05 THEN NULL ELSE (random() * 200)::integer END AS k,
       round((random() * 100)::numeric, 1) AS total
FROM generate_series(1, 20000) AS i;
SELECT is((SELECT count(*) FROM (
              SELECT i, perfeval.rank_in(k) OVER (ORDER BY total DESC, i) AS a,
                     row_number() OVER (PARTITION BY k ORDER BY total DESC, i) AS b
              FROM rk) AS t WHERE a IS DISTINCT FROM b), 0::bigint,
          'H-1.2.1: on 20,000 random rows rank_in equals row_number() over the key''s partition');

-- evaluate_detail: one sort gives the three ranks, equal to the
-- partitioned row numbers by total and employee number
\set agents 300
\ir ../fixture/evaluate_data.sql
SELECT perfeval.period_of('month', date '2025-01-01') AS jan \gset
-- two agents of team 1 without any measurement or layer score: no total
INSERT INTO perfeval.agent (id, employee_no, name, team_id, hired_on)
VALUES (9001, 'Z9001', 'Agent 9001', 1, '2024-01-01'), (9002, 'Z9002', 'Agent 9002', 1, '2024-01-01');
CREATE TEMP TABLE ed AS
SELECT d.*, a.employee_no FROM perfeval.evaluate_detail(:jan, 1) AS d JOIN perfeval.agent AS a ON a.id = d.agent_id;
SELECT is((SELECT count(*) FROM (
              SELECT rank_team, rank_department, rank_company,
                     row_number() OVER (PARTITION BY team_id ORDER BY total DESC, employee_no COLLATE "C") AS t,
                     row_number() OVER (PARTITION BY department_id ORDER BY total DESC, employee_no COLLATE "C") AS d,
                     row_number() OVER (ORDER BY total DESC, employee_no COLLATE "C") AS c
              FROM ed WHERE total IS NOT NULL) AS x
           WHERE (rank_team, rank_department, rank_company) IS DISTINCT FROM (t, d, c)), 0::bigint,
          'evaluate_detail''s team, department and company ranks are the partitioned row numbers');
SELECT is((SELECT array_agg(agent_id ORDER BY agent_id) FROM pg_temp.ed WHERE total IS NULL), '{9001,9002}'::integer[], 'the two agents without measurements have no total');
SELECT is((SELECT count(*) FROM pg_temp.ed WHERE total IS NULL AND num_nonnulls(rank_team, rank_department, rank_company) > 0), 0::bigint,
          'a NULL total gets no rank');

SELECT * FROM finish();
ROLLBACK;
