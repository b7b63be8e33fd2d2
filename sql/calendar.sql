-- Business-day calendars on the shipped calendar cn (handbook "Working days":
-- Monday-Friday minus official holidays plus make-up workdays 调休; the appeal
-- deadlines of H-6.3.3, H-8.1.3, H-8.2.2, H-8.2.4, H-8.2.5, H-8.3.2).
SET datestyle = ISO;
SET timezone = 'UTC';
SET extra_float_digits = 0;

-- the shipped calendar and its data (src/data/cn-calendar-2023-2026.csv)
SELECT name, working_weekdays, time_zone, valid_from, valid_to, shipped FROM perfeval.calendar;
SELECT kind, count(*), min(day), max(day), bool_and(shipped) AS shipped
FROM perfeval.calendar_day WHERE calendar = 'cn' GROUP BY kind ORDER BY kind;
-- every declared workday is a Saturday or Sunday
SELECT count(*) AS workdays_on_weekdays FROM perfeval.calendar_day
WHERE calendar = 'cn' AND kind = 'workday' AND extract(isodow FROM day) < 6;

-- Spring Festival and National Day, 2023-2026, day by day: a make-up
-- Saturday or Sunday is a working day, the holidays are not.
SELECT w.block, d::date AS day, to_char(d, 'Dy') AS dow,
       perfeval.is_workday(d::date) AS working, cd.kind, cd.name
FROM (VALUES ('Spring Festival 2023', DATE '2023-01-19', DATE '2023-01-30'),
             ('National Day 2023',    DATE '2023-09-28', DATE '2023-10-09'),
             ('Spring Festival 2024', DATE '2024-02-03', DATE '2024-02-19'),
             ('National Day 2024',    DATE '2024-09-28', DATE '2024-10-13'),
             ('Spring Festival 2025', DATE '2025-01-25', DATE '2025-02-09'),
             ('National Day 2025',    DATE '2025-09-27', DATE '2025-10-12'),
             ('Spring Festival 2026', DATE '2026-02-13', DATE '2026-03-01'),
             ('National Day 2026',    DATE '2026-09-19', DATE '2026-10-11')) AS w(block, f, t)
CROSS JOIN LATERAL generate_series(w.f, w.t, interval '1 day') AS d
LEFT JOIN perfeval.calendar_day AS cd ON cd.calendar = 'cn' AND cd.day = d::date
ORDER BY d;

-- workday: Excel WORKDAY; the start day never counts, 0 returns start,
-- negative goes back.  H-6.3.3: an appeal within 3 working days of an
-- announcement, answered within 5; H-8.2.2: reviewed within 10.
SELECT s AS start, n AS days, perfeval.workday(s, n) AS workday, to_char(perfeval.workday(s, n), 'Dy') AS dow
FROM (VALUES (DATE '2023-01-20', 1), ('2023-01-20', 2), ('2023-01-20', 3),   -- Friday before Spring Festival 2023: make-up Sat 28, Sun 29
             ('2023-01-21', 1), ('2023-01-27', 1), ('2023-01-28', 0),
             ('2023-01-30', -1), ('2023-01-30', -2), ('2023-01-30', -3),
             ('2024-02-08', 3), ('2024-02-08', 5), ('2024-02-08', 10),       -- H-6.3.3 / H-8.2.2 across Spring Festival 2024
             ('2024-09-27', 1), ('2024-09-27', 3), ('2024-09-30', 5),      -- National Day 2024: make-up Sun 29 Sep, Sat 12 Oct
             ('2025-09-26', 5), ('2025-10-10', -5), ('2026-10-01', 0),
             ('2026-02-13', 1), ('2026-02-13', 2), ('2026-03-02', -2),
             ('2023-01-03', 200), ('2023-01-03', 900), ('2026-12-31', -900)) AS v(s, n)
ORDER BY s, n;

-- networkdays: Excel NETWORKDAYS, both ends count, negated if reversed
SELECT a, b, perfeval.networkdays(a, b) AS networkdays
FROM (VALUES (DATE '2023-01-01', DATE '2023-01-31'), ('2023-01-31', '2023-01-01'),
             ('2023-01-21', '2023-01-27'), ('2023-01-28', '2023-01-28'), ('2023-01-27', '2023-01-27'),
             ('2024-10-01', '2024-10-31'), ('2023-01-01', '2023-12-31'), ('2024-01-01', '2024-12-31'),
             ('2025-01-01', '2025-12-31'), ('2026-01-01', '2026-12-31'), ('2023-01-01', '2026-12-31')) AS v(a, b)
