-- pgTAP: rewards (H-6.1.1 kinds, H-6.1.2 forms), their flow nomination ->
-- panel review -> leadership approval -> announcement (H-6.3.1-2), and bonus
-- pools allocated by grade coefficients (H-3.3.1).
BEGIN;
CREATE EXTENSION IF NOT EXISTS perfeval;
\ir ../fixture/appeal_org.sql
SELECT plan(40);

SELECT has_table('perfeval', t, 'table perfeval.' || t || ' exists')
FROM unnest(ARRAY['reward', 'bonus_coefficient', 'bonus_pool', 'bonus_allocation']) AS t;

-- H-6.1.1: the four kinds; a kind rests on its kind of period
SELECT perfeval.reward_nominate('monthly_excellent', 'cash', 500, :sep, agent_id => pg_temp.ag('E1'),
                                reason => 'best month of the team', actor => 'mgr_wang', at => '2025-10-09 10:00+08') AS rw \gset
SELECT is((SELECT result_id FROM perfeval.reward WHERE id = :rw), pg_temp.res('E1'),
          'H-6.3.1: a nomination rests on the agent''s current result of the period');
SELECT throws_ok(format($$SELECT perfeval.reward_nominate('monthly_excellent', 'cash', 500, %s, agent_id => %s, reason => 'x')$$,
                        :q3, pg_temp.ag('E1')),
                 '23514', NULL, 'H-6.1.1: a monthly award on a quarter is refused (23514)');
SELECT throws_ok(format($$SELECT perfeval.reward_nominate('annual_bonus', 'cash', 500, %s, agent_id => %s, reason => 'x')$$,
                        :sep, pg_temp.ag('E1')),
                 '23514', NULL, 'H-6.1.1: a year-end bonus rests on a year period');
SELECT throws_ok(format($$SELECT perfeval.reward_nominate('employee_of_decade', 'cash', 500, %s, agent_id => %s, reason => 'x')$$,
                        :sep, pg_temp.ag('E1')),
                 '23514', NULL, 'H-6.1.1: an unknown kind is refused');
SELECT lives_ok(format($$SELECT perfeval.reward_nominate('quarterly_contribution', 'goods', 3000, %s,
                                team_id => (SELECT id FROM perfeval.team WHERE code = 'T2'), reason => 'peak season', at => '2025-10-09 11:00+08')$$, :q3),
                'H-6.1.1 (2): a quarterly contribution award goes to a whole team');
SELECT throws_ok(format($$SELECT perfeval.reward_nominate('monthly_excellent', 'cash', 500, %s,
                                team_id => (SELECT id FROM perfeval.team WHERE code = 'T2'), reason => 'x')$$, :sep),
                 '23514', NULL, 'H-6.1.1: only the quarterly contribution award goes to a team');
SELECT throws_ok(format($$SELECT perfeval.reward_nominate('promotion_priority', 'certificate', NULL, %s, reason => 'x')$$, :sep),
                 '23514', NULL, 'a reward goes to an agent or a team');
-- H-6.1.2: forms
SELECT throws_ok(format($$SELECT perfeval.reward_nominate('promotion_priority', 'certificate', 100, %s, agent_id => %s, reason => 'x')$$,
                        :sep, pg_temp.ag('E2')),
                 '23514', NULL, 'H-6.1.2 (3): an honour certificate has no amount');
SELECT throws_ok(format($$SELECT perfeval.reward_nominate('monthly_excellent', 'cash', NULL, %s, agent_id => %s, reason => 'x')$$,
                        :sep, pg_temp.ag('E2')),
                 '23514', NULL, 'H-6.1.2 (1): a cash award has an amount');
SELECT throws_ok(format($$SELECT perfeval.reward_nominate('monthly_excellent', 'cash', 'NaN', %s, agent_id => %s, reason => 'x')$$,
                        :sep, pg_temp.ag('E2')),
                 '23514', NULL, 'a NaN amount is refused');
SELECT lives_ok(format($$SELECT perfeval.reward_nominate('promotion_priority', 'certificate', NULL, %s, agent_id => %s, reason => 'steady', at => '2025-10-09 12:00+08')$$,
                       :sep, pg_temp.ag('E7')),
                'H-6.1.1 (4), H-6.1.2 (3): promotion priority with a certificate');
