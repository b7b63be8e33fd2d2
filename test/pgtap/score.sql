-- pgTAP: the scoring room (src/score.c, src/sql/10_score.sql), issue 2.
--   Every error with its SQLSTATE, the functions' attributes, and a
--   forced-parallel plan of weighted_score whose results equal the serial
--   ones (H-1.2.1 fairness: a result must not depend on the plan).
-- Exact printed values are in sql/score.sql (pg_regress).
BEGIN;
CREATE EXTENSION IF NOT EXISTS perfeval;
SET LOCAL client_min_messages = warning;
SELECT plan(91);

-- ---------------------------------------------------------------------
-- normalize (H-2): worst = best, NaN or infinite arguments -> 22023
SELECT throws_ok($$SELECT perfeval.normalize(5, 10, 10)$$, '22023',
    'worst and best must differ', 'H-2 normalize: worst = best is 22023');
SELECT throws_ok($$SELECT perfeval.normalize(5, 0, 0)$$, '22023', NULL,
    'H-2 normalize: worst = best = 0 is 22023');
SELECT throws_ok($$SELECT perfeval.normalize('NaN', 0, 100)$$, '22023',
    'raw must be a finite number', 'H-2 normalize: NaN raw is 22023');
SELECT throws_ok($$SELECT perfeval.normalize('Infinity', 0, 100)$$, '22023', NULL,
    'H-2 normalize: infinite raw is 22023');
SELECT throws_ok($$SELECT perfeval.normalize('-Infinity', 0, 100)$$, '22023', NULL,
    'H-2 normalize: -infinite raw is 22023');
SELECT throws_ok($$SELECT perfeval.normalize(5, 'NaN', 100)$$, '22023',
    'worst must be a finite number', 'H-2 normalize: NaN worst is 22023');
SELECT throws_ok($$SELECT perfeval.normalize(5, '-Infinity', 100)$$, '22023', NULL,
    'H-2 normalize: infinite worst is 22023');
SELECT throws_ok($$SELECT perfeval.normalize(5, 0, 'NaN')$$, '22023',
    'best must be a finite number', 'H-2 normalize: NaN best is 22023');
SELECT throws_ok($$SELECT perfeval.normalize(5, 0, 'Infinity')$$, '22023', NULL,
    'H-2 normalize: infinite best is 22023');
SELECT throws_ok($$SELECT perfeval.normalize(5, 'Infinity', 'Infinity')$$, '22023', NULL,
    'H-2 normalize: worst = best = Infinity is 22023');

-- ---------------------------------------------------------------------
-- normalize_piecewise (H-2): bad arrays and non-finite values -> 22023
SELECT throws_ok($$SELECT perfeval.normalize_piecewise('NaN', '{0,50}', '{0,100}')$$, '22023',
    'raw must be a finite number', 'H-2 normalize_piecewise: NaN raw is 22023');
SELECT throws_ok($$SELECT perfeval.normalize_piecewise('Infinity', '{0,50}', '{0,100}')$$, '22023', NULL,
    'H-2 normalize_piecewise: infinite raw is 22023');
SELECT throws_ok($$SELECT perfeval.normalize_piecewise(1, '{0,50,100}', '{0,100}')$$, '22023',
    'breakpoints and scores must have the same length of at least 2',
    'H-2 normalize_piecewise: arrays of different lengths is 22023');
SELECT throws_ok($$SELECT perfeval.normalize_piecewise(1, '{0}', '{0}')$$, '22023',
    'breakpoints and scores must have the same length of at least 2',
    'H-2 normalize_piecewise: a single point is 22023');
SELECT throws_ok($$SELECT perfeval.normalize_piecewise(1, '{}', '{}')$$, '22023', NULL,
    'H-2 normalize_piecewise: empty arrays are 22023');
SELECT throws_ok($$SELECT perfeval.normalize_piecewise(1, '{0,50,50}', '{0,50,100}')$$, '22023',
    'breakpoints must be strictly increasing or strictly decreasing',
    'H-2 normalize_piecewise: a repeated breakpoint is 22023');
