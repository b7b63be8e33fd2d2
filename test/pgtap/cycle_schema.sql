-- pgTAP: the evaluation cycle's schema (issue 4 items 1-6): tables, seeded
-- indicators (H-2) and the seeded default scheme (H-3.2.1).
BEGIN;
CREATE EXTENSION IF NOT EXISTS perfeval;
SELECT plan(19);

SELECT has_table('perfeval', t, 'table perfeval.' || t || ' exists')
FROM unnest(ARRAY['department', 'team', 'agent', 'period', 'indicator', 'scheme_version', 'scheme_item',
                  'measurement', 'measurement_quarantine', 'layer_score', 'result', 'result_indicator']) AS t;

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

SELECT * FROM finish();
ROLLBACK;
