-- pgTAP: appeals against an appraisal result (H-8): the state machine, every
-- deadline on calendar cn (around National Day 2025, with the make-up
-- workdays Sunday 2025-09-28 and Saturday 2025-10-11), late filing and its
-- override, the upheld appeal's new revision and re-grading, the
-- append-only event log, and the views.
BEGIN;
CREATE EXTENSION IF NOT EXISTS perfeval;
\ir ../fixture/appeal_org.sql
SELECT plan(60);

-- pg_temp.fresh(period, agent): 'team/department/company' ranks of the agent
-- by a fresh rank() over the period's current totals (ties by employee number)
CREATE FUNCTION pg_temp.fresh(pid integer, aid integer) RETURNS text LANGUAGE sql AS $f$
    SELECT format('%s/%s/%s', x.rt, x.rd, x.rc)
    FROM (SELECT r.agent_id,
                 rank() OVER (PARTITION BY r.team_id ORDER BY r.total DESC, a.employee_no COLLATE "C") AS rt,
                 rank() OVER (PARTITION BY r.department_id ORDER BY r.total DESC, a.employee_no COLLATE "C") AS rd,
                 rank() OVER (ORDER BY r.total DESC, a.employee_no COLLATE "C") AS rc
          FROM perfeval.result_current AS r JOIN perfeval.agent AS a ON a.id = r.agent_id
          WHERE r.period_id = pid AND r.total IS NOT NULL) AS x
    WHERE x.agent_id = aid
$f$;

SELECT has_table('perfeval', t, 'table perfeval.' || t || ' exists')
FROM unnest(ARRAY['appeal', 'appeal_event', 'appeal_deadline', 'flow_state', 'flow_step', 'appeal_policy', 'result_feedback']) AS t;
SELECT has_view('perfeval', v, 'view perfeval.' || v || ' exists')
FROM unnest(ARRAY['appeal_state', 'appeal_flow', 'appeal_open', 'appeal_overdue', 'appeal_archive', 'appeal_statistics']) AS v;

-- H-8.2.1 (3): the filing window, 10 working days (the default) after the
-- feedback of Wednesday 2025-09-24: 25, 26, Sun 28 (make-up), 29, 30 Sep,
-- 9, 10, Sat 11 (make-up), 13, 14 Oct -> late from 2025-10-15 00:00 +08
SELECT is(pg_temp.err(format($$SELECT perfeval.file_result_appeal(%s, 'CSAT miscounted', at => '2025-10-15 00:00+08')$$, pg_temp.res('E5'))),
          '23514 A late filing is refused unless an override is given: pass override_reason (it is recorded with who gave it).',
          'H-8.2.1 (3): a filing at 2025-10-15 00:00 +08, 10 working days after the feedback across National Day, is late (23514)');
SELECT perfeval.file_result_appeal(pg_temp.res('E5'), 'CSAT miscounted in week 38', 'email', 'pe_t_agent5', '2025-09-30 15:00+08') AS a1 \gset
SELECT results_eq(format($$SELECT state, window_from, filing_due_at, due_at, channel FROM perfeval.appeal WHERE id = %s$$, :a1),
                  $$VALUES ('filed', '2025-09-24 10:00+08'::timestamptz, '2025-10-15 00:00+08'::timestamptz,
                            '2025-10-15 00:00+08'::timestamptz, 'email')$$,
                  'H-8.1.1-3, H-8.2.1 (3): filed in time by e-mail; HR must acknowledge within 5 working days: 9, 10, Sat 11, 13, 14 Oct');
SELECT throws_ok(format($$SELECT perfeval.file_result_appeal(%s, 'again', at => '2025-10-01 09:00+08')$$, pg_temp.res('E5')),
                 '55000', NULL, 'a result has one open appeal at a time');
SELECT throws_ok(format($$SELECT perfeval.file_result_appeal(%s, 'x', 'fax')$$, pg_temp.res('E1')),
                 '23514', NULL, 'H-8.1.2: the channels are email, form and face_to_face');
