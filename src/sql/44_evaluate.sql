/* src/sql/44_evaluate.sql — the evaluation cycle: evaluate, approve, regrade (H-3.2.3-7, H-5) */

-- rollup_result(period): the roll-up of a quarter or year (H-3.1.3-4), one
-- row per agent with a current month result inside it: each subtotal, layer
-- and the total is the mean of the months that have one, rounded to 4
-- decimals (exact numeric averages, so the order of the months cannot
-- matter); team and department are those of the agent's latest month;
-- months_rolled counts the month totals averaged, indicators_rated the
-- distinct indicators behind them.  No rows for a month or an unknown
-- period.  Shared by evaluate and by an upheld appeal (rollup_revise, H-8),
-- so both apply one rule.
CREATE FUNCTION @extschema@.rollup_result(period_id integer)
RETURNS TABLE (agent_id integer, employee_no text, team_id integer, department_id integer,
               attitude numeric, capability numeric, efficiency numeric, satisfaction numeric,
               measured_total numeric, self_score numeric, department_score numeric, company_score numeric,
               total numeric, critical_failed boolean, months_rolled integer, indicators_rated integer)
LANGUAGE sql
STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    WITH mr AS (
        SELECT r.*, pm.starts_on
        FROM perfeval.period AS pp
        JOIN perfeval.period AS pm ON pm.kind = 'month' AND pm.starts_on BETWEEN pp.starts_on AND pp.ends_on
        JOIN perfeval.result AS r ON r.period_id = pm.id AND r.is_current
        WHERE pp.id = $1 AND pp.kind IN ('quarter', 'year')),
    rated AS (
        SELECT ri.agent_id, count(DISTINCT ri.indicator_id)::integer AS rated
        FROM mr
        JOIN perfeval.result_indicator AS ri
          ON ri.period_id = mr.period_id AND ri.agent_id = mr.agent_id AND ri.revision = mr.revision
        GROUP BY ri.agent_id),
    base AS (
        SELECT mr.agent_id,
               (array_agg(mr.team_id ORDER BY mr.starts_on DESC))[1] AS team_id,
               (array_agg(mr.department_id ORDER BY mr.starts_on DESC))[1] AS department_id,
               round(avg(mr.attitude), 4) AS attitude,
               round(avg(mr.capability), 4) AS capability,
               round(avg(mr.efficiency), 4) AS efficiency,
               round(avg(mr.satisfaction), 4) AS satisfaction,
               round(avg(mr.measured_total), 4) AS measured_total,
               round(avg(mr.self_score), 4) AS self_score,
               round(avg(mr.department_score), 4) AS department_score,
               round(avg(mr.company_score), 4) AS company_score,
               round(avg(mr.total), 4) AS total,
               bool_or(mr.critical_failed) AS critical_failed,
               count(mr.total)::integer AS months_rolled
        FROM mr
        GROUP BY mr.agent_id)
    SELECT b.agent_id, a.employee_no, b.team_id, b.department_id,
           b.attitude, b.capability, b.efficiency, b.satisfaction,
           b.measured_total, b.self_score, b.department_score, b.company_score,
           b.total, b.critical_failed, b.months_rolled, coalesce(rd.rated, 0)
    FROM base AS b
    JOIN perfeval.agent AS a ON a.id = b.agent_id
    LEFT JOIN rated AS rd ON rd.agent_id = b.agent_id
$$;
COMMENT ON FUNCTION @extschema@.rollup_result(integer) IS
'the roll-up of a quarter or year from the current month results inside it: per agent the mean of each subtotal, layer and the total over the months that have one (rounded to 4 decimals), team and department of the latest month, months_rolled, indicators_rated; no rows for a month (H-3.1.3-4; used by evaluate and by upheld appeals)';

-- rollup_indicator(period, scheme_version): the indicator rows behind
-- rollup_result: per agent and indicator the mean raw value and the mean
-- score (rounded to 4 decimals) of the months' current results, the weight
-- under the given scheme version (the one the roll-up is graded under) and
-- whether any month failed it (H-3.1.3-4, H-3.2.1).
CREATE FUNCTION @extschema@.rollup_indicator(period_id integer, scheme_version_id integer)
RETURNS TABLE (agent_id integer, indicator_id integer, raw_value float8, score numeric,
               weight_bp integer, critical_failed boolean)