SELECT throws_ok($$SELECT perfeval.normalize_piecewise(1, '{0,50,40}', '{0,50,100}')$$, '22023',
    'breakpoints must be strictly increasing or strictly decreasing',
    'H-2 normalize_piecewise: breakpoints not monotone is 22023');
SELECT throws_ok($$SELECT perfeval.normalize_piecewise(1, '{50,50}', '{0,100}')$$, '22023', NULL,
    'H-2 normalize_piecewise: two equal breakpoints are 22023');
SELECT throws_ok($$SELECT perfeval.normalize_piecewise(1, '{0,NULL}', '{0,100}')$$, '22023',
    'breakpoints must not contain NULL elements',
    'H-2 normalize_piecewise: NULL breakpoint is 22023');
SELECT throws_ok($$SELECT perfeval.normalize_piecewise(1, '{0,50}', '{NULL,100}')$$, '22023',
    'scores must not contain NULL elements',
    'H-2 normalize_piecewise: NULL score element is 22023');
SELECT throws_ok($$SELECT perfeval.normalize_piecewise(1, '{{0,50},{60,70}}', '{{0,50},{60,70}}')$$, '22023',
    'breakpoints must be a one-dimensional array',
    'H-2 normalize_piecewise: multi-dimensional arrays are 22023');
SELECT throws_ok($$SELECT perfeval.normalize_piecewise(1, '{0,50}', '{{0},{100}}')$$, '22023',
    'scores must be a one-dimensional array',
    'H-2 normalize_piecewise: multi-dimensional scores are 22023');
SELECT throws_ok($$SELECT perfeval.normalize_piecewise(1, '{0,NaN}', '{0,100}')$$, '22023',
    'breakpoints must hold finite numbers',
    'H-2 normalize_piecewise: NaN breakpoint is 22023');
SELECT throws_ok($$SELECT perfeval.normalize_piecewise(1, '{-Infinity,50}', '{0,100}')$$, '22023', NULL,
    'H-2 normalize_piecewise: infinite breakpoint is 22023');
SELECT throws_ok($$SELECT perfeval.normalize_piecewise(1, '{0,50}', '{0,Infinity}')$$, '22023',
    'scores must hold finite numbers',
    'H-2 normalize_piecewise: infinite score element is 22023');
SELECT throws_ok($$SELECT perfeval.normalize_piecewise(1, array_fill(0::float8, ARRAY[1000001]), '{0,100}')$$, '54000',
    'breakpoints has too many elements',
    'H-2 normalize_piecewise: more than 1,000,000 breakpoints is 54000');
SELECT is(perfeval.normalize_piecewise(99999.5, (SELECT array_agg(g::float8) FROM generate_series(1, 100000) g),
                                       (SELECT array_agg(g::float8 / 1000) FROM generate_series(1, 100000) g)),
          99.9995::float8, 'H-2 normalize_piecewise: 100,000 points are searched correctly');

-- ---------------------------------------------------------------------
-- weighted_score (H-3.2.3): weights and scores are checked, never skipped
SELECT throws_ok($$SELECT perfeval.weighted_score(s, w) FROM (VALUES (80::float8, 1::float8), (70, NULL)) v(s, w)$$,
    '22004', 'weight must not be NULL', 'H-3.2.3 weighted_score: NULL weight is 22004');
SELECT throws_ok($$SELECT perfeval.weighted_score(s, w) FROM (VALUES (NULL::float8, NULL::float8)) v(s, w)$$,
    '22004', NULL, 'H-3.2.3 weighted_score: NULL weight is 22004 even on a not-applicable row');
SELECT throws_ok($$SELECT perfeval.weighted_score(s, w) FROM (VALUES (80::float8, -1::float8)) v(s, w)$$,
    '22023', 'weight must be a non-negative finite number', 'H-3.2.3 weighted_score: negative weight is 22023');
