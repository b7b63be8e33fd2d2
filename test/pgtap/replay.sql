-- pgTAP: what-if replay of past periods under a draft scheme and the
-- calibration of evaluators (issue 15; H-9.2, H-1.2.1, H-3.2.3, H-3.1.3-4).
-- The benchmark's contact centre, small: 200 agents in 2 teams (T0001,
-- T0002, one per department), January to April 2025 evaluated, then the
-- first quarter and the year (which rolls up the four months).
BEGIN;
CREATE EXTENSION IF NOT EXISTS perfeval;
\set agents 200
\set months 4
\ir ../fixture/evaluate_data.sql
\ir ../fixture/result_checksum.sql
\ir ../fixture/access_roles.sql
SELECT plan(46);
SET LOCAL client_min_messages = warning;
SELECT perfeval.period_of('month', '2025-01-01') AS jan, perfeval.period_of('month', '2025-02-01') AS feb,
       perfeval.period_of('month', '2025-03-01') AS mar, perfeval.period_of('month', '2025-04-01') AS apr,
       perfeval.period_of('quarter', '2025-01-01') AS q1, perfeval.period_of('year', '2025-01-01') AS yr \gset
SELECT perfeval.evaluate(:jan) + perfeval.evaluate(:feb) + perfeval.evaluate(:mar) + perfeval.evaluate(:apr) AS n \gset
-- a critical failure in February for the best agent of January: its
-- February total is 0 and fails, its quarter is the mean with that 0
SELECT a.employee_no AS crit_no, a.id AS crit_id FROM perfeval.result AS r JOIN perfeval.agent AS a ON a.id = r.agent_id
WHERE r.period_id = :jan AND r.is_current ORDER BY r.total DESC, a.employee_no COLLATE "C" LIMIT 1 \gset
UPDATE perfeval.measurement SET value = 0.5
WHERE agent_id = :crit_id AND period_id = :feb AND indicator_id = (SELECT id FROM perfeval.indicator WHERE code = 'complaint_rate');
SELECT perfeval.evaluate(:feb) + perfeval.evaluate(:q1) + perfeval.evaluate(:yr) AS n \gset
-- HR's pool of January, allocated once the month is approved
SELECT perfeval.approve(:jan) AS n \gset
SELECT perfeval.allocate_bonus_pool(:jan, 100000) AS pool \gset

-- stored(): row counts and checksum of everything replay could touch
CREATE FUNCTION pg_temp.stored() RETURNS text LANGUAGE sql AS $$
    SELECT concat_ws(' ', (SELECT count(*) FROM perfeval.result), (SELECT count(*) FROM perfeval.result_indicator),
                     (SELECT count(*) FROM perfeval.bonus_allocation), (SELECT count(*) FROM perfeval.layer_score),
                     (SELECT count(*) FROM perfeval.scheme_version), pg_temp.result_checksum(),
                     (SELECT md5(string_agg(b::text, ',' ORDER BY b.agent_id)) FROM perfeval.bonus_allocation AS b))
$$;
-- a draft that copies version 1: the period's own version
SELECT perfeval.revision_draft('copy of the default') AS copy_rev \gset
SELECT scheme_version_id AS copy FROM perfeval.scheme_revision WHERE id = :copy_rev \gset
SELECT pg_temp.stored() AS before \gset
CREATE TEMP TABLE same AS SELECT * FROM perfeval.replay(:copy, ARRAY[:jan, :feb]);
SELECT is((SELECT count(*)::int FROM same), 400, 'replay: one row per agent and month (200 x 2)');
SELECT is((SELECT count(*)::int FROM same
           WHERE stored_total IS DISTINCT FROM proposed_total OR stored_grade IS DISTINCT FROM proposed_grade
              OR stored_rank_team IS DISTINCT FROM proposed_rank_team
              OR stored_rank_department IS DISTINCT FROM proposed_rank_department
              OR stored_rank_company IS DISTINCT FROM proposed_rank_company
              OR stored_coefficient IS DISTINCT FROM proposed_coefficient),
          0, 'replay under a copy of the months'' own version gives exactly the stored results: 0 differences');
SELECT is((SELECT count(*)::int FROM same WHERE total_change = 0 AND grade_change = 0 AND rank_company_change = 0
                                              AND coefficient_change = 0), 400,
          'and every difference is 0');
