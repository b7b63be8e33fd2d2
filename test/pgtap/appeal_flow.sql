-- pgTAP: every step of both appeal state machines (H-8, H-6.3.3): from an
-- appeal in each state, every step the flow allows succeeds and every other
-- step raises 55000, through the step functions and through direct UPDATEs.
BEGIN;
CREATE EXTENSION IF NOT EXISTS perfeval;
\ir ../fixture/appeal_org.sql
SELECT plan(19);

SELECT results_eq($$SELECT path, count(*)::int FROM perfeval.appeal_state GROUP BY path ORDER BY path$$,
                  $$VALUES ('decision', 4), ('result', 9)$$, 'the result path has 9 states, the decision path 4');
SELECT results_eq($$SELECT path, count(*)::int FROM perfeval.appeal_flow GROUP BY path ORDER BY path$$,
                  $$VALUES ('decision', 4), ('result', 12)$$, 'the result path has 12 steps, the decision path 4');
-- the state machines are extension definitions: write-protected, not dumped
SELECT throws_ok($$INSERT INTO perfeval.appeal_flow VALUES ('result', 'filed', 'skip', 'closed', 'HR', NULL)$$,
                 '55000', NULL, 'H-8: a DBA cannot add a step to the appeal flow');
SELECT throws_ok($$UPDATE perfeval.appeal_state SET days = 50 WHERE path = 'result' AND state = 'under_review'$$,
                 '55000', NULL, 'H-8.2.2: a DBA cannot change the time limit of a state');
SELECT throws_ok($$DELETE FROM perfeval.appeal_flow WHERE action = 'reappeal'$$,
                 '55000', NULL, 'H-8.2.5: a DBA cannot remove a step');
SELECT throws_ok($$TRUNCATE perfeval.flow_step$$, '55000', NULL, 'the appeal flow (its table flow_step) cannot be truncated');
SELECT throws_ok($$DELETE FROM perfeval.flow_state WHERE flow = 'reward'$$, '55000', NULL, 'nor can the states of a flow be removed (flow_state)');
SELECT throws_ok($$INSERT INTO perfeval.flow_step VALUES ('reward', 'nominated', 'approve', 'approved', 'manager', NULL)$$,
                 '55000', NULL, 'H-6.3.1: a DBA cannot let a manager approve a reward (one definition for all flows)');
SELECT is((SELECT count(*)::int FROM pg_class AS c WHERE c.relnamespace = 'perfeval'::regnamespace
           AND c.relname IN ('flow_state', 'flow_step')
           AND c.oid = ANY ((SELECT extconfig FROM pg_extension WHERE extname = 'perfeval')::oid[])), 0,
          'the state machines are not dumped: CREATE EXTENSION recreates them');

-- step(appeal, action, at): takes the step with neutral arguments
CREATE FUNCTION pg_temp.step(a integer, act text, t timestamptz) RETURNS text LANGUAGE plpgsql AS $f$
BEGIN
    RETURN CASE act
        WHEN 'acknowledge' THEN perfeval.appeal_acknowledge(a, at => t)
        WHEN 'accept' THEN perfeval.appeal_accept(a, at => t)
        WHEN 'reject' THEN perfeval.appeal_reject(a, 'incomplete', at => t)
        WHEN 'decide' THEN perfeval.appeal_decide(a, 'dismissed', at => t)
        WHEN 'notify' THEN perfeval.appeal_notify(a, at => t)
        WHEN 'reappeal' THEN perfeval.appeal_reappeal(a, 'again', at => t)
        WHEN 'conclude' THEN perfeval.appeal_conclude(a, waived => true, at => t)
        WHEN 'feedback' THEN perfeval.appeal_feedback(a, 'written feedback', at => t)
        WHEN 'answer' THEN perfeval.appeal_answer(a, 'dismissed', at => t)
        WHEN 'escalate' THEN perfeval.appeal_escalate(a, at => t)
        WHEN 'withdraw' THEN perfeval.appeal_withdraw(a, at => t) END;
END $f$;
-- walk(appeal, actions): the steps in order, one minute apart, from 2025-09-30 10:00
CREATE FUNCTION pg_temp.walk(a integer, acts text[]) RETURNS void LANGUAGE plpgsql AS $f$
BEGIN
    FOR i IN 1 .. coalesce(cardinality(acts), 0) LOOP
        PERFORM pg_temp.step(a, acts[i], '2025-09-30 10:00+08'::timestamptz + i * interval '1 minute');
    END LOOP;
