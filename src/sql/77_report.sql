/* src/sql/77_report.sql — the period report with its approval and versions; constructive suggestions (H-3.2.6-7, H-4.3 (6) (8), H-8.3.4-5) */

-- ---------------------------------------------------------------------------
-- Constructive suggestions (H-8.3.5): from an appeal or from any employee;
-- HR recognises the reasonable ones.  The report lists them.
-- ---------------------------------------------------------------------------

CREATE TABLE @extschema@.suggestion (
    id              serial PRIMARY KEY,
    agent_id        integer NOT NULL REFERENCES @extschema@.agent (id),
    appeal_id       integer REFERENCES @extschema@.appeal (id),
    period_id       integer REFERENCES @extschema@.period (id),
    suggestion      text NOT NULL CHECK (suggestion OPERATOR(pg_catalog.<>) ''),
    made_at         timestamptz NOT NULL CHECK (pg_catalog.isfinite(made_at)),
    recorded_by     name NOT NULL,
    state           text NOT NULL DEFAULT 'recorded' CHECK (state IN ('recorded', 'recognised')),
    recognised_at   timestamptz,
    recognised_by   name,
    recognition     text,
    CONSTRAINT suggestion_recognised CHECK (
        (state OPERATOR(pg_catalog.=) 'recognised') OPERATOR(pg_catalog.=) (recognised_at IS NOT NULL)
        AND (recognised_at IS NULL) OPERATOR(pg_catalog.=) (recognised_by IS NULL)
        AND (recognised_at IS NULL) OPERATOR(pg_catalog.=) (recognition IS NULL))
);
CREATE INDEX suggestion_agent_id_idx ON @extschema@.suggestion (agent_id);
CREATE INDEX suggestion_appeal_id_idx ON @extschema@.suggestion (appeal_id);
CREATE INDEX suggestion_period_id_idx ON @extschema@.suggestion (period_id);
COMMENT ON TABLE @extschema@.suggestion IS
'a constructive suggestion about the appraisal (H-8.3.5: from an appellant or any employee; H-8.3.4: improvements for the next cycle), recorded by the employee or HR and recognised by HR; written by record_suggestion and recognise_suggestion only';
COMMENT ON COLUMN @extschema@.suggestion.id IS 'surrogate key of the suggestion';
COMMENT ON COLUMN @extschema@.suggestion.agent_id IS 'the employee who made it (agent.id)';
COMMENT ON COLUMN @extschema@.suggestion.appeal_id IS 'the appeal it came with (appeal.id), NULL for a suggestion outside an appeal';
COMMENT ON COLUMN @extschema@.suggestion.period_id IS 'the period it concerns (the appeal''s period, or given), NULL for none';
COMMENT ON COLUMN @extschema@.suggestion.suggestion IS 'the suggestion''s text';
COMMENT ON COLUMN @extschema@.suggestion.made_at IS 'when it was made';
COMMENT ON COLUMN @extschema@.suggestion.recorded_by IS 'the role that recorded it (the employee''s own, or HR)';
COMMENT ON COLUMN @extschema@.suggestion.state IS 'recorded or recognised (flow suggestion of flow_state)';
COMMENT ON COLUMN @extschema@.suggestion.recognised_at IS 'when HR recognised it, NULL until then';
COMMENT ON COLUMN @extschema@.suggestion.recognised_by IS 'the HR role that recognised it';
COMMENT ON COLUMN @extschema@.suggestion.recognition IS 'how it was commended or rewarded (H-8.3.5)';