SELECT throws_ok($$SELECT perfeval.reward_nominate('monthly_excellent', 'cash', 1, 1, agent_id => 1, reason => 'x', at => 'infinity')$$,
                 '22023', NULL, 'an infinite nomination time is refused');
SELECT throws_ok($$SELECT perfeval.reward_nominate('monthly_excellent', 'cash', 1, 1, agent_id => 1, reason => NULL)$$,
                 '22004', NULL, 'a nomination needs a reason');

-- H-6.3.1-2: the flow with who and when; illegal steps 55000 with the allowed ones
SELECT is(pg_temp.err(format('SELECT perfeval.reward_announce(%s)', :rw)), '55000 Allowed next steps: reviewed, rejected.',
          'H-6.3.1: a nomination cannot be announced before review and approval (hint lists the allowed steps)');
SELECT is(pg_temp.err(format('SELECT perfeval.reward_approve(%s, true)', :rw)), '55000 Allowed next steps: reviewed, rejected.',
          'H-6.3.1: leadership approves only what the panel reviewed');
SELECT is(perfeval.reward_review(:rw, true, actor => 'panel_li', at => '2025-10-10 10:00+08'), 'reviewed', 'H-6.3.1: the panel reviews');
SELECT is(pg_temp.err(format('SELECT perfeval.reward_announce(%s)', :rw)), '55000 Allowed next steps: approved, rejected.',
          'H-6.3.2: announcement needs leadership approval');
SELECT is(pg_temp.err(format($$SELECT perfeval.reward_approve(%s, true, at => '2025-10-09 09:00+08')$$, :rw)), '22023 ',
          'a step cannot precede the previous one');
SELECT is(perfeval.reward_approve(:rw, true, actor => 'ceo_zhang', at => '2025-10-11 10:00+08'), 'approved', 'H-6.3.1: leadership approves');
SELECT is(perfeval.reward_announce(:rw, 'announced at the monthly meeting', actor => 'mgr_wang', at => '2025-10-13 10:00+08'),
          'announced', 'H-6.3.2: the department manager announces');
SELECT results_eq(
    format($$SELECT nominated_by, nominated_at, reviewed_by, reviewed_at, approved_by, approved_at, announced_by, announced_at
             FROM perfeval.reward WHERE id = %s$$, :rw),
    $$VALUES ('mgr_wang'::name, '2025-10-09 10:00+08'::timestamptz, 'panel_li'::name, '2025-10-10 10:00+08'::timestamptz,
              'ceo_zhang'::name, '2025-10-11 10:00+08'::timestamptz, 'mgr_wang'::name, '2025-10-13 10:00+08'::timestamptz)$$,
    'H-6.3.1-2: every step records who and when');
SELECT is(pg_temp.err(format('UPDATE perfeval.reward SET amount = 5000 WHERE id = %s', :rw)), '55000 Reject it and nominate again.',
          'an announced reward''s content cannot be changed');
SELECT is(pg_temp.err(format('DELETE FROM perfeval.reward WHERE id = %s', :rw)),
          '55000 Reject or revoke it instead; decisions stay on record (H-6.3.2).', 'an announced reward cannot be deleted');
SELECT is(pg_temp.err(format($$UPDATE perfeval.reward SET state = 'announced', reviewed_at = now(), approved_at = now(), announced_at = now()
                              WHERE kind = 'promotion_priority'$$)),
          '55000 Allowed next steps: reviewed, rejected.', 'a direct UPDATE cannot skip the panel and leadership');
SELECT is(perfeval.reward_review(id, false, 'not enough data', actor => 'panel_li', at => '2025-10-10 11:00+08'), 'rejected',
          'H-6.3.1: the panel may reject a nomination')
FROM perfeval.reward WHERE kind = 'promotion_priority';
SELECT is(pg_temp.err(format('SELECT perfeval.reward_review(%s, true)', (SELECT id FROM perfeval.reward WHERE kind = 'promotion_priority'))),
          '55000 No further step is allowed.', 'a rejected nomination takes no further step');

-- H-3.3.1: bonus pools by grade coefficient, exact to the cent
SELECT results_eq($$SELECT grade::text, coefficient FROM perfeval.bonus_coefficient WHERE scheme_version_id = 1 ORDER BY coefficient DESC$$,
                  $$VALUES ('excellent', 1.5000), ('good', 1.2000), ('medium', 1.0000), ('pass', 0.8000), ('fail', 0.0000)$$,
                  'H-3.3.1: the seeded default coefficients of the default scheme');
