-- pgTAP: import_measurements' policy for a later, different value (issue 10
-- What 1, H-4.3 cleaning): it replaces the stored value and the old one is
-- kept in measurement_history; the four counts add up to the rows given;
-- an approved period takes no new or changed value (H-3.2.7); the checks
-- see the month the import creates (Why 5).  The concurrent orders are in
-- test/isolation/specs/import_concurrency.spec.
BEGIN;
CREATE EXTENSION IF NOT EXISTS perfeval;
SET LOCAL timezone = 'UTC';
SELECT plan(27);

INSERT INTO perfeval.department (code, name) VALUES ('HD1', 'Dept');
INSERT INTO perfeval.team (department_id, code, name) SELECT d.id, 'HT1', 'Team' FROM perfeval.department AS d WHERE d.code = 'HD1';
INSERT INTO perfeval.agent (employee_no, name, team_id, hired_on)
SELECT 'H' || g, 'Agent ' || g, t.id, date '2024-01-01' FROM generate_series(1, 3) AS g, perfeval.team AS t WHERE t.code = 'HT1';

-- schema
SELECT has_table('perfeval', 'measurement_history', 'table perfeval.measurement_history exists');
SELECT is((SELECT relrowsecurity FROM pg_class WHERE oid = 'perfeval.measurement_history'::regclass), true,
          'row-level security is enabled on measurement_history');
SELECT is((SELECT count(*)::int FROM pg_extension AS e, unnest(e.extconfig) AS c(oid)
           WHERE e.extname = 'perfeval' AND c.oid IN ('perfeval.measurement_history'::regclass, 'perfeval.measurement_history_id_seq'::regclass)),
          2, 'measurement_history and its sequence are registered with pg_extension_config_dump');
SELECT is((SELECT pg_get_function_result('perfeval.import_measurements(jsonb, text)'::regprocedure)),
          'TABLE(loaded integer, replaced integer, unchanged integer, quarantined integer)',
          'import_measurements returns loaded, replaced, unchanged and quarantined');

-- Why 5: on a month nobody created yet, the reason is the value's own
SELECT ok(NOT EXISTS (SELECT 1 FROM perfeval.period WHERE kind = 'month' AND starts_on = '2032-03-01'), 'March 2032 does not exist yet');
SELECT results_eq($$SELECT * FROM perfeval.import_measurements('[
    {"employee_no": "H1", "month": "2032-03", "indicator": "csat_score", "value": 4.6, "source": "survey"},
    {"employee_no": "H1", "month": "2032-03", "indicator": "complaint_rate", "value": 1.2, "source": "system_log"}]', 'b1')$$,
    $$VALUES (1, 0, 0, 1)$$, 'the import creates March 2032: 1 loaded, 1 quarantined');
SELECT is((SELECT reason FROM perfeval.measurement_quarantine WHERE import_batch = 'b1'),
          'complaint_rate (H-2.4.2, rate) must lie between 0 and 1',
          'Why 5: the quarantine reason is the value''s own, not "unknown period"');

-- a later, different value replaces the stored one; the old one is kept
SELECT results_eq($$SELECT * FROM perfeval.import_measurements('[
    {"employee_no": "H1", "month": "2032-03", "indicator": "csat_score", "value": 4.1, "source": "customer_review", "collected_at": "2032-04-02T10:00:00Z"},
    {"employee_no": "H1", "month": "2032-03", "indicator": "csat_score", "value": 4.1, "source": "customer_review", "collected_at": "2032-04-02T10:00:00Z"},
    {"employee_no": "H2", "month": "2032-03", "indicator": "csat_score", "value": 3.0, "source": "survey"},
    {"employee_no": "H1", "month": "2032-03", "indicator": "complaint_rate", "value": 1.2, "source": "system_log"},
    {"employee_no": "H9", "month": "2032-03", "indicator": "csat_score", "value": 3.0, "source": "survey"}]', 'b2')$$,
    $$VALUES (1, 1, 1, 2)$$,
    '1 loaded, 1 replaced, 1 unchanged (the same row twice), 2 quarantined: 5 rows given, 5 counted');
SELECT results_eq($$SELECT m.value, m.source, m.import_batch FROM perfeval.measurement AS m
                    JOIN perfeval.agent AS a ON a.id = m.agent_id JOIN perfeval.indicator AS i ON i.id = m.indicator_id
                    WHERE a.employee_no = 'H1' AND i.code = 'csat_score'$$,
                  $$VALUES (4.1::float8, 'customer_review'::text, 'b2'::text)$$, 'the later value is stored, with its source and batch');
SELECT results_eq($$SELECT h.old_value, h.new_value, h.old_source, h.new_source, h.old_batch, h.new_batch,
                           h.new_collected_at, h.changed_by::text, h.xact_id = pg_current_xact_id()
                    FROM perfeval.measurement_history AS h ORDER BY h.id$$,
                  $$VALUES (4.6::float8, 4.1::float8, 'survey'::text, 'customer_review'::text, 'b1'::text, 'b2'::text,
                            timestamptz '2032-04-02 10:00:00+00', current_user::text, true)$$,
                  'H-4.3: the history keeps the old and new value, source, batch, collection time, user and transaction');
SELECT is((SELECT h.measurement_id FROM perfeval.measurement_history AS h),
          (SELECT m.id FROM perfeval.measurement AS m JOIN perfeval.agent AS a ON a.id = m.agent_id
           JOIN perfeval.indicator AS i ON i.id = m.indicator_id WHERE a.employee_no = 'H1' AND i.code = 'csat_score'),
          'the history names the measurement replaced');
