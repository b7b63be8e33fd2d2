/* src/sql/71_events.sql — contact events (issue 13): the documented event shape in user-owned tables, the bulk load with H-4.3 cleaning, and the C aggregates that derive indicators from events (H-2.3.1, H-2.3.2, H-2.3.3, H-2.4.2, H-2.4.3, H-2.4.4) */

-- ---------------------------------------------------------------------------
-- Aggregates (src/events.c, src/workhours.c).  Fixed-size states are
-- bigint[2] {count, sum} with exact integer sums and a combine function, so
-- parallel query and Citus (worker_partial_agg / coord_combine_agg) split
-- them and the answer does not depend on the plan; repeat_rate keeps an
-- internal list with combine, serialize and deserialize functions.
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.event_pair_combine(state bigint[], other bigint[])
RETURNS bigint[]
AS 'MODULE_PATHNAME', 'pe_pair_combine'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.event_pair_combine(bigint[], bigint[]) IS
'combine function of the event aggregates'' {count, sum} states: adds them';

CREATE FUNCTION @extschema@.event_avg_seconds_final(state bigint[])
RETURNS float8
AS 'MODULE_PATHNAME', 'pe_avg_seconds_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.event_avg_seconds_final(bigint[]) IS
'final function of avg_elapsed and avg_work_time: the mean in seconds, NULL without events';

CREATE FUNCTION @extschema@.event_ratio_final(state bigint[])
RETURNS float8
AS 'MODULE_PATHNAME', 'pe_ratio_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.event_ratio_final(bigint[]) IS
'final function of ratio and reply_rate: hits / counted, NULL when nothing was counted';

CREATE FUNCTION @extschema@.elapsed_accum(state bigint[], since timestamptz, until timestamptz)
RETURNS bigint[]
AS 'MODULE_PATHNAME', 'pe_elapsed_accum'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.elapsed_accum(bigint[], timestamptz, timestamptz) IS
'transition function of avg_elapsed';

