-- pgTAP: rollup_months (1.1, issue 11), one C aggregate per agent for a
-- quarter's or year's whole roll-up, equals the 1.0 rules it replaces in
-- evaluate: rollup_result's columns and rollup_detail's arrays, every
-- value and its text (dscale); round(avg(x), 4) digit for digit on ties,
-- negative values, more than 4 decimals, NaN, infinities and large values;
-- the latest month's team as max(ARRAY[...]); the same under a parallel
-- plan that splits the aggregate itself (serialize, combine); the mean raw
-- values are avg(x::numeric)::float8 on random values of every magnitude.
-- H-3.1.3-4.
BEGIN;
CREATE EXTENSION IF NOT EXISTS perfeval;
SELECT plan(13);
SET LOCAL client_min_messages = warning;
\set agents 200
\set months 12
\ir ../fixture/evaluate_data.sql
SELECT perfeval.period_of('quarter', '2025-01-01') AS q1, perfeval.period_of('year', '2025-01-01') AS y \gset
SELECT is((SELECT sum(perfeval.evaluate(id))::int FROM (SELECT id FROM perfeval.period WHERE kind = 'month' ORDER BY starts_on) AS s),
          2400, 'twelve months of 200 agents evaluated');

-- rollup_months of a period's month results, as evaluate_detail calls it
-- (the query text, so that its plan can be shown, and its rows)
CREATE FUNCTION pg_temp.rm_query(pid integer) RETURNS text LANGUAGE sql AS $$
    SELECT format($q$
        SELECT r.agent_id,
               perfeval.rollup_months(pm.starts_on - date '2000-01-01', r.team_id, r.department_id,
                                      r.attitude, r.capability, r.efficiency, r.satisfaction, r.measured_total,
                                      r.self_score, r.department_score, r.company_score, r.total, r.critical_failed,
                                      r.indicator_ids, r.raw_values, r.scores, r.indicators_failed, w.ids, w.ws)
        FROM perfeval.result AS r
        JOIN perfeval.period AS pm ON pm.id = r.period_id
        CROSS JOIN (SELECT array_agg(indicator_id) AS ids, array_agg(weight_bp) AS ws
                    FROM perfeval.scheme_item WHERE scheme_version_id = 1) AS w
        WHERE r.is_current AND pm.kind = 'month' AND pm.starts_on BETWEEN %L AND %L
        GROUP BY r.agent_id$q$, p.starts_on, p.ends_on)
    FROM perfeval.period AS p WHERE p.id = pid
$$;
CREATE FUNCTION pg_temp.rm(pid integer) RETURNS TABLE (agent_id integer, x perfeval.rollup_row) LANGUAGE plpgsql AS $$
BEGIN
    RETURN QUERY EXECUTE pg_temp.rm_query(pid);
END $$;
CREATE FUNCTION pg_temp.mismatches(pid integer) RETURNS integer LANGUAGE sql AS $$
    SELECT count(*)::integer
    FROM (SELECT rr.*, (d.detail).* FROM perfeval.rollup_result(pid) AS rr
          JOIN perfeval.rollup_detail(pid, 1) AS d USING (agent_id)) AS o
    FULL JOIN pg_temp.rm(pid) AS n USING (agent_id)
    WHERE row(o.team_id, o.department_id, o.attitude, o.capability, o.efficiency, o.satisfaction, o.measured_total,
              o.self_score, o.department_score, o.company_score, o.total, o.critical_failed, o.months_rolled,
              o.indicators_rated, o.indicator_ids, o.raw_values, o.scores, o.weights_bp, o.indicators_failed)::text
          IS DISTINCT FROM (n.x)::text
$$;
SELECT is(pg_temp.mismatches(:q1), 0, 'H-3.1.3: a quarter: rollup_months = rollup_result and rollup_detail, every column as text');
SELECT is(pg_temp.mismatches(:y), 0, 'H-3.1.4: the year: rollup_months = rollup_result and rollup_detail, every column as text');

-- agents moved between teams, NULL layers and a month's critical failure
UPDATE perfeval.result SET team_id = (SELECT min(t.id) FROM perfeval.team AS t), self_score = NULL
WHERE is_current AND agent_id % 7 = 0 AND period_id IN (SELECT id FROM perfeval.period WHERE kind = 'month' AND starts_on < '2025-07-01');
SELECT is(pg_temp.mismatches(:y), 0, 'teams changed in some months, NULL layers: the same latest team and means');

