/* src/sql/41_scheme.sql — the evaluation cycle: versioned schemes (H-1.2.3, H-3.2.1, H-5.3.3, H-9.2) */

-- A scheme version is valid from valid_from until the day before the next
-- version's valid_from (view perfeval.scheme_validity): validity ranges
-- cannot overlap by construction, and adding a version never requires
-- editing an older one.  The seeded default scheme is valid from the
-- beginning: its valid_from is NULL (an open start, which clients read as
-- their null rather than as an infinite date); every other version has a
-- first day.
CREATE TABLE @extschema@.scheme_version (
    id            serial PRIMARY KEY,
    name          text NOT NULL CHECK (name OPERATOR(pg_catalog.<>) ''),
    valid_from    date UNIQUE CHECK (pg_catalog.isfinite(valid_from)),
    grading       text NOT NULL DEFAULT 'cutoffs' CHECK (grading IN ('cutoffs', 'quota')),
    cutoffs       float8[] NOT NULL DEFAULT '{90,80,70,60}'
                  -- grade_of checks them: four finite, strictly decreasing numbers (22023)
                  CHECK (@extschema@.grade_of(0, cutoffs) IS NOT NULL),
    quotas        integer[]
                  CHECK (pg_catalog.array_ndims(quotas) OPERATOR(pg_catalog.=) 1 AND pg_catalog.cardinality(quotas) OPERATOR(pg_catalog.=) 5
                         AND pg_catalog.array_position(quotas, NULL) IS NULL
                         AND 0 OPERATOR(pg_catalog.<=) ALL (quotas)
                         AND (quotas[1] OPERATOR(pg_catalog.+) quotas[2] OPERATOR(pg_catalog.+) quotas[3] OPERATOR(pg_catalog.+) quotas[4] OPERATOR(pg_catalog.+) quotas[5]) OPERATOR(pg_catalog.=) 100),
    quota_scope   text NOT NULL DEFAULT 'team' CHECK (quota_scope IN ('team', 'department', 'company')),
    blend         float8[] NOT NULL DEFAULT '{20,30,50}'
                  -- blend checks them: three finite non-negative weights, positive sum (22023)
                  CHECK (@extschema@.blend(0, 0, 0, blend) IS NOT NULL),
    note          text,
    seeded        boolean NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL DEFAULT pg_catalog.now(),
    CONSTRAINT scheme_version_open_start CHECK (valid_from IS NOT NULL OR seeded),
    CONSTRAINT scheme_version_quotas_given CHECK (grading OPERATOR(pg_catalog.<>) 'quota' OR quotas IS NOT NULL)
);
COMMENT ON TABLE @extschema@.scheme_version IS
'a version of the appraisal scheme: indicator weights and normalisation (scheme_item), grade cutoffs or quotas, layer blend; valid from valid_from until the next version (H-1.2.3, H-5.3.3, H-9.2)';
COMMENT ON COLUMN @extschema@.scheme_version.valid_from IS 'first day on which the version applies, NULL for an open start (valid from the beginning: the seeded default); a period is evaluated under the version valid on its first day (H-3.2.1)';
COMMENT ON COLUMN @extschema@.scheme_version.grading IS 'cutoffs: absolute grade cutoffs (grade_of); quota: forced distribution (quota_grade) within quota_scope';
COMMENT ON COLUMN @extschema@.scheme_version.cutoffs IS 'scores for excellent, good, medium, pass (H-5.1); the product default is 90/80/70/60';
COMMENT ON COLUMN @extschema@.scheme_version.quotas IS 'forced distribution: percentages for excellent, good, medium, pass, fail, summing to 100';
COMMENT ON COLUMN @extschema@.scheme_version.quota_scope IS 'the group within which quotas apply: team, department or company';
COMMENT ON COLUMN @extschema@.scheme_version.blend IS 'weights of the self, department and company evaluation layers (H-3.2.3); the product default is 20/30/50';
COMMENT ON COLUMN @extschema@.scheme_version.id IS 'surrogate key of the scheme version';
COMMENT ON COLUMN @extschema@.scheme_version.name IS 'the scheme version''s name';
COMMENT ON COLUMN @extschema@.scheme_version.note IS 'free-text remark';
COMMENT ON COLUMN @extschema@.scheme_version.seeded IS 'true on the rows CREATE EXTENSION ships (the handbook''s defaults); these are write-protected';
COMMENT ON COLUMN @extschema@.scheme_version.created_at IS 'when the row was created';

