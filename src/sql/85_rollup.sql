/* src/sql/85_rollup.sql — 1.1: a quarter's or year's roll-up in one pass over the month results (H-3.1.3-4, issue 11) */

-- rollup_months(...): one agent's whole roll-up of a quarter or year from
-- its current month result rows, in one pass (1.1, issue 11; in 1.0
-- rollup_result and rollup_detail scanned the month rows once each): the
-- columns of rollup_result (each subtotal, layer and total the mean of the
-- months that have one, rounded to 4 decimals; team and department of the
-- latest month; whether any month failed; months_rolled; indicators_rated)
-- and the indicator arrays of indicator_rollup.  The means of the 4-decimal
-- scores are exact integer sums in units of 0.0001, rounded half away from
-- zero: round(avg(x), 4) digit for digit; other values take avg's numeric
-- path.
CREATE TYPE @extschema@.rollup_row AS (
    team_id            integer,
    department_id      integer,
    attitude           numeric,
    capability         numeric,
    efficiency         numeric,
    satisfaction       numeric,
    measured_total     numeric,
    self_score         numeric,
    department_score   numeric,
    company_score      numeric,
    total              numeric,
    critical_failed    boolean,
    months_rolled      integer,
    indicators_rated   integer,
    indicator_ids      integer[],
    raw_values         float8[],
    scores             numeric[],
    weights_bp         integer[],
    indicators_failed  boolean[]
);
COMMENT ON TYPE @extschema@.rollup_row IS
'one agent''s roll-up of a quarter or year as rollup_months returns it: rollup_result''s columns and rollup_detail''s arrays (H-3.1.3-4)';
COMMENT ON COLUMN @extschema@.rollup_row.team_id IS 'the team of the latest month (of the largest (month_no, team_id, department_id))';
COMMENT ON COLUMN @extschema@.rollup_row.department_id IS 'the department of the latest month (of the largest (month_no, team_id, department_id))';
COMMENT ON COLUMN @extschema@.rollup_row.attitude IS 'round(avg(attitude), 4) over the months';
COMMENT ON COLUMN @extschema@.rollup_row.capability IS 'round(avg(capability), 4) over the months';
COMMENT ON COLUMN @extschema@.rollup_row.efficiency IS 'round(avg(efficiency), 4) over the months';
COMMENT ON COLUMN @extschema@.rollup_row.satisfaction IS 'round(avg(satisfaction), 4) over the months';
COMMENT ON COLUMN @extschema@.rollup_row.measured_total IS 'round(avg(measured_total), 4) over the months';
COMMENT ON COLUMN @extschema@.rollup_row.self_score IS 'round(avg(self_score), 4) over the months';
COMMENT ON COLUMN @extschema@.rollup_row.department_score IS 'round(avg(department_score), 4) over the months';
COMMENT ON COLUMN @extschema@.rollup_row.company_score IS 'round(avg(company_score), 4) over the months';
COMMENT ON COLUMN @extschema@.rollup_row.total IS 'round(avg(total), 4) over the months';
COMMENT ON COLUMN @extschema@.rollup_row.critical_failed IS 'bool_or(critical_failed) over the months';
COMMENT ON COLUMN @extschema@.rollup_row.months_rolled IS 'count(total): the month totals averaged';
COMMENT ON COLUMN @extschema@.rollup_row.indicators_rated IS 'the distinct indicators of the months'' indicator arrays';
COMMENT ON COLUMN @extschema@.rollup_row.indicator_ids IS 'the indicators of the months, ascending (indicator_rollup)';
COMMENT ON COLUMN @extschema@.rollup_row.raw_values IS 'the mean raw value of each indicator (raw_mean), NULL when none';
COMMENT ON COLUMN @extschema@.rollup_row.scores IS 'round(avg(score), 4) of each indicator, NULL when none';
COMMENT ON COLUMN @extschema@.rollup_row.weights_bp IS 'the weight of each indicator under the version passed, NULL when the version does not weigh it';
COMMENT ON COLUMN @extschema@.rollup_row.indicators_failed IS 'whether any month failed each indicator';