END $f$;

-- an appeal against a result in every state
CREATE TEMP TABLE s (emp text, acts text[]) ON COMMIT DROP;
INSERT INTO s VALUES
  ('E1', '{}'), ('E2', '{acknowledge}'), ('E3', '{acknowledge,accept}'), ('E4', '{acknowledge,accept,decide}'),
  ('E5', '{acknowledge,accept,decide,notify}'), ('E6', '{acknowledge,accept,decide,notify,reappeal}'),
  ('E7', '{acknowledge,accept,decide,notify,reappeal,decide}'), ('E8', '{withdraw}');
SELECT count(pg_temp.walk(perfeval.file_result_appeal(pg_temp.res(emp), 'grounds', at => '2025-09-30 09:00+08'), acts)) AS x FROM s \gset
SELECT pg_temp.walk(perfeval.file_result_appeal(pg_temp.res('E8'), 'grounds', at => '2025-09-30 09:30+08'),
                    '{acknowledge,accept,decide,notify,conclude,feedback}') AS x \gset
-- and against a penalty in every state
CREATE TEMP TABLE pen ON COMMIT DROP AS
SELECT e AS emp, perfeval.penalty_propose(pg_temp.ag(e), 'verbal_warning', 'test', '{}', NULL, '2025-09-29',
                                          at => '2025-09-29 09:00+08') AS id
FROM unnest('{E1,E2,E3,E4}'::text[]) AS e;
SELECT count(perfeval.penalty_approve(id, true, at => '2025-09-29 10:00+08')) AS x FROM pen \gset
SELECT count(perfeval.penalty_announce(id, at => '2025-09-29 11:00+08')) AS x FROM pen \gset
SELECT count(pg_temp.walk(perfeval.file_penalty_appeal(pen.id, 'grounds', at => '2025-09-30 09:00+08'), v.acts)) AS x
FROM pen JOIN (VALUES ('E1', '{}'::text[]), ('E2', '{escalate}'), ('E3', '{answer}'), ('E4', '{withdraw}')) AS v (emp, acts) USING (emp) \gset

SELECT results_eq($$SELECT path, state, count(*)::int FROM perfeval.appeal GROUP BY path, state ORDER BY path, state$$,
    $$VALUES ('decision', 'closed', 1), ('decision', 'filed', 1), ('decision', 'leadership_review', 1), ('decision', 'withdrawn', 1),
             ('result', 'acknowledged', 1), ('result', 'closed', 1), ('result', 'filed', 1), ('result', 'handled', 1),
             ('result', 'leadership_review', 1), ('result', 'notified', 1), ('result', 'reviewed', 1), ('result', 'under_review', 1),
             ('result', 'withdrawn', 1)$$,
    'an appeal in every state of both paths');

-- try(appeal, action): 'ok' or the SQLSTATE, the step rolled back either way
CREATE FUNCTION pg_temp.try(a integer, act text) RETURNS text LANGUAGE plpgsql AS $f$
DECLARE st text;
BEGIN
    BEGIN
        PERFORM pg_temp.step(a, act, '2025-10-09 09:00+08');
        RAISE EXCEPTION USING ERRCODE = 'P0042';
    EXCEPTION WHEN SQLSTATE 'P0042' THEN RETURN 'ok';
              WHEN OTHERS THEN GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE; RETURN st;
    END;
END $f$;
CREATE FUNCTION pg_temp.try_update(a integer, target text) RETURNS text LANGUAGE plpgsql AS $f$
DECLARE st text;
BEGIN
    BEGIN
        UPDATE perfeval.appeal SET state = target, outcome = coalesce(outcome, 'dismissed') WHERE id = a;
        RAISE EXCEPTION USING ERRCODE = 'P0042';
    EXCEPTION WHEN SQLSTATE 'P0042' THEN RETURN 'ok';
              WHEN OTHERS THEN GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE; RETURN st;
    END;
