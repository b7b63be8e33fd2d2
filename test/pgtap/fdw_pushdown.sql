-- pgTAP: postgres_fdw pushes perfeval's IMMUTABLE calendar forms down
-- (issue 13, item 4): the work-clock functions and aggregates take a
-- compiled clock (bytea), no text argument and no STABLE calendar lookup,
-- so with the server option extensions 'perfeval' they appear in the
-- Remote SQL of EXPLAIN VERBOSE and run on the remote server.  Loopback to
-- this cluster through its Unix socket; postgres_fdw ships with Debian's
-- server package.  Not in one transaction: the remote session must see
-- the committed event table; everything is dropped at the end, the
-- extensions too when this file made them (the other files install
-- perfeval inside their own rolled-back transaction and count on fresh
-- sequences).
\set QUIET 1
SET client_min_messages = warning;
SELECT NOT EXISTS (SELECT FROM pg_extension WHERE extname = 'perfeval') AS pe_made,
       NOT EXISTS (SELECT FROM pg_extension WHERE extname = 'postgres_fdw') AS fdw_made \gset
CREATE EXTENSION IF NOT EXISTS perfeval;
CREATE EXTENSION IF NOT EXISTS postgres_fdw;
DROP SERVER IF EXISTS pe_loop CASCADE;
DROP TABLE IF EXISTS public.fdw_events, public.fdw_days;
SET timezone = 'Asia/Shanghai';
SELECT plan(9);

SELECT format('CREATE SERVER pe_loop FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host %L, port %L, dbname %L, extensions %L)',
              split_part(current_setting('unix_socket_directories'), ',', 1), current_setting('port'),
              current_database(), 'perfeval') \gexec
CREATE USER MAPPING FOR CURRENT_USER SERVER pe_loop;
SELECT perfeval.create_event_table('public.fdw_events') IS NOT NULL AS made \gset
INSERT INTO fdw_events (source, contact_id, agent_id, kind, received_at, first_response_at)
VALUES ('crm', 'c1', 1, 'contact', '2026-03-06 17:30', '2026-03-09 09:30'),
       ('crm', 'c2', 1, 'contact', '2026-03-02 10:00', '2026-03-02 10:30'),
       ('crm', 'c3', 2, 'contact', '2026-03-03 09:00', '2026-03-03 12:00');
CREATE FOREIGN TABLE fdw_events_remote (agent_id integer, kind text, received_at timestamptz, first_response_at timestamptz)
    SERVER pe_loop OPTIONS (schema_name 'public', table_name 'fdw_events');
CREATE TABLE public.fdw_days AS SELECT d::date AS day FROM generate_series(date '2026-02-09', '2026-03-01', '1 day') AS d;
CREATE FOREIGN TABLE fdw_days_remote (day date) SERVER pe_loop OPTIONS (schema_name 'public', table_name 'fdw_days');
-- the clock as a constant, as an application (or the coordinator) passes it
SELECT perfeval.work_clock('{09:00-12:00,13:30-18:00}') AS clock \gset

CREATE OR REPLACE FUNCTION pg_temp.remote_sql(q text) RETURNS text LANGUAGE plpgsql AS $f$
DECLARE l text; r text := '';
BEGIN
    FOR l IN EXECUTE 'EXPLAIN (VERBOSE, COSTS OFF) ' || q LOOP
        IF l ~ 'Remote SQL:' THEN r := r || btrim(l) || E'\n'; END IF;
    END LOOP;
    RETURN r;
END $f$;

SELECT alike(pg_temp.remote_sql(format($$SELECT count(*) FROM fdw_events_remote
                                        WHERE perfeval.within_work_time(received_at, first_response_at, '1 hour', %L::bytea)$$, :'clock')),
             '%WHERE (perfeval.within_work_time(received_at, first_response_at, ''01:00:00''::interval, E''\\\\x50574331%''::bytea))%',
             'within_work_time runs on the remote server (in the Remote SQL WHERE)');
SELECT is((SELECT count(*)::int FROM fdw_events_remote
           WHERE perfeval.within_work_time(received_at, first_response_at, '1 hour', :'clock'::bytea)), 2,
          'and answers: c1 (1 working hour over the weekend) and c2 (30 minutes) are within an hour, c3 (3 h) not');
SELECT alike(pg_temp.remote_sql(format($$SELECT count(*) FROM fdw_events_remote
                                        WHERE perfeval.work_time(received_at, first_response_at, %L::bytea) > '45 minutes'$$, :'clock')),
             '%WHERE ((perfeval.work_time(received_at, first_response_at, E''\\\\x50574331%',
             'work_time is computed remotely');
SELECT alike(pg_temp.remote_sql(format($$SELECT count(*) FROM fdw_days_remote WHERE perfeval.is_workday(day, %L::bytea)$$, :'clock')),
             '%WHERE (perfeval.is_workday(day, E''\\\\x50574331%',
             'is_workday(date, bytea) is pushed down');
SELECT is((SELECT count(*)::int FROM fdw_days_remote WHERE perfeval.is_workday(day, :'clock'::bytea)), 11,
          'and answers: 9 February - 1 March 2026 has 11 working days: 9-13, the make-up Saturday 14, 24-27 after the Spring Festival, the make-up Saturday 28');
SELECT unalike(pg_temp.remote_sql($$SELECT count(*) FROM fdw_days_remote WHERE perfeval.is_workday(day, 'cn')$$),
               '%is_workday%', 'is_workday(date, text) (STABLE, a text argument) stays local');
SELECT alike(pg_temp.remote_sql(format($$SELECT agent_id, perfeval.avg_work_time(received_at, first_response_at, %L::bytea)
                                        FROM fdw_events_remote GROUP BY agent_id$$, :'clock')),
             '%SELECT agent_id, perfeval.avg_work_time(received_at, first_response_at, E''\\\\x50574331%GROUP BY 1%',
             'the derivation aggregate avg_work_time is pushed down whole with its GROUP BY');
SELECT results_eq(format($$SELECT agent_id, perfeval.avg_work_time(received_at, first_response_at, %L::bytea)
                           FROM fdw_events_remote GROUP BY agent_id ORDER BY agent_id$$, :'clock'),
                  $$VALUES (1, 2700::float8), (2, 10800::float8)$$,
                  'the remote answer: agent 1 (3600 + 1800) / 2 working seconds, agent 2 09:00-12:00 = 10800');
SELECT alike(pg_temp.remote_sql(format($$SELECT agent_id, perfeval.ratio(kind = 'contact', true) FROM fdw_events_remote GROUP BY agent_id$$)),
             '%perfeval.ratio(%', 'ratio is pushed down');

SELECT * FROM finish();
DROP SERVER pe_loop CASCADE;
DROP TABLE public.fdw_events, public.fdw_days;
\if :fdw_made
DROP EXTENSION postgres_fdw CASCADE;
\endif
\if :pe_made
DROP EXTENSION perfeval CASCADE;
\endif