SELECT throws_ok(format($$SELECT perfeval.file_result_appeal(%s, '')$$, pg_temp.res('E1')),
                 '23514', NULL, 'H-8.1.1: an appeal is filed with its grounds');
SELECT throws_ok(format($$SELECT perfeval.file_result_appeal(%s, 'x', at => now() + interval '1 day')$$, pg_temp.res('E1')),
                 '22023', NULL, 'a step cannot be dated in the future');
SELECT throws_ok($$SELECT perfeval.file_result_appeal(-1, 'x')$$, '42704', NULL, 'an unknown result: 42704');

-- H-8.1.3 .. H-8.3.2: each step and its stored deadline
SELECT is(perfeval.appeal_acknowledge(:a1, 'procedure explained', 'hr_zhou', '2025-10-09 10:00+08'), 'acknowledged', 'H-8.1.3: HR acknowledges');
SELECT is(perfeval.appeal_accept(:a1, 'complete, in time', 'hr_zhou', '2025-10-10 10:00+08'), 'under_review', 'H-8.2.1: eligible');
SELECT is(perfeval.appeal_decide(:a1, 'dismissed', 'CSAT data verified', actor => 'qa_dept', at => '2025-10-17 10:00+08'), 'reviewed',
          'H-8.2.2: the departments review');
SELECT is(perfeval.appeal_notify(:a1, actor => 'hr_zhou', at => '2025-10-20 10:00+08'), 'notified', 'H-8.2.4: the result is notified');
SELECT is(pg_temp.err(format($$SELECT perfeval.appeal_conclude(%s, at => '2025-10-21 10:00+08')$$, :a1)),
          '55000 Conclude after the window, or pass waived => true if the appellant accepts the result.',
          'H-8.2.5: HR cannot conclude while the re-appeal window is open');
SELECT is(perfeval.appeal_reappeal(:a1, 'the survey sample was wrong', 'pe_t_agent5', '2025-10-27 18:00+08'), 'leadership_review',
          'H-8.2.5: the appellant appeals again to leadership within 5 working days');
SELECT is(perfeval.appeal_decide(:a1, 'upheld', 'sample excluded', new_total => 86.5, corrections => '{"company_score": 86.5}',
                                 actor => 'ceo_zhang', at => '2025-11-03 10:00+08'), 'handled',
          'H-8.2.5: leadership decides (upheld, with the corrected total)');
SELECT is(perfeval.appeal_feedback(:a1, 'total corrected to 86.5, grade good', 'hr_zhou', '2025-11-05 10:00+08'), 'closed',
          'H-8.3.2: written feedback closes the case');
SELECT results_eq(format($$SELECT step, rule_id, working_days, due_at, done_at, done_action FROM perfeval.appeal_deadline
                           WHERE appeal_id = %s ORDER BY id$$, :a1),
    $$VALUES ('filing', 'H-8.2.1', 10, '2025-10-15 00:00+08'::timestamptz, '2025-09-30 15:00+08'::timestamptz, 'file'),
             ('filed', 'H-8.1.3', 5, '2025-10-15 00:00+08', '2025-10-09 10:00+08', 'acknowledge'),
             ('acknowledged', 'H-8.2.1', 5, '2025-10-16 00:00+08', '2025-10-10 10:00+08', 'accept'),
             ('under_review', 'H-8.2.2', 10, '2025-10-24 00:00+08', '2025-10-17 10:00+08', 'decide'),
             ('reviewed', 'H-8.2.4', 5, '2025-10-25 00:00+08', '2025-10-20 10:00+08', 'notify'),
             ('notified', 'H-8.2.5', 5, '2025-10-28 00:00+08', '2025-10-27 18:00+08', 'reappeal'),
             ('leadership_review', 'H-8.2.5', 10, '2025-11-11 00:00+08', '2025-11-03 10:00+08', 'decide'),
             ('handled', 'H-8.3.2', 5, '2025-11-11 00:00+08', '2025-11-05 10:00+08', 'feedback')$$,
    'H-8.1.3 (5), H-8.2.2 (10), H-8.2.4 (5), H-8.2.5 (5), H-8.3.2 (5): every deadline on cn, stored (Sat 2025-10-11 counts, 1-8 Oct do not)');
