/* src/sql/72_derive.sql — deriving a month's measurements from contact events (issue 13; H-2.3.1, H-2.3.2, H-2.3.3, H-2.4.2, H-2.4.3, H-2.4.4, H-4.1, H-4.3) */

-- One row per derivation run: its provenance (which event table, when, by
-- whom, how many events, the clock and the rules), and what it wrote.  The
-- measurements a run writes carry import_batch 'derivation <id>'.
CREATE TABLE @extschema@.event_derivation (
    id             serial PRIMARY KEY,
    period_id      integer NOT NULL REFERENCES @extschema@.period (id),
    event_table    text NOT NULL,
    derived_at     timestamptz NOT NULL DEFAULT pg_catalog.now(),
    derived_by     name NOT NULL DEFAULT CURRENT_USER,
    clock          text NOT NULL,
    business_time  boolean NOT NULL,
    reply_within   interval NOT NULL,
    repeat_within  interval NOT NULL,
    events         integer NOT NULL DEFAULT 0,
    agents         integer NOT NULL DEFAULT 0,
    unknown_agents integer NOT NULL DEFAULT 0,
    loaded         integer NOT NULL DEFAULT 0,
    replaced       integer NOT NULL DEFAULT 0,
    unchanged      integer NOT NULL DEFAULT 0,
    quarantined    integer NOT NULL DEFAULT 0,
    removed        integer NOT NULL DEFAULT 0
);
CREATE INDEX event_derivation_period_idx ON @extschema@.event_derivation (period_id, event_table);
SELECT pg_catalog.pg_extension_config_dump('perfeval.event_derivation', '');
SELECT pg_catalog.pg_extension_config_dump('perfeval.event_derivation_id_seq', '');
COMMENT ON TABLE @extschema@.event_derivation IS
'provenance of measurements derived from contact events: one row per derive_measurements run (H-4.1 system logs and surveys, H-4.3); its measurements carry import_batch ''derivation <id>''';
COMMENT ON COLUMN @extschema@.event_derivation.id IS 'the run; measurement.import_batch = ''derivation '' || id';
COMMENT ON COLUMN @extschema@.event_derivation.period_id IS 'the month derived (period.id)';
COMMENT ON COLUMN @extschema@.event_derivation.event_table IS 'the event table read (as regclass text)';
COMMENT ON COLUMN @extschema@.event_derivation.derived_at IS 'when the run started';
COMMENT ON COLUMN @extschema@.event_derivation.derived_by IS 'who ran it (current_user)';
COMMENT ON COLUMN @extschema@.event_derivation.clock IS 'the work clock used (work_clock_info)';
COMMENT ON COLUMN @extschema@.event_derivation.business_time IS 'true: response and handling times in working time on the clock; false: elapsed time';
COMMENT ON COLUMN @extschema@.event_derivation.reply_within IS 'the set survey reply time in working time (H-2.3.2)';
COMMENT ON COLUMN @extschema@.event_derivation.repeat_within IS 'the repeat-contact window (H-2.4.3)';
COMMENT ON COLUMN @extschema@.event_derivation.events IS 'events of the month read, of known and unknown agents';
COMMENT ON COLUMN @extschema@.event_derivation.agents IS 'known agents with events in the month';
COMMENT ON COLUMN @extschema@.event_derivation.unknown_agents IS 'agent ids with events but no perfeval.agent row (quarantined, one row each)';
COMMENT ON COLUMN @extschema@.event_derivation.loaded IS 'measurements written new (import_measurements)';
COMMENT ON COLUMN @extschema@.event_derivation.replaced IS 'measurements whose value changed (their old value in measurement_history)';
COMMENT ON COLUMN @extschema@.event_derivation.unchanged IS 'measurements already stored with the same value';
COMMENT ON COLUMN @extschema@.event_derivation.quarantined IS 'measurements refused by the import checks (in measurement_quarantine)';
COMMENT ON COLUMN @extschema@.event_derivation.removed IS 'measurements of an earlier run on the same table and month that this run no longer gives (deleted)';

GRANT SELECT ON @extschema@.event_derivation TO perfeval_manager, perfeval_hr, perfeval_leadership, perfeval_analyst, perfeval_service;
GRANT INSERT, UPDATE ON @extschema@.event_derivation TO perfeval_manager, perfeval_hr, perfeval_service;
GRANT USAGE ON SEQUENCE @extschema@.event_derivation_id_seq TO perfeval_manager, perfeval_hr, perfeval_service;

