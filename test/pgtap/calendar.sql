-- pgTAP: business-day calendars (issue 3; handbook "Working days" and the
-- appeal deadlines of H-6.3.3, H-8.1.3, H-8.2.2, H-8.2.4, H-8.2.5, H-8.3.2).
BEGIN;
CREATE EXTENSION IF NOT EXISTS perfeval;
SET LOCAL datestyle = ISO;
SET LOCAL timezone = 'UTC';
SELECT plan(96);

-- schema
SELECT has_table('perfeval', 'calendar', 'table perfeval.calendar exists');
SELECT has_table('perfeval', 'calendar_day', 'table perfeval.calendar_day exists');
SELECT col_is_pk('perfeval', 'calendar', 'name', 'calendar.name is the primary key');
SELECT col_is_pk('perfeval', 'calendar_day', ARRAY['calendar', 'day'], 'one row per calendar and day');
SELECT fk_ok('perfeval', 'calendar_day', 'calendar', 'perfeval', 'calendar', 'name');
SELECT col_type_is('perfeval', 'calendar', 'working_weekdays', 'smallint[]', 'working weekdays are ISO weekday numbers');
SELECT has_trigger('perfeval', 'calendar', 'calendar_invalidate', 'calendar changes invalidate the caches');
SELECT has_trigger('perfeval', 'calendar_day', 'calendar_day_invalidate', 'calendar_day changes invalidate the caches');

-- pg_dump: both tables are extension configuration tables, shipped rows filtered out
SELECT set_eq(
    $$SELECT c.relname::text, e.extcondition[i]
        FROM pg_extension AS e, generate_subscripts(e.extconfig, 1) AS i, pg_class AS c
       WHERE e.extname = 'perfeval' AND c.oid = e.extconfig[i] AND c.relname IN ('calendar', 'calendar_day')$$,
    $$VALUES ('calendar', 'WHERE NOT shipped'), ('calendar_day', 'WHERE NOT shipped')$$,
    'calendar tables are registered with pg_extension_config_dump, without untouched shipped rows');

-- volatility, strictness, parallel safety exactly as declared by the issue
SELECT volatility_is('perfeval', 'workday', ARRAY['date', 'integer', 'text'], 'stable', 'workday(date, int, text) is STABLE');
SELECT volatility_is('perfeval', 'networkdays', ARRAY['date', 'date', 'text'], 'stable', 'networkdays(date, date, text) is STABLE');
SELECT volatility_is('perfeval', 'is_workday', ARRAY['date', 'text'], 'stable', 'is_workday is STABLE');
SELECT volatility_is('perfeval', 'busday_offset', ARRAY['date', 'integer', 'text', 'text'], 'stable', 'busday_offset is STABLE');
SELECT volatility_is('perfeval', 'busday_count', ARRAY['date', 'date', 'text'], 'stable', 'busday_count is STABLE');
SELECT volatility_is('perfeval', 'deadline', ARRAY['timestamp with time zone', 'integer', 'text'], 'stable', 'deadline is STABLE');
SELECT volatility_is('perfeval', 'workday', ARRAY['date', 'integer', 'text', 'date[]', 'date[]'], 'immutable', 'workday with arrays is IMMUTABLE');
SELECT volatility_is('perfeval', 'networkdays', ARRAY['date', 'date', 'text', 'date[]', 'date[]'], 'immutable', 'networkdays with arrays is IMMUTABLE');
SELECT is((SELECT count(*)::int FROM pg_proc
            WHERE pronamespace = 'perfeval'::regnamespace
              AND proname IN ('workday', 'networkdays', 'is_workday', 'busday_offset', 'busday_count', 'deadline')
              AND proisstrict AND proparallel = 's'), 9,
          'the eight calendar functions and is_workday(date, bytea) (issue 13) are STRICT and PARALLEL SAFE');
SELECT is((SELECT count(*)::int FROM pg_proc p
            WHERE p.pronamespace = 'perfeval'::regnamespace
              AND p.proname IN ('workday', 'networkdays', 'is_workday', 'busday_offset', 'busday_count', 'deadline',
                                'calendar_invalidate', 'calendar_keep_change', 'calendar_day_keep_change', 'is_time_zone')
              AND obj_description(p.oid, 'pg_proc') IS NOT NULL), 13, 'every calendar function has a comment (is_workday(date, bytea) of issue 13 included)');

-- the shipped calendar
SELECT is((SELECT row(working_weekdays, time_zone, valid_from, official_to, valid_to, shipped)::text FROM perfeval.calendar WHERE name = 'cn'),
          '("{1,2,3,4,5}",Asia/Shanghai,2023-01-01,2026-12-31,2035-12-31,t)', 'cn: Monday-Friday, Asia/Shanghai, official 2023-2026, projected to 2035, shipped');
