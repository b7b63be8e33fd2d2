-- pgTAP: business-hour clocks (issue 13; H-2.3.1, H-2.3.2, H-2.3.3): exact
-- working times on calendar cn (Asia/Shanghai) with a lunch break, make-up
-- workdays, night shifts, 24x7, a team in another zone, daylight saving
-- time, and the clean errors.  The random cases are test/oracle/workhours_oracle.py.
BEGIN;
CREATE EXTENSION IF NOT EXISTS perfeval;
SET LOCAL timezone = 'Asia/Shanghai';
SET LOCAL datestyle = ISO;
SELECT plan(47);

CREATE TEMP TABLE k (name text PRIMARY KEY, v bytea);
INSERT INTO k VALUES ('day', perfeval.work_clock('{09:00-12:00,13:30-18:00}')),
                     ('night', perfeval.work_clock('{22:00-06:00}')),
                     ('berlin', perfeval.work_clock('{09:00-17:00}', 'cn', 'Europe/Berlin'));
INSERT INTO perfeval.calendar (name, working_weekdays, time_zone, valid_from, valid_to)
VALUES ('x247', '{1,2,3,4,5,6,7}', 'UTC', '2026-01-01', '2026-12-31');
INSERT INTO k VALUES ('24x7', perfeval.work_clock('{00:00-24:00}', 'x247')),
                     ('ny', perfeval.work_clock('{00:00-24:00}', 'x247', 'America/New_York'));
CREATE FUNCTION pg_temp.c(n text) RETURNS bytea LANGUAGE sql STABLE AS $$ SELECT v FROM k WHERE name = n $$;

SELECT is(perfeval.work_clock_info(pg_temp.c('day')),
          'calendar cn, time zone Asia/Shanghai, shifts 09:00-12:00,13:30-18:00, 2023-01-01 to 2035-12-31',
          'work_clock_info shows what a clock holds');
SELECT is(perfeval.work_clock_info(pg_temp.c('night')),
          'calendar cn, time zone Asia/Shanghai, shifts 22:00-06:00, 2023-01-01 to 2035-12-31', 'a night shift');
SELECT is(perfeval.work_clock_zone(pg_temp.c('berlin')), 'Europe/Berlin', 'a team''s own time zone');

-- elapsed working time (H-2.3.1, H-2.3.3 in business time)
SELECT is(perfeval.work_time('2026-03-06 10:00', '2026-03-09 14:00', pg_temp.c('day')), interval '10 hours',
          'Friday 10:00 to Monday 14:00: 6.5 h on Friday, 3.5 h on Monday, no weekend');
SELECT is(perfeval.work_time('2026-03-02 11:30', '2026-03-02 14:00', pg_temp.c('day')), interval '1 hour',
          'the lunch break 12:00-13:30 does not count');
SELECT is(perfeval.work_time('2026-03-02 19:00', '2026-03-03 08:00', pg_temp.c('day')), interval '0',
          'a night outside the working hours is 0');
SELECT is(perfeval.work_time('2026-02-13 17:00', '2026-02-24 10:00', pg_temp.c('day')), interval '9 hours 30 minutes',
          'Spring Festival 2026: Friday 1 h + the make-up Saturday 14 February 7.5 h + Tuesday 24 February 1 h');
SELECT is(perfeval.work_time('2026-03-09 14:00', '2026-03-06 10:00', pg_temp.c('day')), interval '-10 hours',
          'reversed: the negative working time');
SELECT is(perfeval.work_time('2023-01-03 09:00', '2026-12-28 09:00', pg_temp.c('day')),
          make_interval(hours => 0) + (perfeval.networkdays('2023-01-03', '2026-12-27') * interval '7 hours 30 minutes'),
          '4 years: 7.5 h times networkdays (the whole-range answer, same cost as one day)');
SELECT is(perfeval.work_time('2026-03-06 20:00', '2026-03-09 23:00', pg_temp.c('night')), interval '9 hours',
          'night shift: Friday 22:00-06:00 counts whole (the shift belongs to Friday), Saturday and Sunday nights not, Monday 22:00-23:00');
