-- pgTAP: issue 14 (perfeval 1.1) on the appeal fixture (September 2025,
-- 1 department, teams T1 (E1-E4) and T2 (E5-E8), totals 91 84 72.5 61 |
-- 65 55 88 79, approved, fed back on 24 September 10:00): feedback
-- interviews (H-3.2.4-5), suggestions (H-8.3.5), the period report with its
-- approval and versions (H-3.2.6-7, H-4.3 (8)), report_html, the BI views
-- and the CSV exports, each step by its role (flow engine, H-9.1).
BEGIN;
CREATE EXTENSION IF NOT EXISTS perfeval;
\ir ../fixture/appeal_org.sql
\ir ../fixture/access_roles.sql
SELECT plan(80);
SET LOCAL client_min_messages = warning;

-- as(role, sql): the first column of the first row sql returns as role, or
-- 'ERROR sqlstate'
CREATE FUNCTION pg_temp.as_(r name, q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE v text;
BEGIN
    EXECUTE format('SET LOCAL ROLE %I', r);
    EXECUTE q INTO v;
    RESET ROLE;
    RETURN v;
EXCEPTION WHEN OTHERS THEN
    RESET ROLE;
    RETURN 'ERROR ' || SQLSTATE;
END $$;
SELECT pg_temp.res('E1') AS r1, pg_temp.res('E5') AS r5 \gset

-- ------------------------------------------------------------ period keys
SELECT is(perfeval.period_key('month', '2025-03-01'), '2025-03', 'period_key of a month: 2025-03');
SELECT is(perfeval.period_key('quarter', '2025-01-01') || ' ' || perfeval.period_key('year', '2025-01-01'), '2025-Q1 2025',
          'period_key of a quarter and a year: 2025-Q1, 2025');
SELECT is(perfeval.period_label('quarter', '2025-07-01') || ' ' || perfeval.period_label('quarter', '2025-07-01', 'en')
          || ' ' || perfeval.period_label('month', '2025-09-01') || ' ' || perfeval.period_label('month', '2025-09-01', 'en'),
          '2025年第3季度 Q3 2025 2025年9月 Sep 2025', 'period_label in Chinese and English');
SELECT throws_ok($$SELECT perfeval.period_key('week', '2025-03-03')$$, '22023', NULL, 'an unknown period kind: 22023');
SELECT throws_ok($$SELECT perfeval.period_key('month', 'infinity')$$, '22008', NULL, 'an infinite date: 22008');
SELECT is((SELECT period_key || ' ' || label_zh || ' ' || (previous_period_id IS NULL) FROM perfeval.bi_period WHERE period_id = :sep),
          '2025-09 2025年9月 true', 'bi_period: key, label, no August period yet');

-- ------------------------------------------------------------ interviews (H-3.2.4-5)
INSERT INTO perfeval.improvement_plan (agent_id, baseline_period_id, title, owner, due_on)
VALUES (pg_temp.ag('E1'), :sep, 'CSAT', 'manager one', '2025-12-31'), (pg_temp.ag('E5'), :sep, 'speed', 'manager two', '2025-12-31');
INSERT INTO perfeval.improvement_target (plan_id, indicator_id, target_value)
SELECT p.id, i.id, 4.5 FROM perfeval.improvement_plan AS p, perfeval.indicator AS i WHERE i.code = 'csat_score';
SELECT p.id AS plan1 FROM perfeval.improvement_plan AS p WHERE p.agent_id = pg_temp.ag('E1') \gset
SELECT p.id AS plan5 FROM perfeval.improvement_plan AS p WHERE p.agent_id = pg_temp.ag('E5') \gset
SELECT is(pg_temp.as_('pe_t_mgr2', format($$SELECT perfeval.hold_interview(%s, 'calm', 'slow', '[]')$$, :r1)), 'ERROR 42704',
          'the manager of another team does not even see E1''s result (42704)');
SELECT is(pg_temp.as_('pe_t_hr', format($$SELECT perfeval.hold_interview(%s, 'calm', 'slow', '[]')$$, :r1)), 'ERROR 42501',
          'HR sees it but does not hold the interview (H-3.2.4, step hold: the manager)');
SELECT is(pg_temp.as_('pe_t_agent1', format($$SELECT perfeval.hold_interview(%s, 'calm', 'slow', '[]')$$, :r1)), 'ERROR 42501',
          'nor the agent itself');
SELECT is(pg_temp.as_('pe_t_mgr1', format($$SELECT perfeval.hold_interview(%s, 'calm', 'slow', '[{"measure": "x", "plan_id": %s, "indicator": "csat_score"}]')$$, :r1, :plan5)),
          'ERROR 42704', 'a measure linked to another agent''s plan: 42704');
SELECT is(pg_temp.as_('pe_t_mgr1', format($$SELECT perfeval.hold_interview(%s, 'calm', 'slow', '[{"measure": ""}]')$$, :r1)),
          'ERROR 22023', 'an empty measure: 22023');
SELECT is(pg_temp.as_('pe_t_mgr1', format($$SELECT perfeval.hold_interview(%s, '  ', 'slow', '[]')$$, :r1)),
          'ERROR 22023', 'blank strengths: 22023');
SELECT isnt(pg_temp.as_('pe_t_mgr1', format($$SELECT perfeval.hold_interview(%s, 'calm on the phone', 'slow replies',
          '[{"measure": "review three calls a week", "plan_id": %s, "indicator": "csat_score"}, {"measure": "shadow E7"}]',
          actor => 'pe_t_mgr1')$$, :r1, :plan1)), NULL, 'the manager of T1 holds E1''s interview');
SELECT f.id AS iv1 FROM perfeval.feedback_interview AS f WHERE f.result_id = :r1 \gset
SELECT is((SELECT string_agg(employee_no, ' ' ORDER BY employee_no) FROM perfeval.interview_due WHERE period_id = :sep),
          'E2 E3 E4 E5 E6 E7 E8', 'interview_due: the approved results still without an interview (E1''s is held)');
SELECT is(pg_temp.as_('pe_t_mgr2', format('SELECT string_agg(employee_no || '' '' || to_char(fed_back_at AT TIME ZONE ''Asia/Shanghai'', ''MM-DD''), '','' ORDER BY employee_no) FROM perfeval.interview_due WHERE period_id = %s', :sep)),
          'E5 09-24,E6 09-24,E7 09-24,E8 09-24', 'a manager sees its team''s, with the feedback date already recorded');
SELECT is((SELECT f.interviewer || ' ' || f.state || ' ' || to_char(f.fed_back_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI')
           FROM perfeval.feedback_interview AS f WHERE f.id = :iv1),
          'pe_t_mgr1 held 2025-09-24 10:00', 'the interview: by the manager, held; fed back at the first feedback (24 Sep 10:00)');
SELECT is((SELECT string_agg(m.ord || ':' || m.measure || ':' || coalesce(i.code, '-'), ' | ' ORDER BY m.ord)
           FROM perfeval.feedback_interview_measure AS m LEFT JOIN perfeval.indicator AS i ON i.id = m.indicator_id WHERE m.interview_id = :iv1),
          '1:review three calls a week:csat_score | 2:shadow E7:-', 'the agreed measures, the first linked to the plan''s target (H-3.2.5)');
SELECT is(pg_temp.as_('pe_t_mgr1', format($$SELECT perfeval.hold_interview(%s, 'a', 'b')$$, :r1)), 'ERROR 55000',
          'one interview per result revision: 55000');
SELECT is(pg_temp.as_('pe_t_mgr1', format($$SELECT perfeval.hold_interview(%s, 'a', 'b', actor => 'pe_t_hr')$$, :r5)), 'ERROR 42501',
          'the actor is the session''s role');
SELECT is((SELECT to_char(perfeval.file_result_appeal(:r1, 'teamwork', at => '2025-09-30 09:00+08')::int * 0 + 0, 'FM0')), '0', 'E1 files an appeal');
SELECT is((SELECT to_char(a.window_from AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') FROM perfeval.appeal AS a WHERE a.result_id = :r1),
          '2025-09-24 10:00', 'the appeal window still runs from the fed-back date (H-8.2.1 (3))');
SELECT is(pg_temp.as_('pe_t_agent2', format($$SELECT perfeval.acknowledge_interview(%s)$$, :iv1)), 'ERROR 42704',
          'a teammate cannot even see E1''s interview (42704)');
SELECT is(pg_temp.as_('pe_t_mgr1', format($$SELECT perfeval.acknowledge_interview(%s)$$, :iv1)), 'ERROR 42501',
          'the manager does not acknowledge for the agent (step acknowledge: the agent itself)');
SELECT isnt(pg_temp.as_('pe_t_agent1', format($$SELECT perfeval.acknowledge_interview(%s, 'agreed')$$, :iv1)), NULL,
            'E1 acknowledges its interview (H-3.2.5)');
SELECT is((SELECT f.state || ' ' || f.acknowledged_by || ' ' || f.agent_comment FROM perfeval.feedback_interview AS f WHERE f.id = :iv1),
          'acknowledged pe_t_agent1 agreed', 'acknowledged, by E1, with its comment');
SELECT is(pg_temp.as_('pe_t_agent1', format($$SELECT perfeval.acknowledge_interview(%s)$$, :iv1)), 'ERROR 55000', 'once: 55000');
SELECT throws_ok(format($$UPDATE perfeval.feedback_interview SET agent_comment = 'changed' WHERE id = %s$$, :iv1), '55000', NULL,
                 'an acknowledged interview cannot change, not even by a superuser');
SELECT is(pg_temp.as_('pe_t_hr', format($$INSERT INTO perfeval.feedback_interview (result_id, period_id, agent_id, interviewer, held_at, strengths, weaknesses, fed_back_at)
                                        VALUES (%s, %s, %s, 'x', now(), 'a', 'b', now()) RETURNING id$$, :r5, :sep, pg_temp.ag('E5'))),
          'ERROR 42501', 'a direct INSERT is refused, even for HR (42501)');
SELECT is(pg_temp.as_('pe_t_agent1', 'SELECT count(*) FROM perfeval.feedback_interview') || pg_temp.as_('pe_t_agent2', 'SELECT count(*) FROM perfeval.feedback_interview')
          || pg_temp.as_('pe_t_mgr2', 'SELECT count(*) FROM perfeval.feedback_interview') || pg_temp.as_('pe_t_mgr1', 'SELECT count(*) FROM perfeval.feedback_interview_measure'),
          '1002', 'row security as for results: E1 1, E2 0, T2''s manager 0, T1''s manager the 2 measures');

-- ------------------------------------------------------------ suggestions (H-8.3.5)
SELECT is(pg_temp.as_('pe_t_agent1', format($$SELECT perfeval.record_suggestion('match surveys by call id', appeal_id => %s) > 0$$,
          (SELECT a.id FROM perfeval.appeal AS a WHERE a.result_id = :r1))), 'true', 'E1 records a suggestion with its appeal');
SELECT is(pg_temp.as_('pe_t_agent1', format($$SELECT perfeval.record_suggestion('x', agent_id => %s)$$, pg_temp.ag('E2'))), 'ERROR 42501',
          'but not one in a teammate''s name');
SELECT isnt(pg_temp.as_('pe_t_hr', format($$SELECT perfeval.record_suggestion('shorter forms', agent_id => %s, period_id => %s)$$, pg_temp.ag('E6'), :sep)),
            'ERROR', 'HR records any employee''s (H-8.3.5: not only appellants)');
SELECT s.id AS sug1 FROM perfeval.suggestion AS s WHERE s.agent_id = pg_temp.ag('E1') \gset
SELECT is((SELECT s.period_id = :sep AND s.recorded_by = 'pe_t_agent1' AND s.state = 'recorded' FROM perfeval.suggestion AS s WHERE s.id = :sug1), true,
          'the suggestion takes the appeal''s period');
SELECT is(pg_temp.as_('pe_t_mgr1', format($$SELECT perfeval.recognise_suggestion(%s, 'commended')$$, :sug1)), 'ERROR 42501',
          'a manager does not recognise it (step recognise: HR)');
SELECT isnt(pg_temp.as_('pe_t_hr', format($$SELECT perfeval.recognise_suggestion(%s, 'commended at the monthly meeting')$$, :sug1)), 'ERROR 42501',
            'HR recognises it');
SELECT is(pg_temp.as_('pe_t_hr', format($$SELECT perfeval.recognise_suggestion(%s, 'again')$$, :sug1)), 'ERROR 55000', 'once: 55000');

-- ------------------------------------------------------------ the period report (H-3.2.6-7)
-- August with two results, for the trend
SELECT perfeval.period_of('month', '2025-08-01') AS aug \gset
INSERT INTO perfeval.result (period_id, agent_id, scheme_version_id, team_id, department_id, total, grade, rank_team, rank_department, rank_company)
SELECT :aug, a.id, 1, a.team_id, t.department_id, v.total, perfeval.grade_of(v.total::float8), 1, v.rk, v.rk
FROM (VALUES ('E1', 80.0, 2), ('E7', 90.0, 1)) AS v (emp, total, rk)
JOIN perfeval.agent AS a ON a.employee_no = v.emp JOIN perfeval.team AS t ON t.id = a.team_id;
SELECT is(pg_temp.as_('pe_t_mgr1', format('SELECT perfeval.report_compile(%s)', :sep)), 'ERROR 42501', 'a manager does not compile the report (step compile: HR)');
SELECT is(pg_temp.as_('pe_t_hr', format('SELECT perfeval.report_compile(%s)', :aug)), 'ERROR 55000', 'a period not approved has no report (55000)');
SELECT pg_temp.as_('pe_t_hr', format('SELECT perfeval.report_compile(%s)', :sep))::int AS rep1 \gset
SELECT is((SELECT content #>> '{period,key}' || ' ' || (content #>> '{scope,level}') || ' ' || version || ' ' || state || ' ' || compiled_by
           FROM perfeval.period_report WHERE id = :rep1), '2025-09 company 1 draft pe_t_hr', 'HR compiles version 1 of the company report, a draft');
SELECT is((SELECT content -> 'summary' FROM perfeval.period_report WHERE id = :rep1),
          '{"best": 91.0000, "worst": 55.0000, "graded": 8, "appeals": 1, "no_data": 0, "results": 8, "mean_total": 74.44, "not_evaluated": 0, "critical_failed": 0}'::jsonb,
          'summary: 8 results, all graded, mean 74.44 (595.5 / 8), best 91, worst 55, 1 appeal');
SELECT is((SELECT string_agg(g ->> 'grade' || '=' || (g ->> 'agents') || '/' || (g ->> 'share_pct'), ' ') FROM perfeval.period_report AS r, jsonb_array_elements(r.content -> 'grades') AS g WHERE r.id = :rep1),
          'excellent=1/12.50 good=2/25.00 medium=2/25.00 pass=2/25.00 fail=1/12.50', 'the company''s grade distribution, best first');
SELECT is((SELECT string_agg(t ->> 'code' || ' ' || (t ->> 'graded') || ' ' || (t ->> 'mean_total'), ', ') FROM perfeval.period_report AS r, jsonb_array_elements(r.content -> 'teams') AS t WHERE r.id = :rep1),
          'T1 4 77.13, T2 4 71.75', 'per team: 4 graded each, means 77.13 and 71.75');
SELECT is((SELECT string_agg((e ->> 'rank') || (e ->> 'employee_no'), ' ') FROM perfeval.period_report AS r, jsonb_array_elements(r.content -> 'top') AS e WHERE r.id = :rep1),
          '1E1 2E7 3E2 4E8 5E3 6E5 7E4 8E6', 'the top 10 (all 8) in rank order');
SELECT is((SELECT string_agg(e ->> 'employee_no', ' ') FROM perfeval.period_report AS r, jsonb_array_elements(r.content -> 'bottom') AS e WHERE r.id = :rep1),
          'E8 E3 E5 E4 E6', 'the bottom 5, ranks 4 to 8');
SELECT is((SELECT (content #> '{trend,keys}')::text || ' ' || (content #> '{trend,teams,0,mean_totals}')::text FROM perfeval.period_report WHERE id = :rep1),
          '["2025-08", "2025-09"] [80.00, 77.13]', 'the monthly trend: August and September; T1''s means 80 (E1 only) and 77.13');
SELECT is((SELECT content #>> '{scorecard,employee_no}' FROM perfeval.period_report WHERE id = :rep1), 'E1', 'the scorecard is the first-ranked agent''s');
SELECT is((SELECT (content #> '{appeals,by_outcome}')::text || ' ' || (content #> '{appeals,suggestions,0,recognition}')::text FROM perfeval.period_report WHERE id = :rep1),
          '{"open": 1, "upheld": 0, "dismissed": 0, "withdrawn": 0, "ineligible": 0} "commended at the monthly meeting"',
          'appeal statistics (H-8.3.4) and the recognised suggestion (H-8.3.5)');
SELECT is((SELECT jsonb_array_length(content #> '{consequences,care}') || ' ' || (content #> '{consequences,care,0,employee_no}')::text
           FROM perfeval.period_report WHERE id = :rep1), '3 "E4"', 'the consequence lists: the care list of September (E4, E5, E6: pass or fail)');
SELECT is(pg_temp.as_('pe_t_hr', format('SELECT perfeval.report_approve(%s)', :rep1)), 'ERROR 42501', 'HR does not approve it (step approve: leadership)');
SELECT is(pg_temp.as_('pe_t_lead', format('SELECT perfeval.report_approve(%s)', :rep1)), '1', 'leadership approves version 1 (H-3.2.7)');
SELECT is(pg_temp.as_('pe_t_lead', format('SELECT perfeval.report_approve(%s)', :rep1)), 'ERROR 55000', 'once: 55000');
SELECT throws_ok(format($$UPDATE perfeval.period_report SET content = '{}' WHERE id = %s$$, :rep1), '55000', NULL,
                 'an approved report cannot change, not even by a superuser');
SELECT throws_ok(format($$DELETE FROM perfeval.period_report WHERE id = %s$$, :rep1), '55000', NULL, 'nor go');
SELECT is(pg_temp.as_('pe_t_hr', format('SELECT perfeval.report_compile(%s)', :sep)), 'ERROR 22004', 'a corrected version needs a reason (22004)');
SELECT pg_temp.as_('pe_t_hr', format($$SELECT perfeval.report_compile(%s, reason => 'appeal of E5 filed after approval')$$, :sep))::int AS rep2 \gset
SELECT perfeval.file_result_appeal(:r5, 'CSAT', at => '2025-09-30 10:00+08') AS a5 \gset
SELECT is(pg_temp.as_('pe_t_lead', format('SELECT perfeval.report_approve(%s)', :rep2)), 'ERROR 55000',
          'a draft that no longer matches the data (a new appeal) is not approved: recompile (55000)');
SELECT is(pg_temp.as_('pe_t_hr', format('SELECT perfeval.report_compile(%s)', :sep))::int, :rep2, 'HR recompiles the same draft');
SELECT is(pg_temp.as_('pe_t_lead', format('SELECT perfeval.report_approve(%s)', :rep2)), '2', 'leadership approves version 2');
SELECT is((SELECT string_agg(version || ':' || in_force || ':' || coalesce(next_version_id = :rep2, false), ' ' ORDER BY version)
           FROM perfeval.period_report_version WHERE period_id = :sep),
          '1:false:true 2:true:false', 'both versions kept: version 2 in force, version 1 followed by it');
SELECT is((SELECT (content #>> '{appeals,total}') FROM perfeval.period_report WHERE id = :rep1) || ' ' ||
          (SELECT (content #>> '{appeals,total}') FROM perfeval.period_report WHERE id = :rep2), '1 2',
          'version 1 keeps its content (1 appeal), version 2 has 2');
-- the department's part (H-4.3 (8))
SELECT pg_temp.as_('pe_t_hr', format('SELECT perfeval.report_compile(%s, (SELECT id FROM perfeval.department WHERE code = ''D1''))', :sep))::int AS repd \gset
SELECT is(pg_temp.as_('pe_t_mgr1', 'SELECT string_agg(coalesce(d.code, ''company''), '','') FROM perfeval.period_report AS r LEFT JOIN perfeval.department AS d ON d.id = r.department_id')
          || ' ' || pg_temp.as_('pe_t_agent1', 'SELECT count(*) FROM perfeval.period_report')
          || ' ' || pg_temp.as_('pe_t_lead', 'SELECT count(*) FROM perfeval.period_report'),
          'D1 ERROR 42501 3', 'a manager reads its department''s report only, an agent is not even granted the table (42501), leadership reads all');
SELECT is(pg_temp.as_('pe_t_mgr1', format('SELECT perfeval.report_content(%s) IS NOT NULL', :sep)), 'ERROR 42501',
          'a manager cannot compute the company report');
-- report_html
SELECT is((SELECT perfeval.report_html(:rep1) ~ '^<!DOCTYPE html>' AND perfeval.report_html(:rep1) ~ '<svg' AND perfeval.report_html(:rep1) !~* '<script'
                  AND perfeval.report_html(:rep1) ~ '版本 version 1 · 已批准 approved'), true,
          'report_html: one document with inline SVG, no script, marked as approved version 1');
UPDATE perfeval.team SET name = '<script>alert("T1")</script>' WHERE code = 'T1';
SELECT is((SELECT perfeval.report_html(:sep, NULL) ~ '&lt;script&gt;alert\(&quot;T1&quot;\)&lt;/script&gt;' AND perfeval.report_html(:sep, NULL) !~* '<script'), true,
          'a hostile team name is escaped in the live report');
SELECT is((SELECT perfeval.report_html(:rep1) ~ 'Team one' AND perfeval.report_html(:rep1) !~ 'alert'), true,
          'the approved report still shows the name it was approved with');
SELECT is(pg_temp.as_('pe_t_agent1', format('SELECT perfeval.report_html(%s)', :rep1)), 'ERROR 42501', 'an agent may not read a report (42501)');
SELECT is(pg_temp.as_('pe_t_mgr1', format('SELECT perfeval.report_html(%s)', :rep1)), 'ERROR 42704', 'a manager may not read the company report (42704)');
SELECT is(pg_temp.as_('pe_t_mgr1', format('SELECT perfeval.report_html(%s) ~ ''D1''', :repd)), 'true', 'but its department''s (H-4.3 (8))');
SELECT is(perfeval.html_escape($$<a href="x">'&'</a>$$), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;', 'html_escape');

-- ------------------------------------------------------------ BI views
SELECT is((SELECT string_agg(grade || '=' || agents, ' ' ORDER BY grade DESC) || ' / ' || min(graded) FROM perfeval.bi_grades_department WHERE period_id = :sep),
          'excellent=1 good=2 medium=2 pass=2 fail=1 / 8', 'bi_grades_department: counts per grade and the graded total');
SELECT is((SELECT array_agg(agents ORDER BY grade) FROM perfeval.bi_grades_company WHERE period_id = :sep),
          (SELECT array_agg(s ORDER BY grade) FROM (SELECT grade, sum(agents)::bigint AS s FROM perfeval.bi_grades_department WHERE period_id = :sep GROUP BY grade) AS x),
          'bi_grades_company: the department counts re-aggregate to the company''s');
SELECT is((SELECT format('%s %s %s %s %s', previous_period_key, previous_total, total_change, previous_rank_company, rank_company_change)
           FROM perfeval.bi_trend WHERE period_id = :sep AND employee_no = 'E1'),
          '2025-08 80.0000 11.0000 2 1', 'bi_trend: E1 from 80 to 91 (+11) and from rank 2 to 1 (+1, moved up)');
SELECT is((SELECT count(*)::int FROM perfeval.bi_trend WHERE period_id = :sep AND previous_total IS NULL), 6, 'six agents had no August result');
-- October: E1 measured on two indicators, everyone else without data
SELECT perfeval.period_of('month', '2025-10-01') AS oct \gset
INSERT INTO perfeval.measurement (agent_id, period_id, indicator_id, value, source)
SELECT pg_temp.ag('E1'), :oct, i.id, v.value, 'system_log' FROM (VALUES ('polite_phrase_rate', 0.9), ('teamwork', 75)) AS v(code, value)
JOIN perfeval.indicator AS i ON i.code = v.code;
SELECT perfeval.evaluate(:oct) AS x \gset
SELECT is((SELECT string_agg(format('%s %s %s %s %s %s %s', indicator_code, indicator_zh, dimension, weight_pct, raw_value, score, not_applicable), ' | ' ORDER BY handbook_id)
           FROM perfeval.bi_scorecard WHERE period_id = :oct AND employee_no = 'E1' AND NOT not_applicable),
          'polite_phrase_rate 礼貌用语使用率 attitude 5.00 0.9 50.0000 f | teamwork 团队协作能力 capability 3.00 75 50.0000 f',
          'bi_scorecard: code, Chinese name, dimension, weight, raw value and score (0.9 on 0.8..1.0 and 75 on 50..100 both score 50)');
SELECT is((SELECT string_agg(status || '=' || n, ' ' ORDER BY status) FROM (SELECT status, count(*) AS n FROM perfeval.bi_coverage WHERE period_id = :oct GROUP BY status) AS x),
          'graded=1 no_data=7', 'bi_coverage: in October E1 is graded, the seven others have no data (shown as such)');
SELECT is(pg_temp.as_('pe_t_agent1', format('SELECT string_agg(employee_no || '' '' || status, '','') FROM perfeval.bi_coverage WHERE period_id = %s', :oct)),
          'E1 graded', 'an agent sees its own coverage row only');

-- ------------------------------------------------------------ exports
SELECT is((SELECT string_agg(employee_no || ' ' || total || ' ' || grade, ', ') FROM (SELECT * FROM perfeval.export_results(:sep) LIMIT 2) AS x),
          'E1 91.0000 excellent, E2 84.0000 good', 'export_results: by employee number');
SELECT is(pg_temp.as_('pe_t_agent1', format('SELECT count(*) FROM perfeval.export_results(%s)', :sep)), '1', 'an agent exports its own row only');
SELECT is((SELECT count(*)::int || ' ' || string_agg(DISTINCT level, ',') FROM perfeval.export_report_grades(:rep2)), '20 company,department,team',
          'export_report_grades: five grades for the company, its department and two teams');
SELECT is((SELECT string_agg(list || rank, ' ') FROM perfeval.export_report_ranking(:rep2) WHERE rank IN (1, 8)), 'top1 top8 bottom8',
          'export_report_ranking: the top and bottom lists');
SELECT is((SELECT string_agg(format('%s %s %s', team, appeals, open), ', ') FROM perfeval.export_report_appeals(:rep2)),
          'Team one 1 1, Team two 1 1', 'export_report_appeals per team, from the approved content (the team''s name then)');

SELECT * FROM finish();
ROLLBACK;
