-- perfeval demo: rewards, a bonus pool, penalties and appeals (issue 5;
-- H-3.3.1, H-6, H-8) on top of the 2025 sample the main demo loaded.  It
-- picks its agents by query from the September 2025 results, dates every
-- step in 2025 (calendar cn, Asia/Shanghai), and shows a deadline that
-- crosses National Day 2025 (1-8 October off; Sunday 28 September and
-- Saturday 11 October are make-up workdays) and an appeal that is overdue.
\pset footer off
SET timezone = 'Asia/Shanghai';

-- September 2025, approved (H-3.2.7): bonuses and appeals follow final results
SELECT p.id AS sep FROM perfeval.period AS p WHERE p.kind = 'month' AND p.starts_on = '2025-09-01' \gset
SELECT count(perfeval.approve(p.id)) AS approved_now FROM perfeval.period AS p WHERE p.id = :sep AND p.state <> 'approved' \gset
SELECT perfeval.period_of('quarter', '2025-07-01') AS q3 \gset
-- the agents of the story, by query
SELECT r.agent_id AS top_agent, r.id AS top_result FROM perfeval.result_current AS r
WHERE r.period_id = :sep AND r.rank_company = 1 \gset
SELECT r.agent_id AS low_agent FROM perfeval.result_current AS r
WHERE r.period_id = :sep AND r.total IS NOT NULL ORDER BY r.rank_company DESC LIMIT 1 \gset
SELECT r.agent_id AS appellant, r.id AS appealed_result FROM perfeval.result_current AS r
WHERE r.period_id = :sep AND r.total IS NOT NULL AND r.total <= 94 ORDER BY r.rank_company DESC OFFSET 3 LIMIT 1 \gset
SELECT r.agent_id AS late_agent, r.id AS late_result FROM perfeval.result_current AS r
WHERE r.period_id = :sep AND r.total IS NOT NULL AND r.agent_id NOT IN (:top_agent, :low_agent, :appellant)
ORDER BY r.rank_company LIMIT 1 OFFSET 5 \gset
SELECT r.team_id AS best_team FROM perfeval.result_current AS r WHERE r.period_id = :sep AND r.total IS NOT NULL
GROUP BY r.team_id ORDER BY avg(r.total) DESC, r.team_id LIMIT 1 \gset

\echo
\echo '== H-3.3.1: a bonus pool of 200,000.00 for September 2025, split by the bonus_rule coefficient of each grade (perfeval.allocate_bonus_pool; fail is not eligible)'
SELECT perfeval.allocate_bonus_pool(:sep, 200000, note => 'September 2025 bonus') AS pool \gset
SELECT b.grade, perfeval.grade_label(b.grade) AS label, b.coefficient, count(*) AS agents,
       min(b.amount) AS min_amount, max(b.amount) AS max_amount, sum(b.amount) AS total
FROM perfeval.bonus_allocation AS b WHERE b.pool_id = :pool
GROUP BY b.grade, b.coefficient ORDER BY b.grade DESC;
SELECT p.amount AS pool, sum(b.amount) AS allocated, p.amount = sum(b.amount) AS exact
FROM perfeval.bonus_pool AS p JOIN perfeval.bonus_allocation AS b ON b.pool_id = p.id WHERE p.id = :pool GROUP BY p.amount;

\echo '== H-6.1, H-6.3.1-2: rewards nominated, reviewed by the panel, approved by leadership, announced'
SELECT perfeval.reward_nominate('monthly_excellent', 'cash', 2000, :sep, agent_id => :top_agent,
                                reason => 'first in the company in September', actor => 'mgr_wang', at => '2025-10-09 10:00+08') AS r1 \gset
SELECT perfeval.reward_nominate('quarterly_contribution', 'certificate', NULL, :q3, team_id => :best_team,
                                reason => 'best team average in the peak season', actor => 'mgr_wang', at => '2025-10-09 10:30+08') AS r2 \gset
SELECT count(perfeval.reward_review(r, true, actor => 'panel', at => '2025-10-10 15:00+08')) AS x FROM unnest(ARRAY[:r1, :r2]::integer[]) AS r \gset
SELECT count(perfeval.reward_approve(r, true, actor => 'ceo_zhang', at => '2025-10-11 11:00+08')) AS x FROM unnest(ARRAY[:r1, :r2]::integer[]) AS r \gset
SELECT count(perfeval.reward_announce(r, actor => 'mgr_wang', at => '2025-10-13 09:30+08')) AS x FROM unnest(ARRAY[:r1, :r2]::integer[]) AS r \gset
SELECT w.id, w.kind, w.form, w.amount, coalesce(a.employee_no, 'team ' || t.code) AS recipient,
       w.nominated_by, w.reviewed_by, w.approved_by, w.announced_by, w.announced_at, w.state
