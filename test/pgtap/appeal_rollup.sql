-- pgTAP: an upheld appeal against a month result re-rolls the quarter and
-- the year holding that month (H-8.2.2, H-3.2.7, H-3.1.3-4): the
-- appellant's quarter and year results get a new revision with the mean of
-- its month totals (perfeval.rollup_result, the rule evaluate uses), the
-- old revisions are kept, and both periods are re-graded (a quota scheme
-- for Q3, the cutoffs 90/80/70/60 for 2025) and re-ranked, in the same
-- transaction; the approved quarter stays locked against UPDATE.
BEGIN;
CREATE EXTENSION IF NOT EXISTS perfeval;
\ir ../fixture/appeal_org.sql
SELECT plan(36);

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
-- pg_temp.appealed(period, agent, appeal): the agent's revisions written by
-- the appeal, as revision:current:total:grade:ranks
CREATE FUNCTION pg_temp.appealed(pid integer, aid integer, ap integer) RETURNS text LANGUAGE sql AS $f$
    SELECT string_agg(format('%s:%s:%s:%s:%s/%s/%s', r.revision, r.is_current, r.total, r.grade,
                             r.rank_team, r.rank_department, r.rank_company), ' ' ORDER BY r.revision)
    FROM perfeval.result AS r
    WHERE r.period_id = pid AND r.agent_id = aid AND r.revision_reason LIKE 'appeal ' || ap || ' upheld%'
$f$;

-- July, August and October 2025 beside the fixture's September (all under
-- the default scheme, version 1, cutoffs 90/80/70/60)
CREATE TEMP TABLE mt (emp text, month date, total numeric) ON COMMIT DROP;
INSERT INTO mt VALUES
    ('E1', '2025-07-01', 89), ('E2', '2025-07-01', 80), ('E3', '2025-07-01', 75), ('E4', '2025-07-01', 62),
    ('E5', '2025-07-01', 70), ('E6', '2025-07-01', 58), ('E7', '2025-07-01', 85), ('E8', '2025-07-01', 81),
    ('E1', '2025-08-01', 93), ('E2', '2025-08-01', 82), ('E3', '2025-08-01', 70), ('E4', '2025-08-01', 60),
    ('E5', '2025-08-01', 69), ('E6', '2025-08-01', 52), ('E7', '2025-08-01', 90), ('E8', '2025-08-01', 77),
    ('E1', '2025-10-01', 90), ('E2', '2025-10-01', 85), ('E3', '2025-10-01', 71), ('E4', '2025-10-01', 64),
    ('E5', '2025-10-01', 66), ('E6', '2025-10-01', 57), ('E7', '2025-10-01', 86), ('E8', '2025-10-01', 80);
INSERT INTO perfeval.result (period_id, agent_id, scheme_version_id, team_id, department_id, total, grade)
SELECT perfeval.period_of('month', mt.month), a.id, 1, a.team_id, t.department_id, mt.total, perfeval.grade_of(mt.total::float8)
FROM mt JOIN perfeval.agent AS a ON a.employee_no = mt.emp JOIN perfeval.team AS t ON t.id = a.team_id;
SELECT count(perfeval.regrade(perfeval.period_of('month', d), 'fixture: ranks')) AS x
FROM unnest('{2025-07-01,2025-08-01,2025-10-01}'::date[]) AS d \gset
SELECT count(perfeval.approve(perfeval.period_of('month', d))) AS x
FROM unnest('{2025-07-01,2025-08-01,2025-10-01}'::date[]) AS d \gset

-- Q3 is graded by a forced distribution valid from its first day (25% each
-- of excellent, good, medium, pass over the company); the year 2025 under
-- the version valid on 2025-01-01, the default cutoffs
INSERT INTO perfeval.scheme_version (name, valid_from, grading, quotas, quota_scope)
VALUES ('quota from Q3 2025', '2025-07-01', 'quota', '{25,25,25,25,0}', 'company');
SELECT perfeval.period_of('year', '2025-01-01') AS yr \gset
SELECT is(perfeval.evaluate(:q3), 8, 'H-3.1.3: evaluate rolls Q3 up from July, August and September');
SELECT is(perfeval.evaluate(:yr), 8, 'H-3.1.4: evaluate rolls 2025 up from its months with results');
SELECT perfeval.approve(:q3) AS x \gset

