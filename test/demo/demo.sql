-- perfeval demo: a contact centre of 2 departments, 8 teams and 120 agents
-- through all 12 months of 2025.  The sample is loaded into the real tables
-- (agent, measurement, layer_score, improvement_plan ...), every month is
-- evaluated under the default scheme and approved (H-3.2.3-7), the quarters
-- and the year are rolled up from their months, and the consequence, BI and
-- plan views print what HR would read (H-3.3, H-5, H-7).
-- Deterministic: setseed for the agents, md5-based draws for the rest
-- (independent of plans); run by test/demo.sh.
\pset footer off
CREATE EXTENSION IF NOT EXISTS perfeval;
SET search_path = perfeval, public;
SELECT setseed(0.2025) \g /dev/null
-- u(key): a uniform number in [0, 1) fixed by key (md5), so the sample does
-- not depend on the order in which a plan visits rows
CREATE FUNCTION pg_temp.u(key text) RETURNS float8 LANGUAGE sql IMMUTABLE
RETURN ('x' || substr(md5('demo-2025:' || key), 1, 8))::bit(32)::bigint / 4294967296.0;

-- ---------------------------------------------------------------------------
-- Organisation: 2 departments, 8 teams of 15 (H-9.1)
-- ---------------------------------------------------------------------------
INSERT INTO department (code, name, manager) VALUES
  ('PRE', '售前服务部 Pre-sales service',   '周岚 Zhou Lan'),
  ('AFT', '售后服务部 After-sales service', '郑浩 Zheng Hao');

CREATE TEMP TABLE demo_team (ord, dept, code, name, manager, effect) AS VALUES
  (1, 'PRE', 'AUR', '极光组 Aurora',     '林晓 Lin Xiao',     0.03),
  (2, 'PRE', 'BAM', '青竹组 Bamboo',     '何军 He Jun',       0.00),
  (3, 'PRE', 'COM', '彗星组 Comet',      '高雅 Gao Ya',      -0.02),
  (4, 'PRE', 'DOL', '海豚组 Dolphin',    '罗斌 Luo Bin',      0.01),
  (5, 'AFT', 'GWL', '长城组 Great Wall', '宋佳 Song Jia',    -0.01),
  (6, 'AFT', 'GIN', '银杏组 Ginkgo',     '唐磊 Tang Lei',     0.02),
  (7, 'AFT', 'FAL', '猎鹰组 Falcon',     '韩梅 Han Mei',     -0.03),
  (8, 'AFT', 'COR', '珊瑚组 Coral',      '冯涛 Feng Tao',     0.00);
INSERT INTO team (department_id, code, name, manager)
SELECT d.id, t.code, t.name, t.manager FROM demo_team t JOIN department d ON d.code = t.dept ORDER BY t.ord;

-- Each agent has a hidden skill (about 0.75 +- 0.08), a team effect, a
-- monthly trend and a strength per dimension; a few have a story:
-- CS017 and CS088 decline all year, CS023 starts an improvement plan after
-- June, CS045 joins in April, CS099 leaves at the end of September, CS061
-- is the star.
CREATE TEMP TABLE demo_agent AS
SELECT i, 'CS' || lpad(i::text, 3, '0') AS employee_no,
       (ARRAY['王','李','张','刘','陈','杨','赵','黄','周','吴','徐','孙','胡','朱','高','林','何','郭','马','罗'])[1 + (i * 7) % 20]
       || (ARRAY['芳','娜','伟','洋','静','磊','敏','丽','杰','婷','强','悦','欣','涛','颖','浩','琳','鹏','雪','晨'])[1 + (i * 13 + i / 20) % 20]
       AS name,
       1 + (i - 1) / 15 AS team_ord,
       CASE i WHEN 17 THEN 0.66 WHEN 88 THEN 0.64 WHEN 23 THEN 0.58 WHEN 61 THEN 0.95 WHEN 45 THEN 0.66
              ELSE 0.745 + 0.16 * (random() + random() + random() - 1.5) END AS base,
       CASE i WHEN 17 THEN -0.014 WHEN 88 THEN -0.013 WHEN 45 THEN 0.012 WHEN 61 THEN 0
              ELSE 0.012 * (random() - 0.5) END AS slope,
       ARRAY[0.06 * (random() - 0.5), 0.06 * (random() - 0.5), 0.06 * (random() - 0.5), 0.06 * (random() - 0.5)] AS strength
