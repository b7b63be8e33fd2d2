-- pgTAP: the period key and labels of every period-based view (issue 14
-- item 4; H-3.1.2-4 the natural periods, H-4.3 (5) visualisation): the
-- 1.0 views recreated by 73_period_keys.sql and the 1.1 views carry
-- period_key ('2025-03', '2025-Q1', '2025'), period_label (2025年3月) and
-- period_label_en (Mar 2025) as their last three columns, the 1.0 columns
-- keep their positions, comments, grants and security_invoker.  On the
-- fixture test/fixture/consequence.sql (January-June 2025) with a Q1 and a
-- 2025 result of A1 added.
BEGIN;
CREATE EXTENSION IF NOT EXISTS perfeval;
SELECT plan(22);
\set QUIET on
\ir ../fixture/consequence.sql
SET LOCAL client_min_messages = warning;

INSERT INTO perfeval.result (period_id, agent_id, scheme_version_id, team_id, department_id,
                             attitude, capability, efficiency, satisfaction, measured_total, total, grade,
                             rank_team, rank_department, rank_company, indicators_rated)
SELECT perfeval.period_of(v.kind, '2025-01-01'), a.id, 1, a.team_id, t.department_id,
       80, 80, 80, 80, 80, 80, 'good', 1, 1, 1, 16
FROM (VALUES ('quarter'), ('year')) AS v(kind)
CROSS JOIN perfeval.agent AS a JOIN perfeval.team AS t ON t.id = a.team_id
WHERE a.employee_no = 'A1';

-- ------------------------------------------------------------ the catalog
-- the views of the extension with a period: a period_id or last_period_id column
CREATE TEMP VIEW period_view AS
SELECT c.oid, c.relname,
       (SELECT array_agg(a.attname ORDER BY a.attnum) FROM pg_attribute AS a
        WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS cols
FROM pg_depend AS d JOIN pg_class AS c ON c.oid = d.objid AND d.classid = 'pg_class'::regclass
WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
  AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'perfeval')
  AND c.relkind = 'v'
  AND EXISTS (SELECT FROM pg_attribute AS a WHERE a.attrelid = c.oid AND a.attname IN ('period_id', 'last_period_id'));

SELECT is((SELECT string_agg(relname, ' ' ORDER BY relname) FROM period_view),
          'appeal_archive appeal_open appeal_statistics bi_coverage bi_department_grades bi_grade_distribution '
          'bi_grades_company bi_grades_department bi_period bi_result bi_scorecard bi_trend bonus_eligibility '
          'bottom_elimination care_list consequence_candidate data_quality evaluator_calibration improvement_progress '
          'interview_due period_report_version personal_file promotion_candidates quarantine_unplaced result_current '
          'result_indicator scheme_revision_evidence training_needs',
          'the 28 views of the extension with a period (period_id or last_period_id)');
SELECT is((SELECT string_agg(relname, ' ' ORDER BY relname) FROM period_view
           WHERE cols[array_length(cols, 1) - 1:] <> '{period_label,period_label_en}'::name[]
              OR NOT 'period_key' = ANY (cols)),
          'result_indicator',
          'every view with a period ends in period_label, period_label_en and has period_key; only result_indicator, '
          'whose row type is regrade_with''s argument type, keeps its 1.0 columns');
SELECT is((SELECT string_agg(relname, ' ' ORDER BY relname) FROM period_view
           WHERE relname NOT IN ('result_indicator', 'bi_period', 'bi_grades_department', 'bi_grades_company', 'bi_trend',
                                 'bi_scorecard', 'bi_coverage', 'period_report_version')
             AND cols[array_length(cols, 1) - 2:] <> '{period_key,period_label,period_label_en}'::name[]),
          NULL, 'the views without a key before end in period_key, period_label, period_label_en');
SELECT is((SELECT count(*) FROM period_view AS v JOIN pg_attribute AS a ON a.attrelid = v.oid
           WHERE a.attname IN ('period_key', 'period_label', 'period_label_en')
             AND coalesce(col_description(a.attrelid, a.attnum), '') = ''), 0::bigint,
          'every period_key, period_label and period_label_en column has a comment');
SELECT is((SELECT count(*) FROM period_view AS v JOIN pg_attribute AS a ON a.attrelid = v.oid
           WHERE a.attname IN ('period_key', 'period_label', 'period_label_en') AND a.atttypid <> 'text'::regtype),
          0::bigint, 'the key and labels are text');
SELECT is((SELECT string_agg(v.relname, ' ' ORDER BY v.relname) FROM period_view AS v JOIN pg_class AS c ON c.oid = v.oid
           WHERE c.reloptions IS NULL OR NOT c.reloptions @> '{security_invoker=true}'),
          'bi_department_grades',
          'H-1.2.1: every view with a period runs with its reader''s rights but bi_department_grades (a definer view since 1.0)');
SELECT is((SELECT c.relacl::text FROM pg_class AS c WHERE c.oid = 'perfeval.bi_department_grades'::regclass),
          '{postgres=arwdDxt/postgres,perfeval_agent=r/postgres,perfeval_manager=r/postgres,perfeval_hr=r/postgres,perfeval_leadership=r/postgres,perfeval_analyst=r/postgres,perfeval_service=r/postgres}',
          'bi_department_grades keeps its 1.0 grants (the analyst included)');
