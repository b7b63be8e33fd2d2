-- test/bench/calendar.sql — business-day calendar benchmark (issue 3; the
-- appeal deadlines of H-6.3.3 and H-8 are computed this way).
-- One session, one million rows: perfeval.workday(d, 3) against d + 3 and
-- against the generate_series SQL approach, and 200 working days out against
-- 1 day out.  Prints the timings and the ratios; not part of the test run.
--   flock /tmp/perfeval.lock bash -c 'make -s install && pg_virtualenv -v 15 psql -X -f test/bench/calendar.sql'
\set ON_ERROR_STOP on
SET client_min_messages = notice;
CREATE EXTENSION IF NOT EXISTS perfeval;
SET max_parallel_workers_per_gather = 0;   -- per-row cost in one process
SET jit = off;

-- days 2023-01-01 .. 2025-09-27, so that 200 working days out stays inside cn
CREATE TEMP TABLE bench_days AS
SELECT DATE '2023-01-01' + (i % 1000) AS d FROM generate_series(1, 1000000) AS i;
VACUUM ANALYZE bench_days;

DO $bench$
DECLARE
    t0 timestamptz;
    best_scan float8 := 1e9;
    best_plus float8 := 1e9;
    best_wd3 float8 := 1e9;
    best_wd1 float8 := 1e9;
    best_wd200 float8 := 1e9;
    sql_sample float8;
    sample_rows int := 2000;
    el float8;
    dummy date;
    check_ok boolean;
BEGIN
    -- warm up: compile the calendar, load the table into the buffer cache
    PERFORM max(perfeval.workday(d, 3)) FROM bench_days;
    FOR run IN 1..5 LOOP
        t0 := clock_timestamp();
        SELECT max(d) INTO dummy FROM bench_days;
        el := extract(epoch FROM clock_timestamp() - t0); best_scan := least(best_scan, el);

        t0 := clock_timestamp();
        SELECT max(d + 3) INTO dummy FROM bench_days;
        el := extract(epoch FROM clock_timestamp() - t0); best_plus := least(best_plus, el);

        t0 := clock_timestamp();
        SELECT max(perfeval.workday(d, 3)) INTO dummy FROM bench_days;
        el := extract(epoch FROM clock_timestamp() - t0); best_wd3 := least(best_wd3, el);

        t0 := clock_timestamp();
        SELECT max(perfeval.workday(d, 1)) INTO dummy FROM bench_days;
        el := extract(epoch FROM clock_timestamp() - t0); best_wd1 := least(best_wd1, el);

        t0 := clock_timestamp();
        SELECT max(perfeval.workday(d, 200)) INTO dummy FROM bench_days;
        el := extract(epoch FROM clock_timestamp() - t0); best_wd200 := least(best_wd200, el);
    END LOOP;

    -- the SQL people write today: walk the days with generate_series and
    -- test each against the holiday table (too slow for a million rows:
    -- run on a sample and scale per row)
    t0 := clock_timestamp();
    PERFORM max((SELECT g::date
                   FROM generate_series(s.d + 1, s.d + 60, interval '1 day') AS g
                  WHERE (extract(isodow FROM g) < 6
                         AND NOT EXISTS (SELECT 1 FROM perfeval.calendar_day AS h
                                          WHERE h.calendar = 'cn' AND h.day = g::date AND h.kind = 'holiday'))
                     OR EXISTS (SELECT 1 FROM perfeval.calendar_day AS w
                                 WHERE w.calendar = 'cn' AND w.day = g::date AND w.kind = 'workday')
                  ORDER BY g OFFSET 2 LIMIT 1))
      FROM (SELECT d FROM bench_days LIMIT sample_rows) AS s;
    sql_sample := extract(epoch FROM clock_timestamp() - t0);

    -- the two ways agree on the sample
    SELECT bool_and(perfeval.workday(s.d, 3) =
                    (SELECT g::date
                       FROM generate_series(s.d + 1, s.d + 60, interval '1 day') AS g
                      WHERE (extract(isodow FROM g) < 6
                             AND NOT EXISTS (SELECT 1 FROM perfeval.calendar_day AS h
                                              WHERE h.calendar = 'cn' AND h.day = g::date AND h.kind = 'holiday'))
                         OR EXISTS (SELECT 1 FROM perfeval.calendar_day AS w
                                     WHERE w.calendar = 'cn' AND w.day = g::date AND w.kind = 'workday')
                      ORDER BY g OFFSET 2 LIMIT 1))
      INTO check_ok
      FROM (SELECT d FROM bench_days LIMIT sample_rows) AS s;

    RAISE NOTICE 'rows: 1000000 (best of 5 runs, one session, no parallel workers)';
    RAISE NOTICE 'scan only   max(d)                       % ms', round((best_scan * 1000)::numeric, 1);
    RAISE NOTICE 'plain       max(d + 3)                   % ms', round((best_plus * 1000)::numeric, 1);
    RAISE NOTICE 'perfeval    max(perfeval.workday(d, 3))  % ms', round((best_wd3 * 1000)::numeric, 1);
    RAISE NOTICE 'perfeval    max(perfeval.workday(d, 1))  % ms', round((best_wd1 * 1000)::numeric, 1);
    RAISE NOTICE 'perfeval    max(perfeval.workday(d, 200)) % ms', round((best_wd200 * 1000)::numeric, 1);
    RAISE NOTICE 'SQL         generate_series walk: % rows in % ms = % us/row, scaled to 1M rows: % ms (agrees with perfeval: %)',
        sample_rows, round((sql_sample * 1000)::numeric, 1),
        round((sql_sample * 1e6 / sample_rows)::numeric, 1),
        round((sql_sample * 1e9 / sample_rows)::numeric, 0), check_ok;
    RAISE NOTICE 'ratio workday(d, 3) / (d + 3), whole query:       % (goal <= 2)', round((best_wd3 / best_plus)::numeric, 2);
    RAISE NOTICE 'ratio per-row cost above the scan, workday / d+3: %', round(((best_wd3 - best_scan) / greatest(best_plus - best_scan, 1e-6))::numeric, 2);
    RAISE NOTICE 'speed-up over the SQL approach (per row):        %x (goal >= 300)', round(((sql_sample / sample_rows) / (best_wd3 / 1000000))::numeric, 0);
    RAISE NOTICE 'ratio 200 days out / 1 day out:                   % (goal <= 1.1)', round((best_wd200 / best_wd1)::numeric, 3);
END
$bench$;