FROM generate_series(1, 120) AS i;

INSERT INTO agent (employee_no, name, team_id, hired_on, left_on, active)
SELECT a.employee_no, a.name, t.id,
       CASE a.i WHEN 45 THEN date '2025-04-01' ELSE date '2019-03-01' + (a.i * 37 % 1800) END,
       CASE a.i WHEN 99 THEN date '2025-09-30' END,
       a.i <> 99
FROM demo_agent a JOIN demo_team dt ON dt.ord = a.team_ord JOIN team t ON t.code = dt.code
ORDER BY a.i;

-- ---------------------------------------------------------------------------
-- Measurements (H-4.1 sources): each value placed between the scheme's
-- worst and best by the agent's skill that month, plus noise.  3% of the
-- values are missing and a quarter of the win-back rates too (no customer
-- at risk): not applicable, their weight drops out.  A rare complaint
-- spike above 5% fails the month (critical item, 一票否决).
-- ---------------------------------------------------------------------------
CREATE TEMP TABLE demo_month AS
SELECT m, make_date(2025, m, 1) AS starts_on, period_of('month', make_date(2025, m, 1)) AS period_id
FROM generate_series(1, 12) AS m;

CREATE TEMP TABLE demo_skill AS
SELECT a.i, a.employee_no, g.id AS agent_id, dm.m, dm.period_id,
       dt.effect + a.base + a.slope * (dm.m - 1)
       + CASE WHEN a.i = 23 AND dm.m > 6 THEN 0.03 * (dm.m - 6) ELSE 0 END
       + 0.05 * (pg_temp.u(a.i || '/' || dm.m) - 0.5) AS q,
       a.strength
FROM demo_agent a
JOIN demo_team dt ON dt.ord = a.team_ord
JOIN agent g ON g.employee_no = a.employee_no
JOIN demo_month dm ON dm.starts_on <= coalesce(g.left_on, 'infinity') AND dm.starts_on >= date_trunc('month', g.hired_on);

CREATE TEMP TABLE demo_value AS
SELECT s.employee_no, s.agent_id, s.m, s.period_id, i.id AS indicator_id, i.code, i.unit,
       CASE WHEN i.code = 'complaint_rate' AND pg_temp.u(s.i || '/' || s.m || '/spike') < 0.004 THEN 0.06
            ELSE greatest(coalesce(i.min_value, '-infinity'), least(coalesce(i.max_value, 'infinity'),
                 CASE WHEN si.breakpoints IS NOT NULL          -- csat 1-5: 3.0 + 2 x quality
                      THEN 3.0 + 2.0 * x.q
                      ELSE si.worst + (si.best - si.worst) * x.q END))
       END AS value,
       CASE WHEN i.code = 'survey_reply_rate' OR i.code = 'csat_score' THEN 'survey'
            WHEN i.code = 'winback_rate' THEN 'customer_review'
            WHEN i.code = 'product_knowledge' THEN 'third_party'
            WHEN i.unit = 'rating' THEN 'recording'
            ELSE 'system_log' END AS source
FROM demo_skill s
CROSS JOIN indicator i
JOIN scheme_item si ON si.scheme_version_id = 1 AND si.indicator_id = i.id
CROSS JOIN LATERAL (
    SELECT least(1.06, greatest(-0.05,
             s.q + s.strength[CASE i.dimension WHEN 'attitude' THEN 1 WHEN 'capability' THEN 2
                                               WHEN 'efficiency' THEN 3 ELSE 4 END]
             + 0.16 * (pg_temp.u(s.i || '/' || s.m || '/' || i.code) - 0.5))) AS q) AS x