ORDER BY a, b;

-- busday_count: numpy, half-open [begin, finish); reversed = minus (finish, begin] (numpy >= 1.25)
SELECT a, b, perfeval.busday_count(a, b) AS busday_count
FROM (VALUES (DATE '2023-01-01', DATE '2023-02-01'), ('2023-02-01', '2023-01-01'),
             ('2023-01-27', '2023-01-30'), ('2023-01-30', '2023-01-27'),
             ('2023-01-28', '2023-01-29'), ('2023-01-29', '2023-01-28'), ('2023-05-05', '2023-05-05'),
             ('2023-01-01', '2027-01-01')) AS v(a, b)
ORDER BY a, b;

-- busday_offset: numpy's eight roll modes on a holiday, a weekend day, a
-- make-up Saturday and the month-crossing cases of the modified rolls
SELECT d AS day, to_char(d, 'Dy') AS dow, r AS roll,
       perfeval.busday_offset(d, 0, r) AS "0", perfeval.busday_offset(d, 1, r) AS "1",
       perfeval.busday_offset(d, -1, r) AS "-1"
FROM (VALUES (DATE '2023-09-30'), ('2024-10-01'), ('2023-01-28'), ('2025-02-22'), ('2025-05-31')) AS v(d)
CROSS JOIN (VALUES ('nat'), ('forward'), ('following'), ('backward'), ('preceding'),
                   ('modifiedfollowing'), ('modifiedpreceding')) AS m(r)
ORDER BY d, r;
SELECT perfeval.busday_offset('2023-01-28', 3) AS raise_on_workday,
       perfeval.busday_offset('2023-01-28', 3, 'raise', 'cn') AS explicit;

-- deadline: the event's local date in the calendar's time zone, moved like
-- workday; the result is the first late instant (local midnight after the
-- working day).  A minute before and at midnight in Shanghai:
SELECT e AS event_utc, n AS days, perfeval.deadline(e, n) AS deadline_utc,
       perfeval.deadline(e, n) AT TIME ZONE 'Asia/Shanghai' AS deadline_shanghai
FROM (VALUES (TIMESTAMPTZ '2024-09-29 15:59:59+00', 1), ('2024-09-29 16:00:00+00', 1),
             ('2024-09-29 16:00:00+00', 0), ('2024-02-08 09:30:00+08', 3),
             ('2024-02-08 09:30:00+08', 5), ('2025-01-24 23:30:00+08', 10)) AS v(e, n)
ORDER BY e, n;
-- the same instants do not depend on the session's time zone
SET timezone = 'America/Los_Angeles';
SELECT perfeval.deadline('2024-09-29 16:00:00+00', 1) AS deadline_in_la_session;
SET timezone = 'UTC';

-- a user calendar in another time zone, across the end of US daylight time
BEGIN;
INSERT INTO perfeval.calendar (name, time_zone, valid_from, valid_to)
VALUES ('us_ny', 'America/New_York', '2024-01-01', '2024-12-31');
INSERT INTO perfeval.calendar_day (calendar, day, kind, name)
VALUES ('us_ny', '2024-11-28', 'holiday', 'Thanksgiving'), ('us_ny', '2024-11-05', 'holiday', 'Election day');
SELECT e AS event_utc, n AS days, perfeval.deadline(e, n, 'us_ny') AS deadline_utc,
       perfeval.deadline(e, n, 'us_ny') AT TIME ZONE 'America/New_York' AS deadline_new_york
FROM (VALUES (TIMESTAMPTZ '2024-11-01 03:30:00+00', 1), ('2024-11-01 04:30:00+00', 1),
             ('2024-10-31 12:00:00-04', 3), ('2024-11-27 12:00:00-05', 1)) AS v(e, n)
ORDER BY e, n;
SELECT perfeval.workday('2024-11-27', 1, 'us_ny') AS after_thanksgiving,
       perfeval.networkdays('2024-11-01', '2024-11-30', 'us_ny') AS november,
       (SELECT shipped FROM perfeval.calendar WHERE name = 'us_ny') AS shipped;
ROLLBACK;

