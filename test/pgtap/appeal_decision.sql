-- pgTAP: appeals against a reward or penalty decision (H-6.3.3): filing
-- within 3 working days of the announcement, the manager's answer within 5
-- working days of receipt, else leadership decides finally; deadlines on cn
-- across National Day 2025 (make-up Sunday 2025-09-28 and Saturday
-- 2025-10-11; 1-8 October off); an upheld appeal revokes the decision.
BEGIN;
CREATE EXTENSION IF NOT EXISTS perfeval;
\ir ../fixture/appeal_org.sql
SELECT plan(20);

-- a penalty announced Friday 2025-09-26
SELECT perfeval.penalty_propose(pg_temp.ag('E6'), 'written_warning', 'repeated late replies', '{fine}', 200,
                                '2025-09-26', actor => 'mgr_wang', at => '2025-09-25 10:00+08') AS p1 \gset
SELECT perfeval.penalty_approve(:p1, true, at => '2025-09-25 11:00+08') AS x \gset
SELECT throws_ok(format($$SELECT perfeval.file_penalty_appeal(%s, 'x', at => '2025-09-25 12:00+08')$$, :p1),
                 '55000', NULL, 'H-6.3.3: only an announced decision can be appealed');
SELECT perfeval.penalty_announce(:p1, actor => 'mgr_wang', at => '2025-09-26 10:00+08') AS x \gset
-- H-6.3.3 (1): 3 working days: Sun 28 (make-up), Mon 29, Tue 30 -> late from 2025-10-01 00:00 +08
SELECT is(pg_temp.err(format($$SELECT perfeval.file_penalty_appeal(%s, 'x', at => '2025-10-01 00:00+08')$$, :p1)),
          '23514 A late filing is refused unless an override is given: pass override_reason (it is recorded with who gave it).',
          'H-6.3.3 (1): filing on 1 October, after the 3 working days (make-up Sunday 28 September counted), is late (23514)');
SELECT perfeval.file_penalty_appeal(:p1, 'the replies were late because the system was down', 'face_to_face', 'pe_t_agent6',
                                    '2025-09-30 18:00+08') AS a1 \gset
-- H-6.3.3 (2): received 30 Sep -> 5 working days: 9, 10, Sat 11 (make-up), 13, 14 Oct -> late from 2025-10-15 00:00 +08
SELECT results_eq(format($$SELECT path, state, appellant_id, filing_due_at, due_at FROM perfeval.appeal WHERE id = %s$$, :a1),
                  format($$VALUES ('decision', 'filed', %s, '2025-10-01 00:00+08'::timestamptz, '2025-10-15 00:00+08'::timestamptz)$$, pg_temp.ag('E6')),
                  'H-6.3.3 (1)-(2): filed in time; the manager''s answer is due before 2025-10-15 00:00 +08 (National Day skipped, Sat 11 Oct counted)');
SELECT is(perfeval.appeal_days_left((SELECT due_at FROM perfeval.appeal WHERE id = :a1), 'cn', '2025-09-30 20:00+08'), 6,
          'working days left on 30 Sep: 30 Sep, 9, 10, 11, 13, 14 Oct (perfeval.networkdays)');
SELECT is(perfeval.appeal_days_left((SELECT due_at FROM perfeval.appeal WHERE id = :a1), 'cn', '2025-10-15 10:00+08'), -1,
          'one working day late on 15 Oct');
SELECT is(pg_temp.err(format($$SELECT perfeval.appeal_acknowledge(%s)$$, :a1)),
          '55000 Allowed next steps: answer (-> closed), escalate (-> leadership_review), withdraw (-> withdrawn).',
          'a decision appeal has its own steps (hint)');
SELECT is(perfeval.appeal_escalate(:a1, 'needs the IT incident report', 'mgr_wang', '2025-10-14 17:00+08'), 'leadership_review',
          'H-6.3.3 (3): the manager cannot answer: leadership decides');
SELECT is((SELECT due_at FROM perfeval.appeal WHERE id = :a1), '2025-10-29 00:00+08'::timestamptz,
          'leadership''s decision is due within leadership_days (default 10) working days: 15 Oct .. 28 Oct');
SELECT is(pg_temp.err(format($$SELECT perfeval.appeal_answer(%s, 'upheld')$$, :a1)), '55000 Allowed next steps: decide (-> closed).',
          'H-6.3.3 (3): once escalated the manager no longer answers');