SELECT throws_ok($$SELECT perfeval.weighted_score(s, w) FROM (VALUES (NULL::float8, -1::float8)) v(s, w)$$,
    '22023', NULL, 'H-3.2.3 weighted_score: negative weight is 22023 even on a not-applicable row');
SELECT throws_ok($$SELECT perfeval.weighted_score(s, w) FROM (VALUES (80::float8, 'NaN'::float8)) v(s, w)$$,
    '22023', NULL, 'H-3.2.3 weighted_score: NaN weight is 22023');
SELECT throws_ok($$SELECT perfeval.weighted_score(s, w) FROM (VALUES (80::float8, 'Infinity'::float8)) v(s, w)$$,
    '22023', NULL, 'H-3.2.3 weighted_score: infinite weight is 22023');
SELECT throws_ok($$SELECT perfeval.weighted_score(s, w) FROM (VALUES (99.5::float8, 5e-324::float8)) v(s, w)$$,
    '22023', 'weight is too small',
    'H-3.2.3 weighted_score: a subnormal weight (which would round 99.5 to 100) is 22023');
SELECT throws_ok($$SELECT perfeval.weighted_score(s, w) FROM (VALUES (NULL::float8, 1e-310::float8)) v(s, w)$$,
    '22023', 'weight is too small', 'H-3.2.3 weighted_score: a subnormal weight is 22023 even on a not-applicable row');
SELECT is((SELECT perfeval.weighted_score(s, w) FROM (VALUES (99.5::float8, 2.2250738585072014e-308::float8),
                                                           (50, 2.2250738585072014e-308)) v(s, w)),
    74.75::float8, 'H-3.2.3 weighted_score: the smallest normal weights give the exact answer');
SELECT is((SELECT perfeval.weighted_score(s, w) FROM (VALUES (80::float8, -0::float8), (90, 1)) v(s, w)),
    90::float8, 'H-3.2.3 weighted_score: a weight of -0 counts as 0');
SELECT throws_ok($$SELECT perfeval.weighted_score(s, w) FROM (VALUES ('NaN'::float8, 1::float8)) v(s, w)$$,
    '22023', 'score must be a finite number', 'H-3.2.3 weighted_score: NaN score is 22023');
SELECT throws_ok($$SELECT perfeval.weighted_score(s, w) FROM (VALUES ('-Infinity'::float8, 1::float8)) v(s, w)$$,
    '22023', NULL, 'H-3.2.3 weighted_score: infinite score is 22023');
SELECT throws_ok($$SELECT perfeval.weighted_score(s, w) FROM (VALUES ('Infinity'::float8, 0::float8)) v(s, w)$$,
    '22023', NULL, 'H-3.2.3 weighted_score: infinite score is 22023 even with weight 0');
SELECT throws_ok($$SELECT perfeval.weighted_score(s, w) FROM (VALUES (1e308::float8, 10::float8)) v(s, w)$$,
    '22003', 'weighted_score is out of range', 'H-3.2.3 weighted_score: weight * score overflow is 22003');
SELECT throws_ok($$SELECT perfeval.weighted_score(s, w) FROM (VALUES (1e308::float8, 1::float8), (1e308, 1)) v(s, w)$$,
    '22003', NULL, 'H-3.2.3 weighted_score: sum of weight * score overflow is 22003');
SELECT throws_ok($$SELECT perfeval.weighted_score(s, w) FROM (VALUES (0::float8, 1e308::float8), (0, 1e308)) v(s, w)$$,
    '22003', NULL, 'H-3.2.3 weighted_score: sum of weights overflow is 22003');
SELECT throws_ok($$SELECT perfeval.weighted_score(s, w) FROM (VALUES (80::float8, 0::float8), (NULL, 5)) v(s, w)$$,
    '22012', 'weights of the rated rows sum to zero',
    'H-3.2.3 weighted_score: rated rows all of weight 0 is division by zero, 22012');
-- the auto-fail variant (一票否决)
SELECT throws_ok($$SELECT perfeval.weighted_score(s, w, c) FROM (VALUES (80::float8, 1::float8, NULL::boolean)) v(s, w, c)$$,
    '22004', 'critical_failed must not be NULL on a rated row',
    'H-3.2.3 weighted_score(critical): NULL flag on a rated row is 22004');
