-- perfeval demo, issue 14 (1.1): a feedback interview (H-3.2.4-5), a
-- constructive suggestion recognised (H-8.3.5), the September 2025 period
-- report compiled by HR, approved by leadership and corrected as a new
-- version (H-3.2.6-7), the BI views, and the report as an HTML file
-- (report_html; the file is named below, psql variable report_file).
\pset footer off
SET timezone = 'Asia/Shanghai';
SELECT p.id AS sep FROM perfeval.period AS p WHERE p.kind = 'month' AND p.starts_on = '2025-09-01' \gset
-- demo_report_try(q): 'done', or the SQLSTATE and message of the error q raises
CREATE FUNCTION pg_temp.demo_report_try(q text) RETURNS text LANGUAGE plpgsql AS $f$
BEGIN
    EXECUTE q;
    RETURN 'done';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ' ' || SQLERRM;
END $f$;
\if :{?report_file}
\else
\set report_file /tmp/perfeval-report-2025-09.html
\endif

\echo
\echo '== H-3.2.4-5: CS023''s feedback interview on September 2025, one measure linked to its improvement plan''s target, acknowledged'
SELECT r.id AS iv_result FROM perfeval.result_current AS r JOIN perfeval.agent AS a ON a.id = r.agent_id
WHERE r.period_id = :sep AND a.employee_no = 'CS023' \gset
SELECT p.id AS iv_plan FROM perfeval.improvement_plan AS p JOIN perfeval.agent AS a ON a.id = p.agent_id WHERE a.employee_no = 'CS023' \gset
SELECT perfeval.hold_interview(:iv_result, '响应更快, 录音显示耐心 faster first responses; patient on the recordings',
                               '满意度仍低于目标 satisfaction still below target',
                               jsonb_build_array(jsonb_build_object('measure', '每周复盘三通低分录音 review three low-CSAT calls a week',
                                                                    'plan_id', :iv_plan, 'indicator', 'csat_score'),
                                                 jsonb_build_object('measure', '旁听优秀同事 shadow CS061 for a day')),
                               at => '2025-10-09 15:00+08', actor => 'mgr_lin') AS iv \gset
SELECT perfeval.acknowledge_interview(:iv, '同意, 希望多些培训 agreed; would like more training', at => '2025-10-10 09:00+08', actor => 'cs023') AS ack \gset
SELECT a.employee_no, f.interviewer, f.held_at, f.state, f.fed_back_at, f.agent_comment,
       (SELECT string_agg(m.ord || '. ' || m.measure || coalesce(' -> target ' || i.code, ''), '; ' ORDER BY m.ord)
        FROM perfeval.feedback_interview_measure AS m LEFT JOIN perfeval.indicator AS i ON i.id = m.indicator_id
        WHERE m.interview_id = f.id) AS measures
FROM perfeval.feedback_interview AS f JOIN perfeval.agent AS a ON a.id = f.agent_id WHERE f.id = :iv;

\echo '== H-8.3.5: a constructive suggestion that came with an appeal, recognised by HR'
SELECT min(a.id) AS sug_appeal FROM perfeval.appeal AS a WHERE a.path = 'result' AND a.period_id = :sep \gset
SELECT perfeval.record_suggestion('问卷应按通话记录自动匹配坐席 match surveys to agents by call record automatically',
                                  appeal_id => :sug_appeal, at => '2025-10-20 11:00+08', actor => 'hr_zhou') AS sug \gset
SELECT perfeval.recognise_suggestion(:sug, '月度例会通报表扬 commended at the monthly meeting', at => '2025-10-24 16:00+08', actor => 'hr_zhou') AS x \gset
SELECT g.employee_no, s.suggestion, s.state, s.recognition FROM perfeval.suggestion AS s JOIN perfeval.agent AS g ON g.id = s.agent_id;

\echo '== H-3.2.6-7: the September 2025 report of the company and of each department, compiled by HR and approved by leadership'
SELECT perfeval.report_compile(:sep, actor => 'hr_zhou') AS rep \gset
SELECT count(perfeval.report_compile(:sep, d.id, actor => 'hr_zhou')) AS dept_reports FROM perfeval.department AS d \gset
SELECT count(perfeval.report_approve(r.id, actor => 'ceo_chen')) AS approved FROM perfeval.period_report AS r WHERE r.period_id = :sep \gset
SELECT coalesce(v.department_code, 'company') AS scope, v.version, v.state, v.approved_by,
       r.content #>> '{summary,results}' AS results, r.content #>> '{summary,graded}' AS graded,
       r.content #>> '{summary,mean_total}' AS "mean total", r.content #>> '{summary,best}' AS best,
       r.content #>> '{summary,critical_failed}' AS "一票否决", r.content #>> '{appeals,total}' AS appeals,
       (SELECT string_agg(g ->> 'zh' || ' ' || (g ->> 'agents'), ' ') FROM jsonb_array_elements(r.content -> 'grades') AS g) AS grades
FROM perfeval.period_report_version AS v JOIN perfeval.period_report AS r ON r.id = v.report_id
WHERE v.period_id = :sep ORDER BY v.department_code NULLS FIRST;
\echo '== the company report''s top 3 and its appeal statistics (H-8.3.4)'
SELECT (e ->> 'rank')::integer AS rank, e ->> 'employee_no' AS employee_no, e ->> 'name' AS name, e ->> 'team' AS team,
       e ->> 'total' AS total, e ->> 'grade_zh' AS 等级
FROM perfeval.period_report AS r, jsonb_array_elements(r.content -> 'top') AS x(e) WHERE r.id = :rep LIMIT 3;
SELECT * FROM perfeval.export_report_appeals(:rep);
\echo '== an approved report is fixed: a correction is version 2 (the approved version 1 stays in force until it is approved)'
SELECT * FROM pg_temp.demo_report_try(format('DELETE FROM perfeval.period_report WHERE id = %s', :rep)) AS delete_approved;
SELECT perfeval.report_compile(:sep, reason => 'appeal upheld after approval: re-issued', actor => 'hr_zhou') AS rep2 \gset
SELECT version, state, reason, in_force, next_version_id IS NOT NULL AS corrected
FROM perfeval.period_report_version WHERE period_id = :sep AND department_id IS NULL ORDER BY version;

\echo '== BI (issue 14): period keys, the company''s grades, the trend of the top 3 against August, who has no data'
SELECT period_key, label_zh, label_en, previous_period_id IS NOT NULL AS has_previous
FROM perfeval.bi_period WHERE period_key IN ('2025-09', '2025-Q3', '2025') ORDER BY period_kind DESC;
SELECT c.grade_zh AS 等级, c.grade_en AS grade, c.agents, c.graded, c.share_pct FROM perfeval.bi_grades_company AS c WHERE c.period_id = :sep ORDER BY c.grade DESC;
SELECT employee_no, total, previous_total, total_change, rank_company, previous_rank_company, rank_company_change
FROM perfeval.bi_trend WHERE period_id = :sep ORDER BY rank_company LIMIT 3;
SELECT period_key, status, count(*) AS agents FROM perfeval.bi_coverage WHERE period_id = :sep GROUP BY period_key, status ORDER BY status;

\echo '== the report as HTML (perfeval.report_html): written to the file named here'
\pset format unaligned
\pset tuples_only on
\o :report_file
SELECT perfeval.report_html(:rep);
\o
\pset tuples_only off
\pset format aligned
\echo :report_file
RESET timezone;
