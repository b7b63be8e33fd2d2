-- test/citus/bench.sql — the derivation on the Citus cluster of
-- test/citus/run.sh against the same events on one node (issue 13, item 6).
-- Run: PE_CITUS_SQL=test/citus/bench.sql bash test/citus/run.sh (inside the
-- test cluster's environment), or bash test/bench/citus_events.sh.  Prints
-- "# ..." lines: best of 3 runs, and the ratios.  On one machine the point
-- is that the work is split into the worker tasks, not that it is faster.
\set ON_ERROR_STOP 1
\if :{?agents}
\else
\set agents 1000
\endif
\if :{?per_agent}
\else
\set per_agent 1000
\endif
SET client_min_messages = error;
SET timezone = 'Asia/Shanghai';
SET max_parallel_workers_per_gather = 0;
CREATE EXTENSION perfeval;
SELECT perfeval.create_event_table('public.bev_local') IS NOT NULL AS made \gset
SELECT perfeval.create_event_table('public.bev_dist') IS NOT NULL AS made \gset
SELECT create_distributed_table('public.bev_dist', 'agent_id') IS NOT NULL AS made \gset
INSERT INTO public.bev_local (source, contact_id, agent_id, kind, customer_id, received_at, first_response_at, resolved_at,
                              survey_sent_at, survey_answered_at, won_back)
SELECT 'crm', a || '-' || k, a,
       CASE WHEN k % 20 < 16 THEN 'contact' WHEN k % 20 < 18 THEN 'survey' WHEN k % 20 = 18 THEN 'complaint' ELSE 'winback' END,
       'c' || ((a * 7919 + k * 104729) % 400000), t, t + ((k * 37) % 3600) * interval '1 second',
       t + ((k * 37) % 3600 + 600 + (k * 91) % 7200) * interval '1 second',
       CASE WHEN k % 20 IN (16, 17) THEN t END,
       CASE WHEN k % 20 IN (16, 17) AND k % 3 > 0 THEN t + ((k * 53) % 172800) * interval '1 second' END,
       CASE WHEN k % 20 = 19 THEN k % 2 = 0 END
FROM generate_series(1, :agents) AS a, generate_series(1, :per_agent) AS k,
     LATERAL (SELECT timestamptz '2026-03-01 00:00' + ((a * 31 + k * 2593) % 2678400) * interval '1 second' AS t) AS x;
INSERT INTO public.bev_dist SELECT * FROM public.bev_local;
VACUUM ANALYZE public.bev_local;
VACUUM ANALYZE public.bev_dist;
SELECT perfeval.work_clock('{09:00-12:00,13:30-18:00}') AS clock \gset
CREATE TEMP TABLE bq (name text, q text);
INSERT INTO bq SELECT v.n || '_' || t.t, format(v.q, 'public.bev_' || t.t, :'clock')
FROM (VALUES ('scan', $q$SELECT count(*), max(received_at) FROM %1$s WHERE received_at >= '2026-03-01' AND received_at < '2026-04-08'$q$),
             ('derive', $q$SELECT e.agent_id,
       perfeval.avg_work_time(e.received_at, e.first_response_at, %2$L::bytea) FILTER (WHERE e.kind = 'contact' AND e.received_at < '2026-04-01'),
       perfeval.avg_work_time(e.first_response_at, e.resolved_at, %2$L::bytea) FILTER (WHERE e.kind = 'contact' AND e.received_at < '2026-04-01'),
       perfeval.reply_rate(e.survey_sent_at, e.survey_answered_at, '8 hours', %2$L::bytea) FILTER (WHERE e.kind = 'survey' AND e.received_at < '2026-04-01'),
       perfeval.ratio(e.kind = 'complaint', e.kind = 'contact') FILTER (WHERE e.received_at < '2026-04-01'),
       perfeval.repeat_rate(e.customer_id, e.received_at, e.received_at < '2026-04-01', '7 days') FILTER (WHERE e.kind = 'contact'),
       perfeval.ratio(e.won_back, true) FILTER (WHERE e.kind = 'winback' AND e.received_at < '2026-04-01')
FROM %1$s AS e WHERE e.received_at >= '2026-03-01' AND e.received_at < '2026-04-08' GROUP BY e.agent_id$q$)) AS v (n, q),
     (VALUES ('local'), ('dist')) AS t (t);
CREATE TEMP TABLE bt (name text, secs float8);
DO $b$
DECLARE r record; t0 timestamptz; n bigint;
BEGIN
    FOR run IN 1..3 LOOP
        FOR r IN SELECT * FROM bq ORDER BY name LOOP
            t0 := clock_timestamp();
            EXECUTE 'SELECT count(*) FROM (' || r.q || ') AS x WHERE x IS NOT NULL OR x IS NULL' INTO n;
            INSERT INTO bt VALUES (r.name, extract(epoch FROM clock_timestamp() - t0));
        END LOOP;
    END LOOP;
END $b$;
SELECT format('# %s events of %s agents; best of 3 runs (seconds): %s', :agents * :per_agent, :agents,
              string_agg(format('%s %s', name, round(s::numeric, 3)), ', ' ORDER BY name))
FROM (SELECT name, min(secs) AS s FROM bt GROUP BY name) AS x;
SELECT format('# ratios: derivation distributed / single node %s; derivation / bare scan: single node %s, distributed %s',
              round((d.s / l.s)::numeric, 2), round((l.s / ls.s)::numeric, 2), round((d.s / ds.s)::numeric, 2))
FROM (SELECT min(secs) AS s FROM bt WHERE name = 'derive_dist') AS d, (SELECT min(secs) AS s FROM bt WHERE name = 'derive_local') AS l,
     (SELECT min(secs) AS s FROM bt WHERE name = 'scan_local') AS ls, (SELECT min(secs) AS s FROM bt WHERE name = 'scan_dist') AS ds;
SELECT '# done';
