--
-- score: exact results of the scoring room (src/score.c)
--   normalize, normalize_piecewise (H-2), weighted_score and its auto-fail
--   variant (H-3.2.3, H-5), blend of the three evaluation layers (H-3.2.3).
-- Errors and their SQLSTATEs are tested in test/pgtap/score.sql.
--
SET search_path = perfeval, public;

-- H-2: normalize, higher is better (worst < best): worst -> 0, best -> 100
SELECT raw, perfeval.normalize(raw, 0, 100) AS score
FROM (VALUES (-5::float8), (0), (12.5), (50), (99.5), (100), (150)) v(raw);

-- (float8 arithmetic: 0.95 - 0.80 is not exactly 0.15; grade_of rounds, H-5.1)
SELECT perfeval.normalize(0.95, 0.80, 1.00) AS rate_95,     -- H-2.1.1 rate
       perfeval.normalize(4.2, 1, 5) AS rating_4_2;          -- H-2.2.x rating

-- H-2.3.1: lower is better (worst > best). The issue's example:
-- response time worst 60 s, best 10 s, raw 30 s gives 60.
SELECT perfeval.normalize(30, 60, 10) AS response_time_30s;
SELECT raw, perfeval.normalize(raw, 60, 10) AS score
FROM (VALUES (5::float8), (10), (20), (30), (35), (60), (61), (600)) v(raw);

-- clamping at extreme but finite arguments (no overflow in the subtraction)
SELECT perfeval.normalize(1e308, 0, 1) AS huge_raw,
       perfeval.normalize(-1e308, 0, 1) AS tiny_raw,
       perfeval.normalize(0, -1e308, 1e308) AS mid_of_full_range,
       perfeval.normalize(1e308, -1e308, 1e308) AS top_of_full_range,
       perfeval.normalize(5e-324, 0, 1e-323) AS denormal;

-- STRICT: a NULL argument gives NULL
SELECT perfeval.normalize(NULL, 0, 100) IS NULL AS null_raw,
       perfeval.normalize(1, NULL, 100) IS NULL AS null_worst,
       perfeval.normalize(1, 0, NULL) IS NULL AS null_best;

-- H-2: normalize_piecewise, increasing breakpoints, flat beyond both ends
SELECT raw, perfeval.normalize_piecewise(raw, '{0,50,80,100}', '{0,60,90,100}') AS score
FROM (VALUES (-10::float8), (0), (25), (50), (65), (80), (90), (100), (120)) v(raw);

-- H-2.4.2 complaint rate: decreasing breakpoints (lower is better)
SELECT raw, perfeval.normalize_piecewise(raw, '{5,2,1,0}', '{0,60,80,100}') AS score
FROM (VALUES (10::float8), (5), (3.5), (2), (1.5), (1), (0.25), (0), (-1)) v(raw);

-- two points is the minimum; scores need not be monotone
SELECT perfeval.normalize_piecewise(25, '{0,50}', '{0,100}') AS two_points,
       perfeval.normalize_piecewise(75, '{0,50,100}', '{0,100,20}') AS hump,
       perfeval.normalize_piecewise(5, '{0,10}', '{100,0}') AS falling_scores;

-- arrays with a non-default lower bound are accepted (their values count)
SELECT perfeval.normalize_piecewise(25, '[0:1]={0,50}', '[5:6]={0,100}') AS lower_bounds;

-- STRICT
SELECT perfeval.normalize_piecewise(NULL, '{0,50}', '{0,100}') IS NULL AS null_raw,
       perfeval.normalize_piecewise(1, NULL, '{0,100}') IS NULL AS null_breakpoints,
       perfeval.normalize_piecewise(1, '{0,50}', NULL) IS NULL AS null_scores;

-- H-3.2.3: weighted_score = sum(w*s)/sum(w) over rated rows
SELECT perfeval.weighted_score(s, w) AS ws
FROM (VALUES (80::float8, 30::float8), (90, 20), (70, 50)) v(s, w);
-- 80*30 + 90*20 + 70*50 = 7700; / 100 = 77

-- a NULL score is "not applicable": its weight drops out, the rest are renormalised
SELECT perfeval.weighted_score(s, w) AS ws
FROM (VALUES (80::float8, 30::float8), (NULL, 20), (70, 50)) v(s, w);
-- (2400 + 3500) / 80 = 73.75

-- no rated row: NULL; no row at all: NULL
SELECT perfeval.weighted_score(s, w) IS NULL AS all_na
FROM (VALUES (NULL::float8, 30::float8), (NULL, 20)) v(s, w);
SELECT perfeval.weighted_score(s, w) IS NULL AS no_rows
FROM (VALUES (1::float8, 1::float8)) v(s, w) WHERE false;