SELECT is((SELECT count(*)::int FROM same WHERE stored_total IS NULL OR proposed_grade IS NULL), 0,
          'every agent has a stored and a proposed graded result (the comparison is not vacuous)');
SELECT is((SELECT (sum(grade_changed), sum(stored_bonus), sum(proposed_bonus), sum(bonus_change))::text
           FROM perfeval.replay_summary(:copy, ARRAY[:jan], 'team')),
          '(0,100000.00,100000.00,0.00)', 'its summary: no grade changes, the stored pool of January split the same way');
SELECT is((SELECT string_agg(format('%s:%s', g.employee_no, a.amount), ',' ORDER BY a.agent_id)
           FROM perfeval.bonus_allocation AS a JOIN perfeval.agent AS g ON g.id = a.agent_id),
          (SELECT string_agg(format('%s:%s', x.employee_no, x.amount), ',' ORDER BY x.agent_id)
           FROM (SELECT r.agent_id, r.employee_no, u.amount
                 FROM (SELECT array_agg(agent_id ORDER BY employee_no COLLATE "C") AS ids,
                              array_agg(employee_no ORDER BY employee_no COLLATE "C") AS nos,
                              array_agg(proposed_coefficient ORDER BY employee_no COLLATE "C") AS sh
                       FROM same WHERE period_id = :jan) AS s,
                      unnest(s.ids, s.nos, perfeval.allocate(100000, s.sh)) AS u(agent_id, employee_no, amount)
                 JOIN same AS r ON r.agent_id = u.agent_id AND r.period_id = :jan) AS x),
          'H-3.3.1: allocate over the proposed coefficients of the copy gives the stored bonus allocation, cent for cent');

-- a quarter and the year: the roll-up of the months replayed under the copy
CREATE TEMP TABLE same_ry AS SELECT * FROM perfeval.replay(:copy, ARRAY[:yr, :q1]);
SELECT is((SELECT string_agg(format('%s:%s', period_id, n), ',') FROM (SELECT period_id, count(*) AS n, min(o) AS o
           FROM (SELECT *, row_number() OVER () AS o FROM same_ry) AS x GROUP BY period_id ORDER BY min(o)) AS y),
          format('%s:200,%s:200', :yr, :q1), 'replay of the year and Q1: 200 rows each, in the order asked');
SELECT is((SELECT count(*)::int FROM same_ry
           WHERE stored_total IS DISTINCT FROM proposed_total OR stored_grade IS DISTINCT FROM proposed_grade
              OR stored_rank_team IS DISTINCT FROM proposed_rank_team
              OR stored_rank_department IS DISTINCT FROM proposed_rank_department
              OR stored_rank_company IS DISTINCT FROM proposed_rank_company
              OR stored_coefficient IS DISTINCT FROM proposed_coefficient
              OR stored_total IS NULL OR proposed_grade IS NULL OR proposed_rank_company IS NULL),
          0, 'H-3.1.3-4: replay of a past quarter and year under a copy of their own version gives exactly the stored roll-ups: 0 differences');
SELECT is((SELECT count(*)::int FROM same_ry AS s JOIN perfeval.result AS r ON (r.period_id, r.agent_id) = (s.period_id, s.agent_id) AND r.is_current
           WHERE (s.team_id, s.department_id) IS NOT DISTINCT FROM (r.team_id, r.department_id)), 400,
          'with the team and department of the stored roll-ups');
SELECT is((SELECT (stored_grade, proposed_grade, proposed_total)::text FROM same WHERE period_id = :feb AND agent_id = :crit_id),
          '(fail,fail,0)', 'the planted critical failure: February total 0, grade fail, stored and proposed');
SELECT is((SELECT (proposed_total = (SELECT round(avg(total), 4) FROM perfeval.result WHERE agent_id = :crit_id AND is_current
                                     AND period_id IN (:jan, :feb, :mar)),
                   proposed_grade = perfeval.grade_of(proposed_total::float8, '{90,80,70,60}'), proposed_grade <> 'fail')::text
           FROM same_ry WHERE period_id = :q1 AND agent_id = :crit_id),
          '(t,t,t)', 'its quarter: the mean of its months with the 0, graded by the cutoffs, not failed by the month''s critical failure');
