/* src/sql/47_bi.sql — the evaluation cycle: flat views for BI tools (H-3.2.6, H-4.3 (5) visualisation) */

-- bi_result: one row per current result, everything a dashboard needs.
-- Ranks are the stored ones (company-wide, ties broken by employee number);
-- percentiles are computed over the rows the reader may see (row-level
-- security): 100 = the best visible total of the group, 0 = the worst.
CREATE VIEW @extschema@.bi_result AS
SELECT r.period_id, p.kind AS period_kind, p.starts_on AS period_start, p.ends_on AS period_end,
       p.state AS period_state,
       r.agent_id, a.employee_no, a.name AS agent_name,
       r.team_id, t.code AS team_code, t.name AS team_name,
       r.department_id, d.code AS department_code, d.name AS department_name,
       r.attitude, r.capability, r.efficiency, r.satisfaction,
       r.measured_total, r.self_score, r.department_score, r.company_score, r.total,
       r.critical_failed, r.grade, r.grade::text AS grade_code,
       @extschema@.grade_label(r.grade, 'zh') AS grade_zh,
       @extschema@.grade_label(r.grade, 'en') AS grade_en,
       r.rank_team, r.rank_department, r.rank_company,
       CASE WHEN r.total IS NOT NULL THEN
           pg_catalog.round((100 OPERATOR(pg_catalog.*) (1 OPERATOR(pg_catalog.-) pg_catalog.percent_rank() OVER team_w))::numeric, 2) END AS percentile_team,
       CASE WHEN r.total IS NOT NULL THEN
           pg_catalog.round((100 OPERATOR(pg_catalog.*) (1 OPERATOR(pg_catalog.-) pg_catalog.percent_rank() OVER department_w))::numeric, 2) END AS percentile_department,
       CASE WHEN r.total IS NOT NULL THEN
           pg_catalog.round((100 OPERATOR(pg_catalog.*) (1 OPERATOR(pg_catalog.-) pg_catalog.percent_rank() OVER company_w))::numeric, 2) END AS percentile_company,
       r.scheme_version_id, r.revision, r.months_rolled, r.indicators_rated
FROM @extschema@.result AS r
JOIN @extschema@.period AS p ON p.id OPERATOR(pg_catalog.=) r.period_id
JOIN @extschema@.agent AS a ON a.id OPERATOR(pg_catalog.=) r.agent_id
JOIN @extschema@.team AS t ON t.id OPERATOR(pg_catalog.=) r.team_id
JOIN @extschema@.department AS d ON d.id OPERATOR(pg_catalog.=) r.department_id
WHERE r.is_current
WINDOW team_w AS (PARTITION BY r.period_id, r.team_id, r.total IS NULL ORDER BY r.total DESC),
       department_w AS (PARTITION BY r.period_id, r.department_id, r.total IS NULL ORDER BY r.total DESC),
       company_w AS (PARTITION BY r.period_id, r.total IS NULL ORDER BY r.total DESC);
