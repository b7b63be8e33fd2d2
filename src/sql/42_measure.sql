/* src/sql/42_measure.sql — the evaluation cycle: measurements, import and quarantine, layer scores (H-3.2.2-3, H-4) */

CREATE TABLE @extschema@.measurement (
    id            serial PRIMARY KEY,
    agent_id      integer NOT NULL REFERENCES @extschema@.agent (id),
    period_id     integer NOT NULL REFERENCES @extschema@.period (id),
    indicator_id  integer NOT NULL REFERENCES @extschema@.indicator (id),
    value         float8 NOT NULL,
    source        text NOT NULL CHECK (source IN ('system_log', 'survey', 'recording', 'customer_review', 'third_party')),
    collected_at  timestamptz NOT NULL DEFAULT pg_catalog.now(),
    import_batch  text,
    CONSTRAINT measurement_agent_period_indicator_key UNIQUE (agent_id, period_id, indicator_id)
);
CREATE INDEX measurement_period_id_idx ON @extschema@.measurement (period_id, indicator_id);
COMMENT ON TABLE @extschema@.measurement IS
'a raw indicator value of one agent in one month (H-3.2.2, H-4.1); at most one per agent, period and indicator; a missing row means not applicable';
COMMENT ON COLUMN @extschema@.measurement.source IS 'H-4.1 source: system_log, survey, recording, customer_review, third_party';
COMMENT ON COLUMN @extschema@.measurement.value IS 'the raw value in the indicator''s unit, within [min_value, max_value] of the indicator';
COMMENT ON COLUMN @extschema@.measurement.import_batch IS 'the batch label given to perfeval.import_measurements, NULL for direct inserts';
COMMENT ON COLUMN @extschema@.measurement.id IS 'surrogate key of the measurement';
COMMENT ON COLUMN @extschema@.measurement.agent_id IS 'the agent measured (agent.id)';
COMMENT ON COLUMN @extschema@.measurement.period_id IS 'the period measured (period.id)';
COMMENT ON COLUMN @extschema@.measurement.indicator_id IS 'the indicator measured (indicator.id)';
COMMENT ON COLUMN @extschema@.measurement.collected_at IS 'when the value was collected at its source';

-- measurement_problem(indicator, period, value): why a raw value cannot be
-- stored, or NULL when it can (H-4.3 cleaning).  Shared by the insert check
-- and the bulk import, so both refuse the same things.
CREATE FUNCTION @extschema@.measurement_problem(indicator_id integer, period_id integer, value float8)
RETURNS text
LANGUAGE sql
STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE
        WHEN $3 IS NULL THEN 'value is missing'
        WHEN $3 = 'NaN'::float8
             OR $3 IN ('infinity'::float8, '-infinity'::float8) THEN 'value is not a finite number'
        WHEN i.id IS NULL THEN 'unknown indicator'
        WHEN p.id IS NULL THEN 'unknown period'
        WHEN p.kind <> 'month' THEN 'measurements belong to month periods'
        WHEN $3 < i.min_value OR $3 > i.max_value THEN
            CASE WHEN i.max_value IS NULL
                 THEN format('%s (%s, %s) must be at least %s', i.code, i.handbook_id, i.unit, i.min_value)
                 WHEN i.min_value IS NULL
                 THEN format('%s (%s, %s) must be at most %s', i.code, i.handbook_id, i.unit, i.max_value)
                 ELSE format('%s (%s, %s) must lie between %s and %s', i.code, i.handbook_id, i.unit, i.min_value, i.max_value)
            END
    END
    FROM (SELECT) AS one
    LEFT JOIN perfeval.indicator AS i ON i.id = $1
    LEFT JOIN perfeval.period AS p ON p.id = $2;
$$;
COMMENT ON FUNCTION @extschema@.measurement_problem(integer, integer, float8) IS
'why a raw value cannot be stored (outside the indicator''s scale, not finite, not a month...), NULL when it can (H-4.3)';