-- record_suggestion(text, appeal, agent, at, actor): an employee records
-- its own suggestion (agent defaults to the caller's own), or HR records
-- anyone's; linked to an appeal the caller may see, its period taken from
-- the appeal.  Returns the suggestion's id.
CREATE FUNCTION @extschema@.record_suggestion(suggestion text, appeal_id integer DEFAULT NULL, agent_id integer DEFAULT NULL,
                                              period_id integer DEFAULT NULL, at timestamptz DEFAULT pg_catalog.now(),
                                              actor name DEFAULT CURRENT_USER)
RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_variable
DECLARE
    who integer := agent_id;
    per integer := period_id;
    a record;
    newid integer;
BEGIN
    IF at IS NULL OR actor IS NULL THEN
        RAISE EXCEPTION 'at and actor must not be null'
            USING ERRCODE = 'null_value_not_allowed', HINT = 'Leave them out: they default to now and the current user.';
    END IF;
    PERFORM perfeval.check_actor(actor);
    suggestion := perfeval.interview_text(suggestion, 'suggestion');
    IF NOT isfinite(at) OR at > now() THEN
        RAISE EXCEPTION 'the time of a suggestion must be a finite time not in the future'
            USING ERRCODE = 'invalid_parameter_value', DETAIL = format('The time given is %s.', at);
    END IF;
    IF appeal_id IS NOT NULL THEN
        SELECT x.appellant_id, x.period_id INTO a FROM perfeval.appeal AS x WHERE x.id = appeal_id;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'appeal % does not exist', appeal_id
                USING ERRCODE = 'undefined_object', HINT = 'Name an appeal you may see (perfeval.appeal_open, appeal_archive).';
        END IF;
        who := coalesce(who, a.appellant_id);
        per := coalesce(per, a.period_id);
    END IF;
    IF who IS NULL THEN
        SELECT min(o.id) INTO who FROM perfeval.own_agent_ids() AS o(id);
    END IF;
    IF who IS NULL OR NOT EXISTS (SELECT FROM perfeval.agent AS g WHERE g.id = who) THEN
        RAISE EXCEPTION 'no employee to record the suggestion for'
            USING ERRCODE = 'undefined_object', HINT = 'Pass agent_id (HR), or call it as the employee itself.';
    END IF;
    IF per IS NOT NULL AND NOT EXISTS (SELECT FROM perfeval.period AS p WHERE p.id = per) THEN
        RAISE EXCEPTION 'period % does not exist', per USING ERRCODE = 'undefined_object';
    END IF;
    IF NOT perfeval.is_superuser() AND NOT perfeval.is_hr()
       AND NOT who IN (SELECT o.id FROM perfeval.own_agent_ids() AS o(id)) THEN
        RAISE EXCEPTION 'permission denied: an employee records its own suggestion, HR anyone''s'
            USING ERRCODE = 'insufficient_privilege', HINT = 'H-8.3.5: any employee may suggest; HR records for others.';
    END IF;
    INSERT INTO perfeval.suggestion AS s (agent_id, appeal_id, period_id, suggestion, made_at, recorded_by)
    VALUES (who, appeal_id, per, suggestion, at, actor)
    RETURNING s.id INTO newid;
    RETURN newid;
END
$$;
COMMENT ON FUNCTION @extschema@.record_suggestion(text, integer, integer, integer, timestamp with time zone, name) IS
'records a constructive suggestion (H-8.3.5): by the employee itself (agent_id defaults to the caller''s own) or by HR for anyone; optionally with the appeal it came with (its appellant and period by default); returns the id';

-- recognise_suggestion(id, recognition, at, actor): HR recognises a
-- reasonable suggestion (H-8.3.5; step recognise of flow suggestion).
CREATE FUNCTION @extschema@.recognise_suggestion(suggestion_id integer, recognition text,
                                                 at timestamptz DEFAULT pg_catalog.now(), actor name DEFAULT CURRENT_USER)
RETURNS timestamptz
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_variable
DECLARE
    s perfeval.suggestion;
BEGIN
    IF suggestion_id IS NULL OR at IS NULL OR actor IS NULL THEN
        RAISE EXCEPTION 'suggestion_id, at and actor must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    PERFORM perfeval.check_actor(actor);
    recognition := perfeval.interview_text(recognition, 'recognition');
    SELECT * INTO s FROM perfeval.suggestion AS x WHERE x.id = suggestion_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'suggestion % does not exist', suggestion_id USING ERRCODE = 'undefined_object';
    END IF;
    PERFORM perfeval.require_step_role('suggestion', 'suggestion', 'recorded', 'recognised', s.agent_id, NULL);
    PERFORM perfeval.require_flow_step('suggestion', s.id, s.state, 'recognise', 'recognised');
    IF NOT isfinite(at) OR at > now() OR at < s.made_at THEN
        RAISE EXCEPTION 'the recognition time must be finite, not in the future and not before the suggestion'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE perfeval.suggestion AS x SET state = 'recognised', recognised_at = at, recognised_by = actor, recognition = recognition
    WHERE x.id = s.id;
    RETURN at;
END
$$;
COMMENT ON FUNCTION @extschema@.recognise_suggestion(integer, text, timestamp with time zone, name) IS
'HR recognises a reasonable suggestion, saying how (H-8.3.5; step recognise of flow suggestion, once); returns the time';

CREATE TRIGGER _direct_write_guard BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.suggestion
    FOR EACH ROW EXECUTE FUNCTION @extschema@.direct_write_guard();
COMMENT ON TRIGGER _direct_write_guard ON @extschema@.suggestion IS 'direct writes refused (42501): suggestions are written by record_suggestion and recognise_suggestion only';

ALTER TABLE @extschema@.suggestion ENABLE ROW LEVEL SECURITY;
CREATE POLICY suggestion_read ON @extschema@.suggestion FOR SELECT
    USING (agent_id IN (SELECT @extschema@.visible_agent_ids()));
CREATE POLICY suggestion_insert ON @extschema@.suggestion FOR INSERT
    WITH CHECK ((SELECT @extschema@.is_hr()) OR agent_id IN (SELECT @extschema@.own_agent_ids()));
CREATE POLICY suggestion_update ON @extschema@.suggestion FOR UPDATE
    USING ((SELECT @extschema@.is_hr())) WITH CHECK ((SELECT @extschema@.is_hr()));
COMMENT ON POLICY suggestion_read ON @extschema@.suggestion IS 'the employee reads its own suggestions, a manager the team''s, HR, leadership and the service all';
COMMENT ON POLICY suggestion_insert ON @extschema@.suggestion IS 'an employee records its own suggestion, HR anyone''s (H-8.3.5)';
COMMENT ON POLICY suggestion_update ON @extschema@.suggestion IS 'HR recognises suggestions (H-8.3.5)';

-- ---------------------------------------------------------------------------
-- The period report (H-3.2.6-7): compiled by HR from the approved results,
-- approved by leadership, then fixed; a correction is a new version.
-- ---------------------------------------------------------------------------

-- report_grades(rows): the five grades (best first) with counts and shares
-- of a set of graded results given as grade[].
CREATE FUNCTION @extschema@.report_grades(grades @extschema@.grade[])
RETURNS jsonb
LANGUAGE sql
IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
               'grade', g.grade, 'zh', perfeval.grade_label(g.grade, 'zh'), 'en', perfeval.grade_label(g.grade, 'en'),
               'agents', (SELECT pg_catalog.count(*) FROM pg_catalog.unnest($1) AS x(v) WHERE x.v = g.grade),
               'share_pct', CASE WHEN pg_catalog.cardinality(pg_catalog.array_remove($1, NULL)) > 0 THEN
                   pg_catalog.round(100.0 * (SELECT pg_catalog.count(*) FROM pg_catalog.unnest($1) AS x(v) WHERE x.v = g.grade)
                                    / pg_catalog.cardinality(pg_catalog.array_remove($1, NULL)), 2) END)
           ORDER BY g.ord DESC)
    FROM pg_catalog.unnest(pg_catalog.enum_range(NULL::perfeval.grade)) WITH ORDINALITY AS g(grade, ord)