LANGUAGE sql
STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT ri.agent_id, ri.indicator_id, avg(ri.raw_value::numeric)::float8, round(avg(ri.score), 4),
           min(si.weight_bp), bool_or(ri.critical_failed)
    FROM perfeval.period AS pp
    JOIN perfeval.period AS pm ON pm.kind = 'month' AND pm.starts_on BETWEEN pp.starts_on AND pp.ends_on
    JOIN perfeval.result AS r ON r.period_id = pm.id AND r.is_current
    JOIN perfeval.result_indicator AS ri
      ON ri.period_id = r.period_id AND ri.agent_id = r.agent_id AND ri.revision = r.revision
    LEFT JOIN perfeval.scheme_item AS si ON si.scheme_version_id = $2 AND si.indicator_id = ri.indicator_id
    WHERE pp.id = $1 AND pp.kind IN ('quarter', 'year')
    GROUP BY ri.agent_id, ri.indicator_id
$$;
COMMENT ON FUNCTION @extschema@.rollup_indicator(integer, integer) IS
'the indicator rows of a quarter''s or year''s roll-up: per agent and indicator the months'' mean raw value and mean score (4 decimals), the weight under the given scheme version, any month''s critical failure; no rows for a month (H-3.1.3-4)';

-- grade_and_rank(candidates): the one grading and ranking rule, shared by
-- evaluate (months, quarters, years) and regrade_with (appeals): the grade
-- by the scheme's cutoffs (grade_of rounds before the boundary) or by
-- quota_grade within the quota scope (tied totals never split), a critical
-- failure of a month fails it (H-5.1, H-3.2.3); ranks within team,
-- department and company by total, ties broken by employee number in the C
-- collation, so that no plan changes a rank (H-1.2.1).  A NULL total gets
-- neither grade nor rank.
CREATE TYPE @extschema@.grading_row AS (
    agent_id         integer,
    employee_no      text,
    team_id          integer,
    department_id    integer,
    total            numeric,
    critical_failed  boolean,
    months_rolled    integer,
    grading          text,
    quotas           integer[],
    quota_scope      text,
    cutoffs          float8[]
);
COMMENT ON TYPE @extschema@.grading_row IS
'input of perfeval.grade_and_rank: one current result with what its scheme version says about grading';

CREATE FUNCTION @extschema@.grade_and_rank(candidates @extschema@.grading_row[])
RETURNS TABLE (agent_id integer, grade @extschema@.grade,
               rank_team integer, rank_department integer, rank_company integer)
LANGUAGE sql
IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
SELECT c.agent_id,
       CASE WHEN c.total IS NULL THEN NULL
            WHEN c.critical_failed AND c.months_rolled IS NULL THEN 'fail'::perfeval.grade
            WHEN c.grading = 'quota' THEN perfeval.quota_grade(coalesce(c.quotas, '{20,20,20,20,20}')) OVER quota_w
            ELSE perfeval.grade_of(c.total::float8, c.cutoffs)
       END,
       CASE WHEN c.total IS NOT NULL THEN row_number() OVER team_w END::integer,
       CASE WHEN c.total IS NOT NULL THEN row_number() OVER department_w END::integer,
       CASE WHEN c.total IS NOT NULL THEN row_number() OVER company_w END::integer
FROM unnest(candidates) AS c
WINDOW team_w AS (PARTITION BY c.team_id, c.total IS NULL ORDER BY c.total DESC, c.employee_no COLLATE "C"),
       department_w AS (PARTITION BY c.department_id, c.total IS NULL ORDER BY c.total DESC, c.employee_no COLLATE "C"),
       company_w AS (PARTITION BY c.total IS NULL ORDER BY c.total DESC, c.employee_no COLLATE "C"),
       quota_w AS (PARTITION BY CASE c.quota_scope WHEN 'team' THEN c.team_id
                                                   WHEN 'department' THEN c.department_id ELSE 0 END,
                                c.total IS NULL
                   ORDER BY c.total DESC)
$$;
COMMENT ON FUNCTION @extschema@.grade_and_rank(@extschema@.grading_row[]) IS
'the grading and ranking rule shared by evaluate and regrade_with: grade by cutoffs or quota (a month''s critical failure fails it), ranks in team, department and company with ties by employee number (H-5.1, H-1.2.1)';