-- Refuses invalid measurements with 23514 and a detail naming the rule.
-- Statement-level over the transition table, so a bulk INSERT ... SELECT
-- is checked by one join instead of a lookup per row.
CREATE FUNCTION @extschema@.measurement_check()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    bad record;
BEGIN
    SELECT n.agent_id, n.period_id, n.indicator_id, n.value INTO bad
    FROM new_rows AS n
    LEFT JOIN perfeval.indicator AS i ON i.id = n.indicator_id
    LEFT JOIN perfeval.period AS p ON p.id = n.period_id
    WHERE n.value = 'NaN'::float8 OR n.value IN ('infinity'::float8, '-infinity'::float8)
       OR p.kind <> 'month' OR n.value < i.min_value OR n.value > i.max_value
    ORDER BY n.agent_id, n.period_id, n.indicator_id
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'invalid measurement: %',
                        perfeval.measurement_problem(bad.indicator_id, bad.period_id, bad.value)
            USING ERRCODE = 'check_violation',
                  DETAIL = format('Agent %s, period %s, indicator %s, value %s.',
                                  bad.agent_id, bad.period_id, bad.indicator_id, bad.value),
                  HINT = 'Rates are fractions between 0 and 1, durations non-negative seconds, ratings 0-100, scores within their scale, and values belong to months (H-4.3); perfeval.import_measurements quarantines such rows instead.';
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION @extschema@.measurement_check() IS
'statement trigger: refuses a raw value outside its indicator''s scale, not finite, or not in a month (23514, H-4.3)';

CREATE TRIGGER measurement_check_insert AFTER INSERT ON @extschema@.measurement
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.measurement_check();
CREATE TRIGGER measurement_check_update AFTER UPDATE ON @extschema@.measurement
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.measurement_check();
COMMENT ON TRIGGER measurement_check_insert ON @extschema@.measurement IS
'refuses inserted raw values outside their indicator''s scale, not finite, or not in a month (23514, H-4.3)';
COMMENT ON TRIGGER measurement_check_update ON @extschema@.measurement IS
'refuses updated raw values outside their indicator''s scale, not finite, or not in a month (23514, H-4.3)';

CREATE TABLE @extschema@.measurement_quarantine (
    id             serial PRIMARY KEY,
    raw            jsonb NOT NULL,
    raw_hash       text NOT NULL UNIQUE,
    reason         text NOT NULL,
    agent_id       integer REFERENCES @extschema@.agent (id),
    period_id      integer REFERENCES @extschema@.period (id),
    indicator_id   integer REFERENCES @extschema@.indicator (id),
    import_batch   text,
    quarantined_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    resolved_at    timestamptz
);
CREATE INDEX measurement_quarantine_period_id_idx ON @extschema@.measurement_quarantine (period_id, indicator_id);
COMMENT ON TABLE @extschema@.measurement_quarantine IS
'input rows perfeval.import_measurements refused, with the reason (H-4.3 cleaning: nothing is dropped silently); the same raw row is kept once';
COMMENT ON COLUMN @extschema@.measurement_quarantine.raw IS 'the input row exactly as given';
COMMENT ON COLUMN @extschema@.measurement_quarantine.raw_hash IS 'md5 of the raw row: importing it again adds nothing';
COMMENT ON COLUMN @extschema@.measurement_quarantine.resolved_at IS 'set by the user once the row has been dealt with; resolved rows leave the data-quality counts';
COMMENT ON COLUMN @extschema@.measurement_quarantine.id IS 'surrogate key of the quarantined row';
COMMENT ON COLUMN @extschema@.measurement_quarantine.reason IS 'why the row was refused (the check that failed)';
COMMENT ON COLUMN @extschema@.measurement_quarantine.agent_id IS 'the agent, when the row named one that exists (agent.id)';
COMMENT ON COLUMN @extschema@.measurement_quarantine.period_id IS 'the period, when the row named one that exists (period.id)';
COMMENT ON COLUMN @extschema@.measurement_quarantine.indicator_id IS 'the indicator, when the row named one that exists (indicator.id)';
COMMENT ON COLUMN @extschema@.measurement_quarantine.import_batch IS 'the import batch the row came in';
COMMENT ON COLUMN @extschema@.measurement_quarantine.quarantined_at IS 'when the row was quarantined';

