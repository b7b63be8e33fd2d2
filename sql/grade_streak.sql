-- grade_streak: runs of poor grades in adjacent periods, for bottom
-- elimination (H-3.3.5, grades of H-5.1).  period_index is a consecutive
-- ordinal of the period (year * 12 + month for months); a gap breaks a run.

-- one agent over 9 months with threshold 'pass' (pass or fail counts):
-- month 5 is missing, so the run restarts at month 6
SELECT agent, m, g, perfeval.grade_streak(g, 'pass', 2025 * 12 + m) OVER w AS streak
FROM (VALUES ('a', 1, 'fail'), ('a', 2, 'pass'), ('a', 3, 'medium'), ('a', 4, 'fail'),
             ('a', 6, 'pass'), ('a', 7, 'fail'), ('a', 8, 'fail'), ('a', 9, 'excellent')) AS t(agent, m, g0)
     CROSS JOIN LATERAL (SELECT g0::perfeval.grade AS g) AS c
WINDOW w AS (PARTITION BY agent ORDER BY 2025 * 12 + m)
ORDER BY agent, m;

-- the threshold is inclusive; a NULL grade (no result) breaks the run;
-- several agents are independent; the year boundary is adjacent
SELECT agent, y, m, g,
       perfeval.grade_streak(g, 'fail', y * 12 + m) OVER w AS at_fail,
       perfeval.grade_streak(g, 'medium', y * 12 + m) OVER w AS at_or_below_medium
FROM (VALUES ('a', 2024, 11, 'medium'), ('a', 2024, 12, 'fail'), ('a', 2025, 1, 'fail'),
             ('a', 2025, 2, NULL), ('a', 2025, 3, 'pass'),
             ('b', 2024, 12, 'good'), ('b', 2025, 1, 'medium'), ('b', 2025, 2, 'medium')) AS t(agent, y, m, g0)
     CROSS JOIN LATERAL (SELECT g0::perfeval.grade AS g) AS c
WINDOW w AS (PARTITION BY agent ORDER BY y * 12 + m)
ORDER BY agent, y, m;

-- H-3.3.5 bottom-elimination candidates: pass or worse in 3 adjacent months
-- (the run length reaches 3 on some row)
WITH r(agent, m, g) AS (
    SELECT agent, m, g::perfeval.grade
    FROM (VALUES ('a', 1, 'pass'), ('a', 2, 'fail'), ('a', 3, 'pass'),
                 ('b', 1, 'fail'), ('b', 2, 'fail'), ('b', 4, 'fail'),
                 ('c', 1, 'good'), ('c', 2, 'pass'), ('c', 3, 'fail'), ('c', 4, 'fail')) AS v(agent, m, g))
SELECT agent, max(streak) AS longest
FROM (SELECT agent, perfeval.grade_streak(g, 'pass', m) OVER (PARTITION BY agent ORDER BY m) AS streak FROM r) AS s
GROUP BY agent HAVING max(streak) >= 3 ORDER BY agent;

-- extreme period indexes
SELECT i, perfeval.grade_streak('fail', 'fail', i) OVER (ORDER BY i)
FROM (VALUES (-2147483648), (-2147483647), (2147483646), (2147483647)) AS t(i);

-- errors
SELECT perfeval.grade_streak('fail', 'pass', i % 2) OVER (ORDER BY i) FROM generate_series(1, 3) AS i;
SELECT perfeval.grade_streak('fail', 'pass', 1) OVER (ORDER BY i) FROM generate_series(1, 3) AS i;
SELECT perfeval.grade_streak('fail', NULL, i) OVER (ORDER BY i) FROM generate_series(1, 3) AS i;
SELECT perfeval.grade_streak('fail', 'pass', NULL) OVER (ORDER BY i) FROM generate_series(1, 3) AS i;
