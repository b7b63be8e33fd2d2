/* src/sql/44_evaluate.sql — the evaluation cycle: evaluate, approve, regrade (H-3.2.3-7, H-5) */

-- indicator_bits(indicator_ids): the set of indicator ids 0-62 as the bits
-- of a bigint (bit i for id i; 0 for an empty array), NULL when an id is
-- outside 0-62: how rollup_result counts the distinct indicators of an
-- agent's months in one bigint (issue 11).
CREATE FUNCTION @extschema@.indicator_bits(indicator_ids integer[])
RETURNS bigint
AS 'MODULE_PATHNAME', 'pe_indicator_bits'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.indicator_bits(integer[]) IS
'the indicator ids 0-62 of an array as the bits of a bigint (bit i for id i), NULL when an id is outside 0-62 or NULL (H-3.1.3-4: rated indicators of a roll-up)';

-- rollup_result(period): the roll-up of a quarter or year (H-3.1.3-4), one
-- row per agent with a current month result inside it: each subtotal, layer
-- and the total is the mean of the months that have one, rounded to 4
-- decimals (exact numeric averages, so the order of the months cannot
-- matter); team and department are those of the agent's latest month;
-- months_rolled counts the month totals averaged, indicators_rated the
-- distinct indicators behind them.  No rows for a month or an unknown
-- period.  Shared by evaluate and by an upheld appeal (rollup_revise, H-8),
-- so both apply one rule.  The distinct indicators are read from the
-- current month results' indicator arrays and counted per agent as the
-- bits of a bigint (issue 11).  JIT off: it compiled for longer than the
-- call ran.
CREATE FUNCTION @extschema@.rollup_result(period_id integer)
RETURNS TABLE (agent_id integer, employee_no text, team_id integer, department_id integer,
               attitude numeric, capability numeric, efficiency numeric, satisfaction numeric,
               measured_total numeric, self_score numeric, department_score numeric, company_score numeric,
               total numeric, critical_failed boolean, months_rolled integer, indicators_rated integer)
LANGUAGE sql
STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
SET enable_nestloop = off
SET jit = off
AS $$
    WITH mr AS (
        SELECT r.agent_id, r.team_id, r.department_id, r.attitude, r.capability, r.efficiency, r.satisfaction,
               r.measured_total, r.self_score, r.department_score, r.company_score, r.total, r.critical_failed,
               r.indicator_ids, perfeval.indicator_bits(r.indicator_ids) AS bits,
               pm.starts_on OPERATOR(pg_catalog.-) date '2000-01-01' AS month_no
        FROM perfeval.period AS pp
        JOIN perfeval.period AS pm ON pm.kind = 'month' AND pm.starts_on BETWEEN pp.starts_on AND pp.ends_on
        JOIN perfeval.result AS r ON r.period_id = pm.id AND r.is_current
        WHERE pp.id = $1 AND pp.kind IN ('quarter', 'year')),
    -- the distinct indicators behind an agent's months, from the months'
    -- indicator arrays: the bits of one bigint (indicator_bits, issue 11)
    -- while every id is between 0 and 62, else a distinct over the ids of
    -- the agents with other ids
    wide AS (
        SELECT DISTINCT mr.agent_id FROM mr WHERE mr.bits IS NULL),
    wide_rated AS (
        SELECT d.agent_id, count(*)::integer AS rated
        FROM (SELECT DISTINCT mr.agent_id, u.id
              FROM mr
              JOIN wide AS w ON w.agent_id = mr.agent_id
              CROSS JOIN LATERAL pg_catalog.unnest(mr.indicator_ids) AS u(id)) AS d
        GROUP BY d.agent_id),
    base AS (
        SELECT mr.agent_id,
               -- team and department of the latest month: the largest
               -- (month, team, department)
               (max(ARRAY[mr.month_no, mr.team_id, mr.department_id]))[2] AS team_id,
               (max(ARRAY[mr.month_no, mr.team_id, mr.department_id]))[3] AS department_id,
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
               count(mr.total)::integer AS months_rolled,
               CASE WHEN bool_and(mr.bits IS NOT NULL)
                    THEN pg_catalog.bit_count(pg_catalog.bit_or(mr.bits)::bit(64))::integer END AS rated
        FROM mr
        GROUP BY mr.agent_id)
    SELECT b.agent_id, a.employee_no, b.team_id, b.department_id,
           b.attitude, b.capability, b.efficiency, b.satisfaction,
           b.measured_total, b.self_score, b.department_score, b.company_score,
           b.total, b.critical_failed, b.months_rolled, coalesce(b.rated, rd.rated, 0)
    FROM base AS b
    JOIN perfeval.agent AS a ON a.id = b.agent_id
    LEFT JOIN wide_rated AS rd ON rd.agent_id = b.agent_id
$$;
COMMENT ON FUNCTION @extschema@.rollup_result(integer) IS
'the roll-up of a quarter or year from the current month results inside it: per agent the mean of each subtotal, layer and the total over the months that have one (rounded to 4 decimals), team and department of the latest month, months_rolled, indicators_rated; no rows for a month (H-3.1.3-4; used by evaluate and by upheld appeals)';