SELECT is((SELECT count(*)::int FROM perfeval.measurement_quarantine WHERE import_batch = 'b2'), 1,
          'the refused row already quarantined by b1 is kept once (only H9 is new)');

-- importing the same again changes nothing, not even the history
SELECT results_eq($$SELECT * FROM perfeval.import_measurements('[
    {"employee_no": "H1", "month": "2032-03", "indicator": "csat_score", "value": 4.1, "source": "survey"},
    {"employee_no": "H2", "month": "2032-03", "indicator": "csat_score", "value": 3.0, "source": "survey"}]', 'b3')$$,
    $$VALUES (0, 0, 2, 0)$$, 'the same values again: 2 unchanged (a different source alone is no change)');
SELECT is((SELECT count(*)::int FROM perfeval.measurement_history), 1, 'an unchanged import adds no history');

-- a direct UPDATE is recorded too
UPDATE perfeval.measurement SET value = 3.5
WHERE agent_id = (SELECT id FROM perfeval.agent WHERE employee_no = 'H2');
SELECT results_eq($$SELECT old_value, new_value, old_batch, new_batch FROM perfeval.measurement_history ORDER BY id DESC LIMIT 1$$,
                  $$VALUES (3.0::float8, 3.5::float8, 'b2'::text, 'b2'::text)$$, 'H-4.3: a direct UPDATE leaves its history row');
UPDATE perfeval.measurement SET source = source;
SELECT is((SELECT count(*)::int FROM perfeval.measurement_history), 2, 'an UPDATE that changes nothing adds no history');

-- the history is append-only
SELECT throws_ok($$UPDATE perfeval.measurement_history SET new_value = 0$$, '55000', NULL, 'measurement_history: UPDATE refused (55000)');
SELECT throws_ok($$DELETE FROM perfeval.measurement_history$$, '55000', NULL, 'measurement_history: DELETE refused (55000)');
SELECT throws_ok($$TRUNCATE perfeval.measurement_history$$, '55000', NULL, 'measurement_history: TRUNCATE refused (55000)');

-- the same key twice in one batch with different values: none kept, still counted
SELECT results_eq($$SELECT * FROM perfeval.import_measurements('[
    {"employee_no": "H3", "month": "2032-03", "indicator": "csat_score", "value": 4.0, "source": "survey"},
    {"employee_no": "H3", "month": "2032-03", "indicator": "csat_score", "value": 4.2, "source": "survey"}]', 'b4')$$,
    $$VALUES (0, 0, 0, 2)$$, 'two values for one key in one batch: both quarantined');

-- H-3.2.7: an approved period takes no new or changed value; the stored value again is unchanged
UPDATE perfeval.period SET state = 'closed', closed_at = now() WHERE kind = 'month' AND starts_on = '2032-03-01';
UPDATE perfeval.period SET state = 'approved', approved_at = now() WHERE kind = 'month' AND starts_on = '2032-03-01';
SELECT results_eq($$SELECT * FROM perfeval.import_measurements('[
    {"employee_no": "H1", "month": "2032-03", "indicator": "csat_score", "value": 4.1, "source": "survey"},
    {"employee_no": "H2", "month": "2032-03", "indicator": "csat_score", "value": 2.0, "source": "survey"},
    {"employee_no": "H3", "month": "2032-03", "indicator": "csat_score", "value": 2.0, "source": "survey"}]', 'b5')$$,
    $$VALUES (0, 0, 1, 2)$$, 'H-3.2.7: approved month: the stored value unchanged, a changed and a new one refused');
SELECT is((SELECT count(*)::int FROM perfeval.measurement_quarantine
           WHERE import_batch = 'b5' AND reason ~ '^period [0-9]+ \(2032-03\) is approved: its values are final \(H-3\.2\.7\)'),
          2, 'the reason names the approved period and H-3.2.7');
SELECT is((SELECT m.value FROM perfeval.measurement AS m JOIN perfeval.agent AS a ON a.id = m.agent_id WHERE a.employee_no = 'H2'),
          3.5::float8, 'the approved value stays');

-- counts add up for a larger mixed batch
SELECT results_eq($$SELECT loaded + replaced + unchanged + quarantined FROM perfeval.import_measurements(
    (SELECT jsonb_agg(jsonb_build_object('employee_no', 'H' || (1 + g % 4), 'month', '2032-0' || (4 + g % 3),
                                         'indicator', 'csat_score', 'value', 1 + g % 5, 'source', 'survey'))
     FROM generate_series(1, 60) AS g), 'b6')$$,
    $$VALUES (60)$$, 'loaded + replaced + unchanged + quarantined = the 60 rows given');

-- the import refuses REPEATABLE READ conflicts with a retry hint: shown in the isolation spec;
-- here the error shape of a non-array
SELECT throws_ok($$SELECT * FROM perfeval.import_measurements('{}')$$, '22023', 'rows must be a JSON array of objects', 'not an array: 22023');

-- row security of the history: policies exist and are commented
SELECT is((SELECT count(*)::int FROM pg_policy WHERE polrelid = 'perfeval.measurement_history'::regclass), 2,
          'two policies on measurement_history: read and insert (no update or delete)');
SELECT is((SELECT count(*)::int FROM pg_policy WHERE polrelid = 'perfeval.measurement_history'::regclass
           AND obj_description(oid, 'pg_policy') IS NOT NULL), 2, 'both policies have a comment');

SELECT * FROM finish();
ROLLBACK;
