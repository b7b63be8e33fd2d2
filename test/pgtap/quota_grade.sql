-- pgTAP: perfeval.quota_grade — forced distribution (H-5.1) by the
-- largest-remainder method; every error with its SQLSTATE; on random
-- partitions the seats per grade equal independently computed quotas,
-- peer groups never split, and a forced parallel plan equals the serial one
-- (H-1.2.1 determinism).
BEGIN;
CREATE EXTENSION IF NOT EXISTS perfeval;
SELECT plan(20);

SELECT has_function('perfeval', 'quota_grade', ARRAY['integer[]'], 'H-5.1: quota_grade(int[]) exists');
SELECT is((SELECT prokind FROM pg_proc WHERE oid = 'perfeval.quota_grade(int[])'::regprocedure), 'w'::"char",
          'quota_grade is a window function');
SELECT is((SELECT provolatile::text || proparallel::text FROM pg_proc WHERE oid = 'perfeval.quota_grade(int[])'::regprocedure),
          'is', 'quota_grade is IMMUTABLE and PARALLEL SAFE, like rank()');

-- errors with SQLSTATE
SELECT throws_ok($$SELECT perfeval.quota_grade('{10,20,40,20,11}') OVER (ORDER BY i) FROM generate_series(1, 3) AS i$$,
                 '22023', 'percentages must sum to 100', 'H-5.1: percentages not summing to 100 are 22023');
SELECT throws_ok($$SELECT perfeval.quota_grade('{0,0,0,0,0}') OVER (ORDER BY i) FROM generate_series(1, 3) AS i$$,
                 '22023', 'percentages must sum to 100', 'all-zero percentages are 22023');
SELECT throws_ok($$SELECT perfeval.quota_grade('{-10,40,40,20,10}') OVER (ORDER BY i) FROM generate_series(1, 3) AS i$$,
                 '22023', 'percentages must not be negative', 'a negative percentage is 22023');
SELECT throws_ok($$SELECT perfeval.quota_grade('{2147483647,2147483647,-2147483648,-2147483648,2}') OVER () FROM generate_series(1, 3) AS i$$,
                 '22023', 'percentages must not be negative', 'extreme percentages are 22023, no overflow');
SELECT throws_ok($$SELECT perfeval.quota_grade('{50,50}') OVER (ORDER BY i) FROM generate_series(1, 3) AS i$$,
                 '22023', 'percentages must have exactly five elements', 'two percentages are 22023');
SELECT throws_ok($$SELECT perfeval.quota_grade('{}') OVER (ORDER BY i) FROM generate_series(1, 3) AS i$$,
                 '22023', 'percentages must have exactly five elements', 'an empty array is 22023');
SELECT throws_ok($$SELECT perfeval.quota_grade(NULL) OVER (ORDER BY i) FROM generate_series(1, 3) AS i$$,
                 '22004', 'percentages must not be NULL', 'NULL percentages are 22004');
SELECT throws_ok($$SELECT perfeval.quota_grade('{10,20,NULL,20,10}') OVER (ORDER BY i) FROM generate_series(1, 3) AS i$$,
                 '22023', 'percentages must not contain NULL elements', 'a NULL percentage is 22023');
SELECT throws_ok($$SELECT perfeval.quota_grade('{{10,20,40,20,10}}') OVER (ORDER BY i) FROM generate_series(1, 3) AS i$$,
                 '22023', 'percentages must be a one-dimensional array', 'a 2-D array is 22023');
SELECT throws_ok($$SELECT perfeval.quota_grade(CASE WHEN i = 1 THEN '{10,20,40,20,10}' ELSE '{0,0,100,0,0}' END::int[])
                          OVER (ORDER BY i) FROM generate_series(1, 3) AS i$$,
                 '22023', 'percentages must be the same for every row of a partition', 'percentages changing within a partition are 22023');

-- an independent formulation of the quotas: floors, then the leftover seats
-- to the grades ranked by (remainder desc, better grade first)
CREATE FUNCTION pg_temp.lr_quotas(n int, pct int[]) RETURNS int[]
LANGUAGE sql IMMUTABLE AS $$
    WITH f AS (SELECT k, (n * pct[k]) / 100 AS fl, (n * pct[k]) % 100 AS rem FROM generate_series(1, 5) AS k),
         r AS (SELECT k, fl, row_number() OVER (ORDER BY rem DESC, k) AS place FROM f)
    SELECT array_agg(fl + CASE WHEN place <= n - (SELECT sum(fl) FROM f) THEN 1 ELSE 0 END ORDER BY k)::int[] FROM r
$$;

SELECT is(pg_temp.lr_quotas(7, '{10,20,40,20,10}'), '{1,1,3,1,1}', 'the reference quotas for 7 rows');

