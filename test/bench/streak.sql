-- Benchmark: streaks for bottom elimination (H-3.3.5).
-- perfeval.grade_streak (C window function) against the best plain-SQL
-- gaps-and-islands queries for the same answers, on 1,000,000 rows
-- (10,000 agents x 100 periods, about 10% of the periods missing), run in
-- the same session; best of 3 runs each; prints the ratios SQL / C.
-- Run: psql -X -f test/bench/streak.sql (in a database with perfeval).
\set ON_ERROR_STOP on
SET client_min_messages = notice;
SET max_parallel_workers_per_gather = 0;   -- same conditions for both sides
SET work_mem = '64MB';

DROP TABLE IF EXISTS bench_streak;
CREATE TABLE bench_streak AS
SELECT a AS agent, p AS period_index,
       (enum_range(NULL::perfeval.grade))[1 + floor(random() * 5)::int] AS g
FROM generate_series(1, 10000) AS a, generate_series(1, 111) AS p
WHERE random() < 0.91;
DELETE FROM bench_streak WHERE ctid IN (SELECT ctid FROM bench_streak OFFSET 1000000);
VACUUM ANALYZE bench_streak;
SELECT count(*) AS rows, count(DISTINCT agent) AS agents FROM bench_streak;

\ir lib/timing.sql

CREATE TEMP TABLE bench_result (question text, c_ms float8, sql_ms float8, same boolean);

-- Q1: the run length at every row (what grade_streak returns)
-- SQL: gaps and islands with two windows: island = period_index - row_number()
DO $$
DECLARE
    c text := $q$SELECT agent, period_index,
                 perfeval.grade_streak(g, 'pass', period_index) OVER (PARTITION BY agent ORDER BY period_index) AS streak
                 FROM bench_streak$q$;
    s text := $q$SELECT agent, period_index,
                 CASE WHEN bad THEN row_number() OVER (PARTITION BY agent, bad, island ORDER BY period_index) ELSE 0 END AS streak
                 FROM (SELECT agent, period_index, g <= 'pass' AS bad,
                              period_index - row_number() OVER (PARTITION BY agent, g <= 'pass' ORDER BY period_index) AS island
                       FROM bench_streak) AS t$q$;
    same boolean;
BEGIN
    EXECUTE format('SELECT count(*) = 0 FROM (%s) a FULL JOIN (%s) b USING (agent, period_index) WHERE a.streak IS DISTINCT FROM b.streak', c, s) INTO same;
    INSERT INTO bench_result VALUES ('Q1 run length at every row', pg_temp.best_ms(c), pg_temp.best_ms(s), same);
END $$;

-- Q2: agents with a run of at least 3 adjacent periods at or below 'pass', ever
-- SQL: keep only the poor rows, one window, group by island
DO $$
DECLARE
    c text := $q$SELECT agent FROM (
                     SELECT agent, perfeval.grade_streak(g, 'pass', period_index) OVER (PARTITION BY agent ORDER BY period_index) AS streak
                     FROM bench_streak) AS t
                 GROUP BY agent HAVING max(streak) >= 3$q$;
    s text := $q$SELECT DISTINCT agent FROM (
                     SELECT agent, period_index - row_number() OVER (PARTITION BY agent ORDER BY period_index) AS island
                     FROM bench_streak WHERE g <= 'pass') AS t
                 GROUP BY agent, island HAVING count(*) >= 3$q$;
    same boolean;
BEGIN
    EXECUTE format('SELECT count(*) = 0 FROM (%s) a FULL JOIN (%s) b USING (agent) WHERE a.agent IS NULL OR b.agent IS NULL', c, s) INTO same;
    INSERT INTO bench_result VALUES ('Q2 agents with a run >= 3, ever', pg_temp.best_ms(c), pg_temp.best_ms(s), same);
    -- the C function on the poor rows only (a gap in period_index still breaks the run)
    c := $q$SELECT agent FROM (
                SELECT agent, perfeval.grade_streak(g, 'pass', period_index) OVER (PARTITION BY agent ORDER BY period_index) AS streak
                FROM bench_streak WHERE g <= 'pass') AS t
            GROUP BY agent HAVING max(streak) >= 3$q$;
    EXECUTE format('SELECT count(*) = 0 FROM (%s) a FULL JOIN (%s) b USING (agent) WHERE a.agent IS NULL OR b.agent IS NULL', c, s) INTO same;
    INSERT INTO bench_result VALUES ('Q2 same, C on the poor rows only', pg_temp.best_ms(c), pg_temp.best_ms(s), same);
END $$;

-- Q3: agents whose run at their latest period is at least 3 (the current
-- bottom-elimination list)
DO $$
DECLARE
    c text := $q$SELECT agent FROM (
                     SELECT DISTINCT ON (agent) agent, perfeval.grade_streak(g, 'pass', period_index) OVER w AS streak
                     FROM bench_streak WINDOW w AS (PARTITION BY agent ORDER BY period_index)
                     ORDER BY agent, period_index DESC) AS t
                 WHERE streak >= 3$q$;
    s text := $q$SELECT agent FROM (
                     SELECT agent, max(period_index) AS last_index
                     FROM bench_streak GROUP BY agent) AS l
                 JOIN (SELECT agent, max(period_index) AS island_end, count(*) AS len
                       FROM (SELECT agent, period_index,
                                    period_index - row_number() OVER (PARTITION BY agent ORDER BY period_index) AS island
                             FROM bench_streak WHERE g <= 'pass') AS t
                       GROUP BY agent, island) AS i USING (agent)
                 WHERE island_end = last_index AND len >= 3$q$;
    same boolean;
BEGIN
    EXECUTE format('SELECT count(*) = 0 FROM (%s) a FULL JOIN (%s) b USING (agent) WHERE a.agent IS NULL OR b.agent IS NULL', c, s) INTO same;
    INSERT INTO bench_result VALUES ('Q3 agents with a current run >= 3', pg_temp.best_ms(c), pg_temp.best_ms(s), same);
    -- the C function on the poor rows only, joined to each agent's latest period
    c := $q$SELECT agent FROM (
                SELECT agent, max(period_index) AS last_index FROM bench_streak GROUP BY agent) AS l
            JOIN (SELECT DISTINCT ON (agent) agent, period_index AS island_end,
                         perfeval.grade_streak(g, 'pass', period_index) OVER w AS streak
                  FROM bench_streak WHERE g <= 'pass'
                  WINDOW w AS (PARTITION BY agent ORDER BY period_index)
                  ORDER BY agent, period_index DESC) AS i USING (agent)
            WHERE island_end = last_index AND streak >= 3$q$;
    EXECUTE format('SELECT count(*) = 0 FROM (%s) a FULL JOIN (%s) b USING (agent) WHERE a.agent IS NULL OR b.agent IS NULL', c, s) INTO same;
    INSERT INTO bench_result VALUES ('Q3 same, C on the poor rows only', pg_temp.best_ms(c), pg_temp.best_ms(s), same);
END $$;

SELECT question, round(c_ms::numeric, 0) AS c_ms, round(sql_ms::numeric, 0) AS sql_ms,
       round((sql_ms / c_ms)::numeric, 2) AS "sql/c", same AS same_answer
FROM bench_result;

DROP TABLE bench_streak;