SELECT is((SELECT string_agg(format('%s/%s/%s', period_id, employee_no, proposed_total), ',' ORDER BY period_id, employee_no)
           FROM perfeval.replay(:copy, ARRAY[:jan, :q1, :yr]) WHERE employee_no IN ('E000001', 'E000200')),
          (SELECT string_agg(format('%s/%s/%s', period_id, employee_no, proposed_total), ',' ORDER BY period_id, employee_no)
           FROM (SELECT * FROM same WHERE period_id = :jan UNION ALL SELECT * FROM same_ry) AS x
           WHERE employee_no IN ('E000001', 'E000200')),
          'months, quarters and years together in one call: the same rows as apart');
SELECT is((SELECT array_agg((period_id, agents, grade_changed, stored_excellent + stored_good + stored_medium + stored_pass + stored_fail,
                             proposed_bonus)::text ORDER BY period_id)
           FROM perfeval.replay_summary(:copy, ARRAY[:q1, :yr], 'company', 5000)),
          ARRAY[format('(%s,200,0,200,5000.00)', least(:q1, :yr)), format('(%s,200,0,200,5000.00)', greatest(:q1, :yr))],
          'replay_summary of a quarter and the year: 200 agents, no grade changes, a pool split');

-- a real change: satisfaction weighs more (csat +1,000 bp, handling time -1,000 bp)
UPDATE perfeval.scheme_item SET weight_bp = weight_bp + 1000
WHERE scheme_version_id = :copy AND indicator_id = (SELECT id FROM perfeval.indicator WHERE code = 'csat_score');
UPDATE perfeval.scheme_item SET weight_bp = weight_bp - 600
WHERE scheme_version_id = :copy AND indicator_id = (SELECT id FROM perfeval.indicator WHERE code = 'handling_seconds');
UPDATE perfeval.scheme_item SET weight_bp = weight_bp - 400
WHERE scheme_version_id = :copy AND indicator_id = (SELECT id FROM perfeval.indicator WHERE code = 'avg_response_seconds');
SET CONSTRAINTS ALL IMMEDIATE;
CREATE TEMP TABLE changed AS SELECT * FROM perfeval.replay(:copy, ARRAY[:jan, :feb]);
CREATE TEMP TABLE proposed AS SELECT * FROM perfeval.evaluate_rows(:jan, :copy);
SELECT is((SELECT count(*)::int FROM changed AS c JOIN proposed AS e USING (agent_id)
           WHERE c.period_id = :jan AND (c.proposed_total, c.proposed_grade, c.proposed_rank_team, c.proposed_rank_company)
                 IS NOT DISTINCT FROM (e.total, e.grade, e.rank_team, e.rank_company)), 200,
          'the proposed side is evaluate_rows under the draft, agent for agent');
SELECT cmp_ok((SELECT count(*)::int FROM changed WHERE grade_change <> 0), '>', 0, 'the new weights change some grades');
SELECT is((SELECT count(*)::int FROM changed
           WHERE total_change IS DISTINCT FROM proposed_total - stored_total
              OR rank_team_change IS DISTINCT FROM proposed_rank_team - stored_rank_team
              OR coefficient_change IS DISTINCT FROM proposed_coefficient - stored_coefficient
              OR sign(grade_change) IS DISTINCT FROM sign(array_position(enum_range(NULL::perfeval.grade), proposed_grade)
                                                         - array_position(enum_range(NULL::perfeval.grade), stored_grade))),
          0, 'each difference is proposed minus stored (a grade up is positive)');
-- the draft's quarter and year: what its months predict, computed here from
-- evaluate_rows of each month under the draft (mean of the totals there
-- are, 4 decimals; cutoffs; ranks with ties by employee number)
CREATE TEMP TABLE changed_ry AS SELECT * FROM perfeval.replay(:copy, ARRAY[:q1, :yr]);
CREATE TEMP TABLE predicted AS
SELECT y.*, perfeval.grade_of(y.total::float8, '{90,80,70,60}') AS grade,
       row_number() OVER (PARTITION BY y.period_id ORDER BY y.total DESC, y.employee_no COLLATE "C")::int AS rank_company,
       row_number() OVER (PARTITION BY y.period_id, y.team_id ORDER BY y.total DESC, y.employee_no COLLATE "C")::int AS rank_team