-- evaluate(period): every agent's result for the period, written as
-- revision 1 in one transaction; a re-run replaces the draft results.
--
-- A month (H-3.1.2): each measurement is normalised under the scheme
-- version valid on the period's first day (H-3.2.1) and rounded to 4
-- decimals; the dimension subtotals and the measured total are
-- sum(weight * score) / sum(weight) over the rated indicators, in exact
-- numeric arithmetic (a missing indicator is not applicable and its weight
-- drops out, as in weighted_score); a critical indicator beyond its
-- threshold makes the measured total 0 and the grade fail (一票否决).  The
-- company layer is the company evaluation of layer_score, else the measured
-- total; the total is blend(self, department, company) by the scheme's
-- weights (H-3.2.3), rounded to 4 decimals, then graded (grade_of with the
-- cutoffs, or quota_grade within the quota scope, H-5.1) and ranked within
-- team, department and company (ties broken by employee number, C collation).
--
-- A quarter or year (H-3.1.3-4) rolls up the current month results inside
-- it: each subtotal, layer and the total is the mean of the months that have
-- one, rounded to 4 decimals; it is graded and ranked like a month, under
-- the scheme valid on its own first day.  A month's critical failure already
-- counts as a 0 in the mean; it does not fail the quarter by itself.
--
-- Everything is set-based (one INSERT ... SELECT per level), rounded before
-- any comparison and ordered by stable keys, so the plan cannot change a
-- result.
CREATE FUNCTION @extschema@.evaluate(period_id integer)
RETURNS integer
LANGUAGE plpgsql
STRICT
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    pid  integer := evaluate.period_id;
    p    perfeval.period;
    v    perfeval.scheme_version;
    n    integer;
