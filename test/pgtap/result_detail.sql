-- pgTAP: a result's indicator detail stored as arrays in the result row
-- (issue 11): perfeval.result_indicator is their view; the roll-up's C
-- aggregate indicator_rollup equals the row-by-row SQL it replaces (serial
-- and parallel); indicator_bits; evaluate_detail is evaluate_rows plus the
-- arrays evaluate stores; the references of result (no per-row foreign
-- keys) are checked once per statement on both sides (23503); the arrays'
-- CHECK (23514).  H-3.2.3, H-3.1.3-4, H-3.2.7.
BEGIN;
CREATE EXTENSION IF NOT EXISTS perfeval;
SELECT plan(24);
SET LOCAL client_min_messages = warning;
\set agents 200
\set months 3
\ir ../fixture/evaluate_data.sql
SET CONSTRAINTS ALL IMMEDIATE;
SELECT perfeval.period_of('quarter', '2025-01-01') AS q1, perfeval.period_of('month', '2025-01-01') AS jan \gset
SELECT is((SELECT sum(perfeval.evaluate(id))::int FROM (SELECT id FROM perfeval.period WHERE kind = 'month' ORDER BY starts_on) AS s),
          600, 'three months of 200 agents evaluated');

-- a re-run updates every result in place as a heap-only tuple: result's
-- pages are half full (fillfactor 50, since 1.0), and no indexed column
-- changes, so no index gets a new entry (issue 11)
SELECT is((SELECT reloptions FROM pg_catalog.pg_class WHERE oid = 'perfeval.result'::regclass), '{fillfactor=50}',
          'result fills half of each page');
CREATE TEMP TABLE hot_before AS
SELECT n_tup_upd, n_tup_hot_upd FROM pg_catalog.pg_stat_xact_user_tables WHERE relid = 'perfeval.result'::regclass;
SELECT perfeval.evaluate(:jan) \g /dev/null
SELECT is((SELECT ARRAY[s.n_tup_upd - b.n_tup_upd, s.n_tup_hot_upd - b.n_tup_hot_upd]
           FROM pg_catalog.pg_stat_xact_user_tables AS s, hot_before AS b WHERE s.relid = 'perfeval.result'::regclass),
          ARRAY[200, 200]::bigint[], 'a re-run of 200 results updates them all as heap-only tuples');

-- the view: one row per array element, in indicator order, the old columns
SELECT is((SELECT count(*)::int FROM perfeval.result_indicator WHERE period_id = :jan),
          (SELECT sum(cardinality(indicator_ids))::int FROM perfeval.result WHERE period_id = :jan),
          'result_indicator has one row per element of the January results'' arrays');
SELECT is((SELECT count(*)::int FROM perfeval.result_indicator WHERE period_id = :jan),
          (SELECT count(*)::int FROM perfeval.measurement WHERE period_id = :jan),
          'H-3.2.3: one indicator row per measurement of a weighted indicator');
SELECT is((SELECT count(*)::int FROM perfeval.result
           WHERE period_id = :jan AND indicator_ids IS DISTINCT FROM (SELECT array_agg(x ORDER BY x) FROM unnest(indicator_ids) AS x)), 0,
          'every result''s indicator_ids are in ascending order');
SELECT is((SELECT count(*)::int FROM perfeval.result_indicator AS ri
           JOIN perfeval.evaluate_indicators(:jan, 1) AS e USING (agent_id, indicator_id)
           WHERE ri.period_id = :jan AND (ri.raw_value, ri.score, ri.weight_bp, ri.critical_failed)
                 IS NOT DISTINCT FROM (e.raw_value, e.score, e.weight_bp, e.critical_failed)),
          (SELECT count(*)::int FROM perfeval.measurement WHERE period_id = :jan),
          'the stored detail is evaluate_indicators'' rows (raw value, score, weight, critical failure), every one of them');
