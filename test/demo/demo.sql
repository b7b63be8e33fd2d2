-- perfeval demo: a sample contact centre of 3 teams and 36 agents, one month
-- of the 16 handbook indicators (H-2), normalised (H-2), rolled up per
-- dimension and in total (H-3.2.3) and graded (H-5.1).
\pset footer off
CREATE EXTENSION perfeval;
SET search_path = perfeval, public;
SELECT setseed(0.2025) \g /dev/null

-- The 16 indicators of H-2 with the demo's weights (basis points, 10,000 in
-- all) and normalisation ranges: worst maps to 0, best to 100.
CREATE TEMP TABLE demo_indicator (code, dimension, name_zh, name_en, worst, best, weight) AS VALUES
  ('H-2.1.1', 'attitude',     '礼貌用语使用率',   'polite-phrase rate',        0.80, 1.00,  600),
  ('H-2.1.2', 'attitude',     '主动服务意识',     'proactive service',         50,   100,   600),
  ('H-2.1.3', 'attitude',     '情绪管理能力',     'emotion management',        50,   100,   700),
  ('H-2.1.4', 'attitude',     '语言表达能力',     'clarity of expression',     50,   100,   600),
  ('H-2.2.1', 'capability',   '产品知识掌握程度', 'product knowledge',         50,   100,   700),
  ('H-2.2.2', 'capability',   '业务操作熟练度',   'operational proficiency',   50,   100,   600),
  ('H-2.2.3', 'capability',   '问题解决能力',     'problem solving',           0.60, 0.95,  800),
  ('H-2.2.4', 'capability',   '团队协作能力',     'teamwork',                  50,   100,   400),
  ('H-2.3.1', 'efficiency',   '平均响应时间',     'response time (s)',         60,   10,    800),
  ('H-2.3.2', 'efficiency',   '客户满意度回复率', 'survey reply rate',         0.10, 0.60,  500),
  ('H-2.3.3', 'efficiency',   '业务处理速度',     'handling time (min)',       20,   5,     700),
  ('H-2.3.4', 'efficiency',   '信息录入准确率',   'data-entry accuracy',       0.90, 1.00,  500),
  ('H-2.4.1', 'satisfaction', '客户满意度评分',   'satisfaction score (1-5)',  3.0,  5.0,   1000),
  ('H-2.4.2', 'satisfaction', '客户投诉率',       'complaint rate',            0.05, 0.00,  700),
  ('H-2.4.3', 'satisfaction', '客户重复咨询率',   'repeat-contact rate',       0.30, 0.05,  500),
  ('H-2.4.4', 'satisfaction', '客户挽回率',       'win-back rate',             0.00, 0.50,  300);

-- 36 agents in 3 teams; each has a hidden skill that drives their month.
CREATE TEMP TABLE demo_agent AS
SELECT 'CS' || lpad(i::text, 3, '0') AS employee_no,
       (ARRAY['Aurora 极光', 'Bamboo 青竹', 'Comet 彗星'])[1 + (i - 1) / 12] AS team,
       (ARRAY['王芳','李娜','张伟','刘洋','陈静','杨磊','赵敏','黄丽','周杰','吴婷','徐强','孙悦'])[1 + (i - 1) % 12]
         || (1 + (i - 1) / 12) AS name,
       least(1.0, greatest(0.0, 0.76 + 0.2 * (random() + random() + random() - 1.5))) AS skill
FROM generate_series(1, 36) AS i;

-- One month of raw measurements: a value between worst and best placed by
-- skill plus noise; 5% are missing (not applicable: the weight drops out).
CREATE TEMP TABLE demo_measure AS
SELECT a.employee_no, i.code,
       CASE WHEN random() < 0.05 THEN NULL
            ELSE round((i.worst + (i.best - i.worst)
                        * least(1.08, greatest(-0.05, a.skill + 0.15 * (random() - 0.5))))::numeric, 4)::float8
       END AS raw
FROM demo_agent a CROSS JOIN demo_indicator i;

\echo
\echo '== One agent''s indicators, normalised to 0-100 (perfeval.normalize)'
SELECT i.code, i.name_zh, i.name_en, m.raw,
       round(perfeval.normalize(m.raw, i.worst, i.best)::numeric, 1) AS score, i.weight
FROM demo_measure m JOIN demo_indicator i USING (code)
WHERE m.employee_no = 'CS001'
ORDER BY i.code;

\echo '== Every agent: dimension subtotals, weighted total and grade (perfeval.weighted_score, grade_of)'
WITH scored AS (
  SELECT m.employee_no, i.dimension, i.weight, perfeval.normalize(m.raw, i.worst, i.best) AS score
  FROM demo_measure m JOIN demo_indicator i USING (code)
), per_agent AS (
  SELECT employee_no,
         weighted_score(score, weight) FILTER (WHERE dimension = 'attitude')     AS attitude,
         weighted_score(score, weight) FILTER (WHERE dimension = 'capability')   AS capability,
         weighted_score(score, weight) FILTER (WHERE dimension = 'efficiency')   AS efficiency,
         weighted_score(score, weight) FILTER (WHERE dimension = 'satisfaction') AS satisfaction,
         weighted_score(score, weight) AS total,
         count(*) FILTER (WHERE score IS NULL) AS missing
  FROM scored GROUP BY employee_no
)
SELECT a.team, p.employee_no, a.name,
       round(p.attitude::numeric, 1) AS attitude, round(p.capability::numeric, 1) AS capability,
       round(p.efficiency::numeric, 1) AS efficiency, round(p.satisfaction::numeric, 1) AS satisfaction,
       round(p.total::numeric, 2) AS total,
       grade_label(grade_of(p.total)) AS 等级, grade_label(grade_of(p.total), 'en') AS grade,
       p.missing AS "n/a"
FROM per_agent p JOIN demo_agent a USING (employee_no)
ORDER BY a.team, p.total DESC, p.employee_no;

\echo '== Grade distribution per team'
WITH totals AS (
  SELECT a.team, grade_of(weighted_score(perfeval.normalize(m.raw, i.worst, i.best), i.weight)) AS g
  FROM demo_measure m JOIN demo_indicator i USING (code) JOIN demo_agent a USING (employee_no)
  GROUP BY a.team, m.employee_no
)
SELECT team,
       count(*) FILTER (WHERE g = 'excellent') AS "优秀 excellent",
       count(*) FILTER (WHERE g = 'good')      AS "良好 good",
       count(*) FILTER (WHERE g = 'medium')    AS "中等 medium",
       count(*) FILTER (WHERE g = 'pass')      AS "合格 pass",
       count(*) FILTER (WHERE g = 'fail')      AS "不合格 fail"
FROM totals GROUP BY team ORDER BY team;