SELECT throws_ok($$UPDATE perfeval.bonus_coefficient SET coefficient = 2 WHERE scheme_version_id = 1 AND grade = 'excellent'$$,
                 '55000', NULL, 'the seeded coefficients are read-only');
SELECT perfeval.allocate_bonus_pool(:sep, 10000) AS pool \gset
-- shares 1.5 (E1 91), 1.2 (E2 84), 1.0 (E3 72.5), 0.8 (E4 61), 0.8 (E5 65), 0 (E6 55), 1.2 (E7 88), 1.0 (E8 79):
-- 7.5 units of 1333.33...: floors sum to 9999.98, the 2 cents go to the largest remainders (E4, E5: 0.66 of a cent)
SELECT results_eq(
    format($$SELECT a.employee_no, b.grade::text, b.coefficient, b.amount FROM perfeval.bonus_allocation AS b
             JOIN perfeval.agent AS a ON a.id = b.agent_id WHERE b.pool_id = %s ORDER BY a.employee_no$$, :pool),
    $$VALUES ('E1', 'excellent', 1.5000, 2000.00), ('E2', 'good', 1.2000, 1600.00), ('E3', 'medium', 1.0000, 1333.33),
             ('E4', 'pass', 0.8000, 1066.67), ('E5', 'pass', 0.8000, 1066.67), ('E6', 'fail', 0.0000, 0.00),
             ('E7', 'good', 1.2000, 1600.00), ('E8', 'medium', 1.0000, 1333.33)$$,
    'H-3.3.1: the pool split by grade coefficient; leftover cents by largest remainder, ties to the earlier employee number');
SELECT is((SELECT sum(amount) FROM perfeval.bonus_allocation WHERE pool_id = :pool), 10000.00::numeric,
          'H-3.3.1: the allocation sums exactly to the pool');
CREATE TEMP TABLE random_pool ON COMMIT DROP AS
SELECT i, v, perfeval.allocate_bonus_pool(:sep, v, 2, 'random ' || i) AS pool_id
FROM (SELECT i, round((random() * 100000)::numeric, 2) AS v FROM generate_series(1, 25) AS i) AS p;
SELECT is((SELECT count(*)::int FROM random_pool AS p
           WHERE p.v = (SELECT sum(b.amount) FROM perfeval.bonus_allocation AS b WHERE b.pool_id = p.pool_id)), 25,
          'H-3.3.1: 25 random pools are each allocated to the exact cent');
SELECT throws_ok(format('SELECT perfeval.allocate_bonus_pool(%s, 100.001)', :sep), '22023', NULL,
                 'a pool with more decimals than the scale is refused by allocate (22023)');
SELECT throws_ok(format('SELECT perfeval.allocate_bonus_pool(%s, 10000)', :q3), '55000', NULL,
                 'H-3.2.7: a period that is not approved gets no bonus pool');
SELECT throws_ok(format('SELECT perfeval.allocate_bonus_pool(%s, 10000)', :sep), '23505', NULL,
                 'one pool of a name per period');
-- coefficients per scheme version: own rows, else the defaults
INSERT INTO perfeval.scheme_version (name, valid_from) VALUES ('test 2031', '2031-01-01');
SELECT is(perfeval.bonus_coefficient_of((SELECT id FROM perfeval.scheme_version WHERE name = 'test 2031'), 'excellent'), 1.5,
          'H-3.3.1: a version without coefficients uses the defaults');
INSERT INTO perfeval.bonus_coefficient (scheme_version_id, grade, coefficient)
SELECT id, 'excellent', 3 FROM perfeval.scheme_version WHERE name = 'test 2031';
SELECT results_eq($$SELECT perfeval.bonus_coefficient_of(v.id, 'excellent'), perfeval.bonus_coefficient_of(v.id, 'good')
                    FROM perfeval.scheme_version AS v WHERE v.name = 'test 2031'$$,
                  $$VALUES (3::numeric, 0::numeric)$$,
                  'H-3.3.1: a version''s own coefficients apply; a grade it leaves out gets 0');

SELECT * FROM finish();
ROLLBACK;