SELECT is((SELECT perfeval.weighted_score(s, w, c) FROM (VALUES (80::float8, 1::float8, false), (NULL, 1, NULL)) v(s, w, c)),
    80::float8, 'H-3.2.3 weighted_score(critical): NULL flag on a not-applicable row is allowed');
SELECT throws_ok($$SELECT perfeval.weighted_score(s, w, c) FROM (VALUES (80::float8, NULL::float8, false)) v(s, w, c)$$,
    '22004', 'weight must not be NULL', 'H-3.2.3 weighted_score(critical): NULL weight is 22004');
SELECT throws_ok($$SELECT perfeval.weighted_score(s, w, c) FROM (VALUES ('NaN'::float8, 1::float8, true)) v(s, w, c)$$,
    '22023', NULL, 'H-3.2.3 weighted_score(critical): NaN score is 22023 even when failed');
SELECT throws_ok($$SELECT perfeval.weighted_score(s, w, c) FROM (VALUES (80::float8, -0.5::float8, false)) v(s, w, c)$$,
    '22023', NULL, 'H-3.2.3 weighted_score(critical): negative weight is 22023');
SELECT is((SELECT perfeval.weighted_score(s, w, c) FROM (VALUES (80::float8, 0::float8, true)) v(s, w, c)),
    0::float8, 'H-3.2.3 weighted_score(critical): auto-fail gives 0 even when the rated weights sum to 0');
SELECT throws_ok($$SELECT perfeval.weighted_score(s, w, c) FROM (VALUES (80::float8, 0::float8, false)) v(s, w, c)$$,
    '22012', NULL, 'H-3.2.3 weighted_score(critical): rated weights summing to 0 without a failure is 22012');

-- the state functions are callable on their own; a malformed state is refused
SELECT throws_ok($$SELECT perfeval.weighted_score_accum(NULL, 80, 1)$$, '22004',
    'weighted_score state must not be NULL', 'weighted_score_accum: NULL state is 22004');
SELECT throws_ok($$SELECT perfeval.weighted_score_accum('{0,0,0}', 80, 1)$$, '22023',
    'invalid weighted_score state', 'weighted_score_accum: a state of 3 slots is 22023');
SELECT throws_ok($$SELECT perfeval.weighted_score_accum('{{0,0},{0,0}}', 80, 1)$$, '22023',
    'invalid weighted_score state', 'weighted_score_accum: a 2-D state is 22023');
SELECT throws_ok($$SELECT perfeval.weighted_score_combine('{0,0,NULL,0}', '{0,0,0,0}')$$, '22023',
    'invalid weighted_score state', 'weighted_score_combine: a state holding NULL is 22023');
SELECT throws_ok($$SELECT perfeval.weighted_score_combine('{1e308,1,1,0}', '{1e308,1,1,0}')$$, '22003',
    'weighted_score is out of range', 'weighted_score_combine: overflow is 22003');
SELECT throws_ok($$SELECT perfeval.weighted_score_final('{}')$$, '22023',
    'invalid weighted_score state', 'weighted_score_final: an empty state is 22023');
SELECT is(perfeval.weighted_score_accum('{0,0,0,0}', 80, 2), '{160,2,1,0}'::float8[],
    'weighted_score_accum outside an aggregate returns a new state');
SELECT is(perfeval.weighted_score_combine('{160,2,1,0}', '{90,1,1,1}'), '{250,3,2,1}'::float8[],
    'weighted_score_combine adds the sums and keeps the failure flag');
SELECT is(perfeval.weighted_score_combine('{160,2,1,0}', '{0,0,0,0}'), '{160,2,1,0}'::float8[],
    'weighted_score_combine with an empty side keeps the other');
SELECT is(perfeval.weighted_score_combine('{0,0,0,0}', '{90,1,1,0}'), '{90,1,1,0}'::float8[],
    'weighted_score_combine from an empty state takes the other');

