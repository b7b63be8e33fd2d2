-- test/bench/events.sql — deriving indicators from contact events (issue 13;
-- H-2.3.1-3, H-2.4.2-4).  One month of events, :agents agents x
-- :per_agent events each (default 10,000 x 1,000 = 10 million), in one
-- session: perfeval's C aggregates (elapsed and business time) against the
-- plain-SQL GROUP BY of the same indicators (elapsed time: plain SQL has no
-- business-hour clock; the repeat-contact rate by a window lead()) and
-- against a bare scan of the same rows.  Prints the best of 3 runs and the
-- ratios; not part of the test run.  Smaller scale:
--   psql -X -v agents=1000 -v per_agent=1000 -f test/bench/events.sql
\set ON_ERROR_STOP on
\if :{?agents}
\else
\set agents 10000
\endif
\if :{?per_agent}
\else
\set per_agent 1000
\endif
SET client_min_messages = notice;
CREATE EXTENSION IF NOT EXISTS perfeval;
SET max_parallel_workers_per_gather = 0;   -- one process: per-row cost
SET jit = off;
SET timezone = 'Asia/Shanghai';
SET work_mem = '256MB';

DROP TABLE IF EXISTS public.bench_events;
SELECT perfeval.create_event_table('public.bench_events') IS NOT NULL AS made \gset
-- March 2026: contacts 80 %, surveys 10 %, complaints 5 %, win-back calls 5 %
INSERT INTO public.bench_events (source, contact_id, agent_id, kind, channel, customer_id, received_at,
                                 first_response_at, resolved_at, survey_sent_at, survey_answered_at, won_back)
SELECT 'crm', a || '-' || k, a,
       CASE WHEN k % 20 < 16 THEN 'contact' WHEN k % 20 < 18 THEN 'survey' WHEN k % 20 = 18 THEN 'complaint' ELSE 'winback' END,
       'chat', 'c' || ((a * 7919 + k * 104729) % 400000),
       t, t + ((k * 37) % 3600) * interval '1 second', t + ((k * 37) % 3600 + 600 + (k * 91) % 7200) * interval '1 second',
       CASE WHEN k % 20 IN (16, 17) THEN t END,
       CASE WHEN k % 20 IN (16, 17) AND k % 3 > 0 THEN t + ((k * 53) % 172800) * interval '1 second' END,
       CASE WHEN k % 20 = 19 THEN k % 2 = 0 END
FROM generate_series(1, :agents) AS a, generate_series(1, :per_agent) AS k,
     LATERAL (SELECT timestamptz '2026-03-01 00:00' + ((a * 31 + k * 2593) % 2678400) * interval '1 second' AS t) AS x;
VACUUM ANALYZE public.bench_events;
SELECT count(*) AS events, count(DISTINCT agent_id) AS agents, pg_size_pretty(pg_total_relation_size('public.bench_events')) AS size
FROM public.bench_events;
SELECT perfeval.work_clock('{09:00-12:00,13:30-18:00}') AS clock \gset