END $f$;
CREATE TEMP TABLE attempt ON COMMIT DROP AS
SELECT a.id, a.path, a.state, x.action,
       EXISTS (SELECT FROM perfeval.appeal_flow AS f WHERE f.path = a.path AND f.from_state = a.state AND f.action = x.action) AS allowed,
       pg_temp.try(a.id, x.action) AS got
FROM perfeval.appeal AS a
CROSS JOIN (SELECT DISTINCT action FROM perfeval.appeal_flow) AS x;
CREATE TEMP TABLE direct ON COMMIT DROP AS
SELECT a.id, a.path, a.state, s.state AS target,
       EXISTS (SELECT FROM perfeval.appeal_flow AS f WHERE f.path = a.path AND f.from_state = a.state AND f.to_state = s.state) AS allowed,
       pg_temp.try_update(a.id, s.state) AS got
FROM perfeval.appeal AS a
JOIN perfeval.appeal_state AS s ON s.path = a.path AND s.state <> a.state;

SELECT results_eq($$SELECT allowed, count(*)::int FROM attempt GROUP BY allowed ORDER BY allowed$$,
                  $$VALUES (false, 127), (true, 16)$$,
                  '11 step functions tried on 13 appeals: 127 illegal steps, 16 legal ones');
SELECT is_empty($$SELECT path, state, action, got FROM attempt WHERE NOT allowed AND got <> '55000'$$,
                'H-8, H-6.3.3: every illegal step through a step function raises 55000');
SELECT is_empty($$SELECT path, state, action, got FROM attempt WHERE allowed AND got <> 'ok'$$,
                'H-8, H-6.3.3: every legal step succeeds');
SELECT results_eq($$SELECT allowed, count(*)::int FROM direct GROUP BY allowed ORDER BY allowed$$,
                  $$VALUES (false, 68), (true, 16)$$, 'direct UPDATEs to every other state: 68 illegal, 16 legal');
SELECT is_empty($$SELECT path, state, target, got FROM direct WHERE (NOT allowed AND got <> '55000') OR (allowed AND got <> 'ok')$$,
                'a direct UPDATE cannot skip states: every illegal one raises 55000, every legal one passes (and is logged)');

-- every object of issue 5 is commented and its user tables are dumped
SELECT is((SELECT count(*)::int FROM pg_class AS c WHERE c.relnamespace = 'perfeval'::regnamespace AND c.relkind IN ('r', 'v')
           AND c.relname IN ('reward', 'bonus_pool', 'bonus_allocation', 'penalty', 'personal_file', 'appeal_policy',
                             'appeal_state', 'appeal_flow', 'result_feedback', 'appeal', 'appeal_event', 'appeal_deadline',
                             'appeal_open', 'appeal_overdue', 'appeal_archive', 'appeal_statistics')
           AND obj_description(c.oid, 'pg_class') IS NOT NULL), 16, 'every table and view of issue 5 has a comment');
SELECT is((SELECT count(*)::int FROM pg_trigger AS t JOIN pg_class AS c ON c.oid = t.tgrelid
           WHERE c.relname IN ('reward', 'penalty', 'appeal', 'appeal_event', 'flow_state', 'flow_step') AND c.relnamespace = 'perfeval'::regnamespace
             AND NOT t.tgisinternal AND obj_description(t.oid, 'pg_trigger') IS NULL), 0, 'every trigger of issue 5 has a comment');
SELECT is((SELECT count(*)::int FROM pg_proc AS p WHERE p.pronamespace = 'perfeval'::regnamespace
           AND (p.proname ~ '^(appeal|reward|penalty|bonus|file_|record_feedback|next_penalty|allocate_bonus|allowed_appeal|decision_flow)')
           AND obj_description(p.oid, 'pg_proc') IS NULL), 0, 'every function of issue 5 has a comment');
SELECT is((SELECT count(*)::int FROM pg_class AS c
           WHERE c.relnamespace = 'perfeval'::regnamespace
             AND c.relname IN ('reward', 'bonus_pool', 'bonus_allocation', 'penalty', 'appeal_policy', 'result_feedback',
                               'appeal', 'appeal_event', 'appeal_deadline')
             AND c.oid = ANY ((SELECT extconfig FROM pg_extension WHERE extname = 'perfeval')::oid[])), 9,
          'the user tables of issue 5 are dumped by pg_dump (pg_extension_config_dump)');

SELECT * FROM finish();
ROLLBACK;