SELECT is(perfeval.work_time('2026-03-07 00:00', '2026-03-07 06:00', pg_temp.c('night')), interval '6 hours',
          'Saturday 00:00-06:00 is the end of Friday''s shift');
SELECT is(perfeval.work_time('2026-03-01 00:00+00', '2026-03-04 12:34+00', pg_temp.c('24x7')), interval '84 hours 34 minutes',
          '24x7: working time is elapsed time');
SELECT is(perfeval.work_time('2026-03-02 08:00+01', '2026-03-02 10:00+01', pg_temp.c('berlin')), interval '1 hour',
          'a team in Berlin works 09:00-17:00 Berlin time on cn''s working days');
SELECT is(perfeval.work_time('2026-03-08 00:00-05', '2026-03-09 00:00-04', pg_temp.c('ny')), interval '24 hours',
          'daylight saving time: the local wall clock counts (New York 8 March 2026: 23 h elapsed, 24 h on the clock)');

-- the instant N working hours later
SELECT is(perfeval.work_add('2026-03-06 17:00', '2 hours', pg_temp.c('day')), timestamptz '2026-03-09 10:00',
          'Friday 17:00 + 2 h = Monday 10:00');
SELECT is(perfeval.work_add('2026-03-06 17:00', '1 hour', pg_temp.c('day')), timestamptz '2026-03-06 18:00',
          'a span that runs out at a shift''s end ends there, not at the next start');
SELECT is(perfeval.work_add('2026-03-02 11:00', '2 hours', pg_temp.c('day')), timestamptz '2026-03-02 14:30',
          'across the lunch break');
SELECT is(perfeval.work_add('2026-03-02 20:00', '30 minutes', pg_temp.c('day')), timestamptz '2026-03-03 09:30',
          'from outside the hours: from the next start');
SELECT is(perfeval.work_add('2026-02-13 17:00', '8 hours 30 minutes', pg_temp.c('day')), timestamptz '2026-02-14 18:00',
          'onto the make-up workday Saturday 14 February');
SELECT is(perfeval.work_add('2026-02-13 17:00', '8 hours 31 minutes', pg_temp.c('day')), timestamptz '2026-02-24 09:01',
          'then over the Spring Festival holidays to Tuesday 24 February');
SELECT is(perfeval.work_add('2026-03-06 17:00', '0', pg_temp.c('day')), timestamptz '2026-03-06 17:00', 'a zero span: the instant itself');
SELECT is(perfeval.work_add('2026-03-06 23:00', '8 hours', pg_temp.c('night')), timestamptz '2026-03-09 23:00',
          'night shift: Friday 23:00 + 8 h = 7 h to Saturday 06:00, then Monday 22:00 + 1 h');
SELECT is(perfeval.work_add('2026-03-08 00:00-05', '24 hours', pg_temp.c('ny')), timestamptz '2026-03-09 00:00-04',
          'daylight saving time: 24 h on the wall clock');
SELECT is(perfeval.work_time('2026-03-02 10:00', perfeval.work_add('2026-03-02 10:00', '1234 hours 56 minutes', pg_temp.c('day')), pg_temp.c('day')),
          interval '1234 hours 56 minutes', 'work_time undoes work_add');

-- within N working hours (H-2.3.2)
SELECT is(perfeval.within_work_time('2026-03-06 17:00', '2026-03-09 10:30', '3 hours', pg_temp.c('day')), true,
          'answered Monday 10:30 after Friday 17:00: 2.5 working hours, within 3');
SELECT is(perfeval.within_work_time('2026-03-06 17:00', '2026-03-09 10:30', '2 hours', pg_temp.c('day')), false, 'not within 2');
SELECT is(perfeval.within_work_time('2026-03-06 17:00', '2026-03-09 10:30', '2 hours 30 minutes', pg_temp.c('day')), true,
          'exactly the span is within');
SELECT is(perfeval.within_work_time('2026-03-09 10:30', '2026-03-06 17:00', '3 hours', pg_temp.c('day')), false,
          'an answer before the question is not within');