-- try_float8(text): the number, or NULL when the text is not one.  No
-- exception block (a subtransaction per row would make imports slow): the
-- syntax and the range are checked first, so the cast cannot fail.
CREATE FUNCTION @extschema@.try_float8(t text)
RETURNS float8
LANGUAGE plpgsql
IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    n numeric;
BEGIN
    IF length(t) > 100 OR t !~ '^\s*[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]{1,4})?\s*$' THEN
        RETURN NULL;
    END IF;
    n := abs(t::numeric);
    IF n <> 0 AND (n < 1e-307 OR n >= 1e308) THEN
        RETURN NULL;
    END IF;
    RETURN t::float8;
END
$$;
COMMENT ON FUNCTION @extschema@.try_float8(text) IS
'the finite number written in t (at most 100 characters, magnitude 1e-307 to 1e308 or 0), NULL when t is not one (for the bulk import)';

-- try_date(text): the date, or NULL; 'YYYY-MM' means the month's first day.
CREATE FUNCTION @extschema@.try_date(t text)
RETURNS date
LANGUAGE plpgsql
IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    p text[] := regexp_match(t, '^\s*([0-9]{4})-([0-9]{1,2})(?:-([0-9]{1,2}))?\s*$');
    y int;
    m int;
    d int;
BEGIN
    IF p IS NULL THEN
        RETURN NULL;
    END IF;
    y := p[1]::int;
    m := p[2]::int;
    d := coalesce(p[3]::int, 1);
    IF y < 1 OR m NOT BETWEEN 1 AND 12 OR d < 1
       OR d > extract(day FROM make_date(y, m, 1) + interval '1 month' - interval '1 day') THEN
        RETURN NULL;
    END IF;
    RETURN make_date(y, m, d);
END
$$;
COMMENT ON FUNCTION @extschema@.try_date(text) IS
'the date written in t as YYYY-MM-DD (or YYYY-MM for a month''s first day), NULL when it is not a valid date (for the bulk import)';

-- try_timestamptz(text): the ISO 8601 timestamp, or NULL.  Every field is
-- checked before the cast, so the cast cannot fail.
CREATE FUNCTION @extschema@.try_timestamptz(t text)
RETURNS timestamptz
LANGUAGE plpgsql
STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    y int;
    m int;
    d int;
    p text[] := regexp_match(t, '^\s*([0-9]{4}-[0-9]{2}-[0-9]{2})(?:[ T]([01][0-9]|2[0-3]):([0-5][0-9])(?::([0-5][0-9])(?:\.[0-9]{1,6})?)?)?\s*(Z|[+-](?:0[0-9]|1[0-4])(?::?[0-5][0-9])?)?\s*$');
BEGIN
    IF p IS NULL THEN
        RETURN NULL;
    END IF;
    y := substr(p[1], 1, 4)::int;
    m := substr(p[1], 6, 2)::int;
    d := substr(p[1], 9, 2)::int;
    IF y < 1 OR m NOT BETWEEN 1 AND 12 OR d < 1
       OR d > extract(day FROM make_date(y, m, 1) + interval '1 month' - interval '1 day') THEN
        RETURN NULL;
    END IF;
    RETURN t::timestamptz;
END
$$;
COMMENT ON FUNCTION @extschema@.try_timestamptz(text) IS
'the timestamp written in t in ISO 8601 (YYYY-MM-DD[ T]HH:MI[:SS[.ffffff]][Z|+HH[:MM]]), NULL when it is not one (for the bulk import)';

