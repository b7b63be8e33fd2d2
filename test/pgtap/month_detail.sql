-- pgTAP: perfeval.month_detail — one agent's month and its indicator
-- arrays in one pass (H-3.2.3, H-5.1, issue 11): equal to the 1.0-era
-- formulation (dimension_subtotals, bool_or, count and five array_aggs
-- over rows sorted by indicator) on random rows given in any order, under
-- a hash aggregate and split over parallel workers; exact small cases;
-- hostile rows refused with their SQLSTATE; and indicator_arrays_valid,
-- the result's array CHECK, against its 1.0 expression.
BEGIN;
CREATE EXTENSION IF NOT EXISTS perfeval;
SELECT plan(20);

-- three rows given out of order: sorted by indicator, H-3.2.3's weighted
-- means per dimension and over all rows
SELECT is((SELECT perfeval.month_detail(i, d, w, r, s, f)
           FROM (VALUES (7, 'efficiency', 3000, 0.5::float8, 50.0::float8, false),
                        (2, 'attitude', 5000, 0.9, 90.00004, true),
                        (5, 'attitude', 2000, 0.8, 80.00005, NULL)) AS v(i, d, w, r, s, f))::text,
          '(87.1429,,50.0000,,76.0000,t,3,"{2,5,7}","{0.9,0.8,0.5}","{90.0000,80.0001,50.0000}","{5000,2000,3000}","{t,NULL,f}")',
          'three rows out of order: arrays by indicator, score4 scores, attitude (90 * 5000 + 80.0001 * 2000) / 7000, the total over 10,000 bp');

SELECT is((SELECT perfeval.month_detail(i, d, w, r, s, f)
           FROM (VALUES (1, 'satisfaction', 4000, NULL::float8, NULL::float8, NULL::boolean),
                        (3, NULL, NULL, 2.0, 60.0, false),
                        (4, 'satisfaction', 6000, 1.0, 70.0, false)) AS v(i, d, w, r, s, f))::text,
          '(,,,42.0000,42.0000,f,3,"{1,3,4}","{NULL,2,1}","{NULL,60.0000,70.0000}","{4000,NULL,6000}","{NULL,f,f}")',
          'a NULL score keeps its weight in the denominator (70 * 6000 / 10000); a NULL weight keeps the row out of the subtotals');

SELECT is((SELECT perfeval.month_detail(i, d, w, r, s, f)
           FROM (VALUES (1, 'attitude', 0, 1.0::float8, 10.0::float8, false)) AS v(i, d, w, r, s, f) WHERE false)::text,
          '(,,,,,,0,{},{},{},{},{})', 'no row: NULL subtotals and failure, nothing rated, empty arrays');

-- the reference: the formulation evaluate_detail used before 1.1's third
-- step, over random rows with every NULL the columns allow, 2,000 groups
SELECT setseed(0.17);
CREATE TABLE public.md_rows AS
SELECT g, i, (ARRAY['attitude', 'capability', 'efficiency', 'satisfaction', NULL, 'other'])[1 + (random() * 5.99)::int] AS d,
       CASE WHEN random() < 0.03 THEN NULL ELSE (random() * 10000)::int END AS w,
       CASE WHEN random() < 0.03 THEN NULL ELSE random() * 3 END AS r,
       CASE WHEN random() < 0.03 THEN NULL WHEN random() < 0.1 THEN round((random() * 100)::numeric, 4)::float8 + 0.00005
            ELSE random() * 100 END AS s,
       CASE WHEN random() < 0.03 THEN NULL ELSE random() < 0.05 END AS f,
       random() AS o
FROM generate_series(1, 2000) AS g, generate_series(1, 24) AS i
WHERE random() < 0.7;
ANALYZE public.md_rows;
CREATE TEMP TABLE md_ref AS
SELECT g, st[1] AS attitude, st[2] AS capability, st[3] AS efficiency, st[4] AS satisfaction, st[5] AS measured_total,
       critical_failed, rated, ids, raws, scs, ws, fails
FROM (SELECT g, perfeval.dimension_subtotals(d, w, s) AS st, bool_or(f) AS critical_failed, count(*)::integer AS rated,
             array_agg(i) AS ids, array_agg(r) AS raws, array_agg(perfeval.score4(s)) AS scs, array_agg(w) AS ws,
             array_agg(f) AS fails
      FROM (SELECT * FROM public.md_rows ORDER BY g, i) AS x GROUP BY g) AS t;
CREATE FUNCTION pg_temp.md_out() RETURNS TABLE (g integer, x text) LANGUAGE plpgsql AS $$
BEGIN
    RETURN QUERY
    SELECT t.g, perfeval.month_detail(t.i, t.d, t.w, t.r, t.s, t.f)::text FROM public.md_rows AS t GROUP BY t.g;
