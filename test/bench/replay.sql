-- test/bench/replay.sql — issue 15: the what-if replay of a year against
-- evaluating it, in one session on the same data (the benchmark's contact
-- centre, test/fixture/evaluate_data.sql).  Per month, interleaved so both
-- see the same machine load: evaluate (computes and stores, the baseline)
-- and replay under a draft revision (computes under the draft, reads the
-- stored results, compares, stores nothing); then the whole year in one
-- replay call and in one replay_summary call (with the bonus pool split),
-- and the re-centred replay of a month.  Prints the ratios replay /
-- evaluate; the goal is <= 1.
--
--   psql -X -f test/bench/replay.sql                       10,000 agents x 12 months
--   psql -X -v agents=2000 -v months=3 -f test/bench/replay.sql
-- (test/bench/run.sh replay, or /work/pgenv/run.sh on the team's machine).
-- Not part of the test run.
\set ON_ERROR_STOP 1
\if :{?agents}
\else
\set agents 10000
\endif
\if :{?months}
\else
\set months 12
\endif
SET client_min_messages = warning;
DROP EXTENSION IF EXISTS perfeval CASCADE;
CREATE EXTENSION perfeval;
SET synchronous_commit = off;
SET work_mem = '64MB';
\ir ../fixture/evaluate_data.sql
ANALYZE perfeval.measurement;
ANALYZE perfeval.layer_score;
ANALYZE perfeval.agent;
ANALYZE perfeval.period;
SELECT :agents AS agents, :months AS months, count(*) AS measurements FROM perfeval.measurement;

CREATE TEMP TABLE bench_times (step text, period_id integer, ms float8);
CREATE TEMP TABLE months AS SELECT id, starts_on FROM perfeval.period WHERE kind = 'month' ORDER BY starts_on;
CREATE FUNCTION pg_temp.timed(step text, pid integer, q text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz := clock_timestamp();
BEGIN
    EXECUTE q;
    INSERT INTO bench_times VALUES (step, pid, extract(epoch FROM clock_timestamp() - t0) * 1000);
END $$;

-- the draft: satisfaction weighs more (csat +1,000 bp from the efficiency timings)
SELECT perfeval.revision_draft('bench: satisfaction weighs more') AS rev \gset
SELECT scheme_version_id AS draft FROM perfeval.scheme_revision WHERE id = :rev \gset
BEGIN;
UPDATE perfeval.scheme_item SET weight_bp = weight_bp + 1000
WHERE scheme_version_id = :draft AND indicator_id = (SELECT id FROM perfeval.indicator WHERE code = 'csat_score');
UPDATE perfeval.scheme_item SET weight_bp = weight_bp - 600
WHERE scheme_version_id = :draft AND indicator_id = (SELECT id FROM perfeval.indicator WHERE code = 'handling_seconds');
UPDATE perfeval.scheme_item SET weight_bp = weight_bp - 400
WHERE scheme_version_id = :draft AND indicator_id = (SELECT id FROM perfeval.indicator WHERE code = 'avg_response_seconds');
COMMIT;

-- per month: evaluate (first run), then replay of that month (the rows
-- consumed by count, as a client would fetch them)
SELECT pg_temp.timed('evaluate', m.id, format('SELECT perfeval.evaluate(%s)', m.id)),
       pg_temp.timed('replay', m.id, format('SELECT count(*) FROM perfeval.replay(%s, ARRAY[%s])', :draft, m.id))
FROM months AS m ORDER BY m.starts_on \g /dev/null
-- the roll-ups: evaluate of each quarter and the year (after their months),
-- the baseline of replaying them
CREATE TEMP TABLE rollups AS
SELECT DISTINCT perfeval.period_of(k, m.starts_on) AS id, k AS kind, date_trunc(k, m.starts_on)::date AS starts_on
FROM months AS m CROSS JOIN (VALUES ('quarter'), ('year')) AS x(k);
SELECT pg_temp.timed('evaluate_rollup', r.id, format('SELECT perfeval.evaluate(%s)', r.id))
FROM rollups AS r ORDER BY r.kind = 'year', r.starts_on \g /dev/null
SELECT array_agg(id ORDER BY kind = 'month', kind = 'quarter', starts_on) AS all_periods
FROM (SELECT id, 'month' AS kind, starts_on FROM months UNION ALL SELECT id, kind, starts_on FROM rollups) AS x \gset
-- the year with its quarters and months in one replay call (each month
-- evaluated once under the draft, the roll-ups from those), and in one
-- replay_summary call
SELECT pg_temp.timed('replay_all', NULL, format('SELECT count(*) FROM perfeval.replay(%s, %L::integer[])', :draft, :'all_periods')) \g /dev/null
SELECT pg_temp.timed('replay_summary_all', NULL,
                     format('SELECT count(*) FROM perfeval.replay_summary(%s, %L::integer[], ''team'', 1000000)', :draft, :'all_periods')) \g /dev/null
-- the months of the year in one call each
SELECT pg_temp.timed('replay_year', NULL, format('SELECT count(*) FROM perfeval.replay(%s, %L::integer[])', :draft,
                                                 (SELECT array_agg(id ORDER BY starts_on) FROM months))) \g /dev/null
SELECT pg_temp.timed('replay_summary_year', NULL,
                     format('SELECT count(*) FROM perfeval.replay_summary(%s, %L::integer[], ''team'', 1000000)', :draft,
                            (SELECT array_agg(id ORDER BY starts_on) FROM months))) \g /dev/null
SELECT pg_temp.timed('replay_recentred', m.id, format('SELECT count(*) FROM perfeval.replay(%s, ARRAY[%s], true)', :draft, m.id))
FROM (SELECT id FROM months ORDER BY starts_on LIMIT 1) AS m \g /dev/null

\echo '== per month (ms): evaluate vs replay'
SELECT m.starts_on, round(e.ms::numeric) AS evaluate_ms, round(r.ms::numeric) AS replay_ms,
       round((r.ms / e.ms)::numeric, 2) AS ratio
FROM months AS m
JOIN bench_times AS e ON e.step = 'evaluate' AND e.period_id = m.id
JOIN bench_times AS r ON r.step = 'replay' AND r.period_id = m.id
ORDER BY m.starts_on;

\echo '== the year: replay / evaluate (goal <= 1)'
WITH ev AS (SELECT sum(ms) AS ms, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS med FROM bench_times WHERE step = 'evaluate'),
     rp AS (SELECT sum(ms) AS ms, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS med FROM bench_times WHERE step = 'replay')
SELECT round(ev.ms::numeric) AS evaluate_year_ms,
       round((SELECT ms FROM bench_times WHERE step = 'replay_year')::numeric) AS replay_year_ms,
       round(((SELECT ms FROM bench_times WHERE step = 'replay_year') / ev.ms)::numeric, 2) AS ratio_year,
       round((rp.med / ev.med)::numeric, 2) AS ratio_median_month,
       round(((SELECT ms FROM bench_times WHERE step = 'replay_summary_year') / ev.ms)::numeric, 2) AS ratio_summary_year,
       round(((SELECT ms FROM bench_times WHERE step = 'replay_recentred') / ev.med)::numeric, 2) AS ratio_recentred_month
FROM ev, rp;

\echo '== the year with its quarters and months: replay / evaluate of the same periods (goal <= 1)'
WITH ev AS (SELECT sum(ms) FILTER (WHERE step = 'evaluate') AS months_ms, sum(ms) FILTER (WHERE step = 'evaluate_rollup') AS rollups_ms
            FROM bench_times)
SELECT (SELECT count(*) FROM months) AS months, (SELECT count(*) FROM rollups) AS rollups,
       round(ev.months_ms::numeric) AS evaluate_months_ms, round(ev.rollups_ms::numeric) AS evaluate_rollups_ms,
       round((SELECT ms FROM bench_times WHERE step = 'replay_all')::numeric) AS replay_all_ms,
       round(((SELECT ms FROM bench_times WHERE step = 'replay_all') / (ev.months_ms + ev.rollups_ms))::numeric, 2) AS ratio_all,
       round(((SELECT ms FROM bench_times WHERE step = 'replay_summary_all') / (ev.months_ms + ev.rollups_ms))::numeric, 2) AS ratio_summary_all
FROM ev;

\echo '== what the draft does (the year)'
SELECT sum(grade_changed) AS grades_changed, sum(grade_up) AS up, sum(grade_down) AS down
FROM perfeval.replay_summary(:draft, (SELECT array_agg(id ORDER BY starts_on) FROM months), 'company');
