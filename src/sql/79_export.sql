/* src/sql/79_export.sql — CSV exports through any client: COPY (SELECT * FROM perfeval.export_...(...)) TO STDOUT (H-4.3 (6) (8)) */

-- Each function returns plain columns (text, numbers, booleans) in a fixed
-- order, so that COPY (...) TO STDOUT WITH (FORMAT csv, HEADER) gives the
-- same file through psql, psycopg2 (copy_expert) and JDBC (CopyManager);
-- rows are sorted by a stable key (employee number, codes in C collation).
-- They run with the caller's rights: row security picks the rows.

-- export_results(period): one row per visible agent employed in the
-- period: its status (graded, no_data, not_evaluated) and its current
-- result.
CREATE FUNCTION @extschema@.export_results(period_id integer)
RETURNS TABLE (period_key text, period_kind text, agent_id integer, employee_no text, agent_name text,
               team_code text, team_name text, department_code text, department_name text, status text,
               attitude numeric, capability numeric, efficiency numeric, satisfaction numeric, measured_total numeric,
               self_score numeric, department_score numeric, company_score numeric, total numeric,
               grade text, grade_zh text, grade_en text, critical_failed boolean,
               rank_team integer, rank_department integer, rank_company integer, revision integer)
LANGUAGE sql
STABLE STRICT
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT c.period_key, c.period_kind, c.agent_id, c.employee_no, c.agent_name, t.code, t.name, d.code, d.name, c.status,
           r.attitude, r.capability, r.efficiency, r.satisfaction, r.measured_total, r.self_score, r.department_score,
           r.company_score, r.total, r.grade::text, perfeval.grade_label(r.grade, 'zh'), perfeval.grade_label(r.grade, 'en'),
           r.critical_failed, r.rank_team, r.rank_department, r.rank_company, r.revision
    FROM perfeval.bi_coverage AS c
    JOIN perfeval.team AS t ON t.id = c.team_id
    JOIN perfeval.department AS d ON d.id = t.department_id
    LEFT JOIN perfeval.result AS r ON r.period_id = c.period_id AND r.agent_id = c.agent_id AND r.is_current
    WHERE c.period_id = $1
    ORDER BY c.employee_no COLLATE "C"
$$;
COMMENT ON FUNCTION @extschema@.export_results(integer) IS
'a period''s results for CSV (COPY (SELECT * FROM perfeval.export_results(p)) TO STDOUT WITH (FORMAT csv, HEADER)): one row per visible agent employed in it, with status graded / no_data / not_evaluated, the subtotals, layers, total, grade (code, 中文, English) and ranks; sorted by employee number';

-- report_content_of(report): the content of a report version the caller
-- may read (42704 else).
CREATE FUNCTION @extschema@.report_content_of(report_id integer)
RETURNS jsonb
LANGUAGE plpgsql
STABLE STRICT
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c jsonb;
BEGIN
    SELECT r.content INTO c FROM perfeval.period_report AS r WHERE r.id = $1;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'report % does not exist or is not visible to you', $1
            USING ERRCODE = 'undefined_object', HINT = 'perfeval.period_report_version lists the reports you may read.';
    END IF;
    RETURN c;
END
$$;
COMMENT ON FUNCTION @extschema@.report_content_of(integer) IS
'the content of a period report version the caller may read; 42704 for another';

