-- Benchmark: weighted_score and grade_of (issue 2; H-3.2.3, H-5.1).
--
-- In one session over 10,000,000 rows (an UNLOGGED table generated once,
-- VACUUM ANALYZE'd, read once to warm the cache):
--   weighted_score(s, w)  vs  avg(s)  vs  sum(s * w) / sum(w)
--     serially (max_parallel_workers_per_gather = 0) and with 2 workers;
--   grade_of(s)  vs  the equivalent CASE on the default cutoffs
--     (count(*) FILTER (WHERE ... = 'good') makes every row be graded).
-- Each query runs :runs times, interleaved with the others (so that load
-- from other processes hits all of them alike); the median counts.  JIT is
-- off for the main figures (its compile time is noise at this size) and on
-- for a second set.  Prints medians in ms and the ratios; the goals of
-- issue 2 are weighted_score <= 1.15x avg(float8), <= 1.0x the SQL
-- expression, grade_of <= 1.2x the CASE.
--
-- Run: bash test/bench/run.sh score   (or psql -X -f test/bench/score.sql
-- in a database where perfeval is installed).
\set ON_ERROR_STOP on
\set runs 5
\set nrows 10000000
SET client_min_messages = notice;
SET work_mem = '64MB';

DROP TABLE IF EXISTS bench_score;
-- deterministic data: scores 0-100 with 2 decimals, weights 1-2.7; no NULL,
-- so that the three weighted/unweighted means read the same rows
CREATE UNLOGGED TABLE bench_score AS
SELECT ((i::bigint * 7919) % 10007) / 100.0::float8 AS s,
       1 + (i % 13) / 7.0::float8 AS w
FROM generate_series(1, :nrows) AS i;
VACUUM ANALYZE bench_score;
SELECT count(*) AS rows, pg_size_pretty(pg_relation_size('bench_score')) AS size FROM bench_score;

-- Returns the median time in ms of each query, over runs interleaved rounds.
CREATE FUNCTION pg_temp.median_ms(queries text[], runs int)
RETURNS TABLE (query text, median_ms float8, result text)
LANGUAGE plpgsql AS $$
DECLARE
    t0 timestamptz;
    ms float8[] := '{}';
    res text[] := '{}';
    r text;
    n int := cardinality(queries);
BEGIN
    FOR k IN 1..runs LOOP
        FOR i IN 1..n LOOP
            t0 := clock_timestamp();
            EXECUTE queries[i] INTO r;
            ms := ms || extract(epoch FROM clock_timestamp() - t0) * 1000;
            IF k = 1 THEN
                res := res || r;
            END IF;
        END LOOP;
    END LOOP;
    FOR i IN 1..n LOOP
        query := queries[i];
        result := res[i];
        SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY m) INTO median_ms
          FROM unnest(ms) WITH ORDINALITY AS u(m, o) WHERE (o - 1) % n = i - 1;
        RETURN NEXT;
    END LOOP;
END $$;

-- Returns the "Workers Launched" count of a query's plan (0 when serial).
CREATE FUNCTION pg_temp.workers(q text) RETURNS int
LANGUAGE plpgsql AS $$
DECLARE
    line text;
    n int := 0;
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) ' || q LOOP
        IF line ~ 'Workers Launched' THEN
            n := n + substring(line FROM 'Workers Launched: (\d+)')::int;
        END IF;
    END LOOP;
    RETURN n;
END $$;

CREATE TEMP TABLE bench_out (jit boolean, workers int, query text, median_ms float8, result text);

-- warm the cache
SELECT count(*) AS warm FROM bench_score WHERE s >= 0;

\set q_ws 'SELECT perfeval.weighted_score(s, w)::text FROM bench_score'
\set q_avg 'SELECT avg(s)::text FROM bench_score'
\set q_sql 'SELECT (sum(s * w) / sum(w))::text FROM bench_score'
\set q_grade 'SELECT count(*) FILTER (WHERE perfeval.grade_of(s) = ''good'')::text FROM bench_score'
\set q_case 'SELECT count(*) FILTER (WHERE CASE WHEN s >= 90 THEN ''excellent''::perfeval.grade WHEN s >= 80 THEN ''good''::perfeval.grade WHEN s >= 70 THEN ''medium''::perfeval.grade WHEN s >= 60 THEN ''pass''::perfeval.grade ELSE ''fail''::perfeval.grade END = ''good'')::text FROM bench_score'

