-- Data for test/dump_restore.sh: perfeval installed and user rows in every
-- user table (organisation, periods, an own indicator, a scheme version,
-- measurements and quarantine, layer scores, approved and draft results,
-- consequence and bonus configuration, an improvement plan, calendars:
-- a user calendar and a DBA's changes to the shipped one; rewards, a bonus
-- pool, penalties and appeals with their log and deadlines).
CREATE EXTENSION perfeval;
SET search_path = perfeval, public;
SELECT setseed(0.5) \g /dev/null

INSERT INTO calendar (name, working_weekdays, time_zone, valid_from, valid_to, description)
VALUES ('test-hk', '{1,2,3,4,5}', 'Asia/Hong_Kong', '2025-01-01', '2025-12-31', 'a user calendar');
INSERT INTO calendar_day (calendar, day, kind, name) VALUES ('test-hk', '2025-07-01', 'holiday', 'HKSAR Establishment Day / 香港特别行政区成立纪念日');
-- the DBA loads next year's notice into the shipped calendar cn (it
-- replaces 2027's projected days and advances official_to)
INSERT INTO calendar_notice (calendar, year, day, kind, name) VALUES
    ('cn', 2027, '2027-01-01', 'holiday', 'New Year''s Day / 元旦'),
    ('cn', 2027, '2027-02-20', 'workday', 'Spring Festival makeup workday / 春节调休上班');
-- corrects a shipped row, and re-inserts the key of another (merged into it)
UPDATE calendar_day SET name = 'Mid-autumn Festival / 中秋节 (checked)' WHERE calendar = 'cn' AND day = '2025-10-06';
INSERT INTO calendar_day (calendar, day, kind, name) VALUES ('cn', '2026-05-05', 'holiday', 'Labour Day / 劳动节 (checked)');
-- and keeps a second calendar of their own (a six-day week)
INSERT INTO calendar (name, working_weekdays, time_zone, valid_from, valid_to, description)
VALUES ('site_b', '{1,2,3,4,5,6}', 'Asia/Urumqi', '2025-01-01', '2025-12-31', 'six-day week');
INSERT INTO calendar_day (calendar, day, kind, name) VALUES ('site_b', '2025-03-08', 'holiday', 'local');

INSERT INTO department (code, name, manager) VALUES ('D1', '一部 department one', 'Head');
INSERT INTO team (department_id, code, name, manager, manager_role)
SELECT id, 'T' || n, '组 team ' || n, 'manager ' || n, 'role_mgr_' || n FROM department, generate_series(1, 2) AS n;
INSERT INTO agent (employee_no, name, team_id, hired_on, role_name)
SELECT 'E' || lpad(i::text, 2, '0'), '员工 agent ' || i, (SELECT id FROM team WHERE code = 'T' || (1 + i % 2)),
       date '2024-01-01' + i, 'role_agent_' || i
FROM generate_series(1, 8) AS i;

INSERT INTO indicator (code, dimension, name_zh, name_en, unit, direction, min_value, max_value)
VALUES ('upsell_rate', 'capability', '追加销售率', 'upsell rate', 'rate', 'higher_better', 0, 1);

-- a scheme version from July with the own indicator (weights total 10,000 at commit)
BEGIN;
INSERT INTO scheme_version (name, valid_from, cutoffs, blend, note) VALUES ('2025 H2', '2025-07-01', '{88,78,68,58}', '{10,30,60}', 'test');
INSERT INTO scheme_item (scheme_version_id, indicator_id, weight_bp, worst, best, breakpoints, scores, critical, critical_threshold)
SELECT currval(pg_get_serial_sequence('perfeval.scheme_version', 'id')), indicator_id,
       CASE WHEN i.code = 'csat_score' THEN 700 ELSE weight_bp END, worst, best, breakpoints, scores, critical, critical_threshold
FROM scheme_item JOIN indicator i ON i.id = indicator_id WHERE scheme_version_id = 1;
INSERT INTO scheme_item (scheme_version_id, indicator_id, weight_bp, worst, best)
SELECT currval(pg_get_serial_sequence('perfeval.scheme_version', 'id')), id, 500, 0, 0.3 FROM indicator WHERE code = 'upsell_rate';
COMMIT;