WHERE (pg_temp.u(s.i || '/' || s.m || '/' || i.code || '/missing') >= 0.03
       AND NOT (i.code = 'winback_rate' AND pg_temp.u(s.i || '/' || s.m || '/no-risk') < 0.25))
   OR (s.i = 23 AND s.m = 6);      -- the improvement plan's baseline month is complete

-- January to November straight into the table (each row checked by its trigger) ...
INSERT INTO measurement (agent_id, period_id, indicator_id, value, source, collected_at)
SELECT v.agent_id, v.period_id, v.indicator_id,
       round(v.value::numeric, CASE v.unit WHEN 'rate' THEN 4 WHEN 'score' THEN 2 ELSE 1 END)::float8,
       v.source, make_date(2025, v.m, 1) + interval '1 month 2 days 9 hours'
FROM demo_value v WHERE v.m <= 11;

\echo
\echo '== December arrives as a bulk import with four bad rows (perfeval.import_measurements, H-4.3)'
SELECT * FROM import_measurements(
  (SELECT jsonb_agg(jsonb_build_object(
             'employee_no', v.employee_no, 'month', '2025-12', 'indicator', v.code,
             'value', round(v.value::numeric, CASE v.unit WHEN 'rate' THEN 4 WHEN 'score' THEN 2 ELSE 1 END),
             'source', v.source, 'collected_at', '2026-01-03T09:00:00+08') ORDER BY v.employee_no, v.code)
   FROM demo_value v WHERE v.m = 12)
  || '[{"employee_no": "CS005", "month": "2025-12", "indicator": "complaint_rate", "value": 1.3, "source": "system_log"},
       {"employee_no": "CS006", "month": "2025-12", "indicator": "avg_response_seconds", "value": -4, "source": "system_log"},
       {"employee_no": "CS999", "month": "2025-12", "indicator": "csat_score", "value": 4.5, "source": "survey"},
       {"employee_no": "CS007", "month": "2025-12", "indicator": "smile_rate", "value": 0.9, "source": "recording"}]'::jsonb,
  'demo-2025-12');
SELECT raw ->> 'employee_no' AS employee_no, raw ->> 'indicator' AS indicator, raw ->> 'value' AS value, reason
FROM measurement_quarantine ORDER BY id;

-- Self and department evaluations at each quarter's end (H-3.2.3): the
-- self layer runs a little high, the department layer close to the data.
INSERT INTO layer_score (agent_id, period_id, layer, score, evaluator)
SELECT s.agent_id, s.period_id, l.layer,
       round(greatest(0, least(100, 100 * s.q + l.bias + 6 * (pg_temp.u(s.i || '/' || s.m || '/' || l.layer) - 0.5)))::numeric, 1),
       CASE l.layer WHEN 'self' THEN s.employee_no ELSE 'team manager' END
FROM demo_skill s CROSS JOIN (VALUES ('self', 7.0), ('department', 1.0)) AS l(layer, bias)
WHERE s.m IN (3, 6, 9, 12);

\echo '== Data quality per month (perfeval.data_quality, H-4.3 monitoring)'
SELECT to_char(starts_on, 'YYYY-MM') AS month, max(agents) AS agents, sum(measured) AS measured,
       sum(missing) AS "missing n/a", sum(quarantined) AS quarantined, sum(outlying) AS outlying
FROM data_quality GROUP BY starts_on ORDER BY starts_on;

-- ---------------------------------------------------------------------------
-- Evaluate and approve every month, then roll up quarters and the year
-- (H-3.1, H-3.2.3-7)
-- ---------------------------------------------------------------------------
SELECT count(evaluate(period_id)) FROM (SELECT period_id FROM demo_month ORDER BY m) AS x \g /dev/null
SELECT count(approve(period_id)) FROM (SELECT period_id FROM demo_month ORDER BY m) AS x \g /dev/null
CREATE TEMP TABLE demo_rollup AS
SELECT kind, d, period_of(kind, d) AS period_id
FROM (VALUES ('quarter', date '2025-01-01'), ('quarter', '2025-04-01'), ('quarter', '2025-07-01'),
             ('quarter', '2025-10-01'), ('year', '2025-01-01')) AS v(kind, d);