FROM (SELECT q.id AS period_id, e.agent_id, a.employee_no, a.team_id, round(avg(e.total), 4) AS total
      FROM perfeval.period AS q
      JOIN perfeval.period AS m ON m.kind = 'month' AND m.starts_on BETWEEN q.starts_on AND q.ends_on
      CROSS JOIN LATERAL perfeval.evaluate_rows(m.id, :copy) AS e
      JOIN perfeval.agent AS a ON a.id = e.agent_id
      WHERE q.id IN (:q1, :yr) AND m.id IN (:jan, :feb, :mar, :apr)
      GROUP BY q.id, e.agent_id, a.employee_no, a.team_id) AS y;
SELECT is((SELECT count(*)::int FROM changed_ry AS c JOIN predicted AS p USING (period_id, agent_id)
           WHERE (c.proposed_total, c.proposed_grade, c.proposed_rank_company, c.proposed_rank_team)
                 IS NOT DISTINCT FROM (p.total, p.grade, p.rank_company, p.rank_team)
             AND c.total_change = p.total - c.stored_total), 400,
          'H-3.1.3-4: the draft''s quarter and year are the roll-ups of its months, agent for agent (totals, grades, ranks, changes)');
SELECT cmp_ok((SELECT count(*)::int FROM changed_ry WHERE total_change <> 0), '>', 100, 'the new weights move most quarter and year totals');
SELECT is((SELECT (c.proposed_total, c.proposed_grade)::text FROM changed_ry AS c WHERE c.period_id = :q1 AND c.agent_id = :crit_id),
          (SELECT (round((sum(e.total) FILTER (WHERE m <> :feb)) / 3, 4),
                   perfeval.grade_of(round((sum(e.total) FILTER (WHERE m <> :feb)) / 3, 4)::float8, '{90,80,70,60}'))::text
           FROM unnest(ARRAY[:jan, :feb, :mar]) AS m CROSS JOIN LATERAL perfeval.evaluate_rows(m, :copy) AS e
           WHERE e.agent_id = :crit_id),
          'the planted agent''s draft quarter: (January + 0 + March) / 3 under the draft');
SELECT is((SELECT (p.proposed_coefficient, p.coefficient_change)::text FROM changed_ry AS p
           WHERE p.period_id = :yr AND p.employee_no = 'E000001'),
          (SELECT (perfeval.bonus_coefficient_of(:copy, g.grade), perfeval.bonus_coefficient_of(:copy, g.grade)
                   - perfeval.bonus_coefficient_of(1, r.grade))::text
           FROM predicted AS g JOIN perfeval.result AS r ON r.period_id = g.period_id AND r.agent_id = g.agent_id AND r.is_current
           WHERE g.period_id = :yr AND g.employee_no = 'E000001'),
          'and the year''s coefficients follow its grades');
CREATE TEMP TABLE summ AS SELECT * FROM perfeval.replay_summary(:copy, ARRAY[:jan, :feb], 'department');
SELECT is((SELECT array_agg((period_id, scope_id, agents, grade_changed, grade_up, grade_down)::text ORDER BY period_id, scope_id) FROM summ),
          (SELECT array_agg((period_id, department_id, n, ch, up, dn)::text ORDER BY period_id, department_id)
           FROM (SELECT period_id, department_id, count(*)::int AS n, count(*) FILTER (WHERE grade_change <> 0)::int AS ch,
                        count(*) FILTER (WHERE grade_change > 0)::int AS up, count(*) FILTER (WHERE grade_change < 0)::int AS dn
                 FROM changed GROUP BY 1, 2) AS x),
          'replay_summary per department: agents, grade changes up and down are those of the replay rows');
SELECT is((SELECT count(*)::int FROM summ
           WHERE stored_excellent + stored_good + stored_medium + stored_pass + stored_fail <> agents
              OR proposed_excellent + proposed_good + proposed_medium + proposed_pass + proposed_fail <> agents),
          0, 'each grade distribution, before and after, counts every agent');
SELECT is((SELECT (pool_amount, sum(stored_bonus) OVER (), sum(proposed_bonus) OVER ())::text FROM summ WHERE period_id = :jan LIMIT 1),
          '(100000,100000.00,100000.00)', 'January''s stored pool is redistributed exactly: the departments'' parts still total the pool');