SELECT is((SELECT string_agg(a.attname, ',' ORDER BY a.attnum) FROM pg_attribute AS a
           WHERE a.attrelid = 'perfeval.bi_result'::regclass AND a.attnum > 0),
          'period_id,period_kind,period_start,period_end,period_state,agent_id,employee_no,agent_name,team_id,team_code,'
          'team_name,department_id,department_code,department_name,attitude,capability,efficiency,satisfaction,'
          'measured_total,self_score,department_score,company_score,total,critical_failed,grade,grade_code,grade_zh,'
          'grade_en,rank_team,rank_department,rank_company,percentile_team,percentile_department,percentile_company,'
          'scheme_version_id,revision,months_rolled,indicators_rated,period_key,period_label,period_label_en',
          'bi_result: the 1.0 columns in their 1.0 positions, then the key and labels');

-- ------------------------------------------------------------ the values
SELECT is((SELECT string_agg(period_kind || ' ' || period_key || ' ' || period_label || ' ' || period_label_en, '; '
                             ORDER BY period_kind, period_start)
           FROM perfeval.bi_result WHERE employee_no = 'A1' AND period_start IN ('2025-01-01', '2025-03-01')),
          'month 2025-01 2025年1月 Jan 2025; month 2025-03 2025年3月 Mar 2025; quarter 2025-Q1 2025年第1季度 Q1 2025; year 2025 2025年 2025',
          'bi_result: the key and labels of a month, a quarter and a year (H-3.1.2-4)');
SELECT is((SELECT string_agg(DISTINCT period_key, ' ') FROM perfeval.result_current AS r
           WHERE r.period_id = perfeval.period_of('month', '2025-06-01')), '2025-06',
          'result_current: the key of June');
SELECT is((SELECT string_agg(period_key || ' ' || period_label, ' ' ORDER BY period_key)
           FROM (SELECT DISTINCT period_key, period_label FROM perfeval.bi_grade_distribution) AS x),
          '2025 2025年 2025-01 2025年1月 2025-02 2025年2月 2025-03 2025年3月 2025-04 2025年4月 2025-05 2025年5月 2025-06 2025年6月 2025-Q1 2025年第1季度',
          'bi_grade_distribution: the keys and labels of every period with results');
SELECT is((SELECT string_agg(DISTINCT period_key || '/' || period_label_en, ' ') FROM perfeval.bi_department_grades
           WHERE period_start = '2025-02-01'), '2025-02/Feb 2025', 'bi_department_grades: February''s key and English label');
SELECT is((SELECT string_agg(employee_no || ' ' || period_key || ' ' || period_label, ', ' ORDER BY employee_no)
           FROM perfeval.bottom_elimination WHERE kind = 'month'),
          'A1 2025-06 2025年6月', 'H-3.3.5 bottom_elimination: the key and label of the run''s last period (last_period_id)');
SELECT is((SELECT string_agg(DISTINCT c.period_key, ' ') FROM perfeval.consequence_candidate AS c
           JOIN perfeval.period AS p ON p.id = c.last_period_id AND perfeval.period_key(p.kind, p.starts_on) = c.period_key),
          '2025-06', 'consequence_candidate: the key is that of last_period_id (June, the latest month)');
SELECT is((SELECT count(*) FROM perfeval.promotion_candidates WHERE period_key IS NULL)
          + (SELECT count(*) FROM perfeval.care_list WHERE period_key IS NULL), 0::bigint,
          'promotion_candidates and care_list: every row has its key');
SELECT is((SELECT string_agg(DISTINCT period_key || ' ' || period_label_en, ' ') FROM perfeval.training_needs
           WHERE kind = 'month' AND starts_on = '2025-06-01'), '2025-06 Jun 2025', 'H-3.3.2 training_needs: June''s key');
SELECT is((SELECT string_agg(DISTINCT period_key, ' ' ) FROM perfeval.bonus_eligibility WHERE kind = 'quarter'),
          '2025-Q1', 'H-3.3.1 bonus_eligibility: the quarter''s key');
SELECT is((SELECT string_agg(period_key, ' ' ORDER BY period_key) FROM perfeval.improvement_progress WHERE employee_no = 'A1'
           AND indicator = 'csat_score'),
          '2025-04 2025-05 2025-06', 'H-7 improvement_progress: the keys of the months measured after the March baseline');
SELECT is((SELECT string_agg(DISTINCT period_key, ' ') FROM perfeval.data_quality WHERE starts_on = '2025-03-01'), '2025-03',
          'H-4.3 data_quality: March''s key');
SELECT is((SELECT string_agg(period_key || ' ' || period_label || ' ' || period_label_en, '; ' ORDER BY period_kind, period_key)
           FROM perfeval.bi_period WHERE starts_on = '2025-01-01'),
          '2025-01 2025年1月 Jan 2025; 2025-Q1 2025年第1季度 Q1 2025; 2025 2025年 2025',
          'bi_period: period_label and period_label_en under the names of the other views');
SELECT is((SELECT string_agg(DISTINCT period_key || ' ' || period_label, ' ') FROM perfeval.bi_trend WHERE period_kind = 'month'
           AND previous_period_key = '2025-05'), '2025-06 2025年6月', 'bi_trend: the label of the period (June after May)');
SELECT is((SELECT count(*) FROM perfeval.bi_scorecard WHERE period_label = '2025年6月' AND period_label_en = 'Jun 2025'), 6::bigint,
          'bi_scorecard: A1''s six June indicator rows carry June''s labels');

SELECT * FROM finish();
ROLLBACK;
