-- pgTAP: the leaks of issue 9 (Why 2) closed.  An agent (E1, mapped to
-- pe_t_agent1, a member of perfeval_agent) and a role mapped to nobody,
-- both granted far more than the shipped roles (SELECT on every table and
-- view, EXECUTE on every function, INSERT and UPDATE on the appeal tables),
-- see no other agent's grade, amount, reward, penalty, raw value or
-- feedback; the team's manager sees the team; HR and leadership see all.
-- H-1.2.1 (fairness, privacy), H-3.2.4, H-6.3.2, H-9.1.
BEGIN;
CREATE EXTENSION IF NOT EXISTS perfeval;
\ir ../fixture/appeal_org.sql
SELECT plan(36);

\ir ../fixture/access_roles.sql
-- the DBA grants far more than the shipped roles do
GRANT USAGE ON SCHEMA perfeval TO pe_t_agent1, pe_t_nobody;
GRANT SELECT ON ALL TABLES IN SCHEMA perfeval TO pe_t_agent1, pe_t_nobody;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA perfeval TO pe_t_agent1, pe_t_nobody;
GRANT INSERT, UPDATE ON perfeval.appeal, perfeval.appeal_event, perfeval.appeal_deadline TO pe_t_agent1, pe_t_nobody;

-- rows of every kind, for E1 and for others (E2 is E1's teammate in T1)
SELECT perfeval.allocate_bonus_pool(:sep, 8000) AS pool \gset
SELECT perfeval.penalty_propose(pg_temp.ag('E2'), 'verbal_warning', 'late', effective_from => '2025-09-29', at => '2025-09-29 09:00+08') AS p2 \gset
SELECT perfeval.penalty_approve(:p2, true, at => '2025-09-29 10:00+08') AS x \gset
SELECT perfeval.penalty_announce(:p2, at => '2025-09-29 11:00+08') AS x \gset
SELECT perfeval.reward_nominate('monthly_excellent', 'cash', 500, :sep, pg_temp.ag('E2'), reason => 'top CSAT',
                                result_id => pg_temp.res('E2'), at => '2025-09-29 09:00+08') AS w2 \gset
SELECT perfeval.reward_review(:w2, true, at => '2025-09-29 10:00+08') AS x \gset
SELECT perfeval.reward_approve(:w2, true, at => '2025-09-29 11:00+08') AS x \gset
SELECT perfeval.reward_announce(:w2, at => '2025-09-29 12:00+08') AS x \gset
INSERT INTO perfeval.measurement_quarantine (raw, raw_hash, reason, agent_id, period_id)
VALUES ('{"agent": "E2", "value": "abc"}', 'h-e2', 'not a number', pg_temp.ag('E2'), :sep),
       ('{"agent": "X9", "value": "7"}', 'h-x9', 'unknown agent', NULL, :sep);

-- issue 14: E2's feedback interview and suggestion, the company report
SELECT perfeval.hold_interview(pg_temp.res('E2')::integer, 'calm', 'slow', '[{"measure": "shadow E7"}]') AS iv2 \gset
SELECT perfeval.record_suggestion('shorter survey', agent_id => pg_temp.ag('E2')) AS sug2 \gset
SELECT perfeval.report_compile(:sep) AS rep \gset

-- seen(role, query): the rows query returns as role
CREATE FUNCTION pg_temp.seen(r name, q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE n text;
BEGIN
    EXECUTE format('SET LOCAL ROLE %I', r);
    EXECUTE format('SELECT coalesce(string_agg(x::text, '';'' ORDER BY x::text), '''') FROM (%s) AS x', q) INTO n;
    RESET ROLE;
    RETURN n;
EXCEPTION WHEN OTHERS THEN
    RESET ROLE;
    RETURN 'ERROR ' || SQLSTATE;
END $$;
GRANT EXECUTE ON FUNCTION pg_temp.seen(name, text) TO PUBLIC;

-- the agent E1: its own rows only
SELECT is(pg_temp.seen('pe_t_agent1', 'SELECT a.employee_no FROM perfeval.bonus_allocation AS b JOIN perfeval.agent AS a ON a.id = b.agent_id'),
          '(E1)', 'an agent sees its own bonus allocation only (H-3.3.1)');
SELECT is(pg_temp.seen('pe_t_agent1', 'SELECT id FROM perfeval.reward'), '', 'an agent does not see a teammate''s reward');
SELECT is(pg_temp.seen('pe_t_agent1', 'SELECT id FROM perfeval.penalty'), '', 'an agent does not see a teammate''s penalty');
SELECT is(pg_temp.seen('pe_t_agent1', 'SELECT agent_id FROM perfeval.personal_file'), '', 'an agent''s personal file holds none of a teammate''s entries (H-6.3.2)');
SELECT is(pg_temp.seen('pe_t_agent1', format('SELECT perfeval.next_penalty(%s, ''2025-10-01'')', pg_temp.ag('E2'))),
          'ERROR 42704', 'next_penalty of another agent: 42704 (not visible)');
SELECT is(pg_temp.seen('pe_t_agent1', format('SELECT perfeval.next_penalty(%s, ''2025-10-01'')', pg_temp.ag('E1'))),
          '(verbal_warning)', 'next_penalty of the agent itself');
SELECT is(pg_temp.seen('pe_t_agent1', 'SELECT id FROM perfeval.measurement_quarantine'), '', 'an agent reads no raw quarantined row');
SELECT is(pg_temp.seen('pe_t_agent1', 'SELECT id FROM perfeval.quarantine_unplaced'), '', 'nor through quarantine_unplaced');
SELECT is(pg_temp.seen('pe_t_agent1', 'SELECT sum(quarantined) FROM perfeval.data_quality'), '(0)', 'data_quality counts no other agent''s quarantined row');
SELECT is(pg_temp.seen('pe_t_agent1', 'SELECT a.employee_no FROM perfeval.result_feedback AS f JOIN perfeval.agent AS a ON a.id = f.agent_id'),
          '(E1)', 'an agent reads its own feedback date only (H-3.2.4)');
SELECT is(pg_temp.seen('pe_t_agent1', 'SELECT count(*) FROM perfeval.result_current'), '(1)', 'an agent reads its own result only');
SELECT is(pg_temp.seen('pe_t_agent1', 'SELECT count(*) FROM perfeval.bi_result'), '(1)', 'bi_result: its own row only');

SELECT is(pg_temp.seen('pe_t_agent1', 'SELECT count(*) FROM perfeval.feedback_interview UNION ALL SELECT count(*) FROM perfeval.feedback_interview_measure
                                       UNION ALL SELECT count(*) FROM perfeval.suggestion UNION ALL SELECT count(*) FROM perfeval.period_report'),
          '(0);(0);(0);(0)', 'an agent granted everything reads none of a teammate''s interview, measures, suggestion, nor the report (issue 14)');
SELECT is(pg_temp.seen('pe_t_agent1', 'SELECT a.employee_no || '' '' || c.status FROM perfeval.bi_coverage AS c JOIN perfeval.agent AS a ON a.id = c.agent_id
                                       UNION ALL SELECT employee_no FROM perfeval.bi_trend UNION ALL SELECT employee_no FROM perfeval.export_results(' || :sep || ')'),
          '("E1 graded");(E1);(E1)', 'bi_coverage, bi_trend and export_results: its own row only');
SELECT is(pg_temp.seen('pe_t_agent1', format('SELECT perfeval.report_content(%s) IS NOT NULL', :sep)) || ' '
          || pg_temp.seen('pe_t_agent1', format('SELECT perfeval.report_html(%s)', :rep)) || ' '
          || pg_temp.seen('pe_t_agent1', format('SELECT count(*) FROM perfeval.export_report_ranking(%s)', :rep)),
          'ERROR 42501 ERROR 42704 ERROR 42704', 'nor the report through report_content, report_html or an export');

-- a role mapped to nobody, with the same grants: nothing
SELECT is(pg_temp.seen('pe_t_nobody', 'SELECT 1 FROM perfeval.bonus_allocation UNION ALL SELECT 1 FROM perfeval.reward
                                       UNION ALL SELECT 1 FROM perfeval.penalty UNION ALL SELECT 1 FROM perfeval.personal_file
                                       UNION ALL SELECT 1 FROM perfeval.measurement_quarantine UNION ALL SELECT 1 FROM perfeval.result_feedback
                                       UNION ALL SELECT 1 FROM perfeval.result UNION ALL SELECT 1 FROM perfeval.appeal'),
          '', 'a role mapped to nobody sees no person''s row, whatever it is granted');
SELECT is(pg_temp.seen('pe_t_nobody', format('SELECT perfeval.next_penalty(%s)', pg_temp.ag('E2'))), 'ERROR 42704',
          'nor any agent''s penalty ladder');
SELECT is(pg_temp.seen('pe_t_nobody', 'SELECT 1 FROM perfeval.feedback_interview UNION ALL SELECT 1 FROM perfeval.suggestion
                                       UNION ALL SELECT 1 FROM perfeval.period_report UNION ALL SELECT 1 FROM perfeval.bi_trend
                                       UNION ALL SELECT 1 FROM perfeval.bi_coverage UNION ALL SELECT 1 FROM perfeval.bi_grades_company'),
          '', 'nor an interview, a suggestion, a report, a trend, coverage or grade count (issue 14)');

-- the shipped roles without extra grants
SELECT is(pg_temp.seen('pe_t_agent2', 'SELECT a.employee_no FROM perfeval.bonus_allocation AS b JOIN perfeval.agent AS a ON a.id = b.agent_id'),
          '(E2)', 'a perfeval_agent member reads its bonus part with the shipped grants');
SELECT is(pg_temp.seen('pe_t_agent2', 'SELECT kind FROM perfeval.personal_file'), '(monthly_excellent);(verbal_warning)',
          'and its personal file (H-6.3.2)');
SELECT is(pg_temp.seen('pe_t_agent2', 'SELECT id FROM perfeval.measurement_quarantine'), 'ERROR 42501',
          'perfeval_agent is not granted the raw quarantine');
SELECT is(pg_temp.seen('pe_t_mgr1', 'SELECT a.employee_no FROM perfeval.bonus_allocation AS b JOIN perfeval.agent AS a ON a.id = b.agent_id'),
          '(E1);(E2);(E3);(E4)', 'the manager of T1 reads the bonus parts of T1 (H-9.1)');
SELECT is(pg_temp.seen('pe_t_mgr1', 'SELECT count(*) FROM perfeval.reward UNION ALL SELECT count(*) FROM perfeval.penalty'), '(1);(1)',
          'the manager of T1 reads T1''s reward and penalty');
SELECT is(pg_temp.seen('pe_t_mgr1', 'SELECT reason FROM perfeval.measurement_quarantine'), '("not a number")',
          'the manager of T1 reads the quarantined row naming its agent, not the unplaced one');
SELECT is(pg_temp.seen('pe_t_mgr2', 'SELECT count(*) FROM perfeval.reward UNION ALL SELECT count(*) FROM perfeval.penalty UNION ALL SELECT count(*) FROM perfeval.measurement_quarantine'),
          '(0);(0);(0)', 'the manager of T2 reads none of T1''s');
SELECT is(pg_temp.seen('pe_t_mgr2', 'SELECT a.employee_no FROM perfeval.result_feedback AS f JOIN perfeval.agent AS a ON a.id = f.agent_id'),
          '(E5);(E6);(E7);(E8)', 'the manager of T2 reads T2''s feedback');
SELECT is(pg_temp.seen('pe_t_hr', 'SELECT count(*) FROM perfeval.bonus_allocation UNION ALL SELECT count(*) FROM perfeval.measurement_quarantine'),
          '(2);(8)', 'HR reads every quarantined row (2) and every bonus part (8)');
SELECT is(pg_temp.seen('pe_t_lead', 'SELECT count(*) FROM perfeval.bonus_allocation UNION ALL SELECT count(*) FROM perfeval.result_feedback'),
          '(8);(8)', 'leadership reads everyone''s (H-9.1 senior management)');
SELECT is(pg_temp.seen('pe_t_lead', format('SELECT perfeval.next_penalty(%s, ''2025-10-01'')', pg_temp.ag('E2'))),
          '(written_warning)', 'leadership reads every ladder');
SELECT is(pg_temp.seen('pe_t_analyst', 'SELECT count(*) FROM perfeval.result'), 'ERROR 42501', 'the analyst reads no person''s result');
SELECT is(pg_temp.seen('pe_t_analyst', 'SELECT count(*) FROM perfeval.indicator'), '(16)', 'the analyst reads the reference data');
SELECT is(pg_temp.seen('pe_t_nobody', 'SELECT count(*) FROM perfeval.scheme_version'), '(1)', 'the grants of this test reach the reference data');
SELECT is(pg_temp.seen('pe_t_analyst', 'SELECT grade::text || '' '' || agents || ''/'' || department_graded FROM perfeval.bi_department_grades'),
          '("excellent 1/8");("fail 1/8");("good 2/8");("medium 2/8");("pass 2/8")',
          'the analyst reads the grade counts of the department (8 graded: 91, 88/84, 79/72.5, 65/61, 55), no person''s row');
SELECT is(pg_temp.seen('pe_t_agent1', 'SELECT count(*) FROM perfeval.bi_department_grades'), '(5)', 'every reader sees the same department aggregate');
SELECT is(pg_temp.seen('pe_t_agent1', format('SELECT employee_no, stored_grade FROM perfeval.replay(1, ARRAY[%s])', :sep)),
          '(E1,excellent)', 'replay of a what-if: an agent sees its own row only, whatever it is granted (issue 15)');
SELECT is((SELECT count(*)::int FROM information_schema.role_table_grants
           WHERE table_schema = 'perfeval' AND grantee = 'PUBLIC' AND table_name NOT IN ('calendar', 'calendar_day', 'calendar_notice', 'calendar_horizon', 'appeal_state', 'appeal_flow', 'flow_state', 'flow_step')),
          0, 'PUBLIC is granted no table but the calendars (their days, notices and horizon) and the workflow definitions (flow_state, flow_step and the appeal views over them)');

SELECT * FROM finish();
ROLLBACK;