-- extending a calendar past its data is a data change (days + valid_to);
-- cn's official notices are loaded through perfeval.calendar_notice
-- (sql/calendar_projection.sql), the years after its projection by hand
SELECT perfeval.workday('2035-12-30', 3);
BEGIN;
INSERT INTO perfeval.calendar_day (calendar, day, kind, name)
VALUES ('cn', '2036-01-01', 'holiday', 'New Year''s Day / 元旦 (example)');
UPDATE perfeval.calendar SET valid_to = '2036-12-31' WHERE name = 'cn';
SELECT perfeval.workday('2035-12-30', 3) AS with_2036, perfeval.is_workday('2036-01-01') AS new_year_2036;
SELECT name, valid_to, shipped FROM perfeval.calendar WHERE name = 'cn';
ROLLBACK;
SELECT perfeval.workday('2035-12-30', 1) AS back_to_2035, valid_to, shipped FROM perfeval.calendar WHERE name = 'cn';

-- STRICT: NULL in, NULL out
SELECT perfeval.workday(NULL, 1) IS NULL AS a, perfeval.networkdays('2023-01-01', NULL) IS NULL AS b,
       perfeval.busday_offset('2023-01-21', 1, NULL) IS NULL AS c, perfeval.deadline(NULL, 1) IS NULL AS d,
       perfeval.is_workday('2023-01-21', NULL) IS NULL AS e;

-- errors: outside valid_from..valid_to (22008, the hint names the year)
SELECT perfeval.workday('2035-12-25', 5);
SELECT perfeval.workday('2023-01-05', -5);
SELECT perfeval.is_workday('2040-06-01');
SELECT perfeval.networkdays('2022-06-01', '2023-06-01');
SELECT perfeval.busday_offset('2035-12-31', 0, 'forward');
SELECT perfeval.busday_count('2035-12-01', '2036-01-02');
SELECT perfeval.deadline('2035-12-31 10:00+08', 1);
SELECT perfeval.workday('2023-01-03', 2147483647);
-- infinity (22008), unknown calendar (42704), bad roll (22023), raise (22023)
SELECT perfeval.workday('infinity', 1);
SELECT perfeval.networkdays('-infinity', '2023-01-01');
SELECT perfeval.deadline('infinity', 1);
SELECT perfeval.workday('2023-01-03', 1, 'mars');
SELECT perfeval.busday_offset('2023-01-03', 1, 'sideways');
SELECT perfeval.busday_offset('2023-01-21', 1);
-- bad calendar data is refused by the table
INSERT INTO perfeval.calendar (name, time_zone, valid_from, valid_to) VALUES ('x', 'Mars/Olympus', '2024-01-01', '2024-12-31');
INSERT INTO perfeval.calendar (name, working_weekdays, time_zone, valid_from, valid_to) VALUES ('x', '{0,8}', 'UTC', '2024-01-01', '2024-12-31');
INSERT INTO perfeval.calendar (name, time_zone, valid_from, valid_to) VALUES ('x', 'UTC', '2024-12-31', '2024-01-01');
INSERT INTO perfeval.calendar_day (calendar, day, kind) VALUES ('cn', '2025-03-03', 'vacation');

-- parallel plans give the serial results
CREATE TABLE calendar_par AS SELECT d::date AS d, (i % 41)::int - 20 AS n
FROM generate_series(DATE '2023-03-01', DATE '2026-09-30', interval '1 day') WITH ORDINALITY AS g(d, i);
ANALYZE calendar_par;
CREATE TABLE calendar_serial AS
SELECT sum(perfeval.workday(d, n) - DATE '2000-01-01') AS w, sum(perfeval.networkdays(d, d + n)) AS nd,
       sum(perfeval.busday_count(d, d + n)) AS bc, count(*) FILTER (WHERE perfeval.is_workday(d)) AS iw,
       sum(perfeval.busday_offset(d, n, 'following') - DATE '2000-01-01') AS bo
FROM calendar_par;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET force_parallel_mode = regress;
SELECT (SELECT row(w, nd, bc, iw, bo) FROM calendar_serial) =
       (SELECT row(sum(perfeval.workday(d, n) - DATE '2000-01-01'), sum(perfeval.networkdays(d, d + n)),
                   sum(perfeval.busday_count(d, d + n)), count(*) FILTER (WHERE perfeval.is_workday(d)),
                   sum(perfeval.busday_offset(d, n, 'following') - DATE '2000-01-01'))
        FROM calendar_par) AS parallel_equals_serial;
RESET force_parallel_mode;
RESET max_parallel_workers_per_gather;
RESET min_parallel_table_scan_size;
RESET parallel_tuple_cost;
RESET parallel_setup_cost;
DROP TABLE calendar_par, calendar_serial;