$$;
COMMENT ON FUNCTION @extschema@.report_grades(@extschema@.grade[]) IS
'internal: the five grades, best first, as [{grade, zh, en, agents, share_pct}] over the grades given (NULLs are not graded and not counted)';

-- report_content(period, department): the report's content as jsonb,
-- computed with the caller's rights from the current results of the period
-- (the whole company, or one department): period key and labels, summary,
-- grade distributions of the scope, its departments and teams, top 10 and
-- bottom 5 of the ranking, the monthly trend of each team through the
-- year, the scorecard of the scope's first-ranked agent, the consequence
-- lists (bonus, training, promotion, care, bottom elimination), appeal
-- statistics and suggestions, data quality.
CREATE FUNCTION @extschema@.report_content(period_id integer, department_id integer DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_variable
DECLARE
    p perfeval.period;
    d perfeval.department;
    res jsonb;
BEGIN
    IF period_id IS NULL THEN
        RAISE EXCEPTION 'period_id must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    SELECT * INTO p FROM perfeval.period AS x WHERE x.id = period_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'period % does not exist', period_id
            USING ERRCODE = 'undefined_object', HINT = 'perfeval.bi_period lists the periods.';
    END IF;
    IF department_id IS NOT NULL THEN
        SELECT * INTO d FROM perfeval.department AS x WHERE x.id = department_id;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'department % does not exist', department_id USING ERRCODE = 'undefined_object';
        END IF;
    END IF;
    IF NOT perfeval.sees_all() AND NOT perfeval.is_superuser()
       AND NOT (department_id IS NOT NULL
                AND department_id IN (SELECT t.department_id FROM perfeval.team AS t
                                      WHERE t.id IN (SELECT m.id FROM perfeval.managed_team_ids() AS m(id)))) THEN
        RAISE EXCEPTION 'permission denied: the period report is for HR, leadership and the departments'' managers'
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'H-3.2.6-7, H-4.3 (8): a manager reads the report of its own department.';
    END IF;
    WITH r AS (
        SELECT x.*, a.employee_no, a.name AS agent_name, t.code AS team_code, t.name AS team_name,
               CASE WHEN department_id IS NULL THEN x.rank_company ELSE x.rank_department END AS scope_rank
        FROM perfeval.result AS x
        JOIN perfeval.agent AS a ON a.id = x.agent_id
        JOIN perfeval.team AS t ON t.id = x.team_id
        WHERE x.period_id = p.id AND x.is_current
          AND (department_id IS NULL OR x.department_id = department_id)),
    cov AS (
        SELECT c.status, count(*) AS n FROM perfeval.bi_coverage AS c
        JOIN perfeval.team AS t ON t.id = c.team_id
        WHERE c.period_id = p.id AND (department_id IS NULL OR t.department_id = department_id)
        GROUP BY c.status),
    months AS (
        SELECT m.id, m.starts_on, perfeval.period_key(m.kind, m.starts_on) AS k
        FROM perfeval.period AS m
        WHERE m.kind = 'month' AND m.starts_on >= date_trunc('year', p.starts_on)::date AND m.starts_on <= p.ends_on
          AND EXISTS (SELECT FROM perfeval.result AS x WHERE x.period_id = m.id)),
    team_trend AS (
        SELECT t.id, t.code, t.name,
               jsonb_agg(to_jsonb((SELECT round(avg(x.total), 2) FROM perfeval.result AS x
                                   WHERE x.period_id = mo.id AND x.team_id = t.id AND x.is_current)) ORDER BY mo.starts_on) AS vals
        FROM perfeval.team AS t CROSS JOIN months AS mo
        WHERE t.id IN (SELECT r.team_id FROM r)
        GROUP BY t.id, t.code, t.name),
    top1 AS (
        SELECT r.* FROM r WHERE r.total IS NOT NULL ORDER BY r.scope_rank, r.employee_no COLLATE "C" LIMIT 1),
    ap AS (
        SELECT x.* FROM perfeval.appeal AS x JOIN perfeval.team AS t ON t.id = x.team_id
        WHERE x.period_id = p.id AND (department_id IS NULL OR t.department_id = department_id))
    SELECT jsonb_build_object(
        'report', 'perfeval period report',
        'period', jsonb_build_object('id', p.id, 'kind', p.kind, 'key', perfeval.period_key(p.kind, p.starts_on),
                                     'label_zh', perfeval.period_label(p.kind, p.starts_on, 'zh'),
                                     'label_en', perfeval.period_label(p.kind, p.starts_on, 'en'),
                                     'starts_on', p.starts_on, 'ends_on', p.ends_on, 'state', p.state),
        'scope', CASE WHEN department_id IS NULL THEN jsonb_build_object('level', 'company')
                      ELSE jsonb_build_object('level', 'department', 'department_id', d.id, 'code', d.code, 'name', d.name) END,
        'summary', (SELECT jsonb_build_object(
                        'results', count(*), 'graded', count(r.grade),
                        'no_data', coalesce((SELECT cov.n FROM cov WHERE cov.status = 'no_data'), 0),
                        'not_evaluated', coalesce((SELECT cov.n FROM cov WHERE cov.status = 'not_evaluated'), 0),
                        'mean_total', round(avg(r.total), 2), 'best', max(r.total), 'worst', min(r.total),
                        'critical_failed', count(*) FILTER (WHERE r.critical_failed),
                        'appeals', (SELECT count(*) FROM ap))
                    FROM r),
        'grades', (SELECT perfeval.report_grades(coalesce(array_agg(r.grade), '{}')) FROM r),
        'departments', coalesce((SELECT jsonb_agg(jsonb_build_object('department_id', x.department_id, 'code', x.code, 'name', x.name,
                                                                     'graded', x.graded, 'mean_total', x.mean_total, 'grades', x.grades)
                                                  ORDER BY x.code COLLATE "C")
                                 FROM (SELECT r.department_id, dd.code, dd.name, count(r.grade) AS graded, round(avg(r.total), 2) AS mean_total,
                                              perfeval.report_grades(array_agg(r.grade)) AS grades
                                       FROM r JOIN perfeval.department AS dd ON dd.id = r.department_id
                                       GROUP BY r.department_id, dd.code, dd.name) AS x), '[]'),
        'teams', coalesce((SELECT jsonb_agg(jsonb_build_object('team_id', x.team_id, 'code', x.team_code, 'name', x.team_name,
                                                               'graded', x.graded, 'mean_total', x.mean_total, 'grades', x.grades)
                                            ORDER BY x.team_code COLLATE "C")
                           FROM (SELECT r.team_id, r.team_code, r.team_name, count(r.grade) AS graded, round(avg(r.total), 2) AS mean_total,
                                        perfeval.report_grades(array_agg(r.grade)) AS grades
                                 FROM r GROUP BY r.team_id, r.team_code, r.team_name) AS x), '[]'),
        'top', coalesce((SELECT jsonb_agg(jsonb_build_object('rank', x.scope_rank, 'employee_no', x.employee_no, 'name', x.agent_name,
                                                             'team', x.team_name, 'total', x.total, 'grade', x.grade,
                                                             'grade_zh', perfeval.grade_label(x.grade, 'zh')) ORDER BY x.scope_rank)
                         FROM (SELECT r.* FROM r WHERE r.total IS NOT NULL ORDER BY r.scope_rank LIMIT 10) AS x), '[]'),
        'bottom', coalesce((SELECT jsonb_agg(jsonb_build_object('rank', x.scope_rank, 'employee_no', x.employee_no, 'name', x.agent_name,
                                                                'team', x.team_name, 'total', x.total, 'grade', x.grade,
                                                                'grade_zh', perfeval.grade_label(x.grade, 'zh')) ORDER BY x.scope_rank)
                            FROM (SELECT r.* FROM r WHERE r.total IS NOT NULL ORDER BY r.scope_rank DESC LIMIT 5) AS x), '[]'),
        'trend', jsonb_build_object(
            'keys', coalesce((SELECT jsonb_agg(mo.k ORDER BY mo.starts_on) FROM months AS mo), '[]'),
            'teams', coalesce((SELECT jsonb_agg(jsonb_build_object('code', tt.code, 'name', tt.name, 'mean_totals', tt.vals)
                                                ORDER BY tt.code COLLATE "C") FROM team_trend AS tt), '[]')),
        'scorecard', (SELECT jsonb_build_object(
                          'employee_no', t1.employee_no, 'name', t1.agent_name, 'team', t1.team_name, 'rank', t1.scope_rank,
                          'total', t1.total, 'grade', t1.grade, 'grade_zh', perfeval.grade_label(t1.grade, 'zh'),
                          'dimensions', jsonb_build_object('attitude', t1.attitude, 'capability', t1.capability,
                                                           'efficiency', t1.efficiency, 'satisfaction', t1.satisfaction),
                          'indicators', coalesce((SELECT jsonb_agg(jsonb_build_object(
                                                      'code', i.code, 'zh', i.name_zh, 'en', i.name_en, 'dimension', i.dimension,
                                                      'weight_pct', round(ri.weight_bp::numeric / 100, 2),
                                                      'raw_value', ri.raw_value, 'score', ri.score)
                                                  ORDER BY i.handbook_id COLLATE "C", i.code COLLATE "C")
                                                  FROM perfeval.result_indicator AS ri
                                                  JOIN perfeval.indicator AS i ON i.id = ri.indicator_id
                                                  WHERE ri.period_id = t1.period_id AND ri.agent_id = t1.agent_id
                                                    AND ri.revision = t1.revision), '[]'))
                      FROM top1 AS t1),
        'consequences', jsonb_build_object(
            'bonus', coalesce((SELECT jsonb_agg(jsonb_build_object('grade', x.grade, 'grade_zh', x.grade_zh, 'eligible', x.eligible,
                                                                   'coefficient', x.coefficient, 'agents', x.n) ORDER BY x.grade DESC)
                               FROM (SELECT b.grade, b.grade_zh, b.eligible, b.coefficient, count(*) AS n
                                     FROM perfeval.bonus_eligibility AS b
                                     WHERE b.period_id = p.id AND (department_id IS NULL OR b.department_id = department_id)
                                     GROUP BY b.grade, b.grade_zh, b.eligible, b.coefficient) AS x), '[]'),
            'training', coalesce((SELECT jsonb_agg(jsonb_build_object('employee_no', x.employee_no, 'name', x.agent_name,
                                                                      'total', x.total, 'weakest_dimension', x.weakest_dimension)
                                                   ORDER BY x.employee_no COLLATE "C")
                                  FROM perfeval.training_needs AS x
                                  WHERE x.period_id = p.id AND x.training_suggested
                                    AND (department_id IS NULL OR x.department_id = department_id)), '[]'),
            'promotion', coalesce((SELECT jsonb_agg(jsonb_build_object('employee_no', x.employee_no, 'name', x.agent_name,
                                                                       'streak', x.streak, 'total', x.last_total)
                                                    ORDER BY x.employee_no COLLATE "C")
                                   FROM perfeval.promotion_candidates AS x
                                   WHERE x.last_period_id = p.id AND (department_id IS NULL OR x.department_id = department_id)), '[]'),
            'care', coalesce((SELECT jsonb_agg(jsonb_build_object('employee_no', x.employee_no, 'name', x.agent_name,
                                                                  'grade', x.last_grade, 'total', x.last_total)
                                               ORDER BY x.employee_no COLLATE "C")
                              FROM perfeval.care_list AS x
                              WHERE x.last_period_id = p.id AND (department_id IS NULL OR x.department_id = department_id)), '[]'),
            'bottom_elimination', coalesce((SELECT jsonb_agg(jsonb_build_object('employee_no', x.employee_no, 'name', x.agent_name,
                                                                                'streak', x.streak, 'total', x.last_total, 'final', x.final)
                                                             ORDER BY x.employee_no COLLATE "C")
                                            FROM perfeval.bottom_elimination AS x
                                            WHERE x.last_period_id = p.id AND (department_id IS NULL OR x.department_id = department_id)), '[]')),
        'appeals', jsonb_build_object(
            'total', (SELECT count(*) FROM ap),
            'by_outcome', (SELECT jsonb_object_agg(o.outcome, (SELECT count(*) FROM ap WHERE coalesce(ap.outcome, 'open') = o.outcome))
                           FROM unnest(ARRAY['open', 'upheld', 'dismissed', 'ineligible', 'withdrawn']) AS o(outcome)),
            'by_team', coalesce((SELECT jsonb_agg(jsonb_build_object('team', x.name, 'appeals', x.n, 'upheld', x.upheld,
                                                                     'dismissed', x.dismissed, 'open', x.open)
                                                  ORDER BY x.code COLLATE "C")
                                 FROM (SELECT t.code, t.name, count(*) AS n, count(*) FILTER (WHERE ap.outcome = 'upheld') AS upheld,
                                              count(*) FILTER (WHERE ap.outcome = 'dismissed') AS dismissed,
                                              count(*) FILTER (WHERE ap.outcome IS NULL) AS open
                                       FROM ap JOIN perfeval.team AS t ON t.id = ap.team_id GROUP BY t.code, t.name) AS x), '[]'),
            'suggestions', coalesce((SELECT jsonb_agg(jsonb_build_object('id', s.id, 'employee_no', g.employee_no, 'name', g.name,
                                                                         'appeal_id', s.appeal_id, 'suggestion', s.suggestion,
                                                                         'state', s.state, 'recognition', s.recognition)
                                                      ORDER BY s.id)
                                     FROM perfeval.suggestion AS s
                                     JOIN perfeval.agent AS g ON g.id = s.agent_id
                                     JOIN perfeval.team AS t ON t.id = g.team_id
                                     WHERE s.period_id = p.id AND (department_id IS NULL OR t.department_id = department_id)), '[]')),
        'data_quality', (SELECT jsonb_build_object('indicators', count(*), 'measured', coalesce(sum(q.measured), 0),
                                                   'missing', coalesce(sum(q.missing), 0), 'quarantined', coalesce(sum(q.quarantined), 0),
                                                   'outlying', coalesce(sum(q.outlying), 0), 'scope', 'company')
                         FROM perfeval.data_quality AS q WHERE q.period_id = p.id))
    INTO res;
    RETURN res;
END
$$;
COMMENT ON FUNCTION @extschema@.report_content(integer, integer) IS
'the period report''s content as jsonb from the current results (H-3.2.6, H-4.3 (6)): the company''s (department NULL) or one department''s (H-4.3 (8)): period key and labels, summary, grade distributions of the scope, departments and teams, top 10 and bottom 5, the teams'' monthly trend through the year, the first-ranked agent''s scorecard, the consequence lists, appeal statistics and suggestions (H-8.3.4-5), data quality; for HR, leadership, the service and a department''s managers (42501 else), computed with the caller''s rights';

CREATE TABLE @extschema@.period_report (
    id             serial PRIMARY KEY,
    period_id      integer NOT NULL REFERENCES @extschema@.period (id),
    department_id  integer REFERENCES @extschema@.department (id),
    version        integer NOT NULL CHECK (version OPERATOR(pg_catalog.>=) 1),
    state          text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'approved')),
    content        jsonb NOT NULL,
    reason         text,
    compiled_at    timestamptz NOT NULL DEFAULT pg_catalog.now(),
    compiled_by    name NOT NULL,
    approved_at    timestamptz,
    approved_by    name,
    CONSTRAINT period_report_version_key UNIQUE NULLS NOT DISTINCT (period_id, department_id, version),
    CONSTRAINT period_report_approved CHECK (
        (state OPERATOR(pg_catalog.=) 'approved') OPERATOR(pg_catalog.=) (approved_at IS NOT NULL)
        AND (approved_at IS NULL) OPERATOR(pg_catalog.=) (approved_by IS NULL)),
    CONSTRAINT period_report_reason CHECK (version OPERATOR(pg_catalog.=) 1 OR reason IS NOT NULL)
);
CREATE UNIQUE INDEX period_report_one_draft ON @extschema@.period_report (period_id, department_id) NULLS NOT DISTINCT
    WHERE (state OPERATOR(pg_catalog.=) 'draft');
