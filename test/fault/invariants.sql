-- test/fault/invariants.sql: after a crash and recovery (test/fault/fault.sh),
-- with :step the faulted step whose fingerprint was saved before the fault.
-- Prints one 'ok' or 'FAIL' line per check.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
SET enable_indexscan = off;
SET enable_bitmapscan = off;
SET enable_indexonlyscan = off;
\pset format unaligned
\pset tuples_only on
-- nothing of the killed transaction: every table as it was before the fault
SELECT CASE WHEN count(*) = 0 THEN 'ok   ' ELSE 'FAIL ' END || :'step' || ': every written table as before the fault (all-old results, no half import, no half appeal step)'
       || coalesce(' — differs: ' || string_agg(coalesce(b.tbl, a.tbl), ', '), '')
FROM (SELECT * FROM public.fault_fp WHERE step = :'step') AS b
FULL JOIN public.fault_fingerprint() AS a ON a.tbl = b.tbl
WHERE a.n IS DISTINCT FROM b.n OR a.h IS DISTINCT FROM b.h;
\ir checks.sql