-- random cases: sizes 1..80, random percentages summing to 100 (4 sorted cut points)
CREATE TEMP TABLE qcase AS
SELECT c, n, ARRAY[cuts[1], cuts[2] - cuts[1], cuts[3] - cuts[2], cuts[4] - cuts[3], 100 - cuts[4]] AS pct
FROM (SELECT c, 1 + (random() * 79)::int AS n,
             (SELECT array_agg(x ORDER BY x) FROM (SELECT (random() * 100)::int + 0 * c AS x FROM generate_series(1, 4)) AS q) AS cuts
      FROM generate_series(1, 300) AS c) AS s;
INSERT INTO qcase VALUES (0, 1000, '{10,20,40,20,10}'), (-1, 999, '{10,20,40,20,10}');

-- no ties: the seats per grade are the largest-remainder quotas
SELECT is((SELECT count(*)
           FROM (SELECT c, ARRAY[count(*) FILTER (WHERE g = 'excellent'), count(*) FILTER (WHERE g = 'good'),
                                 count(*) FILTER (WHERE g = 'medium'), count(*) FILTER (WHERE g = 'pass'),
                                 count(*) FILTER (WHERE g = 'fail')]::int[] AS got
                 FROM (SELECT c, perfeval.quota_grade(pct) OVER (PARTITION BY c ORDER BY i DESC) AS g
                       FROM qcase, generate_series(1, n) AS i) AS w
                 GROUP BY c) AS t
           JOIN qcase USING (c)
           WHERE got <> pg_temp.lr_quotas(n, pct)), 0::bigint,
          'H-5.1: in 302 random partitions without ties the seats equal the largest-remainder quotas');

-- with ties: every row gets the grade of the first position of its peer
-- group (rank() - 1), peers never split
SELECT is((SELECT count(*)
           FROM (SELECT c, n, pct, score,
                        perfeval.quota_grade(pct) OVER w AS g,
                        rank() OVER w AS rk
                 FROM qcase, LATERAL (SELECT (random() * 10)::int + 0 * c AS score FROM generate_series(1, n)) AS s
                 WINDOW w AS (PARTITION BY c ORDER BY score DESC)) AS t
           WHERE g <> (SELECT CASE WHEN rk - 1 < q[1] THEN 'excellent'
                                   WHEN rk - 1 < q[1] + q[2] THEN 'good'
                                   WHEN rk - 1 < q[1] + q[2] + q[3] THEN 'medium'
                                   WHEN rk - 1 < q[1] + q[2] + q[3] + q[4] THEN 'pass'
                                   ELSE 'fail' END::perfeval.grade
                       FROM (SELECT pg_temp.lr_quotas(n, pct) AS q) AS qq)), 0::bigint,
          'H-5.1: with random ties every peer group takes the grade of its best-placed member');

-- parallel: the same grades under a forced parallel plan as in a serial one
CREATE TABLE qp AS
SELECT (i % 97) AS team, i AS id, (random() * 50)::int AS score FROM generate_series(1, 60000) AS i;
ANALYZE qp;

CREATE TEMP TABLE serial_result AS
SELECT id, perfeval.quota_grade('{10,20,40,20,10}') OVER (PARTITION BY team ORDER BY score DESC) AS g FROM qp;

SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SET LOCAL max_parallel_workers_per_gather = 2;
DO $$ BEGIN
    IF current_setting('server_version_num')::int >= 160000 THEN
        PERFORM set_config('debug_parallel_query', 'on', true);
    ELSE
        PERFORM set_config('force_parallel_mode', 'on', true);
    END IF;
END $$;

CREATE FUNCTION pg_temp.plan_text(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE r text; t text := '';
BEGIN
    FOR r IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP t := t || r || E'\n'; END LOOP;
    RETURN t;
END $$;

SELECT matches(pg_temp.plan_text($$SELECT id, perfeval.quota_grade('{10,20,40,20,10}') OVER (PARTITION BY team ORDER BY score DESC) FROM qp$$),
               'Gather', 'the quota_grade query gets a parallel plan');

CREATE TEMP TABLE parallel_result AS
SELECT id, g FROM (SELECT id, perfeval.quota_grade('{10,20,40,20,10}') OVER (PARTITION BY team ORDER BY score DESC) AS g FROM qp) AS t;

SELECT is((SELECT count(*) FROM serial_result s FULL JOIN parallel_result p USING (id) WHERE s.g IS DISTINCT FROM p.g), 0::bigint,
          'H-1.2.1: a forced parallel plan gives the same grades as the serial plan');

SELECT is((SELECT count(*) FROM parallel_result), 60000::bigint, 'every row graded under the parallel plan');

-- a 1,000,000-row partition is O(n): it finishes quickly
SELECT is((SELECT array_agg(cnt ORDER BY g DESC)
           FROM (SELECT g, count(*) AS cnt
                 FROM (SELECT perfeval.quota_grade('{10,20,40,20,10}') OVER (ORDER BY i) AS g
                       FROM generate_series(1, 1000000) AS i) AS t GROUP BY g) AS c),
          '{100000,200000,400000,200000,100000}'::bigint[], 'a 1,000,000-row partition gets its exact quotas');

SELECT * FROM finish();
ROLLBACK;