END $$;
CREATE TEMP TABLE md_ref_text AS
SELECT g, ROW(attitude, capability, efficiency, satisfaction, measured_total, critical_failed, rated, ids, raws, scs, ws, fails)::perfeval.month_row::text AS x
FROM md_ref;

SET LOCAL enable_sort = off;
SELECT is((SELECT count(*)::int FROM (SELECT * FROM pg_temp.md_out() EXCEPT ALL SELECT * FROM md_ref_text) AS d)
          + (SELECT count(*)::int FROM (SELECT * FROM md_ref_text EXCEPT ALL SELECT * FROM pg_temp.md_out()) AS d),
          0, 'H-3.2.3: 2,000 random groups under a hash aggregate, rows unsorted: every column equal to the sorted array_aggs and dimension_subtotals');
RESET enable_sort;
SELECT is((SELECT count(*)::int FROM md_ref_text), 2000, '2,000 groups compared');
SELECT is((SELECT count(*)::int FROM (SELECT g, perfeval.month_detail(i, d, w, r, s, f)::text AS x
                                      FROM (SELECT * FROM public.md_rows ORDER BY o) AS t GROUP BY g
                                      EXCEPT ALL SELECT * FROM md_ref_text) AS d),
          0, 'the same with the rows in a random order');

-- split over parallel workers: partial states serialized and combined
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SET LOCAL max_parallel_workers_per_gather = 2;
SET LOCAL parallel_leader_participation = off;
CREATE FUNCTION pg_temp.plan_of(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE j json;
BEGIN
    EXECUTE 'EXPLAIN (COSTS OFF, FORMAT JSON) ' || q INTO j;
    RETURN j::text;
END $$;
SELECT ok(pg_temp.plan_of($$SELECT t.g, perfeval.month_detail(t.i, t.d, t.w, t.r, t.s, t.f) FROM public.md_rows AS t GROUP BY t.g$$)
          ~ '"Partial Mode": "Partial"',
          'month_detail runs as a partial aggregate under a parallel plan');
SELECT is((SELECT count(*)::int FROM (SELECT * FROM pg_temp.md_out() EXCEPT ALL SELECT * FROM md_ref_text) AS d),
          0, 'the same 2,000 groups with the aggregate split over parallel workers');
-- one group split over the workers: its rows combined from several states
SELECT is((SELECT perfeval.month_detail(t.g * 100 + t.i, t.d, t.w, t.r, t.s, t.f)::text FROM public.md_rows AS t WHERE t.g <= 300),
          (SELECT perfeval.month_detail(x.g * 100 + x.i, x.d, x.w, x.r, x.s, x.f)::text
           FROM (SELECT * FROM public.md_rows WHERE g <= 300 ORDER BY g, i) AS x),
          'one group of 5,000 rows combined from the workers'' states equals its serial value');
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;

-- hostile rows
SELECT throws_ok($$SELECT perfeval.month_detail(i, 'attitude', 100, 1, 50, false) FROM (VALUES (3), (1), (3)) AS v(i)$$,
                 '21000', 'indicator 3 is given twice', 'an indicator twice in one group is 21000');
SELECT throws_ok($$SELECT perfeval.month_detail(NULL, 'attitude', 100, 1, 50, false)$$,
                 '22004', 'indicator_id must not be null', 'a NULL indicator id is 22004');
SELECT throws_ok($$SELECT perfeval.month_detail(1, 'attitude', 100, 1, 'NaN', false)$$,
                 '22023', 'score NaN is out of range', 'a NaN score is 22023');
SELECT throws_ok($$SELECT perfeval.month_detail(1, 'attitude', 100, 1, 100.00006, false)$$,
                 '22023', 'score 100.00006 is out of range', 'a score above 100 is 22023');
SELECT throws_ok($$SELECT perfeval.month_detail(1, 'attitude', 100, 1, '-infinity', false)$$,
                 '22023', 'score -Infinity is out of range', 'an infinite score is 22023');
SELECT throws_ok($$SELECT perfeval.month_detail(1, 'attitude', 10001, 1, 50, false)$$,
                 '22023', 'weight 10001 is out of range', 'a weight above 10,000 basis points is 22023');
SELECT is((SELECT (perfeval.month_detail(1, 'attitude', 100, v, 50, false)).raw_values::text
           FROM (VALUES ('NaN'::float8)) AS t(v)), '{NaN}', 'a raw value is stored as given, NaN too');
-- indicator_arrays_valid, the CHECK result_indicator_arrays (1.1): the
-- 1.0 expression's verdict on hostile arrays (a NULL verdict passes a
-- CHECK as true does)
CREATE FUNCTION pg_temp.arrays_ok_10(ids integer[], raws float8[], scs numeric[], ws integer[], fs boolean[])
RETURNS boolean LANGUAGE sql AS $$
    SELECT coalesce(cardinality(ids) = cardinality(raws) AND cardinality(ids) = cardinality(scs)
                    AND cardinality(ids) = cardinality(ws) AND cardinality(ids) = cardinality(fs)
                    AND coalesce(array_ndims(ids), 1) = 1 AND coalesce(array_ndims(scs), 1) = 1
                    AND array_position(ids, NULL) IS NULL AND 0 <= ALL (scs) AND 100 >= ALL (scs), true)
