-- pgTAP: contact events and the measurements derived from them (issue 13;
-- H-2.3.1 response time, H-2.3.2 survey reply rate, H-2.3.3 handling time,
-- H-2.4.2 complaint rate, H-2.4.3 repeat-contact rate, H-2.4.4 win-back
-- rate, H-4.1 sources, H-4.3 cleaning).  March 2026 on calendar cn with
-- the hours 09:00-12:00 and 13:30-18:00 (7.5 h a day); values worked out by
-- hand in the comments.
BEGIN;
CREATE EXTENSION IF NOT EXISTS perfeval;
SET LOCAL timezone = 'Asia/Shanghai';
SET LOCAL datestyle = ISO;
SELECT plan(33);
CREATE FUNCTION pg_temp.explain_lines(q text) RETURNS SETOF text LANGUAGE plpgsql AS $f$
BEGIN RETURN QUERY EXECUTE 'EXPLAIN (COSTS OFF) ' || q; END $f$;

INSERT INTO perfeval.department (code, name) VALUES ('EV', 'Events');
INSERT INTO perfeval.team (department_id, code, name, manager_role)
SELECT id, 'EV1', 'Event team', 'pe_ev_mgr' FROM perfeval.department WHERE code = 'EV';
INSERT INTO perfeval.agent (employee_no, name, team_id, hired_on)
SELECT 'EV' || i, 'Event agent ' || i, (SELECT id FROM perfeval.team WHERE code = 'EV1'), '2024-01-01'
FROM generate_series(1, 2) AS i;
SELECT id AS a1 FROM perfeval.agent WHERE employee_no = 'EV1' \gset
SELECT id AS a2 FROM perfeval.agent WHERE employee_no = 'EV2' \gset

SELECT is(perfeval.create_event_table('public.ev_events')::text, 'ev_events', 'create_event_table makes the event table');
SELECT is(perfeval.create_event_table('public.ev_staging', true)::text, 'ev_staging', 'and a staging table for COPY');
SELECT is((SELECT relowner FROM pg_class WHERE oid = 'ev_events'::regclass), (SELECT oid FROM pg_roles WHERE rolname = current_user),
          'the caller owns the event table');
SELECT is((SELECT count(*)::int FROM pg_depend WHERE objid = 'ev_events'::regclass AND deptype = 'e'), 0,
          'the event table is not the extension''s (so it can be distributed)');
SELECT col_is_pk('public', 'ev_events', ARRAY['agent_id', 'source', 'contact_id'], 'unique per agent, source and contact id');

CREATE TEMP TABLE ev_csv (line text);
-- source, contact_id, agent, kind, channel, customer, received, first response, resolved,
-- survey sent, answered, score, won back
INSERT INTO ev_csv VALUES
 ('crm,c1,A1,contact,chat,A,2026-03-02 10:00,2026-03-02 10:30,2026-03-02 11:00,,,,'),
 ('crm,c1,A1,contact,chat,A,2026-03-02 10:00,2026-03-02 10:30,2026-03-02 11:00,,,,'),
 ('crm,c2,A1,contact,call,A,2026-03-06 17:30,2026-03-09 09:30,2026-03-09 10:30,,,,'),
 ('crm,c3,A1,contact,chat,B,2026-03-27 14:00,2026-03-27 14:10,2026-03-27 15:10,,,,'),
 ('crm,c4,A1,contact,chat,B,2026-04-01 10:00,2026-04-01 10:01,2026-04-01 10:02,,,,'),
 ('crm,k1,A1,complaint,,A,2026-03-09 11:00,,,,,,'),
 ('srv,s1,A1,survey,,A,2026-03-02 11:00,,,2026-03-02 11:00,2026-03-03 10:00,90,'),
 ('srv,s2,A1,survey,,A,2026-03-05 09:00,,,2026-03-05 09:00,2026-03-06 17:00,40,'),
 ('srv,s3,A1,survey,,B,2026-03-09 09:00,,,2026-03-09 09:00,,,'),
 ('crm,w1,A1,winback,call,C,2026-03-11 09:00,,,,,,true'),
 ('crm,w2,A1,winback,call,D,2026-03-12 09:00,,,,,,false'),
 ('crm,e1,A2,contact,chat,Z,2026-03-03 09:00,2026-03-03 09:05,,,,,'),
 ('crm,x1,99999,contact,chat,Z,2026-03-03 09:00,2026-03-03 09:05,,,,,'),
 ('crm,x2,A2,contact,chat,Z,2026-03-03 09:00,2026-03-03 08:05,,,,,'),
 ('crm,x3,A2,contact,fax,Z,2026-03-03 09:00,,,,,,'),
 ('crm,x4,A2,contact,chat,Z,infinity,,,,,,');