-- pg_temp.roll(period): emp:total:grade:team rank/department rank/company rank, best first
CREATE FUNCTION pg_temp.roll(pid integer) RETURNS text LANGUAGE sql AS $f$
    SELECT string_agg(format('%s:%s:%s:%s/%s/%s', a.employee_no, r.total, r.grade, r.rank_team, r.rank_department, r.rank_company),
                      ' ' ORDER BY r.rank_company)
    FROM perfeval.result_current AS r JOIN perfeval.agent AS a ON a.id = r.agent_id WHERE r.period_id = pid
$f$;
SELECT is(pg_temp.roll(:q3),
          'E1:91.0000:excellent:1/1/1 E7:87.6667:excellent:1/2/2 E2:82.0000:good:2/3/3 E8:79.0000:good:2/4/4 '
          'E3:72.5000:medium:3/5/5 E5:68.0000:medium:3/6/6 E4:61.0000:pass:4/7/7 E6:55.0000:pass:4/8/8',
          'H-3.1.3, H-5.1: Q3 before the appeal: the mean of the 3 months, quota grades 25/25/25/25/0, ranks');
SELECT is(pg_temp.roll(:yr),
          'E1:90.7500:excellent:1/1/1 E7:87.2500:good:1/2/2 E2:82.7500:good:2/3/3 E8:79.2500:medium:2/4/4 '
          'E3:72.1250:medium:3/5/5 E5:67.5000:pass:3/6/6 E4:61.7500:pass:4/7/7 E6:55.5000:fail:4/8/8',
          'H-3.1.4, H-5.1: 2025 before the appeal: the mean of July to October, cutoffs 90/80/70/60, ranks');
SELECT is((SELECT months_rolled FROM perfeval.result_current WHERE period_id = :yr AND agent_id = pg_temp.ag('E5')), 4,
          'the year rolls up the 4 months that have a total');

-- E5 appeals its September result (65): upheld at 98.5
SELECT perfeval.file_result_appeal(pg_temp.res('E5'), 'CSAT miscounted in week 38', 'email', 'pe_t_agent5', '2025-09-30 15:00+08') AS a1 \gset
SELECT perfeval.appeal_acknowledge(:a1, actor => 'hr_zhou', at => '2025-10-09 10:00+08') AS x \gset
SELECT perfeval.appeal_accept(:a1, actor => 'hr_zhou', at => '2025-10-10 10:00+08') AS x \gset
SELECT is(perfeval.appeal_decide(:a1, 'upheld', 'survey sample corrected', new_total => 98.5, corrections => '{"company_score": 98.5}',
                                 actor => 'qa_dept', at => '2025-10-17 10:00+08'), 'reviewed',
          'H-8.2.2: the review upholds the appeal with the corrected September total');

-- the appellant's quarter: a new revision with the mean of its months, regraded by the quotas
SELECT results_eq(format($$SELECT revision, is_current, total, company_score, grade::text, rank_team, rank_department, rank_company,
                                  months_rolled, evaluated_by::text, revision_reason LIKE 'appeal %s upheld%%'
                           FROM perfeval.result WHERE period_id = %s AND agent_id = %s ORDER BY revision$$,
                          :a1, :q3, pg_temp.ag('E5')),
    $$VALUES (1, false, 68.0000, NULL::numeric, 'medium', 3, 6, 6, 3, current_user::text, NULL::boolean),
             (2, true, 79.1667, 98.5000, 'good', 2, 4, 4, 3, 'qa_dept', true)$$,
    'H-8.2.2, H-3.1.3: E5''s Q3 total is re-rolled to (70 + 69 + 98.5) / 3 = 79.1667 as ONE new revision (2), by the deciding actor, with the quota grade (medium -> good) and ranks (3/6/6 -> 2/4/4) computed from it; revision 1 is kept');