-- a weight of 0 is allowed and ignored while some other rated row weighs more
SELECT perfeval.weighted_score(s, w) AS ws
FROM (VALUES (10::float8, 0::float8), (50, 1), (100, 3)) v(s, w);
-- (50 + 300) / 4 = 87.5

-- GROUP BY: one weighted score per agent (H-3.2.3)
CREATE TEMP TABLE m (agent text, indicator text, s float8, w float8, crit boolean);
INSERT INTO m VALUES
  ('a1', 'H-2.1.1', 90,   25, false),
  ('a1', 'H-2.2.1', 80,   25, false),
  ('a1', 'H-2.3.1', 70,   25, false),
  ('a1', 'H-2.4.1', 60,   25, false),
  ('a2', 'H-2.1.1', 100,  10, false),
  ('a2', 'H-2.2.1', NULL, 40, false),  -- not applicable
  ('a2', 'H-2.3.1', 50,   50, false),
  ('a3', 'H-2.1.1', 95,   50, false),
  ('a3', 'H-2.4.2', 95,   50, true),   -- critical item failed: auto-fail
  ('a4', 'H-2.1.1', NULL, 50, true),   -- not rated: its flag does not count
  ('a4', 'H-2.2.1', 88,   50, false),
  ('a5', 'H-2.1.1', NULL, 10, false);  -- nothing rated
SELECT agent,
       perfeval.weighted_score(s, w) AS ws,
       perfeval.weighted_score(s, w, crit) AS ws_autofail
FROM m GROUP BY agent ORDER BY agent;
-- a1 75; a2 (1000 + 2500) / 60 = 58.333...; a3 95 / 0; a4 88 / 88; a5 NULL / NULL

-- the auto-fail variant over a whole set (一票否决)
SELECT perfeval.weighted_score(s, w, c) AS autofail
FROM (VALUES (90::float8, 1::float8, false), (95, 1, true)) v(s, w, c);
SELECT perfeval.weighted_score(s, w, c) AS no_failure
FROM (VALUES (90::float8, 1::float8, false), (95, 1, false)) v(s, w, c);

-- as a window function: a running weighted score OVER (ORDER BY ...)
SELECT agent, indicator, s, w,
       perfeval.weighted_score(s, w) OVER (ORDER BY agent, indicator) AS running,
       perfeval.weighted_score(s, w, crit) OVER (ORDER BY agent, indicator) AS running_autofail,
       perfeval.weighted_score(s, w) OVER (PARTITION BY agent) AS per_agent
FROM m WHERE agent IN ('a1', 'a2', 'a3') ORDER BY agent, indicator;

-- a moving frame exercises the same state again (no inverse function)
SELECT agent, indicator,
       perfeval.weighted_score(s, w) OVER (ORDER BY agent, indicator
                                           ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS moving
FROM m WHERE agent IN ('a1', 'a2') ORDER BY agent, indicator;

-- weighted score fed to grade_of (H-5.1): the pipeline of an evaluation
SELECT agent, round(perfeval.weighted_score(s, w, crit)::numeric, 6) AS score,
       perfeval.grade_of(perfeval.weighted_score(s, w, crit)) AS grade
FROM m GROUP BY agent ORDER BY agent;

-- H-3.2.3: blend of self, department and company evaluations, default 20/30/50
SELECT perfeval.blend(80, 70, 90) AS default_blend;          -- 16 + 21 + 45 = 82
SELECT perfeval.blend(100, 0, 0) AS self_only_scores,         -- 20
       perfeval.blend(0, 100, 0) AS department_only_scores,   -- 30
       perfeval.blend(0, 0, 100) AS company_only_scores;      -- 50
-- a NULL layer drops out and the others are renormalised
SELECT perfeval.blend(NULL, 70, 90) AS no_self,               -- (21 + 45) / 0.8 = 82.5
       perfeval.blend(80, NULL, 90) AS no_department,         -- (16 + 45) / 0.7
       perfeval.blend(80, 70, NULL) AS no_company,            -- (16 + 21) / 0.5 = 74
       perfeval.blend(NULL, NULL, 90) AS company_only,        -- 90
       perfeval.blend(NULL, NULL, NULL) IS NULL AS all_null;
-- explicit weights; a zero weight leaves a layer out
SELECT perfeval.blend(80, 70, 90, '{1,1,1}') AS equal_weights, -- 80
       perfeval.blend(80, 70, 90, '{0,0,1}') AS company_weight_only,
       perfeval.blend(80, NULL, NULL, '{0,1,1}') IS NULL AS only_zero_weighted_layer,
       perfeval.blend(80, 70, 90, '[0:2]={20,30,50}') AS lower_bound_0;
