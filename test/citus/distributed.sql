-- test/citus/distributed.sql — run by test/citus/run.sh on the coordinator
-- of a Citus cluster (psql -A -t); prints "ok - ..." / "not ok - ..." lines
-- and "# done" at the end.  Issue 13, items 4 and 5.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
SET timezone = 'Asia/Shanghai';
CREATE EXTENSION perfeval;
SELECT CASE WHEN count(*) = 2 AND bool_and(result <> '')
            THEN 'ok - CREATE EXTENSION perfeval on the coordinator reached both workers'
            ELSE 'not ok - perfeval on the workers: ' || string_agg(result, ', ') END
FROM run_command_on_workers($$SELECT extversion FROM pg_extension WHERE extname = 'perfeval'$$);

-- perfeval's own schema on the coordinator: an organisation of 60 agents
INSERT INTO perfeval.department (code, name) VALUES ('CD', 'Distributed');
INSERT INTO perfeval.team (department_id, code, name, manager_role) SELECT id, 'CT', 'Citus team', 'pe_citus_mgr' FROM perfeval.department;
INSERT INTO perfeval.agent (id, employee_no, name, team_id, hired_on)
SELECT i, 'C' || lpad(i::text, 3, '0'), 'Agent ' || i, (SELECT id FROM perfeval.team), '2024-01-01' FROM generate_series(1, 60) AS i;

-- the same events twice: distributed by agent_id, and in a single-node table
SELECT perfeval.create_event_table('public.ev_dist') IS NOT NULL AS made \gset
SELECT create_distributed_table('public.ev_dist', 'agent_id') IS NOT NULL AS made \gset
SELECT perfeval.create_event_table('public.ev_local') IS NOT NULL AS made \gset
INSERT INTO public.ev_local (source, contact_id, agent_id, kind, channel, customer_id, received_at,
                             first_response_at, resolved_at, survey_sent_at, survey_answered_at, won_back)
SELECT 'crm', a || '-' || k, a,
       CASE WHEN k % 20 < 16 THEN 'contact' WHEN k % 20 < 18 THEN 'survey' WHEN k % 20 = 18 THEN 'complaint' ELSE 'winback' END,
       'chat', 'c' || ((a * 7919 + k * 104729) % 300),
       t, t + ((k * 37) % 5400) * interval '1 second', t + ((k * 37) % 5400 + 600 + (k * 91) % 9000) * interval '1 second',
       CASE WHEN k % 20 IN (16, 17) THEN t END,
       CASE WHEN k % 20 IN (16, 17) AND k % 3 > 0 THEN t + ((k * 53) % 172800) * interval '1 second' END,
       CASE WHEN k % 20 = 19 THEN k % 2 = 0 END
FROM generate_series(1, 61) AS a, generate_series(1, 400) AS k,     -- agent 61 is unknown to perfeval
     LATERAL (SELECT timestamptz '2026-03-01 00:00' + ((a * 31 + k * 7001) % 3283200) * interval '1 second' AS t) AS x;
INSERT INTO public.ev_dist SELECT * FROM public.ev_local;
SELECT CASE WHEN (SELECT count(*) FROM public.ev_dist) = 24400
             AND (SELECT count(DISTINCT nodeport) FROM pg_dist_shard JOIN pg_dist_placement USING (shardid)
                  JOIN pg_dist_node USING (groupid) WHERE logicalrelid = 'public.ev_dist'::regclass) = 2
            THEN 'ok - 24,400 events distributed by agent_id over the shards of both workers'
            ELSE 'not ok - distribution of ev_dist' END;

SELECT perfeval.work_clock('{09:00-12:00,13:30-18:00}') AS clock \gset

