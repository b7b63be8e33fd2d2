/* src/sql/10_score.sql — the scoring room: normalisation, weighted scores, layer blend (H-2, H-3.2.3) */

CREATE FUNCTION @extschema@.normalize(raw float8, worst float8, best float8)
RETURNS float8
AS 'MODULE_PATHNAME', 'pe_normalize'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.normalize(float8, float8, float8) IS
'linear 0-100 score: worst maps to 0, best to 100, clamped; worst > best for lower-is-better indicators (H-2)';

CREATE FUNCTION @extschema@.normalize_piecewise(raw float8, breakpoints float8[], scores float8[])
RETURNS float8
AS 'MODULE_PATHNAME', 'pe_normalize_piecewise'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.normalize_piecewise(float8, float8[], float8[]) IS
'piecewise-linear score through (breakpoints[i], scores[i]), flat beyond the ends (H-2)';

-- weighted_score: state is float8[4] = {sum(w*s), sum(w), rated rows, failed flag}
CREATE FUNCTION @extschema@.weighted_score_accum(float8[], float8, float8)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'pe_wscore_accum'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.weighted_score_accum(float8[], float8, float8) IS
'transition function of weighted_score(score, weight)';

CREATE FUNCTION @extschema@.weighted_score_accum(float8[], float8, float8, boolean)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'pe_wscore_accum'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.weighted_score_accum(float8[], float8, float8, boolean) IS
'transition function of weighted_score(score, weight, critical_failed)';

CREATE FUNCTION @extschema@.weighted_score_combine(float8[], float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'pe_wscore_combine'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.weighted_score_combine(float8[], float8[]) IS
'combine function of weighted_score (parallel and partial aggregation)';

CREATE FUNCTION @extschema@.weighted_score_final(float8[])
RETURNS float8
AS 'MODULE_PATHNAME', 'pe_wscore_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.weighted_score_final(float8[]) IS
'final function of weighted_score';

CREATE AGGREGATE @extschema@.weighted_score(score float8, weight float8) (
    SFUNC = @extschema@.weighted_score_accum,
    STYPE = float8[],
    FINALFUNC = @extschema@.weighted_score_final,
    COMBINEFUNC = @extschema@.weighted_score_combine,
    INITCOND = '{0,0,0,0}',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.weighted_score(float8, float8) IS
'sum(weight*score)/sum(weight) over rated rows; a NULL score is not applicable and its weight drops out (H-3.2.3)';

CREATE AGGREGATE @extschema@.weighted_score(score float8, weight float8, critical_failed boolean) (
    SFUNC = @extschema@.weighted_score_accum,
    STYPE = float8[],
    FINALFUNC = @extschema@.weighted_score_final,
    COMBINEFUNC = @extschema@.weighted_score_combine,
    INITCOND = '{0,0,0,0}',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.weighted_score(float8, float8, boolean) IS
'weighted_score, but 0 when any rated row failed a critical item (auto-fail, 一票否决)';

CREATE FUNCTION @extschema@.blend(self_score float8, department_score float8, company_score float8,
                                  weights float8[] DEFAULT '{20,30,50}')
RETURNS float8
AS 'MODULE_PATHNAME', 'pe_blend'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.blend(float8, float8, float8, float8[]) IS
'self, department and company evaluation layers combined by weight (default 20/30/50); a NULL layer drops out (H-3.2.3)';