SELECT is(perfeval.appeal_decide(:a1, 'upheld', 'the outage is confirmed', actor => 'ceo_zhang', at => '2025-10-20 10:00+08'), 'closed',
          'H-6.3.3 (3): leadership decides, finally');
SELECT results_eq(format($$SELECT state, closed_by, closed_at FROM perfeval.penalty WHERE id = %s$$, :p1),
                  $$VALUES ('revoked', 'ceo_zhang'::name, '2025-10-20 10:00+08'::timestamptz)$$,
                  'H-6.3.3: an upheld appeal revokes the penalty');
SELECT is(perfeval.next_penalty(pg_temp.ag('E6'), '2025-11-01'), 'verbal_warning', 'a revoked penalty no longer counts on the ladder');
SELECT is(pg_temp.err(format($$SELECT perfeval.appeal_decide(%s, 'dismissed')$$, :a1)), '55000 No further step is allowed.',
          'H-6.3.3 (3): the leadership decision is final');

-- a reward: the manager answers (dismissed) within 5 working days
SELECT perfeval.reward_nominate('monthly_excellent', 'cash', 800, :sep, agent_id => pg_temp.ag('E7'), reason => 'top CSAT',
                                at => '2025-10-09 09:00+08') AS rw \gset
SELECT perfeval.reward_review(:rw, true, at => '2025-10-09 10:00+08') AS x \gset
SELECT perfeval.reward_approve(:rw, true, at => '2025-10-09 11:00+08') AS x \gset
SELECT perfeval.reward_announce(:rw, at => '2025-10-10 10:00+08') AS x \gset
SELECT throws_ok(format($$SELECT perfeval.file_reward_appeal(%s, 'x', %s)$$, :rw, pg_temp.ag('E1')), '22023', NULL,
                 'only the agent concerned appeals against an individual award');
SELECT perfeval.file_reward_appeal(:rw, 'the amount should be 1000 as for E1 in August', actor => 'pe_t_agent7', at => '2025-10-14 09:00+08') AS a2 \gset
SELECT results_eq(format($$SELECT filing_due_at, due_at FROM perfeval.appeal WHERE id = %s$$, :a2),
                  $$VALUES ('2025-10-15 00:00+08'::timestamptz, '2025-10-22 00:00+08'::timestamptz)$$,
                  'H-6.3.3: announced Fri 10 Oct: filing within Sat 11 (make-up), 13, 14 Oct; filed 14 Oct: answer within 15, 16, 17, 20, 21 Oct');
SELECT is(perfeval.appeal_answer(:a2, 'dismissed', 'the amounts follow the pool', 'mgr_wang', '2025-10-16 10:00+08'), 'closed',
          'H-6.3.3 (2): the manager answers');
SELECT is((SELECT state FROM perfeval.reward WHERE id = :rw), 'announced', 'a dismissed appeal leaves the reward as it is');

-- a team award: any member appeals, naming themselves
SELECT perfeval.reward_nominate('quarterly_contribution', 'certificate', NULL, :q3, team_id => (SELECT id FROM perfeval.team WHERE code = 'T1'),
                                reason => 'Q3 contribution', at => '2025-10-09 09:00+08') AS tw \gset
SELECT perfeval.reward_review(:tw, true, at => '2025-10-09 10:00+08') AS x \gset
SELECT perfeval.reward_approve(:tw, true, at => '2025-10-09 11:00+08') AS x \gset
SELECT perfeval.reward_announce(:tw, at => '2025-10-09 12:00+08') AS x \gset
SELECT throws_ok(format($$SELECT perfeval.file_reward_appeal(%s, 'x', %s, at => '2025-10-10 09:00+08')$$, :tw, pg_temp.ag('E7')), '22023', NULL,
                 'an appeal against a team award comes from a member of the team');
SELECT lives_ok(format($$SELECT perfeval.file_reward_appeal(%s, 'should be cash', %s, at => '2025-10-10 09:00+08')$$, :tw, pg_temp.ag('E2')),
                'a member of the awarded team may appeal');
SELECT is(perfeval.appeal_withdraw(a.id, 'agreed with the manager', at => '2025-10-10 15:00+08'), 'withdrawn', 'an appeal can be withdrawn')
FROM perfeval.appeal AS a WHERE a.reward_id = :tw;

SELECT * FROM finish();
ROLLBACK;