SELECT is((SELECT total FROM perfeval.result_current WHERE period_id = :q3 AND agent_id = pg_temp.ag('E5')),
          (SELECT round(avg(r.total), 4) FROM perfeval.result_current AS r JOIN perfeval.period AS p ON p.id = r.period_id
           WHERE r.agent_id = pg_temp.ag('E5') AND p.kind = 'month' AND p.starts_on BETWEEN '2025-07-01' AND '2025-09-30'),
          'the appellant''s current Q3 total is the mean of its current month totals');
SELECT is(pg_temp.roll(:q3),
          'E1:91.0000:excellent:1/1/1 E7:87.6667:excellent:1/2/2 E2:82.0000:good:2/3/3 E5:79.1667:good:2/4/4 '
          'E8:79.0000:medium:3/5/5 E3:72.5000:medium:3/6/6 E4:61.0000:pass:4/7/7 E6:55.0000:pass:4/8/8',
          'H-5.1: Q3 after the appeal: E5 passes E8, the quota moves good from E8 to E5, ranks follow');
SELECT results_eq(format($$SELECT a.employee_no, count(*)::int FROM perfeval.result AS r JOIN perfeval.agent AS a ON a.id = r.agent_id
                           WHERE r.period_id = %s AND r.revision_reason LIKE 'appeal %s upheld%%' GROUP BY 1 ORDER BY 1$$, :q3, :a1),
    $$VALUES ('E3', 1), ('E5', 1), ('E8', 1)$$,
    'Q3: new revisions only for the appellant and for the results whose grade or ranks changed (E8 grade and ranks, E3 ranks)');
SELECT results_eq(format($$SELECT revision, is_current, total, grade::text, rank_company FROM perfeval.result
                           WHERE period_id = %s AND agent_id = %s ORDER BY revision$$, :q3, pg_temp.ag('E8')),
    $$VALUES (1, false, 79.0000, 'good', 4), (2, true, 79.0000, 'medium', 5)$$,
    'H-3.2.7: E8''s approved Q3 revision 1 is kept and readable; revision 2 carries the new quota grade and rank');
SELECT is((SELECT state FROM perfeval.period WHERE id = :q3), 'approved', 'Q3 is still approved');

-- the appellant's year (a draft): re-rolled and regraded by the cutoffs
SELECT results_eq(format($$SELECT revision, is_current, total, grade::text, rank_team, rank_department, rank_company, months_rolled
                           FROM perfeval.result WHERE period_id = %s AND agent_id = %s ORDER BY revision$$, :yr, pg_temp.ag('E5')),
    $$VALUES (1, false, 67.5000, 'pass', 3, 6, 6, 4), (2, true, 75.8750, 'medium', 3, 5, 5, 4)$$,
    'H-8.2.2, H-3.1.4: E5''s 2025 total is re-rolled to (70 + 69 + 98.5 + 66) / 4 = 75.875 as ONE new revision, grade pass -> medium by the cutoffs and ranks 3/6/6 -> 3/5/5 computed from it; revision 1 kept');
SELECT is(pg_temp.roll(:yr),
          'E1:90.7500:excellent:1/1/1 E7:87.2500:good:1/2/2 E2:82.7500:good:2/3/3 E8:79.2500:medium:2/4/4 '
          'E5:75.8750:medium:3/5/5 E3:72.1250:medium:3/6/6 E4:61.7500:pass:4/7/7 E6:55.5000:fail:4/8/8',
          'H-5.1: 2025 after the appeal: E5 passes E3 in department and company');
SELECT results_eq(format($$SELECT a.employee_no, count(*)::int FROM perfeval.result AS r JOIN perfeval.agent AS a ON a.id = r.agent_id
                           WHERE r.period_id = %s AND r.revision_reason LIKE 'appeal %s upheld%%' GROUP BY 1 ORDER BY 1$$, :yr, :a1),
    $$VALUES ('E3', 1), ('E5', 1)$$,
    '2025: one new revision each for the appellant and for E3, whose ranks changed');
