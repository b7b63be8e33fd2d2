-- pgTAP: penalties (H-6.2.1 ladder, H-6.2.2 measures), their flow, the
-- ladder's next step within its window, and the personal file (H-6.3.2).
BEGIN;
CREATE EXTENSION IF NOT EXISTS perfeval;
\ir ../fixture/appeal_org.sql
SELECT plan(26);

SELECT has_table('perfeval', 'penalty', 'table perfeval.penalty exists');
SELECT has_view('perfeval', 'personal_file', 'view perfeval.personal_file exists');
SELECT enum_has_labels('perfeval', 'penalty_kind', ARRAY['verbal_warning', 'written_warning', 'suspension_training', 'termination'],
                       'H-6.2.1: the ladder verbal warning < written warning < suspension with training < termination');

-- H-6.2.2 measures and the fine's amount
SELECT throws_ok(format($$SELECT perfeval.penalty_propose(%s, 'written_warning', 'late', '{flogging}')$$, pg_temp.ag('E6')),
                 '23514', NULL, 'H-6.2.2: an unknown measure is refused');
SELECT throws_ok(format($$SELECT perfeval.penalty_propose(%s, 'written_warning', 'late', '{fine}')$$, pg_temp.ag('E6')),
                 '23514', NULL, 'H-6.2.2 (1): a fine needs its amount');
SELECT throws_ok(format($$SELECT perfeval.penalty_propose(%s, 'written_warning', 'late', '{pay_cut}', 200)$$, pg_temp.ag('E6')),
                 '23514', NULL, 'only a fine has an amount');
SELECT throws_ok(format($$SELECT perfeval.penalty_propose(%s, 'written_warning', 'late', '{}', NULL, '2025-10-01', '2025-09-01')$$, pg_temp.ag('E6')),
                 '23514', NULL, 'a penalty cannot end before it starts');
SELECT throws_ok(format($$SELECT perfeval.penalty_propose(%s, 'written_warning', 'late', '{}', NULL, 'infinity')$$, pg_temp.ag('E6')),
                 '23514', NULL, 'an infinite start date is refused');
SELECT throws_ok(format($$SELECT perfeval.penalty_propose(%s, 'written_warning', '')$$, pg_temp.ag('E6')),
                 '23514', NULL, 'a penalty needs a reason');

-- the flow: proposed -> approved -> announced
SELECT perfeval.penalty_propose(pg_temp.ag('E6'), 'verbal_warning', 'rude to a customer on 2025-09-18', '{public_criticism}',
                                effective_from => '2025-09-26', period_id => :sep, actor => 'mgr_wang', at => '2025-09-25 10:00+08') AS p1 \gset
SELECT is((SELECT result_id FROM perfeval.penalty WHERE id = :p1), pg_temp.res('E6'), 'a penalty following a period rests on its result');
SELECT is(pg_temp.err(format('SELECT perfeval.penalty_announce(%s)', :p1)), '55000 Allowed next steps: approved, rejected.',
          'H-6.3.2: a proposal is announced only after approval (hint lists the allowed steps)');
SELECT is(perfeval.penalty_approve(:p1, true, actor => 'ceo_zhang', at => '2025-09-25 15:00+08'), 'approved', 'leadership approves');
SELECT is(perfeval.penalty_announce(:p1, actor => 'mgr_wang', at => '2025-09-26 10:00+08'), 'announced', 'H-6.3.2: the manager announces');
SELECT is(pg_temp.err(format($$UPDATE perfeval.penalty SET state = 'proposed' WHERE id = %s$$, :p1)), '55000 Allowed next steps: revoked.',
          'a direct UPDATE cannot move a penalty back');
SELECT is(pg_temp.err(format($$UPDATE perfeval.penalty SET kind = 'termination' WHERE id = %s$$, :p1)),
          '55000 Reject it and propose again, or revoke it through an appeal (H-6.3.3).', 'an announced penalty''s content is fixed');