-- a parallel plan: partial rollup_months states in the workers,
-- serialized, combined in the leader (1.1: serialize and deserialize),
-- against the serial plan, over 50 copies of the months (10,000 groups of
-- 12 rows: enough for the planner to split the aggregate)
CREATE TABLE public.rm_rows AS
SELECT r.agent_id + 1000 * k AS agent_id, pm.starts_on - date '2000-01-01' AS month_no, r.team_id, r.department_id,
       r.attitude, r.capability, r.efficiency, r.satisfaction, r.measured_total, r.self_score, r.department_score,
       r.company_score, r.total, r.critical_failed, r.indicator_ids, r.raw_values, r.scores, r.indicators_failed
FROM perfeval.result AS r
JOIN perfeval.period AS pm ON pm.id = r.period_id AND pm.kind = 'month'
CROSS JOIN generate_series(0, 49) AS k
WHERE r.is_current;
ANALYZE public.rm_rows;
CREATE FUNCTION pg_temp.rm_rows_out() RETURNS TABLE (agent_id integer, x text) LANGUAGE plpgsql AS $$
BEGIN
    RETURN QUERY
    SELECT t.agent_id,
           perfeval.rollup_months(t.month_no, t.team_id, t.department_id, t.attitude, t.capability, t.efficiency,
                                  t.satisfaction, t.measured_total, t.self_score, t.department_score, t.company_score,
                                  t.total, t.critical_failed, t.indicator_ids, t.raw_values, t.scores,
                                  t.indicators_failed, '{1,2,3}', '{100,200,300}')::text
    FROM public.rm_rows AS t GROUP BY t.agent_id;