-- the bulk path is COPY (here COPY FROM a query's output file is not
-- possible inside pgTAP, so the same CSV lines are parsed by COPY's rules)
INSERT INTO ev_staging
SELECT f[1], f[2], replace(replace(f[3], 'A1', :'a1'), 'A2', :'a2')::int, f[4], nullif(f[5], ''), f[6], nullif(f[7], '')::timestamptz,
       nullif(f[8], '')::timestamptz, nullif(f[9], '')::timestamptz, nullif(f[10], '')::timestamptz, nullif(f[11], '')::timestamptz,
       nullif(f[12], '')::float8, nullif(f[13], '')::boolean
FROM (SELECT string_to_array(line, ',') AS f FROM ev_csv) AS s;

-- H-4.3 cleaning
SELECT results_eq($$SELECT * FROM perfeval.load_events('ev_staging', 'ev_events', 'ev batch 1')$$,
                  $$VALUES (11::integer, 1::integer, 4::integer)$$,
                  'load: 11 events loaded, c1 seen twice counts once, 4 quarantined');
SELECT results_eq($$SELECT * FROM perfeval.load_events('ev_staging', 'ev_events', 'ev batch 1')$$,
                  $$VALUES (0::integer, 12::integer, 4::integer)$$,
                  'loading the same file again: every valid event is a duplicate, nothing is loaded twice');
SELECT is((SELECT count(*)::int FROM ev_events), 11, 'the event table holds each event once');
SELECT results_eq($$SELECT reason, agent_id FROM perfeval.measurement_quarantine WHERE import_batch = 'ev batch 1' ORDER BY reason$$,
                  $$VALUES ('event: first response before received', (SELECT id FROM perfeval.agent WHERE employee_no = 'EV2')), ('event: received_at is missing or infinite', (SELECT id FROM perfeval.agent WHERE employee_no = 'EV2')),
                           ('event: unknown agent 99999', NULL::int), ('event: unknown channel "fax" (chat, call, email, message, other)', (SELECT id FROM perfeval.agent WHERE employee_no = 'EV2'))$$,
                  'unknown agents and invalid events are quarantined with their reason, each once');
SELECT is((SELECT raw ->> 'contact_id' FROM perfeval.measurement_quarantine WHERE reason = 'event: unknown agent 99999'), 'x1',
          'the quarantined row keeps the event as given');

-- the aggregates on their own
SELECT is((SELECT perfeval.avg_elapsed(received_at, first_response_at) FROM ev_events WHERE kind = 'contact' AND agent_id = :a1 AND received_at < '2026-04-01'),
           77600::float8, 'avg_elapsed: (1800 + 230400 + 600) / 3 s');
SELECT is((SELECT perfeval.avg_work_time(received_at, first_response_at, perfeval.work_clock('{09:00-12:00,13:30-18:00}'))
           FROM ev_events WHERE kind = 'contact' AND agent_id = :a1 AND received_at < '2026-04-01'),
           2000::float8, 'avg_work_time: (1800 + 3600 + 600) / 3 working seconds');
SELECT is((SELECT perfeval.ratio(x, y) FROM (VALUES (true, true), (false, true), (NULL, true), (true, NULL)) AS v (x, y)),
          2::float8 / 3, 'ratio: hits (2 rows with hit true) over counted (3 rows with counted true); NULL is false');
SELECT is((SELECT perfeval.ratio(x, y) FROM (VALUES (true, false)) AS v (x, y)), NULL::float8, 'ratio: NULL when nothing is counted');
SELECT is((SELECT perfeval.repeat_rate(c, t::timestamptz, t < '2026-03-10', '2 days')
           FROM (VALUES ('A', '2026-03-01'), ('A', '2026-03-03'), ('A', '2026-03-09'), ('B', '2026-03-05'), ('B', '2026-03-11')) AS v (c, t)),
          1::float8 / 4, 'repeat_rate: A 1 -> 3 within 2 days, A 3 -> 9 not, B 5 -> 11 not (11 only serves as a repeat)');
SELECT is((SELECT perfeval.reply_rate(s, a, '8 hours', perfeval.work_clock('{09:00-12:00,13:30-18:00}'))
           FROM (VALUES ('2026-03-02 11:00'::timestamptz, '2026-03-03 10:00'::timestamptz), ('2026-03-05 09:00', '2026-03-06 17:00'),
                        ('2026-03-09 09:00', NULL)) AS v (s, a)),
          1::float8 / 3, 'reply_rate: 6.5 h within 8, 14 h not, never answered not');

-- the derivation (H-2.3.1-3, H-2.4.2-4)
SELECT results_eq($$SELECT agents, events_read, loaded, replaced, unchanged, quarantined, removed
                    FROM perfeval.derive_measurements('ev_events', '2026-03-15', perfeval.work_clock('{09:00-12:00,13:30-18:00}'), '8 hours')$$,
                  $$VALUES (2::integer, 10::integer, 9::integer, 0::integer, 0::integer, 0::integer, 0::integer)$$,
                  'derive March: 2 agents, 10 events of March, 9 measurements');
SELECT results_eq($$SELECT a.employee_no, i.code, round(m.value::numeric, 6)::float8, m.source
                    FROM perfeval.measurement AS m JOIN perfeval.agent AS a ON a.id = m.agent_id
                    JOIN perfeval.indicator AS i ON i.id = m.indicator_id
                    WHERE a.employee_no LIKE 'EV%' ORDER BY 1, 2$$,
                  $$VALUES ('EV1', 'avg_response_seconds', 2000::float8, 'system_log'),
                           ('EV1', 'complaint_rate', 0.333333, 'system_log'),
                           ('EV1', 'handling_seconds', 3000, 'system_log'),
                           ('EV1', 'repeat_contact_rate', 0.666667, 'system_log'),
                           ('EV1', 'survey_reply_rate', 0.333333, 'survey'),
                           ('EV1', 'winback_rate', 0.5, 'system_log'),
                           ('EV2', 'avg_response_seconds', 300, 'system_log'),
                           ('EV2', 'complaint_rate', 0, 'system_log'),
                           ('EV2', 'repeat_contact_rate', 0, 'system_log')$$,
                  'EV1: response 2000 working s, handling 3000, 1 complaint per 3 contacts, c1 and c3 repeated (c3 by c4 of 1 April) of 3, 1 of 3 surveys answered within 8 working hours, 1 of 2 won back; EV2 has no handling time (not resolved)');
SELECT is((SELECT m.import_batch FROM perfeval.measurement AS m WHERE m.agent_id = :a1 LIMIT 1),
          (SELECT 'derivation ' || max(id) FROM perfeval.event_derivation), 'the measurements name their derivation');
SELECT results_eq($$SELECT event_table, events, agents, unknown_agents, business_time, reply_within, repeat_within, derived_by = current_user
                    FROM perfeval.event_derivation$$,
                  $$VALUES ('public.ev_events', 10::integer, 2::integer, 0::integer, true, interval '8 hours', interval '7 days', true)$$,
                  'provenance: which table, how many events and agents, the rules, who');

-- events that bypassed load_events (a direct COPY) of an unknown agent: quarantined at derivation
INSERT INTO ev_events (source, contact_id, agent_id, kind, received_at) VALUES ('crm', 'ghost', 424242, 'contact', '2026-03-10 10:00');
-- re-derivation in elapsed time: replaces (history kept), removes what it no longer gives
DELETE FROM ev_events WHERE contact_id = 'e1';
SELECT results_eq($$SELECT agents, events_read, loaded, replaced, unchanged, quarantined, removed
                    FROM perfeval.derive_measurements('ev_events', '2026-03-01', perfeval.work_clock('{09:00-12:00,13:30-18:00}'), '8 hours',
                                                      business_time => false)$$,
                  $$VALUES (1::integer, 10::integer, 0::integer, 1::integer, 5::integer, 0::integer, 3::integer)$$,
                  're-derivation: response time replaced (elapsed), 5 unchanged, EV2''s 3 values removed');
SELECT is((SELECT m.value FROM perfeval.measurement AS m JOIN perfeval.indicator AS i ON i.id = m.indicator_id
           WHERE m.agent_id = :a1 AND i.code = 'avg_response_seconds'), 77600::float8,
          'elapsed response time: Friday 17:30 to Monday 09:30 counts 64 h');
SELECT results_eq($$SELECT h.old_value, h.new_value FROM perfeval.measurement_history AS h WHERE h.agent_id = $$ || :a1,
                  $$VALUES (2000::float8, 77600::float8)$$, 'the replaced value is in the history (issue 8)');
SELECT is((SELECT count(*)::int FROM perfeval.measurement WHERE agent_id = :a2), 0, 'EV2 no longer has derived values');
SELECT is((SELECT reason FROM perfeval.measurement_quarantine WHERE raw ->> 'agent_id' = '424242'), 'events of unknown agent 424242',
          'the unknown agent''s events are quarantined by the derivation');
SELECT is((SELECT unknown_agents FROM perfeval.event_derivation ORDER BY id DESC LIMIT 1), 1::integer, 'and counted in its provenance');

-- parallel plans give the serial answer (the combine functions)
CREATE TABLE public.ev_big AS
SELECT (i % 7) AS agent_id, 'c' || (i % 113) AS customer_id,
       timestamptz '2026-03-02 08:00' + (i * interval '2 minutes') AS received_at,
       timestamptz '2026-03-02 08:00' + (i * interval '2 minutes') + ((i % 97) * interval '3 minutes') AS first_response_at,
       (i % 11 = 0) AS complaint
FROM generate_series(1, 20000) AS i;
ANALYZE ev_big;
CREATE TEMP TABLE ev_serial AS
SELECT agent_id, perfeval.avg_elapsed(received_at, first_response_at) AS a,
       perfeval.avg_work_time(received_at, first_response_at, perfeval.work_clock('{09:00-12:00,13:30-18:00}')) AS w,
       perfeval.ratio(complaint, true) AS r, perfeval.repeat_rate(customer_id, received_at, true, '3 days') AS p
FROM ev_big GROUP BY agent_id;
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SET LOCAL max_parallel_workers_per_gather = 2;
SET LOCAL force_parallel_mode = regress;
SET LOCAL enable_hashagg = off;
SELECT alike((SELECT string_agg(p, E'\n') FROM (SELECT * FROM pg_temp.explain_lines(
    $$SELECT agent_id, perfeval.repeat_rate(customer_id, received_at, true, '3 days') FROM ev_big GROUP BY agent_id$$)) AS x (p)),
    '%Partial GroupAggregate%', 'the aggregates run as partial aggregates in parallel workers');
SELECT is((SELECT count(*)::int FROM ev_serial AS s JOIN (
             SELECT agent_id, perfeval.avg_elapsed(received_at, first_response_at) AS a,
                    perfeval.avg_work_time(received_at, first_response_at, perfeval.work_clock('{09:00-12:00,13:30-18:00}')) AS w,
                    perfeval.ratio(complaint, true) AS r, perfeval.repeat_rate(customer_id, received_at, true, '3 days') AS p
             FROM ev_big GROUP BY agent_id) AS q USING (agent_id)
           WHERE (s.a, s.w, s.r, s.p) IS NOT DISTINCT FROM (q.a, q.w, q.r, q.p)), 7,
          'parallel = serial for all 7 agents, exactly');
SELECT is((SELECT perfeval.repeat_rate(customer_id, received_at, true, '3 days') FILTER (WHERE agent_id < 0) FROM ev_big), NULL::float8,
          'parallel workers that saw no row (Finalize over Partial Aggregate): NULL');
RESET force_parallel_mode;

-- clean errors
SELECT throws_ok($$SELECT perfeval.derive_measurements('ev_events', 'infinity', perfeval.work_clock('{09:00-18:00}'))$$, '22008', NULL,
                 'an infinite month: 22008');
SELECT throws_ok($$SELECT perfeval.derive_measurements('ev_events', '2026-03-01', NULL)$$, '22004', NULL, 'no clock: 22004');
SELECT throws_ok($$SELECT perfeval.repeat_rate(c, now(), true, '1 mon') FROM (VALUES ('x')) AS v (c)$$, '22023', NULL,
                 'a repeat window in months: 22023');
SELECT throws_ok($$SELECT perfeval.ratio_accum('{1,2,3}', true, true)$$, '22023', NULL, 'a forged state: 22023');

SELECT * FROM finish();
ROLLBACK;