-- exactly one new revision of the appellant per period, each consistent
-- with a fresh rank() of that period's current totals
SELECT is(pg_temp.appealed(:sep, pg_temp.ag('E5'), :a1), format('3:t:98.5000:excellent:%s', pg_temp.fresh(:sep, pg_temp.ag('E5'))),
          'H-8.2.2, H-5.1: September: one new revision (3) for E5, 98.5 excellent, ranked 1/1/1 like a fresh rank() of the current totals');
SELECT is(pg_temp.appealed(:q3, pg_temp.ag('E5'), :a1), format('2:t:79.1667:good:%s', pg_temp.fresh(:q3, pg_temp.ag('E5'))),
          'Q3: one new revision (2) for E5 whose ranks equal a fresh rank() of Q3''s current totals (2/4/4)');
SELECT is(pg_temp.appealed(:yr, pg_temp.ag('E5'), :a1), format('2:t:75.8750:medium:%s', pg_temp.fresh(:yr, pg_temp.ag('E5'))),
          '2025: one new revision (2) for E5 whose ranks equal a fresh rank() of the year''s current totals (3/5/5)');
SELECT is((SELECT count(*)::int FROM perfeval.result WHERE period_id = :yr AND revision = 1), 8, 'every revision 1 of 2025 is kept');

-- one rule: the shared roll-up gives the same values now, and a second
-- call finds nothing to change
SELECT results_eq(format($$SELECT total, company_score, months_rolled FROM perfeval.rollup_result(%s) WHERE agent_id = %s$$, :yr, pg_temp.ag('E5')),
                  format($$SELECT total, company_score, months_rolled FROM perfeval.result_current WHERE period_id = %s AND agent_id = %s$$, :yr, pg_temp.ag('E5')),
                  'the year revision equals perfeval.rollup_result, the roll-up evaluate uses');
SELECT is(perfeval.rollup_revise(:sep, pg_temp.ag('E5'), 'again'), 0,
          'rollup_revise writes nothing when the roll-up is unchanged');
SELECT is(perfeval.rollup_revise(:q3, pg_temp.ag('E5'), 'not a month'), 0, 'rollup_revise of a quarter does nothing');
SELECT is((SELECT count(*)::int FROM perfeval.rollup_result(:sep)), 0, 'rollup_result of a month has no rows');

-- the approval lock still holds on the quarter (H-3.2.7)
SELECT throws_ok(format('UPDATE perfeval.result SET total = 80 WHERE period_id = %s AND agent_id = %s AND revision = 1', :q3, pg_temp.ag('E5')),
                 '55000', NULL, 'H-3.2.7: the approved quarter''s old revision cannot be updated');
SELECT throws_ok(format('DELETE FROM perfeval.result WHERE period_id = %s', :q3),
                 '55000', NULL, 'H-3.2.7: the approved quarter''s results cannot be deleted');

-- the quarter had results, the fourth quarter none: an upheld appeal in
-- October touches only the year
SELECT perfeval.record_feedback(perfeval.period_of('month', '2025-10-01'), pg_temp.ag('E6'), '2025-11-05 10:00+08') AS x \gset
SELECT perfeval.file_result_appeal(r.id, 'a week of calls missing', at => '2025-11-06 09:00+08') AS a2
FROM perfeval.result_current AS r WHERE r.period_id = perfeval.period_of('month', '2025-10-01') AND r.agent_id = pg_temp.ag('E6') \gset
SELECT perfeval.appeal_acknowledge(:a2, at => '2025-11-06 10:00+08') AS x \gset
SELECT perfeval.appeal_accept(:a2, at => '2025-11-06 11:00+08') AS x \gset
SELECT perfeval.appeal_decide(:a2, 'upheld', 'calls restored', new_total => 77, at => '2025-11-07 10:00+08') AS x \gset
SELECT is((SELECT count(*)::int FROM perfeval.result AS r WHERE r.period_id = perfeval.period_of('quarter', '2025-10-01')), 0,
          'Q4 has no results, so none is written');
SELECT is((SELECT total FROM perfeval.result_current WHERE period_id = :yr AND agent_id = pg_temp.ag('E6')), 60.5000,
          'H-8.2.2: E6''s 2025 total is re-rolled to (58 + 52 + 55 + 77) / 4 = 60.5');

