/* src/sql/40_org.sql — the evaluation cycle: organisation, periods and indicators (H-2, H-3.1) */

-- ---------------------------------------------------------------------------
-- Organisation (issue 4 item 1)
-- ---------------------------------------------------------------------------

CREATE TABLE @extschema@.department (
    id          serial PRIMARY KEY,
    code        text NOT NULL UNIQUE CHECK (code OPERATOR(pg_catalog.<>) ''),
    name        text NOT NULL CHECK (name OPERATOR(pg_catalog.<>) ''),
    manager     text,
    created_at  timestamptz NOT NULL DEFAULT pg_catalog.now()
);
COMMENT ON TABLE @extschema@.department IS
'a department of the contact centre; results are ranked within it (H-3.2.6)';
COMMENT ON COLUMN @extschema@.department.manager IS 'the department manager''s name (H-6.3.1)';
COMMENT ON COLUMN @extschema@.department.id IS 'surrogate key of the department';
COMMENT ON COLUMN @extschema@.department.code IS 'short unique code of the department';
COMMENT ON COLUMN @extschema@.department.name IS 'the department''s name';
COMMENT ON COLUMN @extschema@.department.created_at IS 'when the row was created';

CREATE TABLE @extschema@.team (
    id             serial PRIMARY KEY,
    department_id  integer NOT NULL REFERENCES @extschema@.department (id),
    code           text NOT NULL UNIQUE CHECK (code OPERATOR(pg_catalog.<>) ''),
    name           text NOT NULL CHECK (name OPERATOR(pg_catalog.<>) ''),
    manager        text,
    manager_role   name,
    created_at     timestamptz NOT NULL DEFAULT pg_catalog.now()
);
CREATE INDEX team_department_id_idx ON @extschema@.team (department_id);
COMMENT ON TABLE @extschema@.team IS
'a team of agents with its first-line manager (H-9.1); results are ranked within it';
COMMENT ON COLUMN @extschema@.team.manager IS 'the team manager''s name';
COMMENT ON COLUMN @extschema@.team.manager_role IS 'the database role of the team manager, if any (for row-level security)';
COMMENT ON COLUMN @extschema@.team.id IS 'surrogate key of the team';
COMMENT ON COLUMN @extschema@.team.department_id IS 'the department the team belongs to (department.id)';
COMMENT ON COLUMN @extschema@.team.code IS 'short unique code of the team';
COMMENT ON COLUMN @extschema@.team.name IS 'the team''s name';
COMMENT ON COLUMN @extschema@.team.created_at IS 'when the row was created';

CREATE TABLE @extschema@.agent (
    id           serial PRIMARY KEY,
    employee_no  text NOT NULL UNIQUE CHECK (employee_no OPERATOR(pg_catalog.<>) ''),
    name         text NOT NULL CHECK (name OPERATOR(pg_catalog.<>) ''),
    team_id      integer NOT NULL REFERENCES @extschema@.team (id),
    hired_on     date NOT NULL CHECK (pg_catalog.isfinite(hired_on)),
    left_on      date CHECK (pg_catalog.isfinite(left_on)),
    active       boolean NOT NULL DEFAULT true,
    role_name    name UNIQUE,
    created_at   timestamptz NOT NULL DEFAULT pg_catalog.now(),
    CHECK (left_on OPERATOR(pg_catalog.>=) hired_on)
);
CREATE INDEX agent_team_id_idx ON @extschema@.agent (team_id);
COMMENT ON TABLE @extschema@.agent IS
'a customer-service agent; a period evaluates every agent employed during it (hired_on <= ends_on, left_on NULL or >= starts_on), H-1.2.1';
COMMENT ON COLUMN @extschema@.agent.employee_no IS 'the unique employee number; the stable key that breaks rank ties';
COMMENT ON COLUMN @extschema@.agent.active IS 'currently on the roster (for the consequence views); evaluation goes by hired_on / left_on';
COMMENT ON COLUMN @extschema@.agent.role_name IS 'the agent''s own database role, if any (for row-level security)';
COMMENT ON COLUMN @extschema@.agent.id IS 'surrogate key of the agent';
COMMENT ON COLUMN @extschema@.agent.name IS 'the agent''s full name';
COMMENT ON COLUMN @extschema@.agent.team_id IS 'the agent''s current team (team.id); results record the team when evaluated';
COMMENT ON COLUMN @extschema@.agent.hired_on IS 'first working day with the company';
COMMENT ON COLUMN @extschema@.agent.left_on IS 'last working day, NULL while employed';
COMMENT ON COLUMN @extschema@.agent.created_at IS 'when the row was created';