-- ---------------------------------------------------------------------
-- blend (H-3.2.3): weights exactly three, non-negative, finite, positive sum
SELECT throws_ok($$SELECT perfeval.blend(80, 70, 90, NULL)$$, '22004',
    'weights must not be NULL', 'H-3.2.3 blend: NULL weights are 22004');
SELECT throws_ok($$SELECT perfeval.blend(80, 70, 90, '{50,50}')$$, '22023',
    'weights must have exactly three elements', 'H-3.2.3 blend: two weights are 22023');
SELECT throws_ok($$SELECT perfeval.blend(80, 70, 90, '{10,20,30,40}')$$, '22023',
    'weights must have exactly three elements', 'H-3.2.3 blend: four weights are 22023');
SELECT throws_ok($$SELECT perfeval.blend(80, 70, 90, '{}')$$, '22023', NULL,
    'H-3.2.3 blend: empty weights are 22023');
SELECT throws_ok($$SELECT perfeval.blend(80, 70, 90, '{20,NULL,50}')$$, '22023',
    'weights must not contain NULL elements', 'H-3.2.3 blend: a NULL weight element is 22023');
SELECT throws_ok($$SELECT perfeval.blend(80, 70, 90, '{{20,30,50}}')$$, '22023',
    'weights must be a one-dimensional array', 'H-3.2.3 blend: multi-dimensional weights are 22023');
SELECT throws_ok($$SELECT perfeval.blend(80, 70, 90, '{20,-30,50}')$$, '22023',
    'weights must not be negative', 'H-3.2.3 blend: a negative weight is 22023');
SELECT throws_ok($$SELECT perfeval.blend(80, 70, 90, '{0,0,0}')$$, '22023',
    'weights must have a positive finite sum', 'H-3.2.3 blend: weights summing to 0 are 22023');
SELECT throws_ok($$SELECT perfeval.blend(80, 70, 90, '{1e308,1e308,0}')$$, '22023',
    'weights must have a positive finite sum', 'H-3.2.3 blend: weights summing beyond float8 are 22023');
SELECT throws_ok($$SELECT perfeval.blend(80, 70, 90, '{20,NaN,50}')$$, '22023',
    'weights must hold finite numbers', 'H-3.2.3 blend: a NaN weight is 22023');
SELECT throws_ok($$SELECT perfeval.blend(80, 70, 90, '{20,30,Infinity}')$$, '22023', NULL,
    'H-3.2.3 blend: an infinite weight is 22023');
SELECT throws_ok($$SELECT perfeval.blend('NaN', 70, 90)$$, '22023',
    'self_score must be a finite number', 'H-3.2.3 blend: NaN self score is 22023');
SELECT throws_ok($$SELECT perfeval.blend(80, 'Infinity', 90)$$, '22023',
    'department_score must be a finite number', 'H-3.2.3 blend: infinite department score is 22023');
SELECT throws_ok($$SELECT perfeval.blend(80, 70, '-Infinity', '{1,1,0}')$$, '22023',
    'company_score must be a finite number', 'H-3.2.3 blend: infinite score is 22023 even on a layer of weight 0');
SELECT ok(abs(perfeval.blend(1.7976931348623157e308, 1.7976931348623157e308, 1.7976931348623157e308, '{1,1,1}')
              / 1.7976931348623157e308 - 1) < 1e-15,
    'H-3.2.3 blend: layers at the largest float8 do not overflow');