SELECT results_eq(format($$SELECT from_state, to_state, action, actor, at, outcome FROM perfeval.appeal_event WHERE appeal_id = %s ORDER BY id$$, :a1),
    $$VALUES (NULL, 'filed', 'file', 'pe_t_agent5'::name, '2025-09-30 15:00+08'::timestamptz, NULL),
             ('filed', 'acknowledged', 'acknowledge', 'hr_zhou', '2025-10-09 10:00+08', NULL),
             ('acknowledged', 'under_review', 'accept', 'hr_zhou', '2025-10-10 10:00+08', NULL),
             ('under_review', 'reviewed', 'decide', 'qa_dept', '2025-10-17 10:00+08', 'dismissed'),
             ('reviewed', 'notified', 'notify', 'hr_zhou', '2025-10-20 10:00+08', NULL),
             ('notified', 'leadership_review', 'reappeal', 'pe_t_agent5', '2025-10-27 18:00+08', NULL),
             ('leadership_review', 'handled', 'decide', 'ceo_zhang', '2025-11-03 10:00+08', 'upheld'),
             ('handled', 'closed', 'feedback', 'hr_zhou', '2025-11-05 10:00+08', NULL)$$,
    'every step is in appeal_event with from and to state, actor, time and outcome');

-- the upheld appeal: a new revision, the old kept, is_current moved, the period re-ranked
SELECT results_eq(format($$SELECT revision, is_current, total, grade::text, company_score FROM perfeval.result
                           WHERE agent_id = %s AND period_id = %s ORDER BY revision$$, pg_temp.ag('E5'), :sep),
    $$VALUES (1, false, 65.0000, 'pass', NULL::numeric), (2, false, 65.0000, 'pass', NULL),
             (3, true, 86.5000, 'good', 86.5000)$$,
    'H-8: the corrected result is ONE new revision (3), graded good by the cutoffs; revisions 1-2 are kept and readable; is_current moved to it');
SELECT is((SELECT string_agg(format('%s:%s:%s:%s:%s/%s/%s:%s', r.revision, r.is_current, r.total, r.grade,
                                    r.rank_team, r.rank_department, r.rank_company, r.evaluated_by), ' ')
           FROM perfeval.result AS r
           WHERE r.period_id = :sep AND r.agent_id = pg_temp.ag('E5') AND r.revision_reason LIKE 'appeal ' || :a1 || ' upheld%'),
          format('3:t:86.5000:%s:%s:ceo_zhang', perfeval.grade_of(86.5), pg_temp.fresh(:sep, pg_temp.ag('E5'))),
          'H-8.2.5, H-5.1: the appellant got exactly one new revision, by the deciding actor, with the corrected total, its grade and the ranks of a fresh rank() of the period''s current totals (2/3/3)');
SELECT results_eq(format($$SELECT a.employee_no, r.rank_team, r.rank_department, r.rank_company FROM perfeval.result_current AS r
                           JOIN perfeval.agent AS a ON a.id = r.agent_id WHERE r.period_id = %s ORDER BY r.rank_company$$, :sep),
    $$VALUES ('E1', 1, 1, 1), ('E7', 1, 2, 2), ('E5', 2, 3, 3), ('E2', 2, 4, 4), ('E8', 3, 5, 5),
             ('E3', 3, 6, 6), ('E4', 4, 7, 7), ('E6', 4, 8, 8)$$,
    'H-5.1: the appeal re-ranked team, department and company in the same transaction');