CREATE INDEX period_report_department_id_idx ON @extschema@.period_report (department_id);
COMMENT ON TABLE @extschema@.period_report IS
'the period report (H-3.2.6) of the company (department_id NULL) or a department (H-4.3 (8)), in versions: HR compiles a draft (report_compile), leadership approves it (report_approve, H-3.2.7), after which the row never changes; a correction is the next version (the old one kept)';
COMMENT ON COLUMN @extschema@.period_report.id IS 'surrogate key of the report version';
COMMENT ON COLUMN @extschema@.period_report.period_id IS 'the period reported (period.id)';
COMMENT ON COLUMN @extschema@.period_report.department_id IS 'the department of a department report; NULL for the company report';
COMMENT ON COLUMN @extschema@.period_report.version IS '1, 2, ... per period and scope; a version after the first corrects the one before';
COMMENT ON COLUMN @extschema@.period_report.state IS 'draft (HR may recompile it) or approved (fixed, H-3.2.7)';
COMMENT ON COLUMN @extschema@.period_report.content IS 'the content as report_content computed it when compiled: fixed once approved (report_html renders it)';
COMMENT ON COLUMN @extschema@.period_report.reason IS 'why a version after the first was compiled (required for it)';
COMMENT ON COLUMN @extschema@.period_report.compiled_at IS 'when the content was (last) compiled';
COMMENT ON COLUMN @extschema@.period_report.compiled_by IS 'the HR role that compiled it';
COMMENT ON COLUMN @extschema@.period_report.approved_at IS 'when leadership approved it, NULL for a draft';
COMMENT ON COLUMN @extschema@.period_report.approved_by IS 'the leadership role that approved it';

