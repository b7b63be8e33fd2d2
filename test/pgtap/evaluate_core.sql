-- pgTAP: the C core of evaluate (issue 11) equals the numeric rules it
-- replaces, digit for digit (H-3.2.3): score4(x) = round(x::numeric, 4) on
-- random scores and on ties of the fifth decimal; dimension_subtotals =
-- round(sum(w * s) / sum(w), 4) per dimension and overall, serial and
-- parallel; its errors; raw_mean(x) = avg(x::numeric)::float8 on groups of
-- random values of every magnitude, ties, zeros, NULLs, NaN and infinities.
BEGIN;
CREATE EXTENSION IF NOT EXISTS perfeval;
SELECT plan(14);
SELECT setseed(0.11);

CREATE TEMP TABLE xs AS
SELECT x FROM (SELECT random() * 100 AS x FROM generate_series(1, 200000)
               UNION ALL SELECT k / 20000.0 FROM generate_series(0, 2000000, 7) AS k        -- exact fifth-decimal ties
               UNION ALL SELECT k / 20000.0 + 1e-12 FROM generate_series(0, 2000000, 13) AS k
               UNION ALL SELECT k / 20000.0 - 1e-12 FROM generate_series(1, 2000000, 13) AS k
               UNION ALL SELECT -random() * 100 FROM generate_series(1, 1000)
               UNION ALL VALUES (0.0), (100.0), (1e-9), (999.99995), (1000.00005), (1e15), (-0.00005)) AS v;
SELECT is((SELECT count(*)::int FROM xs WHERE perfeval.score4(x) IS DISTINCT FROM round(x::numeric, 4)), 0,
          'score4(x) = round(x::numeric, 4) on 575,000 values, ties of the fifth decimal included');
SELECT is((SELECT count(*)::int FROM xs WHERE perfeval.score4(x)::text IS DISTINCT FROM round(x::numeric, 4)::text), 0,
          'score4 keeps the scale (4 decimals)');
SELECT results_eq($$SELECT perfeval.score4('NaN')::text, perfeval.score4('Infinity')::text, perfeval.score4('-Infinity')::text$$,
                  $$SELECT round('NaN'::float8::numeric, 4)::text, round('Infinity'::float8::numeric, 4)::text,
                           round('-Infinity'::float8::numeric, 4)::text$$,
                  'score4 of NaN and infinities is what numeric gives');

-- 2,000 agents x 16 rows: random dimensions (some NULL or unknown), weights,
-- scores (some NULL), a few agents with nothing rated in a dimension
CREATE TEMP TABLE rows AS
SELECT a AS agent_id,
       (ARRAY['attitude', 'capability', 'efficiency', 'satisfaction', NULL, 'other'])[1 + floor(random() * 6)::int] AS dim,
       CASE WHEN random() < 0.02 THEN NULL ELSE floor(random() * 1500)::int END AS w,
       CASE WHEN random() < 0.03 THEN NULL ELSE random() * 100 END AS s
FROM generate_series(1, 2000) AS a, generate_series(1, 16) AS i;
CREATE TEMP TABLE expected AS
SELECT agent_id,
       ARRAY[round(sum(w * round(s::numeric, 4)) FILTER (WHERE dim = 'attitude') / nullif(sum(w) FILTER (WHERE dim = 'attitude'), 0), 4),
             round(sum(w * round(s::numeric, 4)) FILTER (WHERE dim = 'capability') / nullif(sum(w) FILTER (WHERE dim = 'capability'), 0), 4),
             round(sum(w * round(s::numeric, 4)) FILTER (WHERE dim = 'efficiency') / nullif(sum(w) FILTER (WHERE dim = 'efficiency'), 0), 4),
             round(sum(w * round(s::numeric, 4)) FILTER (WHERE dim = 'satisfaction') / nullif(sum(w) FILTER (WHERE dim = 'satisfaction'), 0), 4),
             round(sum(w * round(s::numeric, 4)) / nullif(sum(w), 0), 4)] AS st
FROM rows GROUP BY agent_id;
SELECT is((SELECT count(*)::int FROM expected AS e
           JOIN (SELECT agent_id, perfeval.dimension_subtotals(dim, w, s) AS st FROM rows GROUP BY agent_id) AS g USING (agent_id)
           WHERE g.st::text IS DISTINCT FROM e.st::text), 0,
          'H-3.2.3: dimension_subtotals equals the numeric weighted means, rounded, per dimension and overall (2,000 agents)');
SELECT is((SELECT perfeval.dimension_subtotals(dim, w, s) FROM rows WHERE false)::text, '{NULL,NULL,NULL,NULL,NULL}',
          'no rows: five NULLs (nothing rated)');
SELECT is((SELECT perfeval.dimension_subtotals(d, w, s) FROM (VALUES ('attitude', 3, 50.00005::float8), ('attitude', 1, 0.0)) AS v(d, w, s))::text,
          '{37.5001,NULL,NULL,NULL,37.5001}', 'a tie of the fifth decimal rounds half away from zero, as numeric (50.00005 -> 50.0001)');