SELECT is((SELECT new_result_id FROM perfeval.appeal WHERE id = :a1), pg_temp.res('E5'), 'the appeal points to the new current result');
SELECT results_eq(format($$SELECT a.employee_no, count(*)::int FROM perfeval.result AS r JOIN perfeval.agent AS a ON a.id = r.agent_id
                           WHERE r.period_id = %s AND r.revision_reason LIKE 'appeal %s upheld%%' GROUP BY 1 ORDER BY 1$$, :sep, :a1),
    $$VALUES ('E2', 1), ('E3', 1), ('E5', 1), ('E8', 1)$$,
    'one new revision each: the appellant, and the results whose ranks changed (E2 company 3 -> 4, E8 team 2 -> 3, company 4 -> 5, E3 5 -> 6)');

-- late filing with a recorded override; late re-appeal likewise
SELECT perfeval.file_result_appeal(pg_temp.res('E6'), 'missed the window: sick leave', 'form', 'pe_t_agent6', '2025-10-20 10:00+08',
                                   override_reason => 'medical certificate for 13-17 Oct') AS a2 \gset
SELECT results_eq(format($$SELECT override_by, override_reason FROM perfeval.appeal WHERE id = %s$$, :a2),
                  $$VALUES ('pe_t_agent6'::name, 'medical certificate for 13-17 Oct')$$,
                  'H-8.2.1 (3): a late filing with an override is admitted and the override recorded (who, why)');
SELECT is((SELECT note FROM perfeval.appeal_event WHERE appeal_id = :a2), 'late filing admitted by pe_t_agent6: medical certificate for 13-17 Oct',
          'the override is in the event log');
SELECT perfeval.appeal_acknowledge(:a2, actor => 'hr_zhou', at => '2025-10-21 10:00+08') AS x \gset
SELECT is(perfeval.appeal_reject(:a2, 'filed late; the medical certificate does not cover 20 Oct', 'hr_zhou', '2025-10-22 10:00+08'), 'handled',
          'H-8.2.1: the eligibility check may reject: handled, outcome ineligible');
SELECT is((SELECT outcome FROM perfeval.appeal WHERE id = :a2), 'ineligible', 'the outcome of a rejected appeal is ineligible');

SELECT perfeval.file_result_appeal(pg_temp.res('E3'), 'teamwork rating', at => '2025-10-09 09:00+08') AS a3 \gset
SELECT perfeval.appeal_acknowledge(:a3, at => '2025-10-09 10:00+08') AS x \gset
SELECT perfeval.appeal_accept(:a3, at => '2025-10-09 11:00+08') AS x \gset
SELECT perfeval.appeal_decide(:a3, 'dismissed', at => '2025-10-10 10:00+08') AS x \gset
SELECT perfeval.appeal_notify(:a3, at => '2025-10-10 11:00+08') AS x \gset
-- notified Friday 10 Oct: Sat 11, 13, 14, 15, 16 -> the re-appeal window ends 2025-10-17 00:00 +08
SELECT is(pg_temp.err(format($$SELECT perfeval.appeal_reappeal(%s, 'still wrong', at => '2025-10-17 08:00+08')$$, :a3)),
          '23514 A late filing is refused unless an override is given: pass override_reason (it is recorded with who gave it).',
          'H-8.2.5: a re-appeal after 5 working days (Sat 2025-10-11 counted) is late (23514)');
SELECT is(perfeval.appeal_reappeal(:a3, 'still wrong', 'pe_t_agent3', '2025-10-17 08:00+08', 'HR was unreachable on 16 Oct'),
          'leadership_review', 'H-8.2.5: a late re-appeal with an override is admitted');
SELECT results_eq(format($$SELECT reappeal_override_by, reappeal_override_reason FROM perfeval.appeal WHERE id = %s$$, :a3),
                  $$VALUES ('pe_t_agent3'::name, 'HR was unreachable on 16 Oct')$$, 'the re-appeal override is recorded');

-- hints list the allowed steps; a step before the previous one is refused
SELECT is(pg_temp.err(format('SELECT perfeval.appeal_notify(%s)', :a3)),
          '55000 Allowed next steps: decide (-> handled).', 'an illegal step raises 55000 with the allowed next steps');