CREATE FUNCTION @extschema@.rollup_months_accum(internal, integer, integer, integer,
                                                numeric, numeric, numeric, numeric, numeric, numeric, numeric, numeric, numeric,
                                                boolean, integer[], float8[], numeric[], boolean[], integer[], integer[])
RETURNS internal
AS 'MODULE_PATHNAME', 'pe_rollup_months_accum'
LANGUAGE C IMMUTABLE PARALLEL SAFE
COST 50;    -- about 1.5 us a month row (16 indicators), 50 times cpu_operator_cost
COMMENT ON FUNCTION @extschema@.rollup_months_accum(internal, integer, integer, integer,
                                                    numeric, numeric, numeric, numeric, numeric, numeric, numeric, numeric, numeric,
                                                    boolean, integer[], float8[], numeric[], boolean[], integer[], integer[]) IS
'transition function of rollup_months (H-3.1.3-4)';

CREATE FUNCTION @extschema@.rollup_months_combine(internal, internal)
RETURNS internal
AS 'MODULE_PATHNAME', 'pe_rollup_months_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rollup_months_combine(internal, internal) IS
'combine function of rollup_months (partial aggregation)';

CREATE FUNCTION @extschema@.rollup_months_serialize(internal)
RETURNS bytea
AS 'MODULE_PATHNAME', 'pe_rollup_months_serialize'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rollup_months_serialize(internal) IS
'serialization function of rollup_months (parallel aggregation)';

CREATE FUNCTION @extschema@.rollup_months_deserialize(bytea, internal)
RETURNS internal
AS 'MODULE_PATHNAME', 'pe_rollup_months_deserialize'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rollup_months_deserialize(bytea, internal) IS
'deserialization function of rollup_months (parallel aggregation)';

CREATE FUNCTION @extschema@.rollup_months_final(internal)
RETURNS @extschema@.rollup_row
AS 'MODULE_PATHNAME', 'pe_rollup_months_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rollup_months_final(internal) IS
'final function of rollup_months: the rollup_row';

