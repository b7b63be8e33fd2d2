-- pgTAP: the grading room (src/grade.c, src/sql/20_grade.sql), issue 2.
--   Every error with its SQLSTATE and the functions' attributes.
-- Exact printed values are in sql/grade.sql (pg_regress).
BEGIN;
CREATE EXTENSION IF NOT EXISTS perfeval;
SET LOCAL client_min_messages = warning;
SELECT plan(40);

-- ---------------------------------------------------------------------
-- the type (H-5.1)
SELECT has_type('perfeval', 'grade', 'H-5.1 type perfeval.grade exists');
SELECT enum_has_labels('perfeval', 'grade', ARRAY['fail', 'pass', 'medium', 'good', 'excellent'],
    'H-5.1 perfeval.grade is ordered fail < pass < medium < good < excellent');
SELECT throws_ok($$SELECT 'outstanding'::perfeval.grade$$, '22P02', NULL,
    'H-5.1 an unknown grade label is refused by the type');

-- ---------------------------------------------------------------------
-- grade_of (H-5.1, H-5.3.3): exactly four strictly decreasing finite cutoffs
SELECT throws_ok($$SELECT perfeval.grade_of(75, '{90,80,70}')$$, '22023',
    'cutoffs must have exactly four elements', 'H-5.3.3 grade_of: three cutoffs are 22023');
SELECT throws_ok($$SELECT perfeval.grade_of(75, '{95,90,80,70,60}')$$, '22023',
    'cutoffs must have exactly four elements', 'H-5.3.3 grade_of: five cutoffs are 22023');
SELECT throws_ok($$SELECT perfeval.grade_of(75, '{}')$$, '22023',
    'cutoffs must have exactly four elements', 'H-5.3.3 grade_of: empty cutoffs are 22023');
SELECT throws_ok($$SELECT perfeval.grade_of(75, '{60,70,80,90}')$$, '22023',
    'cutoffs must be strictly decreasing', 'H-5.3.3 grade_of: increasing cutoffs are 22023');
SELECT throws_ok($$SELECT perfeval.grade_of(75, '{90,80,80,60}')$$, '22023',
    'cutoffs must be strictly decreasing', 'H-5.3.3 grade_of: two equal cutoffs are 22023');
SELECT throws_ok($$SELECT perfeval.grade_of(75, '{90,80,70,75}')$$, '22023',
    'cutoffs must be strictly decreasing', 'H-5.3.3 grade_of: a last cutoff out of order is 22023');
SELECT throws_ok($$SELECT perfeval.grade_of(75, '{90,NaN,70,60}')$$, '22023',
    'cutoffs must hold finite numbers', 'H-5.3.3 grade_of: a NaN cutoff is 22023');
SELECT throws_ok($$SELECT perfeval.grade_of(75, '{Infinity,80,70,60}')$$, '22023',
    'cutoffs must hold finite numbers', 'H-5.3.3 grade_of: an infinite cutoff is 22023');
SELECT throws_ok($$SELECT perfeval.grade_of(75, '{90,80,70,-Infinity}')$$, '22023', NULL,
    'H-5.3.3 grade_of: a -infinite cutoff is 22023');
SELECT throws_ok($$SELECT perfeval.grade_of(75, '{90,80,NULL,60}')$$, '22023',
    'cutoffs must not contain NULL elements', 'H-5.3.3 grade_of: a NULL cutoff is 22023');
SELECT throws_ok($$SELECT perfeval.grade_of(75, '{{90,80},{70,60}}')$$, '22023',
    'cutoffs must be a one-dimensional array', 'H-5.3.3 grade_of: 2-D cutoffs are 22023');
SELECT throws_ok($$SELECT perfeval.grade_of('NaN')$$, '22023',
    'score must not be NaN', 'H-5.1 grade_of: a NaN score is 22023');
SELECT throws_ok($$SELECT perfeval.grade_of('NaN', '{4,3,2,1}')$$, '22023',
    'score must not be NaN', 'H-5.1 grade_of: a NaN score is 22023 with explicit cutoffs');
-- the cutoffs are checked on every row when they are not constant
SELECT throws_ok($$SELECT perfeval.grade_of(s, c) FROM (VALUES (1, 75::float8, '{90,80,70,60}'::float8[]),
                                                              (2, 75, '{90,80,70}')) v(n, s, c)$$,
    '22023', 'cutoffs must have exactly four elements',
    'H-5.3.3 grade_of: a bad cutoff array in a later row is still refused');
SELECT throws_ok($$SELECT perfeval.grade_of(s) FROM (VALUES (1, 75::float8), (2, 'NaN')) v(n, s)$$,
    '22023', 'score must not be NaN', 'H-5.1 grade_of: a NaN score in a later row is refused');
-- hostile but valid: extreme cutoffs and scores
SELECT is(perfeval.grade_of(1e308, '{1e308,0,-1e308,-1.7976931348623157e308}'), 'excellent'::perfeval.grade,
    'H-5.3.3 grade_of: cutoffs spanning the float8 range');