-- H-6.2.1: the next step of the ladder from the penalties in force
SELECT is(perfeval.next_penalty(pg_temp.ag('E5'), '2025-10-01'), 'verbal_warning', 'H-6.2.1: no penalty in force: a verbal warning');
SELECT is(perfeval.next_penalty(pg_temp.ag('E6'), '2025-10-01'), 'written_warning', 'H-6.2.1: a verbal warning in force: a written warning next');
SELECT is(perfeval.next_penalty(pg_temp.ag('E6'), '2025-09-25'), 'verbal_warning', 'a penalty is not in force before effective_from');
SELECT is(perfeval.next_penalty(pg_temp.ag('E6'), '2026-09-26'), 'verbal_warning',
          'H-6.2.1: without an end a penalty stays in force 12 months (the default window): gone on 2026-09-26');
SELECT is(perfeval.next_penalty(pg_temp.ag('E6'), '2026-09-25'), 'written_warning', '... and still in force on 2026-09-25');
SELECT is(perfeval.next_penalty(pg_temp.ag('E6'), '2026-12-01', 24), 'written_warning', 'the window is configurable (24 months)');
SELECT perfeval.penalty_approve(perfeval.penalty_propose(pg_temp.ag('E6'), 'suspension_training', 'data leak', '{fine,demotion}', 2000,
                                                         '2025-10-10', '2025-12-31', actor => 'mgr_wang', at => '2025-10-09 10:00+08'),
                                true, at => '2025-10-09 11:00+08') AS x \gset
SELECT is(perfeval.next_penalty(pg_temp.ag('E6'), '2025-11-01'), 'written_warning', 'an approved but unannounced penalty is not in force');
SELECT perfeval.penalty_announce(id, at => '2025-10-10 09:00+08') FROM perfeval.penalty WHERE kind = 'suspension_training' \gset
SELECT results_eq(format($$SELECT perfeval.next_penalty(%s, d) FROM unnest('{2025-11-01,2026-01-01}'::date[]) AS d$$, pg_temp.ag('E6')),
                  $$VALUES ('termination'::perfeval.penalty_kind), ('written_warning')$$,
                  'H-6.2.1: after a suspension the next step is termination, while it is in force (to its effective_until)');
SELECT throws_ok(format('SELECT perfeval.next_penalty(%s, ''2025-11-01'', 0)', pg_temp.ag('E6')), '22023', NULL,
                 'a window below one month is refused');

-- H-6.3.2: the personal file holds the announced penalties and rewards, team awards for the members
SELECT perfeval.reward_nominate('quarterly_contribution', 'cash', 6000, :q3, team_id => (SELECT id FROM perfeval.team WHERE code = 'T2'),
                                reason => 'peak season', at => '2025-10-09 10:00+08') AS tw \gset
SELECT perfeval.reward_review(:tw, true, at => '2025-10-09 11:00+08') AS x \gset
SELECT perfeval.reward_approve(:tw, true, at => '2025-10-09 12:00+08') AS x \gset
SELECT perfeval.reward_announce(:tw, at => '2025-10-09 13:00+08') AS x \gset
SELECT results_eq(format($$SELECT entry, kind, detail, amount, team_award FROM perfeval.personal_file WHERE agent_id = %s ORDER BY decided_at$$, pg_temp.ag('E6')),
                  $$VALUES ('penalty', 'verbal_warning', 'public_criticism', NULL::numeric, false),
                           ('reward', 'quarterly_contribution', 'cash', 6000.00, true),
                           ('penalty', 'suspension_training', 'fine, demotion', 2000.00, false)$$,
                  'H-6.3.2: the personal file lists announced penalties and rewards, team awards included');
SELECT is((SELECT count(*)::int FROM perfeval.personal_file WHERE employee_no IN ('E5', 'E6', 'E7', 'E8') AND entry = 'reward'), 4,
          'H-6.1.1 (2): a team award is in the file of every member');

SELECT * FROM finish();
ROLLBACK;
