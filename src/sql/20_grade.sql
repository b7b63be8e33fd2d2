/* src/sql/20_grade.sql — the grading room: the grade type and absolute cutoffs (H-5) */

CREATE TYPE @extschema@.grade AS ENUM ('fail', 'pass', 'medium', 'good', 'excellent');
COMMENT ON TYPE @extschema@.grade IS
'the five grades of H-5.1, ordered fail < pass < medium < good < excellent (不合格 < 合格 < 中等 < 良好 < 优秀)';

CREATE FUNCTION @extschema@.grade_of(score float8, cutoffs float8[] DEFAULT '{90,80,70,60}')
RETURNS @extschema@.grade
AS 'MODULE_PATHNAME', 'pe_grade_of'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.grade_of(float8, float8[]) IS
'grade by four decreasing cutoffs (excellent, good, medium, pass); the score is rounded to 6 decimals first (H-5.1, H-5.3.3)';

CREATE FUNCTION @extschema@.grade_label(g @extschema@.grade, lang text DEFAULT 'zh')
RETURNS text
AS 'MODULE_PATHNAME', 'pe_grade_label'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.grade_label(@extschema@.grade, text) IS
'the grade''s label: 优秀 良好 中等 合格 不合格 for zh, excellent good medium pass fail for en (H-5.1)';

-- Forced distribution (H-5.1): a window function, like rank(), and marked as
-- PostgreSQL marks rank(): IMMUTABLE (the result depends only on the
-- partition's rows, their ORDER BY keys and the percentages; peers never
-- split, so not even on the order among peers), PARALLEL SAFE (no state
-- outside the call; window functions run above any Gather), not STRICT
-- (a NULL percentages array raises 22004).
CREATE FUNCTION @extschema@.quota_grade(percentages int[])
RETURNS @extschema@.grade
AS 'MODULE_PATHNAME', 'pe_quota_grade'
LANGUAGE C IMMUTABLE WINDOW PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.quota_grade(int[]) IS
'window function: forced distribution by five percentages (excellent, good, medium, pass, fail; sum 100); whole-number quotas by largest remainder, a remainder tie to the better grade; ORDER BY peers never split (H-5.1)';

-- Streaks for bottom elimination (H-3.3.5): a window function over
-- (PARTITION BY agent ORDER BY period_index); IMMUTABLE like rank().
CREATE FUNCTION @extschema@.grade_streak(g @extschema@.grade, threshold @extschema@.grade, period_index int)
RETURNS int
AS 'MODULE_PATHNAME', 'pe_grade_streak'
LANGUAGE C IMMUTABLE WINDOW PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.grade_streak(@extschema@.grade, @extschema@.grade, int) IS
'window function over (PARTITION BY agent ORDER BY period_index): consecutive adjacent periods up to this row with a grade at or below threshold; a gap in period_index or a better or NULL grade resets it (H-3.3.5)';
