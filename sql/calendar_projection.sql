-- Statutory holidays projected past the last official notice, and loading
-- the notice that replaces them (handbook "Working days"; the appeal
-- deadlines of H-6.3.3 and H-8; the 2024 holiday regulation, in force from
-- 2025: New Year 1, Spring Festival 4 (eve + 1-3), Qingming 1, Labour Day 2,
-- Dragon Boat 1, Mid-Autumn 1, National Day 3).
SET datestyle = ISO;
SET timezone = 'Asia/Shanghai';

-- cn: official data to 2026-12-31, projected to 2035-12-31
SELECT name, valid_from, official_to, valid_to FROM perfeval.calendar WHERE name = 'cn';
SELECT calendar, official_to, projected_to, next_notice_year,
       official_days_left = official_to - current_date AS official_days_left_ok,
       days_left = projected_to - current_date AS days_left_ok
FROM perfeval.calendar_horizon WHERE calendar = 'cn';

-- each projected year holds exactly the 13 statutory days
SELECT extract(year FROM day)::int AS year, count(*) AS days, bool_and(kind = 'holiday') AS holidays,
       bool_and(projected) AS projected, count(*) FILTER (WHERE extract(isodow FROM day) < 6) AS on_weekdays
FROM perfeval.calendar_day WHERE calendar = 'cn' AND day > '2026-12-31'
GROUP BY 1 ORDER BY 1;
SELECT count(*) AS projected_before_2027 FROM perfeval.calendar_day
WHERE calendar = 'cn' AND projected AND day <= '2026-12-31';

-- 2027 and 2030 day by day (Spring Festival on Saturday 6 February 2027, on
-- 3 February 2030; Qingming on 5 April in both): the first answer that
-- relies on projected days warns, once per session.
SELECT day, name FROM perfeval.calendar_day
WHERE calendar = 'cn' AND extract(year FROM day) IN (2027, 2030) ORDER BY day;
SELECT d AS day, to_char(d, 'Dy') AS dow, perfeval.is_workday(d) AS working, perfeval.is_projected(d) AS projected
FROM unnest('{2026-12-31,2027-01-01,2027-02-05,2027-02-08,2027-02-09,2027-06-09,2027-09-15,2027-10-01,2027-10-04}'::date[]) AS d;
SELECT perfeval.is_workday('2035-12-31') AS last_day_working;

-- every day to 2035-12-31 answers; the day after raises 22008
SELECT perfeval.networkdays('2027-01-01', '2035-12-31') AS working_days_2027_2035;
SELECT perfeval.is_workday('2036-01-01');
SELECT perfeval.workday('2035-12-20', 10);

-- the appeal deadline of the issue: 10 working days from 2026-12-24 10:00
-- Beijing time; the first late instant is 2027-01-09 00:00+08 under the
-- projection, and the answer is flagged as relying on it
SELECT perfeval.deadline('2026-12-24 10:00+08', 10) AS due,
       perfeval.deadline_projected('2026-12-24 10:00+08', 10) AS projected,
       perfeval.deadline_projected('2026-12-01 10:00+08', 10) AS projected_december;
-- 5 working days from Friday 2027-01-29 cross the projected Spring Festival
-- (eve 5 February, 6-8 February): first late instant 2027-02-10 00:00+08
SELECT perfeval.deadline('2027-01-29 10:00+08', 5) AS due_spring;

-- Loading the (sample) 2027 notice is one \copy into calendar_notice: it
-- replaces 2027's projected days, advances official_to, and the answers
-- change with it.  Rolled back so the other tests see the shipped calendar.
BEGIN;
\copy perfeval.calendar_notice (calendar, year, day, kind, name) FROM 'test/fixture/cn-notice-2027-sample.csv' WITH (FORMAT csv, HEADER true)
SELECT name, official_to, valid_to FROM perfeval.calendar WHERE name = 'cn';
SELECT count(*) FILTER (WHERE projected) AS projected, count(*) FILTER (WHERE NOT projected) AS official
FROM perfeval.calendar_day WHERE calendar = 'cn' AND extract(year FROM day) = 2027;
SELECT d AS day, perfeval.is_workday(d) AS working, perfeval.is_projected(d) AS projected
FROM unnest('{2027-01-31,2027-02-09,2027-02-20,2027-10-04,2028-01-03}'::date[]) AS d;
SELECT perfeval.deadline('2026-12-24 10:00+08', 10) AS due,
       perfeval.deadline_projected('2026-12-24 10:00+08', 10) AS projected;
-- the sample notice makes Sunday 31 January a make-up workday: 2027-02-05
SELECT perfeval.deadline('2027-01-29 10:00+08', 5) AS due_spring;
SELECT calendar, official_to, projected_to, next_notice_year FROM perfeval.calendar_horizon WHERE calendar = 'cn';
-- a notice that would leave a gap is refused
INSERT INTO perfeval.calendar_notice (calendar, year, day, kind, name)
VALUES ('cn', 2029, '2029-01-01', 'holiday', 'New Year''s Day / 元旦');
ROLLBACK;

-- a notice's days lie in its year or the December before it
\set VERBOSITY terse
INSERT INTO perfeval.calendar_notice (calendar, year, day, kind, name)
VALUES ('cn', 2027, '2026-11-30', 'holiday', 'too early');
SELECT name, official_to, valid_to FROM perfeval.calendar WHERE name = 'cn';

-- official_to lies from the day before valid_from to valid_to (23514), and
-- the check works at the ends of the date range
INSERT INTO perfeval.calendar (name, time_zone, valid_from, valid_to, official_to)
VALUES ('early', 'UTC', '2025-01-01', '2025-12-31', '2024-12-30');
INSERT INTO perfeval.calendar (name, time_zone, valid_from, valid_to, official_to)
VALUES ('late', 'UTC', '2025-01-01', '2025-12-31', '2026-01-01');
INSERT INTO perfeval.calendar (name, time_zone, valid_from, valid_to, official_to)
VALUES ('wide', 'UTC', '4714-11-24 BC', '5874897-12-31', '2026-12-31');
SELECT name, official_to FROM perfeval.calendar WHERE name = 'wide';
DELETE FROM perfeval.calendar WHERE name = 'wide';
