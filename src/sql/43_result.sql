/* src/sql/43_result.sql — the evaluation cycle: results with revisions and the approval lock (H-3.2.3-7) */

-- One row per agent, period and revision.  Its references (period, agent,
-- scheme version, team, department, the indicators of its arrays) are not
-- foreign keys, checked row by row, but checked once per statement on both
-- sides (result_check, result_referenced; issue 11: the five per-row checks
-- of 10,000 results were a tenth of evaluate's time).  Pages are filled to
-- half, so that a re-run's update of a draft in place (same keys) is a HOT
-- update on the same page, without new index entries.  Revision 1 is written by
-- perfeval.evaluate; later revisions only by the appeal path (issue 5),
-- which inserts a new row: the old one is kept, is_current moves to the new
-- one.  Once the period is approved no row may be updated or deleted
-- (H-3.2.7) — except that is_current may go from true to false when a
-- newer revision is added.
CREATE TABLE @extschema@.result (
    id                 serial NOT NULL UNIQUE,
    period_id          integer NOT NULL,
    agent_id           integer NOT NULL,
    revision           integer NOT NULL DEFAULT 1 CHECK (revision OPERATOR(pg_catalog.>=) 1),
    is_current         boolean NOT NULL DEFAULT true,
    scheme_version_id  integer NOT NULL,
    team_id            integer NOT NULL,
    department_id      integer NOT NULL,
    attitude           numeric(7,4),
    capability         numeric(7,4),
    efficiency         numeric(7,4),
    satisfaction       numeric(7,4),
    measured_total     numeric(7,4),
    self_score         numeric(7,4),
    department_score   numeric(7,4),
    company_score      numeric(7,4),
    total              numeric(7,4),
    critical_failed    boolean NOT NULL DEFAULT false,
    grade              @extschema@.grade,
    rank_team          integer,
    rank_department    integer,
    rank_company       integer,
    indicators_rated   integer NOT NULL DEFAULT 0,
    months_rolled      integer,
    evaluated_at       timestamptz NOT NULL DEFAULT pg_catalog.now(),
    evaluated_by       name NOT NULL DEFAULT CURRENT_USER,
    revision_reason    text,
    indicator_ids      integer[] NOT NULL DEFAULT '{}',
    raw_values         float8[] NOT NULL DEFAULT '{}',
    scores             numeric[] NOT NULL DEFAULT '{}',
    weights_bp         integer[] NOT NULL DEFAULT '{}',
    indicators_failed  boolean[] NOT NULL DEFAULT '{}',
    PRIMARY KEY (period_id, agent_id, revision),
    CONSTRAINT result_one_current EXCLUDE USING btree (period_id WITH =, agent_id WITH =) WHERE (is_current)
        DEFERRABLE INITIALLY IMMEDIATE,
    CONSTRAINT result_revision_reason CHECK (revision OPERATOR(pg_catalog.=) 1 OR revision_reason IS NOT NULL),
    CONSTRAINT result_scores_range CHECK (
        attitude BETWEEN 0 AND 100 AND capability BETWEEN 0 AND 100 AND efficiency BETWEEN 0 AND 100
        AND satisfaction BETWEEN 0 AND 100 AND measured_total BETWEEN 0 AND 100 AND self_score BETWEEN 0 AND 100
        AND department_score BETWEEN 0 AND 100 AND company_score BETWEEN 0 AND 100 AND total BETWEEN 0 AND 100),
    CONSTRAINT result_graded CHECK ((total IS NULL) OPERATOR(pg_catalog.=) (grade IS NULL)),
    -- the indicator detail: five parallel one-dimensional arrays, one
    -- element per indicator, scores 0-100 (or NULL: not applicable)
    CONSTRAINT result_indicator_arrays CHECK (
        pg_catalog.cardinality(indicator_ids) OPERATOR(pg_catalog.=) pg_catalog.cardinality(raw_values)
        AND pg_catalog.cardinality(indicator_ids) OPERATOR(pg_catalog.=) pg_catalog.cardinality(scores)
        AND pg_catalog.cardinality(indicator_ids) OPERATOR(pg_catalog.=) pg_catalog.cardinality(weights_bp)
        AND pg_catalog.cardinality(indicator_ids) OPERATOR(pg_catalog.=) pg_catalog.cardinality(indicators_failed)
        AND COALESCE(pg_catalog.array_ndims(indicator_ids), 1) OPERATOR(pg_catalog.=) 1
        AND COALESCE(pg_catalog.array_ndims(scores), 1) OPERATOR(pg_catalog.=) 1
        AND pg_catalog.array_position(indicator_ids, NULL) IS NULL
        AND 0 OPERATOR(pg_catalog.<=) ALL (scores) AND 100 OPERATOR(pg_catalog.>=) ALL (scores))
) WITH (fillfactor = 50);
CREATE INDEX result_agent_id_idx ON @extschema@.result (agent_id, period_id);
CREATE INDEX result_scheme_version_id_idx ON @extschema@.result (scheme_version_id);
COMMENT ON TABLE @extschema@.result IS
'an agent''s result for a period: dimension subtotals, measured total, layers, blended total, grade and ranks (H-3.2.3, H-5.1); revision 1 from perfeval.evaluate, later revisions from appeals; locked once the period is approved (H-3.2.7)';
COMMENT ON COLUMN @extschema@.result.revision IS '1 = written by evaluate; 2, 3, ... = new revisions written by appeals (the old rows are kept)';
COMMENT ON COLUMN @extschema@.result.is_current IS 'true on the newest revision of (period, agent): exactly one per pair';
COMMENT ON COLUMN @extschema@.result.scheme_version_id IS 'the scheme version the result was computed under (valid on the period''s first day, H-1.2.3)';
COMMENT ON COLUMN @extschema@.result.team_id IS 'the agent''s team when evaluated (ranks are within it)';
COMMENT ON COLUMN @extschema@.result.department_id IS 'the team''s department when evaluated';
COMMENT ON COLUMN @extschema@.result.measured_total IS 'the weighted score of the indicators (N/A renormalised; 0 on a critical failure), H-3.2.3';
COMMENT ON COLUMN @extschema@.result.company_score IS 'the company layer: the company evaluation entered in layer_score, else measured_total';
COMMENT ON COLUMN @extschema@.result.total IS 'the blend of the self, department and company layers by the scheme''s weights, rounded to 4 decimals before grading and ranking; 0 on a critical failure';
COMMENT ON COLUMN @extschema@.result.critical_failed IS 'a critical indicator was beyond its threshold (一票否决): total 0, grade fail (for a quarter or year: some month failed)';
COMMENT ON COLUMN @extschema@.result.grade IS 'grade_of(total, cutoffs) or quota_grade within the scheme''s quota scope (H-5.1)';
COMMENT ON COLUMN @extschema@.result.rank_team IS '1 = best total in the team; ties broken by employee number';
COMMENT ON COLUMN @extschema@.result.months_rolled IS 'quarter and year results: the number of month totals averaged; NULL for months';
COMMENT ON COLUMN @extschema@.result.revision_reason IS 'why a revision after the first was written (the appeal, issue 5)';
COMMENT ON COLUMN @extschema@.result.id IS 'surrogate key of the result revision (referenced by rewards, appeals and bonus allocations)';
COMMENT ON COLUMN @extschema@.result.period_id IS 'the period evaluated (period.id)';
COMMENT ON COLUMN @extschema@.result.agent_id IS 'the agent evaluated (agent.id)';
COMMENT ON COLUMN @extschema@.result.attitude IS 'the attitude dimension subtotal, 0-100 (H-2.1)';
COMMENT ON COLUMN @extschema@.result.capability IS 'the capability dimension subtotal, 0-100 (H-2.2)';
COMMENT ON COLUMN @extschema@.result.efficiency IS 'the efficiency dimension subtotal, 0-100 (H-2.3)';
COMMENT ON COLUMN @extschema@.result.satisfaction IS 'the satisfaction dimension subtotal, 0-100 (H-2.4)';
COMMENT ON COLUMN @extschema@.result.self_score IS 'the self-evaluation layer from layer_score, NULL when none was entered (H-3.2.3)';
COMMENT ON COLUMN @extschema@.result.department_score IS 'the department evaluation layer from layer_score, NULL when none was entered (H-3.2.3)';
COMMENT ON COLUMN @extschema@.result.rank_department IS '1 = best total in the department; ties broken by employee number';
COMMENT ON COLUMN @extschema@.result.rank_company IS '1 = best total in the company; ties broken by employee number';
COMMENT ON COLUMN @extschema@.result.indicators_rated IS 'the number of indicators with a score (not N/A)';
COMMENT ON COLUMN @extschema@.result.evaluated_at IS 'when the revision was written';
COMMENT ON COLUMN @extschema@.result.evaluated_by IS 'the role that wrote the revision';
COMMENT ON COLUMN @extschema@.result.indicator_ids IS 'the indicator detail (read it as perfeval.result_indicator): the indicators scored, ascending (indicator.id)';
COMMENT ON COLUMN @extschema@.result.raw_values IS 'the indicator detail: the measured value of each of indicator_ids (for a quarter or year: the average of the months), NULL when not measured';
COMMENT ON COLUMN @extschema@.result.scores IS 'the indicator detail: the normalised 0-100 score (4 decimals) of each of indicator_ids, NULL when not applicable (H-2)';
COMMENT ON COLUMN @extschema@.result.weights_bp IS 'the indicator detail: the weight of each of indicator_ids in the scheme version, in basis points (1/10000)';
COMMENT ON COLUMN @extschema@.result.indicators_failed IS 'the indicator detail: whether each of indicator_ids is critical and its value was beyond the threshold (一票否决)';

-- The indicator detail of a result, stored in the result row as five
-- parallel arrays (issue 11: 158,000 indexed rows a month were most of what
-- evaluate wrote; the arrays are written in the same row, valid by
-- construction and locked with it) and read as one row per indicator
-- through this view, with the columns of the former table.  It reads
-- result as the caller (security_invoker), so result's row-level security
-- applies.
CREATE VIEW @extschema@.result_indicator WITH (security_invoker = true) AS
SELECT r.period_id, r.agent_id, r.revision, u.indicator_id, u.raw_value,
       u.score::numeric(7,4) AS score, u.weight_bp, u.critical_failed
FROM @extschema@.result AS r
CROSS JOIN LATERAL ROWS FROM (pg_catalog.unnest(r.indicator_ids), pg_catalog.unnest(r.raw_values), pg_catalog.unnest(r.scores),
                              pg_catalog.unnest(r.weights_bp), pg_catalog.unnest(r.indicators_failed))
    AS u(indicator_id, raw_value, score, weight_bp, critical_failed);
COMMENT ON VIEW @extschema@.result_indicator IS
'the indicator scores behind a result (normalised 0-100 under the result''s scheme version, H-2); for quarters and years the mean of the months; one row per element of the result''s indicator arrays (read-only: the detail is written with its result)';
COMMENT ON COLUMN @extschema@.result_indicator.period_id IS 'the period of the result (part of the result''s key)';
COMMENT ON COLUMN @extschema@.result_indicator.agent_id IS 'the agent of the result (part of the result''s key)';
COMMENT ON COLUMN @extschema@.result_indicator.revision IS 'the result revision (part of the result''s key)';
COMMENT ON COLUMN @extschema@.result_indicator.indicator_id IS 'the indicator scored (indicator.id)';
COMMENT ON COLUMN @extschema@.result_indicator.raw_value IS 'the measured value (for a quarter or year: the average of the months), NULL when not measured';
COMMENT ON COLUMN @extschema@.result_indicator.score IS 'the normalised 0-100 score of the value, NULL when not applicable (H-2)';
COMMENT ON COLUMN @extschema@.result_indicator.weight_bp IS 'the indicator''s weight in the scheme version, in basis points (1/10000)';
COMMENT ON COLUMN @extschema@.result_indicator.critical_failed IS 'the indicator is critical and its value was beyond the threshold (一票否决)';

-- result_check(): statement trigger after INSERT or UPDATE on result:
-- every new row names an existing period, agent, scheme version, team,
-- department and existing indicators, else 23503 as a foreign key would
-- (H-3.2.3).  One anti-join per reference over the statement's rows.
CREATE FUNCTION @extschema@.result_check()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
SET enable_nestloop = off
AS $$
DECLARE
    bad record;
BEGIN
    SELECT x.what, x.id INTO bad FROM (
        (SELECT 'period' AS what, n.period_id AS id FROM new_rows AS n
         WHERE NOT EXISTS (SELECT FROM perfeval.period AS t WHERE t.id = n.period_id) LIMIT 1)
        UNION ALL
        (SELECT 'agent', n.agent_id FROM new_rows AS n
         WHERE NOT EXISTS (SELECT FROM perfeval.agent AS t WHERE t.id = n.agent_id) LIMIT 1)
        UNION ALL
        (SELECT 'scheme_version', n.scheme_version_id FROM new_rows AS n
         WHERE NOT EXISTS (SELECT FROM perfeval.scheme_version AS t WHERE t.id = n.scheme_version_id) LIMIT 1)
        UNION ALL
        (SELECT 'team', n.team_id FROM new_rows AS n
         WHERE NOT EXISTS (SELECT FROM perfeval.team AS t WHERE t.id = n.team_id) LIMIT 1)
        UNION ALL
        (SELECT 'department', n.department_id FROM new_rows AS n
         WHERE NOT EXISTS (SELECT FROM perfeval.department AS t WHERE t.id = n.department_id) LIMIT 1)
        UNION ALL
        (SELECT 'indicator', u.id FROM new_rows AS n CROSS JOIN LATERAL unnest(n.indicator_ids) AS u(id)
         WHERE NOT EXISTS (SELECT FROM perfeval.indicator AS t WHERE t.id = u.id) LIMIT 1)) AS x
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'a result names % %, which does not exist', bad.what, bad.id
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = 'Every result names an existing period, agent, scheme version, team, department and indicators.',
                  HINT = 'Results are written by perfeval.evaluate and the appeal path.';
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION @extschema@.result_check() IS
'statement trigger: every inserted or updated result names an existing period, agent, scheme version, team, department and indicators (23503), checked once per statement (H-3.2.3)';

CREATE TRIGGER result_check_insert AFTER INSERT ON @extschema@.result
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.result_check();
CREATE TRIGGER result_check_update AFTER UPDATE ON @extschema@.result
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.result_check();
COMMENT ON TRIGGER result_check_insert ON @extschema@.result IS
'every inserted result names existing rows it refers to (23503), once per statement';
COMMENT ON TRIGGER result_check_update ON @extschema@.result IS
'every updated result names existing rows it refers to (23503), once per statement';

-- result_referenced(column): statement trigger after DELETE or UPDATE on
-- a table results refer to (period, agent, scheme_version, team,
-- department; the column of result is the argument): a row whose id is
-- gone while a result names it is 23503, as a foreign key would refuse.
CREATE FUNCTION @extschema@.result_referenced()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    bad integer;
BEGIN
    EXECUTE pg_catalog.format(
        'SELECT o.id FROM old_rows AS o
         WHERE NOT EXISTS (SELECT FROM %I.%I AS t WHERE t.id OPERATOR(pg_catalog.=) o.id)
           AND EXISTS (SELECT FROM perfeval.result AS r WHERE r.%I OPERATOR(pg_catalog.=) o.id)
         LIMIT 1', TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_ARGV[0]) INTO bad;
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION '% % is still referenced by results', TG_TABLE_NAME, bad
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = pg_catalog.format('perfeval.result.%s names it.', TG_ARGV[0]),
                  HINT = 'Results are kept (H-3.2.7); keep what they refer to.';
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION @extschema@.result_referenced() IS
'statement trigger on the tables results refer to: deleting or re-keying a row a result names is 23503, once per statement (H-3.2.7)';

CREATE TRIGGER result_referenced_delete AFTER DELETE ON @extschema@.period
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.result_referenced('period_id');
CREATE TRIGGER result_referenced_update AFTER UPDATE ON @extschema@.period
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.result_referenced('period_id');
COMMENT ON TRIGGER result_referenced_delete ON @extschema@.period IS
'a period that results name cannot be deleted (23503), once per statement';
COMMENT ON TRIGGER result_referenced_update ON @extschema@.period IS
'a period that results name cannot change its id (23503), once per statement';
CREATE TRIGGER result_referenced_delete AFTER DELETE ON @extschema@.agent
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.result_referenced('agent_id');
CREATE TRIGGER result_referenced_update AFTER UPDATE ON @extschema@.agent
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.result_referenced('agent_id');
COMMENT ON TRIGGER result_referenced_delete ON @extschema@.agent IS
'a agent that results name cannot be deleted (23503), once per statement';
COMMENT ON TRIGGER result_referenced_update ON @extschema@.agent IS
'a agent that results name cannot change its id (23503), once per statement';
CREATE TRIGGER result_referenced_delete AFTER DELETE ON @extschema@.scheme_version
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.result_referenced('scheme_version_id');
CREATE TRIGGER result_referenced_update AFTER UPDATE ON @extschema@.scheme_version
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.result_referenced('scheme_version_id');
COMMENT ON TRIGGER result_referenced_delete ON @extschema@.scheme_version IS
'a scheme version that results name cannot be deleted (23503), once per statement';
COMMENT ON TRIGGER result_referenced_update ON @extschema@.scheme_version IS
'a scheme version that results name cannot change its id (23503), once per statement';
CREATE TRIGGER result_referenced_delete AFTER DELETE ON @extschema@.team
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.result_referenced('team_id');
CREATE TRIGGER result_referenced_update AFTER UPDATE ON @extschema@.team
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.result_referenced('team_id');
COMMENT ON TRIGGER result_referenced_delete ON @extschema@.team IS
'a team that results name cannot be deleted (23503), once per statement';
COMMENT ON TRIGGER result_referenced_update ON @extschema@.team IS
'a team that results name cannot change its id (23503), once per statement';
CREATE TRIGGER result_referenced_delete AFTER DELETE ON @extschema@.department
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.result_referenced('department_id');
CREATE TRIGGER result_referenced_update AFTER UPDATE ON @extschema@.department
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.result_referenced('department_id');
COMMENT ON TRIGGER result_referenced_delete ON @extschema@.department IS
'a department that results name cannot be deleted (23503), once per statement';
COMMENT ON TRIGGER result_referenced_update ON @extschema@.department IS
'a department that results name cannot change its id (23503), once per statement';

-- result_lock_error(period, what): raises the approval lock's error.
CREATE FUNCTION @extschema@.result_lock_error(period_id integer, what text)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION 'results of period % are approved and cannot be %', period_id, what
        USING ERRCODE = 'object_not_in_prerequisite_state',
              DETAIL = 'Results are final once the period is approved (H-3.2.7).',
              HINT = 'An upheld appeal adds a new revision instead (H-8).';
END
$$;
COMMENT ON FUNCTION @extschema@.result_lock_error(integer, text) IS
'raises the 55000 error of the approval lock (H-3.2.7)';

-- Statement triggers over transition tables: one join per statement.
CREATE FUNCTION @extschema@.result_lock()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    pid integer;
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        SELECT p.id INTO pid FROM perfeval.period AS p
        WHERE p.state = 'approved'
          AND EXISTS (SELECT FROM perfeval.result AS r WHERE r.period_id = p.id)
        ORDER BY p.id LIMIT 1;
        IF FOUND THEN
            PERFORM perfeval.result_lock_error(pid, 'truncated');
        END IF;
        RETURN NULL;
    END IF;
    IF TG_OP = 'DELETE' THEN
        -- the distinct periods first: one pass over the deleted rows,
        -- whatever their number (a nested loop over them cost 22 ms per
        -- 16,000 rows)
        SELECT p.id INTO pid
        FROM (SELECT DISTINCT o.period_id FROM old_rows AS o) AS d
        JOIN perfeval.period AS p ON p.id = d.period_id AND p.state = 'approved'
        ORDER BY p.id LIMIT 1;
        IF FOUND THEN
            PERFORM perfeval.result_lock_error(pid, 'deleted');
        END IF;
        RETURN NULL;
    END IF;
    -- UPDATE: on an approved period only is_current true -> false may change;
    -- nothing to compare when no updated row is in an approved period (a
    -- draft re-run updates 10,000 rows)
    IF NOT EXISTS (SELECT FROM (SELECT DISTINCT o.period_id FROM old_rows AS o) AS d
                   JOIN perfeval.period AS p ON p.id = d.period_id AND p.state = 'approved') THEN
        RETURN NULL;
    END IF;
    -- (the indicator arrays are columns of the row: changed means refused)
    SELECT o.period_id INTO pid FROM old_rows AS o
    JOIN new_rows AS n ON n.id = o.id
    JOIN perfeval.period AS p ON p.id = o.period_id AND p.state = 'approved'
    WHERE (to_jsonb(o) - 'is_current') IS DISTINCT FROM (to_jsonb(n) - 'is_current')
       OR (n.is_current AND NOT o.is_current)
    ORDER BY o.period_id LIMIT 1;
    IF FOUND THEN
        PERFORM perfeval.result_lock_error(pid, 'changed');
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION @extschema@.result_lock() IS
'statement trigger: refuses UPDATE, DELETE and TRUNCATE of an approved period''s results (55000, H-3.2.7)';

CREATE TRIGGER result_lock_update AFTER UPDATE ON @extschema@.result
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.result_lock();
CREATE TRIGGER result_lock_delete AFTER DELETE ON @extschema@.result
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.result_lock();
CREATE TRIGGER result_lock_truncate BEFORE TRUNCATE ON @extschema@.result
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.result_lock();
COMMENT ON TRIGGER result_lock_update ON @extschema@.result IS
'the approval lock: UPDATE of an approved period''s rows is refused (55000, H-3.2.7)';
COMMENT ON TRIGGER result_lock_delete ON @extschema@.result IS
'the approval lock: DELETE of an approved period''s rows is refused (55000, H-3.2.7)';
COMMENT ON TRIGGER result_lock_truncate ON @extschema@.result IS
'the approval lock: TRUNCATE of an approved period''s rows is refused (55000, H-3.2.7)';
-- A new revision (revision > 1) must follow the newest one; it takes over
-- is_current from the previous revisions.
CREATE FUNCTION @extschema@.result_new_revision()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    newest integer;
BEGIN
    IF NEW.revision = 1 THEN
        RETURN NEW;
    END IF;
    SELECT max(r.revision) INTO newest FROM perfeval.result AS r
    WHERE r.period_id = NEW.period_id AND r.agent_id = NEW.agent_id;
    IF newest IS NULL OR NEW.revision <> newest + 1 THEN
        RAISE EXCEPTION 'revision % of the result of agent % in period % does not follow revision %',
                        NEW.revision, NEW.agent_id, NEW.period_id, coalesce(newest, 0)
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'A new revision is the newest revision plus one.';
    END IF;
    IF NEW.is_current THEN
        UPDATE perfeval.result AS r SET is_current = false
        WHERE r.period_id = NEW.period_id AND r.agent_id = NEW.agent_id AND r.is_current;
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION @extschema@.result_new_revision() IS
'trigger: a revision after the first follows the newest one and becomes the current one (issue 5 appeals)';

CREATE TRIGGER result_new_revision BEFORE INSERT ON @extschema@.result
    FOR EACH ROW WHEN (NEW.revision OPERATOR(pg_catalog.<>) 1)
    EXECUTE FUNCTION @extschema@.result_new_revision();
COMMENT ON TRIGGER result_new_revision ON @extschema@.result IS
'a revision after the first follows the newest one and takes over is_current';

-- The current revision of every result.
CREATE VIEW @extschema@.result_current AS
SELECT r.* FROM @extschema@.result AS r WHERE r.is_current;
COMMENT ON VIEW @extschema@.result_current IS
'the current revision of every result (one row per period and agent)';
COMMENT ON COLUMN @extschema@.result_current.id IS 'surrogate key of the result revision (referenced by rewards, appeals and bonus allocations)';
COMMENT ON COLUMN @extschema@.result_current.period_id IS 'the period evaluated (period.id)';
COMMENT ON COLUMN @extschema@.result_current.agent_id IS 'the agent evaluated (agent.id)';
COMMENT ON COLUMN @extschema@.result_current.revision IS '1 = written by evaluate; 2, 3, ... = new revisions written by appeals (the old rows are kept)';
COMMENT ON COLUMN @extschema@.result_current.is_current IS 'true on the newest revision of (period, agent): exactly one per pair';
COMMENT ON COLUMN @extschema@.result_current.scheme_version_id IS 'the scheme version the result was computed under (valid on the period''s first day, H-1.2.3)';
COMMENT ON COLUMN @extschema@.result_current.team_id IS 'the agent''s team when evaluated (ranks are within it)';
COMMENT ON COLUMN @extschema@.result_current.department_id IS 'the team''s department when evaluated';
COMMENT ON COLUMN @extschema@.result_current.attitude IS 'the attitude dimension subtotal, 0-100 (H-2.1)';
COMMENT ON COLUMN @extschema@.result_current.capability IS 'the capability dimension subtotal, 0-100 (H-2.2)';
COMMENT ON COLUMN @extschema@.result_current.efficiency IS 'the efficiency dimension subtotal, 0-100 (H-2.3)';
COMMENT ON COLUMN @extschema@.result_current.satisfaction IS 'the satisfaction dimension subtotal, 0-100 (H-2.4)';
COMMENT ON COLUMN @extschema@.result_current.measured_total IS 'the weighted score of the indicators (N/A renormalised; 0 on a critical failure), H-3.2.3';
COMMENT ON COLUMN @extschema@.result_current.self_score IS 'the self-evaluation layer from layer_score, NULL when none was entered (H-3.2.3)';
COMMENT ON COLUMN @extschema@.result_current.department_score IS 'the department evaluation layer from layer_score, NULL when none was entered (H-3.2.3)';
COMMENT ON COLUMN @extschema@.result_current.company_score IS 'the company layer: the company evaluation entered in layer_score, else measured_total';
COMMENT ON COLUMN @extschema@.result_current.total IS 'the blend of the self, department and company layers by the scheme''s weights, rounded to 4 decimals before grading and ranking; 0 on a critical failure';
COMMENT ON COLUMN @extschema@.result_current.critical_failed IS 'a critical indicator was beyond its threshold (一票否决): total 0, grade fail (for a quarter or year: some month failed)';
COMMENT ON COLUMN @extschema@.result_current.grade IS 'grade_of(total, cutoffs) or quota_grade within the scheme''s quota scope (H-5.1)';
COMMENT ON COLUMN @extschema@.result_current.rank_team IS '1 = best total in the team; ties broken by employee number';
COMMENT ON COLUMN @extschema@.result_current.rank_department IS '1 = best total in the department; ties broken by employee number';
COMMENT ON COLUMN @extschema@.result_current.rank_company IS '1 = best total in the company; ties broken by employee number';
COMMENT ON COLUMN @extschema@.result_current.indicators_rated IS 'the number of indicators with a score (not N/A)';
COMMENT ON COLUMN @extschema@.result_current.months_rolled IS 'quarter and year results: the number of month totals averaged; NULL for months';
COMMENT ON COLUMN @extschema@.result_current.evaluated_at IS 'when the revision was written';
COMMENT ON COLUMN @extschema@.result_current.evaluated_by IS 'the role that wrote the revision';
COMMENT ON COLUMN @extschema@.result_current.revision_reason IS 'why a revision after the first was written (the appeal, issue 5)';
COMMENT ON COLUMN @extschema@.result_current.indicator_ids IS 'the indicator detail (read it as perfeval.result_indicator): the indicators scored, ascending (indicator.id)';
COMMENT ON COLUMN @extschema@.result_current.raw_values IS 'the indicator detail: the measured value of each of indicator_ids (for a quarter or year: the average of the months), NULL when not measured';
COMMENT ON COLUMN @extschema@.result_current.scores IS 'the indicator detail: the normalised 0-100 score (4 decimals) of each of indicator_ids, NULL when not applicable (H-2)';
COMMENT ON COLUMN @extschema@.result_current.weights_bp IS 'the indicator detail: the weight of each of indicator_ids in the scheme version, in basis points (1/10000)';
COMMENT ON COLUMN @extschema@.result_current.indicators_failed IS 'the indicator detail: whether each of indicator_ids is critical and its value was beyond the threshold (一票否决)';

-- pg_dump keeps users' rows (seeded rows excluded) and the positions of the
-- owned sequences.  One call per statement (each call updates pg_extension);
-- the schema is fixed (not relocatable), so the names are written out.
SELECT pg_catalog.pg_extension_config_dump('perfeval.result', '');
SELECT pg_catalog.pg_extension_config_dump('perfeval.result_id_seq', '');