-- IMMUTABLE is_workday on the compiled calendar, and what compiling means
SELECT is(perfeval.is_workday('2026-02-14', pg_temp.c('day')), true, 'make-up workday Saturday 14 February 2026');
SELECT is(perfeval.is_workday('2026-02-16', pg_temp.c('day')), false, 'Spring Festival holiday');
INSERT INTO perfeval.calendar_day (calendar, day, kind, name) VALUES ('x247', '2026-03-02', 'holiday', 'team day off');
SELECT is(perfeval.work_time('2026-03-02 00:00+00', '2026-03-03 00:00+00', pg_temp.c('24x7')), interval '24 hours',
          'a compiled clock keeps the calendar it was compiled from');
SELECT is(perfeval.work_time('2026-03-02 00:00+00', '2026-03-03 00:00+00', perfeval.work_clock('{00:00-24:00}', 'x247')),
          interval '0', 'compiling again takes the new holiday');
SELECT is((SELECT provolatile FROM pg_proc WHERE oid = 'perfeval.work_time(timestamptz, timestamptz, bytea)'::regprocedure),
          'i', 'work_time is IMMUTABLE');

-- clean errors
SELECT throws_ok($$SELECT perfeval.work_time('infinity', '2026-03-02', perfeval.work_clock('{09:00-18:00}'))$$, '22008', NULL, 'infinity: 22008');
SELECT throws_ok($$SELECT perfeval.work_add('-infinity', '1 hour', perfeval.work_clock('{09:00-18:00}'))$$, '22008', NULL, '-infinity: 22008');
SELECT throws_ok($$SELECT perfeval.work_add('2026-03-02', '1 day', perfeval.work_clock('{09:00-18:00}'))$$, '22023', NULL, 'a span in days: 22023');
SELECT throws_ok($$SELECT perfeval.work_add('2026-03-02', '-1 hour', perfeval.work_clock('{09:00-18:00}'))$$, '22023', NULL, 'a negative span: 22023');
SELECT throws_ok($$SELECT perfeval.work_add('2026-03-02', '2562047788 hours', perfeval.work_clock('{09:00-18:00}'))$$, '22008', NULL,
                 'the largest interval runs past the calendar: 22008');
SELECT throws_ok($$SELECT perfeval.work_time('2022-06-01', '2026-03-02', perfeval.work_clock('{09:00-18:00}'))$$, '22008', NULL, 'before the calendar: 22008');
SELECT throws_ok($$SELECT perfeval.work_clock('{}')$$, '22023', NULL, 'no shift: 22023');
SELECT throws_ok($$SELECT perfeval.work_clock('{09:00-12:00,11:00-13:00}')$$, '22023', 'shifts must not overlap', 'overlapping shifts: 22023');
SELECT throws_ok($$SELECT perfeval.work_clock('{13:00-14:00,09:00-10:00}')$$, '22023', 'shifts must be sorted by their start', 'unsorted shifts: 22023');
SELECT throws_ok($$SELECT perfeval.work_clock('{08:00-12:00,20:00-09:00}')$$, '22023', 'shifts must not overlap',
                 'a night shift running into the next morning''s shift: 22023');
SELECT throws_ok($$SELECT perfeval.work_clock('{9-12}')$$, '22023', 'invalid shift "9-12"', 'a shift not HH:MM-HH:MM: 22023');
SELECT throws_ok($$SELECT perfeval.work_clock('{{09:00-12:00},{13:00-14:00}}')$$, '22023', NULL, 'a two-dimensional list: 22023');
SELECT throws_ok($$SELECT perfeval.work_clock('{09:00-12:00}', 'nope')$$, '42704', NULL, 'an unknown calendar: 42704');
SELECT throws_ok($$SELECT perfeval.work_time('2026-03-02', '2026-03-03', '\x0102'::bytea)$$, '22023', 'invalid work clock', 'a forged clock: 22023');

SELECT * FROM finish();
ROLLBACK;