-- ---------------------------------------------------------------------
-- attributes: IMMUTABLE, PARALLEL SAFE everywhere; STRICT as issue 2 says
SELECT is(
    (SELECT array_agg(format('%s(%s) %s %s %s', p.proname, oidvectortypes(p.proargtypes),
                             p.provolatile, p.proparallel,
                             CASE WHEN p.proisstrict THEN 'strict' ELSE 'called on null' END)
                      ORDER BY p.proname, oidvectortypes(p.proargtypes))
       FROM pg_proc p
      WHERE p.pronamespace = 'perfeval'::regnamespace
        AND p.proname IN ('normalize', 'normalize_piecewise', 'blend', 'weighted_score',
                          'weighted_score_accum', 'weighted_score_combine', 'weighted_score_final')),
    ARRAY[
      'blend(double precision, double precision, double precision, double precision[]) i s called on null',
      'normalize(double precision, double precision, double precision) i s strict',
      'normalize_piecewise(double precision, double precision[], double precision[]) i s strict',
      'weighted_score(double precision, double precision) i s called on null',
      'weighted_score(double precision, double precision, boolean) i s called on null',
      'weighted_score_accum(double precision[], double precision, double precision) i s called on null',
      'weighted_score_accum(double precision[], double precision, double precision, boolean) i s called on null',
      'weighted_score_combine(double precision[], double precision[]) i s strict',
      'weighted_score_final(double precision[]) i s strict'],
    'scoring functions: volatility i(mmutable), parallel s(afe), strictness as issue 2 says');
SELECT is(
    (SELECT array_agg(format('%s kind=%s combine=%s final=%s init=%s', a.aggfnoid::regprocedure, a.aggkind,
                             a.aggcombinefn::regproc, a.aggfinalfn::regproc, a.agginitval)
                      ORDER BY a.aggfnoid::regprocedure::text)
       FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
      WHERE p.pronamespace = 'perfeval'::regnamespace AND p.proname = 'weighted_score'),
    ARRAY[
      'perfeval.weighted_score(double precision,double precision) kind=n combine=perfeval.weighted_score_combine final=perfeval.weighted_score_final init={0,0,0,0}',
      'perfeval.weighted_score(double precision,double precision,boolean) kind=n combine=perfeval.weighted_score_combine final=perfeval.weighted_score_final init={0,0,0,0}'],
    'weighted_score aggregates are normal aggregates with a combine function');
SELECT is(
    (SELECT count(*)::int FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
       JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
       JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'perfeval'
      WHERE a.aggkind = 'n' AND (a.aggcombinefn = 0 OR p.proparallel <> 's')),
    0, 'every normal aggregate of the extension has a combine function and is PARALLEL SAFE');