-- the derivation's aggregation (as derive_measurements runs it), per table
-- (session helpers: Citus says they stay local, which is what they are for)
SET client_min_messages = error;
CREATE FUNCTION pg_temp.derive_sql(tbl text, clock bytea) RETURNS text LANGUAGE sql AS $f$
SELECT format($q$SELECT e.agent_id, count(*) FILTER (WHERE e.received_at < '2026-04-01') AS n,
       perfeval.avg_work_time(e.received_at, e.first_response_at, %2$L::bytea) FILTER (WHERE e.kind = 'contact' AND e.received_at < '2026-04-01') AS response,
       perfeval.avg_work_time(e.first_response_at, e.resolved_at, %2$L::bytea) FILTER (WHERE e.kind = 'contact' AND e.received_at < '2026-04-01') AS handling,
       perfeval.reply_rate(e.survey_sent_at, e.survey_answered_at, '8 hours', %2$L::bytea) FILTER (WHERE e.kind = 'survey' AND e.received_at < '2026-04-01') AS reply,
       perfeval.ratio(e.kind = 'complaint', e.kind = 'contact') FILTER (WHERE e.received_at < '2026-04-01') AS complaint,
       perfeval.repeat_rate(e.customer_id, e.received_at, e.received_at < '2026-04-01', '7 days') FILTER (WHERE e.kind = 'contact') AS repeat,
       perfeval.ratio(e.won_back, true) FILTER (WHERE e.kind = 'winback' AND e.received_at < '2026-04-01') AS winback
FROM %1$s AS e WHERE e.received_at >= '2026-03-01' AND e.received_at < '2026-04-08' GROUP BY e.agent_id$q$, tbl, clock)
$f$;
CREATE FUNCTION pg_temp.explain(q text) RETURNS text LANGUAGE plpgsql AS $f$
DECLARE l text; r text := '';
BEGIN
    FOR l IN EXECUTE 'EXPLAIN (VERBOSE, COSTS OFF) ' || q LOOP r := r || l || E'\n'; END LOOP;
    RETURN r;
END $f$;
CREATE FUNCTION pg_temp.mismatches(clock bytea) RETURNS bigint LANGUAGE plpgsql AS $f$
DECLARE n bigint;
BEGIN
    EXECUTE format('SELECT count(*) FROM ((%1$s EXCEPT %2$s) UNION ALL (%2$s EXCEPT %1$s)) AS x',
                   pg_temp.derive_sql('public.ev_dist', clock), pg_temp.derive_sql('public.ev_local', clock)) INTO n;
    RETURN n;
END $f$;

SET client_min_messages = warning;
SELECT pg_temp.explain(pg_temp.derive_sql('public.ev_dist', :'clock')) AS plan \gset
SELECT CASE WHEN :'plan' ~ 'Custom Scan \(Citus Adaptive\)' AND :'plan' ~ 'Task Count: 32'
             AND :'plan' ~ 'Node: host=127\.0\.0\.1[^\n]*\n(.*\n)*.*Aggregate' AND :'plan' ~ 'perfeval\.avg_work_time'
             AND :'plan' !~ 'coord_combine_agg'
            THEN 'ok - EXPLAIN: the derivation (GROUP BY agent_id) runs whole in the 32 worker tasks, the aggregates inside them'
            ELSE 'not ok - EXPLAIN of the derivation:' || E'\n' || :'plan' END;
SELECT pg_temp.explain(format($q$SELECT e.kind, perfeval.avg_work_time(e.received_at, e.first_response_at, %L::bytea),
                                       perfeval.ratio(e.kind = 'complaint', true)
                                FROM public.ev_dist AS e GROUP BY e.kind$q$, :'clock')) AS plan2 \gset
SELECT CASE WHEN :'plan2' ~ 'worker_partial_agg\(''perfeval\.avg_work_time' AND :'plan2' ~ 'worker_partial_agg\(''perfeval\.ratio'
             AND :'plan2' ~ 'coord_combine_agg'
            THEN 'ok - grouped by another column avg_work_time and ratio split into worker_partial_agg / coord_combine_agg (their combine functions)'
            ELSE 'not ok - EXPLAIN by kind:' || E'\n' || :'plan2' END;