-- ---------------------------------------------------------------------------
-- Periods (issue 4 item 2, H-3.1)
-- ---------------------------------------------------------------------------

CREATE TABLE @extschema@.period (
    id           serial PRIMARY KEY,
    kind         text NOT NULL CHECK (kind IN ('month', 'quarter', 'year')),
    starts_on    date NOT NULL CHECK (pg_catalog.isfinite(starts_on)),
    ends_on      date NOT NULL CHECK (pg_catalog.isfinite(ends_on)),
    state        text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed', 'approved')),
    closed_at    timestamptz,
    approved_at  timestamptz,
    approved_by  name,
    created_at   timestamptz NOT NULL DEFAULT pg_catalog.now(),
    -- H-3.1.2-4: exactly the natural calendar month, quarter or year
    CONSTRAINT period_natural CHECK (
        starts_on OPERATOR(pg_catalog.=) pg_catalog.date_trunc(kind, starts_on::timestamp)::date
        AND ends_on OPERATOR(pg_catalog.=) (starts_on::timestamp OPERATOR(pg_catalog.+) CASE kind WHEN 'month' THEN interval '1 month'
                                                          WHEN 'quarter' THEN interval '3 months'
                                                          ELSE interval '1 year' END
                       OPERATOR(pg_catalog.-) interval '1 day')::date),
    -- natural periods of one kind overlap only when they are the same period
    CONSTRAINT period_kind_starts_on_key UNIQUE (kind, starts_on),
    CONSTRAINT period_approved_has_time CHECK (state OPERATOR(pg_catalog.<>) 'approved' OR approved_at IS NOT NULL)
);
CREATE INDEX period_starts_on_idx ON @extschema@.period (starts_on);
COMMENT ON TABLE @extschema@.period IS
'an appraisal period: a natural month, quarter or year (H-3.1.1-4), both ends inclusive; state open -> closed -> approved (H-3.2.7)';
COMMENT ON COLUMN @extschema@.period.state IS 'open (collecting data), closed (data collection over), approved (results final, H-3.2.7)';
COMMENT ON COLUMN @extschema@.period.id IS 'surrogate key of the period';
COMMENT ON COLUMN @extschema@.period.kind IS 'month, quarter or year: a natural calendar period (H-3.1.2-4)';
COMMENT ON COLUMN @extschema@.period.starts_on IS 'first day of the period';
COMMENT ON COLUMN @extschema@.period.ends_on IS 'last day of the period';
COMMENT ON COLUMN @extschema@.period.closed_at IS 'when close_period closed the period (data collection ended, H-3.2.2)';
COMMENT ON COLUMN @extschema@.period.approved_at IS 'when approve approved the period''s results (they are locked from then on, H-3.2.7)';
COMMENT ON COLUMN @extschema@.period.approved_by IS 'the role that approved the period';
COMMENT ON COLUMN @extschema@.period.created_at IS 'when the row was created';