COMMENT ON VIEW @extschema@.bi_result IS
'one row per current result for BI tools: agent, team, department, period kind and start, dimension subtotals, layers, total, grade (value, 中文 and English label), stored ranks, and percentiles (100 = best, ties equal) over the rows the reader may see (H-3.2.6)';
COMMENT ON COLUMN @extschema@.bi_result.period_id IS 'the period evaluated (period.id)';
COMMENT ON COLUMN @extschema@.bi_result.period_kind IS 'month, quarter or year (period.kind)';
COMMENT ON COLUMN @extschema@.bi_result.period_start IS 'first day of the period (period.starts_on)';
COMMENT ON COLUMN @extschema@.bi_result.period_end IS 'last day of the period (period.ends_on)';
COMMENT ON COLUMN @extschema@.bi_result.period_state IS 'open, closed or approved (period.state); approved results are final';
COMMENT ON COLUMN @extschema@.bi_result.agent_id IS 'the agent evaluated (agent.id)';
COMMENT ON COLUMN @extschema@.bi_result.employee_no IS 'the unique employee number; the stable key that breaks rank ties';
COMMENT ON COLUMN @extschema@.bi_result.agent_name IS 'the agent''s name (agent.name)';
COMMENT ON COLUMN @extschema@.bi_result.team_id IS 'the agent''s team when evaluated (ranks are within it)';
COMMENT ON COLUMN @extschema@.bi_result.team_code IS 'the team''s code (team.code)';
COMMENT ON COLUMN @extschema@.bi_result.team_name IS 'the team''s name (team.name)';
COMMENT ON COLUMN @extschema@.bi_result.department_id IS 'the team''s department when evaluated';
COMMENT ON COLUMN @extschema@.bi_result.department_code IS 'the department''s code (department.code)';
COMMENT ON COLUMN @extschema@.bi_result.department_name IS 'the department''s name (department.name)';
COMMENT ON COLUMN @extschema@.bi_result.attitude IS 'the attitude dimension subtotal, 0-100 (H-2.1)';
COMMENT ON COLUMN @extschema@.bi_result.capability IS 'the capability dimension subtotal, 0-100 (H-2.2)';
COMMENT ON COLUMN @extschema@.bi_result.efficiency IS 'the efficiency dimension subtotal, 0-100 (H-2.3)';
COMMENT ON COLUMN @extschema@.bi_result.satisfaction IS 'the satisfaction dimension subtotal, 0-100 (H-2.4)';
COMMENT ON COLUMN @extschema@.bi_result.measured_total IS 'the weighted score of the indicators (N/A renormalised; 0 on a critical failure), H-3.2.3';
COMMENT ON COLUMN @extschema@.bi_result.self_score IS 'the self-evaluation layer from layer_score, NULL when none was entered (H-3.2.3)';
COMMENT ON COLUMN @extschema@.bi_result.department_score IS 'the department evaluation layer from layer_score, NULL when none was entered (H-3.2.3)';
COMMENT ON COLUMN @extschema@.bi_result.company_score IS 'the company layer: the company evaluation entered in layer_score, else measured_total';
COMMENT ON COLUMN @extschema@.bi_result.total IS 'the blend of the self, department and company layers by the scheme''s weights, rounded to 4 decimals before grading and ranking; 0 on a critical failure';
COMMENT ON COLUMN @extschema@.bi_result.critical_failed IS 'a critical indicator was beyond its threshold (一票否决): total 0, grade fail (for a quarter or year: some month failed)';
COMMENT ON COLUMN @extschema@.bi_result.grade IS 'grade_of(total, cutoffs) or quota_grade within the scheme''s quota scope (H-5.1)';
COMMENT ON COLUMN @extschema@.bi_result.grade_code IS 'the grade as text (fail, pass, medium, good, excellent): compares with a string parameter of any client (JDBC setString) and aggregates to text[] (docs/clients.md)';
COMMENT ON COLUMN @extschema@.bi_result.grade_zh IS 'the grade''s Chinese label (grade_label(grade, ''zh''))';
COMMENT ON COLUMN @extschema@.bi_result.grade_en IS 'the grade''s English label (grade_label(grade, ''en''))';
COMMENT ON COLUMN @extschema@.bi_result.rank_team IS '1 = best total in the team; ties broken by employee number';
COMMENT ON COLUMN @extschema@.bi_result.rank_department IS '1 = best total in the department; ties broken by employee number';
COMMENT ON COLUMN @extschema@.bi_result.rank_company IS '1 = best total in the company; ties broken by employee number';
COMMENT ON COLUMN @extschema@.bi_result.percentile_team IS 'share of the team''s visible results with a lower total, 0-100 (100 = best, ties equal); NULL without a total';
COMMENT ON COLUMN @extschema@.bi_result.percentile_department IS 'share of the department''s visible results with a lower total, 0-100 (100 = best, ties equal); NULL without a total';
COMMENT ON COLUMN @extschema@.bi_result.percentile_company IS 'share of the company''s visible results with a lower total, 0-100 (100 = best, ties equal); NULL without a total';
COMMENT ON COLUMN @extschema@.bi_result.scheme_version_id IS 'the scheme version the result was computed under (valid on the period''s first day, H-1.2.3)';
COMMENT ON COLUMN @extschema@.bi_result.revision IS '1 = written by evaluate; 2, 3, ... = new revisions written by appeals (the old rows are kept)';
COMMENT ON COLUMN @extschema@.bi_result.months_rolled IS 'quarter and year results: the number of month totals averaged; NULL for months';
COMMENT ON COLUMN @extschema@.bi_result.indicators_rated IS 'the number of indicators with a score (not N/A)';