-- raw_mean(x): avg(x::numeric)::float8 digit for digit, the mean raw value
-- of a roll-up's indicator rows (H-3.1.3-4), summed in 128-bit integers
-- instead of converting every value to numeric through text (issue 11:
-- the conversions were 0.5 s of a quarter's 475,000 rows).
CREATE FUNCTION @extschema@.raw_mean_accum(internal, float8)
RETURNS internal
AS 'MODULE_PATHNAME', 'pe_raw_mean_accum'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.raw_mean_accum(internal, float8) IS
'transition function of raw_mean (H-3.1.3-4)';

CREATE FUNCTION @extschema@.raw_mean_combine(internal, internal)
RETURNS internal
AS 'MODULE_PATHNAME', 'pe_raw_mean_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.raw_mean_combine(internal, internal) IS
'combine function of raw_mean (parallel and partial aggregation)';

CREATE FUNCTION @extschema@.raw_mean_serialize(internal)
RETURNS bytea
AS 'MODULE_PATHNAME', 'pe_raw_mean_serialize'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.raw_mean_serialize(internal) IS
'serialization function of raw_mean (parallel aggregation)';

CREATE FUNCTION @extschema@.raw_mean_deserialize(bytea, internal)
RETURNS internal
AS 'MODULE_PATHNAME', 'pe_raw_mean_deserialize'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.raw_mean_deserialize(bytea, internal) IS
'deserialization function of raw_mean (parallel aggregation)';

CREATE FUNCTION @extschema@.raw_mean_final(internal)
RETURNS float8
AS 'MODULE_PATHNAME', 'pe_raw_mean_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.raw_mean_final(internal) IS
'final function of raw_mean: numeric_div(sum, count)::float8, as avg(numeric) then ::float8';

CREATE AGGREGATE @extschema@.raw_mean(float8) (
    SFUNC = @extschema@.raw_mean_accum,
    STYPE = internal,
    FINALFUNC = @extschema@.raw_mean_final,
    COMBINEFUNC = @extschema@.raw_mean_combine,
    SERIALFUNC = @extschema@.raw_mean_serialize,
    DESERIALFUNC = @extschema@.raw_mean_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.raw_mean(float8) IS
'avg(x::numeric)::float8 exactly (the 15-digit decimals of float8_numeric summed exactly, divided as numeric_avg divides), without a text conversion per row; NULLs skipped, NULL without values (H-3.1.3-4)';

-- indicator_rollup(indicator_ids, raw_values, scores, indicators_failed,
-- version_ids, version_weights): the indicator detail of one agent's
-- roll-up from the detail arrays of its month results (H-3.1.3-4), in one
-- pass over the month rows (issue 11: no row per month and indicator): per
-- indicator in id order the mean raw value (as raw_mean), the mean score
-- rounded to 4 decimals (round(avg(score), 4)), its weight among
-- version_ids/version_weights (the version the roll-up is graded under)
-- and whether any month failed it.
CREATE TYPE @extschema@.indicator_detail AS (
    indicator_ids      integer[],
    raw_values         float8[],
    scores             numeric[],
    weights_bp         integer[],
    indicators_failed  boolean[]
);
COMMENT ON TYPE @extschema@.indicator_detail IS
'a result''s indicator detail as parallel arrays (the columns of result that perfeval.result_indicator unnests)';
COMMENT ON COLUMN @extschema@.indicator_detail.indicator_ids IS 'the indicators, ascending (indicator.id)';
COMMENT ON COLUMN @extschema@.indicator_detail.raw_values IS 'the (mean) raw value of each indicator, NULL when none';
COMMENT ON COLUMN @extschema@.indicator_detail.scores IS 'the (mean) 0-100 score of each indicator, 4 decimals, NULL when none';
COMMENT ON COLUMN @extschema@.indicator_detail.weights_bp IS 'the weight of each indicator in basis points, NULL when the version does not weigh it';
COMMENT ON COLUMN @extschema@.indicator_detail.indicators_failed IS 'whether each indicator failed its critical threshold (in any month)';

CREATE FUNCTION @extschema@.indicator_rollup_accum(internal, integer[], float8[], numeric[], boolean[], integer[], integer[])
RETURNS internal
AS 'MODULE_PATHNAME', 'pe_rollup_accum'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.indicator_rollup_accum(internal, integer[], float8[], numeric[], boolean[], integer[], integer[]) IS
'transition function of indicator_rollup (H-3.1.3-4)';

CREATE FUNCTION @extschema@.indicator_rollup_combine(internal, internal)
RETURNS internal
AS 'MODULE_PATHNAME', 'pe_rollup_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.indicator_rollup_combine(internal, internal) IS
'combine function of indicator_rollup (parallel and partial aggregation)';

CREATE FUNCTION @extschema@.indicator_rollup_serialize(internal)
RETURNS bytea
AS 'MODULE_PATHNAME', 'pe_rollup_serialize'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.indicator_rollup_serialize(internal) IS
'serialization function of indicator_rollup (parallel aggregation)';

CREATE FUNCTION @extschema@.indicator_rollup_deserialize(bytea, internal)
RETURNS internal
AS 'MODULE_PATHNAME', 'pe_rollup_deserialize'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.indicator_rollup_deserialize(bytea, internal) IS
'deserialization function of indicator_rollup (parallel aggregation)';

CREATE FUNCTION @extschema@.indicator_rollup_final(internal)
RETURNS @extschema@.indicator_detail
AS 'MODULE_PATHNAME', 'pe_rollup_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.indicator_rollup_final(internal) IS
'final function of indicator_rollup: the indicator_detail in indicator order';

CREATE AGGREGATE @extschema@.indicator_rollup(indicator_ids integer[], raw_values float8[], scores numeric[],
                                              indicators_failed boolean[], version_ids integer[], version_weights integer[]) (
    SFUNC = @extschema@.indicator_rollup_accum,
    STYPE = internal,
    FINALFUNC = @extschema@.indicator_rollup_final,
    COMBINEFUNC = @extschema@.indicator_rollup_combine,
    SERIALFUNC = @extschema@.indicator_rollup_serialize,
    DESERIALFUNC = @extschema@.indicator_rollup_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.indicator_rollup(integer[], float8[], numeric[], boolean[], integer[], integer[]) IS
'the roll-up of month indicator arrays: per indicator (ascending) raw_mean of the raw values, round(avg(score), 4), the weight from version_ids/version_weights, bool_or of the failures (H-3.1.3-4)';

-- rollup_detail(period, scheme_version): per agent of a quarter or year the
-- indicator detail of its roll-up (indicator_rollup over the current month
-- results inside it), as stored in the roll-up's result; no rows for a
-- month (H-3.1.3-4).
CREATE FUNCTION @extschema@.rollup_detail(period_id integer, scheme_version_id integer)
RETURNS TABLE (agent_id integer, detail @extschema@.indicator_detail)
LANGUAGE sql
STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
SET jit = off
AS $$
    SELECT r.agent_id,
           perfeval.indicator_rollup(r.indicator_ids, r.raw_values, r.scores, r.indicators_failed, w.ids, w.ws)
    FROM perfeval.period AS pp
    JOIN perfeval.period AS pm ON pm.kind = 'month' AND pm.starts_on BETWEEN pp.starts_on AND pp.ends_on
    JOIN perfeval.result AS r ON r.period_id = pm.id AND r.is_current
    CROSS JOIN (SELECT pg_catalog.array_agg(si.indicator_id) AS ids, pg_catalog.array_agg(si.weight_bp) AS ws
                FROM perfeval.scheme_item AS si WHERE si.scheme_version_id = $2) AS w
    WHERE pp.id = $1 AND pp.kind IN ('quarter', 'year')
    GROUP BY r.agent_id
$$;
COMMENT ON FUNCTION @extschema@.rollup_detail(integer, integer) IS
'per agent of a quarter or year the indicator detail of its roll-up (indicator_rollup of the current month results: mean raw values and scores, weights under the version, failures), no rows for a month (H-3.1.3-4)';

-- rollup_indicator(period, scheme_version): the indicator rows behind
-- rollup_result: per agent and indicator the mean raw value and the mean
-- score (rounded to 4 decimals) of the months' current results, the weight
-- under the given scheme version (the one the roll-up is graded under) and
-- whether any month failed it (H-3.1.3-4, H-3.2.1): rollup_detail's
-- arrays, one row per indicator.
CREATE FUNCTION @extschema@.rollup_indicator(period_id integer, scheme_version_id integer)
RETURNS TABLE (agent_id integer, indicator_id integer, raw_value float8, score numeric,
               weight_bp integer, critical_failed boolean)
LANGUAGE sql
STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
SET jit = off
AS $$
    SELECT d.agent_id, u.indicator_id, u.raw_value, u.score, u.weight_bp, u.critical_failed
    FROM perfeval.rollup_detail($1, $2) AS d
    CROSS JOIN LATERAL ROWS FROM (pg_catalog.unnest((d.detail).indicator_ids), pg_catalog.unnest((d.detail).raw_values),
                                  pg_catalog.unnest((d.detail).scores), pg_catalog.unnest((d.detail).weights_bp),
                                  pg_catalog.unnest((d.detail).indicators_failed))
        AS u(indicator_id, raw_value, score, weight_bp, critical_failed)
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
COMMENT ON COLUMN @extschema@.grading_row.agent_id IS 'the agent (agent.id)';
COMMENT ON COLUMN @extschema@.grading_row.employee_no IS 'the agent''s employee number (breaks rank ties, C collation)';
COMMENT ON COLUMN @extschema@.grading_row.team_id IS 'the team ranked within (team.id)';
COMMENT ON COLUMN @extschema@.grading_row.department_id IS 'the department ranked within (department.id)';
COMMENT ON COLUMN @extschema@.grading_row.total IS 'the total to grade and rank; NULL gets neither grade nor rank';
COMMENT ON COLUMN @extschema@.grading_row.critical_failed IS 'a critical failure: grade fail whatever the total';
COMMENT ON COLUMN @extschema@.grading_row.months_rolled IS 'quarter and year results: the number of months averaged';
COMMENT ON COLUMN @extschema@.grading_row.grading IS 'the scheme version''s grading: cutoffs or quota';
COMMENT ON COLUMN @extschema@.grading_row.quotas IS 'the scheme version''s five forced-distribution percentages (grading quota)';
COMMENT ON COLUMN @extschema@.grading_row.quota_scope IS 'team, department or company: where the quotas apply';
COMMENT ON COLUMN @extschema@.grading_row.cutoffs IS 'the scheme version''s four grade cutoffs (grading cutoffs)';

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

-- score4(score): the 4-decimal indicator score, round(score::numeric, 4)
-- digit for digit without the float-to-text trip (issue 11; H-3.2.3).
CREATE FUNCTION @extschema@.score4(score float8)
RETURNS numeric
AS 'MODULE_PATHNAME', 'pe_score4'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.score4(float8) IS
'round(score::numeric, 4) computed exactly without the text conversion: the stored indicator score of evaluate (H-3.2.3)';

-- dimension_subtotals(dimension, weight_bp, score): one agent's four
-- dimension subtotals and measured total in one pass, in exact integers
-- (scores rounded as score4, weights in basis points): numeric[5] =
-- {attitude, capability, efficiency, satisfaction, all}, each
-- round(sum(weight * score) / sum(weight), 4) exactly as in numeric; NULL
-- where the dimension has no rated weight (H-3.2.3, 不适用 drops out).
CREATE FUNCTION @extschema@.dimension_subtotals_accum(int8[], text, integer, float8)
RETURNS int8[]
AS 'MODULE_PATHNAME', 'pe_subtotals_accum'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.dimension_subtotals_accum(int8[], text, integer, float8) IS
'transition function of dimension_subtotals (H-3.2.3)';

CREATE FUNCTION @extschema@.dimension_subtotals_combine(int8[], int8[])
RETURNS int8[]
AS 'MODULE_PATHNAME', 'pe_subtotals_combine'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.dimension_subtotals_combine(int8[], int8[]) IS
'combine function of dimension_subtotals (parallel and partial aggregation)';

CREATE FUNCTION @extschema@.dimension_subtotals_final(int8[])
RETURNS numeric[]
AS 'MODULE_PATHNAME', 'pe_subtotals_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.dimension_subtotals_final(int8[]) IS
'final function of dimension_subtotals: {attitude, capability, efficiency, satisfaction, measured} rounded to 4 decimals';

CREATE AGGREGATE @extschema@.dimension_subtotals(dimension text, weight_bp integer, score float8) (
    SFUNC = @extschema@.dimension_subtotals_accum,
    STYPE = int8[],
    FINALFUNC = @extschema@.dimension_subtotals_final,
    COMBINEFUNC = @extschema@.dimension_subtotals_combine,
    INITCOND = '{0,0,0,0,0,0,0,0,0,0,0,0,0,0,0}',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.dimension_subtotals(text, integer, float8) IS
'{attitude, capability, efficiency, satisfaction, measured} = round(sum(weight*score4(score))/sum(weight), 4) per dimension and over all rows, exact scaled-integer arithmetic in one pass; NULL where nothing is rated (H-3.2.3)';

-- evaluate_indicators(period, scheme_version): the indicator rows of a
-- period's results under a scheme version, computed and not stored
-- (evaluate stores them; issue 15's replay reads them).  A month: each
-- measurement of an agent employed in the month, normalised under the
-- version (H-2) and rounded to 4 decimals (score4), its weight, and whether
-- a critical indicator is beyond its threshold (一票否决, H-3.2.3).  A
-- quarter or year: rollup_indicator (H-3.1.3-4).
CREATE FUNCTION @extschema@.evaluate_indicators(period_id integer, scheme_version_id integer)
RETURNS TABLE (agent_id integer, indicator_id integer, raw_value float8, score numeric,
               weight_bp integer, critical_failed boolean)
LANGUAGE plpgsql
STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
SET jit = off
AS $$
#variable_conflict use_column
DECLARE
    pid  integer := evaluate_indicators.period_id;
    vid  integer := evaluate_indicators.scheme_version_id;
    p    perfeval.period;
BEGIN
    SELECT * INTO p FROM perfeval.period AS pp WHERE pp.id = pid;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'period % does not exist', pid
            USING ERRCODE = 'undefined_object', HINT = 'Get period ids from perfeval.period_of(kind, day).';
    END IF;
    IF p.kind <> 'month' THEN
        RETURN QUERY SELECT * FROM perfeval.rollup_indicator(pid, vid);
        RETURN;
    END IF;
    RETURN QUERY
    SELECT m.agent_id, m.indicator_id, m.value,
           perfeval.score4(CASE WHEN si.breakpoints IS NULL
                                THEN perfeval.normalize(m.value, si.worst, si.best)
                                ELSE perfeval.normalize_piecewise(m.value, si.breakpoints, si.scores) END),
           si.weight_bp,
           coalesce(si.critical AND CASE i.direction WHEN 'higher_better' THEN m.value < si.critical_threshold
                                                     ELSE m.value > si.critical_threshold END, false)
    FROM perfeval.measurement AS m
    JOIN perfeval.agent AS a ON a.id = m.agent_id
    JOIN perfeval.scheme_item AS si ON si.scheme_version_id = vid AND si.indicator_id = m.indicator_id
    JOIN perfeval.indicator AS i ON i.id = m.indicator_id
    WHERE m.period_id = pid
      AND a.hired_on <= p.ends_on AND (a.left_on IS NULL OR a.left_on >= p.starts_on);
END
$$;
COMMENT ON FUNCTION @extschema@.evaluate_indicators(integer, integer) IS
'the indicator rows of a period''s results under a scheme version, computed, not stored: a month''s normalised scores (4 decimals), weights and critical failures, or a quarter''s or year''s roll-up (H-2, H-3.2.3, H-3.1.3-4)';

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
-- A quarter or year (H-3.1.3-4) is rollup_result: the means of the current
-- month results inside it (a month's critical failure counts as a 0 in the
-- mean; it does not fail the quarter by itself).
--
-- Then the one grading and ranking rule (as grade_and_rank, which
-- regrade_with uses; the pgTAP suites assert that they agree): the grade by
-- the version's cutoffs (grade_of rounds before the boundary) or by
-- quota_grade within the quota scope (tied totals never split), a month's
-- critical failure fails it (H-5.1); ranks within team, department and
-- company by total, ties broken by employee number in the C collation, so
-- that no plan changes a rank (H-1.2.1).  A NULL total gets neither grade
-- nor rank.  Everything is rounded before any comparison and ordered by
-- stable keys; rows come in agent order.  Streams: no array of the period
-- is built (sorts and aggregates spill beyond work_mem).
CREATE FUNCTION @extschema@.evaluate_detail(period_id integer, scheme_version_id integer)
RETURNS TABLE (agent_id integer, team_id integer, department_id integer,
               attitude numeric, capability numeric, efficiency numeric, satisfaction numeric,
               measured_total numeric, self_score numeric, department_score numeric, company_score numeric,
               total numeric, critical_failed boolean, grade @extschema@.grade,
               rank_team integer, rank_department integer, rank_company integer,
               indicators_rated integer, months_rolled integer,
               indicator_ids integer[], raw_values float8[], scores numeric[], weights_bp integer[],
               indicators_failed boolean[])
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
    is_month  boolean;
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
    is_month := p.kind = 'month';
    RETURN QUERY
    WITH staff AS (
        SELECT a.id AS agent_id, a.employee_no, a.team_id, t.department_id
        FROM perfeval.agent AS a
        JOIN perfeval.team AS t ON t.id = a.team_id
        WHERE is_month AND a.hired_on <= p.ends_on AND (a.left_on IS NULL OR a.left_on >= p.starts_on)),
    -- the month's measurements in agent and indicator order: each agent's
    -- arrays come out in indicator order (the aggregates take the rows in
    -- the order given; no parallel partial aggregation)
    agg AS (
        SELECT x.agent_id,
               perfeval.dimension_subtotals(x.dimension, x.weight_bp, x.s) AS st,
               bool_or(x.crit) AS critical_failed,
               count(*)::integer AS rated,
               pg_catalog.array_agg(x.indicator_id) AS ids,
               pg_catalog.array_agg(x.value) AS raws,
               pg_catalog.array_agg(perfeval.score4(x.s)) AS scs,
               pg_catalog.array_agg(x.weight_bp) AS ws,
               pg_catalog.array_agg(x.crit) AS fails
        FROM (SELECT m.agent_id, m.indicator_id, m.value, i.dimension, si.weight_bp,
                     CASE WHEN si.breakpoints IS NULL
                          THEN perfeval.normalize(m.value, si.worst, si.best)
                          ELSE perfeval.normalize_piecewise(m.value, si.breakpoints, si.scores) END AS s,
                     coalesce(si.critical AND CASE i.direction WHEN 'higher_better' THEN m.value < si.critical_threshold
                                                               ELSE m.value > si.critical_threshold END, false) AS crit
              FROM perfeval.measurement AS m
              JOIN perfeval.scheme_item AS si ON si.scheme_version_id = vid AND si.indicator_id = m.indicator_id
              JOIN perfeval.indicator AS i ON i.id = m.indicator_id
              WHERE is_month AND m.period_id = pid
              ORDER BY m.agent_id, m.indicator_id) AS x
        GROUP BY x.agent_id),
    lay AS (
        SELECT l.agent_id,
               max(l.score) FILTER (WHERE l.layer = 'self') AS self_score,
               max(l.score) FILTER (WHERE l.layer = 'department') AS department_score,
               max(l.score) FILTER (WHERE l.layer = 'company') AS company_score
        FROM perfeval.layer_score AS l
        WHERE is_month AND l.period_id = pid
        GROUP BY l.agent_id),
    -- a roll-up's indicator detail (rollup_detail: one C aggregate per agent)
    rolled AS (
        SELECT x.agent_id, (x.detail).indicator_ids AS ids, (x.detail).raw_values AS raws,
               (x.detail).scores AS scs, (x.detail).weights_bp AS ws, (x.detail).indicators_failed AS fails
        FROM perfeval.rollup_detail(pid, vid) AS x
        WHERE NOT is_month),
    base AS (
        SELECT s.agent_id, s.employee_no, s.team_id, s.department_id,
               g.st[1] AS attitude, g.st[2] AS capability, g.st[3] AS efficiency, g.st[4] AS satisfaction,
               CASE WHEN g.critical_failed THEN 0 ELSE g.st[5] END AS measured_total,
               l.self_score, l.department_score,
               coalesce(l.company_score, CASE WHEN g.critical_failed THEN 0 ELSE g.st[5] END) AS company_score,
               coalesce(g.critical_failed, false) AS critical_failed,
               coalesce(g.rated, 0) AS rated,
               coalesce(g.ids, '{}') AS ids, coalesce(g.raws, '{}') AS raws, coalesce(g.scs, '{}') AS scs,
               coalesce(g.ws, '{}') AS ws, coalesce(g.fails, '{}') AS fails
        FROM staff AS s
        LEFT JOIN agg AS g ON g.agent_id = s.agent_id
        LEFT JOIN lay AS l ON l.agent_id = s.agent_id),
    cand AS (
        SELECT b.agent_id, b.employee_no, b.team_id, b.department_id,
               b.attitude, b.capability, b.efficiency, b.satisfaction, b.measured_total,
               b.self_score, b.department_score, b.company_score,
               CASE WHEN b.critical_failed THEN 0::numeric
                    ELSE round(perfeval.blend(b.self_score::float8, b.department_score::float8,
                                              b.company_score::float8, v.blend)::numeric, 4)
               END AS total,
               b.critical_failed, b.rated AS indicators_rated, NULL::integer AS months_rolled,
               b.ids, b.raws, b.scs, b.ws, b.fails
        FROM base AS b
        UNION ALL
        SELECT r.agent_id, r.employee_no, r.team_id, r.department_id,
               r.attitude, r.capability, r.efficiency, r.satisfaction, r.measured_total,
               r.self_score, r.department_score, r.company_score, r.total,
               r.critical_failed, r.indicators_rated, r.months_rolled,
               coalesce(ri.ids, '{}'), coalesce(ri.raws, '{}'), coalesce(ri.scs, '{}'),
               coalesce(ri.ws, '{}'), coalesce(ri.fails, '{}')
        FROM perfeval.rollup_result(pid) AS r
        LEFT JOIN rolled AS ri ON ri.agent_id = r.agent_id
        WHERE NOT is_month),
    graded AS (
        SELECT c.*,
               CASE WHEN c.total IS NULL THEN NULL
                    WHEN c.critical_failed AND c.months_rolled IS NULL THEN 'fail'::perfeval.grade
                    WHEN v.grading = 'quota'
                    THEN perfeval.quota_grade(coalesce(v.quotas, '{20,20,20,20,20}')) OVER quota_w
                    ELSE perfeval.grade_of(c.total::float8, v.cutoffs)
               END AS grade,
               CASE WHEN c.total IS NOT NULL THEN row_number() OVER team_w END::integer AS rank_team,
               CASE WHEN c.total IS NOT NULL THEN row_number() OVER department_w END::integer AS rank_department,
               CASE WHEN c.total IS NOT NULL THEN row_number() OVER company_w END::integer AS rank_company
        FROM cand AS c
        WINDOW team_w AS (PARTITION BY c.team_id, c.total IS NULL ORDER BY c.total DESC, c.employee_no COLLATE "C"),
               department_w AS (PARTITION BY c.department_id, c.total IS NULL ORDER BY c.total DESC, c.employee_no COLLATE "C"),
               company_w AS (PARTITION BY c.total IS NULL ORDER BY c.total DESC, c.employee_no COLLATE "C"),
               quota_w AS (PARTITION BY CASE v.quota_scope WHEN 'team' THEN c.team_id
                                                           WHEN 'department' THEN c.department_id ELSE 0 END,
                                        c.total IS NULL
                           ORDER BY c.total DESC))
    SELECT g.agent_id, g.team_id, g.department_id, g.attitude, g.capability, g.efficiency, g.satisfaction,
           g.measured_total, g.self_score, g.department_score, g.company_score, g.total, g.critical_failed,
           g.grade, g.rank_team, g.rank_department, g.rank_company, g.indicators_rated, g.months_rolled,
           g.ids, g.raws, g.scs, g.ws, g.fails
    FROM graded AS g
    ORDER BY g.agent_id;
END
$$;
COMMENT ON FUNCTION @extschema@.evaluate_detail(integer, integer) IS
'evaluate_rows with each result''s indicator detail as the arrays stored in result (indicator_ids, raw_values, scores, weights_bp, indicators_failed, in indicator order): what evaluate stores, computed in one pass (H-3.2.3, H-5.1, H-3.1.3-4)';

-- evaluate_rows(period, scheme_version): evaluate_detail without the
-- indicator arrays (the evaluation core that issue 15's replay compares).
CREATE FUNCTION @extschema@.evaluate_rows(period_id integer, scheme_version_id integer)
RETURNS TABLE (agent_id integer, team_id integer, department_id integer,
               attitude numeric, capability numeric, efficiency numeric, satisfaction numeric,
               measured_total numeric, self_score numeric, department_score numeric, company_score numeric,
               total numeric, critical_failed boolean, grade @extschema@.grade,
               rank_team integer, rank_department integer, rank_company integer,
               indicators_rated integer, months_rolled integer)
LANGUAGE sql
STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
SET jit = off
AS $$
    SELECT d.agent_id, d.team_id, d.department_id, d.attitude, d.capability, d.efficiency, d.satisfaction,
           d.measured_total, d.self_score, d.department_score, d.company_score, d.total, d.critical_failed,
           d.grade, d.rank_team, d.rank_department, d.rank_company, d.indicators_rated, d.months_rolled
    FROM perfeval.evaluate_detail($1, $2) AS d
    ORDER BY d.agent_id
$$;
COMMENT ON FUNCTION @extschema@.evaluate_rows(integer, integer) IS
'the evaluation core: every agent''s result for a period under a scheme version, computed, not stored (subtotals, measured total, layers, blended total, grade, ranks; quarters and years roll up their months), in agent order (H-3.2.3, H-5.1, H-3.1.3-4)';

-- evaluate(period): every agent's result for the period, written as
-- revision 1 in one transaction, under the scheme version valid on the
-- period's first day (H-3.2.1): evaluate_detail (the results of
-- evaluate_rows with the detail of evaluate_indicators), stored.  A re-run replaces the draft results.  55000 on an approved
-- period (H-3.2.7).
--
-- Concurrency: evaluate locks the period row and writes it (a touch of
-- state), so two evaluations of one period queue on the row; at READ
-- COMMITTED the second replaces the first's drafts, at REPEATABLE READ or
-- SERIALIZABLE it fails with 40001 and a hint to retry, never with a
-- duplicate key (23505); approve, which locks the same row, likewise sees
-- the results it approves or fails with 40001.
CREATE FUNCTION @extschema@.evaluate(period_id integer)
RETURNS integer
LANGUAGE plpgsql
STRICT
SET search_path = pg_catalog, pg_temp
SET jit = off
AS $$
#variable_conflict use_column
DECLARE
    pid  integer := evaluate.period_id;
    p    perfeval.period;
    v    perfeval.scheme_version;
    n    integer;
BEGIN
    p := perfeval.period_lock(pid);
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
    -- the touch that makes a concurrent evaluate or approve of this period
    -- wait, then see these results or fail with 40001
    UPDATE perfeval.period AS pp SET state = pp.state WHERE pp.id = pid;

    -- A re-run replaces the drafts in place: revision 1 of each agent is
    -- updated (same id; no foreign-key check, as no key changes), later
    -- revisions and agents no longer evaluated are deleted, new agents are
    -- inserted (issue 11: deleting 10,000 results cost five foreign-key
    -- checks each).  The indicator detail is written in the same row, as
    -- arrays (issue 11: 158,000 indexed rows a month were most of the
    -- write).  The agents kept are probed in a hash of e (a NOT EXISTS under
    -- OR was a subplan scanning e once per result: 2 s of a re-run; e's
    -- agent ids are never NULL, so NOT IN is the same test).
    WITH e AS MATERIALIZED (SELECT * FROM perfeval.evaluate_detail(pid, v.id)),
    gone AS (
        DELETE FROM perfeval.result AS r
        WHERE r.period_id = pid
          AND (r.revision <> 1 OR r.agent_id NOT IN (SELECT e.agent_id FROM e)))
    INSERT INTO perfeval.result AS r
           (period_id, agent_id, revision, is_current, scheme_version_id, team_id, department_id,
            attitude, capability, efficiency, satisfaction, measured_total,
            self_score, department_score, company_score, total, critical_failed, grade,
            rank_team, rank_department, rank_company, indicators_rated, months_rolled,
            indicator_ids, raw_values, scores, weights_bp, indicators_failed)
    SELECT pid, e.agent_id, 1, true, v.id, e.team_id, e.department_id,
           e.attitude, e.capability, e.efficiency, e.satisfaction, e.measured_total,
           e.self_score, e.department_score, e.company_score, e.total, e.critical_failed,
           e.grade, e.rank_team, e.rank_department, e.rank_company, e.indicators_rated, e.months_rolled,
           e.indicator_ids, e.raw_values, e.scores, e.weights_bp, e.indicators_failed
    FROM e
    ON CONFLICT (period_id, agent_id, revision) DO UPDATE
    SET is_current = true, scheme_version_id = excluded.scheme_version_id,
        team_id = excluded.team_id, department_id = excluded.department_id,
        attitude = excluded.attitude, capability = excluded.capability, efficiency = excluded.efficiency,
        satisfaction = excluded.satisfaction, measured_total = excluded.measured_total,
        self_score = excluded.self_score, department_score = excluded.department_score,
        company_score = excluded.company_score, total = excluded.total,
        critical_failed = excluded.critical_failed, grade = excluded.grade,
        rank_team = excluded.rank_team, rank_department = excluded.rank_department,
        rank_company = excluded.rank_company, indicators_rated = excluded.indicators_rated,
        months_rolled = excluded.months_rolled, evaluated_at = pg_catalog.now(),
        evaluated_by = CURRENT_USER, revision_reason = NULL,
        indicator_ids = excluded.indicator_ids, raw_values = excluded.raw_values, scores = excluded.scores,
        weights_bp = excluded.weights_bp, indicators_failed = excluded.indicators_failed;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
EXCEPTION WHEN serialization_failure THEN
    -- e.g. a draft result deleted by a transaction this REPEATABLE READ
    -- snapshot does not see: PostgreSQL's 40001, with the hint it lacks
    RAISE EXCEPTION '%', SQLERRM
        USING ERRCODE = 'serialization_failure',
              DETAIL = pg_catalog.format('Evaluating period %s met a concurrent change.', pid),
              HINT = 'Retry the transaction.';
END
$$;
COMMENT ON FUNCTION @extschema@.evaluate(integer) IS
'computes every agent''s result for a period (evaluate_rows, evaluate_indicators: indicator scores, dimension subtotals, measured total, blended layers, grade, ranks in team, department and company) and stores it as draft revision 1, replacing earlier draft results; quarters and years roll up their months; 55000 on an approved period; concurrent calls queue on the period row, 40001 with a retry hint at REPEATABLE READ (H-3.2.3, H-5.1)';

-- evaluate_periods(periods): evaluate of each period in the order given
-- (months before the quarters and years that roll them up), reporting
-- progress: a NOTICE per period (n of N, kind, first day, results, ms) and
-- one row per period.  Independent months can be split over concurrent
-- sessions, one core each (README, Performance): they lock different
-- period rows and write disjoint rows.  NULL elements are 22004.
CREATE FUNCTION @extschema@.evaluate_periods(period_ids integer[])
RETURNS TABLE (period_id integer, results integer, ms numeric)
LANGUAGE plpgsql
STRICT
SET search_path = pg_catalog, pg_temp
SET jit = off
AS $$
#variable_conflict use_column
DECLARE
    ids  integer[] := evaluate_periods.period_ids;
    x    integer;
    t0   timestamptz;
    p    perfeval.period;
    n    integer;
    k    integer := 0;
    tot  integer := pg_catalog.cardinality(evaluate_periods.period_ids);
BEGIN
    IF pg_catalog.array_position(ids, NULL) IS NOT NULL THEN
        RAISE EXCEPTION 'period_ids must not contain NULL'
            USING ERRCODE = 'null_value_not_allowed', HINT = 'Pass period ids from perfeval.period_of(kind, day).';
    END IF;
    IF pg_catalog.array_ndims(ids) > 1 THEN
        RAISE EXCEPTION 'period_ids must be a one-dimensional array'
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Pass a list of period ids.';
    END IF;
    FOREACH x IN ARRAY ids LOOP
        t0 := pg_catalog.clock_timestamp();
        n := perfeval.evaluate(x);
        SELECT * INTO p FROM perfeval.period AS pp WHERE pp.id = x;
        k := k + 1;
        period_id := x;
        results := n;
        ms := round((extract(epoch FROM pg_catalog.clock_timestamp() - t0) * 1000)::numeric, 1);
        RAISE NOTICE 'evaluate: period % of %: % % from %, % results in % ms', k, tot, p.id, p.kind, p.starts_on, n, ms;
        RETURN NEXT;
    END LOOP;
END
$$;
COMMENT ON FUNCTION @extschema@.evaluate_periods(integer[]) IS
'evaluates the given periods in order (months before their roll-ups), with a progress NOTICE and one row (period, results, ms) per period; split independent months over concurrent sessions to use several cores (H-3.2.3)';

-- period_lock(period): the period row locked FOR UPDATE (evaluate, approve,
-- regrade_with take it first): 42704 for an unknown period; a concurrent
-- change of the row under REPEATABLE READ or SERIALIZABLE is 40001 with a
-- hint to retry, instead of working on a snapshot that misses it (H-3.2.7).
CREATE FUNCTION @extschema@.period_lock(period_id integer)
RETURNS @extschema@.period
LANGUAGE plpgsql
STRICT
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    p  perfeval.period;
BEGIN
    BEGIN
        SELECT * INTO p FROM perfeval.period AS pp WHERE pp.id = period_lock.period_id FOR UPDATE;
    EXCEPTION WHEN serialization_failure THEN
        RAISE EXCEPTION 'period % was evaluated, approved or re-graded by a concurrent transaction', period_lock.period_id
            USING ERRCODE = 'serialization_failure',
                  DETAIL = 'This transaction''s snapshot does not see that change.',
                  HINT = 'Retry the transaction.';
    END;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'period % does not exist', period_lock.period_id
            USING ERRCODE = 'undefined_object', HINT = 'Get period ids from perfeval.period_of(kind, day).';
    END IF;
    RETURN p;
END
$$;
COMMENT ON FUNCTION @extschema@.period_lock(integer) IS
'locks a period row FOR UPDATE for evaluate and approve: 42704 if unknown, 40001 with a retry hint when a concurrent transaction changed it (REPEATABLE READ), H-3.2.7';

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
    -- 42704 if unknown; 40001 if a concurrent evaluate changed it after
    -- this snapshot (REPEATABLE READ): approve never locks unseen results
    st := (perfeval.period_lock(pid)).state;
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
    -- the period row locked (40001 with a retry hint for a snapshot that
    -- misses a concurrent evaluation or re-grading, 42704 if unknown)
    p := perfeval.period_lock(pid);
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
        -- the detail is stored as arrays in the result row, without a
        -- foreign key: the indicators are checked here (H-3.2.3)
        SELECT y.indicator_id INTO bad FROM unnest(ai) AS y
        WHERE NOT EXISTS (SELECT FROM perfeval.indicator AS i WHERE i.id = y.indicator_id) LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION 'indicator % of amended_indicators does not exist', bad
                USING ERRCODE = 'foreign_key_violation',
                      HINT = 'Indicator ids come from perfeval.indicator.';
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
               (o.rec).revision AS old_revision,
               (o.rec).indicator_ids AS old_ids, (o.rec).raw_values AS old_raws, (o.rec).scores AS old_scores,
               (o.rec).weights_bp AS old_weights, (o.rec).indicators_failed AS old_fails
        FROM cur_rows AS o
        FULL JOIN amd_rows AS x ON x.agent_id = o.agent_id),
    cur AS (
        SELECT (m.rec).*, m.amended, m.old_revision,
               m.old_ids, m.old_raws, m.old_scores, m.old_weights, m.old_fails,
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
    -- amended_indicators as arrays per agent, in indicator order
    amd_ind AS (
        SELECT y.agent_id,
               pg_catalog.array_agg(y.indicator_id) AS ids, pg_catalog.array_agg(y.raw_value) AS raws,
               pg_catalog.array_agg(y.score) AS scs, pg_catalog.array_agg(y.weight_bp) AS ws,
               pg_catalog.array_agg(coalesce(y.critical_failed, false)) AS fails
        FROM (SELECT z.* FROM unnest(ai) AS z ORDER BY z.agent_id, z.indicator_id) AS y
        GROUP BY y.agent_id),
    -- the indicator detail of a new revision: copied from the current one,
    -- or amended_indicators' rows for an amended agent
    ins AS (
        INSERT INTO perfeval.result
               (period_id, agent_id, revision, is_current, scheme_version_id, team_id, department_id,
                attitude, capability, efficiency, satisfaction, measured_total,
                self_score, department_score, company_score, total, critical_failed, grade,
                rank_team, rank_department, rank_company, indicators_rated, months_rolled,
                evaluated_by, revision_reason,
                indicator_ids, raw_values, scores, weights_bp, indicators_failed)
        SELECT pid, c.agent_id, c.new_revision, true, c.scheme_version_id, c.team_id, c.department_id,
               c.attitude, c.capability, c.efficiency, c.satisfaction, c.measured_total,
               c.self_score, c.department_score, c.company_score, c.total, c.critical_failed, c.new_grade,
               c.new_rank_team, c.new_rank_department, c.new_rank_company, c.indicators_rated, c.months_rolled,
               CASE WHEN c.amended THEN c.evaluated_by ELSE CURRENT_USER END, why,
               coalesce(CASE WHEN c.amended AND ai IS NOT NULL THEN d.ids ELSE c.old_ids END, '{}'),
               coalesce(CASE WHEN c.amended AND ai IS NOT NULL THEN d.raws ELSE c.old_raws END, '{}'),
               coalesce(CASE WHEN c.amended AND ai IS NOT NULL THEN d.scs ELSE c.old_scores END, '{}'),
               coalesce(CASE WHEN c.amended AND ai IS NOT NULL THEN d.ws ELSE c.old_weights END, '{}'),
               coalesce(CASE WHEN c.amended AND ai IS NOT NULL THEN d.fails ELSE c.old_fails END, '{}')
        FROM changed AS c
        LEFT JOIN amd_ind AS d ON d.agent_id = c.agent_id
        ORDER BY c.agent_id
        RETURNING 1)
    SELECT count(*) INTO n FROM ins;
    IF n > 0 THEN
        -- written so that a REPEATABLE READ transaction whose snapshot
        -- predates these revisions gets 40001 from period_lock, not stale ranks
        UPDATE perfeval.period AS pp SET state = pp.state WHERE pp.id = pid;
    END IF;
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