SELECT is(format_type(atttypid, atttypmod), 'numeric(7,4)', 'result_indicator.score is numeric(7,4), as the table was')
FROM pg_attribute WHERE attrelid = 'perfeval.result_indicator'::regclass AND attname = 'score';
SELECT throws_ok($$INSERT INTO perfeval.result_indicator VALUES (1, 1, 1, 1, 1, 1, 1, false)$$, '55000', NULL,
                 'the view is read-only: the detail is written with its result');

-- evaluate_detail: evaluate_rows and the arrays
SELECT is((SELECT count(*)::int FROM perfeval.evaluate_rows(:jan, 1) AS e
           JOIN perfeval.result AS r ON r.period_id = :jan AND r.agent_id = e.agent_id
           WHERE (e.total, e.grade, e.rank_company, e.indicators_rated) IS NOT DISTINCT FROM (r.total, r.grade, r.rank_company, r.indicators_rated)),
          200, 'evaluate_rows gives what evaluate stored');
SELECT is((SELECT count(*)::int FROM perfeval.evaluate_detail(:jan, 1) AS d
           JOIN perfeval.result AS r ON r.period_id = :jan AND r.agent_id = d.agent_id
           WHERE (d.indicator_ids, d.raw_values, d.scores, d.weights_bp, d.indicators_failed)
                 IS NOT DISTINCT FROM (r.indicator_ids, r.raw_values, r.scores, r.weights_bp, r.indicators_failed)),
          200, 'evaluate_detail gives the arrays evaluate stored');

-- the roll-up aggregate against the row-by-row SQL it replaces
CREATE TEMP TABLE ref AS
SELECT r.agent_id, u.id, perfeval.raw_mean(u.raw) AS raw, round(avg(u.score), 4) AS score,
       min(si.weight_bp) AS w, bool_or(u.failed) AS failed
FROM perfeval.result AS r
CROSS JOIN LATERAL unnest(r.indicator_ids, r.raw_values, r.scores, r.indicators_failed) AS u(id, raw, score, failed)
LEFT JOIN perfeval.scheme_item AS si ON si.scheme_version_id = 1 AND si.indicator_id = u.id
WHERE r.is_current AND r.period_id IN (SELECT id FROM perfeval.period WHERE kind = 'month')
GROUP BY r.agent_id, u.id;
SELECT is((SELECT count(*)::int FROM ref FULL JOIN perfeval.rollup_indicator(:q1, 1) AS x ON x.agent_id = ref.agent_id AND x.indicator_id = ref.id
           WHERE (ref.raw, ref.score, ref.w, ref.failed) IS DISTINCT FROM (x.raw_value, x.score, x.weight_bp, x.critical_failed)
              OR ref.score::text IS DISTINCT FROM x.score::text), 0,
          'H-3.1.3: indicator_rollup = raw_mean, round(avg(score), 4), the version''s weight and bool_or, per agent and indicator');
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SET LOCAL max_parallel_workers_per_gather = 2;
SELECT is((SELECT (perfeval.indicator_rollup(r.indicator_ids, r.raw_values, r.scores, r.indicators_failed, NULL, NULL)).scores::text
           FROM perfeval.result AS r WHERE r.period_id = :jan),
          (SELECT array_agg(s ORDER BY id)::text FROM (SELECT u.id, round(avg(u.score), 4) AS s
                                                       FROM perfeval.result AS r, unnest(r.indicator_ids, r.scores) AS u(id, score)
                                                       WHERE r.period_id = :jan GROUP BY u.id) AS g),
          'indicator_rollup over a whole month, partial states combined and serialized, equals the SQL means');
RESET max_parallel_workers_per_gather;
SELECT is(perfeval.indicator_rollup(ids, raws, scs, fails, '{2,5,2}', '{700,300,100}')::text,
          '("{2,5,9}","{1.5,NULL,3}","{55.0000,NULL,NULL}","{100,300,NULL}","{t,NULL,f}")',
          'indicator_rollup: ids ascending, NULLs skipped, the smallest weight of a repeated id, NULL without any value')
FROM (VALUES ('{5,2}'::int[], '{NULL,1}'::float8[], '{NULL,50}'::numeric[], '{NULL,true}'::bool[]),
             ('{9,2}', '{3,2}', '{NULL,60.00004}', '{false,false}')) AS v(ids, raws, scs, fails);