SELECT is((SELECT count(*)::int FROM perfeval.calendar_day WHERE calendar = 'cn' AND NOT projected), 146, 'cn has the 146 rows of the notices');
SELECT is((SELECT count(*)::int FROM perfeval.calendar_day WHERE calendar = 'cn' AND projected), 117, 'and 13 projected statutory days for each of 2027-2035');

-- workday (Excel WORKDAY): H-6.3.3 appeal window of 3 working days
SELECT is(perfeval.workday('2023-01-20', 1), DATE '2023-01-28', 'H-6.3.3: a make-up Saturday is the first working day after Spring Festival 2023');
SELECT is(perfeval.workday('2023-01-20', 3), DATE '2023-01-30', 'H-6.3.3: 3 working days after 2023-01-20');
SELECT is(perfeval.workday('2024-02-08', 5), DATE '2024-02-21', 'H-6.3.3: 5 working days across Spring Festival 2024');
SELECT is(perfeval.workday('2024-02-08', 10), DATE '2024-02-28', 'H-8.2.2: 10 working days across Spring Festival 2024');
SELECT is(perfeval.workday('2024-09-30', 5), DATE '2024-10-12', 'H-8.1.3: 5 working days across National Day 2024 end on a make-up Saturday');
SELECT is(perfeval.workday('2025-09-26', 5), DATE '2025-10-10', 'H-8.2.5: a second appeal within 5 working days of a result received before National Day 2025');
SELECT is(perfeval.workday('2026-09-30', 5), DATE '2026-10-13', 'H-8.3.2: written feedback within 5 working days across National Day 2026');
SELECT is(perfeval.workday('2025-01-27', 0), DATE '2025-01-27', 'days = 0 returns start');
SELECT is(perfeval.workday('2023-01-21', 0), DATE '2023-01-21', 'days = 0 returns start even on a holiday');
SELECT is(perfeval.workday('2023-01-30', -2), DATE '2023-01-28', 'negative days go backwards');
SELECT is(perfeval.workday('2023-01-03', 900), DATE '2026-08-14', '900 working days out');
SELECT is(perfeval.workday('2024-02-08', 5, 'cn'), perfeval.workday('2024-02-08', 5), 'the calendar defaults to cn');

-- networkdays (Excel NETWORKDAYS)
SELECT is(perfeval.networkdays('2023-01-01', '2023-01-31'), 18, 'January 2023 has 18 working days in cn');
SELECT is(perfeval.networkdays('2023-01-31', '2023-01-01'), -18, 'reversed arguments negate');
SELECT is(perfeval.networkdays('2024-01-01', '2024-12-31'), 251, '2024 has 251 working days');
SELECT is(perfeval.networkdays('2023-01-28', '2023-01-28'), 1, 'both ends count: a make-up day alone is 1');

-- is_workday
SELECT ok(perfeval.is_workday('2026-02-28'), 'Saturday 2026-02-28 is a make-up workday');
SELECT ok(NOT perfeval.is_workday('2026-02-23'), 'Monday 2026-02-23 is a Spring Festival holiday');
SELECT ok(NOT perfeval.is_workday('2026-03-01'), 'an ordinary Sunday is not a working day');

-- busday_offset (numpy) with all eight rolls
SELECT throws_ok($$SELECT perfeval.busday_offset('2023-09-30', 0)$$, '22023', NULL, 'roll raise on a holiday raises 22023');
SELECT is(perfeval.busday_offset('2023-09-30', 0, 'nat'), NULL, 'roll nat gives NULL on a holiday');
SELECT is(perfeval.busday_offset('2023-09-30', 0, 'forward'), DATE '2023-10-07', 'forward rolls to the make-up Saturday');
SELECT is(perfeval.busday_offset('2023-09-30', 0, 'following'), DATE '2023-10-07', 'following = forward');
SELECT is(perfeval.busday_offset('2023-09-30', 0, 'backward'), DATE '2023-09-28', 'backward skips the Mid-autumn Friday');
SELECT is(perfeval.busday_offset('2023-09-30', 0, 'preceding'), DATE '2023-09-28', 'preceding = backward');
SELECT is(perfeval.busday_offset('2023-09-30', 0, 'modifiedfollowing'), DATE '2023-09-28', 'modifiedfollowing does not cross into October');
SELECT is(perfeval.busday_offset('2024-10-01', 0, 'modifiedpreceding'), DATE '2024-10-08', 'modifiedpreceding does not cross into September');
SELECT is(perfeval.busday_offset('2023-01-28', 3), DATE '2023-01-31', 'a make-up Saturday is valid for raise');