SELECT count(evaluate(period_id)) FROM (SELECT period_id FROM demo_rollup ORDER BY kind, d) AS x \g /dev/null
SELECT count(approve(period_id)) FROM (SELECT period_id FROM demo_rollup ORDER BY kind, d) AS x \g /dev/null

\echo '== Periods evaluated and approved'
SELECT p.kind, count(*) AS periods, min(p.starts_on) AS first, max(p.ends_on) AS last,
       string_agg(DISTINCT p.state, ',') AS state, sum(n.results) AS results
FROM period p JOIN LATERAL (SELECT count(*) AS results FROM result r WHERE r.period_id = p.id AND r.is_current) n ON true
GROUP BY p.kind ORDER BY min(p.ends_on - p.starts_on);

-- ---------------------------------------------------------------------------
-- Grade tables (views for BI tools: perfeval.bi_result, bi_grade_distribution)
-- ---------------------------------------------------------------------------
\echo '== December 2025, per team: mean total and agents per grade (优秀 良好 中等 合格 不合格)'
SELECT department_code AS dept, team_name AS team, count(*) AS agents,
       round(avg(total), 2) AS "mean total", max(total) AS best, min(total) AS worst,
       count(*) FILTER (WHERE grade = 'excellent') AS "优秀", count(*) FILTER (WHERE grade = 'good') AS "良好",
       count(*) FILTER (WHERE grade = 'medium') AS "中等", count(*) FILTER (WHERE grade = 'pass') AS "合格",
       count(*) FILTER (WHERE grade = 'fail') AS "不合格"
FROM bi_result WHERE period_kind = 'month' AND period_start = '2025-12-01'
GROUP BY department_code, team_code, team_name ORDER BY department_code DESC, team_code;

\echo '== December 2025: the company''s top 5 and bottom 5'
(SELECT rank_company AS rank, employee_no, agent_name AS name, team_name AS team, attitude, capability,
        efficiency, satisfaction, total, grade_zh AS 等级, grade_en AS grade, critical_failed AS "一票否决"
 FROM bi_result WHERE period_kind = 'month' AND period_start = '2025-12-01' ORDER BY rank_company LIMIT 5)
UNION ALL
(SELECT rank_company, employee_no, agent_name, team_name, attitude, capability, efficiency, satisfaction,
        total, grade_zh, grade_en, critical_failed
 FROM bi_result WHERE period_kind = 'month' AND period_start = '2025-12-01' ORDER BY rank_company DESC LIMIT 5)
ORDER BY rank;

\echo '== December 2025, one agent from raw value to grade: CS061''s indicators normalised under the scheme (H-2; one with no data is not applicable and its weight drops out), weighted and blended (H-3.2.3), graded (H-5.1)'
SELECT i.handbook_id AS rule, i.name_zh AS 指标, i.name_en AS indicator, i.dimension,
       round(ri.raw_value::numeric, 4) AS raw, ri.score, ri.weight_bp AS "weight (bp)"
FROM perfeval.result_current AS r
JOIN perfeval.agent AS a ON a.id = r.agent_id
JOIN perfeval.period AS p ON p.id = r.period_id
JOIN perfeval.result_indicator AS ri ON ri.period_id = r.period_id AND ri.agent_id = r.agent_id AND ri.revision = r.revision
JOIN perfeval.indicator AS i ON i.id = ri.indicator_id
WHERE a.employee_no = 'CS061' AND p.kind = 'month' AND p.starts_on = '2025-12-01'
ORDER BY i.handbook_id;
SELECT r.attitude, r.capability, r.efficiency, r.satisfaction, r.measured_total AS measured,
       r.self_score AS self, r.department_score AS department, r.company_score AS company,
       r.total AS "total (blend 20/30/50)",
       perfeval.grade_label(r.grade) AS 等级, perfeval.grade_label(r.grade, 'en') AS grade