CREATE AGGREGATE @extschema@.avg_elapsed(since timestamptz, until timestamptz) (
    SFUNC = @extschema@.elapsed_accum, STYPE = bigint[], INITCOND = '{0,0}',
    COMBINEFUNC = @extschema@.event_pair_combine,
    FINALFUNC = @extschema@.event_avg_seconds_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.avg_elapsed(timestamptz, timestamptz) IS
'mean elapsed time from since to until in seconds (H-2.3.1 response time, H-2.3.3 handling time); rows with a NULL since or until do not count; exact integer sum of microseconds';

CREATE FUNCTION @extschema@.work_time_accum(state bigint[], since timestamptz, until timestamptz, clock bytea)
RETURNS bigint[]
AS 'MODULE_PATHNAME', 'pe_work_time_accum'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.work_time_accum(bigint[], timestamptz, timestamptz, bytea) IS
'transition function of avg_work_time';

CREATE AGGREGATE @extschema@.avg_work_time(since timestamptz, until timestamptz, clock bytea) (
    SFUNC = @extschema@.work_time_accum, STYPE = bigint[], INITCOND = '{0,0}',
    COMBINEFUNC = @extschema@.event_pair_combine,
    FINALFUNC = @extschema@.event_avg_seconds_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.avg_work_time(timestamptz, timestamptz, bytea) IS
'mean working time (perfeval.work_time on a work clock) from since to until in seconds (H-2.3.1, H-2.3.3 in business time); rows with a NULL since or until do not count';

CREATE FUNCTION @extschema@.reply_accum(state bigint[], sent timestamptz, answered timestamptz, span interval, clock bytea)
RETURNS bigint[]
AS 'MODULE_PATHNAME', 'pe_reply_accum'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.reply_accum(bigint[], timestamptz, timestamptz, interval, bytea) IS
'transition function of reply_rate';

CREATE AGGREGATE @extschema@.reply_rate(sent timestamptz, answered timestamptz, span interval, clock bytea) (
    SFUNC = @extschema@.reply_accum, STYPE = bigint[], INITCOND = '{0,0}',
    COMBINEFUNC = @extschema@.event_pair_combine,
    FINALFUNC = @extschema@.event_ratio_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.reply_rate(timestamptz, timestamptz, interval, bytea) IS
'share of the surveys sent (sent not NULL) that were answered within span of working time on the clock (H-2.3.2); NULL without surveys';

CREATE FUNCTION @extschema@.ratio_accum(state bigint[], hit boolean, counted boolean)
RETURNS bigint[]
AS 'MODULE_PATHNAME', 'pe_ratio_accum'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ratio_accum(bigint[], boolean, boolean) IS
'transition function of ratio';

CREATE AGGREGATE @extschema@.ratio(hit boolean, counted boolean) (
    SFUNC = @extschema@.ratio_accum, STYPE = bigint[], INITCOND = '{0,0}',
    COMBINEFUNC = @extschema@.event_pair_combine,
    FINALFUNC = @extschema@.event_ratio_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.ratio(boolean, boolean) IS
'rows where hit is true divided by rows where counted is true, NULL as false (H-2.4.2: complaints per contact; H-2.4.4: won back per churn-risk customer); NULL when nothing was counted';

CREATE FUNCTION @extschema@.repeat_accum(state internal, customer text, at timestamptz, counted boolean, "window" interval)
RETURNS internal
AS 'MODULE_PATHNAME', 'pe_repeat_accum'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.repeat_accum(internal, text, timestamptz, boolean, interval) IS
'transition function of repeat_rate';

CREATE FUNCTION @extschema@.repeat_combine(state internal, other internal)
RETURNS internal
AS 'MODULE_PATHNAME', 'pe_repeat_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.repeat_combine(internal, internal) IS
'combine function of repeat_rate: the union of two contact lists';

CREATE FUNCTION @extschema@.repeat_serial(state internal)
RETURNS bytea
AS 'MODULE_PATHNAME', 'pe_repeat_serial'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.repeat_serial(internal) IS
'serialize function of repeat_rate';

CREATE FUNCTION @extschema@.repeat_deserial(state bytea, dummy internal)
RETURNS internal
AS 'MODULE_PATHNAME', 'pe_repeat_deserial'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.repeat_deserial(bytea, internal) IS
'deserialize function of repeat_rate (a forged value gives 22023)';

CREATE FUNCTION @extschema@.repeat_final(state internal)
RETURNS float8
AS 'MODULE_PATHNAME', 'pe_repeat_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.repeat_final(internal) IS
'final function of repeat_rate';

CREATE AGGREGATE @extschema@.repeat_rate(customer text, at timestamptz, counted boolean, "window" interval) (
    SFUNC = @extschema@.repeat_accum, STYPE = internal,
    COMBINEFUNC = @extschema@.repeat_combine,
    SERIALFUNC = @extschema@.repeat_serial, DESERIALFUNC = @extschema@.repeat_deserial,
    FINALFUNC = @extschema@.repeat_final, FINALFUNC_MODIFY = READ_WRITE, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.repeat_rate(text, timestamptz, boolean, interval) IS
'H-2.4.3 repeat-contact rate: of the counted contacts, the share whose customer contacted again within window (days and hours) among the aggregated rows (rows not counted, e.g. the days after the month, serve only as repeats); rows with a NULL customer or instant do not count; NULL without counted contacts';

-- ---------------------------------------------------------------------------
-- The event shape: tables the user owns (so that they can be distributed,
-- e.g. by agent_id on Citus), made by create_event_table.
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.create_event_table(name text, staging boolean DEFAULT false)
RETURNS regclass
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    parts text[];
    qname text;
BEGIN
    IF name IS NULL OR staging IS NULL THEN
        RAISE EXCEPTION 'name and staging must not be NULL'
            USING ERRCODE = 'null_value_not_allowed', HINT = 'Pass a table name such as ''public.contact_event''.';
    END IF;
    parts := parse_ident(name);
    -- qualified: this function runs with a fixed search_path, so an
    -- unqualified name could not mean the caller's current schema
    IF array_length(parts, 1) <> 2 THEN
        RAISE EXCEPTION 'event table name "%" must be schema-qualified', name
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Pass schema.table, e.g. ''public.contact_event''.';
    END IF;
    qname := quote_ident(parts[1]) || '.' || quote_ident(parts[2]);
    IF staging THEN
        -- a landing table for COPY: the same columns, no key or check, so
        -- that every row reaches load_events and a bad one is quarantined
        EXECUTE format($ddl$
            CREATE TABLE %s (
                source text, contact_id text, agent_id integer, kind text, channel text, customer_id text,
                received_at timestamptz, first_response_at timestamptz, resolved_at timestamptz,
                survey_sent_at timestamptz, survey_answered_at timestamptz, survey_score float8,
                won_back boolean)$ddl$, qname);
    ELSE
        EXECUTE format($ddl$
            CREATE TABLE %s (
                source             text NOT NULL CHECK (source <> ''),
                contact_id         text NOT NULL CHECK (contact_id <> ''),
                agent_id           integer NOT NULL,
                kind               text NOT NULL CHECK (kind IN ('contact', 'survey', 'complaint', 'review', 'winback')),
                channel            text CHECK (channel IN ('chat', 'call', 'email', 'message', 'other')),
                customer_id        text,
                received_at        timestamptz NOT NULL CHECK (isfinite(received_at)),
                first_response_at  timestamptz CHECK (first_response_at >= received_at AND isfinite(first_response_at)),
                resolved_at        timestamptz CHECK (resolved_at >= received_at AND isfinite(resolved_at)),
                survey_sent_at     timestamptz CHECK (isfinite(survey_sent_at)),
                survey_answered_at timestamptz CHECK (survey_answered_at >= survey_sent_at AND isfinite(survey_answered_at)),
                survey_score       float8 CHECK (survey_score >= 0 AND survey_score <= 100),
                won_back           boolean,
                loaded_at          timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (agent_id, source, contact_id))$ddl$, qname);
        EXECUTE format('CREATE INDEX ON %s (agent_id, received_at)', qname);
        EXECUTE format('CREATE INDEX ON %s (source, contact_id)', qname);
    END IF;
    EXECUTE format('COMMENT ON TABLE %s IS %L', qname,
                   CASE WHEN staging THEN 'perfeval contact events, staging: COPY here, then perfeval.load_events'
                        ELSE 'perfeval contact events (docs/events.md): one row per event, unique per agent, source and contact_id' END);
    RETURN qname::regclass;
END
$$;
COMMENT ON FUNCTION @extschema@.create_event_table(text, boolean) IS
'creates a contact-event table of the documented shape (docs/events.md), name schema-qualified, owned by the caller (not by the extension, so it can be distributed, e.g. by agent_id on Citus); staging = true makes a landing table for COPY without keys or checks';

CREATE FUNCTION @extschema@.load_events(staging regclass, events regclass, batch text DEFAULT NULL)
RETURNS TABLE (loaded integer, duplicates integer, quarantined integer)
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    cols constant text := 'source, contact_id, agent_id, kind, channel, customer_id, received_at, first_response_at, '
                          'resolved_at, survey_sent_at, survey_answered_at, survey_score, won_back';
    n_valid integer;
    n_bad   integer;
    n_ins   integer;
BEGIN
    IF staging IS NULL OR events IS NULL THEN
        RAISE EXCEPTION 'staging and events must not be NULL'
            USING ERRCODE = 'null_value_not_allowed', HINT = 'Pass the two tables made by perfeval.create_event_table.';
    END IF;
    -- H-4.3 cleaning, in steps over temporary tables, each a plain query,
    -- so that the event table may be distributed (Citus plans every step):
    -- invalid rows and rows of unknown agents are quarantined with their
    -- reason; an event seen twice (same source and contact_id, in this
    -- batch or already loaded) counts once
    IF to_regclass('pg_temp.perfeval_event_load') IS NOT NULL THEN
        DROP TABLE pg_temp.perfeval_event_load;
    END IF;
    EXECUTE format($q$
        CREATE TEMP TABLE perfeval_event_load ON COMMIT DROP AS
        SELECT s AS r, a.id AS known_agent,
               CASE
                   WHEN s.agent_id IS NULL THEN 'agent_id is missing'
                   WHEN a.id IS NULL THEN format('unknown agent %%s', s.agent_id)
                   WHEN s.source IS NULL OR s.source = '' THEN 'source is missing'
                   WHEN s.contact_id IS NULL OR s.contact_id = '' THEN 'contact_id is missing'
                   WHEN s.kind IS NULL OR s.kind NOT IN ('contact', 'survey', 'complaint', 'review', 'winback')
                       THEN format('unknown kind "%%s" (contact, survey, complaint, review, winback)', s.kind)
                   WHEN s.channel NOT IN ('chat', 'call', 'email', 'message', 'other')
                       THEN format('unknown channel "%%s" (chat, call, email, message, other)', s.channel)
                   WHEN s.received_at IS NULL OR NOT isfinite(s.received_at) THEN 'received_at is missing or infinite'
                   WHEN NOT isfinite(s.first_response_at) OR NOT isfinite(s.resolved_at)
                        OR NOT isfinite(s.survey_sent_at) OR NOT isfinite(s.survey_answered_at) THEN 'a time is infinite'
                   WHEN s.first_response_at < s.received_at THEN 'first response before received'
                   WHEN s.resolved_at < s.received_at THEN 'resolved before received'
                   WHEN s.survey_answered_at < s.survey_sent_at THEN 'survey answered before sent'
                   WHEN s.survey_score < 0 OR s.survey_score > 100 OR s.survey_score = 'NaN' THEN 'survey_score outside 0-100'
               END AS reason
        FROM %1$s AS s LEFT JOIN perfeval.agent AS a ON a.id = s.agent_id$q$, staging);

    INSERT INTO perfeval.measurement_quarantine AS q (raw, raw_hash, reason, agent_id, import_batch)
    SELECT DISTINCT ON (md5(to_jsonb(l.r)::text)) to_jsonb(l.r), md5(to_jsonb(l.r)::text),
           'event: ' || l.reason, l.known_agent, coalesce(batch, 'events ' || events::text)
    FROM pg_temp.perfeval_event_load AS l WHERE l.reason IS NOT NULL
    ORDER BY md5(to_jsonb(l.r)::text)
    ON CONFLICT (raw_hash) DO NOTHING;
    SELECT count(*) FILTER (WHERE l.reason IS NULL), count(*) FILTER (WHERE l.reason IS NOT NULL)
      INTO n_valid, n_bad FROM pg_temp.perfeval_event_load AS l;

    -- once per source and contact id within the batch (the earliest)
    EXECUTE format($q$
        CREATE TEMP TABLE perfeval_event_good ON COMMIT DROP AS
        SELECT DISTINCT ON ((l.r).source, (l.r).contact_id) (l.r).*
        FROM pg_temp.perfeval_event_load AS l WHERE l.reason IS NULL
        ORDER BY (l.r).source, (l.r).contact_id, (l.r).received_at, (l.r).agent_id$q$);
    DROP TABLE pg_temp.perfeval_event_load;
    -- and not again when already loaded (a join, not a correlated subquery)
    EXECUTE format($q$
        CREATE TEMP TABLE perfeval_event_seen ON COMMIT DROP AS
        SELECT DISTINCT e.source, e.contact_id
        FROM %1$s AS e JOIN pg_temp.perfeval_event_good AS g ON g.source = e.source AND g.contact_id = e.contact_id$q$, events);
    DELETE FROM pg_temp.perfeval_event_good AS g USING pg_temp.perfeval_event_seen AS d
    WHERE d.source = g.source AND d.contact_id = g.contact_id;
    EXECUTE format('INSERT INTO %1$s (%2$s) SELECT %2$s FROM pg_temp.perfeval_event_good ON CONFLICT DO NOTHING', events, cols);
    GET DIAGNOSTICS n_ins = ROW_COUNT;
    DROP TABLE pg_temp.perfeval_event_good, pg_temp.perfeval_event_seen;
    RETURN QUERY SELECT n_ins, n_valid - n_ins, n_bad;
END
$$;
COMMENT ON FUNCTION @extschema@.load_events(regclass, regclass, text) IS
'moves COPY-loaded rows from a staging event table into an event table with H-4.3 cleaning: an event seen twice (same source and contact_id, in the batch or already loaded) counts once, rows of unknown agents and invalid rows go to perfeval.measurement_quarantine with their reason; returns how many rows were loaded, were duplicates and were quarantined (they add up to the staging rows); the staging table is left as it is';
