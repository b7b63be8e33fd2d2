/* src/sql/76_bi_views.sql — BI views of 1.1: period keys, grade distributions, trends, scorecards, coverage (H-3.2.6, H-4.3 (5)) */

-- A BI tool joins and filters on one period key and shows one label; the
-- grade counts of departments and the company re-aggregate (counts, not
-- shares); the trend compares a result with the agent's result of the
-- previous period of the same kind; the scorecard is the indicator detail
-- with names, dimension and weight; agents without data are shown as such
-- (bi_coverage) instead of as empty result rows.  Every view runs with its
-- reader's rights (security_invoker): each role sees the rows its policies
-- allow, the counts are over those rows.

-- period_key and period_label are in 73_period_keys.sql (the 1.0 views
-- carry them too).

-- previous_period_start(kind, starts_on): the first day of the previous
-- period of the same kind.
CREATE FUNCTION @extschema@.previous_period_start(kind text, starts_on date)
RETURNS date
LANGUAGE sql
IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT (starts_on OPERATOR(pg_catalog.-) CASE kind WHEN 'month' THEN interval '1 month' WHEN 'quarter' THEN interval '3 months'
                                                       WHEN 'year' THEN interval '1 year' END)::date;
END;
COMMENT ON FUNCTION @extschema@.previous_period_start(text, date) IS
'the first day of the previous period of the same kind (a month, 3 months or a year earlier); NULL for another kind';