-- ---------------------------------------------------------------------
-- forced parallel plans: Partial Aggregate in EXPLAIN, results equal to the
-- serial ones (H-1.2.1: the same data gives the same grade, whatever the plan).
-- 200,000 deterministic rows in 100 groups; groups 0-19 hold only boundary
-- scores (90/80/70/60) with awkward weights, so that their weighted score is
-- a boundary give or take the last bits, which grade_of's 6-decimal rounding
-- (H-5.1) must absorb.  "Equal to 9 decimals" is checked as a difference of
-- at most 1e-9 (rounding both sides could split a pair straddling a rounding
-- step, depending on how rows were shared among the workers).  Every 17th
-- score is NULL (not applicable); group 99 has one critical failure.  A
-- table created in this transaction is visible to parallel workers (they
-- share the leader's transaction).
CREATE TABLE pe_par (i int, g int, s float8, w float8, c boolean);
INSERT INTO pe_par
SELECT i, i % 100,
       CASE WHEN i % 17 = 0 THEN NULL
            WHEN i % 100 < 20 THEN 90 - 10 * (i % 100 % 4)
            ELSE ((i::bigint * 7919) % 10007) / 100.0 END,
       1 + (i % 13) / 7.0,
       i = 99999
FROM generate_series(1, 200000) i;
ANALYZE pe_par;

-- returns the EXPLAIN (ANALYZE) text of a query, to look for partial aggregation
CREATE FUNCTION pg_temp.plan_of(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    line text;
    acc text := '';
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) ' || q LOOP
        acc := acc || line || E'\n';
    END LOOP;
    RETURN acc;
END $$;

SET LOCAL max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE pe_serial AS
SELECT g, perfeval.weighted_score(s, w) AS ws, perfeval.weighted_score(s, w, c) AS wsc
FROM pe_par GROUP BY g;
CREATE TEMP TABLE pe_serial_all AS
SELECT perfeval.weighted_score(s, w) AS ws, perfeval.weighted_score(s, w, c) AS wsc FROM pe_par;
SELECT doesnt_match(pg_temp.plan_of('SELECT g, perfeval.weighted_score(s, w) FROM pe_par GROUP BY g'),
    'Partial', 'serial plan (max_parallel_workers_per_gather = 0) has no partial aggregate');

SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SET LOCAL max_parallel_workers_per_gather = 2;
SELECT matches(pg_temp.plan_of('SELECT g, perfeval.weighted_score(s, w) FROM pe_par GROUP BY g'),
    'Partial (Hash|Group)Aggregate', 'GROUP BY weighted_score(s, w) gets a Partial HashAggregate or GroupAggregate');
SELECT matches(pg_temp.plan_of('SELECT g, perfeval.weighted_score(s, w, c) FROM pe_par GROUP BY g'),
    'Partial (Hash|Group)Aggregate', 'GROUP BY weighted_score(s, w, critical) gets a partial aggregate');
SELECT matches(pg_temp.plan_of('SELECT perfeval.weighted_score(s, w) FROM pe_par'),
    'Partial Aggregate', 'ungrouped weighted_score(s, w) gets a Partial Aggregate');
-- the parallel results are computed by CREATE TABLE AS, which runs parallel
-- plans (a cursor would not); EXPLAIN ANALYZE runs it and shows the workers
SELECT matches(pg_temp.plan_of('CREATE TEMP TABLE pe_parallel AS SELECT g, perfeval.weighted_score(s, w) AS ws, '
                               'perfeval.weighted_score(s, w, c) AS wsc FROM pe_par GROUP BY g'),
    'Workers Launched: [12]', 'the grouped parallel run launched workers');
SELECT matches(pg_temp.plan_of('CREATE TEMP TABLE pe_parallel_all AS SELECT perfeval.weighted_score(s, w) AS ws, '
                               'perfeval.weighted_score(s, w, c) AS wsc FROM pe_par'),
    'Workers Launched: [12]', 'the ungrouped parallel run launched workers');

SELECT is((SELECT count(*)::int FROM pe_parallel), 100, 'parallel GROUP BY gives 100 groups');
SELECT is(
    (SELECT array_agg(g ORDER BY g) FROM pe_serial a FULL JOIN pe_parallel b USING (g)
      WHERE a.ws IS NULL OR b.ws IS NULL
         OR abs(a.ws - b.ws) > 1e-9 OR abs(a.wsc - b.wsc) > 1e-9),
    NULL, 'parallel grouped weighted scores equal the serial ones to 9 decimals');
SELECT is(
    (SELECT array_agg(g ORDER BY g) FROM pe_serial a JOIN pe_parallel b USING (g)
      WHERE perfeval.grade_of(a.ws) <> perfeval.grade_of(b.ws)
         OR perfeval.grade_of(a.wsc) <> perfeval.grade_of(b.wsc)),
    NULL, 'H-5.1 grade_of of the parallel and serial weighted scores are identical');
SELECT is(
    (SELECT array_agg(format('%s:%s', g, perfeval.grade_of(ws)) ORDER BY g) FROM pe_parallel WHERE g < 8),
    '{0:excellent,1:good,2:medium,3:pass,4:excellent,5:good,6:medium,7:pass}'::text[],
    'H-5.1 groups of boundary scores grade exactly on the boundary in the parallel plan');
SELECT is((SELECT wsc FROM pe_parallel WHERE g = 99), 0::float8,
    'the critical failure in group 99 auto-fails it in the parallel plan (一票否决)');
SELECT ok((SELECT abs(a.ws - b.ws) <= 1e-9 AND a.wsc = b.wsc AND b.wsc = 0
             FROM pe_serial_all a, pe_parallel_all b),
    'parallel ungrouped weighted scores equal the serial ones to 9 decimals');

SELECT * FROM finish();
ROLLBACK;