END $$;
SET LOCAL max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE rm_serial AS SELECT * FROM pg_temp.rm_rows_out();
SET LOCAL parallel_setup_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SET LOCAL max_parallel_workers_per_gather = 2;
SET LOCAL parallel_leader_participation = off;
-- (EXECUTE ... INTO may plan in parallel; a FOR loop over EXECUTE, a
-- cursor, may not)
CREATE FUNCTION pg_temp.plan_of(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE j json;
BEGIN
    EXECUTE 'EXPLAIN (COSTS OFF, FORMAT JSON) ' || q INTO j;
    RETURN j::text;
END $$;
SELECT ok(pg_temp.plan_of($$SELECT t.agent_id, perfeval.rollup_months(t.month_no, t.team_id, t.department_id, t.attitude,
              t.capability, t.efficiency, t.satisfaction, t.measured_total, t.self_score, t.department_score,
              t.company_score, t.total, t.critical_failed, t.indicator_ids, t.raw_values, t.scores,
              t.indicators_failed, '{1,2,3}', '{100,200,300}') FROM public.rm_rows AS t GROUP BY t.agent_id$$)
          ~ '"Partial Mode": "Partial"',
          'rollup_months runs as a partial aggregate under a parallel plan');
SELECT is((SELECT count(*)::int FROM (SELECT * FROM pg_temp.rm_rows_out() EXCEPT ALL SELECT * FROM rm_serial) AS d)
          + (SELECT count(*)::int FROM (SELECT * FROM rm_serial EXCEPT ALL SELECT * FROM pg_temp.rm_rows_out()) AS d),
          0, 'the same roll-ups, every column as text, with the aggregate split over parallel workers');
SELECT is((SELECT count(*)::int FROM rm_serial), 10000, '10,000 roll-ups compared');
RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;

-- the means against round(avg(x), 4) on hostile values, one group each
CREATE TEMP TABLE v (g integer, x numeric);
INSERT INTO v VALUES (1, 0.0001), (1, 0.0002),                      -- a tie: 0.00015 -> 0.0002
                     (2, -0.0001), (2, -0.0002),                    -- a negative tie: -0.0002
                     (3, 1), (3, 2), (3, 2),                        -- 5/3 and dscale 0 inputs
                     (4, 0.00005), (4, 1),                          -- more than 4 decimals
                     (5, 'NaN'), (5, 1),
                     (6, 'Infinity'), (6, 1),
                     (7, 'Infinity'), (7, '-Infinity'),
                     (8, 999999999999.9999), (8, 999999999999.9999),  -- beyond the integer path
                     (9, 12345678901234567890.5), (9, 1),
                     (10, NULL), (10, NULL),
                     (11, 33.3333), (11, 33.3333), (11, 33.3334);
INSERT INTO v SELECT 12, (i % 97) / 10000.0 + 50 FROM generate_series(1, 20001) AS i;   -- a large group
SELECT is((SELECT count(*)::int FROM (
               SELECT g, round(avg(x), 4)::text AS ref,
                      (perfeval.rollup_months(1, 1, 1, x, x, x, x, x, x, x, x, x, NULL, NULL, NULL, NULL, NULL, NULL, NULL)).total::text AS got
               FROM v GROUP BY g) AS s WHERE ref IS DISTINCT FROM got), 0,
          'the means are round(avg(x), 4) as text on ties, negatives, dscale 0, NaN, infinities, large values and groups');
SELECT is((SELECT (perfeval.rollup_months(m, t, d, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, f,
                                          i, NULL, NULL, NULL, NULL, NULL))::text
           FROM (VALUES (3, 5, 1, false, '{}'::int[]), (7, NULL, 2, NULL, NULL), (7, 4, 9, true, '{}')) AS t(m, t, d, f, i)),
          '(,2,,,,,,,,,,t,0,0,{},{},{},{},{})',
          'the latest month''s team as max(ARRAY[month, team, department]) (NULL above all), bool_or, no means, no indicators');
SELECT is((SELECT (perfeval.rollup_months(1, 1, 1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 80, false,
                                          ids, raws, scs, fails, '{2,5,2}', '{700,300,100}'))::text
           FROM (VALUES ('{5,2}'::int[], '{NULL,1}'::float8[], '{NULL,50}'::numeric[], '{NULL,true}'::bool[]),
                        ('{9,2}', '{3,2}', '{NULL,60.00004}', '{false,false}')) AS v(ids, raws, scs, fails)),
          '(1,1,,,,,,,,,80.0000,f,2,3,"{2,5,9}","{1.5,NULL,3}","{55.0000,NULL,NULL}","{100,300,NULL}","{t,NULL,f}")',
          'rollup_months'' arrays are indicator_rollup''s: ids ascending, NULLs skipped, the smallest weight of a repeated id');
-- the mean raw values (the 1.1 integer path to float8) against
-- avg(x::numeric)::float8, the numeric path, on 20,000 random groups of
-- every magnitude, sign mix and size
SELECT setseed(0.11);
CREATE TEMP TABLE rv AS
SELECT (random() ^ 3 * 20000)::int AS g,
       (CASE (random() * 6)::int WHEN 0 THEN random() * 1e-6 WHEN 1 THEN random() WHEN 2 THEN random() * 1000
                                 WHEN 3 THEN random() * 1e14 WHEN 4 THEN round((random() * 100)::numeric, (random() * 6)::int)::float8
                                 WHEN 5 THEN (random() * 100)::int::float8 ELSE random() * 1e-3 END)
       * CASE WHEN random() < 0.3 THEN -1 ELSE 1 END AS x
FROM generate_series(1, 200000);
SELECT is((SELECT count(*)::int FROM (
               SELECT g, avg(x::numeric)::float8 AS ref,
                      (perfeval.rollup_months(0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                              ARRAY[1], ARRAY[x], ARRAY[NULL::numeric], ARRAY[NULL::boolean], NULL, NULL)).raw_values[1] AS got
               FROM rv GROUP BY g) AS s WHERE ref IS DISTINCT FROM got), 0,
          'the mean raw values are avg(x::numeric)::float8 exactly on 20,000 random groups');
SELECT is((SELECT (perfeval.rollup_months(0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                          ARRAY[1], ARRAY[x], ARRAY[NULL::numeric], ARRAY[NULL::boolean], NULL, NULL)).raw_values::text
           FROM (VALUES (0.1::float8), (0.2), (-0.3), (1e-9), (0)) AS v(x)),
          '{2e-10}', 'a mean raw value near zero, from values off the integer path (1e-9), as avg(x::numeric)::float8');
SELECT throws_ok($$SELECT perfeval.rollup_months(1, 1, 1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                                 '{1,2}', '{1}', '{1,2}', '{f,f}', NULL, NULL)$$, '2202E', NULL,
                 'rollup_months: arrays of different lengths are 2202E');
SELECT * FROM finish();
ROLLBACK;