-- parallel: partial aggregates combined give the same answer
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SET LOCAL max_parallel_workers_per_gather = 2;
SELECT is((SELECT perfeval.dimension_subtotals(dim, w, s) FROM rows)::text,
          (SELECT ARRAY[round(sum(w * round(s::numeric, 4)) FILTER (WHERE dim = 'attitude') / nullif(sum(w) FILTER (WHERE dim = 'attitude'), 0), 4),
                        round(sum(w * round(s::numeric, 4)) FILTER (WHERE dim = 'capability') / nullif(sum(w) FILTER (WHERE dim = 'capability'), 0), 4),
                        round(sum(w * round(s::numeric, 4)) FILTER (WHERE dim = 'efficiency') / nullif(sum(w) FILTER (WHERE dim = 'efficiency'), 0), 4),
                        round(sum(w * round(s::numeric, 4)) FILTER (WHERE dim = 'satisfaction') / nullif(sum(w) FILTER (WHERE dim = 'satisfaction'), 0), 4),
                        round(sum(w * round(s::numeric, 4)) / nullif(sum(w), 0), 4)]::text FROM rows),
          'over all 32,000 rows, parallel plans allowed: the same digits as numeric');
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;

SELECT throws_ok($$SELECT perfeval.dimension_subtotals('attitude', 10001, 50)$$, '22023', NULL, 'a weight above 10,000 bp is 22023');
SELECT throws_ok($$SELECT perfeval.dimension_subtotals('attitude', 100, 'NaN')$$, '22023', NULL, 'a NaN score is 22023');
SELECT throws_ok($$SELECT perfeval.dimension_subtotals_accum('{1,2}', 'attitude', 1, 1)$$, '22023', NULL,
                 'a state of the wrong shape is 22023');

-- raw_mean: 30,000 groups of 1-12 values: rates, scores, counts, tiny and
-- huge values, negative ones, exact decimals (15-digit ties included),
-- zeros, NULLs; then NaN and the infinities
CREATE TEMP TABLE raws AS
SELECT g, CASE (g + i) % 9
              WHEN 0 THEN random()
              WHEN 1 THEN random() * 100
              WHEN 2 THEN 0.05 * random()
              WHEN 3 THEN power(10, random() * 40 - 20) * (random() - 0.5)
              WHEN 4 THEN round((random() * 1e6)::numeric, (i % 8))::float8
              WHEN 5 THEN (floor(random() * 2e15) + 0.5) / power(10, 1 + (g % 12))
              WHEN 6 THEN CASE WHEN i % 3 = 0 THEN NULL ELSE 0.0 END
              WHEN 7 THEN 1e15 * random() + (i % 5) * 1e14
              ELSE 1 - random() * 1e-9
          END AS x
FROM generate_series(1, 30000) AS g, generate_series(1, 1 + g % 12) AS i;
SELECT is((SELECT count(*)::int FROM (SELECT g, perfeval.raw_mean(x) AS a, avg(x::numeric)::float8 AS b FROM raws GROUP BY g) AS t
           WHERE a IS DISTINCT FROM b OR a::text IS DISTINCT FROM b::text), 0,
          'raw_mean(x) = avg(x::numeric)::float8 on 30,000 groups of 1-12 values of every magnitude');
SELECT is((SELECT perfeval.raw_mean(x) FROM raws), (SELECT avg(x::numeric)::float8 FROM raws),
          'raw_mean = avg(x::numeric)::float8 over all 195,000 values at once');
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SET LOCAL max_parallel_workers_per_gather = 2;
SELECT is((SELECT perfeval.raw_mean(x) FROM raws), (SELECT avg(x::numeric)::float8 FROM raws),
          'raw_mean over all values, parallel plans allowed: the same value');
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
SELECT results_eq($$SELECT perfeval.raw_mean(x)::text FROM (VALUES (1.0::float8), ('NaN'), (2.0)) AS v(x)
                    UNION ALL SELECT perfeval.raw_mean(x)::text FROM (VALUES (1.0::float8), ('Infinity')) AS v(x)
                    UNION ALL SELECT perfeval.raw_mean(x)::text FROM (VALUES ('-Infinity'::float8), ('Infinity')) AS v(x)
                    UNION ALL SELECT coalesce(perfeval.raw_mean(x)::text, 'null') FROM (VALUES (NULL::float8)) AS v(x)$$,
                  $$SELECT avg(x::numeric)::float8::text FROM (VALUES (1.0::float8), ('NaN'), (2.0)) AS v(x)
                    UNION ALL SELECT avg(x::numeric)::float8::text FROM (VALUES (1.0::float8), ('Infinity')) AS v(x)
                    UNION ALL SELECT avg(x::numeric)::float8::text FROM (VALUES ('-Infinity'::float8), ('Infinity')) AS v(x)
                    UNION ALL SELECT coalesce(avg(x::numeric)::float8::text, 'null') FROM (VALUES (NULL::float8)) AS v(x)$$,
                  'raw_mean of NaN, infinities and NULLs is what avg(numeric) gives');

SELECT * FROM finish();
ROLLBACK;