-- export_report_grades(report): the grade distributions of the report's
-- scope, departments and teams.
CREATE FUNCTION @extschema@.export_report_grades(report_id integer)
RETURNS TABLE (level text, code text, name text, grade text, grade_zh text, grade_en text, agents integer, share_pct numeric)
LANGUAGE sql
STABLE STRICT
SET search_path = pg_catalog, pg_temp
AS $$
    WITH c AS (SELECT perfeval.report_content_of($1) AS c),
    parts AS (
        SELECT 0 AS o, c.c #>> '{scope,level}' AS level, c.c #>> '{scope,code}' AS code, c.c #>> '{scope,name}' AS name,
               c.c -> 'grades' AS grades, 0::bigint AS k
        FROM c
        UNION ALL
        SELECT 1, 'department', e ->> 'code', e ->> 'name', e -> 'grades', x.k FROM c, jsonb_array_elements(c.c -> 'departments') WITH ORDINALITY AS x(e, k)
        UNION ALL
        SELECT 2, 'team', e ->> 'code', e ->> 'name', e -> 'grades', x.k FROM c, jsonb_array_elements(c.c -> 'teams') WITH ORDINALITY AS x(e, k))
    SELECT p.level, p.code, p.name, g.e ->> 'grade', g.e ->> 'zh', g.e ->> 'en', (g.e ->> 'agents')::integer, (g.e ->> 'share_pct')::numeric
    FROM parts AS p, jsonb_array_elements(p.grades) WITH ORDINALITY AS g(e, n)
    ORDER BY p.o, p.k, g.n
$$;
COMMENT ON FUNCTION @extschema@.export_report_grades(integer) IS
'a report''s grade distributions for CSV: the scope (company or department), then its departments and teams, five grades each (agents, share in percent)';

-- export_report_ranking(report): the top 10 and bottom 5 of a report.
CREATE FUNCTION @extschema@.export_report_ranking(report_id integer)
RETURNS TABLE (list text, rank integer, employee_no text, name text, team text, total numeric, grade text)
LANGUAGE sql
STABLE STRICT
SET search_path = pg_catalog, pg_temp
AS $$
    WITH c AS (SELECT perfeval.report_content_of($1) AS c)
    SELECT l.list, (e ->> 'rank')::integer, e ->> 'employee_no', e ->> 'name', e ->> 'team', (e ->> 'total')::numeric, e ->> 'grade'
    FROM c, (VALUES (1, 'top'), (2, 'bottom')) AS l(o, list), jsonb_array_elements(c.c -> l.list) AS x(e)
    ORDER BY l.o, (e ->> 'rank')::integer
$$;
COMMENT ON FUNCTION @extschema@.export_report_ranking(integer) IS
'a report''s ranking for CSV: list top (the first 10) and bottom (the last 5) with rank, employee number, name, team, total and grade';

-- export_report_consequences(report): the consequence lists of a report.
CREATE FUNCTION @extschema@.export_report_consequences(report_id integer)
RETURNS TABLE (list text, employee_no text, name text, total numeric)
LANGUAGE sql
STABLE STRICT
SET search_path = pg_catalog, pg_temp
AS $$
    WITH c AS (SELECT perfeval.report_content_of($1) AS c)
    SELECT l.list, e ->> 'employee_no', e ->> 'name', (e ->> 'total')::numeric
    FROM c, (VALUES (1, 'training'), (2, 'promotion'), (3, 'care'), (4, 'bottom_elimination')) AS l(o, list),
         jsonb_array_elements(c.c -> 'consequences' -> l.list) AS x(e)
    ORDER BY l.o, e ->> 'employee_no' COLLATE "C"
$$;
COMMENT ON FUNCTION @extschema@.export_report_consequences(integer) IS
'a report''s consequence lists for CSV (training, promotion, care, bottom_elimination; H-3.3): employee number, name, total';

-- export_report_appeals(report): a report's appeal statistics per team.
CREATE FUNCTION @extschema@.export_report_appeals(report_id integer)
RETURNS TABLE (team text, appeals integer, upheld integer, dismissed integer, open integer)
LANGUAGE sql
STABLE STRICT
SET search_path = pg_catalog, pg_temp
AS $$
    WITH c AS (SELECT perfeval.report_content_of($1) AS c)
    SELECT e ->> 'team', (e ->> 'appeals')::integer, (e ->> 'upheld')::integer, (e ->> 'dismissed')::integer, (e ->> 'open')::integer
    FROM c, jsonb_array_elements(c.c #> '{appeals,by_team}') WITH ORDINALITY AS x(e, k)
    ORDER BY x.k
$$;
COMMENT ON FUNCTION @extschema@.export_report_appeals(integer) IS
'a report''s appeal statistics per team for CSV (H-8.3.4): appeals, upheld, dismissed, still open';
