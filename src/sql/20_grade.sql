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