SELECT pg_temp.explain($q$SELECT e.kind, perfeval.repeat_rate(e.customer_id, e.received_at, true, '7 days')
                          FROM public.ev_dist AS e GROUP BY e.kind$q$) AS plan3 \gset
SELECT CASE WHEN :'plan3' !~ 'worker_partial_agg' AND :'plan3' ~ 'Query: SELECT kind, customer_id'
            THEN 'ok - (known) repeat_rate (internal state) grouped by another column is computed on the coordinator from the workers'' rows, not split'
            ELSE 'not ok - EXPLAIN of repeat_rate by kind changed:' || E'\n' || :'plan3' END;
SELECT CASE WHEN a.d = b.l THEN 'ok - grouped by kind across the workers: the single-node answer'
            ELSE 'not ok - by kind: ' || a.d || ' vs ' || b.l END
FROM (SELECT string_agg(format('%s %s %s %s', kind, w, r, c), ', ' ORDER BY kind) AS d FROM (
        SELECT e.kind, perfeval.avg_work_time(e.received_at, e.first_response_at, :'clock'::bytea) AS w,
               perfeval.repeat_rate(e.customer_id, e.received_at, true, '7 days') AS r, perfeval.ratio(e.kind = 'complaint', true) AS c
        FROM public.ev_dist AS e GROUP BY e.kind) AS x) AS a,
     (SELECT string_agg(format('%s %s %s %s', kind, w, r, c), ', ' ORDER BY kind) AS l FROM (
        SELECT e.kind, perfeval.avg_work_time(e.received_at, e.first_response_at, :'clock'::bytea) AS w,
               perfeval.repeat_rate(e.customer_id, e.received_at, true, '7 days') AS r, perfeval.ratio(e.kind = 'complaint', true) AS c
        FROM public.ev_local AS e GROUP BY e.kind) AS x) AS b;

SELECT pg_temp.mismatches(:'clock') AS mm \gset
SELECT CASE WHEN :mm = 0 THEN 'ok - distributed = single node: 0 mismatches over 61 agents x 7 values'
            ELSE 'not ok - ' || :mm || ' mismatching rows between ev_dist and ev_local' END;

-- derive_measurements on the distributed table, then on the local one: the
-- local run finds every value already stored (0 replaced)
SELECT loaded AS d_loaded, agents AS d_agents FROM perfeval.derive_measurements('public.ev_dist', '2026-03-01', :'clock', '8 hours') \gset
SELECT loaded AS l_loaded, replaced AS l_replaced, unchanged AS l_unchanged
FROM perfeval.derive_measurements('public.ev_local', '2026-03-01', :'clock', '8 hours') \gset
SELECT CASE WHEN :d_agents = 60 AND :d_loaded = 360 AND :l_loaded = 0 AND :l_replaced = 0 AND :l_unchanged = 360
            THEN 'ok - derive_measurements on ev_dist writes 360 measurements for 60 agents on the coordinator; the single-node run finds all 360 unchanged'
            ELSE format('not ok - derive: dist %s agents %s loaded; local %s loaded %s replaced %s unchanged', :d_agents, :d_loaded, :l_loaded, :l_replaced, :l_unchanged) END;
SELECT CASE WHEN count(*) = 1 THEN 'ok - the events of agent 61 (unknown) are quarantined on the coordinator'
            ELSE 'not ok - quarantine of agent 61: ' || count(*) END
FROM perfeval.measurement_quarantine WHERE reason = 'events of unknown agent 61' AND raw ->> 'event_table' = 'public.ev_dist';

-- a calendar change on the coordinator: Tuesday 10 March 2026 becomes a holiday
INSERT INTO perfeval.calendar_day (calendar, day, kind, name) VALUES ('cn', '2026-03-10', 'holiday', 'company day off');
SELECT CASE WHEN bool_and(result = 't') AND NOT perfeval.is_workday('2026-03-10')
            THEN 'ok - the workers'' own calendar copies did not get the holiday (a calendar name would answer differently there)'
            ELSE 'not ok - worker calendars: ' || string_agg(result, ', ') END
