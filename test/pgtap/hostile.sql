-- pgTAP: hostile arguments for EVERY function of the extension.
--
-- Conventions: "Every function must survive hostile arguments (NaN,
-- +-Infinity, 'infinity' dates, 2^31-1, empty / NULL-holding /
-- multi-dimensional / huge arrays, NULLs) with a clean error or a right
-- answer and never run long."  H-1.2.1 (fairness) needs results that never
-- depend on a crash or a hang.
--
-- The functions are found in the catalog, not listed here: every function,
-- procedure, aggregate and window function that belongs to the extension
-- (pg_depend, deptype 'e'), so functions added by later issues are covered
-- without touching this file.  Skipped: trigger and event-trigger functions,
-- functions taking type internal (not callable from SQL), and names starting
-- with an entry of the exclusion list below (keep it minimal; say why).
--
-- Each function gets :calls_per_function random calls (setseed: the same
-- calls on every run) with arguments drawn per parameter type from pools of
-- hostile and ordinary values (pg_temp.hostile_value).  Aggregates run over
-- a small VALUES list of such rows, sometimes as a window (OVER (ORDER BY
-- ...)) or over no row; window functions run OVER () or OVER (ORDER BY ...);
-- procedures are CALLed.  Volatile workflow functions are called too: all of
-- it rolls back.
--
-- Each call is its own top-level statement (psql \gexec of CALL
-- pg_temp.try_call(id)), so that statement_timeout = 3s applies per call
-- (a timeout set inside one PL/pgSQL block would not).  try_call runs the
-- call in a subtransaction and records its SQLSTATE.  A failure is:
--   XX...  internal error (elog, can't-happen state, corrupted data)
--   57014  query canceled: the call ran longer than 3 s
--   53...  insufficient resources (out of memory, ...): limits must come first
--   58...  system error
-- A clean error (22023, 22004, 22003, 22008, 54000, 22P02 from a cast, ...)
-- or a result is a pass.  A backend crash ends the file early, which fails
-- it by the plan count.
\set calls_per_function 30
BEGIN;
CREATE EXTENSION IF NOT EXISTS perfeval;
SET LOCAL client_min_messages = error;
SELECT plan(20);

-- name prefixes not called (keep minimal; each entry needs a reason), e.g.
--   INSERT INTO hostile_exclusion VALUES ('some_prefix', 'why it cannot be called this way');
-- Empty: every function of the extension is called.
CREATE TEMP TABLE hostile_exclusion (prefix text PRIMARY KEY, reason text NOT NULL);

CREATE TEMP TABLE hostile_function (
    fn regprocedure PRIMARY KEY,
    kind "char" NOT NULL
);
CREATE TEMP TABLE hostile_call (
    id int PRIMARY KEY,
    fn regprocedure NOT NULL,
    sql text NOT NULL
);
CREATE TEMP TABLE hostile_outcome (
    id int PRIMARY KEY,
    sqlstate text NOT NULL,
    message text,
    context text,
    ms float8 NOT NULL
);

-- Returns one pool entry at random.
CREATE FUNCTION pg_temp.pick(pool text[]) RETURNS text
LANGUAGE sql AS $$ SELECT pool[1 + floor(random() * cardinality(pool))::int] $$;

-- Returns a random float8 in [lo, hi) as a literal with 2 decimals.
CREATE FUNCTION pg_temp.rnd(lo float8, hi float8) RETURNS text
LANGUAGE sql AS $$ SELECT round((lo + random() * (hi - lo))::numeric, 2)::text $$;

-- Returns an SQL expression of type t: a hostile or an ordinary value, or NULL.
CREATE FUNCTION pg_temp.hostile_value(t oid, depth int DEFAULT 0) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    tn text := format_type(t, NULL);
    ty pg_type;
    pool text[];
    e text;
    sub oid;
BEGIN
    SELECT * INTO ty FROM pg_type WHERE oid = t;
    IF random() < 0.08 THEN
        RETURN format('NULL::%s', tn);
    END IF;

    -- pseudo-types of polymorphic or generic parameters
    IF ty.typtype = 'p' THEN
        RETURN CASE tn
            WHEN 'anyarray' THEN pg_temp.hostile_value('float8[]'::regtype, depth)
            WHEN 'anycompatiblearray' THEN pg_temp.hostile_value('float8[]'::regtype, depth)
            WHEN 'anyrange' THEN pg_temp.hostile_value('daterange'::regtype, depth)
            WHEN 'anycompatiblerange' THEN pg_temp.hostile_value('daterange'::regtype, depth)
            WHEN 'anyenum' THEN coalesce(pg_temp.hostile_value(to_regtype('perfeval.grade'), depth), 'NULL')
            WHEN 'cstring' THEN format('(%s)::cstring', pg_temp.hostile_value('text'::regtype, depth))
            WHEN 'record' THEN pg_temp.pick(ARRAY['ROW(1, ''x'')', 'ROW(NULL)', 'NULL::record'])
            ELSE pg_temp.hostile_value('float8'::regtype, depth)   -- any, anyelement, ...
        END;
    END IF;
    -- domains: a value of the base type, cast (the domain's checks may refuse it)
    IF ty.typtype = 'd' THEN
        RETURN format('(%s)::%s', pg_temp.hostile_value(ty.typbasetype, depth), tn);
    END IF;
    -- enums: every label
    IF ty.typtype = 'e' THEN
        SELECT array_agg(format('%L::%s', enumlabel, tn)) INTO pool FROM pg_enum WHERE enumtypid = t;
        RETURN coalesce(pg_temp.pick(pool), format('NULL::%s', tn));
    END IF;
    -- composite types: a row of hostile fields, two levels deep at most
    IF ty.typtype = 'c' THEN
        IF depth >= 2 THEN
            RETURN format('NULL::%s', tn);
        END IF;
        SELECT format('ROW(%s)::%s', string_agg(pg_temp.hostile_value(a.atttypid, depth + 1), ', ' ORDER BY a.attnum), tn)
          INTO e FROM pg_attribute a
         WHERE a.attrelid = ty.typrelid AND a.attnum > 0 AND NOT a.attisdropped;
        RETURN coalesce(e, format('NULL::%s', tn));
    END IF;
    -- ranges: empty, unbounded, or built from two hostile bounds
    IF ty.typtype = 'r' THEN
        SELECT rngsubtype INTO sub FROM pg_range WHERE rngtypid = t;
        RETURN pg_temp.pick(ARRAY[
            format('''empty''::%s', tn), format('''(,)''::%s', tn),
            format('%s(%s, %s, %L)', tn, pg_temp.hostile_value(sub, depth), pg_temp.hostile_value(sub, depth),
                   pg_temp.pick('{[],[),(],()}')),
            format('%s(%s, %s)', tn, pg_temp.hostile_value(sub, depth), pg_temp.hostile_value(sub, depth))]);
    END IF;
    IF ty.typtype = 'm' THEN
        RETURN pg_temp.pick(ARRAY[format('''{}''::%s', tn), format('NULL::%s', tn)]);
    END IF;
    -- arrays: empty, NULL elements, 2-D, lower bound 0, 100,000 elements, ordinary
    IF ty.typcategory = 'A' AND ty.typelem <> 0 AND ty.typlen = -1 THEN
        pool := ARRAY[
            format('''{}''::%s', tn),
            format('ARRAY[NULL]::%s', tn),
            format('ARRAY[%s, NULL, %s]::%s', pg_temp.hostile_value(ty.typelem, depth),
                   pg_temp.hostile_value(ty.typelem, depth), tn),
            format('ARRAY[[%s, %s], [%s, %s]]::%s', pg_temp.hostile_value(ty.typelem, depth),
                   pg_temp.hostile_value(ty.typelem, depth), pg_temp.hostile_value(ty.typelem, depth),
                   pg_temp.hostile_value(ty.typelem, depth), tn),
            format('array_fill(%s, ARRAY[%s], ARRAY[0])', pg_temp.hostile_value(ty.typelem, depth),
                   1 + floor(random() * 4)::int),
            format('array_fill(%s, ARRAY[100000])', pg_temp.hostile_value(ty.typelem, depth)),
            format('ARRAY[%s]::%s', pg_temp.hostile_value(ty.typelem, depth), tn),
            format('ARRAY[%s, %s, %s, %s]::%s', pg_temp.hostile_value(ty.typelem, depth),
                   pg_temp.hostile_value(ty.typelem, depth), pg_temp.hostile_value(ty.typelem, depth),
                   pg_temp.hostile_value(ty.typelem, depth), tn)];
        IF ty.typelem IN ('float8'::regtype, 'float4'::regtype, 'numeric'::regtype,
                          'int2'::regtype, 'int4'::regtype, 'int8'::regtype) THEN
            pool := pool || ARRAY[
                -- ordinary cutoffs, weights, breakpoints and scores
                format('''{90,80,70,60}''::%s', tn), format('''{20,30,50}''::%s', tn),
                format('''{0,50,100}''::%s', tn), format('''{100,50,0}''::%s', tn),
                format('''{0,100}''::%s', tn), format('''{60,70,80,90}''::%s', tn),
                format('''{1,1,1,1}''::%s', tn), format('''{0,0,0}''::%s', tn),
                format('ARRAY[%s, %s, %s, %s]::%s', pg_temp.rnd(0, 100), pg_temp.rnd(0, 100),
                       pg_temp.rnd(0, 100), pg_temp.rnd(0, 100), tn),
                -- 100,000 elements, strictly increasing or decreasing
                format('(SELECT array_agg(g::%s ORDER BY g) FROM generate_series(1, 100000) g)',
                       format_type(ty.typelem, NULL)),
                format('(SELECT array_agg(g::%s ORDER BY g DESC) FROM generate_series(1, 100000) g)',
                       format_type(ty.typelem, NULL))];
        END IF;
        RETURN pg_temp.pick(pool);
    END IF;

    pool := CASE
        WHEN t IN ('float8'::regtype, 'float4'::regtype) THEN ARRAY[
            '''NaN''', '''Infinity''', '''-Infinity''', '0', '''-0''',
            CASE WHEN t = 'float4'::regtype THEN '3.4e38' ELSE '1e308' END,
            CASE WHEN t = 'float4'::regtype THEN '-3.4e38' ELSE '-1e308' END,
            CASE WHEN t = 'float4'::regtype THEN '1e-45' ELSE '5e-324' END,
            '-1', '1', '50', '60', '80', '90', '100', '70', '59.9999999', '89.99999999999999',
            pg_temp.rnd(-50, 150), pg_temp.rnd(0, 100), pg_temp.rnd(0, 100)]
        -- integers: the extremes of each width (a value out of a type's range
        -- would only test the cast)
        WHEN t IN ('int2'::regtype, 'int4'::regtype, 'int8'::regtype, 'oid'::regtype) THEN ARRAY[
            '0', '-1', '1', '2', '3', '4', '12', '100', floor(random() * 100)::text, floor(random() * 10)::text]
            || CASE t
                WHEN 'int2'::regtype THEN ARRAY['32767', '-32768']
                WHEN 'int4'::regtype THEN ARRAY['2147483647', '-2147483648', '32767']
                WHEN 'int8'::regtype THEN ARRAY['9223372036854775807', '-9223372036854775808',
                                                '2147483647', '2147483648', '-2147483648']
                ELSE ARRAY['4294967295'] END
        WHEN t = 'numeric'::regtype THEN ARRAY[
            '''NaN''', '''Infinity''', '''-Infinity''', '9e131071', '1e-16383', '0', '-1', '1',
            '80', '0.5', '100', '2147483648', pg_temp.rnd(0, 100)]
        WHEN t = 'date'::regtype THEN ARRAY[
            '''infinity''', '''-infinity''', '''4713-01-01 BC''', '''5874897-12-31''',
            '''2024-02-29''', '''2024-01-01''', '''2024-12-31''', '''2025-10-01''', '''2000-03-01''',
            quote_literal(date '2000-01-01' + floor(random() * 11000)::int)]
        WHEN t IN ('timestamp'::regtype, 'timestamptz'::regtype) THEN ARRAY[
            '''infinity''', '''-infinity''', '''4713-01-01 00:00:00 BC''', '''294276-12-31 23:59:59''',
            '''2024-02-29 12:00:00''', '''2024-12-31 23:59:59.999999''', '''2025-01-01 00:00:00''',
            quote_literal(timestamp '2000-01-01' + random() * interval '30 years')]
        WHEN t IN ('time'::regtype, 'timetz'::regtype) THEN ARRAY[
            '''00:00''', '''24:00''', '''23:59:59.999999''', '''12:00''']
        WHEN t = 'interval'::regtype THEN ARRAY[
            '''0''', '''1 day''', '''-1 day''', '''1 mon''', '''178000000 years''',
            '''-178000000 years''', '''1 microsecond''', '''2147483647 days''', '''1 year''']
        WHEN t IN ('text'::regtype, 'varchar'::regtype, 'bpchar'::regtype, 'name'::regtype) THEN ARRAY[
            '''''', ''' ''', '''cn''', '''zh''', '''en''', '''ZH''', '''zh-CN''', '''raise''',
            '''fail''', '''excellent''', '''month''', '''quarter''', '''year''', '''H-2.1.1''',
            '''%s%n%x\''', '''NULL''', '''Robert''''); DROP TABLE perfeval.x; --''',
            '''优秀''', 'repeat(''x'', 100000)', 'repeat(''优'', 20000)', quote_literal(md5(random()::text))]
        WHEN t = 'bool'::regtype THEN ARRAY['true', 'false']
        WHEN t = 'uuid'::regtype THEN ARRAY[
            '''00000000-0000-0000-0000-000000000000''', '''ffffffff-ffff-ffff-ffff-ffffffffffff''',
            quote_literal(md5(random()::text)::uuid)]
        WHEN t IN ('json'::regtype, 'jsonb'::regtype) THEN ARRAY[
            '''{}''', '''[]''', '''null''', '''0''', '''"x"''', '''{"a": {"b": [1, 2, null]}}''',
            '''{"score": "NaN", "weight": -1}''', 'repeat(''['', 5000) || repeat('']'', 5000)']
        -- work clocks (issue 13): real ones (day shifts, a night shift) and forged ones
        WHEN t = 'bytea'::regtype THEN ARRAY['''\x''', '''\x00ff''',
            'perfeval.work_clock(''{09:00-12:00,13:30-18:00}'')', 'perfeval.work_clock(''{22:00-06:00}'')',
            'overlay(perfeval.work_clock(''{09:00-18:00}'') placing ''\xffffff7f''::bytea from 5)',
            'overlay(perfeval.work_clock(''{09:00-18:00}'') placing ''\x00000000ffffff7f''::bytea from 21)',
            'substr(perfeval.work_clock(''{09:00-18:00}''), 1, 60)']
        WHEN t IN ('regclass'::regtype, 'regproc'::regtype, 'regprocedure'::regtype,
                   'regtype'::regtype, 'regnamespace'::regtype, 'regrole'::regtype) THEN ARRAY[
            '0']
        WHEN t IN ('inet'::regtype, 'cidr'::regtype) THEN ARRAY['''0.0.0.0/0''', '''::1''']
        ELSE ARRAY['''''', '''0''']     -- unknown types: their input function decides
    END;
    e := pg_temp.pick(pool);
    IF t IN ('regclass'::regtype, 'regproc'::regtype, 'regprocedure'::regtype,
             'regtype'::regtype, 'regnamespace'::regtype, 'regrole'::regtype) THEN
        RETURN format('%s::oid::%s', e, tn);
    END IF;
    RETURN format('(%s)::%s', e, tn);
END $$;

-- Fills hostile_function and hostile_call with n random calls per function.
CREATE FUNCTION pg_temp.generate_calls(n int) RETURNS int
LANGUAGE plpgsql AS $$
DECLARE
    f record;
    nargs int;
    args text[];
    nrows int;
    rows_sql text[];
    q text;
    id int := 0;
    last_is_array boolean;
BEGIN
    PERFORM setseed(0.5);   -- reproducible: the same calls on every run
    FOR f IN
        SELECT p.oid, p.oid::regprocedure AS fn, n.nspname, p.proname, p.prokind, p.pronargs,
               p.pronargdefaults,
               -- oidvector::oid[] starts at subscript 0; this array starts at 1
               string_to_array(p.proargtypes::text, ' ')::oid[] AS argtypes, p.provariadic,
               p.proargmodes, coalesce(a.aggkind, 'n') AS aggkind,
               coalesce(a.aggnumdirectargs, 0) AS ndirect
          FROM pg_depend d
          JOIN pg_proc p ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid
          JOIN pg_namespace n ON n.oid = p.pronamespace
          LEFT JOIN pg_aggregate a ON a.aggfnoid = p.oid
         WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
           AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'perfeval')
           AND p.prorettype NOT IN ('trigger'::regtype, 'event_trigger'::regtype)
           AND NOT ('internal'::regtype = ANY (p.proargtypes::oid[]))
           AND NOT EXISTS (SELECT 1 FROM pg_temp.hostile_exclusion x
                            WHERE starts_with(p.proname::text, x.prefix))
         ORDER BY p.proname, pg_get_function_identity_arguments(p.oid)
    LOOP
        INSERT INTO pg_temp.hostile_function VALUES (f.fn, f.prokind);
        last_is_array := f.pronargs > 0
            AND (SELECT typcategory = 'A' FROM pg_type WHERE oid = f.argtypes[f.pronargs]);
        FOR k IN 1..n LOOP
            -- sometimes leave out trailing arguments that have defaults
            nargs := f.pronargs;
            IF f.prokind = 'f' AND f.pronargdefaults > 0 AND random() < 0.3 THEN
                nargs := f.pronargs - floor(random() * (f.pronargdefaults + 1))::int;
            END IF;

            IF f.prokind IN ('a', 'w') THEN
                -- 1 to 4 rows of arguments, column aI for argument I
                nrows := 1 + floor(random() * 4)::int;
                rows_sql := '{}';
                FOR r IN 1..nrows LOOP
                    args := ARRAY[r::text];
                    FOR i IN 1..f.pronargs LOOP
                        IF f.prokind = 'a' AND i <= f.ndirect THEN
                            args := args || 'NULL::int';   -- direct arguments are given below
                        ELSE
                            args := args || pg_temp.hostile_value(f.argtypes[i]);
                        END IF;
                    END LOOP;
                    rows_sql := rows_sql || format('(%s)', array_to_string(args, ', '));
                END LOOP;
                args := '{}';
                FOR i IN 1..f.pronargs LOOP
                    args := args || format('a%s', i);
                END LOOP;
                q := format(' FROM (VALUES %s) v(%s)', array_to_string(rows_sql, ', '),
                            array_to_string(ARRAY['ord'] || args, ', '));
                IF random() < 0.1 THEN
                    q := q || ' WHERE false';
                END IF;
                IF f.prokind = 'w' THEN
                    q := format('SELECT %I.%I(%s) OVER (%s)', f.nspname, f.proname,
                                array_to_string(args, ', '),
                                CASE WHEN random() < 0.5 THEN '' ELSE 'ORDER BY ord' END) || q;
                ELSIF f.aggkind IN ('o', 'h') THEN
                    q := format('SELECT %I.%I(%s) WITHIN GROUP (ORDER BY %s)', f.nspname, f.proname,
                                (SELECT string_agg(pg_temp.hostile_value(f.argtypes[i]), ', ')
                                   FROM generate_series(1, f.ndirect) i),
                                array_to_string(args[f.ndirect + 1:], ', ')) || q;
                ELSE
                    q := format('SELECT %I.%I(%s)%s', f.nspname, f.proname,
                                CASE WHEN f.pronargs = 0 THEN '*' ELSE array_to_string(args, ', ') END,
                                CASE WHEN random() < 0.3
                                     THEN ' OVER (ORDER BY ord ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)'
                                     ELSE '' END) || q;
                END IF;
            ELSE
                args := '{}';
                FOR i IN 1..nargs LOOP
                    IF f.prokind = 'p' AND f.proargmodes IS NOT NULL AND f.proargmodes[i] = 'o' THEN
                        args := args || 'NULL'::text;
                    ELSE
                        args := args || pg_temp.hostile_value(f.argtypes[i]);
                    END IF;
                END LOOP;
                IF f.provariadic <> 0 AND nargs = f.pronargs AND last_is_array THEN
                    args[nargs] := 'VARIADIC ' || args[nargs];
                END IF;
                q := format('%s %I.%I(%s)', CASE f.prokind WHEN 'p' THEN 'CALL' ELSE 'SELECT' END,
                            f.nspname, f.proname, array_to_string(args, ', '));
            END IF;
            id := id + 1;
            INSERT INTO pg_temp.hostile_call VALUES (id, f.fn, q);
        END LOOP;
    END LOOP;
    RETURN id;
END $$;

-- Runs one call in a subtransaction and records its SQLSTATE ('00000' when it returned).
CREATE PROCEDURE pg_temp.try_call(call_id int)
LANGUAGE plpgsql AS $$
DECLARE
    q text;
    st text := '00000';
    msg text;
    ctx text;
    t0 timestamptz;
BEGIN
    SELECT sql INTO q FROM pg_temp.hostile_call WHERE id = call_id;
    t0 := clock_timestamp();
    BEGIN
        EXECUTE q;
    EXCEPTION
        WHEN query_canceled THEN     -- not part of OTHERS
            GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, ctx = PG_EXCEPTION_CONTEXT;
        WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, ctx = PG_EXCEPTION_CONTEXT;
    END;
    INSERT INTO pg_temp.hostile_outcome
    VALUES (call_id, st, msg, ctx, extract(epoch FROM clock_timestamp() - t0) * 1000);
END $$;

SELECT cmp_ok(pg_temp.generate_calls(:calls_per_function), '>=', 11 * :calls_per_function,
    'hostile calls generated for every function of the extension (issue 2 has 11)');

-- one top-level statement per call, so that the timeout applies per call;
-- 3 s unless the run sets perfeval_test.hostile_timeout (test/valgrind.sh
-- does, since memcheck slows the server down some fifty times)
SELECT coalesce(nullif(current_setting('perfeval_test.hostile_timeout', true), ''), '3s') AS hostile_timeout \gset
SET LOCAL statement_timeout = :'hostile_timeout';
SELECT format('CALL pg_temp.try_call(%s)', id) FROM pg_temp.hostile_call ORDER BY id \gexec
SET LOCAL statement_timeout = 0;

-- the harness itself must build valid calls: a syntax error, an unknown
-- function or an undetermined type raised by the call text itself (not from
-- inside a function) is a bug of this file
SELECT is(
    (SELECT array_agg(format('%s [%s %s] %s', c.fn, o.sqlstate, o.message, left(c.sql, 300)) ORDER BY o.id)
       FROM pg_temp.hostile_outcome o JOIN pg_temp.hostile_call c USING (id)
      WHERE o.sqlstate IN ('42601', '42883', '42P18') AND o.context !~ E'\n'),
    NULL, 'the hostile calls are well formed');

SELECT is(
    (SELECT array_agg(format('%s [%s %s, %s ms] %s', c.fn, o.sqlstate, o.message, round(o.ms), left(c.sql, 500))
                      ORDER BY o.id)
       FROM pg_temp.hostile_outcome o JOIN pg_temp.hostile_call c USING (id)
      WHERE o.sqlstate ~ '^(XX|53|58)' OR o.sqlstate = '57014'),
    NULL, 'no function fails with an internal error, a timeout (3 s) or resource exhaustion on hostile arguments');

SELECT is((SELECT count(*)::int FROM pg_temp.hostile_outcome),
          (SELECT count(*)::int FROM pg_temp.hostile_call), 'every hostile call ran');

-- issue 14 (1.1): named hostile cases of the report functions (the loop
-- above calls them with random arguments too)
SET LOCAL statement_timeout = '10s';
SELECT throws_ok($$SELECT perfeval.period_key('month', '-infinity')$$, '22008', NULL, 'period_key of -infinity: 22008');
SELECT throws_ok($$SELECT perfeval.period_label('year', '2025-01-01', 'fr')$$, '22023', NULL, 'period_label in an unknown language: 22023');
SELECT throws_ok($$SELECT perfeval.hold_interview(1, 'a', 'b', (SELECT jsonb_agg(jsonb_build_object('measure', 'x')) FROM generate_series(1, 100000)))$$,
                 '22023', NULL, 'hold_interview with 100,000 measures: 22023 at once');
SELECT throws_ok($$SELECT perfeval.hold_interview(1, repeat('x', 20000), 'b')$$, '22023', NULL, 'strengths of 20,000 characters: 22023');
SELECT throws_ok($$SELECT perfeval.hold_interview(1, 'a', 'b', '{"measure": "x"}')$$, '22023', NULL, 'measures not an array: 22023');
SELECT throws_ok($$SELECT perfeval.report_html_render('{"report": "something else"}', 'x')$$, '22023', NULL, 'report_html_render of a jsonb that is no report: 22023');
SELECT is(length(perfeval.report_html_render(jsonb_build_object('report', 'perfeval period report',
              'teams', (SELECT jsonb_agg(jsonb_build_object('name', '<t' || g || '>', 'graded', 1,
                                                             'grades', jsonb_build_array(jsonb_build_object('grade', 'fail', 'agents', 1))))
                        FROM generate_series(1, 100000) AS g),
              'trend', jsonb_build_object('keys', (SELECT jsonb_agg(g) FROM generate_series(1, 100000) AS g),
                                          'teams', (SELECT jsonb_agg(jsonb_build_object('name', 'x', 'mean_totals', jsonb_build_array('NaN', 1e300, -5)))
                                                    FROM generate_series(1, 1000) AS g))), 'x')) < 200000,
          true, 'report_html_render of 100,000 teams and trend keys (and NaN, 1e300 as means): bounded, the first 60 teams drawn');
SELECT is(perfeval.html_escape(E'<script>\'&"</script>'), '&lt;script&gt;&#39;&amp;&quot;&lt;/script&gt;', 'html_escape of a script tag');
RESET statement_timeout;

-- one line of what happened (per function: SELECT fn, sqlstate, count(*)
-- FROM pg_temp.hostile_outcome JOIN pg_temp.hostile_call USING (id) ...)
SELECT diag(format('%s functions, %s calls: %s; slowest call %s ms',
    (SELECT count(*) FROM pg_temp.hostile_function),
    (SELECT count(*) FROM pg_temp.hostile_outcome),
    (SELECT string_agg(format('%s x%s', sqlstate, n), ', ' ORDER BY sqlstate)
       FROM (SELECT sqlstate, count(*) AS n FROM pg_temp.hostile_outcome GROUP BY sqlstate) s),
    (SELECT round(max(ms)) FROM pg_temp.hostile_outcome)));

-- issue 15, by hand: the arguments the generic pools do not reach
SELECT throws_ok($$SELECT count(*) FROM perfeval.replay(1, ARRAY(SELECT g FROM generate_series(-100000, -1) AS g))$$,
                 '42704', NULL, 'replay of 100,000 unknown periods: 42704, at once');
SELECT is((SELECT count(*)::int FROM perfeval.replay(1, '{}')), 0, 'replay of no period: no row');
SELECT throws_ok($$SELECT count(*) FROM perfeval.replay(1, array_fill(NULL::integer, ARRAY[100000]))$$,
                 '22004', NULL, 'replay of 100,000 NULLs: 22004');
SELECT perfeval.period_of('year', '2199-06-30') AS far_year, perfeval.period_of('quarter', '2199-06-30') AS far_quarter \gset
SELECT is((SELECT count(*)::int FROM perfeval.replay(1, ARRAY[:far_year, :far_quarter])), 0,
          'replay of a year and a quarter without evaluated months: no row (nothing to roll up)');
SELECT throws_ok($$SELECT count(*) FROM perfeval.replay_summary(1, '{}', 'team', 'Infinity')$$,
                 '22003', NULL, 'replay_summary with an infinite pool: 22003');
SELECT perfeval.revision_draft('hostile') AS hostile_rev \gset
SELECT perfeval.revision_submit(:hostile_rev) AS x \gset
SELECT throws_ok(format($$SELECT perfeval.revision_approve(%s, true, 'infinity')$$, :hostile_rev),
                 '22023', NULL, 'approval from ''infinity'': 22023, not a first day of a period');
SELECT throws_ok(format($$SELECT perfeval.revision_approve(%s, true, '-infinity')$$, :hostile_rev),
                 '22023', NULL, 'nor from ''-infinity''');
SELECT throws_ok($$INSERT INTO perfeval.calibration_policy (name, value) VALUES ('leniency_threshold', 'NaN')$$,
                 '23514', NULL, 'a NaN leniency threshold is refused');
SELECT * FROM finish();
ROLLBACK;