-- regrade_with directly: an amended row with its own indicator rows, one
-- revision for it and none for the unchanged others; regrade is
-- regrade_with with nothing amended; hostile input is refused
SELECT perfeval.period_of('month', '2025-10-01') AS oct \gset
SELECT is(perfeval.regrade_with(:oct, 'nothing to do', '{}'), 0, 'regrade_with with nothing amended writes nothing on a graded period');
SELECT is(perfeval.regrade_with(:oct, 'E4 recount',
              ARRAY(SELECT jsonb_populate_record(r, '{"total": 62.00004, "evaluated_by": "hr_zhou"}')
                    FROM perfeval.result AS r WHERE r.is_current AND r.period_id = :oct AND r.agent_id = pg_temp.ag('E4')),
              ARRAY[ROW(NULL, pg_temp.ag('E4'), NULL, (SELECT min(id) FROM perfeval.indicator), 0.5, 55, 10000, false)::perfeval.result_indicator]),
          1, 'E4 64 -> 62 in the approved October keeps its grade and ranks: only E4 gets a revision');
SELECT results_eq(format($$SELECT revision, is_current, total, grade::text, rank_team, rank_department, rank_company, evaluated_by::text, revision_reason
                           FROM perfeval.result WHERE period_id = %s AND agent_id = %s ORDER BY revision$$, :oct, pg_temp.ag('E4')),
    format($$VALUES (1, false, 64.0000, 'pass', NULL::int, NULL::int, NULL::int, current_user::text, NULL),
                    (2, false, 64.0000, 'pass', 4, 7, 7, current_user::text, 'fixture: ranks'),
                    (3, false, 64.0000, 'pass', 4, 8, 8, current_user::text, 'appeal %s upheld: calls restored'),
                    (4, true, 62.0000, 'pass', 4, 8, 8, 'hr_zhou', 'E4 recount')$$, :a2),
    'H-3.2.7: the amended row is inserted as revision 4 (total rounded to 4 decimals), by its evaluated_by, with the reason; older revisions kept (3: re-ranked by E6''s appeal)');
SELECT results_eq(format($$SELECT revision, indicator_id, score FROM perfeval.result_indicator WHERE period_id = %s AND agent_id = %s$$, :oct, pg_temp.ag('E4')),
                  $$SELECT 4, min(id), 55.0000 FROM perfeval.indicator$$, 'its indicator rows are those given in amended_indicators');
SELECT throws_ok(format($$SELECT perfeval.regrade_with(%s, 'x', NULL)$$, :oct), '22004', NULL, 'regrade_with: NULL amended is refused (22004)');
SELECT throws_ok(format($$SELECT perfeval.regrade_with(%s, 'x', ARRAY[NULL::perfeval.result])$$, :oct), '22004', NULL,
                 'regrade_with: a NULL element is refused (22004)');
SELECT throws_ok(format($$SELECT perfeval.regrade_with(%s, 'x', ARRAY[r, r]) FROM perfeval.result AS r WHERE r.is_current AND r.period_id = %s AND r.agent_id = %s$$,
                        :oct, :oct, pg_temp.ag('E1')), '22023', NULL, 'regrade_with: an agent amended twice is refused (22023)');
SELECT throws_ok(format($$SELECT perfeval.regrade_with(%s, 'x', ARRAY[r]) FROM perfeval.result AS r WHERE r.is_current AND r.period_id = %s AND r.agent_id = %s$$,
                        :oct, :sep, pg_temp.ag('E1')), '22023', NULL, 'regrade_with: a result of another period is refused (22023)');
SELECT throws_ok(format($$SELECT perfeval.regrade_with(%s, 'x', '{}', ARRAY[ROW(NULL, %s, NULL, 1, 1, 1, 1, false)::perfeval.result_indicator])$$,
                        :oct, pg_temp.ag('E1')), '22023', NULL, 'regrade_with: indicator rows of an agent not amended are refused (22023)');

SELECT * FROM finish();
ROLLBACK;