-- report_compile(period, department, reason, actor): HR compiles the
-- report of an approved period (step compile of flow report): the draft of
-- the scope is recompiled, or a new version is started (version 1, or the
-- last approved one + 1 with a reason).  Returns the report's id.
CREATE FUNCTION @extschema@.report_compile(period_id integer, department_id integer DEFAULT NULL, reason text DEFAULT NULL,
                                           actor name DEFAULT CURRENT_USER)
RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_variable
DECLARE
    st text;
    c jsonb;
    rid integer;
    v integer;
BEGIN
    IF period_id IS NULL OR actor IS NULL THEN
        RAISE EXCEPTION 'period_id and actor must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    PERFORM perfeval.check_actor(actor);
    PERFORM perfeval.require_step_role('the period report', 'report', 'draft', 'draft', NULL, NULL);
    IF reason IS NOT NULL THEN
        reason := perfeval.interview_text(reason, 'reason');
    END IF;
    SELECT p.state INTO st FROM perfeval.period AS p WHERE p.id = period_id FOR SHARE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'period % does not exist', period_id USING ERRCODE = 'undefined_object';
    END IF;
    IF st <> 'approved' THEN
        RAISE EXCEPTION 'period % is not approved', period_id
            USING ERRCODE = 'object_not_in_prerequisite_state', DETAIL = format('The period is %s.', st),
                  HINT = 'The report summarises final results: approve the period first (perfeval.approve, H-3.2.7).';
    END IF;
    c := perfeval.report_content(period_id, department_id);
    -- one compile at a time per scope
    PERFORM pg_advisory_xact_lock(hashtext('perfeval.period_report'), period_id);
    SELECT r.id INTO rid FROM perfeval.period_report AS r
    WHERE r.period_id = period_id AND r.department_id IS NOT DISTINCT FROM department_id AND r.state = 'draft';
    IF FOUND THEN
        UPDATE perfeval.period_report AS r SET content = c, compiled_at = now(), compiled_by = actor,
                                               reason = coalesce(report_compile.reason, r.reason)
        WHERE r.id = rid;
        RETURN rid;
    END IF;
    SELECT coalesce(max(r.version), 0) + 1 INTO v FROM perfeval.period_report AS r
    WHERE r.period_id = period_id AND r.department_id IS NOT DISTINCT FROM department_id;
    IF v > 1 AND reason IS NULL THEN
        RAISE EXCEPTION 'version % of the report corrects an approved one and needs a reason', v
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Pass reason => ''why the approved report is corrected'' (the approved version is kept).';
    END IF;
    INSERT INTO perfeval.period_report AS r (period_id, department_id, version, content, reason, compiled_by)
    VALUES (period_id, department_id, v, c, reason, actor)
    RETURNING r.id INTO rid;
    RETURN rid;
