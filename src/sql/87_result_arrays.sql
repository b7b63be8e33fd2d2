/* src/sql/87_result_arrays.sql — 1.1: a result's indicator arrays checked in one C pass (issue 11) */

-- indicator_arrays_valid(indicator_ids, raw_values, scores, weights_bp,
-- indicators_failed): the CHECK result_indicator_arrays as one function
-- (1.1, issue 11: nine array functions and 32 numeric comparisons per row
-- were a tenth of writing a month's results).  The same rule as 1.0's
-- expression: five arrays of one length, ids and scores one-dimensional,
-- no NULL id, every score between 0 and 100 (NULL scores pass).
CREATE FUNCTION @extschema@.indicator_arrays_valid(indicator_ids integer[], raw_values float8[], scores numeric[],
                                                   weights_bp integer[], indicators_failed boolean[])
RETURNS boolean
AS 'MODULE_PATHNAME', 'pe_indicator_arrays_valid'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.indicator_arrays_valid(integer[], float8[], numeric[], integer[], boolean[]) IS
'whether a result''s indicator arrays are well formed: one length, one-dimensional ids and scores, no NULL id, scores 0-100 (the CHECK result_indicator_arrays, H-3.2.3)';

ALTER TABLE @extschema@.result DROP CONSTRAINT result_indicator_arrays;
ALTER TABLE @extschema@.result ADD CONSTRAINT result_indicator_arrays
    CHECK (@extschema@.indicator_arrays_valid(indicator_ids, raw_values, scores, weights_bp, indicators_failed));
