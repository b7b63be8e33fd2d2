-- pgTAP: evaluate's results are identical to those of the reference
-- implementation (issue 11): every stored column of every result and
-- indicator row of 300 agents x 12 months x 16 indicators, their quarters
-- and year, under cutoffs (January-June) and department quotas (July on),
-- checksummed and compared with the checksums the numeric-SQL evaluate of
-- commit fbd2bd1 gave on the same data; then the same under other plans.
BEGIN;
CREATE EXTENSION IF NOT EXISTS perfeval;
SELECT plan(22);
SET LOCAL client_min_messages = warning;
\set agents 300
\ir ../fixture/evaluate_data.sql
\ir ../fixture/result_checksum.sql
INSERT INTO perfeval.scheme_version (name, valid_from, grading, quotas, quota_scope)
VALUES ('quota from July', '2025-07-01', 'quota', '{10,20,40,20,10}', 'department');
INSERT INTO perfeval.scheme_item (scheme_version_id, indicator_id, weight_bp, worst, best, breakpoints, scores, critical, critical_threshold)
SELECT currval('perfeval.scheme_version_id_seq'), indicator_id, weight_bp, worst, best, breakpoints, scores, critical, critical_threshold
FROM perfeval.scheme_item WHERE scheme_version_id = 1;
SET CONSTRAINTS ALL IMMEDIATE;
CREATE TEMP TABLE rollups AS
SELECT perfeval.period_of(k, d::date) AS id, k AS kind
FROM (VALUES ('quarter', '2025-01-01'), ('quarter', '2025-04-01'), ('quarter', '2025-07-01'),
             ('quarter', '2025-10-01'), ('year', '2025-01-01')) AS v(k, d);

SELECT is((SELECT sum(perfeval.evaluate(id))::int FROM (SELECT id FROM perfeval.period WHERE kind = 'month' ORDER BY starts_on) AS s),
          3600, 'twelve months of 300 agents evaluated');
SELECT is((SELECT sum(perfeval.evaluate(id))::int FROM (SELECT id FROM rollups ORDER BY kind, id) AS s),
          1500, 'four quarters and the year rolled up');
SELECT is(pg_temp.result_checksum('month'), '23cb91ecb6db2fd4979bf183ade355d1',
          'H-3.2.3, H-5.1: month results and indicator rows identical to the reference');
SELECT is(pg_temp.result_checksum('quarter'), '4a8d33c5fc32a18336a4acc306b75300',
          'H-3.1.3: quarter roll-ups identical to the reference');
SELECT is(pg_temp.result_checksum('year'), '398a536c02205e443e5e26910ad8a0f1',
          'H-3.1.4: year roll-up identical to the reference');

-- regrade_with's rule (grade_and_rank) agrees with evaluate_rows' windows:
-- re-grading every freshly evaluated period changes nothing
SELECT is((SELECT sum(perfeval.regrade(id, 'agreement check'))::int FROM perfeval.period), 0,
          'H-5.1: grade_and_rank and evaluate_rows give the same grades and ranks on every period (cutoffs and quotas)');

-- determinism whatever the plan (H-1.2.1): no hash aggregation, no hash
-- joins, parallel plans encouraged, then a re-run of every period
SET LOCAL enable_hashagg = off;
SET LOCAL enable_hashjoin = off;
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SELECT is((SELECT sum(perfeval.evaluate(id))::int
           FROM (SELECT id FROM perfeval.period WHERE kind = 'month' ORDER BY starts_on DESC) AS s)
          + (SELECT sum(perfeval.evaluate(id))::int FROM (SELECT id FROM rollups ORDER BY kind, id) AS s),
          5100, 'a re-run under other plans evaluates the same rows');
SELECT is(pg_temp.result_checksum('month'), '23cb91ecb6db2fd4979bf183ade355d1', 'the re-run months are identical');
SELECT is(pg_temp.result_checksum('quarter'), '4a8d33c5fc32a18336a4acc306b75300', 'the re-run quarters are identical');
SELECT is(pg_temp.result_checksum('year'), '398a536c02205e443e5e26910ad8a0f1', 'the re-run year is identical');

