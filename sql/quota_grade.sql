-- quota_grade: forced distribution by the largest-remainder method (H-5.1,
-- H-3.3.1 feeds on the grades, H-1.2.1 determinism).
-- Quotas for n rows and percentages p: floor(n*p/100) seats each, the
-- leftover seats to the largest remainders n*p mod 100, a tie to the
-- better grade; peers under ORDER BY never split.

-- H-5.1: team sizes 1 to 12 under the default '{10,20,40,20,10}': seats per grade
SELECT n,
       count(*) FILTER (WHERE g = 'excellent') AS excellent,
       count(*) FILTER (WHERE g = 'good') AS good,
       count(*) FILTER (WHERE g = 'medium') AS medium,
       count(*) FILTER (WHERE g = 'pass') AS pass,
       count(*) FILTER (WHERE g = 'fail') AS fail
FROM (SELECT n, perfeval.quota_grade('{10,20,40,20,10}') OVER (PARTITION BY n ORDER BY 100 - i) AS g
      FROM generate_series(1, 12) AS n, generate_series(1, n) AS i) AS t
GROUP BY n ORDER BY n;

-- H-5.1: the grades in window order for a team of 7 (seats 1,1,3,1,1)
SELECT agent, score, perfeval.quota_grade('{10,20,40,20,10}') OVER (ORDER BY score DESC) AS g
FROM (VALUES ('a', 91), ('b', 85), ('c', 77), ('d', 74), ('e', 70), ('f', 66), ('g', 52)) AS t(agent, score)
ORDER BY score DESC;

-- remainder ties go to the better grade: n = 5 leaves one seat, excellent and
-- fail both have remainder 50 -> excellent; n = 3 leaves two seats after
-- medium: good and pass tie at 60 -> good gets one, pass the other
SELECT n, array_agg(g ORDER BY i) AS grades
FROM (SELECT n, i, perfeval.quota_grade('{10,20,40,20,10}') OVER (PARTITION BY n ORDER BY i) AS g
      FROM generate_series(3, 5) AS n, generate_series(1, n) AS i) AS t
GROUP BY n ORDER BY n;
-- '{50,0,0,0,50}' on 3 rows: remainders 50 and 50, the seat goes to excellent
SELECT i, perfeval.quota_grade('{50,0,0,0,50}') OVER (ORDER BY i) AS g
FROM generate_series(1, 3) AS i;
-- '{20,20,20,20,20}' on 4 rows: all remainders 80, the four better grades win
SELECT i, perfeval.quota_grade('{20,20,20,20,20}') OVER (ORDER BY i) AS g
FROM generate_series(1, 4) AS i;

-- ties never split: a tie group takes the grade of its best-placed member.
-- 10 rows, seats 1,2,4,2,1 (positions 1 | 2-3 | 4-7 | 8-9 | 10).
-- 98 and 98 span excellent/good -> both excellent; 80,80,80 at positions
-- 3-5 span good/medium -> all good; 60,60 at 9-10 span pass/fail -> pass.
SELECT agent, score, perfeval.quota_grade('{10,20,40,20,10}') OVER (ORDER BY score DESC) AS g,
       rank() OVER (ORDER BY score DESC) AS rank
FROM (VALUES ('a', 98), ('b', 98), ('c', 80), ('d', 80), ('e', 80),
             ('f', 75), ('g', 72), ('h', 65), ('i', 60), ('j', 60)) AS t(agent, score)
ORDER BY score DESC, agent;
-- a tie spanning several boundaries: 10 rows, positions 2..9 tied (good,
-- medium and pass seats) -> good for all 8; 1 excellent, 1 fail
SELECT count(*), g
FROM (SELECT perfeval.quota_grade('{10,20,40,20,10}') OVER (ORDER BY CASE i WHEN 1 THEN 1 WHEN 10 THEN 3 ELSE 2 END) AS g
      FROM generate_series(1, 10) AS i) AS t
GROUP BY g ORDER BY g DESC;
-- everyone tied: everyone gets the grade of the first seat
SELECT count(*), g
FROM (SELECT perfeval.quota_grade('{10,20,40,20,10}') OVER (ORDER BY 0 * i) AS g
      FROM generate_series(1, 10) AS i) AS t