-- import_measurements(rows, batch): loads the valid rows and quarantines
-- the others with their reason; idempotent (H-4.3 cleaning and integration).
-- A value that differs from the stored one replaces it, and the trigger
-- measurement_history_log keeps the old and new value with the batch, time
-- and user (H-4.3: nothing is lost silently).  Concurrent imports of one
-- agent, month and indicator serialise on that key (INSERT ... ON CONFLICT
-- DO UPDATE locks it; keys are taken in one order, so two imports never
-- deadlock on each other): the one that commits last wins, the earlier value
-- stays in the history.  The periods it writes are locked FOR SHARE, so an
-- approval waits for the import and an approved period takes no new or
-- changed value (H-3.2.7).  Where it cannot wait (REPEATABLE READ or
-- SERIALIZABLE, a row changed since the snapshot) it raises 40001 (40P01
-- for a deadlock with another writer), with the hint to retry.
CREATE FUNCTION @extschema@.import_measurements(rows jsonb, batch text DEFAULT NULL)
RETURNS TABLE (loaded integer, replaced integer, unchanged integer, quarantined integer)
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    n_loaded      integer;
    n_replaced    integer;
    n_unchanged   integer;
    n_quarantined integer;
    msg           text;
    det           text;
    st            text;
BEGIN
    IF rows IS NULL OR jsonb_typeof(rows) <> 'array' THEN
        RAISE EXCEPTION 'rows must be a JSON array of objects'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('The argument is %s.', coalesce(jsonb_typeof(rows), 'NULL')),
                  HINT = 'Pass [{"employee_no": "E001", "month": "2025-03", "indicator": "csat_score", "value": 4.6, "source": "survey", "collected_at": "2025-04-01T09:00:00Z"}, ...].';
    END IF;

    BEGIN
        IF to_regclass('pg_temp.perfeval_import') IS NULL THEN
            CREATE TEMP TABLE perfeval_import (
                ord bigint, raw jsonb, agent_id integer, period_id integer, indicator_id integer,
                value float8, source text, collected_at timestamptz, reason text) ON COMMIT DROP;
        END IF;
        IF to_regclass('pg_temp.perfeval_import_month') IS NULL THEN
            CREATE TEMP TABLE perfeval_import_month (txt text, d date, pid integer) ON COMMIT DROP;
        END IF;
        TRUNCATE pg_temp.perfeval_import, pg_temp.perfeval_import_month;

        -- each distinct month text once, its period created by period_of
        -- (idempotent) in a statement of its own, so that the checks below,
        -- measurement_problem included, see the periods it creates
        INSERT INTO pg_temp.perfeval_import_month
        SELECT q.txt, q.d, CASE WHEN q.d IS NOT NULL THEN perfeval.period_of('month', q.d) END
        FROM (SELECT t.txt, perfeval.try_date(t.txt) AS d
              FROM (SELECT DISTINCT x.e ->> 'month' AS txt
                    FROM jsonb_array_elements(rows) AS x(e)
                    WHERE jsonb_typeof(x.e) = 'object') AS t) AS q;

        -- the periods written stay in their state until this transaction ends
        PERFORM 1 FROM perfeval.period AS p
        WHERE p.id IN (SELECT mo.pid FROM pg_temp.perfeval_import_month AS mo)
        ORDER BY p.id
        FOR SHARE OF p;

        -- each row parsed once; each distinct collected_at text once
        INSERT INTO pg_temp.perfeval_import
        WITH src AS MATERIALIZED (
            SELECT x.ord, x.e, jsonb_typeof(x.e) = 'object' AS obj
            FROM jsonb_array_elements(rows) WITH ORDINALITY AS x(e, ord)),
        stamp AS MATERIALIZED (
            SELECT t.txt, perfeval.try_timestamptz(t.txt) AS ts
            FROM (SELECT DISTINCT src.e ->> 'collected_at' AS txt FROM src WHERE src.obj) AS t)
        SELECT s.ord, s.e, a.id, mo.pid, i.id, s.v, s.src, st.ts,
               CASE
                   WHEN NOT s.obj THEN 'row is not a JSON object'
                   WHEN s.e ->> 'employee_no' IS NULL THEN 'employee_no is missing'
                   WHEN a.id IS NULL THEN format('unknown employee_no "%s"', s.e ->> 'employee_no')
                   WHEN s.e ->> 'month' IS NULL THEN 'month is missing'
                   WHEN mo.d IS NULL THEN format('month "%s" is not a date (YYYY-MM or YYYY-MM-DD)', s.e ->> 'month')
                   WHEN s.e ->> 'indicator' IS NULL THEN 'indicator is missing'
                   WHEN i.id IS NULL THEN format('unknown indicator "%s"', s.e ->> 'indicator')
                   WHEN s.e ->> 'value' IS NULL THEN 'value is missing (leave the row out for not applicable)'
                   WHEN s.v IS NULL THEN format('value "%s" is not a finite number', s.e ->> 'value')
                   WHEN s.e ->> 'source' IS NULL THEN 'source is missing'
                   WHEN s.src NOT IN ('system_log', 'survey', 'recording', 'customer_review', 'third_party')
                       THEN format('unknown source "%s" (H-4.1: system_log, survey, recording, customer_review, third_party)', s.src)
                   WHEN s.e ? 'collected_at' AND st.ts IS NULL THEN format('collected_at "%s" is not a timestamp', s.e ->> 'collected_at')
                   WHEN s.v < i.min_value OR s.v > i.max_value THEN perfeval.measurement_problem(i.id, mo.pid, s.v)
               END
        FROM (SELECT src.ord, src.e, src.obj,
                     CASE WHEN src.obj THEN perfeval.try_float8(src.e ->> 'value') END AS v,
                     CASE WHEN src.obj THEN src.e ->> 'source' END AS src
              FROM src) AS s
        LEFT JOIN pg_temp.perfeval_import_month AS mo ON s.obj AND mo.txt = s.e ->> 'month'
        LEFT JOIN stamp AS st ON s.obj AND st.txt = s.e ->> 'collected_at'
        LEFT JOIN perfeval.agent AS a ON s.obj AND a.employee_no = s.e ->> 'employee_no'
        LEFT JOIN perfeval.indicator AS i ON s.obj AND i.code = s.e ->> 'indicator';
        ANALYZE pg_temp.perfeval_import;

        -- the same key twice in one batch with different values: keep none of them
        UPDATE pg_temp.perfeval_import AS t
        SET reason = format('%s rows of this batch give different values for the same agent, month and indicator', c.n)
        FROM (SELECT agent_id, period_id, indicator_id, count(*) AS n
              FROM pg_temp.perfeval_import WHERE reason IS NULL
              GROUP BY 1, 2, 3 HAVING count(DISTINCT value) > 1) AS c
        WHERE t.reason IS NULL AND (t.agent_id, t.period_id, t.indicator_id) = (c.agent_id, c.period_id, c.indicator_id);

        -- an approved period's values are final (H-3.2.7): a new or different
        -- value is refused, the stored value given again is unchanged
        UPDATE pg_temp.perfeval_import AS t
        SET reason = format('period %s (%s) is approved: its values are final (H-3.2.7); an upheld appeal corrects a result',
                            p.id, to_char(p.starts_on, 'YYYY-MM'))
        FROM perfeval.period AS p
        WHERE t.reason IS NULL AND p.id = t.period_id AND p.state = 'approved'
          AND NOT EXISTS (SELECT 1 FROM perfeval.measurement AS m
                          WHERE (m.agent_id, m.period_id, m.indicator_id) = (t.agent_id, t.period_id, t.indicator_id)
                            AND m.value = t.value);

        -- new keys are inserted, a different value replaces the stored one
        -- (its history written by measurement_history_log), the same value
        -- is left alone; keys in one order, so concurrent imports queue
        WITH ins AS (
            INSERT INTO perfeval.measurement AS m (agent_id, period_id, indicator_id, value, source, collected_at, import_batch)
            SELECT DISTINCT ON (agent_id, period_id, indicator_id)
                   agent_id, period_id, indicator_id, value, source, coalesce(collected_at, now()), batch
            FROM pg_temp.perfeval_import
            WHERE reason IS NULL
            ORDER BY agent_id, period_id, indicator_id, ord
            ON CONFLICT ON CONSTRAINT measurement_agent_period_indicator_key DO UPDATE
               SET value = excluded.value, source = excluded.source,
                   collected_at = excluded.collected_at, import_batch = excluded.import_batch
               WHERE m.value IS DISTINCT FROM excluded.value
            RETURNING (m.xmax = 0) AS inserted)
        SELECT count(*) FILTER (WHERE ins.inserted), count(*) FILTER (WHERE NOT ins.inserted)
          INTO n_loaded, n_replaced
        FROM ins;

        INSERT INTO perfeval.measurement_quarantine AS q
               (raw, raw_hash, reason, agent_id, period_id, indicator_id, import_batch)
        SELECT d.raw, d.h, d.reason, d.agent_id, d.period_id, d.indicator_id, batch
        FROM (SELECT DISTINCT ON (md5(t.raw::text)) t.ord, t.raw, md5(t.raw::text) AS h, t.reason,
                     t.agent_id, t.period_id, t.indicator_id
              FROM pg_temp.perfeval_import AS t
              WHERE t.reason IS NOT NULL
              ORDER BY md5(t.raw::text), t.ord) AS d
        ORDER BY d.ord
            ON CONFLICT (raw_hash) DO NOTHING;
    EXCEPTION
        WHEN serialization_failure OR deadlock_detected THEN
            GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL, st = RETURNED_SQLSTATE;
            RAISE EXCEPTION 'import_measurements: %', msg
                USING ERRCODE = st,
                      DETAIL = coalesce(nullif(det, '') || ' ', '')
                               || 'A concurrent transaction changed a measurement or a period of this batch after this transaction''s snapshot was taken.',
                      HINT = 'Retry the transaction: nothing of this import was stored.';
    END;

    SELECT count(*) FILTER (WHERE reason IS NULL) - n_loaded - n_replaced, count(*) FILTER (WHERE reason IS NOT NULL)
      INTO n_unchanged, n_quarantined
    FROM pg_temp.perfeval_import;
    TRUNCATE pg_temp.perfeval_import, pg_temp.perfeval_import_month;
    RETURN QUERY SELECT n_loaded, n_replaced, n_unchanged, n_quarantined;