SELECT is(pg_temp.err(format($$SELECT perfeval.appeal_decide(%s, 'dismissed', at => '2025-10-16 10:00+08')$$, :a3)), '22023 ',
          'a step cannot precede the previous one');
SELECT is(pg_temp.err(format($$SELECT perfeval.appeal_decide(%s, 'partly')$$, :a3)), '22023 ', 'the outcome is upheld or dismissed');
SELECT is(pg_temp.err(format($$SELECT perfeval.appeal_decide(%s, 'upheld', at => '2025-10-20 10:00+08')$$, :a3)),
          '22004 Pass new_total (0-100) and, if they change, corrections such as {"self_score": 85}.',
          'an upheld result appeal needs the corrected total');
SELECT is(pg_temp.err(format($$SELECT perfeval.appeal_decide(%s, 'upheld', new_total => 80, corrections => '{"grade": "excellent"}', at => '2025-10-20 10:00+08')$$, :a3)),
          '22023 Correct attitude, capability, efficiency, satisfaction, measured_total, self_score, department_score, company_score or critical_failed.',
          'corrections cannot set the grade or ranks (they are computed)');
SELECT is(pg_temp.err(format($$SELECT perfeval.appeal_decide(%s, 'upheld', new_total => 'NaN', at => '2025-10-20 10:00+08')$$, :a3)), '22003 Totals are on the 0-100 scale of perfeval.result.',
          'a NaN total is refused (22003)');

-- direct UPDATEs: a legal step is logged as taken by the current user, an illegal one refused
UPDATE perfeval.appeal SET state = 'handled', outcome = 'dismissed' WHERE id = :a3;
SELECT results_eq(format($$SELECT from_state, to_state, action, actor, note FROM perfeval.appeal_event WHERE appeal_id = %s ORDER BY id DESC LIMIT 1$$, :a3),
                  $$VALUES ('leadership_review', 'handled', 'decide', current_user, '[direct UPDATE]')$$,
                  'a direct UPDATE along the flow is logged too, as the current user');
SELECT is(pg_temp.err(format($$UPDATE perfeval.appeal SET state = 'filed' WHERE id = %s$$, :a3)),
          '55000 Allowed next steps: feedback (-> closed).', 'a direct UPDATE cannot skip or reverse states');
SELECT is(pg_temp.err(format($$UPDATE perfeval.appeal SET grounds = 'other' WHERE id = %s$$, :a3)),
          '55000 Withdraw the appeal and file a new one.', 'the filing cannot be changed');
SELECT is(pg_temp.err(format($$DELETE FROM perfeval.appeal WHERE id = %s$$, :a3)),
          '55000 HR keeps every appeal in the archive (H-8.3.3); withdraw it instead.', 'appeals cannot be deleted');

-- the append-only event log, for its owner too (the tests run as superuser)
SELECT is(pg_temp.err('UPDATE perfeval.appeal_event SET note = ''x'''), '55000 Record a correction as a new step with a note.',
          'H-8.3.3: UPDATE of appeal_event is refused');
SELECT is(pg_temp.err('DELETE FROM perfeval.appeal_event'), '55000 Record a correction as a new step with a note.',
          'H-8.3.3: DELETE of appeal_event is refused');
SELECT is(pg_temp.err('TRUNCATE perfeval.appeal_event'), '55000 Record a correction as a new step with a note.',
          'H-8.3.3: TRUNCATE of appeal_event is refused');
SELECT results_eq($$SELECT tgname::text COLLATE "default", tgtype::int FROM pg_trigger WHERE tgrelid = 'perfeval.appeal_event'::regclass AND NOT tgisinternal ORDER BY 1$$,
                  $$VALUES ('_direct_write_guard', 31), ('appeal_event_no_delete', 11), ('appeal_event_no_truncate', 34), ('appeal_event_no_update', 19)$$,
                  'appeal_event has BEFORE DELETE and UPDATE row triggers, a BEFORE TRUNCATE statement trigger, and the direct-write guard (issue 9)');

