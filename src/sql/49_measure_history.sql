/* src/sql/49_measure_history.sql — the evaluation cycle: the history of changed raw values (H-4.3) */

-- Every change of a stored raw value, by perfeval.import_measurements (a
-- later import giving a different value) or by a direct UPDATE, leaves one
-- row here: which measurement, the old and the new value, source, collection
-- time and batch, when, by whom and in which transaction.  H-4.3 cleaning
-- must not lose the old value silently.  After the access helpers of
-- 48_access.sql, whose functions the policies call.
CREATE TABLE @extschema@.measurement_history (
    id               serial PRIMARY KEY,
    measurement_id   integer NOT NULL,
    agent_id         integer NOT NULL REFERENCES @extschema@.agent (id),
    period_id        integer NOT NULL REFERENCES @extschema@.period (id),
    indicator_id     integer NOT NULL REFERENCES @extschema@.indicator (id),
    old_value        float8 NOT NULL,
    new_value        float8 NOT NULL,
    old_source       text NOT NULL,
    new_source       text NOT NULL,
    old_collected_at timestamptz NOT NULL,
    new_collected_at timestamptz NOT NULL,
    old_batch        text,
    new_batch        text,
    changed_at       timestamptz NOT NULL DEFAULT pg_catalog.now(),
    changed_by       name NOT NULL DEFAULT CURRENT_USER,
    xact_id          xid8 NOT NULL DEFAULT pg_catalog.pg_current_xact_id()
);
CREATE INDEX measurement_history_measurement_id_idx ON @extschema@.measurement_history (measurement_id, id);
CREATE INDEX measurement_history_agent_period_idx ON @extschema@.measurement_history (agent_id, period_id, indicator_id);
COMMENT ON TABLE @extschema@.measurement_history IS
'append-only history of changed raw values: one row per change of a measurement''s value, source, collection time, batch or key, by a later import or a direct UPDATE (H-4.3: no value is lost silently); UPDATE, DELETE and TRUNCATE are refused';
COMMENT ON COLUMN @extschema@.measurement_history.id IS 'the order of the changes';
COMMENT ON COLUMN @extschema@.measurement_history.measurement_id IS 'the measurement changed (perfeval.measurement.id; kept if it is deleted later)';
COMMENT ON COLUMN @extschema@.measurement_history.agent_id IS 'the agent of the measurement after the change';
COMMENT ON COLUMN @extschema@.measurement_history.period_id IS 'the month of the measurement after the change';
COMMENT ON COLUMN @extschema@.measurement_history.indicator_id IS 'the indicator of the measurement after the change';
COMMENT ON COLUMN @extschema@.measurement_history.old_value IS 'the raw value before the change';
COMMENT ON COLUMN @extschema@.measurement_history.new_value IS 'the raw value after the change';
COMMENT ON COLUMN @extschema@.measurement_history.old_source IS 'the H-4.1 source before the change';
COMMENT ON COLUMN @extschema@.measurement_history.new_source IS 'the H-4.1 source after the change';
COMMENT ON COLUMN @extschema@.measurement_history.old_collected_at IS 'when the old value was collected';
COMMENT ON COLUMN @extschema@.measurement_history.new_collected_at IS 'when the new value was collected';
COMMENT ON COLUMN @extschema@.measurement_history.old_batch IS 'the import batch that stored the old value (NULL: a direct insert or an unlabelled import)';
COMMENT ON COLUMN @extschema@.measurement_history.new_batch IS 'the import batch that stored the new value (unchanged by a direct UPDATE unless it sets import_batch)';
COMMENT ON COLUMN @extschema@.measurement_history.changed_at IS 'the start of the transaction that made the change';
COMMENT ON COLUMN @extschema@.measurement_history.changed_by IS 'the user who made the change';
COMMENT ON COLUMN @extschema@.measurement_history.xact_id IS 'the transaction that made the change: the rows of one import share it';