CREATE TABLE @extschema@.scheme_item (
    scheme_version_id   integer NOT NULL REFERENCES @extschema@.scheme_version (id) ON DELETE CASCADE,
    indicator_id        integer NOT NULL REFERENCES @extschema@.indicator (id),
    weight_bp           integer NOT NULL CHECK (weight_bp BETWEEN 0 AND 10000),
    worst               float8,
    best                float8,
    breakpoints         float8[],
    scores              float8[],
    critical            boolean NOT NULL DEFAULT false,
    critical_threshold  float8 CHECK (critical_threshold OPERATOR(pg_catalog.>) '-infinity' AND critical_threshold OPERATOR(pg_catalog.<) 'infinity'),
    seeded              boolean NOT NULL DEFAULT false,
    PRIMARY KEY (scheme_version_id, indicator_id),
    -- exactly one normalisation: linear (worst, best) or piecewise (breakpoints, scores)
    CONSTRAINT scheme_item_one_normalisation CHECK (
        (worst IS NOT NULL AND best IS NOT NULL AND breakpoints IS NULL AND scores IS NULL)
        OR (worst IS NULL AND best IS NULL AND breakpoints IS NOT NULL AND scores IS NOT NULL)),
    -- normalize / normalize_piecewise check their parameters (22023)
    CONSTRAINT scheme_item_linear_valid CHECK (worst IS NULL OR @extschema@.normalize(worst, worst, best) IS NOT NULL),
    CONSTRAINT scheme_item_piecewise_valid CHECK (
        breakpoints IS NULL
        OR (@extschema@.normalize_piecewise(breakpoints[pg_catalog.array_lower(breakpoints, 1)], breakpoints, scores) IS NOT NULL
            AND 0 OPERATOR(pg_catalog.<=) ALL (scores) AND 100 OPERATOR(pg_catalog.>=) ALL (scores))),
    CONSTRAINT scheme_item_critical_threshold CHECK (NOT critical OR critical_threshold IS NOT NULL)
);
CREATE INDEX scheme_item_indicator_id_idx ON @extschema@.scheme_item (indicator_id);
COMMENT ON TABLE @extschema@.scheme_item IS
'one indicator of a scheme version: weight in basis points (a version''s weights total 10,000, checked at commit), normalisation to 0-100, critical flag (H-2, H-3.2.1)';
COMMENT ON COLUMN @extschema@.scheme_item.weight_bp IS 'weight in basis points; the weights of a version total exactly 10,000 (checked at COMMIT)';
COMMENT ON COLUMN @extschema@.scheme_item.worst IS 'linear normalisation: the raw value scoring 0 (perfeval.normalize); worst > best for lower-is-better indicators';
COMMENT ON COLUMN @extschema@.scheme_item.best IS 'linear normalisation: the raw value scoring 100';
COMMENT ON COLUMN @extschema@.scheme_item.breakpoints IS 'piecewise normalisation: raw values (perfeval.normalize_piecewise)';
COMMENT ON COLUMN @extschema@.scheme_item.scores IS 'piecewise normalisation: the 0-100 score at each breakpoint';
COMMENT ON COLUMN @extschema@.scheme_item.critical IS 'a critical item (一票否决): a raw value worse than critical_threshold fails the whole result (total 0, grade fail)';
COMMENT ON COLUMN @extschema@.scheme_item.critical_threshold IS 'raw value beyond which a critical item fails: below it for higher-is-better indicators, above it for lower-is-better ones';
COMMENT ON COLUMN @extschema@.scheme_item.scheme_version_id IS 'the scheme version the item belongs to (scheme_version.id)';
COMMENT ON COLUMN @extschema@.scheme_item.indicator_id IS 'the indicator weighted (indicator.id)';
COMMENT ON COLUMN @extschema@.scheme_item.seeded IS 'true on the items CREATE EXTENSION ships (the handbook''s default scheme)';