GROUP BY g;
-- the same holds without ORDER BY (all rows are peers, as for rank())
SELECT count(*), g
FROM (SELECT perfeval.quota_grade('{10,20,40,20,10}') OVER () AS g
      FROM generate_series(1, 10) AS i) AS t
GROUP BY g;
-- ties on several ORDER BY keys: peers only when all keys are equal
SELECT score, tenure, perfeval.quota_grade('{10,20,40,20,10}') OVER (ORDER BY score DESC, tenure DESC) AS g
FROM (VALUES (90, 5), (90, 3), (90, 3), (70, 1), (60, 1)) AS t(score, tenure)
ORDER BY score DESC, tenure DESC;

-- several partitions: each team gets its own quotas
SELECT team, agent, score, perfeval.quota_grade('{10,20,40,20,10}') OVER w AS g
FROM (VALUES ('A', 'a1', 88), ('A', 'a2', 79), ('A', 'a3', 93),
             ('B', 'b1', 70), ('B', 'b2', 71),
             ('C', 'c1', 50)) AS t(team, agent, score)
WINDOW w AS (PARTITION BY team ORDER BY score DESC)
ORDER BY team, score DESC;

-- NULL scores: ORDER BY score DESC puts NULLs first (PostgreSQL's default),
-- so they take the best seats; use NULLS LAST to put them at the bottom.
-- 5 rows: seats 1,1,2,1,0 (excellent, good, medium, pass, fail)
SELECT agent, score,
       perfeval.quota_grade('{10,20,40,20,10}') OVER (ORDER BY score DESC) AS nulls_first,
       perfeval.quota_grade('{10,20,40,20,10}') OVER (ORDER BY score DESC NULLS LAST) AS nulls_last
FROM (VALUES ('a', 90), ('b', NULL), ('c', 80), ('d', NULL), ('e', 70)) AS t(agent, score)
ORDER BY agent;

-- percentages from a column are allowed when they are the same within a partition
SELECT team, i, perfeval.quota_grade(pct) OVER (PARTITION BY team ORDER BY i) AS g
FROM (VALUES ('x', '{0,0,100,0,0}'::int[]), ('y', '{100,0,0,0,0}'::int[])) AS t(team, pct),
     generate_series(1, 2) AS i
ORDER BY team, i;

-- the same input in another physical order gives the same grades (determinism, H-1.2.1)
SELECT bool_and(a.g = b.g) AS same
FROM (SELECT i, perfeval.quota_grade('{10,20,40,20,10}') OVER (ORDER BY i / 3) AS g
      FROM generate_series(1, 50) AS i) AS a
JOIN (SELECT i, perfeval.quota_grade('{10,20,40,20,10}') OVER (ORDER BY i / 3) AS g
      FROM (SELECT i FROM generate_series(1, 50) AS i ORDER BY md5(i::text)) AS s) AS b USING (i);

-- an empty input gives no rows
SELECT perfeval.quota_grade('{10,20,40,20,10}') OVER (ORDER BY i) FROM generate_series(1, 0) AS i;

-- errors (the SQLSTATEs are tested in test/pgtap/quota_grade.sql)
SELECT perfeval.quota_grade('{10,20,40,20,11}') OVER (ORDER BY i) FROM generate_series(1, 3) AS i;
SELECT perfeval.quota_grade('{10,20,70}') OVER (ORDER BY i) FROM generate_series(1, 3) AS i;
SELECT perfeval.quota_grade('{-10,40,40,20,10}') OVER (ORDER BY i) FROM generate_series(1, 3) AS i;
SELECT perfeval.quota_grade(NULL) OVER (ORDER BY i) FROM generate_series(1, 3) AS i;
SELECT perfeval.quota_grade('{10,20,NULL,20,10}') OVER (ORDER BY i) FROM generate_series(1, 3) AS i;
SELECT perfeval.quota_grade('{{10,20,40,20,10}}') OVER (ORDER BY i) FROM generate_series(1, 3) AS i;
SELECT perfeval.quota_grade(CASE WHEN i = 1 THEN '{10,20,40,20,10}' ELSE '{0,0,100,0,0}' END::int[]) OVER (ORDER BY i)
FROM generate_series(1, 3) AS i;