END
$$;
COMMENT ON FUNCTION @extschema@.import_measurements(jsonb, text) IS
'bulk import of raw values (a JSON array of {employee_no, month, indicator, value, source, collected_at}): valid rows are loaded, a different value replaces the stored one with its history in measurement_history, invalid rows are quarantined with their reason; re-importing is idempotent; concurrent imports of one key serialise, the later commit wins (H-4.3); returns how many rows of this call were loaded (new), replaced a stored value, were already stored (unchanged) and were refused (quarantined, stored once per distinct row): the four add up to the rows given';

-- ---------------------------------------------------------------------------
-- Layer scores (H-3.2.3)
-- ---------------------------------------------------------------------------

CREATE TABLE @extschema@.layer_score (
    agent_id    integer NOT NULL REFERENCES @extschema@.agent (id),
    period_id   integer NOT NULL REFERENCES @extschema@.period (id),
    layer       text NOT NULL CHECK (layer IN ('self', 'department', 'company')),
    score       numeric(7,4) NOT NULL CHECK (score BETWEEN 0 AND 100),
    evaluator   text NOT NULL DEFAULT CURRENT_USER,
    note        text,
    entered_at  timestamptz NOT NULL DEFAULT pg_catalog.now(),
    PRIMARY KEY (agent_id, period_id, layer)
);
CREATE INDEX layer_score_period_id_idx ON @extschema@.layer_score (period_id);
COMMENT ON TABLE @extschema@.layer_score IS
'the self, department and company evaluations of an agent for a period, 0-100 (H-3.2.3); the company layer defaults to the measured indicator total';
COMMENT ON COLUMN @extschema@.layer_score.agent_id IS 'the agent evaluated (agent.id)';
COMMENT ON COLUMN @extschema@.layer_score.period_id IS 'the period evaluated (period.id)';
COMMENT ON COLUMN @extschema@.layer_score.layer IS 'self, department or company: the evaluation layer of H-3.2.3';
COMMENT ON COLUMN @extschema@.layer_score.score IS 'the layer''s score, 0-100';
COMMENT ON COLUMN @extschema@.layer_score.evaluator IS 'who gave the score (the entering role by default)';
COMMENT ON COLUMN @extschema@.layer_score.note IS 'free-text remark';
COMMENT ON COLUMN @extschema@.layer_score.entered_at IS 'when the score was entered';