END
$$;
COMMENT ON FUNCTION @extschema@.report_compile(integer, integer, text, name) IS
'HR compiles the period report of an approved period, for the company (department NULL) or a department (H-3.2.6, H-4.3 (8); step compile of flow report): recompiles the scope''s draft, or starts the next version (after an approved one: with a reason); returns the report id';

-- report_approve(report, actor): leadership approves a draft whose content
-- is still what the results give (else 55000: recompile it), H-3.2.7.
CREATE FUNCTION @extschema@.report_approve(report_id integer, actor name DEFAULT CURRENT_USER)
RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_variable
DECLARE
    r perfeval.period_report;
BEGIN
    IF report_id IS NULL OR actor IS NULL THEN
        RAISE EXCEPTION 'report_id and actor must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    PERFORM perfeval.check_actor(actor);
    SELECT * INTO r FROM perfeval.period_report AS x WHERE x.id = report_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'report % does not exist', report_id USING ERRCODE = 'undefined_object';
    END IF;
    PERFORM perfeval.require_step_role('the period report', 'report', 'draft', 'approved', NULL, NULL);
    PERFORM perfeval.require_flow_step('report', r.id, r.state, 'approve', 'approved');
    IF perfeval.report_content(r.period_id, r.department_id) IS DISTINCT FROM r.content THEN
        RAISE EXCEPTION 'report % no longer matches the results', report_id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'Results, consequences or appeals of the period changed after it was compiled.',
                  HINT = 'HR recompiles it (perfeval.report_compile), then leadership approves what it shows.';
    END IF;
    UPDATE perfeval.period_report AS x SET state = 'approved', approved_at = now(), approved_by = actor WHERE x.id = r.id;
    RETURN r.version;