FROM perfeval.reward AS w LEFT JOIN perfeval.agent AS a ON a.id = w.agent_id LEFT JOIN perfeval.team AS t ON t.id = w.team_id
WHERE w.id IN (:r1, :r2) ORDER BY w.id;

\echo '== H-6.2: a verbal warning, announced Friday 26 September 2025; the ladder''s next step (perfeval.next_penalty, 12-month window)'
SELECT perfeval.penalty_propose(:low_agent, 'verbal_warning', 'three late replies in a row on 2025-09-22',
                                '{public_criticism}', effective_from => '2025-09-26', period_id => :sep,
                                actor => 'mgr_wang', at => '2025-09-25 16:00+08') AS p1 \gset
SELECT perfeval.penalty_approve(:p1, true, actor => 'ceo_zhang', at => '2025-09-26 09:00+08') AS x \gset
SELECT perfeval.penalty_announce(:p1, actor => 'mgr_wang', at => '2025-09-26 10:00+08') AS x \gset
SELECT a.employee_no, p.kind, p.measures, p.announced_at, perfeval.next_penalty(p.agent_id, '2025-09-29') AS next_step_on_29_sep
FROM perfeval.penalty AS p JOIN perfeval.agent AS a ON a.id = p.agent_id WHERE p.id = :p1;

\echo '== H-6.3.3: the agent appeals on Tuesday 30 September; the deadlines cross National Day'
SELECT perfeval.file_penalty_appeal(:p1, 'the replies were late because the ticket system was down', 'form',
                                    'agent', '2025-09-30 17:00+08') AS ap1 \gset
SELECT perfeval.appeal_escalate(:ap1, 'needs the IT incident report', 'mgr_wang', '2025-10-14 16:00+08') AS x \gset
SELECT perfeval.appeal_decide(:ap1, 'upheld', 'outage confirmed by IT', actor => 'ceo_zhang', at => '2025-10-20 11:00+08') AS x \gset
SELECT d.step, d.rule_id, d.starts_at, d.working_days, d.due_at AS first_late_instant, d.done_at, d.done_action
FROM perfeval.appeal_deadline AS d WHERE d.appeal_id = :ap1 ORDER BY d.id;
\echo '   (filing: Sun 28 Sep make-up, 29, 30 Sep -> due 1 Oct 00:00; answer: 9, 10, Sat 11 Oct make-up, 13, 14 -> due 15 Oct 00:00)'
SELECT p.id AS penalty, p.state, p.closed_by, p.closed_at, perfeval.next_penalty(p.agent_id, '2025-10-21') AS next_step_now
FROM perfeval.penalty AS p WHERE p.id = :p1;

\echo '== H-8: an appeal against a result, upheld: ONE new revision (the corrected total with its grade and ranks), the old one kept, the period re-ranked'
SELECT perfeval.record_feedback(:sep, :appellant, '2025-10-09 14:00+08', 'hr_zhou', 'performance interview') AS x \gset
SELECT perfeval.file_result_appeal(:appealed_result, 'my CSAT surveys of week 38 were assigned to another agent',
                                   'email', 'agent', '2025-10-10 09:00+08') AS ap2 \gset
SELECT perfeval.appeal_acknowledge(:ap2, 'procedure sent by e-mail', 'hr_zhou', '2025-10-11 10:00+08') AS x \gset
SELECT perfeval.appeal_accept(:ap2, 'complete and in time', 'hr_zhou', '2025-10-13 10:00+08') AS x \gset
SELECT perfeval.appeal_decide(:ap2, 'upheld', 'surveys re-assigned', new_total => least(100, r.total + 6),
                              actor => 'qa_dept', at => '2025-10-21 15:00+08') AS x
FROM perfeval.result AS r WHERE r.id = :appealed_result \gset
SELECT perfeval.appeal_notify(:ap2, actor => 'hr_zhou', at => '2025-10-22 10:00+08') AS x \gset
SELECT perfeval.appeal_conclude(:ap2, 'the appellant accepts', waived => true, actor => 'hr_zhou', at => '2025-10-22 11:00+08') AS x \gset
SELECT perfeval.appeal_feedback(:ap2, 'total corrected by +6 points; ranks updated', 'hr_zhou', '2025-10-23 10:00+08') AS x \gset
SELECT r.revision, r.is_current, r.total, r.grade, r.rank_team, r.rank_department, r.rank_company, r.revision_reason
FROM perfeval.result AS r WHERE r.period_id = :sep AND r.agent_id = :appellant ORDER BY r.revision;
\echo '   (the new revision''s ranks against a fresh rank() of the period''s current totals, ties by employee number)'
SELECT x.rank_team = x.fresh_team AND x.rank_department = x.fresh_department AND x.rank_company = x.fresh_company AS ranks_consistent
FROM (SELECT r.agent_id, r.rank_team, r.rank_department, r.rank_company,
             rank() OVER (PARTITION BY r.team_id ORDER BY r.total DESC, a.employee_no COLLATE "C") AS fresh_team,
             rank() OVER (PARTITION BY r.department_id ORDER BY r.total DESC, a.employee_no COLLATE "C") AS fresh_department,
             rank() OVER (ORDER BY r.total DESC, a.employee_no COLLATE "C") AS fresh_company
      FROM perfeval.result_current AS r JOIN perfeval.agent AS a ON a.id = r.agent_id
      WHERE r.period_id = :sep AND r.total IS NOT NULL) AS x