-- ---------------------------------------------------------------------------
-- Data quality (H-4.3 monitoring)
-- ---------------------------------------------------------------------------

CREATE VIEW @extschema@.data_quality AS
WITH staff AS (
    SELECT p.id AS period_id, pg_catalog.count(a.id) AS agents
    FROM @extschema@.period AS p
    LEFT JOIN @extschema@.agent AS a
           ON a.hired_on OPERATOR(pg_catalog.<=) p.ends_on
          AND (a.left_on IS NULL OR a.left_on OPERATOR(pg_catalog.>=) p.starts_on)
    WHERE p.kind OPERATOR(pg_catalog.=) 'month'
    GROUP BY p.id),
stats AS (
    SELECT m.period_id, m.indicator_id, pg_catalog.count(*) AS measured,
           pg_catalog.avg(m.value) AS mean, pg_catalog.stddev_pop(m.value) AS sd
    FROM @extschema@.measurement AS m
    GROUP BY m.period_id, m.indicator_id),
outliers AS (
    SELECT m.period_id, m.indicator_id, pg_catalog.count(*) AS outlying
    FROM @extschema@.measurement AS m
    JOIN stats AS s USING (period_id, indicator_id)
    WHERE s.sd OPERATOR(pg_catalog.>) 0
      AND pg_catalog.abs(m.value OPERATOR(pg_catalog.-) s.mean) OPERATOR(pg_catalog.>) (3 OPERATOR(pg_catalog.*) s.sd)
    GROUP BY m.period_id, m.indicator_id),