BEGIN
    SELECT * INTO p FROM perfeval.period AS pp WHERE pp.id = pid FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'period % does not exist', pid
            USING ERRCODE = 'undefined_object', HINT = 'Get period ids from perfeval.period_of(kind, day).';
    END IF;
    IF p.state = 'approved' THEN
        RAISE EXCEPTION 'period % is approved and cannot be evaluated again', pid
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'Results are final once the period is approved (H-3.2.7).',
                  HINT = 'An upheld appeal adds a new revision instead (H-8).';
    END IF;
    SELECT * INTO v FROM perfeval.scheme_version AS sv WHERE sv.id = perfeval.scheme_at(p.starts_on);
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no scheme version is valid on %', p.starts_on
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = format('Period %s (%s from %s) is evaluated under the version valid on its first day (H-3.2.1).', pid, p.kind, p.starts_on),
                  HINT = 'Add a scheme version whose valid_from is on or before that day.';
    END IF;
    IF p.kind = 'month' AND NOT EXISTS (SELECT FROM perfeval.scheme_item AS si WHERE si.scheme_version_id = v.id) THEN
        RAISE EXCEPTION 'scheme version % has no indicators', v.id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Add scheme_item rows whose weights total 10,000 basis points.';
    END IF;

    DELETE FROM perfeval.result_indicator AS ri WHERE ri.period_id = pid;
    DELETE FROM perfeval.result AS r WHERE r.period_id = pid;

    IF p.kind = 'month' THEN
        WITH staff AS (
            SELECT a.id AS agent_id, a.employee_no, a.team_id, t.department_id
            FROM perfeval.agent AS a
            JOIN perfeval.team AS t ON t.id = a.team_id
            WHERE a.hired_on <= p.ends_on AND (a.left_on IS NULL OR a.left_on >= p.starts_on)),
        ind AS MATERIALIZED (
            SELECT m.agent_id, m.indicator_id, i.dimension, m.value AS raw_value, si.weight_bp,
                   round((CASE WHEN si.breakpoints IS NULL
                               THEN perfeval.normalize(m.value, si.worst, si.best)
                               ELSE perfeval.normalize_piecewise(m.value, si.breakpoints, si.scores)
                          END)::numeric, 4) AS score,
                   coalesce(si.critical AND CASE i.direction WHEN 'higher_better' THEN m.value < si.critical_threshold
                                                             ELSE m.value > si.critical_threshold END, false) AS critical_failed
            FROM perfeval.measurement AS m
            JOIN staff AS s ON s.agent_id = m.agent_id
            JOIN perfeval.scheme_item AS si ON si.scheme_version_id = v.id AND si.indicator_id = m.indicator_id
            JOIN perfeval.indicator AS i ON i.id = m.indicator_id
            WHERE m.period_id = pid),
        ins AS (
            INSERT INTO perfeval.result_indicator
                   (period_id, agent_id, revision, indicator_id, raw_value, score, weight_bp, critical_failed)
            SELECT pid, ind.agent_id, 1, ind.indicator_id, ind.raw_value, ind.score, ind.weight_bp, ind.critical_failed
            FROM ind),
        agg AS (
            SELECT ind.agent_id,
                   round(sum(ind.weight_bp * ind.score) FILTER (WHERE ind.dimension = 'attitude')
                         / nullif(sum(ind.weight_bp) FILTER (WHERE ind.dimension = 'attitude'), 0), 4) AS attitude,
                   round(sum(ind.weight_bp * ind.score) FILTER (WHERE ind.dimension = 'capability')
                         / nullif(sum(ind.weight_bp) FILTER (WHERE ind.dimension = 'capability'), 0), 4) AS capability,
                   round(sum(ind.weight_bp * ind.score) FILTER (WHERE ind.dimension = 'efficiency')
                         / nullif(sum(ind.weight_bp) FILTER (WHERE ind.dimension = 'efficiency'), 0), 4) AS efficiency,
                   round(sum(ind.weight_bp * ind.score) FILTER (WHERE ind.dimension = 'satisfaction')
                         / nullif(sum(ind.weight_bp) FILTER (WHERE ind.dimension = 'satisfaction'), 0), 4) AS satisfaction,
                   round(sum(ind.weight_bp * ind.score) / nullif(sum(ind.weight_bp), 0), 4) AS measured,
                   bool_or(ind.critical_failed) AS critical_failed,
                   count(*)::integer AS rated
            FROM ind
            GROUP BY ind.agent_id),
        lay AS (
            SELECT l.agent_id,
                   max(l.score) FILTER (WHERE l.layer = 'self') AS self_score,
                   max(l.score) FILTER (WHERE l.layer = 'department') AS department_score,
                   max(l.score) FILTER (WHERE l.layer = 'company') AS company_score
            FROM perfeval.layer_score AS l
            WHERE l.period_id = pid
            GROUP BY l.agent_id),
        base AS (
            SELECT s.agent_id, s.employee_no, s.team_id, s.department_id,
                   g.attitude, g.capability, g.efficiency, g.satisfaction,
                   CASE WHEN g.critical_failed THEN 0 ELSE g.measured END AS measured_total,
                   l.self_score, l.department_score,
                   coalesce(l.company_score, CASE WHEN g.critical_failed THEN 0 ELSE g.measured END) AS company_score,
                   coalesce(g.critical_failed, false) AS critical_failed,
                   coalesce(g.rated, 0) AS rated
            FROM staff AS s
            LEFT JOIN agg AS g ON g.agent_id = s.agent_id
            LEFT JOIN lay AS l ON l.agent_id = s.agent_id),
        tot AS (
            SELECT b.*,
                   CASE WHEN b.critical_failed THEN 0::numeric
                        ELSE round(perfeval.blend(b.self_score::float8, b.department_score::float8,
                                                     b.company_score::float8, v.blend)::numeric, 4)
                   END AS total,
                   NULL::integer AS months_rolled
            FROM base AS b)
        INSERT INTO perfeval.result
               (period_id, agent_id, revision, is_current, scheme_version_id, team_id, department_id,
                attitude, capability, efficiency, satisfaction, measured_total,
                self_score, department_score, company_score, total, critical_failed, grade,
                rank_team, rank_department, rank_company, indicators_rated, months_rolled)
        SELECT pid, t.agent_id, 1, true, v.id, t.team_id, t.department_id,
               t.attitude, t.capability, t.efficiency, t.satisfaction, t.measured_total,
               t.self_score, t.department_score, t.company_score, t.total, t.critical_failed,
               g.grade, g.rank_team, g.rank_department, g.rank_company,
               t.rated, t.months_rolled
        FROM tot AS t
        JOIN perfeval.grade_and_rank(
                 (SELECT pg_catalog.array_agg(ROW(u.agent_id, u.employee_no, u.team_id, u.department_id, u.total,
                                                  u.critical_failed, u.months_rolled,
                                                  v.grading, v.quotas, v.quota_scope, v.cutoffs)::perfeval.grading_row)
                  FROM tot AS u)) AS g ON g.agent_id = t.agent_id;
        GET DIAGNOSTICS n = ROW_COUNT;
    ELSE
        -- the roll-up rule lives in rollup_result / rollup_indicator, shared
        -- with the upheld appeal (rollup_revise); it is graded and ranked here
        INSERT INTO perfeval.result
               (period_id, agent_id, revision, is_current, scheme_version_id, team_id, department_id,
                attitude, capability, efficiency, satisfaction, measured_total,
                self_score, department_score, company_score, total, critical_failed, grade,
                rank_team, rank_department, rank_company, indicators_rated, months_rolled)
        WITH t AS MATERIALIZED (SELECT * FROM perfeval.rollup_result(pid))
        SELECT pid, t.agent_id, 1, true, v.id, t.team_id, t.department_id,
               t.attitude, t.capability, t.efficiency, t.satisfaction, t.measured_total,
               t.self_score, t.department_score, t.company_score, t.total, t.critical_failed,
               g.grade, g.rank_team, g.rank_department, g.rank_company,
               t.indicators_rated, t.months_rolled
        FROM t
        JOIN perfeval.grade_and_rank(
                 (SELECT pg_catalog.array_agg(ROW(u.agent_id, u.employee_no, u.team_id, u.department_id, u.total,
                                                  u.critical_failed, u.months_rolled,
                                                  v.grading, v.quotas, v.quota_scope, v.cutoffs)::perfeval.grading_row)
                  FROM t AS u)) AS g ON g.agent_id = t.agent_id;
        GET DIAGNOSTICS n = ROW_COUNT;
        INSERT INTO perfeval.result_indicator
               (period_id, agent_id, revision, indicator_id, raw_value, score, weight_bp, critical_failed)
        SELECT pid, ri.agent_id, 1, ri.indicator_id, ri.raw_value, ri.score, ri.weight_bp, ri.critical_failed
        FROM perfeval.rollup_indicator(pid, v.id) AS ri;
    END IF;
    RETURN n;
