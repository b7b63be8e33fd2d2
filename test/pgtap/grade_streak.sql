-- pgTAP: perfeval.grade_streak — runs of poor grades in adjacent periods
-- for bottom elimination (H-3.3.5); errors with SQLSTATE; random agreement
-- with the SQL gaps-and-islands formulation.
BEGIN;
CREATE EXTENSION IF NOT EXISTS perfeval;
SELECT plan(9);

SELECT has_function('perfeval', 'grade_streak', ARRAY['perfeval.grade', 'perfeval.grade', 'integer'],
                    'H-3.3.5: grade_streak(grade, grade, int) exists');
SELECT is((SELECT prokind::text || provolatile::text || proparallel::text FROM pg_proc
           WHERE oid = 'perfeval.grade_streak(perfeval.grade, perfeval.grade, int)'::regprocedure),
          'wis', 'grade_streak is an IMMUTABLE, PARALLEL SAFE window function');

SELECT is((SELECT array_agg(s ORDER BY m) FROM (
               SELECT m, perfeval.grade_streak(g::perfeval.grade, 'pass', m) OVER (ORDER BY m) AS s
               FROM (VALUES (1, 'fail'), (2, 'pass'), (4, 'fail'), (5, 'fail'), (6, 'good'), (7, 'fail')) AS v(m, g)) AS t),
          '{1,2,1,2,0,1}', 'H-3.3.5: a gap or a better grade breaks the streak');

SELECT throws_ok($$SELECT perfeval.grade_streak('fail', NULL, i) OVER (ORDER BY i) FROM generate_series(1, 3) AS i$$,
                 '22004', 'threshold must not be NULL', 'a NULL threshold is 22004');
SELECT throws_ok($$SELECT perfeval.grade_streak('fail', 'pass', NULL) OVER (ORDER BY i) FROM generate_series(1, 3) AS i$$,
                 '22004', 'period_index must not be NULL', 'a NULL period_index is 22004');
SELECT throws_ok($$SELECT perfeval.grade_streak('fail', 'pass', 1) OVER (ORDER BY i) FROM generate_series(1, 3) AS i$$,
                 '22023', 'period_index must increase strictly within a partition', 'a duplicate period is 22023');
SELECT throws_ok($$SELECT perfeval.grade_streak('fail', 'pass', -i) OVER (ORDER BY i) FROM generate_series(1, 3) AS i$$,
                 '22023', 'period_index must increase strictly within a partition', 'rows not ordered by period_index are 22023');

-- random histories: 200 agents, 40 periods with gaps and NULL grades
CREATE TEMP TABLE hist AS
SELECT a AS agent, p AS period_index,
       CASE WHEN random() < 0.05 THEN NULL ELSE (enum_range(NULL::perfeval.grade))[1 + (random() * 4)::int] END AS g
FROM generate_series(1, 200) AS a, generate_series(1, 40) AS p
WHERE random() < 0.85;

-- gaps and islands in plain SQL: an island is a run of rows at or below
-- 'pass' with consecutive period_index; its id is period_index - row_number()
CREATE TEMP TABLE by_sql AS
SELECT agent, period_index,
       CASE WHEN bad THEN row_number() OVER (PARTITION BY agent, bad, island ORDER BY period_index) ELSE 0 END AS streak
FROM (SELECT agent, period_index, coalesce(g <= 'pass', false) AS bad,
             period_index - row_number() OVER (PARTITION BY agent, coalesce(g <= 'pass', false) ORDER BY period_index) AS island
      FROM hist) AS t;

SELECT is((SELECT count(*)
           FROM (SELECT agent, period_index,
                        perfeval.grade_streak(g, 'pass', period_index) OVER (PARTITION BY agent ORDER BY period_index) AS streak
                 FROM hist) AS c
           FULL JOIN by_sql AS s USING (agent, period_index)
           WHERE c.streak IS DISTINCT FROM s.streak), 0::bigint,
          'H-3.3.5: grade_streak equals SQL gaps-and-islands on random histories');

SELECT is((SELECT count(*) FROM by_sql), (SELECT count(*) FROM hist), 'every row compared');

SELECT * FROM finish();
ROLLBACK;