-- The validity range of every version: [valid_from, next version's valid_from).
CREATE VIEW @extschema@.scheme_validity AS
SELECT v.id AS scheme_version_id,
       v.name,
       v.valid_from,
       pg_catalog.lead(v.valid_from) OVER (ORDER BY v.valid_from NULLS FIRST) OPERATOR(pg_catalog.-) 1 AS valid_until,
       pg_catalog.daterange(v.valid_from, pg_catalog.lead(v.valid_from) OVER (ORDER BY v.valid_from NULLS FIRST)) AS valid_during
FROM @extschema@.scheme_version AS v;
COMMENT ON VIEW @extschema@.scheme_validity IS
'each scheme version''s validity: from valid_from to the day before the next version starts (NULL valid_until: open-ended); ranges never overlap (H-1.2.3)';
COMMENT ON COLUMN @extschema@.scheme_validity.scheme_version_id IS 'the scheme version (scheme_version.id)';
COMMENT ON COLUMN @extschema@.scheme_validity.name IS 'the scheme version''s name';
COMMENT ON COLUMN @extschema@.scheme_validity.valid_from IS 'first day on which the version applies, NULL for an open start (valid from the beginning: the seeded default); a period is evaluated under the version valid on its first day (H-3.2.1)';
COMMENT ON COLUMN @extschema@.scheme_validity.valid_until IS 'last day it is valid: the day before the next version''s valid_from, NULL for the newest';
COMMENT ON COLUMN @extschema@.scheme_validity.valid_during IS 'the days it is valid, as a daterange [valid_from, next valid_from), unbounded below for an open start';

-- scheme_at(day): the scheme version valid on day, or NULL.
CREATE FUNCTION @extschema@.scheme_at(day date)
RETURNS integer
LANGUAGE sql
STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT v.id FROM perfeval.scheme_version AS v
    WHERE v.valid_from <= $1 OR (v.valid_from IS NULL AND v.seeded)
    ORDER BY v.valid_from DESC NULLS LAST
    LIMIT 1
$$;
COMMENT ON FUNCTION @extschema@.scheme_at(date) IS
'the id of the scheme version valid on day (the latest valid_from on or before it; the seeded default, valid_from NULL, from the beginning), NULL when none (H-3.2.1)';

-- Deferred check that a version's weights total 10,000 basis points: it
-- runs at COMMIT (or SET CONSTRAINTS ... IMMEDIATE), so a version can be
-- built or edited row by row inside one transaction (H-3.2.1, H-9.2).
CREATE FUNCTION @extschema@.scheme_weights_check()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    vid    integer := CASE TG_OP WHEN 'DELETE' THEN OLD.scheme_version_id ELSE NEW.scheme_version_id END;
    total  bigint;
    n      bigint;
BEGIN
    IF NOT EXISTS (SELECT FROM perfeval.scheme_version AS v WHERE v.id = vid) THEN
        RETURN NULL;            -- the version itself was deleted
    END IF;
    SELECT coalesce(sum(i.weight_bp), 0), count(*) INTO total, n
    FROM perfeval.scheme_item AS i WHERE i.scheme_version_id = vid;
    IF total <> 10000 THEN
        RAISE EXCEPTION 'weights of scheme version % total % basis points, not 10000', vid, total
            USING ERRCODE = 'check_violation',
                  DETAIL = format('The version has %s indicators; their weights must total exactly 10,000 basis points (100%%).', n),
                  HINT = 'Adjust weight_bp of the version''s scheme_item rows in the same transaction; the check runs at commit.';
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION @extschema@.scheme_weights_check() IS
'deferred constraint trigger: a scheme version''s weights total 10,000 basis points at commit (H-3.2.1)';

CREATE CONSTRAINT TRIGGER scheme_item_weights_total
    AFTER INSERT OR UPDATE OR DELETE ON @extschema@.scheme_item
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION @extschema@.scheme_weights_check();
COMMENT ON TRIGGER scheme_item_weights_total ON @extschema@.scheme_item IS
'deferred: a version''s weights total 10,000 basis points at commit (H-3.2.1)';

-- A version used by the results of an approved period is frozen: its
-- items and settings stay as they were when the results were computed, so
-- the record stays auditable (H-1.2.3, H-3.2.7).  Seeded rows are
-- read-only altogether (seeded_guard).
CREATE FUNCTION @extschema@.scheme_frozen_guard()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    vid integer;
BEGIN
    IF TG_TABLE_NAME = 'scheme_version' THEN
        vid := OLD.id;
    ELSE
        vid := OLD.scheme_version_id;
    END IF;
    IF OLD.seeded THEN
        RAISE EXCEPTION 'rows seeded by perfeval are read-only'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = format('%s of %s.%s of the seeded scheme version %s.', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME, vid),
                  HINT = 'Add a scheme version with a later valid_from instead (H-1.2.3).';
    END IF;
    IF EXISTS (SELECT FROM perfeval.result AS r JOIN perfeval.period AS p ON p.id = r.period_id
               WHERE r.scheme_version_id = vid AND p.state = 'approved') THEN
        RAISE EXCEPTION 'scheme version % is used by approved results and cannot be changed', vid
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'Approved results keep the scheme they were evaluated under (H-1.2.3, H-3.2.7).',
                  HINT = 'Add a scheme version with a later valid_from instead.';
    END IF;
    RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END
$$;
COMMENT ON FUNCTION @extschema@.scheme_frozen_guard() IS
'trigger: seeded scheme rows, and versions used by approved results, are read-only (H-1.2.3)';

CREATE TRIGGER scheme_version_frozen_guard BEFORE UPDATE OR DELETE ON @extschema@.scheme_version
    FOR EACH ROW EXECUTE FUNCTION @extschema@.scheme_frozen_guard();
COMMENT ON TRIGGER scheme_version_frozen_guard ON @extschema@.scheme_version IS
'the seeded version and versions used by approved results are read-only (H-1.2.3)';
CREATE TRIGGER scheme_item_frozen_guard BEFORE UPDATE OR DELETE ON @extschema@.scheme_item
    FOR EACH ROW EXECUTE FUNCTION @extschema@.scheme_frozen_guard();
COMMENT ON TRIGGER scheme_item_frozen_guard ON @extschema@.scheme_item IS
'items of the seeded version and of versions used by approved results are read-only (H-1.2.3)';

-- The default scheme the product ships (its choice, documented in the
-- README): valid from the beginning of time until a user adds a version.
INSERT INTO @extschema@.scheme_version (id, name, valid_from, grading, cutoffs, blend, note, seeded)
VALUES (1, 'perfeval default', NULL, 'cutoffs', '{90,80,70,60}', '{20,30,50}',
        'the product default: attitude 20%, capability 20%, efficiency 25%, satisfaction 35%; cutoffs 90/80/70/60; blend self 20 / department 30 / company 50',
        true);
SELECT pg_catalog.setval(pg_catalog.pg_get_serial_sequence(t.typrelid::pg_catalog.regclass::text, 'id'), 1)
FROM pg_catalog.pg_type AS t WHERE t.oid = pg_catalog.pg_typeof(NULL::@extschema@.scheme_version);

INSERT INTO @extschema@.scheme_item (scheme_version_id, indicator_id, weight_bp, worst, best, breakpoints, scores, critical, critical_threshold, seeded)
SELECT 1, i.id, d.weight_bp, d.worst, d.best, d.breakpoints, d.scores, d.critical, d.critical_threshold, true
FROM (VALUES
    -- attitude 2,000
    ('polite_phrase_rate',       500, 0.80::float8, 1.00::float8, NULL::float8[], NULL::float8[], false, NULL::float8),
    ('proactive_service',        500, 50, 100, NULL, NULL, false, NULL),
    ('emotion_management',       500, 50, 100, NULL, NULL, false, NULL),
    ('expression_clarity',       500, 50, 100, NULL, NULL, false, NULL),
    -- capability 2,000
    ('product_knowledge',        500, 60, 100, NULL, NULL, false, NULL),
    ('operational_proficiency',  500, 50, 100, NULL, NULL, false, NULL),
    ('problem_resolution_rate',  700, 0.50, 0.90, NULL, NULL, false, NULL),
    ('teamwork',                 300, 50, 100, NULL, NULL, false, NULL),
    -- efficiency 2,500
    ('avg_response_seconds',     800, 60, 10, NULL, NULL, false, NULL),
    ('survey_reply_rate',        400, 0.10, 0.50, NULL, NULL, false, NULL),
    ('handling_seconds',         800, 900, 300, NULL, NULL, false, NULL),
    ('entry_accuracy_rate',      500, 0.95, 1.00, NULL, NULL, false, NULL),
    -- satisfaction 3,500
    ('csat_score',              1200, NULL, NULL, '{3.0,4.0,4.5,5.0}', '{0,60,85,100}', false, NULL),
    ('complaint_rate',          1000, 0.02, 0.00, NULL, NULL, true, 0.05),
    ('repeat_contact_rate',      700, 0.30, 0.05, NULL, NULL, false, NULL),
    ('winback_rate',             600, 0.10, 0.60, NULL, NULL, false, NULL)
) AS d(code, weight_bp, worst, best, breakpoints, scores, critical, critical_threshold)
JOIN @extschema@.indicator AS i ON i.code = d.code;

-- pg_dump keeps users' rows (seeded rows excluded) and the positions of the
-- owned sequences.  One call per statement (each call updates pg_extension);
-- the schema is fixed (not relocatable), so the names are written out.
SELECT pg_catalog.pg_extension_config_dump('perfeval.scheme_version', 'WHERE NOT seeded');
SELECT pg_catalog.pg_extension_config_dump('perfeval.scheme_version_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('perfeval.scheme_item', 'WHERE NOT seeded');