-- Refuses state changes other than open -> closed -> approved, and any
-- change to an approved period (H-3.2.7).
CREATE FUNCTION @extschema@.period_guard()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.state = 'approved' THEN
            RAISE EXCEPTION 'period % is approved and cannot be deleted', OLD.id
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = 'Approved results are final (H-3.2.7).',
                      HINT = 'Approved periods are kept for the record.';
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.state = 'approved' AND NEW IS DISTINCT FROM OLD THEN
        RAISE EXCEPTION 'period % is approved and cannot be changed', OLD.id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'Approved results are final (H-3.2.7).',
                  HINT = 'Results change only through an appeal, as a new revision.';
    END IF;
    IF (NEW.kind, NEW.starts_on, NEW.ends_on) IS DISTINCT FROM (OLD.kind, OLD.starts_on, OLD.ends_on) THEN
        RAISE EXCEPTION 'the kind and dates of period % cannot be changed', OLD.id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Use perfeval.period_of(kind, day) to get another period.';
    END IF;
    IF NEW.state IS DISTINCT FROM OLD.state
       AND NOT (OLD.state = 'open' AND NEW.state IN ('closed', 'approved'))
       AND NOT (OLD.state = 'closed' AND NEW.state = 'approved') THEN
        RAISE EXCEPTION 'period % cannot go from % to %', OLD.id, OLD.state, NEW.state
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'A period goes open -> closed -> approved, never back.',
                  HINT = 'Allowed next steps: ' || CASE OLD.state WHEN 'open' THEN 'closed, approved'
                                                                  ELSE 'approved' END || '.';
    END IF;
    IF NEW.state = 'closed' AND OLD.state = 'open' AND NEW.closed_at IS NULL THEN
        NEW.closed_at := pg_catalog.now();
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION @extschema@.period_guard() IS
'trigger: a period moves open -> closed -> approved only, and an approved period is frozen (H-3.2.7)';

CREATE TRIGGER period_guard BEFORE UPDATE OR DELETE ON @extschema@.period
    FOR EACH ROW EXECUTE FUNCTION @extschema@.period_guard();
COMMENT ON TRIGGER period_guard ON @extschema@.period IS
'a period moves open -> closed -> approved only; an approved period is frozen (H-3.2.7)';

-- period_of(kind, day): the id of the natural period of that kind holding
-- day, created (state open) when missing (H-3.1.2-4).
CREATE FUNCTION @extschema@.period_of(kind text, day date)
RETURNS integer
LANGUAGE plpgsql
STRICT
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    k     text := lower(period_of.kind);
    first date;
    pid   integer;
BEGIN
    IF k NOT IN ('month', 'quarter', 'year') THEN
        RAISE EXCEPTION 'unknown period kind "%"', period_of.kind
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Use month, quarter or year (H-3.1.1).';
    END IF;
    IF NOT isfinite(period_of.day) THEN
        RAISE EXCEPTION 'day must be a finite date'
            USING ERRCODE = 'datetime_field_overflow',
                  DETAIL = format('The day given is %s.', period_of.day),
                  HINT = 'Pass a calendar date such as 2025-03-15.';
    END IF;
    first := date_trunc(k, period_of.day::timestamp)::date;
    SELECT p.id INTO pid FROM perfeval.period AS p WHERE p.kind = k AND p.starts_on = first;
    IF FOUND THEN
        RETURN pid;
    END IF;
    INSERT INTO perfeval.period AS p (kind, starts_on, ends_on)
    VALUES (k, first,
            (first::timestamp + CASE k WHEN 'month' THEN interval '1 month'
                                       WHEN 'quarter' THEN interval '3 months'
                                       ELSE interval '1 year' END - interval '1 day')::date)
    ON CONFLICT (kind, starts_on) DO NOTHING
    RETURNING p.id INTO pid;
    IF pid IS NULL THEN   -- created concurrently
        SELECT p.id INTO pid FROM perfeval.period AS p WHERE p.kind = k AND p.starts_on = first;
    END IF;
    RETURN pid;
END
$$;
COMMENT ON FUNCTION @extschema@.period_of(text, date) IS
'the id of the natural month, quarter or year holding day, created (open) if needed (H-3.1.2-4)';

CREATE FUNCTION @extschema@.close_period(period_id integer)
RETURNS void
LANGUAGE plpgsql
STRICT
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    st text;
BEGIN
    SELECT p.state INTO st FROM perfeval.period AS p WHERE p.id = period_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'period % does not exist', period_id
            USING ERRCODE = 'undefined_object', HINT = 'Get period ids from perfeval.period_of(kind, day).';
    END IF;
    IF st <> 'open' THEN
        RAISE EXCEPTION 'period % is %, not open', period_id, st
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = CASE st WHEN 'closed' THEN 'Allowed next step: approve.' ELSE 'No further step is allowed.' END;
    END IF;
    UPDATE perfeval.period AS p SET state = 'closed', closed_at = now() WHERE p.id = period_id;