-- bi_grade_distribution: agents per grade, team and period, with a row (0)
-- for every grade so that charts have all five bars (H-5.1).
CREATE VIEW @extschema@.bi_grade_distribution AS
WITH g AS (
    SELECT x.grade, x.ord
    FROM pg_catalog.unnest(pg_catalog.enum_range(NULL::@extschema@.grade)) WITH ORDINALITY AS x(grade, ord)),
teams AS (
    SELECT r.period_id, r.team_id, r.department_id, pg_catalog.count(r.grade) AS graded
    FROM @extschema@.result AS r
    WHERE r.is_current
    GROUP BY r.period_id, r.team_id, r.department_id),
counts AS (
    SELECT r.period_id, r.team_id, r.grade, pg_catalog.count(*) AS agents
    FROM @extschema@.result AS r
    WHERE r.is_current AND r.grade IS NOT NULL
    GROUP BY r.period_id, r.team_id, r.grade)
SELECT tm.period_id, p.kind AS period_kind, p.starts_on AS period_start,
       tm.team_id, t.code AS team_code, t.name AS team_name,
       tm.department_id, d.code AS department_code, d.name AS department_name,
       g.grade, @extschema@.grade_label(g.grade, 'zh') AS grade_zh, @extschema@.grade_label(g.grade, 'en') AS grade_en,
       coalesce(c.agents, 0) AS agents,
       tm.graded AS team_graded,
       CASE WHEN tm.graded OPERATOR(pg_catalog.>) 0 THEN pg_catalog.round((100.0 OPERATOR(pg_catalog.*) coalesce(c.agents, 0)) OPERATOR(pg_catalog./) tm.graded, 2) END AS share_pct
FROM teams AS tm
CROSS JOIN g
JOIN @extschema@.period AS p ON p.id OPERATOR(pg_catalog.=) tm.period_id
JOIN @extschema@.team AS t ON t.id OPERATOR(pg_catalog.=) tm.team_id
JOIN @extschema@.department AS d ON d.id OPERATOR(pg_catalog.=) tm.department_id
LEFT JOIN counts AS c ON c.period_id OPERATOR(pg_catalog.=) tm.period_id AND c.team_id OPERATOR(pg_catalog.=) tm.team_id AND c.grade OPERATOR(pg_catalog.=) g.grade;
COMMENT ON VIEW @extschema@.bi_grade_distribution IS
'per period, team and grade (all five, zero included): the number of agents with that current grade and their share of the team''s graded agents, in percent (H-5.1, H-3.2.6)';
COMMENT ON COLUMN @extschema@.bi_grade_distribution.period_id IS 'the period (period.id)';
COMMENT ON COLUMN @extschema@.bi_grade_distribution.period_kind IS 'month, quarter or year (period.kind)';
COMMENT ON COLUMN @extschema@.bi_grade_distribution.period_start IS 'first day of the period (period.starts_on)';
COMMENT ON COLUMN @extschema@.bi_grade_distribution.team_id IS 'the team (team.id)';
COMMENT ON COLUMN @extschema@.bi_grade_distribution.team_code IS 'the team''s code (team.code)';
COMMENT ON COLUMN @extschema@.bi_grade_distribution.team_name IS 'the team''s name (team.name)';
COMMENT ON COLUMN @extschema@.bi_grade_distribution.department_id IS 'the team''s department when evaluated (department.id)';
COMMENT ON COLUMN @extschema@.bi_grade_distribution.department_code IS 'the department''s code (department.code)';
COMMENT ON COLUMN @extschema@.bi_grade_distribution.department_name IS 'the department''s name (department.name)';
COMMENT ON COLUMN @extschema@.bi_grade_distribution.grade IS 'the grade (every one of the five, H-5.1)';
COMMENT ON COLUMN @extschema@.bi_grade_distribution.grade_zh IS 'the grade''s Chinese label (grade_label(grade, ''zh''))';
COMMENT ON COLUMN @extschema@.bi_grade_distribution.grade_en IS 'the grade''s English label (grade_label(grade, ''en''))';
COMMENT ON COLUMN @extschema@.bi_grade_distribution.agents IS 'agents of the team whose current result has this grade (0 included)';
COMMENT ON COLUMN @extschema@.bi_grade_distribution.team_graded IS 'agents of the team with a graded current result';
COMMENT ON COLUMN @extschema@.bi_grade_distribution.share_pct IS 'agents / team_graded in percent, 2 decimals; NULL when no one is graded';