quarantine AS (
    SELECT q.period_id, q.indicator_id, pg_catalog.count(*) AS quarantined
    FROM @extschema@.measurement_quarantine AS q
    WHERE q.resolved_at IS NULL AND q.period_id IS NOT NULL AND q.indicator_id IS NOT NULL
    GROUP BY q.period_id, q.indicator_id)
SELECT p.id AS period_id, p.starts_on, i.id AS indicator_id, i.code AS indicator, i.handbook_id,
       st.agents,
       coalesce(s.measured, 0) AS measured,
       greatest(st.agents OPERATOR(pg_catalog.-) coalesce(s.measured, 0), 0) AS missing,
       coalesce(q.quarantined, 0) AS quarantined,
       coalesce(o.outlying, 0) AS outlying,
       s.mean, s.sd
FROM @extschema@.period AS p
JOIN staff AS st ON st.period_id OPERATOR(pg_catalog.=) p.id
CROSS JOIN @extschema@.indicator AS i
LEFT JOIN stats AS s ON s.period_id OPERATOR(pg_catalog.=) p.id AND s.indicator_id OPERATOR(pg_catalog.=) i.id
LEFT JOIN outliers AS o ON o.period_id OPERATOR(pg_catalog.=) p.id AND o.indicator_id OPERATOR(pg_catalog.=) i.id
LEFT JOIN quarantine AS q ON q.period_id OPERATOR(pg_catalog.=) p.id AND q.indicator_id OPERATOR(pg_catalog.=) i.id
WHERE p.kind OPERATOR(pg_catalog.=) 'month';
COMMENT ON VIEW @extschema@.data_quality IS
'per month and indicator: agents employed, values measured, missing (not applicable), quarantined (unresolved) and outlying (beyond 3 standard deviations of the month''s mean) counts (H-4.3 monitoring)';
COMMENT ON COLUMN @extschema@.data_quality.period_id IS 'the period (period.id)';
COMMENT ON COLUMN @extschema@.data_quality.starts_on IS 'first day of the period';
COMMENT ON COLUMN @extschema@.data_quality.indicator_id IS 'the indicator (indicator.id)';
COMMENT ON COLUMN @extschema@.data_quality.indicator IS 'the indicator''s code (indicator.code)';
COMMENT ON COLUMN @extschema@.data_quality.handbook_id IS 'the handbook rule of the indicator (indicator.handbook_id)';
COMMENT ON COLUMN @extschema@.data_quality.agents IS 'agents employed during the month (hired on or before its last day, not left before its first); months only';
COMMENT ON COLUMN @extschema@.data_quality.measured IS 'agents with a stored measurement of the indicator in the period';
COMMENT ON COLUMN @extschema@.data_quality.missing IS 'agents employed but not measured (agents - measured, at least 0)';
COMMENT ON COLUMN @extschema@.data_quality.quarantined IS 'unresolved quarantined rows for the indicator and period';
COMMENT ON COLUMN @extschema@.data_quality.outlying IS 'measurements more than three standard deviations from the mean';
COMMENT ON COLUMN @extschema@.data_quality.mean IS 'mean of the stored values';
COMMENT ON COLUMN @extschema@.data_quality.sd IS 'population standard deviation of the stored values';