END
$$;
COMMENT ON FUNCTION @extschema@.evaluate(integer) IS
'computes every agent''s result for a period (indicator scores, dimension subtotals, measured total, blended layers, grade, ranks in team, department and company) as draft revision 1, replacing earlier draft results; quarters and years roll up their months; 55000 on an approved period (H-3.2.3, H-5.1)';

-- approve(period): closes an open period, then approves it; its results are
-- final from then on (H-3.2.7).  Returns the number of results locked.
CREATE FUNCTION @extschema@.approve(period_id integer)
RETURNS integer
LANGUAGE plpgsql
STRICT
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    pid  integer := approve.period_id;
    st   text;
    n    integer;
BEGIN
    SELECT pp.state INTO st FROM perfeval.period AS pp WHERE pp.id = pid FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'period % does not exist', pid
            USING ERRCODE = 'undefined_object', HINT = 'Get period ids from perfeval.period_of(kind, day).';
    END IF;
    IF st = 'approved' THEN
        RAISE EXCEPTION 'period % is already approved', pid
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'No further step is allowed; results change only through appeals.';
    END IF;
    SELECT count(*) INTO n FROM perfeval.result AS r WHERE r.period_id = pid AND r.is_current;
    IF n = 0 THEN
        RAISE EXCEPTION 'period % has no results to approve', pid
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = format('Run perfeval.evaluate(%s) first.', pid);
    END IF;
    IF st = 'open' THEN
        UPDATE perfeval.period AS pp SET state = 'closed', closed_at = now() WHERE pp.id = pid;
    END IF;
    UPDATE perfeval.period AS pp
    SET state = 'approved', approved_at = now(), approved_by = current_user
    WHERE pp.id = pid;
    RETURN n;
END
$$;
COMMENT ON FUNCTION @extschema@.approve(integer) IS
'approves a period (closing it first if open): its results become final and locked (H-3.2.7); returns the number of results locked';

