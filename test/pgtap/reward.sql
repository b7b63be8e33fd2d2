-- pgTAP: rewards (H-6.1.1 kinds, H-6.1.2 forms), their flow nomination ->
-- panel review -> leadership approval -> announcement (H-6.3.1-2), and bonus
-- pools allocated by the grade coefficients of bonus_rule (H-3.3.1, H-5.3.2).
BEGIN;
CREATE EXTENSION IF NOT EXISTS perfeval;
\ir ../fixture/appeal_org.sql
SELECT plan(42);

SELECT has_table('perfeval', t, 'table perfeval.' || t || ' exists')
FROM unnest(ARRAY['reward', 'bonus_pool', 'bonus_allocation']) AS t;
SELECT hasnt_table('perfeval', 'bonus_coefficient', 'one table of bonus coefficients: bonus_rule (no bonus_coefficient)');

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

-- H-3.3.1: bonus pools by the bonus_rule coefficient of the grade, exact to the cent
SELECT results_eq($$SELECT g::text AS grade, perfeval.bonus_coefficient_of(1, g) FROM unnest(enum_range(NULL::perfeval.grade)) AS g ORDER BY g DESC$$,
                  $$VALUES ('excellent', 1.500), ('good', 1.200), ('medium', 1.000), ('pass', 0.500), ('fail', 0.000)$$,
                  'H-3.3.1: the seeded bonus_rule defaults of the default scheme (fail is not eligible: 0)');
SELECT throws_ok($$UPDATE perfeval.bonus_rule SET coefficient = 2 WHERE scheme_version_id = 1 AND grade = 'excellent'$$,
                 '55000', NULL, 'the seeded bonus rules are read-only');
SELECT perfeval.allocate_bonus_pool(:sep, 10000) AS pool \gset
-- shares 1.5 (E1 91), 1.2 (E2 84), 1.0 (E3 72.5), 0.5 (E4 61), 0.5 (E5 65), 0 (E6 55, fail), 1.2 (E7 88), 1.0 (E8 79):
-- 6.9 units of 1449.2753...: floors 2173.91 + 1739.13 + 1449.27 + 724.63 * 2 + 1739.13 + 1449.27 = 9999.97;
-- the 3 cents go to the largest remainders: E4, E5 (0.768 of a cent), then E3 / E8 (0.536, a tie of equal
-- shares) to the earlier employee number E3
SELECT results_eq(
    format($$SELECT a.employee_no, b.grade::text, b.coefficient, b.amount FROM perfeval.bonus_allocation AS b
             JOIN perfeval.agent AS a ON a.id = b.agent_id WHERE b.pool_id = %s ORDER BY a.employee_no$$, :pool),
    $$VALUES ('E1', 'excellent', 1.500, 2173.91), ('E2', 'good', 1.200, 1739.13), ('E3', 'medium', 1.000, 1449.28),
             ('E4', 'pass', 0.500, 724.64), ('E5', 'pass', 0.500, 724.64), ('E6', 'fail', 0.000, 0.00),
             ('E7', 'good', 1.200, 1739.13), ('E8', 'medium', 1.000, 1449.27)$$,
    'H-3.3.1: the pool split by grade coefficient; leftover cents by largest remainder, ties to the earlier employee number');
SELECT is((SELECT sum(amount) FROM perfeval.bonus_allocation WHERE pool_id = :pool), 10000.00::numeric,
          'H-3.3.1: the allocation sums exactly to the pool');
SELECT is_empty(format($$SELECT e.employee_no, e.coefficient, b.coefficient
                         FROM perfeval.bonus_eligibility AS e
                         LEFT JOIN perfeval.bonus_allocation AS b ON b.pool_id = %s AND b.agent_id = e.agent_id
                         WHERE e.period_id = %s AND e.grade IS NOT NULL
                           AND (b.coefficient IS DISTINCT FROM e.coefficient OR (b.amount > 0) IS DISTINCT FROM e.eligible)$$,
                       :pool, :sep),
                'H-3.3.1, H-5.3.2: the pool uses exactly the coefficients bonus_eligibility shows; only eligible agents get money');
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
-- coefficients per scheme version: the version's own bonus_rule row for a grade, else version 1's
INSERT INTO perfeval.scheme_version (name, valid_from) VALUES ('test 2031', '2031-01-01');
SELECT is(perfeval.bonus_coefficient_of((SELECT id FROM perfeval.scheme_version WHERE name = 'test 2031'), 'excellent'), 1.500,
          'H-3.3.1: a version without bonus rules uses those of the default version 1');
INSERT INTO perfeval.bonus_rule (scheme_version_id, grade, eligible, coefficient)
SELECT id, g.grade, g.eligible, g.coefficient FROM perfeval.scheme_version,
       (VALUES ('excellent'::perfeval.grade, true, 3), ('good', false, 0)) AS g (grade, eligible, coefficient)
WHERE name = 'test 2031';
SELECT results_eq($$SELECT perfeval.bonus_coefficient_of(v.id, 'excellent'), perfeval.bonus_coefficient_of(v.id, 'good'),
                           perfeval.bonus_coefficient_of(v.id, 'medium')
                    FROM perfeval.scheme_version AS v WHERE v.name = 'test 2031'$$,
                  $$VALUES (3.000::numeric, 0.000::numeric, 1.000::numeric)$$,
                  'H-3.3.1, H-5.3.2: a version''s own rules apply, an ineligible grade gets 0, a grade it leaves out falls back to version 1');
INSERT INTO perfeval.bonus_rule (scheme_version_id, grade, eligible, coefficient) VALUES (1, 'pass', true, 0.6);
SELECT results_eq($$SELECT perfeval.bonus_coefficient_of(1, 'pass'), perfeval.bonus_coefficient_of(v.id, 'pass')
                    FROM perfeval.scheme_version AS v WHERE v.name = 'test 2031'$$,
                  $$VALUES (0.600::numeric, 0.600::numeric)$$,
                  'a user bonus_rule row overrides the seeded one, also for the versions falling back to version 1');

SELECT * FROM finish();
ROLLBACK;
