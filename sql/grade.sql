--
-- grade: exact results of the grading room (src/grade.c)
--   the grade type (H-5.1), grade_of with absolute cutoffs (H-5.1,
--   H-5.3.3) and grade_label.
-- Errors and their SQLSTATEs are tested in test/pgtap/grade.sql.
--
SET search_path = perfeval, public;

-- H-5.1: the five grades, ordered worst first
SELECT e.enumlabel, e.enumsortorder
FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid
JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE n.nspname = 'perfeval' AND t.typname = 'grade'
ORDER BY e.enumsortorder;

-- grade_of with the default cutoffs {90,80,70,60}, at and around every boundary
SELECT s, perfeval.grade_of(s) AS grade
FROM (VALUES (100::float8), (90.000001), (90), (89.999999), (80), (79.9999),
             (70), (69.99), (60), (59.999999), (0), (-5), (1e308), (-1e308),
             ('Infinity'), ('-Infinity')) v(s)
ORDER BY s DESC;

-- scores are rounded to 6 decimals before they meet a boundary (H-5.1):
-- sums that miss a boundary in the last bits still grade on it
SELECT s, perfeval.grade_of(s) AS grade
FROM (VALUES (89.99999999999999::float8), (79.99999999999999),
             (69.99999951), (69.99999949), (59.99999999999999),
             (59.9999994)) v(s)
ORDER BY s DESC;
-- computed scores: 1 - 0.9 is 0.09999999999999998 in float8, so
-- (1 - 0.9) * 800 is 79.99999999999999, below 80 for a naive comparison,
-- but graded 'good' after the rounding
SELECT s, s < 80 AS naive_below_80, perfeval.grade_of(s) AS grade
FROM (SELECT (1 - 0.9::float8) * 800 AS s) v;
-- and a weighted score (H-3.2.3) that is exactly 80 on paper:
-- (70 * 0.1 + 70 * 0.2 + 90 * 0.3) / 0.6 = 48 / 0.6 = 80
SELECT ws, ws < 80 AS naive_below_80, perfeval.grade_of(ws) AS grade
FROM (SELECT perfeval.weighted_score(s, w) AS ws
      FROM (VALUES (70::float8, 0.1::float8), (70, 0.2), (90, 0.3)) v(s, w)) x;

-- H-5.3.3: versioned grade bands: other cutoffs, including negative ones
SELECT s, perfeval.grade_of(s, '{85,75,65,50}') AS grade
FROM (VALUES (85::float8), (84.9), (75), (65), (50), (49.9)) v(s)
ORDER BY s DESC;
SELECT perfeval.grade_of(0, '{1,0,-1,-2}') AS at_zero,
       perfeval.grade_of(-1.5, '{1,0,-1,-2}') AS at_minus_1_5,
       perfeval.grade_of(5, '[0:3]={90,80,70,60}') AS lower_bound_0;

-- the cutoffs may come from a column (no per-call-site caching then)
SELECT s, c, perfeval.grade_of(s, c) AS grade
FROM (VALUES (75::float8, '{90,80,70,60}'::float8[]),
             (75, '{80,75,70,60}'),
             (75, '{100,90,80,76}')) v(s, c)
ORDER BY c;

-- STRICT
SELECT perfeval.grade_of(NULL) IS NULL AS null_score,
       perfeval.grade_of(50, NULL) IS NULL AS null_cutoffs;

-- H-5.1 labels, Chinese by default, English on request
SELECT g, perfeval.grade_label(g) AS zh_default,
       perfeval.grade_label(g, 'zh') AS zh,
       perfeval.grade_label(g, 'en') AS en
FROM unnest(enum_range(NULL::perfeval.grade)) g
ORDER BY g;
SELECT perfeval.grade_label(NULL) IS NULL AS null_grade,
       perfeval.grade_label('good', NULL) IS NULL AS null_lang;

-- the type is ordered: comparisons, ORDER BY, min/max
SELECT 'fail'::perfeval.grade < 'pass' AS fail_lt_pass,
       'pass'::perfeval.grade < 'medium' AS pass_lt_medium,
       'medium'::perfeval.grade < 'good' AS medium_lt_good,
       'good'::perfeval.grade < 'excellent' AS good_lt_excellent,
       'excellent'::perfeval.grade > 'fail' AS excellent_gt_fail,
       perfeval.grade_of(95) = 'excellent' AS eq;

CREATE TEMP TABLE r (agent text, score float8);
INSERT INTO r VALUES ('a1', 91), ('a2', 55), ('a3', 80), ('a4', 72.5),
                     ('a5', 60), ('a6', 79.99999999999999), ('a7', 90);
SELECT agent, score, perfeval.grade_of(score) AS grade,
       perfeval.grade_label(perfeval.grade_of(score)) AS label
FROM r ORDER BY grade DESC, agent;
SELECT min(perfeval.grade_of(score)) AS worst, max(perfeval.grade_of(score)) AS best
FROM r;
SELECT perfeval.grade_of(score) AS grade, count(*) AS agents
FROM r GROUP BY 1 ORDER BY 1;
SELECT count(*) FILTER (WHERE perfeval.grade_of(score) >= 'good') AS good_or_better,
       count(*) FILTER (WHERE perfeval.grade_of(score) BETWEEN 'pass' AND 'medium') AS pass_or_medium
FROM r;