CREATE TEMP TABLE bench_sql (name text PRIMARY KEY, q text);
INSERT INTO bench_sql VALUES
 ('scan', $$SELECT count(*), max(received_at) FROM public.bench_events WHERE received_at >= '2026-03-01' AND received_at < '2026-04-08'$$),
 ('plain_sql', $$
    SELECT agent_id,
           avg(extract(epoch FROM first_response_at - received_at)) FILTER (WHERE kind = 'contact' AND received_at < '2026-04-01'),
           avg(extract(epoch FROM resolved_at - first_response_at)) FILTER (WHERE kind = 'contact' AND received_at < '2026-04-01'),
           avg((survey_answered_at IS NOT NULL AND survey_answered_at - survey_sent_at <= interval '24 hours')::int)
               FILTER (WHERE kind = 'survey' AND survey_sent_at IS NOT NULL AND received_at < '2026-04-01'),
           count(*) FILTER (WHERE kind = 'complaint' AND received_at < '2026-04-01')::float8
               / nullif(count(*) FILTER (WHERE kind = 'contact' AND received_at < '2026-04-01'), 0),
           avg((nxt IS NOT NULL AND nxt - received_at <= interval '7 days')::int) FILTER (WHERE kind = 'contact' AND received_at < '2026-04-01'),
           avg(won_back::int) FILTER (WHERE kind = 'winback' AND received_at < '2026-04-01')
    FROM (SELECT e.*, CASE WHEN e.kind = 'contact' THEN lead(e.received_at) OVER (PARTITION BY e.agent_id, e.customer_id, e.kind = 'contact' ORDER BY e.received_at) END AS nxt
          FROM public.bench_events AS e WHERE e.received_at >= '2026-03-01' AND e.received_at < '2026-04-08') AS x
    GROUP BY agent_id$$),
 ('perfeval_elapsed', $$
    SELECT e.agent_id,
           perfeval.avg_elapsed(e.received_at, e.first_response_at) FILTER (WHERE e.kind = 'contact' AND e.received_at < '2026-04-01'),
           perfeval.avg_elapsed(e.first_response_at, e.resolved_at) FILTER (WHERE e.kind = 'contact' AND e.received_at < '2026-04-01'),
           perfeval.reply_rate(e.survey_sent_at, e.survey_answered_at, '24 hours', :'clock'::bytea)
               FILTER (WHERE e.kind = 'survey' AND e.received_at < '2026-04-01'),
           perfeval.ratio(e.kind = 'complaint', e.kind = 'contact') FILTER (WHERE e.received_at < '2026-04-01'),
           perfeval.repeat_rate(e.customer_id, e.received_at, e.received_at < '2026-04-01', '7 days') FILTER (WHERE e.kind = 'contact'),
           perfeval.ratio(e.won_back, true) FILTER (WHERE e.kind = 'winback' AND e.received_at < '2026-04-01')
    FROM public.bench_events AS e WHERE e.received_at >= '2026-03-01' AND e.received_at < '2026-04-08'
    GROUP BY e.agent_id$$),
 ('perfeval_business', $$
    SELECT e.agent_id,
           perfeval.avg_work_time(e.received_at, e.first_response_at, :'clock'::bytea) FILTER (WHERE e.kind = 'contact' AND e.received_at < '2026-04-01'),
           perfeval.avg_work_time(e.first_response_at, e.resolved_at, :'clock'::bytea) FILTER (WHERE e.kind = 'contact' AND e.received_at < '2026-04-01'),
           perfeval.reply_rate(e.survey_sent_at, e.survey_answered_at, '24 hours', :'clock'::bytea)
               FILTER (WHERE e.kind = 'survey' AND e.received_at < '2026-04-01'),
           perfeval.ratio(e.kind = 'complaint', e.kind = 'contact') FILTER (WHERE e.received_at < '2026-04-01'),
           perfeval.repeat_rate(e.customer_id, e.received_at, e.received_at < '2026-04-01', '7 days') FILTER (WHERE e.kind = 'contact'),
           perfeval.ratio(e.won_back, true) FILTER (WHERE e.kind = 'winback' AND e.received_at < '2026-04-01')
    FROM public.bench_events AS e WHERE e.received_at >= '2026-03-01' AND e.received_at < '2026-04-08'
    GROUP BY e.agent_id$$);
-- psql variables are not substituted inside dollar quotes: put the clock in
UPDATE bench_sql SET q = replace(q, ':''clock''::bytea', quote_literal(:'clock') || '::bytea');

CREATE TEMP TABLE bench_time (name text, secs float8);
DO $bench$
DECLARE r record; t0 timestamptz; n bigint;
BEGIN
    FOR run IN 1..3 LOOP
        FOR r IN SELECT * FROM bench_sql ORDER BY name LOOP
            t0 := clock_timestamp();
            -- x IS NOT NULL reads every output column: the planner may not drop an unused aggregate
            EXECUTE 'SELECT count(*) FROM (' || r.q || ') AS x WHERE x IS NOT NULL OR x IS NULL' INTO n;
            INSERT INTO bench_time VALUES (r.name, extract(epoch FROM clock_timestamp() - t0));
        END LOOP;
    END LOOP;
END
$bench$;
SELECT name, round(min(secs)::numeric, 3) AS best_seconds FROM bench_time GROUP BY name ORDER BY name;
SELECT round(((SELECT min(secs) FROM bench_time WHERE name = 'perfeval_elapsed') / (SELECT min(secs) FROM bench_time WHERE name = 'plain_sql'))::numeric, 2)
           AS "perfeval elapsed / plain SQL",
       round(((SELECT min(secs) FROM bench_time WHERE name = 'perfeval_business') / (SELECT min(secs) FROM bench_time WHERE name = 'plain_sql'))::numeric, 2)
           AS "perfeval business time / plain SQL",
       round(((SELECT min(secs) FROM bench_time WHERE name = 'perfeval_elapsed') / (SELECT min(secs) FROM bench_time WHERE name = 'scan'))::numeric, 2)
           AS "perfeval elapsed / scan",
       round(((SELECT min(secs) FROM bench_time WHERE name = 'perfeval_business') / (SELECT min(secs) FROM bench_time WHERE name = 'scan'))::numeric, 2)
           AS "perfeval business / scan";

DROP TABLE public.bench_events;