$$;
CREATE TEMP TABLE arr_cases AS
SELECT * FROM (VALUES
    ('{1,2}'::integer[], '{1,2}'::float8[], '{0,100}'::numeric[], '{1,2}'::integer[], '{t,f}'::boolean[]),
    ('{}', '{}', '{}', '{}', '{}'),
    ('{1,2}', '{1}', '{1,2}', '{1,2}', '{t,f}'),
    ('{1,2}', '{1,2}', '{1,2}', '{1,2}', '{t}'),
    ('{1,NULL}', '{1,2}', '{1,2}', '{1,2}', '{t,f}'),
    ('{{1,2}}', '{1,2}', '{1,2}', '{1,2}', '{t,f}'),
    ('{1,2}', '{1,2}', '{{1,2}}', '{1,2}', '{t,f}'),
    ('{1,2}', '{{1,2}}', '{1,2}', '{{1,2}}', '{{t,f}}'),
    ('{1,2}', '{1,2}', '{NULL,50.5}', '{1,2}', '{t,f}'),
    ('{1,2}', '{1,2}', '{NaN,50}', '{1,2}', '{t,f}'),
    ('{1,2}', '{1,2}', '{Infinity,50}', '{1,2}', '{t,f}'),
    ('{1,2}', '{1,2}', '{-Infinity,50}', '{1,2}', '{t,f}'),
    ('{1,2}', '{1,2}', '{-0.0001,50}', '{1,2}', '{t,f}'),
    ('{1,2}', '{1,2}', '{100.0001,50}', '{1,2}', '{t,f}'),
    ('{1,2}', '{1,2}', '{100.00000000000000000001,50}', '{1,2}', '{t,f}'),
    ('{1,2}', '{1,2}', '{99.999999999999,100.000000}', '{1,2}', '{t,f}'),
    ('{1,2}', '{1,2}', '{-0.000000001,0}', '{1,2}', '{t,f}'),
    ('{1,2}', '{1,2}', '{1e20,0}', '{1,2}', '{t,f}'),
    ('{1,2}', '{1,2}', '{0.0000,000100.0000}', '{1,2}', '{t,f}')) AS v(ids, raws, scs, ws, fs);
SELECT is((SELECT count(*)::int FROM arr_cases
           WHERE coalesce(perfeval.indicator_arrays_valid(ids, raws, scs, ws, fs), true) IS DISTINCT FROM pg_temp.arrays_ok_10(ids, raws, scs, ws, fs)),
          0, 'indicator_arrays_valid gives the 1.0 expression''s verdict on 19 hostile cases');
SELECT is((SELECT string_agg(perfeval.indicator_arrays_valid(ids, raws, scs, ws, fs)::text, ',') FROM arr_cases),
          'true,true,false,false,false,false,false,true,true,false,false,false,false,false,false,true,false,false,true',
          'the verdicts themselves: lengths, dimensions, NULL ids, NaN, infinities and scores just outside 0-100 fail');
SELECT setseed(0.5);
SELECT is((SELECT count(*)::int FROM (
              SELECT ids, raws, scs, ws, fs
              FROM (SELECT g, array_agg(CASE WHEN random() < 0.01 THEN NULL ELSE i END) AS ids,
                           array_agg(random()) AS raws,
                           array_agg(CASE WHEN random() < 0.05 THEN NULL
                                          ELSE round((random() * 100.02 - 0.01)::numeric, (random() * 6)::int) END) AS scs,
                           array_agg(i) AS ws, array_agg(random() < 0.5) AS fs
                    FROM generate_series(1, 3000) AS g, generate_series(1, 1 + g % 20) AS i GROUP BY g) AS t) AS c
           WHERE coalesce(perfeval.indicator_arrays_valid(ids, raws, scs, ws, fs), true) IS DISTINCT FROM pg_temp.arrays_ok_10(ids, raws, scs, ws, fs)),
          0, 'and on 3,000 random detail rows with NULLs and scores of 0-6 decimals around 0 and 100');
SELECT is((SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'result_indicator_arrays'),
          'CHECK (perfeval.indicator_arrays_valid(indicator_ids, raw_values, scores, weights_bp, indicators_failed))',
          'the CHECK result_indicator_arrays is indicator_arrays_valid');

SELECT * FROM finish();
ROLLBACK;