-- regrade_with(period, reason, amended, amended_indicators): re-grades and
-- re-ranks the current results of a period with some of them replaced by
-- corrected values (an upheld appeal, H-8.2.2, or the re-rolled quarter or
-- year behind it, H-3.1.3-4), and writes ONE new revision per result that
-- changes: every amended agent (its values changed), and every other agent
-- whose grade or ranks change (H-5.1: cutoffs, or the quotas redistributed
-- over the quota scope; ranks in team, department and company, ties by
-- employee number).  So each new revision is consistent: its grade and
-- ranks are computed from the corrected totals of the whole period.
--
-- amended holds whole perfeval.result rows, at most one per agent; their
-- values (subtotals, layers, total, critical_failed, indicators_rated,
-- months_rolled, evaluated_by) replace the agent's current revision, whose
-- grade and ranks are recomputed; id, revision, is_current, grade, ranks,
-- evaluated_at and revision_reason are ignored; period_id is NULL or this
-- period; a NULL scheme_version_id, team_id, department_id or evaluated_by
-- is taken from the current revision (the scheme valid on the period's first
-- day, CURRENT_USER).  An amended agent without a result gets revision 1.
-- The indicator rows of a new revision are copied from the current one,
-- except for the amended agents when amended_indicators is not NULL: then
-- they are exactly its rows for that agent (period and revision ignored).
-- Every revision is an INSERT, so approved periods keep their lock
-- (H-3.2.7).  Returns the number of revisions written.
CREATE FUNCTION @extschema@.regrade_with(period_id integer, reason text, amended @extschema@.result[],
                                         amended_indicators @extschema@.result_indicator[] DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    pid   integer := regrade_with.period_id;
    why   text := regrade_with.reason;
    am    perfeval.result[] := regrade_with.amended;
    ai    perfeval.result_indicator[] := regrade_with.amended_indicators;
    p     perfeval.period;
    dflt  integer;
    bad   integer;
    n     integer;
BEGIN
    IF pid IS NULL OR why IS NULL OR am IS NULL THEN
        RAISE EXCEPTION 'period_id, reason and amended must not be null'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Pass an empty array ''{}'' as amended to re-grade only (perfeval.regrade).';
    END IF;
    SELECT * INTO p FROM perfeval.period AS pp WHERE pp.id = pid FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'period % does not exist', pid
            USING ERRCODE = 'undefined_object', HINT = 'Get period ids from perfeval.period_of(kind, day).';
    END IF;
    IF EXISTS (SELECT FROM unnest(am) AS x WHERE x.agent_id IS NULL) THEN
        RAISE EXCEPTION 'every amended result needs an agent_id'
            USING ERRCODE = 'null_value_not_allowed', HINT = 'Remove NULL elements; name the agent of each amended result.';
    END IF;
    SELECT x.agent_id INTO bad FROM unnest(am) AS x WHERE x.period_id <> pid LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'the amended result of agent % belongs to another period', bad
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('Only results of period %s can be amended in this call.', pid),
                  HINT = 'Leave period_id NULL or set it to the period re-graded.';
    END IF;
    SELECT x.agent_id INTO bad FROM unnest(am) AS x GROUP BY x.agent_id HAVING count(*) > 1 LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'agent % is amended more than once', bad
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Pass one amended result per agent.';
    END IF;
    SELECT x.agent_id INTO bad FROM unnest(am) AS x
    WHERE NOT EXISTS (SELECT FROM perfeval.agent AS a WHERE a.id = x.agent_id) LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'agent % does not exist', bad USING ERRCODE = 'undefined_object';
    END IF;
    dflt := perfeval.scheme_at(p.starts_on);
    SELECT x.agent_id INTO bad FROM unnest(am) AS x
    LEFT JOIN perfeval.result AS r ON r.period_id = pid AND r.agent_id = x.agent_id AND r.is_current
    WHERE coalesce(x.team_id, r.team_id) IS NULL OR coalesce(x.department_id, r.department_id) IS NULL
       OR coalesce(x.scheme_version_id, r.scheme_version_id, dflt) IS NULL
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'the amended result of agent % has no team, department or scheme version', bad
            USING ERRCODE = 'null_value_not_allowed',
                  DETAIL = format('Agent %s has no current result in period %s to take them from.', bad, pid),
                  HINT = 'Set team_id, department_id and scheme_version_id in the amended result.';
    END IF;
    IF ai IS NOT NULL THEN
        SELECT coalesce(y.agent_id, 0) INTO bad FROM unnest(ai) AS y
        WHERE y.agent_id IS NULL OR y.indicator_id IS NULL
           OR NOT EXISTS (SELECT FROM unnest(am) AS x WHERE x.agent_id = y.agent_id)
        LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION 'an amended indicator row of agent % is not for an amended agent', bad
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'Each row of amended_indicators names an amended agent and an indicator.';
        END IF;
        SELECT y.agent_id INTO bad FROM unnest(ai) AS y GROUP BY y.agent_id, y.indicator_id HAVING count(*) > 1 LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION 'agent % has an indicator twice in amended_indicators', bad
                USING ERRCODE = 'invalid_parameter_value', HINT = 'Pass one row per agent and indicator.';
        END IF;
    END IF;

    WITH cur_rows AS (
        SELECT r AS rec, r.agent_id
        FROM perfeval.result AS r
        WHERE r.period_id = pid AND r.is_current),
    amd_rows AS (
        SELECT x AS rec, x.agent_id FROM unnest(am) AS x),
    merged AS MATERIALIZED (
        SELECT CASE WHEN x.agent_id IS NULL THEN o.rec
                    ELSE jsonb_populate_record(x.rec, jsonb_build_object(
                             'period_id', pid,
                             'scheme_version_id', coalesce((x.rec).scheme_version_id, (o.rec).scheme_version_id, dflt),
                             'team_id', coalesce((x.rec).team_id, (o.rec).team_id),
                             'department_id', coalesce((x.rec).department_id, (o.rec).department_id),
                             'total', round((x.rec).total, 4),
                             'critical_failed', coalesce((x.rec).critical_failed, false),
                             'indicators_rated', coalesce((x.rec).indicators_rated, 0),
                             'evaluated_by', coalesce((x.rec).evaluated_by, CURRENT_USER)))
               END AS rec,
               x.agent_id IS NOT NULL AS amended,
               (o.rec).revision AS old_revision
        FROM cur_rows AS o
        FULL JOIN amd_rows AS x ON x.agent_id = o.agent_id),
    cur AS (
        SELECT (m.rec).*, m.amended, m.old_revision,
               a.employee_no, v.grading, v.quotas, v.quota_scope, v.cutoffs
        FROM merged AS m
        JOIN perfeval.agent AS a ON a.id = (m.rec).agent_id
        JOIN perfeval.scheme_version AS v ON v.id = (m.rec).scheme_version_id),
    graded AS (
        SELECT g.* FROM perfeval.grade_and_rank(
            (SELECT pg_catalog.array_agg(ROW(c.agent_id, c.employee_no, c.team_id, c.department_id, c.total,
                                             c.critical_failed, c.months_rolled,
                                             c.grading, c.quotas, c.quota_scope, c.cutoffs)::perfeval.grading_row)
             FROM cur AS c)) AS g),
    changed AS (
        SELECT c.*, coalesce(c.old_revision, 0) + 1 AS new_revision,
               g.grade AS new_grade, g.rank_team AS new_rank_team,
               g.rank_department AS new_rank_department, g.rank_company AS new_rank_company
        FROM cur AS c
        JOIN graded AS g ON g.agent_id = c.agent_id
        WHERE c.amended
           OR (g.grade, g.rank_team, g.rank_department, g.rank_company)
              IS DISTINCT FROM (c.grade, c.rank_team, c.rank_department, c.rank_company)),
    ins AS (
        INSERT INTO perfeval.result
               (period_id, agent_id, revision, is_current, scheme_version_id, team_id, department_id,
                attitude, capability, efficiency, satisfaction, measured_total,
                self_score, department_score, company_score, total, critical_failed, grade,
                rank_team, rank_department, rank_company, indicators_rated, months_rolled,
                evaluated_by, revision_reason)
        SELECT pid, c.agent_id, c.new_revision, true, c.scheme_version_id, c.team_id, c.department_id,
               c.attitude, c.capability, c.efficiency, c.satisfaction, c.measured_total,
               c.self_score, c.department_score, c.company_score, c.total, c.critical_failed, c.new_grade,
               c.new_rank_team, c.new_rank_department, c.new_rank_company, c.indicators_rated, c.months_rolled,
               CASE WHEN c.amended THEN c.evaluated_by ELSE CURRENT_USER END, why
        FROM changed AS c
        ORDER BY c.agent_id
        RETURNING 1),
    ins_indicators AS (
        INSERT INTO perfeval.result_indicator
               (period_id, agent_id, revision, indicator_id, raw_value, score, weight_bp, critical_failed)
        SELECT pid, ri.agent_id, c.new_revision, ri.indicator_id, ri.raw_value, ri.score, ri.weight_bp, ri.critical_failed
        FROM changed AS c
        JOIN perfeval.result_indicator AS ri
          ON ri.period_id = pid AND ri.agent_id = c.agent_id AND ri.revision = c.old_revision
        WHERE NOT c.amended OR ai IS NULL
        UNION ALL
        SELECT pid, c.agent_id, c.new_revision, y.indicator_id, y.raw_value, y.score, y.weight_bp,
               coalesce(y.critical_failed, false)
        FROM changed AS c
        JOIN unnest(ai) AS y ON y.agent_id = c.agent_id
        WHERE c.amended)
    SELECT count(*) INTO n FROM ins;
    RETURN n;
END
$$;
COMMENT ON FUNCTION @extschema@.regrade_with(integer, text, @extschema@.result[], @extschema@.result_indicator[]) IS
're-grades and re-ranks a period''s current results with the amended agents'' rows replaced by corrected values (an upheld appeal, its re-rolled quarter or year, H-8.2.2, H-5.1) and writes one new revision, with reason, per amended agent and per other result whose grade or ranks change; indicator rows copied, or taken from amended_indicators; returns how many';

-- regrade(period, reason): re-grades and re-ranks the current results of a
-- period as they stand and writes a new revision for every result whose
-- grade or ranks change (H-5.1); returns how many.  regrade_with with
-- nothing amended.
CREATE FUNCTION @extschema@.regrade(period_id integer, reason text)
RETURNS integer
LANGUAGE plpgsql
STRICT
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN perfeval.regrade_with(period_id, reason, '{}');
END
$$;
COMMENT ON FUNCTION @extschema@.regrade(integer, text) IS
're-grades and re-ranks the current results of a period and writes a new revision, with reason, for each result whose grade or ranks change (H-5.1); regrade_with with nothing amended; returns how many';

-- rollup_revise(month, agent, reason, actor): after an agent's month result
-- got a new revision (an upheld appeal, H-8.2.2), re-rolls the quarter and
-- the year holding that month for that agent with rollup_result — the rule
-- evaluate uses (H-3.1.3-4) — and hands the re-rolled row and its indicator
-- rows (rollup_indicator) to regrade_with, which writes it as ONE new
-- revision with reason and actor, graded (cutoffs or quotas) and ranked
-- among the period's current results, plus a new revision for every other
-- result whose grade or ranks change (the old ones kept; draft and approved
-- periods alike, since approval only forbids UPDATE and DELETE, H-3.2.7).
-- Only periods that already have results are touched, and only when a
-- rolled-up value changes.  Returns the number of quarter and year results
-- of the agent revised; 0 when month_id is not a month.
CREATE FUNCTION @extschema@.rollup_revise(month_id integer, agent_id integer, reason text,
                                          actor name DEFAULT CURRENT_USER)
RETURNS integer
LANGUAGE plpgsql
STRICT
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_variable
DECLARE
    aid   integer := rollup_revise.agent_id;
    m     perfeval.period;
    pp    perfeval.period;
    cur   perfeval.result;
    t     record;
    nr    perfeval.result;
    sv    integer;
    n     integer := 0;
BEGIN
    SELECT * INTO m FROM perfeval.period AS p WHERE p.id = month_id AND p.kind = 'month';
    IF NOT FOUND THEN
        RETURN 0;
    END IF;
    FOR pp IN
        SELECT * FROM perfeval.period AS p
        WHERE p.kind IN ('quarter', 'year') AND m.starts_on BETWEEN p.starts_on AND p.ends_on
        ORDER BY p.starts_on DESC, p.ends_on      -- the quarter, then the year
        FOR UPDATE
    LOOP
        CONTINUE WHEN NOT EXISTS (SELECT FROM perfeval.result AS r WHERE r.period_id = pp.id AND r.is_current);
        SELECT * INTO t FROM perfeval.rollup_result(pp.id) AS rr WHERE rr.agent_id = aid;
        CONTINUE WHEN NOT FOUND;
        SELECT * INTO cur FROM perfeval.result AS r
        WHERE r.period_id = pp.id AND r.agent_id = aid AND r.is_current FOR UPDATE;
        IF FOUND AND (t.team_id, t.department_id, t.attitude, t.capability, t.efficiency, t.satisfaction,
                      t.measured_total, t.self_score, t.department_score, t.company_score, t.total,
                      t.critical_failed, t.months_rolled, t.indicators_rated)
                     IS NOT DISTINCT FROM
                     (cur.team_id, cur.department_id, cur.attitude, cur.capability, cur.efficiency, cur.satisfaction,
                      cur.measured_total, cur.self_score, cur.department_score, cur.company_score, cur.total,
                      cur.critical_failed, cur.months_rolled, cur.indicators_rated) THEN
            CONTINUE;
        END IF;
        sv := coalesce(cur.scheme_version_id, perfeval.scheme_at(pp.starts_on));
        nr := jsonb_populate_record(NULL::perfeval.result,
                                    to_jsonb(t) || jsonb_build_object('period_id', pp.id, 'scheme_version_id', sv,
                                                                      'evaluated_by', actor));
        PERFORM perfeval.regrade_with(pp.id, reason, ARRAY[nr],
                    ARRAY(SELECT ROW(pp.id, aid, NULL, ri.indicator_id, ri.raw_value, ri.score, ri.weight_bp,
                                     ri.critical_failed)::perfeval.result_indicator
                          FROM perfeval.rollup_indicator(pp.id, sv) AS ri
                          WHERE ri.agent_id = aid));
        n := n + 1;
    END LOOP;
    RETURN n;
END
$$;
COMMENT ON FUNCTION @extschema@.rollup_revise(integer, integer, text, name) IS
'after a new revision of an agent''s month result (an upheld appeal, H-8.2.2): re-rolls the quarter and year holding the month for that agent (rollup_result, the rule of evaluate, H-3.1.3-4) and writes it through regrade_with as one new revision with reason and actor, graded and ranked, plus new revisions for the other results whose grade or ranks change (the old ones kept); only periods with results, only when a value changes; returns how many results of the agent were revised';