-- bi_period: every period with its key, labels and the previous period of
-- the same kind (the trend's baseline).
CREATE VIEW @extschema@.bi_period WITH (security_invoker = true) AS
SELECT p.id AS period_id, p.kind AS period_kind, @extschema@.period_key(p.kind, p.starts_on) AS period_key,
       @extschema@.period_label(p.kind, p.starts_on, 'zh') AS label_zh,
       @extschema@.period_label(p.kind, p.starts_on, 'en') AS label_en,
       p.starts_on, p.ends_on, p.state, q.id AS previous_period_id,
       @extschema@.period_label(p.kind, p.starts_on, 'zh') AS period_label,
       @extschema@.period_label(p.kind, p.starts_on, 'en') AS period_label_en
FROM @extschema@.period AS p
LEFT JOIN @extschema@.period AS q ON q.kind OPERATOR(pg_catalog.=) p.kind
      AND q.starts_on OPERATOR(pg_catalog.=) @extschema@.previous_period_start(p.kind, p.starts_on);
COMMENT ON VIEW @extschema@.bi_period IS
'every period with its BI key (2025-03, 2025-Q1, 2025), Chinese and English label and the previous period of the same kind (H-3.1)';
COMMENT ON COLUMN @extschema@.bi_period.period_id IS 'the period (period.id)';
COMMENT ON COLUMN @extschema@.bi_period.period_kind IS 'month, quarter or year';
COMMENT ON COLUMN @extschema@.bi_period.period_key IS 'period_key: 2025-03, 2025-Q1 or 2025; unique with the kind, sorts in time within a kind';
COMMENT ON COLUMN @extschema@.bi_period.label_zh IS 'the Chinese label: 2025年3月, 2025年第1季度, 2025年';
COMMENT ON COLUMN @extschema@.bi_period.label_en IS 'the English label: Mar 2025, Q1 2025, 2025';
COMMENT ON COLUMN @extschema@.bi_period.starts_on IS 'the first day of the period';
COMMENT ON COLUMN @extschema@.bi_period.ends_on IS 'the last day of the period';
COMMENT ON COLUMN @extschema@.bi_period.state IS 'open, closed or approved (H-3.2.7)';
COMMENT ON COLUMN @extschema@.bi_period.previous_period_id IS 'the previous period of the same kind, NULL when it does not exist';
COMMENT ON COLUMN @extschema@.bi_period.period_label IS 'the Chinese label again (= label_zh), under the name every period-based view uses';
COMMENT ON COLUMN @extschema@.bi_period.period_label_en IS 'the English label again (= label_en), under the name every period-based view uses';

-- bi_grades_department: graded agents per period, department and grade
-- (all five, zero included), as counts that re-aggregate.
CREATE VIEW @extschema@.bi_grades_department WITH (security_invoker = true) AS
WITH g AS (
    SELECT x.grade FROM pg_catalog.unnest(pg_catalog.enum_range(NULL::@extschema@.grade)) AS x(grade)),
depts AS (
    SELECT r.period_id, r.department_id, pg_catalog.count(r.grade) AS graded, pg_catalog.count(*) AS results
    FROM @extschema@.result AS r WHERE r.is_current
    GROUP BY r.period_id, r.department_id),
counts AS (
    SELECT r.period_id, r.department_id, r.grade, pg_catalog.count(*) AS agents
    FROM @extschema@.result AS r WHERE r.is_current AND r.grade IS NOT NULL
    GROUP BY r.period_id, r.department_id, r.grade)
SELECT dp.period_id, p.kind AS period_kind, @extschema@.period_key(p.kind, p.starts_on) AS period_key,
       dp.department_id, d.code AS department_code, d.name AS department_name,
       g.grade, @extschema@.grade_label(g.grade, 'zh') AS grade_zh, @extschema@.grade_label(g.grade, 'en') AS grade_en,
       coalesce(c.agents, 0) AS agents, dp.graded, dp.results,
       CASE WHEN dp.graded OPERATOR(pg_catalog.>) 0
            THEN pg_catalog.round((100.0 OPERATOR(pg_catalog.*) coalesce(c.agents, 0)) OPERATOR(pg_catalog./) dp.graded, 2) END AS share_pct,
       @extschema@.period_label(p.kind, p.starts_on, 'zh') AS period_label,
       @extschema@.period_label(p.kind, p.starts_on, 'en') AS period_label_en
FROM depts AS dp
CROSS JOIN g
JOIN @extschema@.period AS p ON p.id OPERATOR(pg_catalog.=) dp.period_id
JOIN @extschema@.department AS d ON d.id OPERATOR(pg_catalog.=) dp.department_id
LEFT JOIN counts AS c ON c.period_id OPERATOR(pg_catalog.=) dp.period_id AND c.department_id OPERATOR(pg_catalog.=) dp.department_id
                     AND c.grade OPERATOR(pg_catalog.=) g.grade;
COMMENT ON VIEW @extschema@.bi_grades_department IS
'per period, department and grade (all five, zero included): the visible current results with that grade; agents and graded are counts, so they re-aggregate (sum over departments = bi_grades_company), H-3.2.6, H-5.1';
COMMENT ON COLUMN @extschema@.bi_grades_department.period_id IS 'the period (period.id)';
COMMENT ON COLUMN @extschema@.bi_grades_department.period_kind IS 'month, quarter or year';
COMMENT ON COLUMN @extschema@.bi_grades_department.period_key IS 'period_key: 2025-03, 2025-Q1 or 2025';
COMMENT ON COLUMN @extschema@.bi_grades_department.department_id IS 'the department of the results (at evaluation)';
COMMENT ON COLUMN @extschema@.bi_grades_department.department_code IS 'the department''s code';
COMMENT ON COLUMN @extschema@.bi_grades_department.department_name IS 'the department''s name';
COMMENT ON COLUMN @extschema@.bi_grades_department.grade IS 'the grade (every one of the five, H-5.1)';
COMMENT ON COLUMN @extschema@.bi_grades_department.grade_zh IS 'the grade''s Chinese label';
COMMENT ON COLUMN @extschema@.bi_grades_department.grade_en IS 'the grade''s English label';
COMMENT ON COLUMN @extschema@.bi_grades_department.agents IS 'visible current results of the department with this grade (0 included)';
COMMENT ON COLUMN @extschema@.bi_grades_department.graded IS 'visible current results of the department with a grade';
COMMENT ON COLUMN @extschema@.bi_grades_department.results IS 'visible current results of the department, graded or not (the difference: agents without data)';
COMMENT ON COLUMN @extschema@.bi_grades_department.share_pct IS 'agents / graded in percent, 2 decimals; NULL when none is graded (for display: re-aggregate the counts, not this)';
COMMENT ON COLUMN @extschema@.bi_grades_department.period_label IS 'its Chinese label (period_label): 2025年3月, 2025年第1季度, 2025年';
COMMENT ON COLUMN @extschema@.bi_grades_department.period_label_en IS 'its English label: Mar 2025, Q1 2025, 2025';

-- bi_grades_company: graded agents per period and grade over the company.
CREATE VIEW @extschema@.bi_grades_company WITH (security_invoker = true) AS
WITH g AS (
    SELECT x.grade FROM pg_catalog.unnest(pg_catalog.enum_range(NULL::@extschema@.grade)) AS x(grade)),
per AS (
    SELECT r.period_id, pg_catalog.count(r.grade) AS graded, pg_catalog.count(*) AS results
    FROM @extschema@.result AS r WHERE r.is_current
    GROUP BY r.period_id),
counts AS (
    SELECT r.period_id, r.grade, pg_catalog.count(*) AS agents
    FROM @extschema@.result AS r WHERE r.is_current AND r.grade IS NOT NULL
    GROUP BY r.period_id, r.grade)
SELECT pr.period_id, p.kind AS period_kind, @extschema@.period_key(p.kind, p.starts_on) AS period_key,
       g.grade, @extschema@.grade_label(g.grade, 'zh') AS grade_zh, @extschema@.grade_label(g.grade, 'en') AS grade_en,
       coalesce(c.agents, 0) AS agents, pr.graded, pr.results,
       CASE WHEN pr.graded OPERATOR(pg_catalog.>) 0
            THEN pg_catalog.round((100.0 OPERATOR(pg_catalog.*) coalesce(c.agents, 0)) OPERATOR(pg_catalog./) pr.graded, 2) END AS share_pct,
       @extschema@.period_label(p.kind, p.starts_on, 'zh') AS period_label,
       @extschema@.period_label(p.kind, p.starts_on, 'en') AS period_label_en
FROM per AS pr
CROSS JOIN g
JOIN @extschema@.period AS p ON p.id OPERATOR(pg_catalog.=) pr.period_id
LEFT JOIN counts AS c ON c.period_id OPERATOR(pg_catalog.=) pr.period_id AND c.grade OPERATOR(pg_catalog.=) g.grade;
COMMENT ON VIEW @extschema@.bi_grades_company IS
'per period and grade (all five, zero included): the visible current results of the company with that grade, as counts (H-3.2.6, H-5.1)';
COMMENT ON COLUMN @extschema@.bi_grades_company.period_id IS 'the period (period.id)';
COMMENT ON COLUMN @extschema@.bi_grades_company.period_kind IS 'month, quarter or year';
COMMENT ON COLUMN @extschema@.bi_grades_company.period_key IS 'period_key: 2025-03, 2025-Q1 or 2025';
COMMENT ON COLUMN @extschema@.bi_grades_company.grade IS 'the grade (every one of the five, H-5.1)';
COMMENT ON COLUMN @extschema@.bi_grades_company.grade_zh IS 'the grade''s Chinese label';
COMMENT ON COLUMN @extschema@.bi_grades_company.grade_en IS 'the grade''s English label';
COMMENT ON COLUMN @extschema@.bi_grades_company.agents IS 'visible current results with this grade (0 included)';
COMMENT ON COLUMN @extschema@.bi_grades_company.graded IS 'visible current results with a grade';
COMMENT ON COLUMN @extschema@.bi_grades_company.results IS 'visible current results, graded or not';
COMMENT ON COLUMN @extschema@.bi_grades_company.share_pct IS 'agents / graded in percent, 2 decimals; NULL when none is graded';
COMMENT ON COLUMN @extschema@.bi_grades_company.period_label IS 'its Chinese label (period_label): 2025年3月, 2025年第1季度, 2025年';
COMMENT ON COLUMN @extschema@.bi_grades_company.period_label_en IS 'its English label: Mar 2025, Q1 2025, 2025';

-- bi_trend: each current result against the same agent's current result
-- of the previous period of the same kind: change of total and of each
-- rank (positive = moved up).
CREATE VIEW @extschema@.bi_trend WITH (security_invoker = true) AS
SELECT r.period_id, p.kind AS period_kind, @extschema@.period_key(p.kind, p.starts_on) AS period_key,
       q.id AS previous_period_id, @extschema@.period_key(q.kind, q.starts_on) AS previous_period_key,
       r.agent_id, a.employee_no, a.name AS agent_name, r.team_id, r.department_id,
       r.total, o.total AS previous_total, r.total OPERATOR(pg_catalog.-) o.total AS total_change,
       r.grade, o.grade AS previous_grade,
       r.rank_team, o.rank_team AS previous_rank_team, o.rank_team OPERATOR(pg_catalog.-) r.rank_team AS rank_team_change,
       r.rank_department, o.rank_department AS previous_rank_department,
       o.rank_department OPERATOR(pg_catalog.-) r.rank_department AS rank_department_change,
       r.rank_company, o.rank_company AS previous_rank_company, o.rank_company OPERATOR(pg_catalog.-) r.rank_company AS rank_company_change,
       @extschema@.period_label(p.kind, p.starts_on, 'zh') AS period_label,
       @extschema@.period_label(p.kind, p.starts_on, 'en') AS period_label_en
FROM @extschema@.result AS r
JOIN @extschema@.period AS p ON p.id OPERATOR(pg_catalog.=) r.period_id
JOIN @extschema@.agent AS a ON a.id OPERATOR(pg_catalog.=) r.agent_id
LEFT JOIN @extschema@.period AS q ON q.kind OPERATOR(pg_catalog.=) p.kind
      AND q.starts_on OPERATOR(pg_catalog.=) @extschema@.previous_period_start(p.kind, p.starts_on)
LEFT JOIN @extschema@.result AS o ON o.period_id OPERATOR(pg_catalog.=) q.id AND o.agent_id OPERATOR(pg_catalog.=) r.agent_id AND o.is_current
WHERE r.is_current;
COMMENT ON VIEW @extschema@.bi_trend IS
'one row per current result: its total, grade and ranks against the same agent''s current result of the previous period of the same kind (the change of total, and of each rank: positive = moved up), H-3.2.6, H-4.3 (4)';
COMMENT ON COLUMN @extschema@.bi_trend.period_id IS 'the period (period.id)';
COMMENT ON COLUMN @extschema@.bi_trend.period_kind IS 'month, quarter or year';
COMMENT ON COLUMN @extschema@.bi_trend.period_key IS 'period_key: 2025-03, 2025-Q1 or 2025';
COMMENT ON COLUMN @extschema@.bi_trend.previous_period_id IS 'the previous period of the same kind, NULL when it does not exist';
COMMENT ON COLUMN @extschema@.bi_trend.previous_period_key IS 'its key';
COMMENT ON COLUMN @extschema@.bi_trend.agent_id IS 'the agent (agent.id)';
COMMENT ON COLUMN @extschema@.bi_trend.employee_no IS 'the employee number';
COMMENT ON COLUMN @extschema@.bi_trend.agent_name IS 'the agent''s name';
COMMENT ON COLUMN @extschema@.bi_trend.team_id IS 'the agent''s team when evaluated in this period';
COMMENT ON COLUMN @extschema@.bi_trend.department_id IS 'the team''s department when evaluated in this period';
COMMENT ON COLUMN @extschema@.bi_trend.total IS 'the total of this period (NULL without data)';
COMMENT ON COLUMN @extschema@.bi_trend.previous_total IS 'the total of the previous period, NULL without a result or data there';
COMMENT ON COLUMN @extschema@.bi_trend.total_change IS 'total - previous_total (points; NULL when either is NULL)';
COMMENT ON COLUMN @extschema@.bi_trend.grade IS 'the grade of this period';
COMMENT ON COLUMN @extschema@.bi_trend.previous_grade IS 'the grade of the previous period';
COMMENT ON COLUMN @extschema@.bi_trend.rank_team IS 'the rank in the team this period';
COMMENT ON COLUMN @extschema@.bi_trend.previous_rank_team IS 'the rank in the team (then) in the previous period';
COMMENT ON COLUMN @extschema@.bi_trend.rank_team_change IS 'previous_rank_team - rank_team: positive = moved up';
COMMENT ON COLUMN @extschema@.bi_trend.rank_department IS 'the rank in the department this period';
COMMENT ON COLUMN @extschema@.bi_trend.previous_rank_department IS 'the rank in the department in the previous period';
COMMENT ON COLUMN @extschema@.bi_trend.rank_department_change IS 'previous_rank_department - rank_department: positive = moved up';
COMMENT ON COLUMN @extschema@.bi_trend.rank_company IS 'the rank in the company this period';
COMMENT ON COLUMN @extschema@.bi_trend.previous_rank_company IS 'the rank in the company in the previous period';
COMMENT ON COLUMN @extschema@.bi_trend.rank_company_change IS 'previous_rank_company - rank_company: positive = moved up';
COMMENT ON COLUMN @extschema@.bi_trend.period_label IS 'its Chinese label (period_label): 2025年3月, 2025年第1季度, 2025年';
COMMENT ON COLUMN @extschema@.bi_trend.period_label_en IS 'its English label: Mar 2025, Q1 2025, 2025';

-- bi_scorecard: one row per current result and indicator of its scheme,
-- read through the result_indicator relation's columns only.
CREATE VIEW @extschema@.bi_scorecard WITH (security_invoker = true) AS
SELECT r.period_id, p.kind AS period_kind, @extschema@.period_key(p.kind, p.starts_on) AS period_key,
       r.agent_id, a.employee_no, a.name AS agent_name, r.team_id, r.department_id,
       ri.indicator_id, i.code AS indicator_code, i.handbook_id, i.name_zh AS indicator_zh, i.name_en AS indicator_en,
       i.dimension, i.unit, ri.weight_bp,
       pg_catalog.round(ri.weight_bp::numeric OPERATOR(pg_catalog./) 100, 2) AS weight_pct,
       ri.raw_value, ri.score, ri.score IS NULL AS not_applicable, ri.critical_failed,
       r.total, r.grade,
       @extschema@.period_label(p.kind, p.starts_on, 'zh') AS period_label,
       @extschema@.period_label(p.kind, p.starts_on, 'en') AS period_label_en
FROM @extschema@.result AS r
JOIN @extschema@.period AS p ON p.id OPERATOR(pg_catalog.=) r.period_id
JOIN @extschema@.agent AS a ON a.id OPERATOR(pg_catalog.=) r.agent_id
JOIN @extschema@.result_indicator AS ri ON ri.period_id OPERATOR(pg_catalog.=) r.period_id
     AND ri.agent_id OPERATOR(pg_catalog.=) r.agent_id AND ri.revision OPERATOR(pg_catalog.=) r.revision
JOIN @extschema@.indicator AS i ON i.id OPERATOR(pg_catalog.=) ri.indicator_id
WHERE r.is_current;
COMMENT ON VIEW @extschema@.bi_scorecard IS
'one row per current result and indicator: the indicator''s code, handbook rule, Chinese and English name, dimension and unit, its weight, the raw value and the 0-100 score (NULL = not applicable, the weight drops out), H-2, H-3.2.3';
COMMENT ON COLUMN @extschema@.bi_scorecard.period_id IS 'the period (period.id)';
COMMENT ON COLUMN @extschema@.bi_scorecard.period_kind IS 'month, quarter or year';
COMMENT ON COLUMN @extschema@.bi_scorecard.period_key IS 'period_key: 2025-03, 2025-Q1 or 2025';
COMMENT ON COLUMN @extschema@.bi_scorecard.agent_id IS 'the agent (agent.id)';
COMMENT ON COLUMN @extschema@.bi_scorecard.employee_no IS 'the employee number';
COMMENT ON COLUMN @extschema@.bi_scorecard.agent_name IS 'the agent''s name';
COMMENT ON COLUMN @extschema@.bi_scorecard.team_id IS 'the agent''s team when evaluated';
COMMENT ON COLUMN @extschema@.bi_scorecard.department_id IS 'the team''s department when evaluated';
COMMENT ON COLUMN @extschema@.bi_scorecard.indicator_id IS 'the indicator (indicator.id)';
COMMENT ON COLUMN @extschema@.bi_scorecard.indicator_code IS 'the indicator''s code (indicator.code)';
COMMENT ON COLUMN @extschema@.bi_scorecard.handbook_id IS 'the handbook rule that defines the indicator (H-2.x.y)';
COMMENT ON COLUMN @extschema@.bi_scorecard.indicator_zh IS 'the indicator''s Chinese name';
COMMENT ON COLUMN @extschema@.bi_scorecard.indicator_en IS 'the indicator''s English name';
COMMENT ON COLUMN @extschema@.bi_scorecard.dimension IS 'attitude, capability, efficiency or satisfaction (H-2.1-H-2.4)';
COMMENT ON COLUMN @extschema@.bi_scorecard.unit IS 'rate, rating, score, seconds or count';
COMMENT ON COLUMN @extschema@.bi_scorecard.weight_bp IS 'the indicator''s weight in the scheme version, in basis points (1/10000)';
COMMENT ON COLUMN @extschema@.bi_scorecard.weight_pct IS 'the same weight in percent, 2 decimals';
COMMENT ON COLUMN @extschema@.bi_scorecard.raw_value IS 'the measured value (quarter, year: the mean of the months), NULL when not measured';
COMMENT ON COLUMN @extschema@.bi_scorecard.score IS 'the normalised 0-100 score, NULL when not applicable';
COMMENT ON COLUMN @extschema@.bi_scorecard.not_applicable IS 'true when the indicator has no score (no data): its weight drops out (H-2)';
COMMENT ON COLUMN @extschema@.bi_scorecard.critical_failed IS 'the indicator is critical and beyond its threshold (一票否决)';
COMMENT ON COLUMN @extschema@.bi_scorecard.total IS 'the result''s total (repeated on each indicator row for convenience)';
COMMENT ON COLUMN @extschema@.bi_scorecard.grade IS 'the result''s grade';
COMMENT ON COLUMN @extschema@.bi_scorecard.period_label IS 'its Chinese label (period_label): 2025年3月, 2025年第1季度, 2025年';
COMMENT ON COLUMN @extschema@.bi_scorecard.period_label_en IS 'its English label: Mar 2025, Q1 2025, 2025';

-- bi_coverage: every visible agent employed in a period that has results:
-- graded, no data (a result without a total: nothing measured) or not
-- evaluated (no result row) — the agents bi_result shows as NULL rows or
-- not at all.
CREATE VIEW @extschema@.bi_coverage WITH (security_invoker = true) AS
SELECT p.id AS period_id, p.kind AS period_kind, @extschema@.period_key(p.kind, p.starts_on) AS period_key,
       a.id AS agent_id, a.employee_no, a.name AS agent_name, coalesce(r.team_id, a.team_id) AS team_id,
       CASE WHEN r.agent_id IS NULL THEN 'not_evaluated'
            WHEN r.total IS NULL THEN 'no_data'
            ELSE 'graded' END AS status,
       coalesce(r.indicators_rated, 0) AS indicators_rated,
       @extschema@.period_label(p.kind, p.starts_on, 'zh') AS period_label,
       @extschema@.period_label(p.kind, p.starts_on, 'en') AS period_label_en
FROM @extschema@.period AS p
JOIN @extschema@.agent AS a ON a.hired_on OPERATOR(pg_catalog.<=) p.ends_on
     AND (a.left_on IS NULL OR a.left_on OPERATOR(pg_catalog.>=) p.starts_on)
LEFT JOIN @extschema@.result AS r ON r.period_id OPERATOR(pg_catalog.=) p.id AND r.agent_id OPERATOR(pg_catalog.=) a.id AND r.is_current
WHERE a.id IN (SELECT @extschema@.visible_agent_ids())
  AND EXISTS (SELECT FROM @extschema@.result AS x WHERE x.period_id OPERATOR(pg_catalog.=) p.id);
COMMENT ON VIEW @extschema@.bi_coverage IS
'per period with results and visible agent employed in it (H-1.2.1): graded, no_data (a result without a total: nothing measured, bi_result shows it with NULLs) or not_evaluated (no result row), so that agents without data are shown as such';
COMMENT ON COLUMN @extschema@.bi_coverage.period_id IS 'the period (period.id)';
COMMENT ON COLUMN @extschema@.bi_coverage.period_kind IS 'month, quarter or year';
COMMENT ON COLUMN @extschema@.bi_coverage.period_key IS 'period_key: 2025-03, 2025-Q1 or 2025';
COMMENT ON COLUMN @extschema@.bi_coverage.agent_id IS 'the agent (agent.id)';
COMMENT ON COLUMN @extschema@.bi_coverage.employee_no IS 'the employee number';
COMMENT ON COLUMN @extschema@.bi_coverage.agent_name IS 'the agent''s name';
COMMENT ON COLUMN @extschema@.bi_coverage.team_id IS 'the team of the result, else the agent''s team now';
COMMENT ON COLUMN @extschema@.bi_coverage.status IS 'graded, no_data (result without a total) or not_evaluated (no result)';
COMMENT ON COLUMN @extschema@.bi_coverage.indicators_rated IS 'indicators with a score (0 without data or result)';
COMMENT ON COLUMN @extschema@.bi_coverage.period_label IS 'its Chinese label (period_label): 2025年3月, 2025年第1季度, 2025年';
COMMENT ON COLUMN @extschema@.bi_coverage.period_label_en IS 'its English label: Mar 2025, Q1 2025, 2025';

GRANT SELECT ON @extschema@.bi_period
    TO perfeval_agent, perfeval_manager, perfeval_hr, perfeval_leadership, perfeval_analyst, perfeval_service;
GRANT SELECT ON @extschema@.bi_grades_department, @extschema@.bi_grades_company, @extschema@.bi_trend,
                @extschema@.bi_scorecard, @extschema@.bi_coverage
    TO perfeval_agent, perfeval_manager, perfeval_hr, perfeval_leadership, perfeval_service;