-- busday_count (numpy >= 1.25)
SELECT is(perfeval.busday_count('2023-01-01', '2023-02-01'), 18, 'half-open count of January 2023');
SELECT is(perfeval.busday_count('2023-01-30', '2023-01-27'), -3, 'reversed: minus the working days in (finish, begin]');
SELECT is(perfeval.busday_count('2023-05-05', '2023-05-05'), 0, 'equal days count 0');

-- deadline across time zones (H-8.2.4 result notified within 5 working days)
SELECT is(perfeval.deadline('2024-09-29 15:59:59+00', 1), TIMESTAMPTZ '2024-10-01 00:00:00+08', 'event on the make-up Sunday (Shanghai): due by the end of Monday');
SELECT is(perfeval.deadline('2024-09-29 16:00:00+00', 1), TIMESTAMPTZ '2024-10-09 00:00:00+08', 'one second later it is Monday in Shanghai: due after National Day');
SELECT is(perfeval.deadline('2024-02-08 09:30:00+08', 5), TIMESTAMPTZ '2024-02-22 00:00:00+08', 'H-8.2.4: 5 working days across Spring Festival 2024');

-- array variants (IMMUTABLE)
SELECT is(perfeval.workday('2023-01-20', 1, '1', '{2023-01-23,2023-01-24,2023-01-25,2023-01-26,2023-01-27}', '{2023-01-28,2023-01-29}'),
          DATE '2023-01-28', 'arrays: make-up workdays count');
SELECT is(perfeval.workday('2024-01-01', 1, '0000011', '{}'), DATE '2024-01-02', 'arrays: seven-character mask');
SELECT is(perfeval.workday('2024-01-05', 1, '7', '{}'), DATE '2024-01-07', 'arrays: code 7 = Friday and Saturday off');
SELECT is(perfeval.workday('2024-01-06', 1, '11', '{2024-01-08,2024-01-08,2024-01-07}'), DATE '2024-01-09', 'arrays: duplicate and weekend holidays are harmless');
SELECT is(perfeval.networkdays('2024-01-01', '2024-12-31', '1111111', '{}'), 0, 'arrays: all days off gives 0 networkdays');
SELECT is(perfeval.networkdays('2024-01-01', '2024-01-31', '1', '{}'), 23, 'arrays: January 2024 has 23 weekdays');
SELECT lives_ok($$SELECT perfeval.workday('2000-01-03', 1000000000, '1', '{}')$$, 'arrays: a billion working days answer at once');

-- errors with their SQLSTATE
SELECT throws_ok($$SELECT perfeval.workday('2035-12-25', 5)$$, '22008', NULL, 'beyond valid_to (past the projection): 22008');
SELECT throws_ok($$SELECT perfeval.workday('2023-01-05', -5)$$, '22008', NULL, 'before valid_from: 22008');
SELECT throws_like($$SELECT perfeval.workday('2035-12-25', 5)$$, '%2036-01-01%', 'the message names the missing day');
SELECT throws_ok($$SELECT perfeval.is_workday('2040-06-01')$$, '22008', NULL, 'is_workday outside the data: 22008');
SELECT throws_ok($$SELECT perfeval.networkdays('2022-06-01', '2023-06-01')$$, '22008', NULL, 'networkdays outside the data: 22008');
SELECT throws_ok($$SELECT perfeval.busday_count('2035-12-01', '2036-01-02')$$, '22008', NULL, 'busday_count outside the data: 22008');
SELECT throws_ok($$SELECT perfeval.deadline('2035-12-31 10:00+08', 1)$$, '22008', NULL, 'deadline outside the data: 22008');
SELECT throws_ok($$SELECT perfeval.workday('2023-01-03', 2147483647)$$, '22008', NULL, 'days = 2^31-1: 22008 at once');
SELECT throws_ok($$SELECT perfeval.workday('infinity', 1)$$, '22008', NULL, 'infinity: 22008');
SELECT throws_ok($$SELECT perfeval.busday_count('-infinity', '2023-01-01')$$, '22008', NULL, '-infinity: 22008');
SELECT throws_ok($$SELECT perfeval.deadline('infinity', 1)$$, '22008', NULL, 'infinite event: 22008');
SELECT throws_ok($$SELECT perfeval.workday('2023-01-03', 1, 'mars')$$, '42704', NULL, 'unknown calendar: 42704');
SELECT throws_ok($$SELECT perfeval.busday_offset('2023-01-03', 1, 'sideways')$$, '22023', NULL, 'bad roll name: 22023');
SELECT throws_ok($$SELECT perfeval.workday('2024-01-01', 1, '8', '{}')$$, '22023', NULL, 'bad weekend code: 22023');
SELECT throws_ok($$SELECT perfeval.workday('2024-01-01', 1, '000001', '{}')$$, '22023', NULL, 'bad weekend mask: 22023');
SELECT throws_ok($$SELECT perfeval.workday('2024-01-01', 1, '1111111', '{}')$$, '22023', NULL, 'all days off: workday raises 22023');
SELECT throws_ok($$SELECT perfeval.workday('2024-01-01', 1, '1', '{2024-01-02,NULL}')$$, '22023', NULL, 'NULL holiday: 22023');
SELECT throws_ok($$SELECT perfeval.workday('2024-01-01', 1, '1', '{infinity}')$$, '22008', NULL, 'infinite holiday: 22008');
SELECT throws_ok($$SELECT perfeval.workday('2024-01-01', 1, '1', '{2024-01-06}', '{2024-01-06}')$$, '22023', NULL, 'holiday and workday at once: 22023');
SELECT throws_ok($$SELECT perfeval.workday('2000-01-03', 2147483647, '1', '{}')$$, '22008', NULL, 'arrays: result beyond the date range: 22008');
SELECT throws_ok($$INSERT INTO perfeval.calendar (name, time_zone, valid_from, valid_to) VALUES ('x', 'Mars/Olympus', '2024-01-01', '2024-12-31')$$,
                 '23514', NULL, 'an unknown time zone is refused');