-- measurements for January and February, through the bulk import (one bad row is quarantined)
SELECT * FROM import_measurements(
  (SELECT jsonb_agg(jsonb_build_object('employee_no', a.employee_no, 'month', m.month, 'indicator', i.code,
                                       'value', round((coalesce(si.worst, 3) + (coalesce(si.best, 5) - coalesce(si.worst, 3)) * (0.5 + 0.5 * random()))::numeric, 3),
                                       'source', 'system_log', 'collected_at', m.month || '-28T10:00:00Z'))
   FROM agent a CROSS JOIN (VALUES ('2025-01'), ('2025-02')) AS m(month)
   JOIN scheme_item si ON si.scheme_version_id = 1 JOIN indicator i ON i.id = si.indicator_id)
  || '[{"employee_no": "E01", "month": "2025-01", "indicator": "complaint_rate", "value": 2, "source": "system_log"}]'::jsonb,
  'batch-1') \g /dev/null
INSERT INTO measurement (agent_id, period_id, indicator_id, value, source)
SELECT a.id, period_of('month', '2025-07-01'), i.id, 0.12, 'third_party' FROM agent a, indicator i WHERE i.code = 'upsell_rate';
-- a later value replaces a stored one: its old value goes to measurement_history
UPDATE measurement SET value = 0.13 WHERE period_id = period_of('month', '2025-07-01') AND agent_id = (SELECT min(id) FROM agent);

INSERT INTO layer_score (agent_id, period_id, layer, score, note)
SELECT a.id, period_of('month', '2025-01-01'), l, 70 + a.id % 20, 'test' FROM agent a, unnest('{self,department}'::text[]) AS l;

-- January approved, February a draft, the first quarter rolled up
SELECT evaluate(period_of('month', '2025-01-01')), approve(period_of('month', '2025-01-01')) \g /dev/null
SELECT evaluate(period_of('month', '2025-02-01')) \g /dev/null
SELECT evaluate(period_of('quarter', '2025-01-01')) \g /dev/null

-- configuration rows of the consequences
INSERT INTO bonus_rule (scheme_version_id, grade, eligible, coefficient, note) VALUES (1, 'excellent', true, 1.75, 'ours');
INSERT INTO consequence_rule (consequence, kind, threshold, periods, note) VALUES ('bottom_elimination', 'month', 'pass', 4, 'ours');

-- an improvement plan
INSERT INTO improvement_plan (agent_id, baseline_period_id, title, assessment, owner, due_on)
SELECT id, period_of('month', '2025-01-01'), '计划 plan', 'slow replies', 'manager 1', '2025-06-30' FROM agent WHERE employee_no = 'E01';
INSERT INTO improvement_target (plan_id, indicator_id, target_value)
SELECT p.id, i.id, 25 FROM improvement_plan p, indicator i WHERE i.code = 'avg_response_seconds';
INSERT INTO improvement_measure (plan_id, kind, description, owner, due_on, done_on, effective)
SELECT id, 'tools', 'quick replies', 'IT', '2025-02-01', '2025-02-03', true FROM improvement_plan;

-- rewards, a bonus pool, penalties and appeals (H-3.3.1, H-6, H-8): 16 more
-- agents and September 2025 results for all 24, then the appeals demo
-- (test/demo/demo_appeals.sql picks its agents by query and approves
-- September); an own appeal setting and the bonus rule of a later version
INSERT INTO agent (employee_no, name, team_id, hired_on)
SELECT 'E' || lpad(i::text, 2, '0'), '员工 agent ' || i, (SELECT id FROM team WHERE code = 'T' || (1 + i % 2)), '2024-01-01'
FROM generate_series(9, 24) AS i;
INSERT INTO result (period_id, agent_id, scheme_version_id, team_id, department_id, total, grade)
SELECT period_of('month', '2025-09-01'), a.id, 1, a.team_id, t.department_id, x.total, grade_of(x.total::float8)
FROM agent AS a JOIN team AS t ON t.id = a.team_id,
     LATERAL (SELECT round(55 + ((a.id * 37) % 44)::numeric + 0.25, 2) AS total) AS x;