-- one configuration: jit on/off and the number of parallel workers
CREATE FUNCTION pg_temp.bench(use_jit boolean, nworkers int, runs int, qs text[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    w int;
BEGIN
    PERFORM set_config('jit', use_jit::text, true);
    PERFORM set_config('max_parallel_workers_per_gather', nworkers::text, true);
    w := pg_temp.workers(qs[1]);
    IF w <> nworkers THEN
        RAISE NOTICE 'asked for % workers, the plan launched %', nworkers, w;
    END IF;
    INSERT INTO bench_out SELECT use_jit, w, m.query, m.median_ms, m.result
      FROM pg_temp.median_ms(qs, runs) m;
END $$;

\echo == timing (median of :runs interleaved runs each); on shared cores expect a few % of noise
\o /dev/null
BEGIN;
SELECT pg_temp.bench(false, 0, :runs, ARRAY[:'q_ws', :'q_avg', :'q_sql', :'q_grade', :'q_case']);
COMMIT;
BEGIN;
SELECT pg_temp.bench(false, 2, :runs, ARRAY[:'q_ws', :'q_avg', :'q_sql', :'q_grade', :'q_case']);
COMMIT;
BEGIN;
SELECT pg_temp.bench(true, 0, :runs, ARRAY[:'q_ws', :'q_avg', :'q_sql', :'q_grade', :'q_case']);
COMMIT;
BEGIN;
SELECT pg_temp.bench(true, 2, :runs, ARRAY[:'q_ws', :'q_avg', :'q_sql', :'q_grade', :'q_case']);
COMMIT;
\o

\echo == medians (ms) and results
SELECT CASE WHEN jit THEN 'on' ELSE 'off' END AS jit, workers,
       CASE WHEN query LIKE '%weighted_score%' THEN 'weighted_score(s, w)'
            WHEN query LIKE '%avg(s)%' THEN 'avg(s)'
            WHEN query LIKE '%sum(s * w)%' THEN 'sum(s*w)/sum(w)'
            WHEN query LIKE '%grade_of%' THEN 'grade_of(s)'
            ELSE 'CASE' END AS query,
       round(median_ms::numeric, 1) AS median_ms, result
FROM bench_out ORDER BY jit, workers, query;

\echo == ratios (goals: weighted_score/avg <= 1.15, weighted_score/sql <= 1.00, grade_of/CASE <= 1.20)
SELECT CASE WHEN jit THEN 'on' ELSE 'off' END AS jit, workers,
       round((ws / av)::numeric, 3) AS "weighted_score/avg",
       round((ws / sq)::numeric, 3) AS "weighted_score/sql",
       round((gr / cs)::numeric, 3) AS "grade_of/CASE",
       CASE WHEN ws / av <= 1.15 AND ws / sq <= 1.0 AND gr / cs <= 1.2 THEN 'met' ELSE 'MISSED' END AS goals
FROM (SELECT jit, workers,
             max(median_ms) FILTER (WHERE query LIKE '%weighted_score%') AS ws,
             max(median_ms) FILTER (WHERE query LIKE '%avg(s)%') AS av,
             max(median_ms) FILTER (WHERE query LIKE '%sum(s * w)%') AS sq,
             max(median_ms) FILTER (WHERE query LIKE '%grade_of%') AS gr,
             max(median_ms) FILTER (WHERE query LIKE '%CASE WHEN%') AS cs
      FROM bench_out GROUP BY jit, workers) x
ORDER BY jit, workers;

\echo == same answers: weighted_score = sum(s*w)/sum(w) (to 1e-9), grade_of count = CASE count
SELECT bool_and(abs(a.result::float8 - b.result::float8) <= 1e-9) AS weighted_equal
FROM bench_out a JOIN bench_out b USING (jit, workers)
WHERE a.query LIKE '%weighted_score%' AND b.query LIKE '%sum(s * w)%';
SELECT bool_and(a.result = b.result) AS grades_equal
FROM bench_out a JOIN bench_out b USING (jit, workers)
WHERE a.query LIKE '%grade_of%' AND b.query LIKE '%CASE WHEN%';

DROP TABLE bench_score;