-- a re-run of a draft month replaces its later revisions (an appeal's) and
-- drops an agent no longer employed, in place: the other rows keep their id
CREATE TEMP TABLE jan AS SELECT id FROM perfeval.period WHERE kind = 'month' ORDER BY starts_on LIMIT 1;
CREATE TEMP TABLE ids_before AS SELECT r.agent_id, r.id FROM perfeval.result AS r WHERE r.period_id = (SELECT id FROM jan);
SELECT cmp_ok(perfeval.regrade_with((SELECT id FROM jan), 'test amendment',
                  ARRAY(SELECT jsonb_populate_record(r, '{"total": 99}')
                        FROM perfeval.result AS r WHERE r.period_id = (SELECT id FROM jan) AND r.agent_id = 1)),
              '>=', 1, 'an amendment writes revision 2 in the draft month');
UPDATE perfeval.agent SET left_on = date '2024-12-31' WHERE id = 2;
SELECT is(perfeval.evaluate((SELECT id FROM jan)), 299, 'the re-run evaluates the 299 agents still employed');
SELECT results_eq($$SELECT count(*)::int, max(revision), bool_and(is_current) FROM perfeval.result WHERE period_id = (SELECT id FROM jan)$$,
                  $$VALUES (299, 1, true)$$, 'only revision 1 is left, current, and no row of the agent who left');
SELECT is((SELECT count(*)::int FROM perfeval.result AS r JOIN ids_before AS b ON b.agent_id = r.agent_id AND b.id = r.id
           WHERE r.period_id = (SELECT id FROM jan)), 299, 'the re-run replaced the rows in place (same ids)');
SELECT is((SELECT count(*)::int FROM perfeval.result_indicator WHERE period_id = (SELECT id FROM jan) AND agent_id = 2), 0,
          'no indicator rows are left for the agent who left');

-- the same under a tiny work_mem: the rows to drop are tested against one
-- multirange of the agents kept, with no join (before 1.1 a NOT IN that
-- did not fit in work_mem scanned the kept rows once per result: a
-- 10,000-agent re-run took 2.7-2.8 s under the default 4MB)
SELECT cmp_ok(perfeval.regrade_with((SELECT id FROM jan), 'test amendment',
                  ARRAY(SELECT jsonb_populate_record(r, '{"total": 98}')
                        FROM perfeval.result AS r WHERE r.period_id = (SELECT id FROM jan) AND r.agent_id = 4)),
              '>=', 1, 'a second amendment writes revision 2 of another agent');
UPDATE perfeval.agent SET left_on = date '2024-12-31' WHERE id = 3;
SET LOCAL work_mem = '64kB';
SELECT is(perfeval.evaluate((SELECT id FROM jan)), 298, 'under work_mem 64kB the re-run evaluates the 298 agents still employed');
RESET work_mem;
SELECT results_eq($$SELECT count(*)::int, max(revision), bool_and(is_current), count(*) FILTER (WHERE agent_id IN (2, 3))::int
                    FROM perfeval.result WHERE period_id = (SELECT id FROM jan)$$,
                  $$VALUES (298, 1, true, 0)$$, 'under work_mem 64kB: only revision 1 is left, current, and no row of the agents who left');
SELECT is((SELECT count(*)::int FROM perfeval.result AS r JOIN ids_before AS b ON b.agent_id = r.agent_id AND b.id = r.id
           WHERE r.period_id = (SELECT id FROM jan)), 298, 'under work_mem 64kB the re-run replaced the rows in place (same ids)');
SELECT alike((SELECT prosrc FROM pg_catalog.pg_proc WHERE oid = 'perfeval.evaluate(integer)'::regprocedure),
              '%NOT (SELECT coalesce(pg_catalog.range_agg(%', 'evaluate tests the rows it may replace against one multirange of the kept agents (no join whose plan can go quadratic)');
-- and when no agent is left to evaluate (the multirange of none is empty,
-- not NULL): the re-run drops every result of the month
UPDATE perfeval.agent SET left_on = date '2024-12-31';
SELECT is(perfeval.evaluate((SELECT id FROM jan)), 0, 'a re-run with every agent gone evaluates none');
SELECT is((SELECT count(*)::int FROM perfeval.result WHERE period_id = (SELECT id FROM jan)), 0,
          'and leaves no result of the month');

SELECT * FROM finish();
ROLLBACK;