FROM run_command_on_workers($$SELECT perfeval.is_workday('2026-03-10')$$);
SELECT perfeval.work_clock('{09:00-12:00,13:30-18:00}') AS clock2 \gset
SELECT CASE WHEN bool_and(r.result = 'f')
            THEN 'ok - the clock compiled on the coordinator carries the holiday to the workers'
            ELSE 'not ok - clock on the workers: ' || string_agg(r.result, ', ') END
FROM run_command_on_workers(format($$SELECT perfeval.is_workday('2026-03-10', %L::bytea)$$, :'clock2')) AS r;
SELECT pg_temp.mismatches(:'clock2') AS mm2 \gset
SELECT CASE WHEN :mm2 = 0 THEN 'ok - after the change: distributed = single node, 0 mismatches'
            ELSE 'not ok - after the change: ' || :mm2 || ' mismatching rows' END;
SELECT replaced AS d2_replaced FROM perfeval.derive_measurements('public.ev_dist', '2026-03-01', :'clock2', '8 hours') \gset
SELECT replaced AS l2_replaced, unchanged AS l2_unchanged FROM perfeval.derive_measurements('public.ev_local', '2026-03-01', :'clock2', '8 hours') \gset
SELECT CASE WHEN :d2_replaced > 0 AND :l2_replaced = 0 AND :l2_unchanged = 360
            THEN format('ok - re-derivation after the change replaces %s values on ev_dist (history kept); the single-node run agrees on all 360', :d2_replaced)
            ELSE format('not ok - after the change: dist replaced %s; local replaced %s unchanged %s', :d2_replaced, :l2_replaced, :l2_unchanged) END;

-- an UPDATE on the distributed table with the IMMUTABLE clock function
UPDATE public.ev_dist SET resolved_at = perfeval.work_add(received_at, '4 hours', :'clock2'::bytea) WHERE kind = 'complaint';
UPDATE public.ev_local SET resolved_at = perfeval.work_add(received_at, '4 hours', :'clock2'::bytea) WHERE kind = 'complaint';
SELECT CASE WHEN (SELECT count(*) FROM (SELECT source, contact_id, resolved_at FROM public.ev_dist EXCEPT
                                        SELECT source, contact_id, resolved_at FROM public.ev_local) AS x) = 0
            THEN 'ok - UPDATE ... SET due = work_add(column, span, clock) runs on the distributed table, equal to single node'
            ELSE 'not ok - the UPDATE differs' END;
-- H-4.3 cleaning into the distributed table: load_events from a local staging table
SELECT perfeval.create_event_table('public.ev_in', true) IS NOT NULL AS made \gset
INSERT INTO public.ev_in (source, contact_id, agent_id, kind, received_at)
VALUES ('new', 'n1', 1, 'contact', '2026-03-20 10:00'), ('new', 'n1', 1, 'contact', '2026-03-20 10:00'),
       ('crm', '1-1', 1, 'contact', '2026-03-21 10:00'),   -- already in ev_dist
       ('new', 'n2', 99999, 'contact', '2026-03-20 10:00'), ('new', 'n3', 2, 'contact', '2026-03-20 10:00');
SELECT l::text AS load_result FROM perfeval.load_events('public.ev_in', 'public.ev_dist', 'citus batch') AS l \gset
SELECT CASE WHEN :'load_result' = '(2,2,1)' AND (SELECT count(*) FROM public.ev_dist WHERE source = 'new') = 2
             AND (SELECT count(*) FROM perfeval.measurement_quarantine WHERE import_batch = 'citus batch') = 1
            THEN 'ok - load_events into the distributed table: 2 loaded, a repeated row and an event already loaded count once, an unknown agent quarantined'
            ELSE 'not ok - load_events into ev_dist: ' || :'load_result' END;
SELECT '# done';
