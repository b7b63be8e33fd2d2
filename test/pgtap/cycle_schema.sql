-- pgTAP: the evaluation cycle's schema (issue 4 items 1-6): tables, seeded
-- indicators (H-2) and the seeded default scheme (H-3.2.1).
BEGIN;
CREATE EXTENSION IF NOT EXISTS perfeval;
SELECT plan(23);

SELECT has_table('perfeval', t, 'table perfeval.' || t || ' exists')
FROM unnest(ARRAY['department', 'team', 'agent', 'period', 'indicator', 'scheme_version', 'scheme_item',
                  'measurement', 'measurement_quarantine', 'layer_score', 'result']) AS t;
SELECT has_view('perfeval', 'result_indicator', 'view perfeval.result_indicator exists (the indicator arrays of result, one row each)');

-- H-2: 4 dimensions x 4 indicators, with zh and en names
SELECT is((SELECT count(*)::int FROM perfeval.indicator WHERE seeded), 16, 'H-2: 16 indicators are seeded');
SELECT results_eq(
    $$SELECT dimension, count(*)::int FROM perfeval.indicator WHERE seeded GROUP BY dimension ORDER BY dimension$$,
    $$VALUES ('attitude', 4), ('capability', 4), ('efficiency', 4), ('satisfaction', 4)$$,
    'H-2: four indicators in each of the four dimensions');
SELECT is((SELECT string_agg(handbook_id, ',' ORDER BY handbook_id) FROM perfeval.indicator WHERE seeded),
          'H-2.1.1,H-2.1.2,H-2.1.3,H-2.1.4,H-2.2.1,H-2.2.2,H-2.2.3,H-2.2.4,H-2.3.1,H-2.3.2,H-2.3.3,H-2.3.4,H-2.4.1,H-2.4.2,H-2.4.3,H-2.4.4',
          'H-2: every indicator of the handbook is seeded once');
SELECT results_eq(
    $$SELECT code FROM perfeval.indicator WHERE direction = 'lower_better' ORDER BY handbook_id$$,
    ARRAY['avg_response_seconds', 'handling_seconds', 'complaint_rate', 'repeat_contact_rate'],
    'H-2.3.1, H-2.3.3, H-2.4.2, H-2.4.3: lower is better');

-- H-3.2.1: the default scheme's weights total 10,000 basis points
SELECT is((SELECT sum(weight_bp)::int FROM perfeval.scheme_item WHERE scheme_version_id = 1), 10000,
          'H-3.2.1: the seeded scheme''s weights total 10,000 basis points');
SELECT is((SELECT count(*)::int FROM perfeval.scheme_item WHERE scheme_version_id = 1), 16,
          'the seeded scheme weighs all 16 indicators');
SELECT results_eq(
    $$SELECT cutoffs, blend FROM perfeval.scheme_version WHERE id = 1$$,
    $$VALUES ('{90,80,70,60}'::float8[], '{20,30,50}'::float8[])$$,
    'H-5.1, H-3.2.3: the seeded cutoffs 90/80/70/60 and blend 20/30/50');

-- pg_dump keeps users' data: every table and its sequence is a configuration table
SELECT is((SELECT array_agg(c.relname::text ORDER BY c.relname)
           FROM pg_extension AS e, unnest(e.extconfig) AS x(oid) JOIN pg_class AS c ON c.oid = x.oid
           WHERE e.extname = 'perfeval' AND c.relkind = 'r'
             AND c.relname IN ('department', 'team', 'agent', 'period', 'indicator', 'scheme_version', 'scheme_item',
                               'measurement', 'measurement_quarantine', 'layer_score', 'result')),
          ARRAY['agent', 'department', 'indicator', 'layer_score', 'measurement', 'measurement_quarantine', 'period',
                'result', 'scheme_item', 'scheme_version', 'team'],
          'every table of the evaluation cycle is dumped by pg_dump');
SELECT is((SELECT array_agg(f ORDER BY c.relname)
           FROM pg_extension AS e, unnest(e.extconfig, e.extcondition) AS x(oid, f) JOIN pg_class AS c ON c.oid = x.oid
           WHERE e.extname = 'perfeval' AND c.relname IN ('indicator', 'scheme_item', 'scheme_version')),
          ARRAY['WHERE NOT seeded', 'WHERE NOT seeded', 'WHERE NOT seeded'],
          'seeded rows are left out of the dump (CREATE EXTENSION makes them)');
SELECT ok((SELECT bool_and(x.oid = ANY (e.extconfig))
           FROM pg_extension AS e, pg_class AS s JOIN LATERAL (SELECT s.oid) AS x ON true
           WHERE e.extname = 'perfeval' AND s.relkind = 'S' AND s.relnamespace = 'perfeval'::regnamespace),
          'the position of every sequence is dumped');
-- the cycle's PL/pgSQL functions run with a fixed search_path
SELECT is((SELECT count(*)::int FROM pg_proc AS p JOIN pg_language AS l ON l.oid = p.prolang
           WHERE p.pronamespace = 'perfeval'::regnamespace AND l.lanname = 'plpgsql'
             AND p.proname IN ('period_guard', 'period_of', 'close_period', 'seeded_guard', 'scheme_weights_check',
                               'scheme_frozen_guard', 'measurement_check', 'try_float8', 'try_date', 'try_timestamptz',
                               'import_measurements', 'result_lock_error', 'result_lock', 'result_new_revision',
                               'evaluate', 'approve', 'regrade', 'regrade_with')
             AND NOT coalesce('search_path=pg_catalog, pg_temp' = ANY (p.proconfig), false)), 0,
          'every PL/pgSQL function of the cycle sets search_path = pg_catalog, pg_temp');

SELECT * FROM finish();
ROLLBACK;