-- The indicators derived, with their source (H-4.1).
CREATE FUNCTION @extschema@.derived_indicators()
RETURNS TABLE (indicator text, source text, handbook_id text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT x.indicator, x.source, x.handbook_id
    FROM (VALUES ('avg_response_seconds', 'system_log', 'H-2.3.1'),
                 ('survey_reply_rate', 'survey', 'H-2.3.2'),
                 ('handling_seconds', 'system_log', 'H-2.3.3'),
                 ('complaint_rate', 'system_log', 'H-2.4.2'),
                 ('repeat_contact_rate', 'system_log', 'H-2.4.3'),
                 ('winback_rate', 'system_log', 'H-2.4.4')) AS x (indicator, source, handbook_id);
END;
COMMENT ON FUNCTION @extschema@.derived_indicators() IS
'the indicators derive_measurements writes, with the source recorded on the measurement and the handbook rule';

-- derive_measurements: aggregates one month of an event table per agent
-- (one GROUP BY agent_id: on Citus with the table distributed by agent_id
-- it runs whole in the worker tasks), then writes the values through
-- import_measurements (its checks, quarantine and history: H-4.3) and
-- removes the values an earlier run on the same table and month gave that
-- this one no longer gives.  Runs with the caller's rights.
CREATE FUNCTION @extschema@.derive_measurements(events regclass, month date, clock bytea,
                                                reply_within interval DEFAULT '24 hours',
                                                repeat_within interval DEFAULT '7 days',
                                                business_time boolean DEFAULT true)
RETURNS TABLE (derivation_id integer, agents integer, events_read integer, loaded integer, replaced integer,
               unchanged integer, quarantined integer, removed integer)
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    zone   text;
    m0     date;
    t0     timestamptz;
    t1     timestamptz;
    t2     timestamptz;
    pid    integer;
    pstate text;
    did    integer;
    r      record;
    n_rm   integer;
    rows   jsonb;
    evname text := derive_measurements.events::text;
    timefn text := CASE WHEN business_time THEN 'perfeval.avg_work_time(%s, %s, $3)' ELSE 'perfeval.avg_elapsed(%s, %s)' END;
BEGIN
    IF events IS NULL OR month IS NULL OR clock IS NULL OR reply_within IS NULL OR repeat_within IS NULL
       OR business_time IS NULL THEN
        RAISE EXCEPTION 'the arguments of derive_measurements must not be NULL'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Pass the event table, a day of the month and perfeval.work_clock(...).';
    END IF;
    IF NOT isfinite(month) THEN
        RAISE EXCEPTION 'month must be a finite date' USING ERRCODE = 'datetime_field_overflow',
              HINT = 'Pass a day of the month to derive, e.g. ''2026-03-01''.';
    END IF;
    zone := perfeval.work_clock_zone(clock);
    m0 := date_trunc('month', month)::date;
    t0 := m0::timestamp AT TIME ZONE zone;
    t1 := (m0 + interval '1 month')::timestamp AT TIME ZONE zone;
    t2 := t1 + repeat_within;
    pid := perfeval.period_of('month', m0);
    SELECT p.state INTO pstate FROM perfeval.period AS p WHERE p.id = pid FOR SHARE;
    IF pstate = 'approved' THEN
        RAISE EXCEPTION 'period % (%) is approved: its values are final', pid, to_char(m0, 'YYYY-MM')
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'H-3.2.7: an approved period takes no new or changed value.',
                  HINT = 'Derive before approval; an upheld appeal corrects a result.';
    END IF;

    INSERT INTO perfeval.event_derivation (period_id, event_table, clock, business_time, reply_within, repeat_within)
    VALUES (pid, evname, perfeval.work_clock_info(clock), business_time, reply_within, repeat_within)
    RETURNING id INTO did;

    -- the month's indicators per agent: one pass, one GROUP BY agent_id
    IF to_regclass('pg_temp.perfeval_derived') IS NOT NULL THEN
        DROP TABLE pg_temp.perfeval_derived;
    END IF;
    EXECUTE format($q$
        CREATE TEMP TABLE perfeval_derived ON COMMIT DROP AS
        SELECT e.agent_id,
               count(*) FILTER (WHERE e.received_at < $2) AS n_events,
               %2$s FILTER (WHERE e.kind = 'contact' AND e.received_at < $2) AS avg_response_seconds,
               %3$s FILTER (WHERE e.kind = 'contact' AND e.received_at < $2) AS handling_seconds,
               perfeval.reply_rate(e.survey_sent_at, e.survey_answered_at, $4, $3)
                   FILTER (WHERE e.kind = 'survey' AND e.received_at < $2) AS survey_reply_rate,
               perfeval.ratio(e.kind = 'complaint', e.kind = 'contact') FILTER (WHERE e.received_at < $2) AS complaint_rate,
               perfeval.repeat_rate(e.customer_id, e.received_at, e.received_at < $2, $5)
                   FILTER (WHERE e.kind = 'contact') AS repeat_contact_rate,
               perfeval.ratio(e.won_back, true) FILTER (WHERE e.kind = 'winback' AND e.received_at < $2) AS winback_rate
        FROM %1$s AS e
        WHERE e.received_at >= $1 AND e.received_at < $6
        GROUP BY e.agent_id$q$,
        events, format(timefn, 'e.received_at', 'e.first_response_at'), format(timefn, 'e.first_response_at', 'e.resolved_at'))
    USING t0, t1, clock, reply_within, repeat_within, t2;
    DELETE FROM pg_temp.perfeval_derived AS d WHERE d.n_events = 0;

    -- events of agents perfeval does not know: quarantined, one row each (H-4.3)
    INSERT INTO perfeval.measurement_quarantine AS q (raw, raw_hash, reason, period_id, import_batch)
    SELECT x.raw, md5(x.raw::text), format('events of unknown agent %s', x.agent_id), pid, 'derivation ' || did
    FROM (SELECT d.agent_id, jsonb_build_object('event_table', evname, 'month', to_char(m0, 'YYYY-MM'),
                                                'agent_id', d.agent_id, 'events', d.n_events) AS raw
          FROM pg_temp.perfeval_derived AS d
          WHERE NOT EXISTS (SELECT 1 FROM perfeval.agent AS a WHERE a.id = d.agent_id)) AS x
    ON CONFLICT (raw_hash) DO NOTHING;

    SELECT coalesce(jsonb_agg(jsonb_build_object('employee_no', a.employee_no, 'month', to_char(m0, 'YYYY-MM'),
                                                 'indicator', v.indicator, 'value', v.value, 'source', di.source,
                                                 'collected_at', now())
                              ORDER BY a.employee_no COLLATE "C", v.indicator), '[]'::jsonb)
      INTO rows
    FROM pg_temp.perfeval_derived AS d
    JOIN perfeval.agent AS a ON a.id = d.agent_id
    CROSS JOIN LATERAL (VALUES ('avg_response_seconds', d.avg_response_seconds), ('handling_seconds', d.handling_seconds),
                               ('survey_reply_rate', d.survey_reply_rate), ('complaint_rate', d.complaint_rate),
                               ('repeat_contact_rate', d.repeat_contact_rate), ('winback_rate', d.winback_rate)) AS v (indicator, value)
    JOIN perfeval.derived_indicators() AS di ON di.indicator = v.indicator
    WHERE v.value IS NOT NULL;

    SELECT * INTO r FROM perfeval.import_measurements(rows, 'derivation ' || did);

    -- re-derivation replaces: what an earlier run on this table and month
    -- wrote and this run no longer gives is removed
    WITH gone AS (
        DELETE FROM perfeval.measurement AS m
        WHERE m.period_id = pid
          AND m.import_batch IN (SELECT 'derivation ' || x.id FROM perfeval.event_derivation AS x
                                 WHERE x.period_id = pid AND x.event_table = evname AND x.id <> did)
          AND NOT EXISTS (SELECT 1
                          FROM jsonb_array_elements(rows) AS j(e)
                          JOIN perfeval.agent AS a ON a.employee_no = j.e ->> 'employee_no'
                          JOIN perfeval.indicator AS i ON i.code = j.e ->> 'indicator'
                          WHERE a.id = m.agent_id AND i.id = m.indicator_id)
        RETURNING 1)
    SELECT count(*) INTO n_rm FROM gone;

    UPDATE perfeval.event_derivation AS x
    SET events = (SELECT coalesce(sum(d.n_events), 0) FROM pg_temp.perfeval_derived AS d),
        agents = (SELECT count(*) FROM pg_temp.perfeval_derived AS d
                  WHERE EXISTS (SELECT 1 FROM perfeval.agent AS a WHERE a.id = d.agent_id)),
        unknown_agents = (SELECT count(*) FROM pg_temp.perfeval_derived AS d
                          WHERE NOT EXISTS (SELECT 1 FROM perfeval.agent AS a WHERE a.id = d.agent_id)),
        loaded = r.loaded, replaced = r.replaced, unchanged = r.unchanged, quarantined = r.quarantined,
        removed = n_rm
    WHERE x.id = did;
    DROP TABLE pg_temp.perfeval_derived;

    RETURN QUERY SELECT x.id, x.agents, x.events, x.loaded, x.replaced, x.unchanged, x.quarantined, x.removed
                 FROM perfeval.event_derivation AS x WHERE x.id = did;
END
$$;
COMMENT ON FUNCTION @extschema@.derive_measurements(regclass, date, bytea, interval, interval, boolean) IS
'derives one month''s measurements per agent from an event table (average response and handling time in working or elapsed seconds, survey reply rate within reply_within working time, complaint, repeat-contact and win-back rates; H-2.3.1-3, H-2.4.2-4) and writes them through import_measurements (its checks, quarantine and history, H-4.3) with provenance in perfeval.event_derivation; a re-derivation replaces the earlier run''s values; months are cut in the clock''s time zone; runs with the caller''s rights';
