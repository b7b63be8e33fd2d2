-- Benchmark: forced distribution (perfeval.quota_grade, H-5.1) and bonus
-- allocation (perfeval.allocate, H-3.3.1) against the best plain-SQL
-- queries for the same answers, run in the same session; best of 3 runs;
-- prints the ratios SQL / C and whether the answers are the same.
-- Run: psql -X -f test/bench/quota_allocate.sql (in a database with perfeval).
\set ON_ERROR_STOP on
SET max_parallel_workers_per_gather = 0;
SET work_mem = '64MB';

\ir lib/timing.sql

CREATE TEMP TABLE bench_result (question text, c_ms float8, sql_ms float8, same boolean);

-- forced distribution: one team of 1,000,000 and 10,000 teams of 100;
-- scores 0..1000, so there are ties
DROP TABLE IF EXISTS bench_quota;
CREATE TABLE bench_quota AS
SELECT i AS id, 0 AS big_team, i % 10000 AS team, (random() * 1000)::int AS score
FROM generate_series(1, 1000000) AS i;
VACUUM ANALYZE bench_quota;

-- plain SQL: rank() - 1 is the position of the peer group's first row; the
-- largest-remainder quotas per team size; join position to the seat range
CREATE FUNCTION pg_temp.sql_quota(part text) RETURNS text LANGUAGE sql AS $f$
SELECT format($q$
WITH r AS (SELECT id, rank() OVER (PARTITION BY %1$s ORDER BY score DESC) - 1 AS pos,
                  count(*) OVER (PARTITION BY %1$s) AS n
           FROM bench_quota),
     f AS (SELECT n, k, (n * p) / 100 AS fl, (n * p) %% 100 AS rem
           FROM (SELECT DISTINCT n FROM r) AS s, unnest('{10,20,40,20,10}'::int[]) WITH ORDINALITY AS u(p, k)),
     q AS (SELECT n, k, fl + CASE WHEN row_number() OVER (PARTITION BY n ORDER BY rem DESC, k)
                                     <= n - sum(fl) OVER (PARTITION BY n) THEN 1 ELSE 0 END AS seats
           FROM f),
     e AS (SELECT n, k, sum(seats) OVER (PARTITION BY n ORDER BY k) - seats AS first_pos,
                  sum(seats) OVER (PARTITION BY n ORDER BY k) AS end_pos
           FROM q)
SELECT r.id, ((ARRAY['excellent','good','medium','pass','fail'])[e.k])::perfeval.grade AS g
FROM r JOIN e ON e.n = r.n AND r.pos >= e.first_pos AND r.pos < e.end_pos
$q$, part)
$f$;

DO $$
DECLARE
    c text;
    s text;
    same boolean;
    part text;
BEGIN
    FOREACH part IN ARRAY ARRAY['big_team', 'team'] LOOP
        c := format($q$SELECT id, perfeval.quota_grade('{10,20,40,20,10}') OVER (PARTITION BY %s ORDER BY score DESC) AS g
                       FROM bench_quota$q$, part);
        s := pg_temp.sql_quota(part);
        EXECUTE format('SELECT count(*) = 0 FROM (%s) a FULL JOIN (%s) b USING (id) WHERE a.g IS DISTINCT FROM b.g', c, s) INTO same;
        INSERT INTO bench_result VALUES (CASE part WHEN 'big_team' THEN 'quota_grade: 1 partition of 1,000,000 rows'
                                                   ELSE 'quota_grade: 10,000 partitions of 100 rows' END,
                                         pg_temp.best_ms(c), pg_temp.best_ms(s), same);
    END LOOP;
END $$;
DROP TABLE bench_quota;

-- allocation: a pool of 1,000,000.00 among n shares with 4 decimals
CREATE TEMP TABLE bench_shares AS
SELECT n, (SELECT array_agg(round((random() * 100)::numeric, 4)) FROM generate_series(1, n)) AS shares
FROM (VALUES (1000), (100000), (1000000)) AS v(n);

-- plain SQL: floors and remainders in numeric, the leftover cents by
-- row_number over (remainder desc, share desc, position)
CREATE FUNCTION pg_temp.sql_allocate(pool numeric, shares numeric[], scale int) RETURNS numeric[]
LANGUAGE sql STABLE AS $f$
WITH s AS (SELECT pos, sh FROM unnest(shares) WITH ORDINALITY AS u(sh, pos)),
     t AS (SELECT sum(sh) AS total, round(pool * 10::numeric ^ scale, 0) AS units FROM s),
     f AS (SELECT pos, sh, div(units * sh, total) AS fl, mod(units * sh, total) AS rem, units FROM s, t),
     r AS (SELECT pos, fl + CASE WHEN row_number() OVER (ORDER BY rem DESC, sh DESC, pos)
                                  <= units - sum(fl) OVER () AND rem > 0 THEN 1 ELSE 0 END AS amount
           FROM f)
SELECT array_agg(round(amount / 10::numeric ^ scale, scale) ORDER BY pos) FROM r
$f$;

DO $$
DECLARE
    c text;
    s text;
    same boolean;
    k int;
BEGIN
    FOREACH k IN ARRAY ARRAY[1000, 100000, 1000000] LOOP
        c := format('SELECT perfeval.allocate(1000000, shares) AS a FROM bench_shares WHERE n = %s', k);
        s := format('SELECT pg_temp.sql_allocate(1000000, shares, 2) AS a FROM bench_shares WHERE n = %s', k);
        EXECUTE format('SELECT (%s) = (%s)', c, s) INTO same;
        INSERT INTO bench_result VALUES (format('allocate: %s shares', k), pg_temp.best_ms(c), pg_temp.best_ms(s), same);
    END LOOP;
END $$;

SELECT question, round(c_ms::numeric, 0) AS c_ms, round(sql_ms::numeric, 0) AS sql_ms,
       round((sql_ms / c_ms)::numeric, 2) AS "sql/c", same AS same_answer
FROM bench_result;