END
$$;
COMMENT ON FUNCTION @extschema@.report_approve(integer, name) IS
'leadership approves a draft period report (H-3.2.7; step approve of flow report) when its content still matches the results (55000 else: recompile); from then on the row is fixed; returns the version';

CREATE TRIGGER _direct_write_guard BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.period_report
    FOR EACH ROW EXECUTE FUNCTION @extschema@.direct_write_guard();
COMMENT ON TRIGGER _direct_write_guard ON @extschema@.period_report IS 'direct writes refused (42501): reports are written by report_compile and report_approve only';
CREATE TRIGGER period_report_approved_fixed BEFORE UPDATE OR DELETE ON @extschema@.period_report
    FOR EACH ROW WHEN (OLD.state OPERATOR(pg_catalog.=) 'approved')
    EXECUTE FUNCTION @extschema@.append_only('An approved period report is fixed (H-3.2.7).',
                                             'Compile a corrected version with perfeval.report_compile(period, department, reason => ...); the approved one is kept.');
CREATE TRIGGER period_report_truncate BEFORE TRUNCATE ON @extschema@.period_report
    FOR EACH STATEMENT
    EXECUTE FUNCTION @extschema@.append_only('Approved period reports are kept (H-3.2.7).', 'Reports are never truncated.');
COMMENT ON TRIGGER period_report_approved_fixed ON @extschema@.period_report IS
'an approved report cannot change or go (55000), not even by its owner (H-3.2.7)';
COMMENT ON TRIGGER period_report_truncate ON @extschema@.period_report IS
'reports are never truncated (55000, H-3.2.7)';

-- report_readable_department_ids(): the departments whose reports the
-- current user may read beyond sees_all(): those of the teams it manages.
CREATE FUNCTION @extschema@.report_department_ids()
RETURNS SETOF integer
LANGUAGE sql
STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT DISTINCT t.department_id FROM perfeval.team AS t
    WHERE t.id IN (SELECT m.id FROM perfeval.managed_team_ids() AS m(id))
$$;
COMMENT ON FUNCTION @extschema@.report_department_ids() IS
'the departments of the teams the current user manages (every department for HR): whose department reports it reads (H-4.3 (8))';

ALTER TABLE @extschema@.period_report ENABLE ROW LEVEL SECURITY;
CREATE POLICY period_report_read ON @extschema@.period_report FOR SELECT
    USING ((SELECT @extschema@.sees_all()) OR department_id IN (SELECT @extschema@.report_department_ids()));
CREATE POLICY period_report_insert ON @extschema@.period_report FOR INSERT
    WITH CHECK ((SELECT @extschema@.is_hr()));
CREATE POLICY period_report_update ON @extschema@.period_report FOR UPDATE
    USING ((SELECT @extschema@.is_hr()) OR (SELECT @extschema@.is_member_of('perfeval_leadership')))
    WITH CHECK ((SELECT @extschema@.is_hr()) OR (SELECT @extschema@.is_member_of('perfeval_leadership')));