FROM perfeval.result_current AS r
JOIN perfeval.agent AS a ON a.id = r.agent_id
JOIN perfeval.period AS p ON p.id = r.period_id
WHERE a.employee_no = 'CS061' AND p.kind = 'month' AND p.starts_on = '2025-12-01';

\echo '== Q4 2025 (mean of October-December), per team'
SELECT department_code AS dept, team_name AS team, count(*) AS agents, round(avg(total), 2) AS "mean total",
       count(*) FILTER (WHERE grade = 'excellent') AS "优秀", count(*) FILTER (WHERE grade = 'good') AS "良好",
       count(*) FILTER (WHERE grade = 'medium') AS "中等", count(*) FILTER (WHERE grade = 'pass') AS "合格",
       count(*) FILTER (WHERE grade = 'fail') AS "不合格",
       (array_agg(agent_name || ' ' || total ORDER BY rank_team))[1] AS "team's best"
FROM bi_result WHERE period_kind = 'quarter' AND period_start = '2025-10-01'
GROUP BY department_code, team_code, team_name ORDER BY department_code DESC, team_code;

\echo '== Year 2025: top 10 of the company (ranks and percentiles)'
SELECT rank_company AS rank, employee_no, agent_name AS name, department_code AS dept, team_name AS team,
       months_rolled AS months, total, grade_zh AS 等级, grade_en AS grade,
       rank_department AS "rank in dept", rank_team AS "rank in team", percentile_company AS percentile
FROM bi_result WHERE period_kind = 'year' ORDER BY rank_company LIMIT 10;

\echo '== Grade distribution: months of 2025, the four quarters and the year (share of graded agents, %)'
SELECT period_kind AS kind, min(period_start) AS "from", count(DISTINCT period_start) AS periods,
       round(100.0 * sum(agents) FILTER (WHERE grade = 'excellent') / sum(agents), 1) AS "优秀 %",
       round(100.0 * sum(agents) FILTER (WHERE grade = 'good') / sum(agents), 1) AS "良好 %",
       round(100.0 * sum(agents) FILTER (WHERE grade = 'medium') / sum(agents), 1) AS "中等 %",
       round(100.0 * sum(agents) FILTER (WHERE grade = 'pass') / sum(agents), 1) AS "合格 %",
       round(100.0 * sum(agents) FILTER (WHERE grade = 'fail') / sum(agents), 1) AS "不合格 %"
FROM bi_grade_distribution GROUP BY period_kind ORDER BY min(CASE period_kind WHEN 'month' THEN 1 WHEN 'quarter' THEN 2 ELSE 3 END);

\echo '== Year 2025: grade distribution per team'
SELECT team_name AS team, string_agg(grade_zh || ' ' || agents, '  ' ORDER BY grade DESC) AS "agents per grade"
FROM bi_grade_distribution WHERE period_kind = 'year'
GROUP BY department_code, team_code, team_name ORDER BY department_code DESC, team_code;

-- ---------------------------------------------------------------------------
-- Consequences (H-3.3)
-- ---------------------------------------------------------------------------
\echo '== Bottom elimination (末位淘汰) candidates, H-3.3.5: fail 3 months or 2 quarters running, or a failed year'
SELECT kind, employee_no, agent_name AS name, t.name AS team, threshold || ' x ' || periods AS rule,
       streak, last_starts_on AS "last period", last_grade_zh AS 等级, last_total AS total, final
FROM bottom_elimination b JOIN team t ON t.id = b.team_id ORDER BY kind, employee_no;

\echo '== Promotion candidates, H-3.3.3 (excellent 3 months running, 2 quarters running, or the year)'
SELECT kind, employee_no, agent_name AS name, t.name AS team, streak, last_total AS total, last_grade_zh AS 等级
FROM promotion_candidates p JOIN team t ON t.id = p.team_id ORDER BY kind, last_total DESC, employee_no;