SELECT throws_ok($$SELECT perfeval.indicator_rollup('{1,2}', '{1}', '{1,2}', '{f,f}', NULL, NULL)$$, '2202E', NULL,
                 'indicator_rollup: arrays of different lengths are 2202E');

-- indicator_bits
SELECT results_eq($$SELECT perfeval.indicator_bits('{}'), perfeval.indicator_bits('{0,3,62}'), perfeval.indicator_bits('{63}'),
                           perfeval.indicator_bits('{1,NULL}'), perfeval.indicator_bits('{-1}')$$,
                  $$VALUES (0::bigint, (1::bigint | 8 | (1::bigint << 62)), NULL::bigint, NULL::bigint, NULL::bigint)$$,
                  'indicator_bits: bit i for id i; NULL for an id outside 0-62 or NULL');

-- the references, checked once per statement
SELECT throws_ok(format($$INSERT INTO perfeval.result (period_id, agent_id, scheme_version_id, team_id, department_id)
                          VALUES (%s, 2147483647, 1, 1, 1)$$, :jan), '23503', 'a result names agent 2147483647, which does not exist',
                 'a result of an unknown agent is 23503');
SELECT throws_ok(format($$UPDATE perfeval.result SET indicator_ids = array_fill(99999, ARRAY[cardinality(indicator_ids)])
                          WHERE period_id = %s AND agent_id = 1$$, :jan), '23503', 'a result names indicator 99999, which does not exist',
                 'an unknown indicator in the arrays is 23503');
SELECT throws_ok(format($$UPDATE perfeval.result SET indicator_ids[1] = 40
                          WHERE period_id = %s AND agent_id IN (1, 2)$$, :jan), '23503', 'a result names indicator 40, which does not exist',
                 'an unknown indicator id below 63 (the bit-set path of result_check) is 23503');
-- an agent and a team that nothing but a result names
INSERT INTO perfeval.team (id, department_id, code, name) VALUES (9001, 1, 'T9001', 'Team 9001');
INSERT INTO perfeval.agent (id, employee_no, name, team_id, hired_on) VALUES (9001, 'X9001', 'Agent 9001', 1, '2024-01-01');
INSERT INTO perfeval.result (period_id, agent_id, scheme_version_id, team_id, department_id)
VALUES (:jan, 9001, 1, 9001, 1);
SELECT throws_ok($$DELETE FROM perfeval.agent WHERE id = 9001$$, '23503', 'agent 9001 is still referenced by results',
                 'deleting an agent with results is 23503');
SELECT throws_ok($$UPDATE perfeval.team SET id = 9002 WHERE id = 9001$$, '23503', 'team 9001 is still referenced by results',
                 're-keying a team that results name is 23503');
SELECT throws_ok(format($$UPDATE perfeval.result SET scores = scores[1:1] WHERE period_id = %s AND agent_id = 1$$, :jan), '23514', NULL,
                 'arrays of different lengths break the CHECK (23514)');
SELECT throws_ok(format($$UPDATE perfeval.result SET scores[1] = 100.5 WHERE period_id = %s AND agent_id = 1$$, :jan), '23514', NULL,
                 'a score above 100 breaks the CHECK (23514)');

-- a function that turns nested loops off prices its plans above
-- jit_above_cost: it must turn JIT off too (result_check did not, and a
-- one-row update of a result spent 400 ms compiling its check)
SELECT is((SELECT pg_catalog.array_agg(p.proname::text ORDER BY p.proname)
           FROM pg_catalog.pg_proc AS p
           JOIN pg_catalog.pg_depend AS d ON d.classid = 'pg_catalog.pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
           JOIN pg_catalog.pg_extension AS x ON x.oid = d.refobjid AND x.extname = 'perfeval'
           WHERE 'enable_nestloop=off' = ANY (p.proconfig) AND NOT 'jit=off' = ANY (p.proconfig)), NULL,
          'every function that sets enable_nestloop = off also sets jit = off');

SELECT * FROM finish();
ROLLBACK;