-- an upheld appeal under a forced distribution re-distributes the quota grades (H-5.1)
INSERT INTO perfeval.scheme_version (name, valid_from, grading, quotas, quota_scope)
VALUES ('quota 2025-10', '2025-10-01', 'quota', '{25,25,25,25,0}', 'company');
SELECT perfeval.period_of('month', '2025-10-01') AS oct \gset
INSERT INTO perfeval.result (period_id, agent_id, scheme_version_id, team_id, department_id, total, grade)
SELECT :oct, a.id, (SELECT id FROM perfeval.scheme_version WHERE name = 'quota 2025-10'), a.team_id, t.department_id, fx.total, 'pass'
FROM fx JOIN perfeval.agent AS a ON a.id = fx.agent JOIN perfeval.team AS t ON t.id = a.team_id;
SELECT perfeval.regrade(:oct, 'fixture: quota grades') AS x \gset
SELECT perfeval.approve(:oct) AS x \gset
SELECT results_eq(format($$SELECT string_agg(a.employee_no || ':' || r.grade, ' ' ORDER BY r.rank_company) FROM perfeval.result_current AS r
                           JOIN perfeval.agent AS a ON a.id = r.agent_id WHERE r.period_id = %s$$, :oct),
                  $$VALUES ('E1:excellent E7:excellent E2:good E8:good E3:medium E5:medium E4:pass E6:pass')$$,
                  'quota scheme 25/25/25/25/0 over the company before the appeal');
SELECT perfeval.record_feedback(:oct, pg_temp.ag('E6'), '2025-11-05 10:00+08') AS x \gset
SELECT perfeval.file_result_appeal(r.id, 'a week of calls missing', at => '2025-11-06 09:00+08') AS aq
FROM perfeval.result_current AS r WHERE r.period_id = :oct AND r.agent_id = pg_temp.ag('E6') \gset
SELECT perfeval.appeal_acknowledge(:aq, at => '2025-11-06 10:00+08') AS x \gset
SELECT perfeval.appeal_accept(:aq, at => '2025-11-06 11:00+08') AS x \gset
SELECT perfeval.appeal_decide(:aq, 'upheld', 'calls restored', new_total => 95, at => '2025-11-07 10:00+08') AS x \gset
SELECT results_eq(format($$SELECT string_agg(a.employee_no || ':' || r.grade, ' ' ORDER BY r.rank_company) FROM perfeval.result_current AS r
                           JOIN perfeval.agent AS a ON a.id = r.agent_id WHERE r.period_id = %s$$, :oct),
                  $$VALUES ('E6:excellent E1:excellent E7:good E2:good E8:medium E3:medium E5:pass E4:pass')$$,
                  'H-5.1: the upheld appeal re-distributed the quota grades and ranks of the period in the same transaction');
SELECT results_eq(format($$SELECT revision, is_current, total, grade::text, rank_team, rank_department, rank_company
                           FROM perfeval.result WHERE period_id = %s AND agent_id = %s ORDER BY revision$$, :oct, pg_temp.ag('E6')),
    $$VALUES (1, false, 55.0000, 'pass', NULL::int, NULL::int, NULL::int), (2, false, 55.0000, 'pass', 4, 8, 8),
             (3, true, 95.0000, 'excellent', 1, 1, 1)$$,
    'H-5.1: under quotas too the appellant gets one new revision (3) carrying the redistributed grade and the new ranks, not the old ones');
SELECT is((SELECT format('%s/%s/%s', r.rank_team, r.rank_department, r.rank_company) FROM perfeval.result_current AS r
           WHERE r.period_id = :oct AND r.agent_id = pg_temp.ag('E6')),
          pg_temp.fresh(:oct, pg_temp.ag('E6')), 'the appellant''s October ranks equal a fresh rank() of the current totals');

SELECT * FROM finish();
ROLLBACK;
