/* src/sql/83_month_detail.sql — 1.1: one agent's month and its indicator arrays in one pass (H-3.2.3, H-5.1, issue 11) */

-- month_detail(indicator_id, dimension, weight_bp, raw_value, score,
-- failed): what evaluate stores of one agent's month, from its indicator
-- rows in any order (1.1, issue 11: five array_aggs, bool_or, count and
-- dimension_subtotals over the month's measurements sorted by agent and
-- indicator).  The subtotals are dimension_subtotals' (exact scaled
-- integers); the arrays are in ascending indicator order, the scores
-- score4's; an indicator given twice is 21000, a NULL id 22004, a score
-- outside 0-100 or a weight outside 0-10,000 22023.
CREATE TYPE @extschema@.month_row AS (
    attitude           numeric,
    capability         numeric,
    efficiency         numeric,
    satisfaction       numeric,
    measured_total     numeric,
    critical_failed    boolean,
    indicators_rated   integer,
    indicator_ids      integer[],
    raw_values         float8[],
    scores             numeric[],
    weights_bp         integer[],
    indicators_failed  boolean[]
);
COMMENT ON TYPE @extschema@.month_row IS
'one agent''s month as month_detail returns it: the dimension subtotals and measured total, whether an indicator failed, and the indicator arrays a result stores (H-3.2.3)';
COMMENT ON COLUMN @extschema@.month_row.attitude IS 'round(sum(weight * score) / sum(weight), 4) over the attitude indicators (dimension_subtotals)';
COMMENT ON COLUMN @extschema@.month_row.capability IS 'the same over the capability indicators';
COMMENT ON COLUMN @extschema@.month_row.efficiency IS 'the same over the efficiency indicators';
COMMENT ON COLUMN @extschema@.month_row.satisfaction IS 'the same over the satisfaction indicators';
COMMENT ON COLUMN @extschema@.month_row.measured_total IS 'the same over all indicators (before the critical-failure rule)';
COMMENT ON COLUMN @extschema@.month_row.critical_failed IS 'bool_or(failed)';
COMMENT ON COLUMN @extschema@.month_row.indicators_rated IS 'count(*): the indicator rows';
COMMENT ON COLUMN @extschema@.month_row.indicator_ids IS 'the indicators, ascending';
COMMENT ON COLUMN @extschema@.month_row.raw_values IS 'the raw value of each indicator';
COMMENT ON COLUMN @extschema@.month_row.scores IS 'score4 of each indicator''s score';
COMMENT ON COLUMN @extschema@.month_row.weights_bp IS 'the weight of each indicator in basis points';
COMMENT ON COLUMN @extschema@.month_row.indicators_failed IS 'whether each indicator failed its critical threshold';

CREATE FUNCTION @extschema@.month_detail_accum(internal, integer, text, integer, float8, float8, boolean)
RETURNS internal
AS 'MODULE_PATHNAME', 'pe_month_detail_accum'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.month_detail_accum(internal, integer, text, integer, float8, float8, boolean) IS
'transition function of month_detail (H-3.2.3)';

CREATE FUNCTION @extschema@.month_detail_combine(internal, internal)
RETURNS internal
AS 'MODULE_PATHNAME', 'pe_month_detail_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.month_detail_combine(internal, internal) IS
'combine function of month_detail (partial aggregation)';

CREATE FUNCTION @extschema@.month_detail_serialize(internal)
RETURNS bytea
AS 'MODULE_PATHNAME', 'pe_month_detail_serialize'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.month_detail_serialize(internal) IS
'serialization function of month_detail (parallel aggregation)';

CREATE FUNCTION @extschema@.month_detail_deserialize(bytea, internal)
RETURNS internal
AS 'MODULE_PATHNAME', 'pe_month_detail_deserialize'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.month_detail_deserialize(bytea, internal) IS
'deserialization function of month_detail (parallel aggregation)';

CREATE FUNCTION @extschema@.month_detail_final(internal)
RETURNS @extschema@.month_row
AS 'MODULE_PATHNAME', 'pe_month_detail_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.month_detail_final(internal) IS
'final function of month_detail: the month_row';

-- SSPACE: the state of a month of 16 indicators (16 rows of 32 bytes and
-- the header), so that the planner sizes a hash aggregate by agent right
CREATE AGGREGATE @extschema@.month_detail(indicator_id integer, dimension text, weight_bp integer,
                                          raw_value float8, score float8, failed boolean) (
    SFUNC = @extschema@.month_detail_accum,
    STYPE = internal,
    SSPACE = 600,
    FINALFUNC = @extschema@.month_detail_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.month_detail_combine,
    SERIALFUNC = @extschema@.month_detail_serialize,
    DESERIALFUNC = @extschema@.month_detail_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.month_detail(integer, text, integer, float8, float8, boolean) IS
'one agent''s month from its indicator rows in any order: dimension_subtotals'' four subtotals and measured total, bool_or(failed), count(*), and the arrays of ids, raw values, score4 scores, weights and failures in indicator order (H-3.2.3, H-5.1)';