SELECT is(perfeval.grade_of('-Infinity', '{1e308,0,-1e308,-1.7976931348623157e308}'), 'fail'::perfeval.grade,
    'H-5.1 grade_of: -Infinity is fail');
SELECT is(perfeval.grade_of(5e-324, '{3e-323,2e-323,1e-323,0}'), 'pass'::perfeval.grade,
    'H-5.1 grade_of: a denormal score rounds to 0 (6 decimals) and meets cutoff 0');
SELECT is(perfeval.grade_of(1e13 - 0.5, '{1e13,0,-1,-2}'), 'good'::perfeval.grade,
    'H-5.1 grade_of: scores beyond 1e12 are compared unrounded');

-- ---------------------------------------------------------------------
-- grade_label (H-5.1): zh or en only
SELECT throws_ok($$SELECT perfeval.grade_label('good', 'fr')$$, '22023',
    'unsupported label language "fr"', 'H-5.1 grade_label: fr is 22023');
SELECT throws_ok($$SELECT perfeval.grade_label('good', '')$$, '22023', NULL,
    'H-5.1 grade_label: an empty language is 22023');
SELECT throws_ok($$SELECT perfeval.grade_label('good', 'ZH')$$, '22023', NULL,
    'H-5.1 grade_label: ZH in upper case is 22023');
SELECT throws_ok($$SELECT perfeval.grade_label('good', 'zh ')$$, '22023', NULL,
    'H-5.1 grade_label: zh with a trailing space is 22023');
SELECT throws_ok($$SELECT perfeval.grade_label('good', 'zh-CN')$$, '22023', NULL,
    'H-5.1 grade_label: zh-CN is 22023');
SELECT throws_ok($$SELECT perfeval.grade_label('good', 'cn')$$, '22023', NULL,
    'H-5.1 grade_label: cn is 22023');
SELECT throws_ok($$SELECT perfeval.grade_label('good', repeat('x', 100000))$$, '22023', NULL,
    'H-5.1 grade_label: a very long language is 22023');
SELECT is(perfeval.grade_label('excellent'), '优秀', 'H-5.1 grade_label: zh is the default');
SELECT is(perfeval.grade_label('fail', 'en'), 'fail', 'H-5.1 grade_label: en gives the English word');

-- ---------------------------------------------------------------------
-- attributes: IMMUTABLE, PARALLEL SAFE; STRICT (issue 2 says so for grade_of)
SELECT is(
    (SELECT array_agg(format('%s(%s) %s %s %s', p.proname, oidvectortypes(p.proargtypes),
                             p.provolatile, p.proparallel,
                             CASE WHEN p.proisstrict THEN 'strict' ELSE 'called on null' END)
                      ORDER BY p.proname)
       FROM pg_proc p
      WHERE p.pronamespace = 'perfeval'::regnamespace AND p.proname IN ('grade_of', 'grade_label')),
    ARRAY['grade_label(perfeval.grade, text) i s strict',
          'grade_of(double precision, double precision[]) i s strict'],
    'grade_of and grade_label are IMMUTABLE STRICT PARALLEL SAFE');
SELECT is(
    (SELECT array_agg(format('%s(%s)', p.proname, pg_get_function_arguments(p.oid)) ORDER BY p.proname)
       FROM pg_proc p
      WHERE p.pronamespace = 'perfeval'::regnamespace AND p.proname IN ('grade_of', 'grade_label')),
    ARRAY['grade_label(g perfeval.grade, lang text DEFAULT ''zh''::text)',
          'grade_of(score double precision, cutoffs double precision[] DEFAULT ''{90,80,70,60}''::double precision[])'],
    'H-5.3.3 the documented defaults: cutoffs {90,80,70,60}, language zh');
SELECT function_returns('perfeval', 'grade_of', ARRAY['double precision', 'double precision[]'], 'perfeval.grade',
    'grade_of returns perfeval.grade');
SELECT function_returns('perfeval', 'grade_label', ARRAY['perfeval.grade', 'text'], 'text',
    'grade_label returns text');

-- the default cutoffs and language (H-5.3.3: the product's documented defaults)
SELECT is(perfeval.grade_of(90), perfeval.grade_of(90, '{90,80,70,60}'), 'default cutoffs are {90,80,70,60}');
SELECT is(perfeval.grade_of(89.9999), 'good'::perfeval.grade, 'default cutoffs: 89.9999 is good');

-- ordering of the type: min/max and sorting work through the enum order
SELECT is((SELECT max(g) FROM unnest('{pass,excellent,fail,good}'::perfeval.grade[]) g),
    'excellent'::perfeval.grade, 'H-5.1 max(grade) is the best');
SELECT is((SELECT min(g) FROM unnest('{pass,excellent,medium,good}'::perfeval.grade[]) g),
    'pass'::perfeval.grade, 'H-5.1 min(grade) is the worst');
SELECT is((SELECT array_agg(g ORDER BY g DESC) FROM unnest('{pass,excellent,fail,good,medium}'::perfeval.grade[]) g),
    '{excellent,good,medium,pass,fail}'::perfeval.grade[], 'H-5.1 ORDER BY grade DESC puts excellent first');

SELECT * FROM finish();
ROLLBACK;