WHERE x.agent_id = :appellant;
SELECT e.from_state, e.to_state, e.action, e.actor, e.at, e.outcome, e.due_at AS next_deadline
FROM perfeval.appeal_event AS e WHERE e.appeal_id = :ap2 ORDER BY e.id;

\echo '== H-8.3.1: an appeal left in review since October 2025 is overdue'
SELECT perfeval.record_feedback(:sep, :late_agent, '2025-10-17 10:00+08', 'hr_zhou') AS x \gset
SELECT perfeval.file_result_appeal(:late_result, 'attendance counted wrongly', 'face_to_face', 'agent', '2025-10-20 10:00+08') AS ap3 \gset
SELECT perfeval.appeal_acknowledge(:ap3, actor => 'hr_zhou', at => '2025-10-21 10:00+08') AS x \gset
SELECT perfeval.appeal_accept(:ap3, actor => 'hr_zhou', at => '2025-10-22 10:00+08') AS x \gset
SELECT o.appeal_id, o.employee_no, o.state, o.rule_id, o.next_deadline, o.working_days_left, o.overdue
FROM perfeval.appeal_open AS o ORDER BY o.appeal_id;
SELECT v.appeal_id, v.step, v.rule_id, v.due_at, v.done_at, v.still_open, v.working_days_late
FROM perfeval.appeal_overdue AS v ORDER BY v.appeal_id, v.due_at;

\echo '== H-8.3.3, H-8.3.4: the archive and the statistics'
SELECT a.appeal_id, a.path, a.subject, a.outcome, a.closed_at, jsonb_array_length(a.history) AS steps
FROM perfeval.appeal_archive AS a ORDER BY a.appeal_id;
SELECT s.period_starts_on, s.team_name, s.path, s.outcome, s.appeals, s.avg_working_days_to_close, s.avg_time_to_close
FROM perfeval.appeal_statistics AS s ORDER BY s.period_starts_on NULLS LAST, s.team_name, s.path, s.outcome;

\echo '== H-6.3.2: the personal files'
SELECT f.employee_no, f.entry, f.kind, f.detail, f.amount, f.decided_at, f.state
FROM perfeval.personal_file AS f WHERE f.agent_id IN (:top_agent, :low_agent) OR (f.team_award AND f.agent_id IN
      (SELECT a.id FROM perfeval.agent AS a WHERE a.team_id = :best_team ORDER BY a.employee_no LIMIT 2))
ORDER BY f.employee_no, f.decided_at;
\echo '== H-9.1 (issue 9): the agent of the overdue appeal, logged in as itself'
-- a DBA maps a login role to the agent (README, Access control); perfeval_agent is shipped
DO $$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'demo_agent') THEN
        CREATE ROLE demo_agent NOLOGIN IN ROLE perfeval_agent;
    END IF;
END $$;
UPDATE perfeval.agent SET role_name = 'demo_agent' WHERE id = :late_agent;
CREATE FUNCTION pg_temp.demo_try(q text) RETURNS text LANGUAGE plpgsql AS $f$
BEGIN
    EXECUTE q;
    RETURN 'done';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ' ' || SQLERRM;
END $f$;
GRANT EXECUTE ON FUNCTION pg_temp.demo_try(text) TO demo_agent;
SET ROLE demo_agent;
SELECT (SELECT count(*) FROM perfeval.result_current) AS results_it_sees,
       (SELECT count(*) FROM perfeval.appeal) AS appeals_it_sees,
       (SELECT count(*) FROM perfeval.bonus_allocation) AS bonus_parts_it_sees;
SELECT pg_temp.demo_try(format($$SELECT perfeval.appeal_decide(%s, 'upheld', new_total => 99)$$, :ap3)) AS decide_own_appeal;
SELECT pg_temp.demo_try(format($$UPDATE perfeval.appeal SET state = 'reviewed', outcome = 'upheld' WHERE id = %s$$, :ap3)) AS update_it_directly;
RESET ROLE;
UPDATE perfeval.agent SET role_name = NULL WHERE id = :late_agent;
RESET timezone;