END
$$;
COMMENT ON FUNCTION @extschema@.close_period(integer) IS
'ends data collection of an open period: open -> closed (H-3.2.2)';

-- ---------------------------------------------------------------------------
-- Indicators (issue 4 item 3, H-2)
-- ---------------------------------------------------------------------------

CREATE TABLE @extschema@.indicator (
    id           serial PRIMARY KEY,
    code         text NOT NULL UNIQUE CHECK (code OPERATOR(pg_catalog.~) '^[a-z][a-z0-9_]*$'),
    handbook_id  text,
    dimension    text NOT NULL CHECK (dimension IN ('attitude', 'capability', 'efficiency', 'satisfaction')),
    name_zh      text NOT NULL CHECK (name_zh OPERATOR(pg_catalog.<>) ''),
    name_en      text NOT NULL CHECK (name_en OPERATOR(pg_catalog.<>) ''),
    unit         text NOT NULL CHECK (unit IN ('rate', 'rating', 'score', 'seconds', 'count')),
    direction    text NOT NULL CHECK (direction IN ('higher_better', 'lower_better')),
    min_value    float8 CHECK (min_value OPERATOR(pg_catalog.>) '-infinity' AND min_value OPERATOR(pg_catalog.<) 'infinity'),
    max_value    float8 CHECK (max_value OPERATOR(pg_catalog.>) '-infinity' AND max_value OPERATOR(pg_catalog.<) 'infinity'),
    seeded       boolean NOT NULL DEFAULT false,
    CHECK (min_value OPERATOR(pg_catalog.<) max_value)
);
COMMENT ON TABLE @extschema@.indicator IS
'an appraisal indicator: the 16 of H-2 (4 dimensions x 4) are seeded, users add their own';
COMMENT ON COLUMN @extschema@.indicator.unit IS
'rate (a fraction 0-1), rating (0-100 by a reviewer), score (a survey scale, see min/max), seconds, count';
COMMENT ON COLUMN @extschema@.indicator.min_value IS 'the smallest valid raw value (NULL: unbounded); a measurement outside [min_value, max_value] is refused (H-4.3)';
COMMENT ON COLUMN @extschema@.indicator.max_value IS 'the largest valid raw value (NULL: unbounded)';
COMMENT ON COLUMN @extschema@.indicator.seeded IS 'true for the rows the extension ships; they are read-only and not dumped';
COMMENT ON COLUMN @extschema@.indicator.id IS 'surrogate key of the indicator';
COMMENT ON COLUMN @extschema@.indicator.code IS 'unique lower-case code of the indicator, used by imports';
COMMENT ON COLUMN @extschema@.indicator.handbook_id IS 'the handbook rule that defines the indicator (H-...), NULL for a user''s own';
COMMENT ON COLUMN @extschema@.indicator.dimension IS 'attitude, capability, efficiency or satisfaction: the dimension of H-2 the indicator belongs to';
COMMENT ON COLUMN @extschema@.indicator.name_zh IS 'the indicator''s name in Chinese';
COMMENT ON COLUMN @extschema@.indicator.name_en IS 'the indicator''s name in English';
COMMENT ON COLUMN @extschema@.indicator.direction IS 'higher_better or lower_better';