CREATE VIEW @extschema@.quarantine_unplaced AS
SELECT q.* FROM @extschema@.measurement_quarantine AS q
WHERE q.resolved_at IS NULL AND (q.period_id IS NULL OR q.indicator_id IS NULL);
COMMENT ON VIEW @extschema@.quarantine_unplaced IS
'quarantined rows whose month or indicator could not be read, so data_quality cannot count them: they show here (H-4.3)';
COMMENT ON COLUMN @extschema@.quarantine_unplaced.id IS 'surrogate key of the quarantined row';
COMMENT ON COLUMN @extschema@.quarantine_unplaced.raw IS 'the input row exactly as given';
COMMENT ON COLUMN @extschema@.quarantine_unplaced.raw_hash IS 'md5 of the raw row: importing it again adds nothing';
COMMENT ON COLUMN @extschema@.quarantine_unplaced.reason IS 'why the row was refused (the check that failed)';
COMMENT ON COLUMN @extschema@.quarantine_unplaced.agent_id IS 'the agent, when the row named one that exists (agent.id)';
COMMENT ON COLUMN @extschema@.quarantine_unplaced.period_id IS 'the period, when the row named one that exists (period.id)';
COMMENT ON COLUMN @extschema@.quarantine_unplaced.indicator_id IS 'the indicator, when the row named one that exists (indicator.id)';
COMMENT ON COLUMN @extschema@.quarantine_unplaced.import_batch IS 'the import batch the row came in';
COMMENT ON COLUMN @extschema@.quarantine_unplaced.quarantined_at IS 'when the row was quarantined';
COMMENT ON COLUMN @extschema@.quarantine_unplaced.resolved_at IS 'set by the user once the row has been dealt with; resolved rows leave the data-quality counts';

-- pg_dump keeps users' rows (seeded rows excluded) and the positions of the
-- owned sequences.  One call per statement (each call updates pg_extension);
-- the schema is fixed (not relocatable), so the names are written out.
SELECT pg_catalog.pg_extension_config_dump('perfeval.measurement', '');
SELECT pg_catalog.pg_extension_config_dump('perfeval.measurement_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('perfeval.measurement_quarantine', '');
SELECT pg_catalog.pg_extension_config_dump('perfeval.measurement_quarantine_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('perfeval.layer_score', '');
