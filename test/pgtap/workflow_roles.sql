-- pgTAP: every workflow step only by the role the handbook names (issue 9,
-- Why 3 and the step-to-role table).  Each attempt of Why 3 is made as the
-- role that made it, fails with 42501 and leaves no row and no event.  The
-- agent E1 is granted far more than perfeval_agent (SELECT on every table,
-- EXECUTE on every function, INSERT and UPDATE on the appeal tables).
-- H-6.3.1-3, H-8.1-8.3, H-9.1.
BEGIN;
CREATE EXTENSION IF NOT EXISTS perfeval;
\ir ../fixture/appeal_org.sql
SELECT plan(71);

DO $$
DECLARE r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['pe_t_agent1', 'pe_t_agent2', 'pe_t_agent5', 'pe_t_mgr1', 'pe_t_mgr2', 'pe_t_deputy',
                             'pe_t_hr', 'pe_t_hr2', 'pe_t_lead', 'pe_t_lead2'] LOOP
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r) THEN
            EXECUTE format('CREATE ROLE %I', r);
        END IF;
    END LOOP;
END $$;
GRANT perfeval_agent TO pe_t_agent1, pe_t_agent2, pe_t_agent5;
GRANT perfeval_manager TO pe_t_mgr1, pe_t_mgr2, pe_t_deputy;
GRANT pe_t_mgr1 TO pe_t_deputy;                 -- a second lead of team T1
GRANT perfeval_hr TO pe_t_hr, pe_t_hr2;
GRANT perfeval_leadership TO pe_t_lead, pe_t_lead2;
GRANT SELECT ON ALL TABLES IN SCHEMA perfeval TO pe_t_agent1;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA perfeval TO pe_t_agent1;
GRANT INSERT, UPDATE, DELETE ON perfeval.appeal, perfeval.appeal_event, perfeval.appeal_deadline,
      perfeval.reward, perfeval.penalty TO pe_t_agent1;