INSERT INTO @extschema@.indicator (code, handbook_id, dimension, name_zh, name_en, unit, direction, min_value, max_value, seeded) VALUES
 ('polite_phrase_rate',      'H-2.1.1', 'attitude',     '礼貌用语使用率',   'polite-phrase usage rate',   'rate',    'higher_better', 0, 1,    true),
 ('proactive_service',       'H-2.1.2', 'attitude',     '主动服务意识',     'proactive service',          'rating',  'higher_better', 0, 100,  true),
 ('emotion_management',      'H-2.1.3', 'attitude',     '情绪管理能力',     'emotion management',         'rating',  'higher_better', 0, 100,  true),
 ('expression_clarity',      'H-2.1.4', 'attitude',     '语言表达能力',     'clarity of expression',      'rating',  'higher_better', 0, 100,  true),
 ('product_knowledge',       'H-2.2.1', 'capability',   '产品知识掌握程度', 'product knowledge',          'score',   'higher_better', 0, 100,  true),
 ('operational_proficiency', 'H-2.2.2', 'capability',   '业务操作熟练度',   'operational proficiency',    'rating',  'higher_better', 0, 100,  true),
 ('problem_resolution_rate', 'H-2.2.3', 'capability',   '问题解决能力',     'problem solving (resolution rate)', 'rate', 'higher_better', 0, 1, true),
 ('teamwork',                'H-2.2.4', 'capability',   '团队协作能力',     'teamwork',                   'rating',  'higher_better', 0, 100,  true),
 ('avg_response_seconds',    'H-2.3.1', 'efficiency',   '平均响应时间',     'average response time',      'seconds', 'lower_better',  0, NULL, true),
 ('survey_reply_rate',       'H-2.3.2', 'efficiency',   '客户满意度回复率', 'satisfaction-survey reply rate', 'rate', 'higher_better', 0, 1,   true),
 ('handling_seconds',        'H-2.3.3', 'efficiency',   '业务处理速度',     'handling time',              'seconds', 'lower_better',  0, NULL, true),
 ('entry_accuracy_rate',     'H-2.3.4', 'efficiency',   '信息录入准确率',   'data-entry accuracy',        'rate',    'higher_better', 0, 1,    true),
 ('csat_score',              'H-2.4.1', 'satisfaction', '客户满意度评分',   'customer satisfaction score', 'score',  'higher_better', 1, 5,    true),
 ('complaint_rate',          'H-2.4.2', 'satisfaction', '客户投诉率',       'complaint rate',             'rate',    'lower_better',  0, 1,    true),
 ('repeat_contact_rate',     'H-2.4.3', 'satisfaction', '客户重复咨询率',   'repeat-contact rate',        'rate',    'lower_better',  0, 1,    true),
 ('winback_rate',            'H-2.4.4', 'satisfaction', '客户挽回率',       'win-back rate',              'rate',    'higher_better', 0, 1,    true);

-- Refuses changes to the rows the extension seeded (they are not dumped, so
-- a change would be lost by pg_dump; H-1.2.3 wants changes as new rows).
CREATE FUNCTION @extschema@.seeded_guard()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF OLD.seeded THEN
        RAISE EXCEPTION 'rows seeded by perfeval are read-only'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = format('%s of %s.%s is seeded.', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME),
                  HINT = 'Add your own indicator or a scheme version with a later valid_from instead (H-1.2.3).';
    END IF;
    RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END
$$;
COMMENT ON FUNCTION @extschema@.seeded_guard() IS
'trigger: seeded indicators and the seeded scheme version are read-only (add versions instead, H-1.2.3)';

CREATE TRIGGER indicator_seeded_guard BEFORE UPDATE OR DELETE ON @extschema@.indicator
    FOR EACH ROW EXECUTE FUNCTION @extschema@.seeded_guard();
COMMENT ON TRIGGER indicator_seeded_guard ON @extschema@.indicator IS
'the 16 seeded indicators of H-2 are read-only';

-- pg_dump keeps users' rows (seeded rows excluded) and the positions of the
-- owned sequences.  One call per statement (each call updates pg_extension);
-- the schema is fixed (not relocatable), so the names are written out.
SELECT pg_catalog.pg_extension_config_dump('perfeval.department', '');
SELECT pg_catalog.pg_extension_config_dump('perfeval.department_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('perfeval.team', '');
SELECT pg_catalog.pg_extension_config_dump('perfeval.team_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('perfeval.agent', '');
SELECT pg_catalog.pg_extension_config_dump('perfeval.agent_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('perfeval.period', '');
SELECT pg_catalog.pg_extension_config_dump('perfeval.period_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('perfeval.indicator', 'WHERE NOT seeded');
SELECT pg_catalog.pg_extension_config_dump('perfeval.indicator_id_seq', '');
