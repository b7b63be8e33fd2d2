/* src/sql/82_replay.sql — what-if replay of past periods under a draft scheme (H-9.2, H-1.2.3, H-1.2.1; issue 15) */

-- replay(version, periods, recentre_department): what the given past
-- periods would have been under a scheme version (a draft of a revision,
-- usually), next to what is stored, without writing anything.  One row per
-- agent and period with a stored or a proposed result: totals, grades,
-- ranks, bonus coefficients (bonus_coefficient_of under each side's
-- version) and their differences; periods in the order given, agents by
-- employee number.
--
-- A month's proposed side is evaluate_rows(month, version), the core
-- evaluate stores (so a copy of a period's own version replays to exactly
-- its stored results).  A quarter's or year's proposed side is the roll-up
-- of its proposed months (H-3.1.3-4): each month inside it that has stored
-- results (the months its stored roll-up averages) is evaluated under the
-- version by evaluate_rows, as a month is, then rolled up by the rule of
-- rollup_result -- per agent the mean of the month totals that exist,
-- rounded to 4 decimals, team and department of the latest month,
-- months_rolled (a month's critical failure counts as its total 0 and does
-- not fail the quarter by itself) -- and graded and ranked by
-- grade_and_rank, the rule evaluate applies to quarters (cutoffs or
-- quota_grade, ties by employee number in the C collation).  Each month is
-- evaluated once per call, however many of the periods asked for hold it
-- (a year with its quarters and months costs the 12 months' evaluation).
-- The stored side is the current results.
--
-- recentre_department => true replays with the department layer of every
-- agent moved by its evaluator's relative leniency in that month
-- (evaluator_calibration): department score - relative_leniency, kept
-- within 0-100, the total re-blended under the version and graded and
-- ranked by grade_and_rank, the rule evaluate uses (H-1.2.1, H-3.2.3); a
-- quarter or year rolls up the re-centred months.
--
-- Row security: replay runs with the caller's rights (SECURITY INVOKER), so
-- it reads only the rows the caller may read, and returns only the agents
-- the caller may see (visible_agent_ids).  Totals and cutoff grades of
-- those agents are exact; ranks, quota grades (and their differences) need
-- every agent of the period, so they are NULL for a caller who does not see
-- all (sees_all: HR, leadership, the service) -- as evaluate_rows, replay
-- computes from what the caller may read.
--
-- NULL elements 22004, duplicates and more than one dimension 22023, an
-- unknown period or version 42704.
CREATE FUNCTION @extschema@.replay(scheme_version_id integer, period_ids integer[],
                                   recentre_department boolean DEFAULT false)
RETURNS TABLE (period_id integer, agent_id integer, employee_no text, team_id integer, department_id integer,
               stored_scheme_version_id integer,
               stored_total numeric, proposed_total numeric, total_change numeric,
               stored_grade @extschema@.grade, proposed_grade @extschema@.grade, grade_change integer,
               stored_rank_team integer, proposed_rank_team integer, rank_team_change integer,
               stored_rank_department integer, proposed_rank_department integer, rank_department_change integer,
               stored_rank_company integer, proposed_rank_company integer, rank_company_change integer,
               stored_coefficient numeric, proposed_coefficient numeric, coefficient_change numeric)
LANGUAGE plpgsql
STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
SET jit = off
AS $$
#variable_conflict use_column
DECLARE
    vid     integer := replay.scheme_version_id;
    ids     integer[] := replay.period_ids;
    recent  boolean := replay.recentre_department;
    v       perfeval.scheme_version;
    x       integer;
    all_in  boolean := perfeval.sees_all() OR perfeval.is_superuser();
BEGIN
    IF pg_catalog.array_ndims(ids) > 1 THEN
        RAISE EXCEPTION 'period_ids must be a one-dimensional array'
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Pass a list of period ids.';
    END IF;
    IF pg_catalog.array_position(ids, NULL) IS NOT NULL THEN
        RAISE EXCEPTION 'period_ids must not contain NULL'
            USING ERRCODE = 'null_value_not_allowed', HINT = 'Pass period ids from perfeval.period_of(kind, day).';
    END IF;
    IF (SELECT count(*) <> count(DISTINCT u.x) FROM unnest(ids) AS u(x)) THEN
        RAISE EXCEPTION 'period_ids must not repeat a period'
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Pass each period once.';
    END IF;
    SELECT * INTO v FROM perfeval.scheme_version AS sv WHERE sv.id = vid;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'scheme version % does not exist', vid
            USING ERRCODE = 'undefined_object', HINT = 'Get scheme version ids from perfeval.scheme_revision or perfeval.scheme_version.';
    END IF;
    -- every period checked before any is computed
    SELECT u.x INTO x FROM unnest(ids) AS u(x)
    WHERE NOT EXISTS (SELECT FROM perfeval.period AS pp WHERE pp.id = u.x) LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'period % does not exist', x
            USING ERRCODE = 'undefined_object', HINT = 'Get period ids from perfeval.period_of(kind, day).';
    END IF;
    RETURN QUERY
    WITH req AS (
        SELECT u.x AS pid, u.ord, pp.kind, pp.starts_on, pp.ends_on
        FROM unnest(ids) WITH ORDINALITY AS u(x, ord)
        JOIN perfeval.period AS pp ON pp.id = u.x),
    -- the months of a quarter or year asked for that have stored results:
    -- the months its stored roll-up averages (rollup_result)
    inside AS (
        SELECT r.pid, pm.id AS mid, pm.starts_on OPERATOR(pg_catalog.-) date '2000-01-01' AS month_no
        FROM req AS r
        JOIN perfeval.period AS pm ON pm.kind = 'month' AND pm.starts_on BETWEEN r.starts_on AND r.ends_on
        WHERE r.kind <> 'month'
          AND EXISTS (SELECT FROM perfeval.result AS s WHERE s.period_id = pm.id AND s.is_current)),
    -- every month to evaluate, once
    mon AS (
        SELECT r.pid AS mid FROM req AS r WHERE r.kind = 'month'
        UNION
        SELECT i.mid FROM inside AS i),
    e AS MATERIALIZED (
        SELECT m.mid, d.* FROM mon AS m CROSS JOIN LATERAL perfeval.evaluate_rows(m.mid, vid) AS d),
    lean AS (
        SELECT c.period_id, c.evaluator, c.relative_leniency
        FROM perfeval.evaluator_calibration AS c
        WHERE recent AND c.period_id IN (SELECT m.mid FROM mon AS m)),
    moved AS MATERIALIZED (
        SELECT e.mid, e.agent_id, a.employee_no, e.team_id, e.department_id, e.critical_failed, e.months_rolled,
               CASE WHEN e.total IS NULL THEN NULL
                    WHEN e.critical_failed THEN 0::numeric
                    ELSE round(perfeval.blend(e.self_score::float8,
                                              CASE WHEN e.department_score IS NOT NULL
                                                   THEN greatest(0, least(100, e.department_score - coalesce(ln.relative_leniency, 0)))
                                              END::float8,
                                              e.company_score::float8, v.blend)::numeric, 4)
               END AS total
        FROM e
        JOIN perfeval.agent AS a ON a.id = e.agent_id
        LEFT JOIN perfeval.layer_score AS l
               ON l.agent_id = e.agent_id AND l.period_id = e.mid AND l.layer = 'department'
        LEFT JOIN lean AS ln ON ln.period_id = e.mid AND ln.evaluator = l.evaluator
        WHERE recent),
    regraded AS (
        SELECT q.mid, g.*
        FROM (SELECT m.mid,
                     array_agg(ROW(m.agent_id, m.employee_no, m.team_id, m.department_id, m.total, m.critical_failed,
                                   m.months_rolled, v.grading, v.quotas, v.quota_scope, v.cutoffs)::perfeval.grading_row) AS c
              FROM moved AS m GROUP BY m.mid) AS q
        CROSS JOIN LATERAL perfeval.grade_and_rank(q.c) AS g),
    -- the proposed months: evaluate_rows, or re-centred and re-graded
    pm AS MATERIALIZED (
        SELECT e.mid, e.agent_id, e.team_id, e.department_id, e.critical_failed,
               CASE WHEN recent THEN m.total ELSE e.total END AS total,
               CASE WHEN recent THEN g.grade ELSE e.grade END AS grade,
               CASE WHEN recent THEN g.rank_team ELSE e.rank_team END AS rank_team,
               CASE WHEN recent THEN g.rank_department ELSE e.rank_department END AS rank_department,
               CASE WHEN recent THEN g.rank_company ELSE e.rank_company END AS rank_company
        FROM e
        LEFT JOIN moved AS m ON m.mid = e.mid AND m.agent_id = e.agent_id
        LEFT JOIN regraded AS g ON g.mid = e.mid AND g.agent_id = e.agent_id),
    -- a quarter or year: the roll-up of its proposed months by the rule of
    -- rollup_result (H-3.1.3-4): the mean of the month totals there are,
    -- rounded to 4 decimals; team and department of the latest month (the
    -- largest (month, team, department)); a critical failure is a month
    -- total of 0, carried as critical_failed with months_rolled set, which
    -- grade_and_rank does not fail by itself
    ru AS (
        SELECT i.pid, x.agent_id,
               (max(ARRAY[i.month_no, x.team_id, x.department_id]))[2] AS team_id,
               (max(ARRAY[i.month_no, x.team_id, x.department_id]))[3] AS department_id,
               round(avg(x.total), 4) AS total,
               bool_or(x.critical_failed) AS critical_failed,
               count(x.total)::integer AS months_rolled
        FROM inside AS i
        JOIN pm AS x ON x.mid = i.mid
        GROUP BY i.pid, x.agent_id),
    rg AS (
        SELECT q.pid, g.*
        FROM (SELECT u.pid,
                     array_agg(ROW(u.agent_id, a.employee_no, u.team_id, u.department_id, u.total, u.critical_failed,
                                   u.months_rolled, v.grading, v.quotas, v.quota_scope, v.cutoffs)::perfeval.grading_row) AS c
              FROM ru AS u JOIN perfeval.agent AS a ON a.id = u.agent_id
              GROUP BY u.pid) AS q
        CROSS JOIN LATERAL perfeval.grade_and_rank(q.c) AS g),
    prop AS (
        SELECT y.pid, y.agent_id, y.team_id, y.department_id, y.total, y.grade, y.rank_team, y.rank_department, y.rank_company
        FROM (SELECT x.mid AS pid, x.agent_id, x.team_id, x.department_id, x.total, x.grade,
                     x.rank_team, x.rank_department, x.rank_company
              FROM pm AS x
              WHERE x.mid IN (SELECT r.pid FROM req AS r WHERE r.kind = 'month')
              UNION ALL
              SELECT u.pid, u.agent_id, u.team_id, u.department_id, u.total, g.grade,
                     g.rank_team, g.rank_department, g.rank_company
              FROM ru AS u
              JOIN rg AS g ON g.pid = u.pid AND g.agent_id = u.agent_id) AS y
        WHERE y.agent_id IN (SELECT o.id FROM perfeval.visible_agent_ids() AS o(id))),
    st AS (
        SELECT r.period_id AS pid, r.agent_id, r.team_id, r.department_id, r.scheme_version_id, r.total, r.grade,
               r.rank_team, r.rank_department, r.rank_company
        FROM perfeval.result AS r
        WHERE r.period_id IN (SELECT q.pid FROM req AS q) AND r.is_current),
    j AS (
        SELECT coalesce(s.pid, q.pid) AS pid,
               coalesce(s.agent_id, q.agent_id) AS agent_id,
               coalesce(q.team_id, s.team_id) AS team_id,
               coalesce(q.department_id, s.department_id) AS department_id,
               s.scheme_version_id AS stored_version,
               s.total AS s_total, q.total AS p_total,
               s.grade AS s_grade,
               CASE WHEN all_in OR v.grading <> 'quota' THEN q.grade END AS p_grade,
               s.rank_team AS s_rt, CASE WHEN all_in THEN q.rank_team END AS p_rt,
               s.rank_department AS s_rd, CASE WHEN all_in THEN q.rank_department END AS p_rd,
               s.rank_company AS s_rc, CASE WHEN all_in THEN q.rank_company END AS p_rc
        FROM st AS s
        FULL JOIN prop AS q ON q.pid = s.pid AND q.agent_id = s.agent_id),
    -- bonus_coefficient_of once per (version, grade) there is, not per row
    -- (a query per call: most of a month's replay when called per row)
    coef AS (
        SELECT c.sv, c.g, perfeval.bonus_coefficient_of(c.sv, c.g) AS coefficient
        FROM (SELECT j.stored_version AS sv, j.s_grade AS g FROM j WHERE j.s_grade IS NOT NULL
              UNION
              SELECT vid, j.p_grade FROM j WHERE j.p_grade IS NOT NULL) AS c),
    k AS (
        SELECT j.*, a.employee_no, r.ord, cs.coefficient AS s_coef, cp.coefficient AS p_coef
        FROM j
        JOIN perfeval.agent AS a ON a.id = j.agent_id
        JOIN req AS r ON r.pid = j.pid
        LEFT JOIN coef AS cs ON cs.sv = j.stored_version AND cs.g = j.s_grade
        LEFT JOIN coef AS cp ON cp.sv = vid AND cp.g = j.p_grade)
    SELECT k.pid, k.agent_id, k.employee_no, k.team_id, k.department_id, k.stored_version,
           k.s_total, k.p_total, k.p_total - k.s_total,
           k.s_grade, k.p_grade,
           array_position(enum_range(NULL::perfeval.grade), k.p_grade)
             - array_position(enum_range(NULL::perfeval.grade), k.s_grade),
           k.s_rt, k.p_rt, k.p_rt - k.s_rt,
           k.s_rd, k.p_rd, k.p_rd - k.s_rd,
           k.s_rc, k.p_rc, k.p_rc - k.s_rc,
           k.s_coef, k.p_coef, k.p_coef - k.s_coef
    FROM k
    ORDER BY k.ord, k.employee_no COLLATE "C";
END
$$;
COMMENT ON FUNCTION @extschema@.replay(integer, integer[], boolean) IS
'what-if: the given periods evaluated under a scheme version (nothing stored) next to their stored current results, per agent and period: totals, grades, ranks, bonus coefficients and the differences (grade_change: steps up positive); a month is evaluate_rows, a quarter or year the roll-up of its evaluated months under the version (rollup_result''s means, grade_and_rank), each month evaluated once per call; recentre_department => true removes each evaluator''s relative leniency (evaluator_calibration) from the department layer first; rows of the agents the caller may see, ranks and quota grades only for callers who see all (H-9.2, H-3.1.3-4, H-1.2.1, H-3.2.3)';

-- replay_summary(version, periods, scope, pool, recentre_department): the
-- replay per team, department or the company and period: grade
-- distribution before and after, how many agents change grade, up and
-- down, the mean change of the total, and a bonus pool's redistribution --
-- the pool (the argument, else the period's stored bonus pools together)
-- split by perfeval.allocate over the stored and over the proposed
-- coefficients, as allocate_bonus_pool splits it (employee-number order,
-- exact to the pool's scale, H-3.3.1).  The bonus columns are NULL for a
-- caller who does not see all (a split over some agents would mislead) and
-- when there is no pool or every coefficient is 0.
CREATE FUNCTION @extschema@.replay_summary(scheme_version_id integer, period_ids integer[], scope text DEFAULT 'team',
                                           pool numeric DEFAULT NULL, recentre_department boolean DEFAULT false)
RETURNS TABLE (period_id integer, scope_id integer, scope_name text, agents integer,
               stored_excellent integer, stored_good integer, stored_medium integer, stored_pass integer, stored_fail integer,
               proposed_excellent integer, proposed_good integer, proposed_medium integer, proposed_pass integer, proposed_fail integer,
               grade_changed integer, grade_up integer, grade_down integer, mean_total_change numeric,
               pool_amount numeric, stored_bonus numeric, proposed_bonus numeric, bonus_change numeric)
LANGUAGE plpgsql
STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
SET jit = off
AS $$
#variable_conflict use_column
DECLARE
    sc     text := replay_summary.scope;
    pl     numeric := replay_summary.pool;
    all_in boolean := perfeval.sees_all() OR perfeval.is_superuser();
BEGIN
    IF replay_summary.scheme_version_id IS NULL OR replay_summary.period_ids IS NULL OR sc IS NULL
       OR replay_summary.recentre_department IS NULL THEN
        RAISE EXCEPTION 'scheme_version_id, period_ids, scope and recentre_department must not be null'
            USING ERRCODE = 'null_value_not_allowed', HINT = 'pool may be NULL: the period''s stored bonus pools are used.';
    END IF;
    IF sc NOT IN ('team', 'department', 'company') THEN
        RAISE EXCEPTION 'scope must be team, department or company, not %', sc
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF pl IS NOT NULL AND NOT (pl >= 0 AND pl < 1e12) THEN
        RAISE EXCEPTION 'pool must be between 0 and 10^12, not %', pl
            USING ERRCODE = 'numeric_value_out_of_range', HINT = 'Pass the money to share out, or NULL for the stored pools.';
    END IF;
    RETURN QUERY
    WITH r AS MATERIALIZED (
        SELECT * FROM perfeval.replay(replay_summary.scheme_version_id, replay_summary.period_ids,
                                      replay_summary.recentre_department)),
    pools AS (
        SELECT q.period_id, coalesce(pl, q.amount) AS amount, q.scale
        FROM (SELECT u.x AS period_id,
                     (SELECT sum(b.amount) FROM perfeval.bonus_pool AS b WHERE b.period_id = u.x) AS amount,
                     coalesce((SELECT max(b.scale) FROM perfeval.bonus_pool AS b WHERE b.period_id = u.x), 2) AS scale
              FROM unnest(replay_summary.period_ids) AS u(x)) AS q
        WHERE all_in AND coalesce(pl, q.amount) IS NOT NULL),
    shares AS (
        SELECT r.period_id,
               array_agg(r.agent_id ORDER BY r.employee_no COLLATE "C") AS ids,
               array_agg(coalesce(r.stored_coefficient, 0) ORDER BY r.employee_no COLLATE "C") AS s_sh,
               array_agg(coalesce(r.proposed_coefficient, 0) ORDER BY r.employee_no COLLATE "C") AS p_sh
        FROM r GROUP BY r.period_id),
    alloc AS (
        SELECT s.period_id, pp.amount, u.agent_id, u.s_amt, u.p_amt
        FROM shares AS s
        JOIN pools AS pp ON pp.period_id = s.period_id
        CROSS JOIN LATERAL unnest(s.ids,
            CASE WHEN (SELECT sum(z) FROM unnest(s.s_sh) AS z) > 0 THEN perfeval.allocate(pp.amount, s.s_sh, pp.scale) END,
            CASE WHEN (SELECT sum(z) FROM unnest(s.p_sh) AS z) > 0 THEN perfeval.allocate(pp.amount, s.p_sh, pp.scale) END)
            AS u(agent_id, s_amt, p_amt)),
    tagged AS (
        SELECT r.*, CASE sc WHEN 'team' THEN r.team_id WHEN 'department' THEN r.department_id ELSE 0 END AS sid,
               a.amount AS pool_amount, a.s_amt, a.p_amt
        FROM r LEFT JOIN alloc AS a ON a.period_id = r.period_id AND a.agent_id = r.agent_id)
    SELECT t.period_id, t.sid,
           CASE sc WHEN 'team' THEN (SELECT tm.name FROM perfeval.team AS tm WHERE tm.id = t.sid)
                   WHEN 'department' THEN (SELECT d.name FROM perfeval.department AS d WHERE d.id = t.sid)
                   ELSE 'company' END,
           count(*)::integer,
           count(*) FILTER (WHERE t.stored_grade = 'excellent')::integer,
           count(*) FILTER (WHERE t.stored_grade = 'good')::integer,
           count(*) FILTER (WHERE t.stored_grade = 'medium')::integer,
           count(*) FILTER (WHERE t.stored_grade = 'pass')::integer,
           count(*) FILTER (WHERE t.stored_grade = 'fail')::integer,
           count(*) FILTER (WHERE t.proposed_grade = 'excellent')::integer,
           count(*) FILTER (WHERE t.proposed_grade = 'good')::integer,
           count(*) FILTER (WHERE t.proposed_grade = 'medium')::integer,
           count(*) FILTER (WHERE t.proposed_grade = 'pass')::integer,
           count(*) FILTER (WHERE t.proposed_grade = 'fail')::integer,
           count(*) FILTER (WHERE t.grade_change <> 0)::integer,
           count(*) FILTER (WHERE t.grade_change > 0)::integer,
           count(*) FILTER (WHERE t.grade_change < 0)::integer,
           round(avg(t.total_change), 4),
           max(t.pool_amount),
           sum(t.s_amt), sum(t.p_amt), sum(t.p_amt) - sum(t.s_amt)
    FROM tagged AS t
    GROUP BY t.period_id, t.sid
    ORDER BY t.period_id, t.sid;
END
$$;
COMMENT ON FUNCTION @extschema@.replay_summary(integer, integer[], text, numeric, boolean) IS
'the replay per team, department or company and period: grade distribution stored and proposed, agents changing grade (up, down), mean change of the total, and the bonus pool (the argument, else the period''s stored pools) split with allocate over the stored and the proposed coefficients; bonus columns only for callers who see all (H-9.2, H-3.3.1)';

GRANT EXECUTE ON FUNCTION @extschema@.replay(integer, integer[], boolean),
                          @extschema@.replay_summary(integer, integer[], text, numeric, boolean)
    TO perfeval_agent, perfeval_manager, perfeval_hr, perfeval_leadership, perfeval_service;