SELECT is((SELECT sum(bonus_change) FROM summ WHERE period_id = :jan), 0.00, 'what one department gains the other loses');
SELECT is((SELECT count(*)::int FROM summ WHERE period_id = :feb AND stored_bonus IS NULL AND pool_amount IS NULL), 2,
          'February has no stored pool: no redistribution without one');
SELECT is((SELECT sum(proposed_bonus) FROM perfeval.replay_summary(:copy, ARRAY[:feb], 'company', 5000)), 5000.00,
          'or split a pool given as argument');

SELECT is(pg_temp.stored(), :'before',
          'replay and replay_summary change nothing stored: results, indicator rows, allocations, layers, versions (counts and checksums)');

-- row security: an agent replays its own rows only
UPDATE perfeval.agent SET role_name = 'pe_t_agent1' WHERE employee_no = 'E000001';
UPDATE perfeval.team SET manager_role = 'pe_t_mgr1' WHERE code = 'T0001';
GRANT USAGE ON SCHEMA perfeval TO pe_t_agent1;
SET LOCAL ROLE pe_t_agent1;
CREATE TEMP TABLE mine AS SELECT * FROM perfeval.replay(:copy, ARRAY[:jan, :feb]);
CREATE TEMP TABLE mine_ry AS SELECT * FROM perfeval.replay(:copy, ARRAY[:q1, :yr]);
RESET ROLE;
SELECT is((SELECT string_agg(employee_no, ',') FROM mine), 'E000001,E000001', 'as perfeval_agent: its own two rows only');
SELECT is((SELECT string_agg(format('%s:%s', period_id, employee_no), ',') FROM mine_ry), format('%s:E000001,%s:E000001', :q1, :yr),
          'its quarter and year: its own rows only');
SELECT is((SELECT count(*)::int FROM mine_ry AS m JOIN changed_ry AS c USING (period_id, agent_id)
           WHERE (m.stored_total, m.proposed_total, m.stored_grade, m.proposed_grade, m.proposed_coefficient)
                 IS NOT DISTINCT FROM (c.stored_total, c.proposed_total, c.stored_grade, c.proposed_grade, c.proposed_coefficient)
             AND m.proposed_rank_company IS NULL AND m.proposed_rank_team IS NULL), 2,
          'with the totals, grades and coefficients HR sees, and no proposed ranks');
SELECT is((SELECT count(*)::int FROM mine AS m JOIN changed AS c USING (period_id, agent_id)
           WHERE (m.stored_total, m.proposed_total, m.stored_grade, m.proposed_grade, m.stored_rank_company, m.proposed_coefficient)
                 IS NOT DISTINCT FROM (c.stored_total, c.proposed_total, c.stored_grade, c.proposed_grade, c.stored_rank_company, c.proposed_coefficient)),
          2, 'with the same totals, grades, stored ranks and coefficients HR sees');
SELECT is((SELECT count(*)::int FROM mine WHERE proposed_rank_company IS NULL AND proposed_rank_team IS NULL), 2,
          'proposed ranks need every agent of the period: NULL for the agent');
SET LOCAL ROLE pe_t_mgr1;
SELECT is((SELECT count(DISTINCT agent_id)::int FROM perfeval.replay(:copy, ARRAY[:jan])), 100, 'a manager replays the 100 agents of its team');
SELECT is((SELECT (agents, stored_bonus)::text FROM perfeval.replay_summary(:copy, ARRAY[:jan], 'team')), '(100,)',
          'its summary: its team, no bonus split over a part of the company');
RESET ROLE;

-- hostile and wrong arguments
SELECT throws_ok(format('SELECT * FROM perfeval.replay(%s, ARRAY[%s, NULL])', :copy, :jan), '22004', NULL, 'a NULL period: 22004');
SELECT throws_ok(format('SELECT * FROM perfeval.replay(%s, ARRAY[[%s], [%s]])', :copy, :jan, :feb), '22023', NULL, 'a 2-D array: 22023');
SELECT throws_ok(format('SELECT * FROM perfeval.replay(%s, ARRAY[%s, %s])', :copy, :jan, :jan), '22023', NULL, 'a repeated month: 22023');
SELECT throws_ok(format('SELECT * FROM perfeval.replay(2147483647, ARRAY[%s])', :jan), '42704', NULL, 'an unknown version: 42704');
SELECT throws_ok(format('SELECT * FROM perfeval.replay(%s, ARRAY[2147483647])', :copy), '42704', NULL, 'an unknown period: 42704');
SELECT throws_ok(format('SELECT * FROM perfeval.replay_summary(%s, ARRAY[%s], ''planet'')', :copy, :jan), '22023', NULL, 'an unknown scope: 22023');
SELECT throws_ok(format('SELECT * FROM perfeval.replay_summary(%s, ARRAY[%s], ''team'', ''NaN'')', :copy, :jan), '22003', NULL, 'a NaN pool: 22003');