-- measurement_history_log(): statement trigger AFTER UPDATE on measurement
-- (also fired by import_measurements' ON CONFLICT DO UPDATE): appends a row
-- per changed measurement (H-4.3).  One join over the transition tables,
-- so a bulk change costs one statement; planned at each call (EXECUTE),
-- since a plan cached when the tables were empty (an unchanged import
-- fires the trigger with no row) would join 50,000 rows by nested loop.
CREATE FUNCTION @extschema@.measurement_history_log()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    EXECUTE 'INSERT INTO perfeval.measurement_history
                    (measurement_id, agent_id, period_id, indicator_id, old_value, new_value,
                     old_source, new_source, old_collected_at, new_collected_at, old_batch, new_batch)
             SELECT n.id, n.agent_id, n.period_id, n.indicator_id, o.value, n.value,
                    o.source, n.source, o.collected_at, n.collected_at, o.import_batch, n.import_batch
             FROM old_rows AS o
             JOIN new_rows AS n ON n.id OPERATOR(pg_catalog.=) o.id
             WHERE (o.value, o.source, o.collected_at, o.import_batch, o.agent_id, o.period_id, o.indicator_id)
                   IS DISTINCT FROM (n.value, n.source, n.collected_at, n.import_batch, n.agent_id, n.period_id, n.indicator_id)
             ORDER BY n.id';
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION @extschema@.measurement_history_log() IS
'statement trigger: appends the old and new value of every changed measurement to measurement_history (H-4.3)';

CREATE TRIGGER measurement_history_log AFTER UPDATE ON @extschema@.measurement
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.measurement_history_log();
COMMENT ON TRIGGER measurement_history_log ON @extschema@.measurement IS
'keeps the old value of every changed measurement in measurement_history (H-4.3)';

CREATE TRIGGER measurement_history_no_update BEFORE UPDATE ON @extschema@.measurement_history
    FOR EACH ROW EXECUTE FUNCTION @extschema@.append_only(
        'The history of raw values keeps every value a measurement has had (H-4.3).',
        'Correct the measurement itself: the change is recorded here.');
CREATE TRIGGER measurement_history_no_delete BEFORE DELETE ON @extschema@.measurement_history
    FOR EACH ROW EXECUTE FUNCTION @extschema@.append_only(
        'The history of raw values keeps every value a measurement has had (H-4.3).',
        'Correct the measurement itself: the change is recorded here.');
CREATE TRIGGER measurement_history_no_truncate BEFORE TRUNCATE ON @extschema@.measurement_history
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.append_only(
        'The history of raw values keeps every value a measurement has had (H-4.3).',
        'Correct the measurement itself: the change is recorded here.');
COMMENT ON TRIGGER measurement_history_no_update ON @extschema@.measurement_history IS 'measurement_history is append-only: UPDATE refused (H-4.3)';
COMMENT ON TRIGGER measurement_history_no_delete ON @extschema@.measurement_history IS 'measurement_history is append-only: DELETE refused (H-4.3)';
COMMENT ON TRIGGER measurement_history_no_truncate ON @extschema@.measurement_history IS 'measurement_history is append-only: TRUNCATE refused (H-4.3)';

-- Row security: read as the measurements are read (visible_agent_ids); rows
-- are written by the trigger as the user who changes the measurement, who
-- may write that agent's measurements (managed_agent_ids); no UPDATE or
-- DELETE policy.
ALTER TABLE @extschema@.measurement_history ENABLE ROW LEVEL SECURITY;
CREATE POLICY measurement_history_read ON @extschema@.measurement_history FOR SELECT
    USING (agent_id OPERATOR(pg_catalog.=) ANY (ARRAY(SELECT @extschema@.visible_agent_ids())));
CREATE POLICY measurement_history_insert ON @extschema@.measurement_history FOR INSERT
    WITH CHECK (agent_id OPERATOR(pg_catalog.=) ANY (ARRAY(SELECT @extschema@.managed_agent_ids())));
COMMENT ON POLICY measurement_history_read ON @extschema@.measurement_history IS 'an agent reads the history of its own measurements, a manager its team''s, HR all';
COMMENT ON POLICY measurement_history_insert ON @extschema@.measurement_history IS 'written by measurement_history_log as the user who changes the measurement: managers for their team, HR for anyone';

SELECT pg_catalog.pg_extension_config_dump('perfeval.measurement_history', '');
SELECT pg_catalog.pg_extension_config_dump('perfeval.measurement_history_id_seq', '');