-- bi_department_grades: agents per grade, department and period for every
-- reader, the analyst included (perfeval_analyst sees no person's row).  It
-- reads as its owner (not security_invoker) and so shows the same rows to
-- all its readers: aggregates of departments with at least 5 graded agents
-- only, so that no count points at a person (H-3.2.6, H-4.3 (5), H-9.1).
CREATE VIEW @extschema@.bi_department_grades AS
WITH depts AS (
    SELECT r.period_id, r.department_id, pg_catalog.count(r.grade) AS graded
    FROM @extschema@.result AS r
    WHERE r.is_current
    GROUP BY r.period_id, r.department_id),
counts AS (
    SELECT r.period_id, r.department_id, r.grade, pg_catalog.count(*) AS agents
    FROM @extschema@.result AS r
    WHERE r.is_current AND r.grade IS NOT NULL
    GROUP BY r.period_id, r.department_id, r.grade),
g AS (
    SELECT x.grade FROM pg_catalog.unnest(pg_catalog.enum_range(NULL::@extschema@.grade)) AS x(grade))
SELECT dp.period_id, p.kind AS period_kind, p.starts_on AS period_start,
       dp.department_id, d.code AS department_code, d.name AS department_name,
       g.grade, coalesce(c.agents, 0) AS agents, dp.graded AS department_graded,
       pg_catalog.round((100.0 OPERATOR(pg_catalog.*) coalesce(c.agents, 0)) OPERATOR(pg_catalog./) dp.graded, 2) AS share_pct
FROM depts AS dp
CROSS JOIN g
JOIN @extschema@.period AS p ON p.id OPERATOR(pg_catalog.=) dp.period_id
JOIN @extschema@.department AS d ON d.id OPERATOR(pg_catalog.=) dp.department_id
LEFT JOIN counts AS c ON c.period_id OPERATOR(pg_catalog.=) dp.period_id AND c.department_id OPERATOR(pg_catalog.=) dp.department_id
                     AND c.grade OPERATOR(pg_catalog.=) g.grade
WHERE dp.graded OPERATOR(pg_catalog.>=) 5;
COMMENT ON VIEW @extschema@.bi_department_grades IS
'per period, department and grade (all five): agents with that current grade and their share of the department''s graded agents, for every reader alike (owner''s rights; departments with fewer than 5 graded agents left out, so that no count points at a person; H-3.2.6, H-9.1 analyst)';
COMMENT ON COLUMN @extschema@.bi_department_grades.period_id IS 'the period (perfeval.period)';
COMMENT ON COLUMN @extschema@.bi_department_grades.period_kind IS 'month, quarter or year';
COMMENT ON COLUMN @extschema@.bi_department_grades.period_start IS 'the first day of the period';
COMMENT ON COLUMN @extschema@.bi_department_grades.department_id IS 'the department (of the results, at evaluation)';
COMMENT ON COLUMN @extschema@.bi_department_grades.department_code IS 'the department''s code';
COMMENT ON COLUMN @extschema@.bi_department_grades.department_name IS 'the department''s name';
COMMENT ON COLUMN @extschema@.bi_department_grades.grade IS 'the grade (all five, zero included)';
COMMENT ON COLUMN @extschema@.bi_department_grades.agents IS 'agents with that current grade';
COMMENT ON COLUMN @extschema@.bi_department_grades.department_graded IS 'graded agents of the department in the period (at least 5)';
COMMENT ON COLUMN @extschema@.bi_department_grades.share_pct IS 'agents as a percentage of department_graded';