\echo '== Care list (pass or fail in the latest period), H-3.3.4: agents per kind'
SELECT kind, count(*) AS agents, count(*) FILTER (WHERE last_grade = 'fail') AS "of them 不合格",
       string_agg(employee_no, ' ' ORDER BY employee_no) FILTER (WHERE last_grade = 'fail') AS failed
FROM care_list GROUP BY kind ORDER BY min(periods) DESC, kind;

\echo '== Training needs, December 2025 (weakest dimension and indicators), H-3.3.2: the 8 lowest totals'
SELECT employee_no, agent_name AS name, total, weakest_dimension AS "weakest dimension",
       weakest_dimension_score AS score, array_to_string(weakest_indicators_zh, '、') AS "weakest indicators"
FROM training_needs WHERE kind = 'month' AND starts_on = '2025-12-01' AND training_suggested
ORDER BY total, employee_no LIMIT 8;

\echo '== Bonus eligibility, year 2025 (the default bonus_rule coefficients per grade; the bonus pool at the end uses the same), H-3.3.1'
SELECT grade, grade_zh AS 等级, eligible, coefficient, count(*) AS agents
FROM bonus_eligibility WHERE kind = 'year' GROUP BY grade, grade_zh, eligible, coefficient ORDER BY grade DESC;

-- ---------------------------------------------------------------------------
-- An improvement plan (H-7) for CS023, a weak June
-- ---------------------------------------------------------------------------
INSERT INTO improvement_plan (agent_id, baseline_period_id, title, assessment, owner, due_on)
SELECT a.id, dm.period_id, '提升满意度与响应速度 Raise satisfaction and response speed',
       'June: slow first responses and low satisfaction scores; recordings show long holds',
       '林晓 Lin Xiao', date '2025-12-31'
FROM agent a, demo_month dm WHERE a.employee_no = 'CS023' AND dm.m = 6;
INSERT INTO improvement_target (plan_id, indicator_id, target_value)
SELECT p.id, i.id, t.target
FROM improvement_plan p
CROSS JOIN (VALUES ('csat_score', 4.3), ('avg_response_seconds', 30), ('complaint_rate', 0.008)) AS t(code, target)
JOIN indicator i ON i.code = t.code;
INSERT INTO improvement_measure (plan_id, kind, description, owner, due_on, done_on, effective)
SELECT p.id, m.kind, m.description, m.owner, m.due_on, m.done_on, m.effective
FROM improvement_plan p CROSS JOIN (VALUES
  ('training', '产品知识与沟通技巧培训 product and communication training, 2 x 3 h', 'QA 质检', date '2025-07-15', date '2025-07-12', true),
  ('tools', '快捷回复模板 quick-reply templates in the chat tool', 'IT', date '2025-08-01', date '2025-08-05', true),
  ('process_change', '复杂工单直接升级 escalate complex tickets at once', '林晓 Lin Xiao', date '2025-09-01', NULL, NULL)
) AS m(kind, description, owner, due_on, done_on, effective);

\echo '== Improvement plan of CS023: baseline June vs. later months (perfeval.improvement_progress), H-7.3'
SELECT indicator, indicator_zh AS 指标, to_char(starts_on, 'YYYY-MM') AS month, baseline_value AS baseline,
       target_value AS target, round(value::numeric, 4) AS value, improved, target_met AS "target met"
FROM improvement_progress ORDER BY indicator, starts_on;

-- ---------------------------------------------------------------------------
-- Rewards, a bonus pool, penalties and appeals on this sample (H-3.3.1, H-6, H-8)
-- ---------------------------------------------------------------------------
\ir demo_appeals.sql

-- ---------------------------------------------------------------------------
-- Interviews, the period report and its HTML (issue 14, perfeval 1.1): only
-- where the installed version has them (the upgrade test loads this demo on
-- the oldest release)
-- ---------------------------------------------------------------------------
SELECT to_regprocedure('perfeval.report_compile(integer,integer,text,name)') IS NOT NULL AS demo_has_report \gset
\if :demo_has_report
\ir demo_report.sql
\endif