COMMENT ON POLICY period_report_read ON @extschema@.period_report IS
'HR, leadership and the service read every report; a manager the reports of its department (H-4.3 (8)); agents and the analyst none (the ranking names people)';
COMMENT ON POLICY period_report_insert ON @extschema@.period_report IS 'HR compiles reports (H-3.2.6)';
COMMENT ON POLICY period_report_update ON @extschema@.period_report IS 'HR recompiles drafts, leadership approves (H-3.2.7)';

-- period_report_version: every report version with its place in the chain.
CREATE VIEW @extschema@.period_report_version WITH (security_invoker = true) AS
SELECT r.id AS report_id, r.period_id, @extschema@.period_key(p.kind, p.starts_on) AS period_key,
       r.department_id, d.code AS department_code, r.version, r.state, r.reason,
       r.compiled_at, r.compiled_by, r.approved_at, r.approved_by,
       r.state OPERATOR(pg_catalog.=) 'approved' AND NOT EXISTS (
           SELECT FROM @extschema@.period_report AS n
           WHERE n.period_id OPERATOR(pg_catalog.=) r.period_id AND n.department_id IS NOT DISTINCT FROM r.department_id
             AND n.state OPERATOR(pg_catalog.=) 'approved' AND n.version OPERATOR(pg_catalog.>) r.version) AS in_force,
       (SELECT pg_catalog.min(n.id) FROM @extschema@.period_report AS n
        WHERE n.period_id OPERATOR(pg_catalog.=) r.period_id AND n.department_id IS NOT DISTINCT FROM r.department_id
          AND n.version OPERATOR(pg_catalog.=) (r.version OPERATOR(pg_catalog.+) 1)) AS next_version_id,
       @extschema@.period_label(p.kind, p.starts_on, 'zh') AS period_label,
       @extschema@.period_label(p.kind, p.starts_on, 'en') AS period_label_en
FROM @extschema@.period_report AS r
JOIN @extschema@.period AS p ON p.id OPERATOR(pg_catalog.=) r.period_id
LEFT JOIN @extschema@.department AS d ON d.id OPERATOR(pg_catalog.=) r.department_id;
COMMENT ON VIEW @extschema@.period_report_version IS
'every period report version the reader may read, with whether it is the approved version in force (the newest approved one of its period and scope) and the id of the version that follows it (H-3.2.7)';
COMMENT ON COLUMN @extschema@.period_report_version.report_id IS 'the report version (period_report.id)';
COMMENT ON COLUMN @extschema@.period_report_version.period_id IS 'the period (period.id)';
COMMENT ON COLUMN @extschema@.period_report_version.period_key IS 'period_key: 2025-03, 2025-Q1 or 2025';
COMMENT ON COLUMN @extschema@.period_report_version.department_id IS 'the department of a department report, NULL for the company';
COMMENT ON COLUMN @extschema@.period_report_version.department_code IS 'the department''s code, NULL for the company';
COMMENT ON COLUMN @extschema@.period_report_version.version IS '1, 2, ... per period and scope';
COMMENT ON COLUMN @extschema@.period_report_version.state IS 'draft or approved';
COMMENT ON COLUMN @extschema@.period_report_version.reason IS 'why the version corrects the one before';
COMMENT ON COLUMN @extschema@.period_report_version.compiled_at IS 'when it was compiled';
COMMENT ON COLUMN @extschema@.period_report_version.compiled_by IS 'the HR role that compiled it';
COMMENT ON COLUMN @extschema@.period_report_version.approved_at IS 'when leadership approved it';
COMMENT ON COLUMN @extschema@.period_report_version.approved_by IS 'the leadership role that approved it';
COMMENT ON COLUMN @extschema@.period_report_version.in_force IS 'true for the newest approved version of its period and scope';
COMMENT ON COLUMN @extschema@.period_report_version.next_version_id IS 'the report id of the next version (the correction), NULL for the newest';
COMMENT ON COLUMN @extschema@.period_report_version.period_label IS 'its Chinese label (period_label): 2025年3月, 2025年第1季度, 2025年';
COMMENT ON COLUMN @extschema@.period_report_version.period_label_en IS 'its English label: Mar 2025, Q1 2025, 2025';

GRANT SELECT ON @extschema@.suggestion TO perfeval_agent, perfeval_manager, perfeval_hr, perfeval_leadership, perfeval_service;
GRANT INSERT ON @extschema@.suggestion TO perfeval_agent, perfeval_manager, perfeval_hr, perfeval_leadership, perfeval_service;
GRANT UPDATE ON @extschema@.suggestion TO perfeval_hr;
GRANT USAGE ON SEQUENCE @extschema@.suggestion_id_seq TO perfeval_agent, perfeval_manager, perfeval_hr, perfeval_leadership, perfeval_service;
GRANT SELECT ON @extschema@.period_report, @extschema@.period_report_version
    TO perfeval_manager, perfeval_hr, perfeval_leadership, perfeval_service;
GRANT INSERT ON @extschema@.period_report TO perfeval_hr;
GRANT UPDATE ON @extschema@.period_report TO perfeval_hr, perfeval_leadership;
GRANT USAGE ON SEQUENCE @extschema@.period_report_id_seq TO perfeval_hr;

SELECT pg_catalog.pg_extension_config_dump('perfeval.suggestion', '');
SELECT pg_catalog.pg_extension_config_dump('perfeval.suggestion_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('perfeval.period_report', '');
SELECT pg_catalog.pg_extension_config_dump('perfeval.period_report_id_seq', '');