-- data changes: a DBA loads the next year's notice and the same session
-- sees it at its next command
INSERT INTO perfeval.calendar_notice (calendar, year, day, kind, name) VALUES
    ('cn', 2027, '2027-01-01', 'holiday', 'New Year''s Day / 元旦'),
    ('cn', 2027, '2027-01-04', 'holiday', 'New Year''s Day / 元旦 (bridge, invented)');
SELECT is(perfeval.workday('2026-12-31', 1), DATE '2027-01-05', 'after loading 2027 the next working day after 2026-12-31 is 2027-01-05');
SELECT is((SELECT official_to FROM perfeval.calendar WHERE name = 'cn'), DATE '2027-12-31', 'the notice advances official_to');
SELECT is((SELECT count(*)::int FROM perfeval.calendar_day WHERE calendar = 'cn' AND day >= '2027-01-01' AND day < '2028-01-01'), 2,
          'the notice replaces 2027''s projected days');
SELECT is(perfeval.is_workday('2027-02-08'), true, 'a projected day the notice does not list is a working day again');
SELECT is((SELECT shipped FROM perfeval.calendar WHERE name = 'cn'), false, 'a changed shipped calendar is marked for pg_dump');
-- restore path: inserting a shipped key merges into the shipped row
INSERT INTO perfeval.calendar_day (calendar, day, kind, name) VALUES ('cn', '2026-05-05', 'holiday', 'Labour Day (restored)');
SELECT is((SELECT row(name, shipped)::text FROM perfeval.calendar_day WHERE calendar = 'cn' AND day = '2026-05-05'),
          '("Labour Day (restored)",f)', 'an insert of a shipped key updates the shipped row and marks it');
SELECT throws_ok($$INSERT INTO perfeval.calendar_day (calendar, day, kind) VALUES ('cn', '2027-01-01', 'holiday')$$,
                 '23505', NULL, 'a duplicate of a user row is still a unique violation');
SELECT is((SELECT count(*)::int FROM perfeval.calendar_day WHERE shipped), 249, 'the 145 untouched official and the 104 remaining projected shipped rows stay shipped');

-- a calendar of explicit working days only (no working weekday)
INSERT INTO perfeval.calendar (name, working_weekdays, time_zone, valid_from, valid_to)
VALUES ('shifts', '{}', 'UTC', '2025-01-01', '2025-01-31');
INSERT INTO perfeval.calendar_day (calendar, day, kind) VALUES ('shifts', '2025-01-04', 'workday'), ('shifts', '2025-01-18', 'workday');
SELECT is(perfeval.workday('2025-01-05', 1, 'shifts'), DATE '2025-01-18', 'explicit-only calendar: the next listed working day');
SELECT throws_ok($$SELECT perfeval.workday('2025-01-05', 2, 'shifts')$$, '22008', NULL, 'explicit-only calendar: no more working days in the data is 22008');
SELECT throws_ok($$SELECT perfeval.busday_offset('2025-01-20', 0, 'forward', 'shifts')$$, '22008', NULL, 'explicit-only calendar: rolling past the data is 22008');

-- an ordinary user may use the calendars
CREATE ROLE perfeval_cal_tap_user;
GRANT USAGE ON SCHEMA perfeval TO perfeval_cal_tap_user;
SET LOCAL ROLE perfeval_cal_tap_user;
SELECT is(perfeval.networkdays('2023-01-01', '2023-01-31'), 18, 'a non-superuser can read the calendars');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