-- ------------------------------------------------------------ calibration
-- January's department layer: T0001 scored by mgr_t1, T0002 by mgr_t2,
-- each 10 points above the measured total (+-2.5, fixed per agent); 20
-- agents of T0001 by a lenient evaluator (+22), 20 of T0002 by a strict one
-- (-2).  The company leniency is about +10: the planted evaluators are 12
-- points from it, the others within 1.
UPDATE perfeval.layer_score AS l
SET evaluator = CASE WHEN a.employee_no <= 'E000020' THEN 'lenient'
                     WHEN a.employee_no BETWEEN 'E000101' AND 'E000120' THEN 'strict'
                     WHEN a.team_id = (SELECT id FROM perfeval.team WHERE code = 'T0001') THEN 'mgr_t1' ELSE 'mgr_t2' END,
    score = greatest(0, least(100, r.measured_total
                                   + CASE WHEN a.employee_no <= 'E000020' THEN 22
                                          WHEN a.employee_no BETWEEN 'E000101' AND 'E000120' THEN -2
                                          ELSE 10 + ((a.id * 37) % 11 - 5) * 0.5 END))
FROM perfeval.agent AS a, perfeval.result AS r
WHERE a.id = l.agent_id AND r.agent_id = l.agent_id AND r.period_id = l.period_id AND r.is_current
  AND l.layer = 'department' AND l.period_id = :feb;
SELECT is((SELECT string_agg(evaluator || ':' || agents_scored, ',' ORDER BY evaluator) FROM perfeval.evaluator_calibration WHERE period_id = :feb),
          'lenient:20,mgr_t1:80,mgr_t2:80,strict:20', 'H-3.2.3: one row per evaluator of the department layer, with the agents scored');
SELECT is((SELECT string_agg(evaluator, ',' ORDER BY evaluator) FROM perfeval.evaluator_calibration WHERE period_id = :feb AND flagged),
          'lenient,strict', 'H-1.2.1: the lenient and the strict evaluator are flagged, and no one else');
SELECT is((SELECT (sign(relative_leniency), leniency_se IS NOT NULL, mean_given > mean_measured)::text
           FROM perfeval.evaluator_calibration WHERE period_id = :feb AND evaluator = 'lenient'),
          '(1,t,t)', 'the lenient one gives more than measured, above the company, with a standard error');
INSERT INTO perfeval.calibration_policy (name, value) VALUES ('leniency_threshold', 20);
SELECT is((SELECT count(*)::int FROM perfeval.evaluator_calibration WHERE flagged), 0, 'the threshold is configurable (20 points: no one)');
DELETE FROM perfeval.calibration_policy;
-- the what-if: February re-evaluated with these scores, then replayed with
-- the department layer re-centred per evaluator
SELECT perfeval.evaluate(:feb) AS n \gset
CREATE TEMP TABLE recentred AS
SELECT r.*, l.evaluator FROM perfeval.replay(1, ARRAY[:feb], recentre_department => true) AS r
JOIN perfeval.layer_score AS l ON l.agent_id = r.agent_id AND l.period_id = r.period_id AND l.layer = 'department';
SELECT is((SELECT string_agg(evaluator || ':' || CASE WHEN m < -1 THEN 'down' WHEN m > 1 THEN 'up' WHEN abs(m) < 1 THEN 'same' END,
                           ',' ORDER BY evaluator)
           FROM (SELECT evaluator, avg(total_change) AS m FROM recentred GROUP BY evaluator) AS x),
          'lenient:down,mgr_t1:same,mgr_t2:same,strict:up',
          'the re-centred replay lowers the lenient evaluator''s agents, raises the strict one''s, and moves the others by less than a point');
SELECT * FROM finish();
ROLLBACK;