SELECT regrade(period_of('month', '2025-09-01'), 'ranks') \g /dev/null
INSERT INTO appeal_policy (name, value) VALUES ('leadership_days', '7');
INSERT INTO scheme_version (name, valid_from) VALUES ('v2030', '2030-01-01');
INSERT INTO bonus_rule (scheme_version_id, grade, eligible, coefficient, note)
SELECT id, 'excellent', true, 2, 'v2030' FROM scheme_version WHERE name = 'v2030';
\o /dev/null
\ir ../demo/demo_appeals.sql
\o
-- a deadline move as a loaded notice records it (deadline_move)
INSERT INTO deadline_move (appeal_id, deadline_id, step, old_due_at, new_due_at, reason)
SELECT d.appeal_id, d.id, d.step, d.due_at, d.due_at + interval '1 day', 'dump test: a notice moved it'
FROM appeal_deadline AS d ORDER BY d.id LIMIT 1;
-- issue 14: a feedback interview (acknowledged), a suggestion (recognised),
-- the September report approved and a corrected version 2 as a draft
SELECT hold_interview(r.id::integer, 'calm on the phone', 'slow replies',
                      jsonb_build_array(jsonb_build_object('measure', 'shadow a colleague'),
                                        (SELECT jsonb_build_object('measure', 'the plan''s target', 'plan_id', t.plan_id, 'indicator', i.code)
                                         FROM improvement_target AS t JOIN improvement_plan AS p ON p.id = t.plan_id
                                         JOIN indicator AS i ON i.id = t.indicator_id WHERE p.agent_id = a.id ORDER BY i.code LIMIT 1)),
                      '2025-10-09 15:00+08', 'mgr_lin') AS dump_iv
FROM result_current AS r JOIN agent AS a ON a.id = r.agent_id
WHERE a.employee_no = 'E01' AND r.period_id = period_of('month', '2025-09-01') \gset
SELECT acknowledge_interview(:dump_iv, 'agreed', '2025-10-10 09:00+08', 'e01') \g /dev/null
SELECT recognise_suggestion(record_suggestion('shorter survey', agent_id => a.id, at => '2025-10-20 10:00+08', actor => 'hr_zhou'),
                            'commended', '2025-10-24 10:00+08', 'hr_zhou')
FROM agent AS a WHERE a.employee_no = 'E02' \g /dev/null
SELECT report_approve(report_compile(period_of('month', '2025-09-01'), actor => 'hr_zhou'), 'ceo_chen') \g /dev/null
SELECT report_compile(period_of('month', '2025-09-01'), reason => 'corrected', actor => 'hr_zhou') \g /dev/null
-- scheme revisions (issue 15): one approved from next month, one draft with
-- a problem and a consultation comment; a calibration setting
SELECT revision_draft('approved revision', 1, 'dump test') AS rev \gset
SELECT revision_submit(:rev) \g /dev/null
SELECT revision_approve(:rev, true, (date_trunc('month', current_date) + interval '1 month')::date, 'ok') \g /dev/null
SELECT revision_draft('draft revision', 1, 'dump test') AS rev \gset
SELECT revision_problem(:rev, 'appeal_statistics', 'appeals in September', period_of('month', '2025-09-01')) \g /dev/null
SELECT revision_comment(:rev, 'a comment') \g /dev/null
INSERT INTO calibration_policy (name, value) VALUES ('leniency_threshold', 7.5);
-- contact events (issue 13): a user-owned event table and a derivation of
-- November 2025 from it (event_derivation, measurements, a quarantined row)
SELECT create_event_table('public.dump_events') IS NOT NULL AS made \gset
INSERT INTO public.dump_events (source, contact_id, agent_id, kind, customer_id, received_at, first_response_at, resolved_at)
SELECT 'crm', 'c' || a.id, a.id, 'contact', 'k' || a.id, '2025-11-03 10:00+08', '2025-11-03 10:20+08', '2025-11-03 11:00+08'
FROM agent AS a WHERE a.employee_no IN ('E01', 'E02');
INSERT INTO public.dump_events (source, contact_id, agent_id, kind, received_at) VALUES ('crm', 'ghost', 987654, 'contact', '2025-11-04 10:00+08');
SELECT count(*) FROM derive_measurements('public.dump_events', '2025-11-01', work_clock('{09:00-12:00,13:30-18:00}')) \g /dev/null