-- as_role(role, sql): 'ok' or the SQLSTATE, run as role in a subtransaction
CREATE FUNCTION pg_temp.as_role(r name, q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('SET LOCAL ROLE %I', r);
    EXECUTE q;
    RESET ROLE;
    RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
    RESET ROLE;
    RETURN SQLSTATE;
END $$;
GRANT EXECUTE ON FUNCTION pg_temp.as_role(name, text) TO PUBLIC;
-- trace(): rows of the workflow tables, to show a refused attempt left none
CREATE FUNCTION pg_temp.trace() RETURNS text LANGUAGE sql AS $$
    SELECT format('%s appeals, %s events, %s deadlines, %s rewards, %s penalties, %s results, states %s',
                  (SELECT count(*) FROM perfeval.appeal), (SELECT count(*) FROM perfeval.appeal_event),
                  (SELECT count(*) FROM perfeval.appeal_deadline), (SELECT count(*) FROM perfeval.reward),
                  (SELECT count(*) FROM perfeval.penalty), (SELECT count(*) FROM perfeval.result),
                  (SELECT string_agg(state, ',' ORDER BY id) FROM perfeval.appeal))
$$;
-- refused(role, sql, what): the attempt fails with 42501 and changes nothing
CREATE FUNCTION pg_temp.refused(r name, q text, what text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE before text := pg_temp.trace(); st text;
BEGIN
    st := pg_temp.as_role(r, q);
    RETURN is(st || CASE WHEN pg_temp.trace() = before THEN ', nothing changed' ELSE ', changed: ' || pg_temp.trace() END,
              '42501, nothing changed', what);
END $$;
-- step(role, sql, what): the step succeeds
CREATE FUNCTION pg_temp.step(r name, q text, what text) RETURNS text LANGUAGE sql AS $$
    SELECT is(pg_temp.as_role(r, q), 'ok', what)
$$;

-- ------------------------------------------------------------ result appeal, step by step
SELECT pg_temp.step('pe_t_agent1', format($$SELECT perfeval.file_result_appeal(%s, 'CSAT sample too small', at => '2025-09-30 09:00+08')$$, pg_temp.res('E1')),
                    'H-8.1.1: the agent E1 files an appeal against its own result');
SELECT a.id AS a1 FROM perfeval.appeal AS a WHERE a.appellant_id = pg_temp.ag('E1') \gset
SELECT pg_temp.refused('pe_t_mgr1', format($$SELECT perfeval.file_result_appeal(%s, 'for my agent', at => '2025-09-30 09:00+08')$$, pg_temp.res('E2')),
                       'Why 3: a team manager cannot file an appeal for an agent of the team');
SELECT pg_temp.refused('pe_t_agent1', format($$SELECT perfeval.file_result_appeal(%s, 'late', at => '2025-10-30 09:00+08', override_reason => 'I say so')$$, pg_temp.res('E1')),
                       'an agent cannot admit its own late filing (override_reason is HR''s)');
SELECT pg_temp.refused('pe_t_agent1', format($$SELECT perfeval.appeal_acknowledge(%s, at => '2025-09-30 10:00+08')$$, :a1),
                       'Why 3: the agent cannot acknowledge its own appeal (H-8.1.3 is HR''s)');
SELECT pg_temp.refused('pe_t_agent1', format($$SELECT perfeval.appeal_acknowledge(%s, actor => 'pe_t_hr', at => '2025-09-30 10:00+08')$$, :a1),
                       'Why 3: nor by naming an HR actor (actor => ...)');
SELECT pg_temp.refused('pe_t_mgr1', format($$SELECT perfeval.appeal_acknowledge(%s, at => '2025-09-30 10:00+08')$$, :a1),
                       'Why 3: the team manager cannot acknowledge it');
SELECT pg_temp.step('pe_t_hr', format($$SELECT perfeval.appeal_acknowledge(%s, at => '2025-09-30 10:00+08')$$, :a1),
                    'H-8.1.3: HR acknowledges');
SELECT pg_temp.refused('pe_t_agent1', format($$SELECT perfeval.appeal_accept(%s, at => '2025-09-30 11:00+08')$$, :a1),
                       'Why 3: the agent cannot accept its own appeal');
SELECT pg_temp.step('pe_t_hr', format($$SELECT perfeval.appeal_accept(%s, at => '2025-09-30 11:00+08')$$, :a1),
                    'H-8.2.1: HR accepts it as eligible');
SELECT pg_temp.refused('pe_t_agent1', format($$SELECT perfeval.appeal_decide(%s, 'dismissed', at => '2025-10-08 10:00+08')$$, :a1),
                       'Why 3: the agent cannot decide its own appeal (dismissed)');
SELECT pg_temp.refused('pe_t_agent1', format($$SELECT perfeval.appeal_decide(%s, 'upheld', new_total => 99, at => '2025-10-08 10:00+08')$$, :a1),
                       'Why 3: nor uphold it with a better total (no revision is written)');
SELECT pg_temp.refused('pe_t_mgr1', format($$SELECT perfeval.appeal_decide(%s, 'dismissed', at => '2025-10-08 10:00+08')$$, :a1),
                       'Why 3: the team manager cannot decide it (the review is HR''s, H-8.2.2)');
-- direct writes
SELECT pg_temp.refused('pe_t_agent1', format($$UPDATE perfeval.appeal SET state = 'reviewed', outcome = 'upheld' WHERE id = %s$$, :a1),
                       'Why 3: a direct UPDATE to reviewed / upheld is refused');
SELECT pg_temp.refused('pe_t_agent1', format($$UPDATE perfeval.appeal SET grounds = 'changed' WHERE id = %s$$, :a1),
                       'a direct UPDATE of the grounds is refused');
SELECT pg_temp.refused('pe_t_agent1', format($$INSERT INTO perfeval.appeal (path, appellant_id, team_id, period_id, result_id, channel, grounds,
        calendar, filed_at, filed_by, window_from, filing_due_at, state, state_since, state_actor, outcome, closed_at)
    VALUES ('result', %s, (SELECT team_id FROM perfeval.agent WHERE id = %1$s), %s, %s, 'form', 'forged', 'cn',
            '2025-09-30 09:00+08', 'pe_t_agent1', '2025-09-24 10:00+08', '2025-10-10 00:00+08', 'closed',
            '2025-10-01 09:00+08', 'pe_t_hr', 'upheld', '2025-10-01 09:00+08')$$, pg_temp.ag('E1'), :sep, pg_temp.res('E1')),
                       'Why 3: a direct INSERT of a closed, upheld appeal with no events is refused');
SELECT pg_temp.refused('pe_t_agent1', format($$INSERT INTO perfeval.appeal (path, appellant_id, team_id, period_id, result_id, channel, grounds,
        calendar, filed_at, filed_by, window_from, filing_due_at, state, state_since, state_actor)
    VALUES ('result', %s, (SELECT team_id FROM perfeval.agent WHERE id = %1$s), %s, %s, 'form', 'forged', 'cn',
            '2025-12-30 09:00+08', 'pe_t_agent1', '2025-09-24 10:00+08', 'infinity', 'filed', '2025-12-30 09:00+08', 'pe_t_agent1')$$,
                              pg_temp.ag('E1'), :sep, pg_temp.res('E1')),
                       'Why 3: a direct INSERT in state filed with filing_due_at infinity is refused');
SELECT pg_temp.refused('pe_t_agent1', format('SELECT perfeval.appeal_record_filing(%s)', :a1),
                       'Why 3: appeal_record_filing (SECURITY DEFINER) refuses a direct call');
SELECT pg_temp.refused('pe_t_agent1', format($$SELECT perfeval.appeal_apply(a, 'decide', 'pe_t_agent1', '2025-10-08 10:00+08', NULL, 'upheld')
                                              FROM perfeval.appeal AS a WHERE a.id = %s$$, :a1),
                       'the internal appeal_apply refuses a direct call');
SELECT pg_temp.refused('pe_t_agent1', format($$INSERT INTO perfeval.appeal_event (appeal_id, from_state, to_state, action, actor, at)
                                              VALUES (%s, 'under_review', 'reviewed', 'decide', 'pe_t_hr', '2025-10-08 10:00+08')$$, :a1),
                       'a direct INSERT of an event is refused');
SELECT is(pg_temp.as_role('pe_t_agent1', format('DELETE FROM perfeval.appeal_deadline WHERE appeal_id = %s', :a1))
          || ', ' || (SELECT count(*) FROM perfeval.appeal_deadline WHERE appeal_id = :a1),
          'ok, 4', 'a direct DELETE of a deadline deletes nothing (no policy lets anyone delete; the guard stands behind)');
SELECT count(*)::int AS rev_before FROM perfeval.result WHERE agent_id = pg_temp.ag('E1') \gset
SELECT pg_temp.step('pe_t_hr', format($$SELECT perfeval.appeal_decide(%s, 'upheld', new_total => 93, at => '2025-10-08 10:00+08')$$, :a1),
                    'H-8.2.2: HR decides (upheld)');
SELECT is((SELECT count(*)::int FROM perfeval.result WHERE agent_id = pg_temp.ag('E1')), :rev_before + 1,
          'H-8.2.2: the upheld result appeal wrote the new revision');
SELECT is((SELECT total FROM perfeval.result_current WHERE agent_id = pg_temp.ag('E1') AND period_id = :sep), 93::numeric,
          '... with the corrected total');
SELECT pg_temp.refused('pe_t_agent1', format($$SELECT perfeval.appeal_notify(%s, at => '2025-10-08 11:00+08')$$, :a1),
                       'the agent cannot notify itself of the result (H-8.2.4 is HR''s)');
SELECT pg_temp.step('pe_t_hr', format($$SELECT perfeval.appeal_notify(%s, at => '2025-10-08 11:00+08')$$, :a1),
                    'H-8.2.4: HR notifies the result');
SELECT pg_temp.refused('pe_t_hr', format($$SELECT perfeval.appeal_reappeal(%s, 'again', at => '2025-10-09 09:00+08')$$, :a1),
                       'HR cannot re-appeal for the agent (H-8.2.5 is the appellant''s)');
SELECT pg_temp.refused('pe_t_agent1', format($$SELECT perfeval.appeal_reappeal(%s, 'still wrong', at => '2025-10-09 09:00+08', override_reason => 'I was ill')$$, :a1),
                       'the appellant cannot admit its own late re-appeal (override_reason)');
SELECT pg_temp.step('pe_t_agent1', format($$SELECT perfeval.appeal_reappeal(%s, 'still wrong', at => '2025-10-09 09:00+08')$$, :a1),
                    'H-8.2.5: the agent re-appeals to leadership');
SELECT pg_temp.refused('pe_t_hr', format($$SELECT perfeval.appeal_decide(%s, 'dismissed', at => '2025-10-10 09:00+08')$$, :a1),
                       'HR cannot take leadership''s final decision');
SELECT pg_temp.step('pe_t_lead', format($$SELECT perfeval.appeal_decide(%s, 'dismissed', at => '2025-10-10 09:00+08')$$, :a1),
                    'H-8.2.5: leadership decides, finally');
SELECT pg_temp.refused('pe_t_agent1', format($$SELECT perfeval.appeal_feedback(%s, 'thanks', at => '2025-10-10 10:00+08')$$, :a1),
                       'the agent cannot write HR''s feedback (H-8.3.2)');
SELECT pg_temp.step('pe_t_hr', format($$SELECT perfeval.appeal_feedback(%s, 'outcome explained', at => '2025-10-10 10:00+08')$$, :a1),
                    'H-8.3.2: HR feeds back in writing');
SELECT is((SELECT string_agg(e.action || ':' || e.actor, ' ' ORDER BY e.id) FROM perfeval.appeal_event AS e WHERE e.appeal_id = :a1),
          'file:pe_t_agent1 acknowledge:pe_t_hr accept:pe_t_hr decide:pe_t_hr notify:pe_t_hr reappeal:pe_t_agent1 decide:pe_t_lead feedback:pe_t_hr',
          'the event log names the session''s role of every step');

-- HR records an appeal received by email; the same HR member cannot handle it
SELECT pg_temp.step('pe_t_hr', format($$SELECT perfeval.file_result_appeal(%s, 'by email', channel => 'email', at => '2025-09-30 09:00+08')$$, pg_temp.res('E5')),
                    'H-8.1.2: HR records an appeal received by email');
SELECT a.id AS a5 FROM perfeval.appeal AS a WHERE a.appellant_id = pg_temp.ag('E5') \gset
SELECT pg_temp.refused('pe_t_hr', format($$SELECT perfeval.appeal_acknowledge(%s, at => '2025-09-30 10:00+08')$$, :a5),
                       'nobody handles an appeal they filed');
SELECT pg_temp.step('pe_t_hr2', format($$SELECT perfeval.appeal_acknowledge(%s, at => '2025-09-30 10:00+08')$$, :a5),
                    'another HR member acknowledges it');
SELECT pg_temp.refused('pe_t_agent5', format($$SELECT perfeval.appeal_withdraw(%s, at => '2025-09-30 11:00+08', actor => 'pe_t_hr')$$, :a5),
                       'the appellant withdraws only as itself');
SELECT is(pg_temp.as_role('pe_t_agent1', format($$SELECT perfeval.appeal_withdraw(%s, at => '2025-09-30 11:00+08')$$, :a5)),
          '42704', 'an agent cannot withdraw another''s appeal (row security hides it: 42704)');
SELECT pg_temp.step('pe_t_agent5', format($$SELECT perfeval.appeal_withdraw(%s, at => '2025-09-30 11:00+08')$$, :a5),
                    'the appellant withdraws its appeal');

-- ------------------------------------------------------------ rewards (H-6.3.1-2), step by step
SELECT pg_temp.refused('pe_t_agent2', format($$SELECT perfeval.reward_nominate('monthly_excellent', 'cash', 500, %s, %s, reason => 'me', at => '2025-09-29 09:00+08')$$, :sep, pg_temp.ag('E2')),
                       'an agent cannot nominate itself');
SELECT pg_temp.refused('pe_t_mgr2', format($$SELECT perfeval.reward_nominate('monthly_excellent', 'cash', 500, %s, %s, reason => 'x', at => '2025-09-29 09:00+08')$$, :sep, pg_temp.ag('E2')),
                       'another team''s manager cannot nominate');
SELECT pg_temp.step('pe_t_mgr1', format($$SELECT perfeval.reward_nominate('monthly_excellent', 'cash', 500, %s, %s, reason => 'top CSAT', at => '2025-09-29 09:00+08')$$, :sep, pg_temp.ag('E2')),
                    'H-6.3.1: the team''s manager nominates');
SELECT w.id AS w2 FROM perfeval.reward AS w \gset
SELECT pg_temp.refused('pe_t_mgr1', format($$SELECT perfeval.reward_review(%s, true, at => '2025-09-29 10:00+08')$$, :w2),
                       'the manager cannot review its own nomination (the panel is HR)');
SELECT pg_temp.step('pe_t_hr', format($$SELECT perfeval.reward_review(%s, true, at => '2025-09-29 10:00+08')$$, :w2),
                    'H-6.3.1: the review panel (HR) reviews');
SELECT pg_temp.refused('pe_t_hr', format($$SELECT perfeval.reward_approve(%s, true, at => '2025-09-29 11:00+08')$$, :w2),
                       'HR cannot approve a reward (leadership''s step)');
SELECT pg_temp.step('pe_t_lead', format($$SELECT perfeval.reward_approve(%s, true, at => '2025-09-29 11:00+08')$$, :w2),
                    'H-6.3.1: leadership approves');
SELECT pg_temp.refused('pe_t_mgr1', format($$UPDATE perfeval.reward SET state = 'announced', announced_at = '2025-09-29 12:00+08' WHERE id = %s$$, :w2),
                       'a direct UPDATE of a reward is refused, even to its manager');
SELECT pg_temp.refused('pe_t_agent1', format($$SELECT perfeval.reward_step(%s, 'announce', 'announced', 'pe_t_agent1', '2025-09-29 12:00+08', NULL)$$, :w2),
                       'the internal reward_step refuses a direct call');
SELECT pg_temp.step('pe_t_mgr1', format($$SELECT perfeval.reward_announce(%s, at => '2025-09-29 12:00+08')$$, :w2),
                    'H-6.3.2: the manager announces');

-- ------------------------------------------------------------ penalties and their appeal (H-6.3.3)
SELECT pg_temp.refused('pe_t_mgr2', format($$SELECT perfeval.penalty_propose(%s, 'verbal_warning', 'late', effective_from => '2025-09-29', at => '2025-09-29 09:00+08')$$, pg_temp.ag('E2')),
                       'another team''s manager cannot propose a penalty');
SELECT pg_temp.step('pe_t_mgr1', format($$SELECT perfeval.penalty_propose(%s, 'verbal_warning', 'late', effective_from => '2025-09-29', at => '2025-09-29 09:00+08')$$, pg_temp.ag('E2')),
                    'the team''s manager proposes a penalty');
SELECT p.id AS p2 FROM perfeval.penalty AS p \gset
SELECT pg_temp.refused('pe_t_mgr1', format($$SELECT perfeval.penalty_approve(%s, true, at => '2025-09-29 10:00+08')$$, :p2),
                       'the manager cannot approve its own proposal');
SELECT pg_temp.step('pe_t_lead', format($$SELECT perfeval.penalty_approve(%s, true, at => '2025-09-29 10:00+08')$$, :p2),
                    'leadership approves the penalty');
SELECT pg_temp.step('pe_t_mgr1', format($$SELECT perfeval.penalty_announce(%s, at => '2025-09-29 11:00+08')$$, :p2),
                    'H-6.3.2: the manager announces it');
SELECT pg_temp.refused('pe_t_mgr1', format($$SELECT perfeval.file_penalty_appeal(%s, 'not late', at => '2025-09-30 09:00+08')$$, :p2),
                       'the manager cannot file the agent''s appeal');
SELECT pg_temp.step('pe_t_agent2', format($$SELECT perfeval.file_penalty_appeal(%s, 'not late', at => '2025-09-30 09:00+08')$$, :p2),
                    'H-6.3.3 (1): the agent appeals to the department manager');
SELECT a.id AS ap2 FROM perfeval.appeal AS a WHERE a.penalty_id = :p2 \gset
SELECT pg_temp.refused('pe_t_agent2', format($$SELECT perfeval.appeal_answer(%s, 'upheld', at => '2025-09-30 10:00+08')$$, :ap2),
                       'the appellant cannot answer its own appeal');
SELECT pg_temp.refused('pe_t_mgr1', format($$SELECT perfeval.appeal_answer(%s, 'dismissed', at => '2025-09-30 10:00+08')$$, :ap2),
                       'nobody answers an appeal against their own decision (the manager proposed and announced it)');
SELECT pg_temp.step('pe_t_deputy', format($$SELECT perfeval.appeal_escalate(%s, at => '2025-09-30 10:00+08')$$, :ap2),
                    'H-6.3.3 (2): another lead of the team passes it to leadership');
SELECT pg_temp.refused('pe_t_lead', format($$SELECT perfeval.appeal_decide(%s, 'upheld', at => '2025-10-02 10:00+08')$$, :ap2),
                       'the leader who approved the penalty cannot decide the appeal against it');
SELECT pg_temp.step('pe_t_lead2', format($$SELECT perfeval.appeal_decide(%s, 'upheld', at => '2025-10-02 10:00+08')$$, :ap2),
                    'H-6.3.3 (3): another leader upholds it');
SELECT is((SELECT state || ' by ' || closed_by FROM perfeval.penalty WHERE id = :p2), 'revoked by pe_t_lead2',
          'the upheld appeal revoked the penalty (the one way to revoke, H-6.3.3)');

-- ------------------------------------------------------------ the step-to-role table is data
SELECT results_eq($$SELECT flow, coalesce(from_state, '-'), to_state, actor_kind FROM perfeval.decision_step ORDER BY 1, 2, 3$$,
                  $$VALUES ('penalty', '-', 'proposed', 'manager'), ('penalty', 'announced', 'revoked', 'appeal'),
                           ('penalty', 'approved', 'announced', 'manager'), ('penalty', 'proposed', 'approved', 'leadership'),
                           ('penalty', 'proposed', 'rejected', 'leadership'),
                           ('reward', '-', 'nominated', 'manager'), ('reward', 'announced', 'revoked', 'appeal'),
                           ('reward', 'approved', 'announced', 'manager'), ('reward', 'nominated', 'rejected', 'HR'),
                           ('reward', 'nominated', 'reviewed', 'HR'), ('reward', 'reviewed', 'approved', 'leadership'),
                           ('reward', 'reviewed', 'rejected', 'leadership')$$,
                  'decision_step: who takes each reward and penalty step (H-6.3.1-3)');
SELECT is((SELECT string_agg(flow || ':' || actor_kind || '=' || n, ' ' ORDER BY flow, actor_kind)
           FROM (SELECT flow, actor_kind, count(*) AS n FROM perfeval.workflow_step GROUP BY 1, 2) AS x),
          'appeal_decision:appellant=1 appeal_decision:leadership=1 appeal_decision:manager=2 appeal_result:HR=6 appeal_result:appellant=4 appeal_result:departments=1 appeal_result:leadership=1 interview:appellant=1 interview:manager=1 penalty:appeal=1 penalty:leadership=2 penalty:manager=2 report:HR=1 report:leadership=1 reward:HR=2 reward:appeal=1 reward:leadership=2 reward:manager=2 scheme:HR=2 scheme:leadership=3 suggestion:HR=1',
          'workflow_step lists the steps of all the flows with who takes them, in one place (interview, report and suggestion: issue 14; scheme: issue 15)');
SELECT throws_ok('DELETE FROM perfeval.decision_step', '55000', NULL, 'decision_step is read-only, even to its owner');
SELECT results_eq($$SELECT path, from_state, action, actor_kind FROM perfeval.appeal_flow ORDER BY 1, 2, 3$$,
                  $$VALUES ('decision', 'filed', 'answer', 'manager'), ('decision', 'filed', 'escalate', 'manager'),
                           ('decision', 'filed', 'withdraw', 'appellant'), ('decision', 'leadership_review', 'decide', 'leadership'),
                           ('result', 'acknowledged', 'accept', 'HR'), ('result', 'acknowledged', 'reject', 'HR'),
                           ('result', 'acknowledged', 'withdraw', 'appellant'), ('result', 'filed', 'acknowledge', 'HR'),
                           ('result', 'filed', 'withdraw', 'appellant'), ('result', 'handled', 'feedback', 'HR'),
                           ('result', 'leadership_review', 'decide', 'leadership'), ('result', 'notified', 'conclude', 'HR'),
                           ('result', 'notified', 'reappeal', 'appellant'), ('result', 'reviewed', 'notify', 'HR'),
                           ('result', 'under_review', 'decide', 'departments'), ('result', 'under_review', 'withdraw', 'appellant')$$,
                  'appeal_flow: who takes each appeal step (H-6.3.3, H-8.1-8.3)');
-- one place: the four flows are the rows of flow_step and flow_state, and
-- every view of them reads those tables
SELECT is((SELECT array_agg(DISTINCT v.relname::text ORDER BY v.relname::text)
           FROM pg_depend AS d JOIN pg_rewrite AS r ON r.oid = d.objid JOIN pg_class AS v ON v.oid = r.ev_class
           WHERE d.classid = 'pg_rewrite'::regclass
             AND d.refobjid IN ('perfeval.flow_step'::regclass, 'perfeval.flow_state'::regclass) AND v.oid <> d.refobjid),
          '{appeal_flow,appeal_open,appeal_state,decision_step,workflow_step}'::text[],
          'appeal_flow, appeal_state, decision_step and workflow_step are views of the one definition (flow_step, flow_state)');
SELECT is((SELECT string_agg(flow || '=' || n, ' ' ORDER BY flow) FROM (SELECT flow, count(*) AS n FROM perfeval.flow_state GROUP BY 1) AS x)
          || ', limits of reward and penalty states: '
          || (SELECT count(*) FROM perfeval.flow_state WHERE flow IN ('reward', 'penalty') AND (days IS NOT NULL OR setting IS NOT NULL)),
          'decision=4 interview=3 penalty=5 report=2 result=9 reward=6 scheme=5 suggestion=2, limits of reward and penalty states: 0',
          'flow_state holds the states of all the flows (interview, report, suggestion: issue 14; scheme: issue 15); the handbook sets no time limit for a reward or penalty state');
-- the scheme revision flow (issue 15): HR designs and submits, leadership approves (H-9.1, H-9.2)
SELECT results_eq($$SELECT from_state, step, to_state, actor_kind FROM perfeval.workflow_step WHERE flow = 'scheme' ORDER BY 1, 2, 3$$,
                  $$VALUES ('draft', 'submit', 'submitted', 'HR'), ('draft', 'withdraw', 'withdrawn', 'HR'),
                           ('submitted', 'approve', 'approved', 'leadership'), ('submitted', 'approve', 'rejected', 'leadership'),
                           ('submitted', 'return', 'draft', 'leadership')$$,
                  'workflow_step: who takes each step of a scheme revision (H-9.1, H-9.2)');
SELECT perfeval.revision_draft('workflow roles') AS wr \gset
SELECT is(ARRAY[pg_temp.as_role('pe_t_mgr1', format('SELECT perfeval.revision_submit(%s)', :wr)),
                pg_temp.as_role('pe_t_agent1', format('SELECT perfeval.revision_submit(%s)', :wr)),
                pg_temp.as_role('pe_t_hr', format('SELECT perfeval.revision_submit(%s)', :wr)),
                pg_temp.as_role('pe_t_hr', format('SELECT perfeval.revision_approve(%s, false)', :wr)),
                pg_temp.as_role('pe_t_mgr1', format('SELECT perfeval.revision_approve(%s, false)', :wr)),
                pg_temp.as_role('pe_t_lead', format('SELECT perfeval.revision_approve(%s, false)', :wr))],
          ARRAY['42501', '42501', 'ok', '42501', '42501', 'ok'],
          'a revision is submitted by HR only (not a manager, not an agent granted everything) and decided by leadership only (H-9.1)');
SELECT throws_ok($$UPDATE perfeval.workflow_step SET actor_kind = 'manager' WHERE step = 'approve'$$, '55000', NULL,
                 'who takes a step cannot be changed through workflow_step either');

SELECT * FROM finish();
ROLLBACK;