CREATE AGGREGATE @extschema@.rollup_months(month_no integer, team_id integer, department_id integer,
                                           attitude numeric, capability numeric, efficiency numeric, satisfaction numeric,
                                           measured_total numeric, self_score numeric, department_score numeric,
                                           company_score numeric, total numeric, critical_failed boolean,
                                           indicator_ids integer[], raw_values float8[], scores numeric[],
                                           indicators_failed boolean[], version_ids integer[], version_weights integer[]) (
    SFUNC = @extschema@.rollup_months_accum,
    STYPE = internal,
    FINALFUNC = @extschema@.rollup_months_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.rollup_months_combine,
    SERIALFUNC = @extschema@.rollup_months_serialize,
    DESERIALFUNC = @extschema@.rollup_months_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.rollup_months(integer, integer, integer, numeric, numeric, numeric, numeric, numeric,
                                               numeric, numeric, numeric, numeric, boolean, integer[], float8[], numeric[],
                                               boolean[], integer[], integer[]) IS
'one agent''s roll-up of its month result rows in one pass: round(avg(x), 4) of the nine subtotals, layers and total (exact scaled integers), team and department of the largest (month_no, team_id, department_id), bool_or of the failures, count(total), the distinct indicators, and indicator_rollup''s arrays (H-3.1.3-4)';

-- rollup_months_state(...): the same arguments and transition as
-- rollup_months, and the state itself as bytes for its final value: a
-- quarter's result.rollup_state (1.1, issue 11).  Both final functions
-- only read the state, so PostgreSQL computes one transition for a query
-- that calls both.
CREATE FUNCTION @extschema@.rollup_months_state_final(internal)
RETURNS bytea
AS 'MODULE_PATHNAME', 'pe_rollup_months_state_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rollup_months_state_final(internal) IS
'final function of rollup_months_state: the roll-up state as bytes (result.rollup_state)';

CREATE AGGREGATE @extschema@.rollup_months_state(month_no integer, team_id integer, department_id integer,
                                                 attitude numeric, capability numeric, efficiency numeric, satisfaction numeric,
                                                 measured_total numeric, self_score numeric, department_score numeric,
                                                 company_score numeric, total numeric, critical_failed boolean,
                                                 indicator_ids integer[], raw_values float8[], scores numeric[],
                                                 indicators_failed boolean[], version_ids integer[], version_weights integer[]) (
    SFUNC = @extschema@.rollup_months_accum,
    STYPE = internal,
    FINALFUNC = @extschema@.rollup_months_state_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.rollup_months_combine,
    SERIALFUNC = @extschema@.rollup_months_serialize,
    DESERIALFUNC = @extschema@.rollup_months_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.rollup_months_state(integer, integer, integer, numeric, numeric, numeric, numeric, numeric,
                                                     numeric, numeric, numeric, numeric, boolean, integer[], float8[], numeric[],
                                                     boolean[], integer[], integer[]) IS
'rollup_months'' state as bytes: the exact sums and counts of an agent''s months, which rollup_merge adds to a longer roll-up (a quarter''s result.rollup_state, H-3.1.3-4)';

-- rollup_merge(state, version_ids, version_weights): a roll-up from stored
-- rollup_months states (a year from its four quarters' rollup_state, 1.1,
-- issue 11): the states' sums are added as the months behind them would
-- have been, so the rollup_row is rollup_months' over those months, digit
-- for digit; the weights are the version's given here.  22023 for bytes
-- rollup_months_state did not write.
CREATE FUNCTION @extschema@.rollup_merge_accum(internal, bytea, integer[], integer[])
RETURNS internal
AS 'MODULE_PATHNAME', 'pe_rollup_merge_accum'
LANGUAGE C IMMUTABLE PARALLEL SAFE
COST 50;    -- a state of 16 indicators: about as dear as a month row
COMMENT ON FUNCTION @extschema@.rollup_merge_accum(internal, bytea, integer[], integer[]) IS
'transition function of rollup_merge (H-3.1.3-4)';

CREATE AGGREGATE @extschema@.rollup_merge(state bytea, version_ids integer[], version_weights integer[]) (
    SFUNC = @extschema@.rollup_merge_accum,
    STYPE = internal,
    FINALFUNC = @extschema@.rollup_months_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.rollup_months_combine,
    SERIALFUNC = @extschema@.rollup_months_serialize,
    DESERIALFUNC = @extschema@.rollup_months_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.rollup_merge(bytea, integer[], integer[]) IS
'a roll-up from stored rollup_months states (a year from its quarters'' result.rollup_state): the rollup_row of the months behind them, exactly (H-3.1.3-4)';

-- year_merges_states(period): whether evaluating the period (a year)
-- merges its quarters' stored states (rollup_merge): all four quarters
-- have them and neither their months' results nor their own changed since
-- (the counters of result_stamp add up to each quarter's rollup_stamp:
-- sixteen period rows, no result read); false for other periods, which
-- read their months (1.1, issue 11).
CREATE FUNCTION @extschema@.year_merges_states(p @extschema@.period)
RETURNS boolean
LANGUAGE plpgsql
STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    fresh boolean;
BEGIN
    IF p.kind IS DISTINCT FROM 'year' THEN
        RETURN false;
    END IF;
    SELECT count(*) = 4
           AND bool_and(q.rollup_stamp IS NOT NULL
                        AND q.rollup_stamp = q.results_stamp + (SELECT coalesce(sum(m.results_stamp), 0)
                                                                FROM perfeval.period AS m
                                                                WHERE m.kind = 'month'
                                                                  AND m.starts_on BETWEEN q.starts_on AND q.ends_on))
      INTO fresh
    FROM perfeval.period AS q
    WHERE q.kind = 'quarter' AND q.starts_on BETWEEN p.starts_on AND p.ends_on;
    RETURN coalesce(fresh, false);
END
$$;
COMMENT ON FUNCTION @extschema@.year_merges_states(@extschema@.period) IS
'whether a year''s evaluation merges its four quarters'' stored roll-up states: all present and fresh by the result counters (H-3.1.3-4)';

-- evaluate_detail_sql(): the text of evaluate_detail's query, with the
-- period row as $1, the scheme version row as $2 and whether a year merges
-- its quarters' states as $3 (1.1): evaluate_detail returns its rows
-- (RETURN QUERY EXECUTE) and evaluate writes them by INSERT ... SELECT
-- over the same text, without the tuplestore of a set-returning function
-- between the query and the table (issue 11: 17 ms of a month and 24 of a
-- quarter, and a spill to disk under the default work_mem).  EXECUTE plans
-- each call with the parameters as constants, so the branches of the other
-- period kinds fold away.
CREATE FUNCTION @extschema@.evaluate_detail_sql()
RETURNS text
LANGUAGE sql
IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $f$ SELECT $q$
    WITH staff AS (
        SELECT a.id AS agent_id, a.employee_no, a.team_id, t.department_id
        FROM perfeval.agent AS a
        JOIN perfeval.team AS t ON t.id = a.team_id
        WHERE (($1).kind = 'month') AND a.hired_on <= ($1).ends_on AND (a.left_on IS NULL OR a.left_on >= ($1).starts_on)),
    -- the month's measurements, one month_detail per agent (1.1): the
    -- rows in any order, so a hash aggregate by agent and no sort of the
    -- month's rows (the arrays come out in indicator order)
    agg AS (
        SELECT x.agent_id,
               perfeval.month_detail(x.indicator_id, x.dimension, x.weight_bp, x.value, x.s, x.crit) AS d
        FROM (SELECT m.agent_id, m.indicator_id, m.value, i.dimension, si.weight_bp,
                     CASE WHEN si.breakpoints IS NULL
                          THEN perfeval.normalize(m.value, si.worst, si.best)
                          ELSE perfeval.normalize_piecewise(m.value, si.breakpoints, si.scores) END AS s,
                     coalesce(si.critical AND CASE i.direction WHEN 'higher_better' THEN m.value < si.critical_threshold
                                                               ELSE m.value > si.critical_threshold END, false) AS crit
              FROM perfeval.measurement AS m
              JOIN perfeval.scheme_item AS si ON si.scheme_version_id = ($2).id AND si.indicator_id = m.indicator_id
              JOIN perfeval.indicator AS i ON i.id = m.indicator_id
              WHERE (($1).kind = 'month') AND m.period_id = ($1).id) AS x
        GROUP BY x.agent_id),
    lay AS (
        SELECT l.agent_id,
               max(l.score) FILTER (WHERE l.layer = 'self') AS self_score,
               max(l.score) FILTER (WHERE l.layer = 'department') AS department_score,
               max(l.score) FILTER (WHERE l.layer = 'company') AS company_score
        FROM perfeval.layer_score AS l
        WHERE (($1).kind = 'month') AND l.period_id = ($1).id
        GROUP BY l.agent_id),
    w AS (
        SELECT pg_catalog.array_agg(si.indicator_id) AS ids, pg_catalog.array_agg(si.weight_bp) AS ws
        FROM perfeval.scheme_item AS si WHERE si.scheme_version_id = ($2).id),
    -- a roll-up (H-3.1.3-4): rollup_months, one C aggregate per agent over
    -- its current month results, gives rollup_result's columns and
    -- rollup_detail's arrays in one scan of the month rows (issue 11)
    rolled AS (
        SELECT u.agent_id, (u.x).*, u.state
        FROM (SELECT r.agent_id,
                     perfeval.rollup_months(pm.starts_on OPERATOR(pg_catalog.-) date '2000-01-01', r.team_id, r.department_id,
                                            r.attitude, r.capability, r.efficiency, r.satisfaction, r.measured_total,
                                            r.self_score, r.department_score, r.company_score, r.total, r.critical_failed,
                                            r.indicator_ids, r.raw_values, r.scores, r.indicators_failed, w.ids, w.ws) AS x,
                     -- a quarter's state: the same transition as rollup_months
                     CASE WHEN (($1).kind = 'quarter') THEN
                     perfeval.rollup_months_state(pm.starts_on OPERATOR(pg_catalog.-) date '2000-01-01', r.team_id, r.department_id,
                                                  r.attitude, r.capability, r.efficiency, r.satisfaction, r.measured_total,
                                                  r.self_score, r.department_score, r.company_score, r.total, r.critical_failed,
                                                  r.indicator_ids, r.raw_values, r.scores, r.indicators_failed, w.ids, w.ws)
                     END AS state
              FROM perfeval.period AS pm
              JOIN perfeval.result AS r ON r.period_id = pm.id AND r.is_current
              CROSS JOIN w
              WHERE NOT (($1).kind = 'month') AND NOT $3 AND ($1).kind IN ('quarter', 'year')
                AND pm.kind = 'month' AND pm.starts_on BETWEEN ($1).starts_on AND ($1).ends_on
              GROUP BY r.agent_id
              UNION ALL
              -- a year from its four quarters' fresh states (issue 11)
              SELECT r.agent_id, perfeval.rollup_merge(r.rollup_state, w.ids, w.ws), NULL::bytea
              FROM perfeval.period AS pq
              JOIN perfeval.result AS r ON r.period_id = pq.id AND r.is_current
              CROSS JOIN w
              WHERE $3 AND pq.kind = 'quarter' AND pq.starts_on BETWEEN ($1).starts_on AND ($1).ends_on
              GROUP BY r.agent_id) AS u),
    base AS (
        SELECT s.agent_id, s.employee_no, s.team_id, s.department_id,
               (g.d).attitude, (g.d).capability, (g.d).efficiency, (g.d).satisfaction,
               CASE WHEN (g.d).critical_failed THEN 0 ELSE (g.d).measured_total END AS measured_total,
               l.self_score, l.department_score,
               coalesce(l.company_score, CASE WHEN (g.d).critical_failed THEN 0 ELSE (g.d).measured_total END) AS company_score,
               coalesce((g.d).critical_failed, false) AS critical_failed,
               coalesce((g.d).indicators_rated, 0) AS rated,
               coalesce((g.d).indicator_ids, '{}') AS ids, coalesce((g.d).raw_values, '{}') AS raws,
               coalesce((g.d).scores, '{}') AS scs, coalesce((g.d).weights_bp, '{}') AS ws,
               coalesce((g.d).indicators_failed, '{}') AS fails
        FROM staff AS s
        LEFT JOIN agg AS g ON g.agent_id = s.agent_id
        LEFT JOIN lay AS l ON l.agent_id = s.agent_id),
    cand AS (
        SELECT b.agent_id, b.employee_no, b.team_id, b.department_id,
               b.attitude, b.capability, b.efficiency, b.satisfaction, b.measured_total,
               b.self_score, b.department_score, b.company_score,
               CASE WHEN b.critical_failed THEN 0::numeric
                    ELSE round(perfeval.blend(b.self_score::float8, b.department_score::float8,
                                              b.company_score::float8, ($2).blend)::numeric, 4)
               END AS total,
               b.critical_failed, b.rated AS indicators_rated, NULL::integer AS months_rolled,
               b.ids, b.raws, b.scs, b.ws, b.fails, NULL::bytea AS state
        FROM base AS b
        UNION ALL
        SELECT r.agent_id, a.employee_no, r.team_id, r.department_id,
               r.attitude, r.capability, r.efficiency, r.satisfaction, r.measured_total,
               r.self_score, r.department_score, r.company_score, r.total,
               r.critical_failed, r.indicators_rated, r.months_rolled,
               r.indicator_ids, r.raw_values, r.scores, r.weights_bp, r.indicators_failed, r.state
        FROM rolled AS r
        JOIN perfeval.agent AS a ON a.id = r.agent_id),
    -- grades and ranks over narrow rows (key, team, department, total,
    -- employee number): the window sort does not carry the indicator
    -- arrays, which join back by agent afterwards (issue 11)
    graded AS (
        SELECT c.agent_id,
               CASE WHEN c.total IS NULL THEN NULL
                    WHEN c.critical_failed AND c.months_rolled IS NULL THEN 'fail'::perfeval.grade
                    WHEN ($2).grading = 'quota'
                    THEN perfeval.quota_grade(coalesce(($2).quotas, '{20,20,20,20,20}')) OVER quota_w
                    ELSE perfeval.grade_of(c.total::float8, ($2).cutoffs)
               END AS grade,
               CASE WHEN c.total IS NOT NULL THEN perfeval.rank_in(c.team_id) OVER rank_w END::integer AS rank_team,
               CASE WHEN c.total IS NOT NULL THEN perfeval.rank_in(c.department_id) OVER rank_w END::integer AS rank_department,
               CASE WHEN c.total IS NOT NULL THEN row_number() OVER rank_w END::integer AS rank_company
        FROM (SELECT k.agent_id, k.employee_no, k.team_id, k.department_id, k.total, k.critical_failed, k.months_rolled
              FROM cand AS k) AS c
        -- one sort for the three ranks (1.1): the totals first, best first
        -- (NULL totals after them, unranked), ties by employee number;
        -- rank_in numbers each team's and department's rows in this order,
        -- which is row_number() over the team or department ordered so
        WINDOW rank_w AS (ORDER BY c.total IS NULL, c.total DESC, c.employee_no COLLATE "C"),
               quota_w AS (PARTITION BY CASE ($2).quota_scope WHEN 'team' THEN c.team_id
                                                           WHEN 'department' THEN c.department_id ELSE 0 END,
                                        c.total IS NULL
                           ORDER BY c.total DESC))
    SELECT c.agent_id, c.team_id, c.department_id, c.attitude, c.capability, c.efficiency, c.satisfaction,
           c.measured_total, c.self_score, c.department_score, c.company_score, c.total, c.critical_failed,
           g.grade, g.rank_team, g.rank_department, g.rank_company, c.indicators_rated, c.months_rolled,
           c.ids AS indicator_ids, c.raws AS raw_values, c.scs AS scores, c.ws AS weights_bp,
           c.fails AS indicators_failed, c.state AS rollup_state
    FROM cand AS c
    JOIN graded AS g ON g.agent_id = c.agent_id
    ORDER BY c.agent_id
$q$ $f$;
COMMENT ON FUNCTION @extschema@.evaluate_detail_sql() IS
'the text of evaluate_detail''s query ($1 the period row, $2 the scheme version row, $3 whether a year merges its quarters'' stored states), which evaluate_detail returns and evaluate inserts (H-3.2.3, H-3.1.3-4)';

-- evaluate_detail(period, scheme_version): every agent's result for a
-- period under a scheme version, with its indicator detail as the arrays
-- result stores, computed and not stored: the evaluation core, which
-- evaluate stores and evaluate_rows returns without the arrays.
--
-- A month (H-3.1.2): each measurement is normalised under the version and
-- rounded to 4 decimals; the dimension subtotals and the measured total are
-- sum(weight * score) / sum(weight) over the rated indicators, exact
-- (dimension_subtotals, scaled integers; a missing indicator is not
-- applicable and its weight drops out); a critical indicator beyond its
-- threshold makes the measured total 0 and the grade fail (一票否决).  The
-- company layer is the company evaluation of layer_score, else the measured
-- total; the total is blend(self, department, company) by the version's
-- weights (H-3.2.3), rounded to 4 decimals.
--
-- A quarter or year (H-3.1.3-4) is rollup_result with rollup_detail's
-- arrays: the means of the current month results inside it (a month's
-- critical failure counts as a 0 in the mean; it does not fail the quarter
-- by itself), computed by rollup_months in one pass over the month rows
-- (1.1, issue 11; the pgTAP suites assert it equals rollup_result and
-- rollup_detail).  A quarter also returns each agent's roll-up state
-- (rollup_state, from rollup_months_state in the same pass), which
-- evaluate stores; a year whose four quarters' states are fresh merges
-- them (rollup_merge) instead of reading its twelve months: the same
-- integer sums, the same digits (rollup_state.sql).
--
-- Then the one grading and ranking rule (as grade_and_rank, which
-- regrade_with uses; the pgTAP suites assert that they agree): the grade by
-- the version's cutoffs (grade_of rounds before the boundary) or by
-- quota_grade within the quota scope (tied totals never split), a month's
-- critical failure fails it (H-5.1); ranks within team, department and
-- company by total, ties broken by employee number in the C collation, so
-- that no plan changes a rank (H-1.2.1).  A NULL total gets neither grade
-- nor rank.  Everything is rounded before any comparison and ordered by
-- stable keys; rows come in agent order.  The three ranks come from one
-- sort (rank_in numbers the team's and the department's rows in the
-- company order; quota grading by team or department sorts once more), of
-- narrow rows (key, team, department, total, employee number); the arrays
-- join back by agent.  Streams: no array of the period is built (sorts and
-- aggregates spill beyond work_mem).
DROP FUNCTION @extschema@.evaluate_detail(integer, integer);
CREATE FUNCTION @extschema@.evaluate_detail(period_id integer, scheme_version_id integer)
RETURNS TABLE (agent_id integer, team_id integer, department_id integer,
               attitude numeric, capability numeric, efficiency numeric, satisfaction numeric,
               measured_total numeric, self_score numeric, department_score numeric, company_score numeric,
               total numeric, critical_failed boolean, grade @extschema@.grade,
               rank_team integer, rank_department integer, rank_company integer,
               indicators_rated integer, months_rolled integer,
               indicator_ids integer[], raw_values float8[], scores numeric[], weights_bp integer[],
               indicators_failed boolean[], rollup_state bytea)
LANGUAGE plpgsql
STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
SET jit = off
SET max_parallel_workers_per_gather = 0
AS $$
#variable_conflict use_column
DECLARE
    pid       integer := evaluate_detail.period_id;
    vid       integer := evaluate_detail.scheme_version_id;
    p         perfeval.period;
    v         perfeval.scheme_version;
    use_states boolean;
    caller_rpc text;
BEGIN
    SELECT * INTO p FROM perfeval.period AS pp WHERE pp.id = pid;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'period % does not exist', pid
            USING ERRCODE = 'undefined_object', HINT = 'Get period ids from perfeval.period_of(kind, day).';
    END IF;
    SELECT * INTO v FROM perfeval.scheme_version AS sv WHERE sv.id = vid;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'scheme version % does not exist', vid
            USING ERRCODE = 'undefined_object', HINT = 'Get scheme version ids from perfeval.scheme_version.';
    END IF;
    use_states := perfeval.year_merges_states(p);
    -- a roll-up reads a few periods' rows of result, which one statement
    -- wrote together: fetched by index they are near-sequential reads, so
    -- the planner is told so rather than scanning every period's results
    -- (and the caller's setting is put back after the query; an error
    -- rolls the setting back with the (sub)transaction)
    caller_rpc := pg_catalog.current_setting('random_page_cost');
    IF p.kind <> 'month' THEN
        PERFORM pg_catalog.set_config('random_page_cost', '1.1', true);
    END IF;
    RETURN QUERY EXECUTE perfeval.evaluate_detail_sql() USING p, v, use_states;
    IF p.kind <> 'month' THEN
        PERFORM pg_catalog.set_config('random_page_cost', caller_rpc, true);
    END IF;
END
$$;
COMMENT ON FUNCTION @extschema@.evaluate_detail(integer, integer) IS
'evaluate_rows with each result''s indicator detail as the arrays stored in result (indicator_ids, raw_values, scores, weights_bp, indicators_failed, in indicator order) and, for a quarter, its roll-up state (rollup_state): what evaluate stores, computed in one pass; a year merges its quarters'' fresh states (H-3.2.3, H-5.1, H-3.1.3-4)';

