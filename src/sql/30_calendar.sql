/* src/sql/30_calendar.sql — the calendar room: business-day calendars as data, the shipped calendar cn and the working-day functions (H-6.3.3, H-8.1.3, H-8.2.2, H-8.2.4, H-8.2.5, H-8.3.2) */

CREATE FUNCTION @extschema@.is_time_zone(zone text)
RETURNS boolean
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS 'SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_timezone_names AS z WHERE z.name OPERATOR(pg_catalog.=) $1)';
COMMENT ON FUNCTION @extschema@.is_time_zone(text) IS
'true if zone is a time-zone name PostgreSQL knows (pg_timezone_names, i.e. the IANA database); used by perfeval.calendar''s CHECK';

CREATE TABLE @extschema@.calendar (
    name text PRIMARY KEY CONSTRAINT calendar_name_check CHECK (name OPERATOR(pg_catalog.<>) ''),
    working_weekdays smallint[] NOT NULL DEFAULT '{1,2,3,4,5}'
        CONSTRAINT calendar_working_weekdays_check
        CHECK (pg_catalog.array_ndims(working_weekdays) OPERATOR(pg_catalog.=) 1
               AND working_weekdays OPERATOR(pg_catalog.<@) '{1,2,3,4,5,6,7}'::smallint[]),
    time_zone text NOT NULL
        CONSTRAINT calendar_time_zone_check CHECK (@extschema@.is_time_zone(time_zone)),
    valid_from date NOT NULL,
    valid_to date NOT NULL,
    official_to date,
    description text,
    shipped boolean NOT NULL DEFAULT false,
    CONSTRAINT calendar_valid_check
        CHECK (pg_catalog.isfinite(valid_from) AND pg_catalog.isfinite(valid_to)
               AND valid_from OPERATOR(pg_catalog.<=) valid_to),
    CONSTRAINT calendar_official_to_check
        CHECK ((valid_from OPERATOR(pg_catalog.-) official_to) OPERATOR(pg_catalog.<=) 1
               AND official_to OPERATOR(pg_catalog.<=) valid_to)
);
COMMENT ON TABLE @extschema@.calendar IS
'business-day calendars: the working weekdays, the time zone of deadlines and the dates the holiday data covers (handbook "Working days")';
COMMENT ON COLUMN @extschema@.calendar.name IS 'the calendar''s name, passed last to every calendar function (default cn)';
COMMENT ON COLUMN @extschema@.calendar.working_weekdays IS 'ISO weekdays that are working days unless listed as holidays: 1 = Monday .. 7 = Sunday; empty = only the listed workdays are working days';
COMMENT ON COLUMN @extschema@.calendar.time_zone IS 'IANA time zone in which deadline() reads the event''s date and ends the working day';
COMMENT ON COLUMN @extschema@.calendar.valid_from IS 'first day the holiday data covers; a computation needing an earlier day raises 22008';
COMMENT ON COLUMN @extschema@.calendar.valid_to IS 'last day the holiday data covers, projected days included; a computation needing a later day raises 22008';
COMMENT ON COLUMN @extschema@.calendar.official_to IS 'last day covered by official notices; the days after it up to valid_to are projected (statutory holidays only, no make-up workdays); NULL = everything is official. Loading a notice into perfeval.calendar_notice advances it';
COMMENT ON COLUMN @extschema@.calendar.shipped IS 'true while the row is exactly as CREATE EXTENSION seeded it (such rows are left out of pg_dump); any change sets it to false';
COMMENT ON COLUMN @extschema@.calendar.description IS 'free-text description of the calendar';

CREATE TABLE @extschema@.calendar_day (
    calendar text NOT NULL REFERENCES @extschema@.calendar (name) ON UPDATE CASCADE ON DELETE CASCADE,
    day date NOT NULL CONSTRAINT calendar_day_day_check CHECK (pg_catalog.isfinite(day)),
    kind text NOT NULL CONSTRAINT calendar_day_kind_check CHECK (kind OPERATOR(pg_catalog.=) ANY ('{holiday,workday}'::text[])),
    name text,
    projected boolean NOT NULL DEFAULT false,
    shipped boolean NOT NULL DEFAULT false,
    PRIMARY KEY (calendar, day)
);
COMMENT ON TABLE @extschema@.calendar_day IS
'the days that differ from a calendar''s working weekdays: official holidays and declared make-up workdays (调休上班); a holiday on a day off or a workday on a working weekday changes nothing';
COMMENT ON COLUMN @extschema@.calendar_day.kind IS 'holiday (a day off) or workday (a working day, e.g. a make-up Saturday)';
COMMENT ON COLUMN @extschema@.calendar_day.name IS 'what the day is, e.g. Spring Festival / 春节';
COMMENT ON COLUMN @extschema@.calendar_day.projected IS 'true for a statutory holiday projected by the holiday regulation for a year whose notice is not yet loaded (src/data/make-projection.py); replaced when the notice is loaded';
COMMENT ON COLUMN @extschema@.calendar_day.shipped IS 'true while the row is exactly as CREATE EXTENSION seeded it (such rows are left out of pg_dump); any change sets it to false';
COMMENT ON COLUMN @extschema@.calendar_day.calendar IS 'the calendar (calendar.name)';
COMMENT ON COLUMN @extschema@.calendar_day.day IS 'the date';

GRANT SELECT ON @extschema@.calendar, @extschema@.calendar_day TO PUBLIC;

-- The shipped calendar cn: mainland China, State Council notices for 2023-2026
-- (src/data/cn-calendar-2023-2026.csv) and, for 2027-2035, the statutory
-- holidays projected by the 2024 holiday regulation
-- (src/data/cn-calendar-projected-2027-2035.csv, made by
-- src/data/make-projection.py); INSERT generated by src/data/make-seed.py.
INSERT INTO @extschema@.calendar (name, working_weekdays, time_zone, valid_from, valid_to, official_to, description, shipped)
VALUES ('cn', '{1,2,3,4,5}', 'Asia/Shanghai', '2023-01-01', '2035-12-31', '2026-12-31',
        'mainland China: Monday-Friday minus official holidays plus make-up workdays (State Council notices 2023-2026; statutory holidays projected for 2027-2035)', true);
INSERT INTO @extschema@.calendar_day (calendar, day, kind, name, projected, shipped) VALUES
    ('cn', '2022-12-31', 'holiday', 'New Year''s Day / 元旦', false, true),
    ('cn', '2023-01-01', 'holiday', 'New Year''s Day / 元旦', false, true),
    ('cn', '2023-01-02', 'holiday', 'New Year''s Day / 元旦', false, true),
    ('cn', '2023-01-21', 'holiday', 'Spring Festival / 春节', false, true),
    ('cn', '2023-01-22', 'holiday', 'Spring Festival / 春节', false, true),
    ('cn', '2023-01-23', 'holiday', 'Spring Festival / 春节', false, true),
    ('cn', '2023-01-24', 'holiday', 'Spring Festival / 春节', false, true),
    ('cn', '2023-01-25', 'holiday', 'Spring Festival / 春节', false, true),
    ('cn', '2023-01-26', 'holiday', 'Spring Festival / 春节', false, true),
    ('cn', '2023-01-27', 'holiday', 'Spring Festival / 春节', false, true),
    ('cn', '2023-01-28', 'workday', 'Spring Festival makeup workday / 春节调休上班', false, true),
    ('cn', '2023-01-29', 'workday', 'Spring Festival makeup workday / 春节调休上班', false, true),
    ('cn', '2023-04-05', 'holiday', 'Tomb-sweeping Day / 清明节', false, true),
    ('cn', '2023-04-23', 'workday', 'Labour Day makeup workday / 劳动节调休上班', false, true),
    ('cn', '2023-04-29', 'holiday', 'Labour Day / 劳动节', false, true),
    ('cn', '2023-04-30', 'holiday', 'Labour Day / 劳动节', false, true),
    ('cn', '2023-05-01', 'holiday', 'Labour Day / 劳动节', false, true),
    ('cn', '2023-05-02', 'holiday', 'Labour Day / 劳动节', false, true),
    ('cn', '2023-05-03', 'holiday', 'Labour Day / 劳动节', false, true),
    ('cn', '2023-05-06', 'workday', 'Labour Day makeup workday / 劳动节调休上班', false, true),
    ('cn', '2023-06-22', 'holiday', 'Dragon Boat Festival / 端午节', false, true),
    ('cn', '2023-06-23', 'holiday', 'Dragon Boat Festival / 端午节', false, true),
    ('cn', '2023-06-24', 'holiday', 'Dragon Boat Festival / 端午节', false, true),
    ('cn', '2023-06-25', 'workday', 'Dragon Boat Festival makeup workday / 端午节调休上班', false, true),
    ('cn', '2023-09-29', 'holiday', 'Mid-autumn Festival / 中秋节', false, true),
    ('cn', '2023-09-30', 'holiday', 'National Day / 国庆节', false, true),
    ('cn', '2023-10-01', 'holiday', 'National Day / 国庆节', false, true),
    ('cn', '2023-10-02', 'holiday', 'National Day / 国庆节', false, true),
    ('cn', '2023-10-03', 'holiday', 'National Day / 国庆节', false, true),
    ('cn', '2023-10-04', 'holiday', 'National Day / 国庆节', false, true),
    ('cn', '2023-10-05', 'holiday', 'National Day / 国庆节', false, true),
    ('cn', '2023-10-06', 'holiday', 'National Day / 国庆节', false, true),
    ('cn', '2023-10-07', 'workday', 'National Day makeup workday / 国庆节调休上班', false, true),
    ('cn', '2023-10-08', 'workday', 'National Day makeup workday / 国庆节调休上班', false, true),
    ('cn', '2023-12-30', 'holiday', 'New Year''s Day / 元旦', false, true),
    ('cn', '2023-12-31', 'holiday', 'New Year''s Day / 元旦', false, true),
    ('cn', '2024-01-01', 'holiday', 'New Year''s Day / 元旦', false, true),
    ('cn', '2024-02-04', 'workday', 'Spring Festival makeup workday / 春节调休上班', false, true),
    ('cn', '2024-02-10', 'holiday', 'Spring Festival / 春节', false, true),
    ('cn', '2024-02-11', 'holiday', 'Spring Festival / 春节', false, true),
    ('cn', '2024-02-12', 'holiday', 'Spring Festival / 春节', false, true),
    ('cn', '2024-02-13', 'holiday', 'Spring Festival / 春节', false, true),
    ('cn', '2024-02-14', 'holiday', 'Spring Festival / 春节', false, true),
    ('cn', '2024-02-15', 'holiday', 'Spring Festival / 春节', false, true),
    ('cn', '2024-02-16', 'holiday', 'Spring Festival / 春节', false, true),
    ('cn', '2024-02-17', 'holiday', 'Spring Festival / 春节', false, true),
    ('cn', '2024-02-18', 'workday', 'Spring Festival makeup workday / 春节调休上班', false, true),
    ('cn', '2024-04-04', 'holiday', 'Tomb-sweeping Day / 清明节', false, true),
    ('cn', '2024-04-05', 'holiday', 'Tomb-sweeping Day / 清明节', false, true),
    ('cn', '2024-04-06', 'holiday', 'Tomb-sweeping Day / 清明节', false, true),
    ('cn', '2024-04-07', 'workday', 'Tomb-sweeping Day makeup workday / 清明节调休上班', false, true),
    ('cn', '2024-04-28', 'workday', 'Labour Day makeup workday / 劳动节调休上班', false, true),
    ('cn', '2024-05-01', 'holiday', 'Labour Day / 劳动节', false, true),
    ('cn', '2024-05-02', 'holiday', 'Labour Day / 劳动节', false, true),
    ('cn', '2024-05-03', 'holiday', 'Labour Day / 劳动节', false, true),
    ('cn', '2024-05-04', 'holiday', 'Labour Day / 劳动节', false, true),
    ('cn', '2024-05-05', 'holiday', 'Labour Day / 劳动节', false, true),
    ('cn', '2024-05-11', 'workday', 'Labour Day makeup workday / 劳动节调休上班', false, true),
    ('cn', '2024-06-08', 'holiday', 'Dragon Boat Festival / 端午节', false, true),
    ('cn', '2024-06-09', 'holiday', 'Dragon Boat Festival / 端午节', false, true),
    ('cn', '2024-06-10', 'holiday', 'Dragon Boat Festival / 端午节', false, true),
    ('cn', '2024-09-14', 'workday', 'Mid-autumn Festival makeup workday / 中秋节调休上班', false, true),
    ('cn', '2024-09-15', 'holiday', 'Mid-autumn Festival / 中秋节', false, true),
    ('cn', '2024-09-16', 'holiday', 'Mid-autumn Festival / 中秋节', false, true),
    ('cn', '2024-09-17', 'holiday', 'Mid-autumn Festival / 中秋节', false, true),
    ('cn', '2024-09-29', 'workday', 'National Day makeup workday / 国庆节调休上班', false, true),
    ('cn', '2024-10-01', 'holiday', 'National Day / 国庆节', false, true),
    ('cn', '2024-10-02', 'holiday', 'National Day / 国庆节', false, true),
    ('cn', '2024-10-03', 'holiday', 'National Day / 国庆节', false, true),
    ('cn', '2024-10-04', 'holiday', 'National Day / 国庆节', false, true),
    ('cn', '2024-10-05', 'holiday', 'National Day / 国庆节', false, true),
    ('cn', '2024-10-06', 'holiday', 'National Day / 国庆节', false, true),
    ('cn', '2024-10-07', 'holiday', 'National Day / 国庆节', false, true),
    ('cn', '2024-10-12', 'workday', 'National Day makeup workday / 国庆节调休上班', false, true),
    ('cn', '2025-01-01', 'holiday', 'New Year''s Day / 元旦', false, true),
    ('cn', '2025-01-26', 'workday', 'Spring Festival makeup workday / 春节调休上班', false, true),
    ('cn', '2025-01-28', 'holiday', 'Spring Festival / 春节', false, true),
    ('cn', '2025-01-29', 'holiday', 'Spring Festival / 春节', false, true),
    ('cn', '2025-01-30', 'holiday', 'Spring Festival / 春节', false, true),
    ('cn', '2025-01-31', 'holiday', 'Spring Festival / 春节', false, true),
    ('cn', '2025-02-01', 'holiday', 'Spring Festival / 春节', false, true),
    ('cn', '2025-02-02', 'holiday', 'Spring Festival / 春节', false, true),
    ('cn', '2025-02-03', 'holiday', 'Spring Festival / 春节', false, true),
    ('cn', '2025-02-04', 'holiday', 'Spring Festival / 春节', false, true),
    ('cn', '2025-02-08', 'workday', 'Spring Festival makeup workday / 春节调休上班', false, true),
    ('cn', '2025-04-04', 'holiday', 'Tomb-sweeping Day / 清明节', false, true),
    ('cn', '2025-04-05', 'holiday', 'Tomb-sweeping Day / 清明节', false, true),
    ('cn', '2025-04-06', 'holiday', 'Tomb-sweeping Day / 清明节', false, true),
    ('cn', '2025-04-27', 'workday', 'Labour Day makeup workday / 劳动节调休上班', false, true),
    ('cn', '2025-05-01', 'holiday', 'Labour Day / 劳动节', false, true),
    ('cn', '2025-05-02', 'holiday', 'Labour Day / 劳动节', false, true),
    ('cn', '2025-05-03', 'holiday', 'Labour Day / 劳动节', false, true),
    ('cn', '2025-05-04', 'holiday', 'Labour Day / 劳动节', false, true),
    ('cn', '2025-05-05', 'holiday', 'Labour Day / 劳动节', false, true),
    ('cn', '2025-05-31', 'holiday', 'Dragon Boat Festival / 端午节', false, true),
    ('cn', '2025-06-01', 'holiday', 'Dragon Boat Festival / 端午节', false, true),
    ('cn', '2025-06-02', 'holiday', 'Dragon Boat Festival / 端午节', false, true),
    ('cn', '2025-09-28', 'workday', 'National Day makeup workday / 国庆节调休上班', false, true),
    ('cn', '2025-10-01', 'holiday', 'National Day / 国庆节', false, true),
    ('cn', '2025-10-02', 'holiday', 'National Day / 国庆节', false, true),
    ('cn', '2025-10-03', 'holiday', 'National Day / 国庆节', false, true),
    ('cn', '2025-10-04', 'holiday', 'National Day / 国庆节', false, true),
    ('cn', '2025-10-05', 'holiday', 'National Day / 国庆节', false, true),
    ('cn', '2025-10-06', 'holiday', 'Mid-autumn Festival / 中秋节', false, true),
    ('cn', '2025-10-07', 'holiday', 'National Day / 国庆节', false, true),
    ('cn', '2025-10-08', 'holiday', 'National Day / 国庆节', false, true),
    ('cn', '2025-10-11', 'workday', 'National Day makeup workday / 国庆节调休上班', false, true),
    ('cn', '2026-01-01', 'holiday', 'New Year''s Day / 元旦', false, true),
    ('cn', '2026-01-02', 'holiday', 'New Year''s Day / 元旦', false, true),
    ('cn', '2026-01-03', 'holiday', 'New Year''s Day / 元旦', false, true),
    ('cn', '2026-01-04', 'workday', 'New Year''s Day makeup workday / 元旦调休上班', false, true),
    ('cn', '2026-02-14', 'workday', 'Spring Festival makeup workday / 春节调休上班', false, true),
    ('cn', '2026-02-15', 'holiday', 'Spring Festival / 春节', false, true),
    ('cn', '2026-02-16', 'holiday', 'Spring Festival / 春节', false, true),
    ('cn', '2026-02-17', 'holiday', 'Spring Festival / 春节', false, true),
    ('cn', '2026-02-18', 'holiday', 'Spring Festival / 春节', false, true),
    ('cn', '2026-02-19', 'holiday', 'Spring Festival / 春节', false, true),
    ('cn', '2026-02-20', 'holiday', 'Spring Festival / 春节', false, true),
    ('cn', '2026-02-21', 'holiday', 'Spring Festival / 春节', false, true),
    ('cn', '2026-02-22', 'holiday', 'Spring Festival / 春节', false, true),
    ('cn', '2026-02-23', 'holiday', 'Spring Festival / 春节', false, true),
    ('cn', '2026-02-28', 'workday', 'Spring Festival makeup workday / 春节调休上班', false, true),
    ('cn', '2026-04-04', 'holiday', 'Tomb-sweeping Day / 清明节', false, true),
    ('cn', '2026-04-05', 'holiday', 'Tomb-sweeping Day / 清明节', false, true),
    ('cn', '2026-04-06', 'holiday', 'Tomb-sweeping Day / 清明节', false, true),
    ('cn', '2026-05-01', 'holiday', 'Labour Day / 劳动节', false, true),
    ('cn', '2026-05-02', 'holiday', 'Labour Day / 劳动节', false, true),
    ('cn', '2026-05-03', 'holiday', 'Labour Day / 劳动节', false, true),
    ('cn', '2026-05-04', 'holiday', 'Labour Day / 劳动节', false, true),
    ('cn', '2026-05-05', 'holiday', 'Labour Day / 劳动节', false, true),
    ('cn', '2026-05-09', 'workday', 'Labour Day makeup workday / 劳动节调休上班', false, true),
    ('cn', '2026-06-19', 'holiday', 'Dragon Boat Festival / 端午节', false, true),
    ('cn', '2026-06-20', 'holiday', 'Dragon Boat Festival / 端午节', false, true),
    ('cn', '2026-06-21', 'holiday', 'Dragon Boat Festival / 端午节', false, true),
    ('cn', '2026-09-20', 'workday', 'National Day makeup workday / 国庆节调休上班', false, true),
    ('cn', '2026-09-25', 'holiday', 'Mid-autumn Festival / 中秋节', false, true),
    ('cn', '2026-09-26', 'holiday', 'Mid-autumn Festival / 中秋节', false, true),
    ('cn', '2026-09-27', 'holiday', 'Mid-autumn Festival / 中秋节', false, true),
    ('cn', '2026-10-01', 'holiday', 'National Day / 国庆节', false, true),
    ('cn', '2026-10-02', 'holiday', 'National Day / 国庆节', false, true),
    ('cn', '2026-10-03', 'holiday', 'National Day / 国庆节', false, true),
    ('cn', '2026-10-04', 'holiday', 'National Day / 国庆节', false, true),
    ('cn', '2026-10-05', 'holiday', 'National Day / 国庆节', false, true),
    ('cn', '2026-10-06', 'holiday', 'National Day / 国庆节', false, true),
    ('cn', '2026-10-07', 'holiday', 'National Day / 国庆节', false, true),
    ('cn', '2026-10-10', 'workday', 'National Day makeup workday / 国庆节调休上班', false, true),
    ('cn', '2027-01-01', 'holiday', 'New Year''s Day / 元旦', true, true),
    ('cn', '2027-02-05', 'holiday', 'Spring Festival / 春节', true, true),
    ('cn', '2027-02-06', 'holiday', 'Spring Festival / 春节', true, true),
    ('cn', '2027-02-07', 'holiday', 'Spring Festival / 春节', true, true),
    ('cn', '2027-02-08', 'holiday', 'Spring Festival / 春节', true, true),
    ('cn', '2027-04-05', 'holiday', 'Tomb-sweeping Day / 清明节', true, true),
    ('cn', '2027-05-01', 'holiday', 'Labour Day / 劳动节', true, true),
    ('cn', '2027-05-02', 'holiday', 'Labour Day / 劳动节', true, true),
    ('cn', '2027-06-09', 'holiday', 'Dragon Boat Festival / 端午节', true, true),
    ('cn', '2027-09-15', 'holiday', 'Mid-autumn Festival / 中秋节', true, true),
    ('cn', '2027-10-01', 'holiday', 'National Day / 国庆节', true, true),
    ('cn', '2027-10-02', 'holiday', 'National Day / 国庆节', true, true),
    ('cn', '2027-10-03', 'holiday', 'National Day / 国庆节', true, true),
    ('cn', '2028-01-01', 'holiday', 'New Year''s Day / 元旦', true, true),
    ('cn', '2028-01-25', 'holiday', 'Spring Festival / 春节', true, true),
    ('cn', '2028-01-26', 'holiday', 'Spring Festival / 春节', true, true),
    ('cn', '2028-01-27', 'holiday', 'Spring Festival / 春节', true, true),
    ('cn', '2028-01-28', 'holiday', 'Spring Festival / 春节', true, true),
    ('cn', '2028-04-04', 'holiday', 'Tomb-sweeping Day / 清明节', true, true),
    ('cn', '2028-05-01', 'holiday', 'Labour Day / 劳动节', true, true),
    ('cn', '2028-05-02', 'holiday', 'Labour Day / 劳动节', true, true),
    ('cn', '2028-05-28', 'holiday', 'Dragon Boat Festival / 端午节', true, true),
    ('cn', '2028-10-01', 'holiday', 'National Day / 国庆节', true, true),
    ('cn', '2028-10-02', 'holiday', 'National Day / 国庆节', true, true),
    ('cn', '2028-10-03', 'holiday', 'National Day / 国庆节', true, true),
    ('cn', '2028-10-04', 'holiday', 'Mid-autumn Festival / 中秋节', true, true),
    ('cn', '2029-01-01', 'holiday', 'New Year''s Day / 元旦', true, true),
    ('cn', '2029-02-12', 'holiday', 'Spring Festival / 春节', true, true),
    ('cn', '2029-02-13', 'holiday', 'Spring Festival / 春节', true, true),
    ('cn', '2029-02-14', 'holiday', 'Spring Festival / 春节', true, true),
    ('cn', '2029-02-15', 'holiday', 'Spring Festival / 春节', true, true),
    ('cn', '2029-04-04', 'holiday', 'Tomb-sweeping Day / 清明节', true, true),
    ('cn', '2029-05-01', 'holiday', 'Labour Day / 劳动节', true, true),
    ('cn', '2029-05-02', 'holiday', 'Labour Day / 劳动节', true, true),
    ('cn', '2029-06-16', 'holiday', 'Dragon Boat Festival / 端午节', true, true),
    ('cn', '2029-09-22', 'holiday', 'Mid-autumn Festival / 中秋节', true, true),
    ('cn', '2029-10-01', 'holiday', 'National Day / 国庆节', true, true),
    ('cn', '2029-10-02', 'holiday', 'National Day / 国庆节', true, true),
    ('cn', '2029-10-03', 'holiday', 'National Day / 国庆节', true, true),
    ('cn', '2030-01-01', 'holiday', 'New Year''s Day / 元旦', true, true),
    ('cn', '2030-02-02', 'holiday', 'Spring Festival / 春节', true, true),
    ('cn', '2030-02-03', 'holiday', 'Spring Festival / 春节', true, true),
    ('cn', '2030-02-04', 'holiday', 'Spring Festival / 春节', true, true),
    ('cn', '2030-02-05', 'holiday', 'Spring Festival / 春节', true, true),
    ('cn', '2030-04-05', 'holiday', 'Tomb-sweeping Day / 清明节', true, true),
    ('cn', '2030-05-01', 'holiday', 'Labour Day / 劳动节', true, true),
    ('cn', '2030-05-02', 'holiday', 'Labour Day / 劳动节', true, true),
    ('cn', '2030-06-05', 'holiday', 'Dragon Boat Festival / 端午节', true, true),
    ('cn', '2030-09-12', 'holiday', 'Mid-autumn Festival / 中秋节', true, true),
    ('cn', '2030-10-01', 'holiday', 'National Day / 国庆节', true, true),
    ('cn', '2030-10-02', 'holiday', 'National Day / 国庆节', true, true),
    ('cn', '2030-10-03', 'holiday', 'National Day / 国庆节', true, true),
    ('cn', '2031-01-01', 'holiday', 'New Year''s Day / 元旦', true, true),
    ('cn', '2031-01-22', 'holiday', 'Spring Festival / 春节', true, true),
    ('cn', '2031-01-23', 'holiday', 'Spring Festival / 春节', true, true),
    ('cn', '2031-01-24', 'holiday', 'Spring Festival / 春节', true, true),
    ('cn', '2031-01-25', 'holiday', 'Spring Festival / 春节', true, true),
    ('cn', '2031-04-05', 'holiday', 'Tomb-sweeping Day / 清明节', true, true),
    ('cn', '2031-05-01', 'holiday', 'Labour Day / 劳动节', true, true),
    ('cn', '2031-05-02', 'holiday', 'Labour Day / 劳动节', true, true),
    ('cn', '2031-06-24', 'holiday', 'Dragon Boat Festival / 端午节', true, true),
    ('cn', '2031-10-01', 'holiday', 'National Day / 国庆节', true, true),
    ('cn', '2031-10-02', 'holiday', 'National Day / 国庆节', true, true),
    ('cn', '2031-10-03', 'holiday', 'National Day / 国庆节', true, true),
    ('cn', '2031-10-06', 'holiday', 'Mid-autumn Festival / 中秋节', true, true),
    ('cn', '2032-01-01', 'holiday', 'New Year''s Day / 元旦', true, true),
    ('cn', '2032-02-10', 'holiday', 'Spring Festival / 春节', true, true),
    ('cn', '2032-02-11', 'holiday', 'Spring Festival / 春节', true, true),
    ('cn', '2032-02-12', 'holiday', 'Spring Festival / 春节', true, true),
    ('cn', '2032-02-13', 'holiday', 'Spring Festival / 春节', true, true),
    ('cn', '2032-04-04', 'holiday', 'Tomb-sweeping Day / 清明节', true, true),
    ('cn', '2032-05-01', 'holiday', 'Labour Day / 劳动节', true, true),
    ('cn', '2032-05-02', 'holiday', 'Labour Day / 劳动节', true, true),
    ('cn', '2032-06-12', 'holiday', 'Dragon Boat Festival / 端午节', true, true),
    ('cn', '2032-09-19', 'holiday', 'Mid-autumn Festival / 中秋节', true, true),
    ('cn', '2032-10-01', 'holiday', 'National Day / 国庆节', true, true),
    ('cn', '2032-10-02', 'holiday', 'National Day / 国庆节', true, true),
    ('cn', '2032-10-03', 'holiday', 'National Day / 国庆节', true, true),
    ('cn', '2033-01-01', 'holiday', 'New Year''s Day / 元旦', true, true),
    ('cn', '2033-01-30', 'holiday', 'Spring Festival / 春节', true, true),
    ('cn', '2033-01-31', 'holiday', 'Spring Festival / 春节', true, true),
    ('cn', '2033-02-01', 'holiday', 'Spring Festival / 春节', true, true),
    ('cn', '2033-02-02', 'holiday', 'Spring Festival / 春节', true, true),
    ('cn', '2033-04-04', 'holiday', 'Tomb-sweeping Day / 清明节', true, true),
    ('cn', '2033-05-01', 'holiday', 'Labour Day / 劳动节', true, true),
    ('cn', '2033-05-02', 'holiday', 'Labour Day / 劳动节', true, true),
    ('cn', '2033-06-01', 'holiday', 'Dragon Boat Festival / 端午节', true, true),
    ('cn', '2033-09-08', 'holiday', 'Mid-autumn Festival / 中秋节', true, true),
    ('cn', '2033-10-01', 'holiday', 'National Day / 国庆节', true, true),
    ('cn', '2033-10-02', 'holiday', 'National Day / 国庆节', true, true),
    ('cn', '2033-10-03', 'holiday', 'National Day / 国庆节', true, true),
    ('cn', '2034-01-01', 'holiday', 'New Year''s Day / 元旦', true, true),
    ('cn', '2034-02-18', 'holiday', 'Spring Festival / 春节', true, true),
    ('cn', '2034-02-19', 'holiday', 'Spring Festival / 春节', true, true),
    ('cn', '2034-02-20', 'holiday', 'Spring Festival / 春节', true, true),
    ('cn', '2034-02-21', 'holiday', 'Spring Festival / 春节', true, true),
    ('cn', '2034-04-05', 'holiday', 'Tomb-sweeping Day / 清明节', true, true),
    ('cn', '2034-05-01', 'holiday', 'Labour Day / 劳动节', true, true),
    ('cn', '2034-05-02', 'holiday', 'Labour Day / 劳动节', true, true),
    ('cn', '2034-06-20', 'holiday', 'Dragon Boat Festival / 端午节', true, true),
    ('cn', '2034-09-27', 'holiday', 'Mid-autumn Festival / 中秋节', true, true),
    ('cn', '2034-10-01', 'holiday', 'National Day / 国庆节', true, true),
    ('cn', '2034-10-02', 'holiday', 'National Day / 国庆节', true, true),
    ('cn', '2034-10-03', 'holiday', 'National Day / 国庆节', true, true),
    ('cn', '2035-01-01', 'holiday', 'New Year''s Day / 元旦', true, true),
    ('cn', '2035-02-07', 'holiday', 'Spring Festival / 春节', true, true),
    ('cn', '2035-02-08', 'holiday', 'Spring Festival / 春节', true, true),
    ('cn', '2035-02-09', 'holiday', 'Spring Festival / 春节', true, true),
    ('cn', '2035-02-10', 'holiday', 'Spring Festival / 春节', true, true),
    ('cn', '2035-04-05', 'holiday', 'Tomb-sweeping Day / 清明节', true, true),
    ('cn', '2035-05-01', 'holiday', 'Labour Day / 劳动节', true, true),
    ('cn', '2035-05-02', 'holiday', 'Labour Day / 劳动节', true, true),
    ('cn', '2035-06-10', 'holiday', 'Dragon Boat Festival / 端午节', true, true),
    ('cn', '2035-09-16', 'holiday', 'Mid-autumn Festival / 中秋节', true, true),
    ('cn', '2035-10-01', 'holiday', 'National Day / 国庆节', true, true),
    ('cn', '2035-10-02', 'holiday', 'National Day / 国庆节', true, true),
    ('cn', '2035-10-03', 'holiday', 'National Day / 国庆节', true, true);

-- Keep user data through pg_dump: shipped rows are re-seeded by CREATE
-- EXTENSION, everything else (user calendars and days, changed shipped rows)
-- is dumped.
SELECT pg_catalog.pg_extension_config_dump('perfeval.calendar', 'WHERE NOT shipped');
SELECT pg_catalog.pg_extension_config_dump('perfeval.calendar_day', 'WHERE NOT shipped');

-- Row triggers (created after the seed): any insert or update marks the row
-- as not shipped; an insert whose key matches a shipped row updates that row
-- instead (this is how pg_restore's COPY merges a changed shipped row).
CREATE FUNCTION @extschema@.calendar_keep_change()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    NEW.shipped := false;
    IF TG_OP = 'INSERT' THEN
        UPDATE perfeval.calendar AS c
           SET working_weekdays = NEW.working_weekdays, time_zone = NEW.time_zone,
               valid_from = NEW.valid_from, valid_to = NEW.valid_to,
               official_to = NEW.official_to, description = NEW.description
         WHERE c.name = NEW.name AND c.shipped;
        IF FOUND THEN
            RETURN NULL;
        END IF;
    ELSIF NEW.official_to IS DISTINCT FROM OLD.official_to THEN
        -- official data now reaches further: its projected days are superseded
        DELETE FROM perfeval.calendar_day AS d
         WHERE d.calendar = NEW.name AND d.projected
           AND d.day <= coalesce(NEW.official_to, NEW.valid_to);
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION @extschema@.calendar_keep_change() IS
'row trigger of perfeval.calendar: marks inserted and updated rows as user data, merges a restored row into the shipped one, and drops projected days that official_to now covers';

CREATE FUNCTION @extschema@.calendar_day_keep_change()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    NEW.shipped := false;
    IF TG_OP = 'INSERT' THEN
        UPDATE perfeval.calendar_day AS d
           SET kind = NEW.kind, name = NEW.name, projected = NEW.projected
         WHERE d.calendar = NEW.calendar AND d.day = NEW.day AND d.shipped;
        IF FOUND THEN
            RETURN NULL;
        END IF;
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION @extschema@.calendar_day_keep_change() IS
'row trigger of perfeval.calendar_day: marks inserted and updated rows as user data and merges a restored row into the shipped one';

CREATE TRIGGER calendar_keep_change BEFORE INSERT OR UPDATE ON @extschema@.calendar
    FOR EACH ROW EXECUTE FUNCTION @extschema@.calendar_keep_change();
CREATE TRIGGER calendar_day_keep_change BEFORE INSERT OR UPDATE ON @extschema@.calendar_day
    FOR EACH ROW EXECUTE FUNCTION @extschema@.calendar_day_keep_change();
COMMENT ON TRIGGER calendar_keep_change ON @extschema@.calendar IS
'marks changed rows as user data for pg_dump and merges a restored row into the shipped one';
COMMENT ON TRIGGER calendar_day_keep_change ON @extschema@.calendar_day IS
'marks changed rows as user data for pg_dump and merges a restored row into the shipped one';

CREATE FUNCTION @extschema@.calendar_invalidate()
RETURNS trigger
AS 'MODULE_PATHNAME', 'pe_calendar_invalidate'
LANGUAGE C;
COMMENT ON FUNCTION @extschema@.calendar_invalidate() IS
'statement trigger of the calendar tables: queues a relcache invalidation so every session recompiles its cached calendars once the change commits';

CREATE TRIGGER calendar_invalidate AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.calendar
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.calendar_invalidate();
CREATE TRIGGER calendar_day_invalidate AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.calendar_day
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.calendar_invalidate();
COMMENT ON TRIGGER calendar_invalidate ON @extschema@.calendar IS
'makes every session recompile its cached calendars after a committed change';
COMMENT ON TRIGGER calendar_day_invalidate ON @extschema@.calendar_day IS
'makes every session recompile its cached calendars after a committed change';

-- The functions (handbook "Working days"; the appeal deadlines of H-6.3.3 and H-8).

CREATE FUNCTION @extschema@.workday(start date, days integer, calendar text DEFAULT 'cn')
RETURNS date
AS 'MODULE_PATHNAME', 'pe_workday'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.workday(date, integer, text) IS
'Excel WORKDAY on a calendar: the day days working days after start (before it if negative); start itself never counts, 0 returns start (H-6.3.3, H-8)';

CREATE FUNCTION @extschema@.networkdays(start date, finish date, calendar text DEFAULT 'cn')
RETURNS integer
AS 'MODULE_PATHNAME', 'pe_networkdays'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.networkdays(date, date, text) IS
'Excel NETWORKDAYS on a calendar: working days from start to finish, both counted; negated when start > finish';

CREATE FUNCTION @extschema@.is_workday(day date, calendar text DEFAULT 'cn')
RETURNS boolean
AS 'MODULE_PATHNAME', 'pe_is_workday'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.is_workday(date, text) IS
'true if day is a working day of the calendar (working weekday not a holiday, or a declared make-up workday)';

CREATE FUNCTION @extschema@.busday_offset(day date, "offset" integer, roll text DEFAULT 'raise', calendar text DEFAULT 'cn')
RETURNS date
AS 'MODULE_PATHNAME', 'pe_busday_offset'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.busday_offset(date, integer, text, text) IS
'numpy.busday_offset on a calendar: roll a day off by roll (raise, nat, forward, following, backward, preceding, modifiedfollowing, modifiedpreceding), then move offset working days';

CREATE FUNCTION @extschema@.busday_count(begin date, finish date, calendar text DEFAULT 'cn')
RETURNS integer
AS 'MODULE_PATHNAME', 'pe_busday_count'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.busday_count(date, date, text) IS
'numpy.busday_count on a calendar: working days in [begin, finish); for begin > finish minus those in (finish, begin] (numpy >= 1.25)';

CREATE FUNCTION @extschema@.deadline(event timestamptz, days integer, calendar text DEFAULT 'cn')
RETURNS timestamptz
AS 'MODULE_PATHNAME', 'pe_deadline'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.deadline(timestamptz, integer, text) IS
'end of the working day reached days working days after the event''s local date in the calendar''s time zone: the local midnight after it, the first late instant (H-6.3.3, H-8.1.3, H-8.2.2, H-8.2.4, H-8.2.5, H-8.3.2)';

-- deadline_projected(event, days, calendar): whether deadline() relies on
-- projected days (any counted day after the calendar's official data).
CREATE FUNCTION @extschema@.deadline_projected(event timestamptz, days integer, calendar text DEFAULT 'cn')
RETURNS boolean
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT perfeval.is_projected(GREATEST((event AT TIME ZONE c.time_zone)::date,
                                          (perfeval.deadline(event, days, c.name) AT TIME ZONE c.time_zone)::date - 1),
                                 c.name)
    FROM perfeval.calendar AS c WHERE c.name = deadline_projected.calendar
$$;
COMMENT ON FUNCTION @extschema@.deadline_projected(timestamptz, integer, text) IS
'true if perfeval.deadline(event, days, calendar) relies on projected days (a counted day after calendar.official_to): such a stored deadline is recomputed when the notice is loaded';

CREATE FUNCTION @extschema@.workday(start date, days integer, weekend text, holidays date[], workdays date[] DEFAULT '{}')
RETURNS date
AS 'MODULE_PATHNAME', 'pe_workday_arrays'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.workday(date, integer, text, date[], date[]) IS
'Excel WORKDAY.INTL without a table: weekend is an Excel code (1-7, 11-17) or a Monday-first mask with 1 = day off; holidays and make-up workdays as arrays';

CREATE FUNCTION @extschema@.networkdays(start date, finish date, weekend text, holidays date[], workdays date[] DEFAULT '{}')
RETURNS integer
AS 'MODULE_PATHNAME', 'pe_networkdays_arrays'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.networkdays(date, date, text, date[], date[]) IS
'Excel NETWORKDAYS.INTL without a table: weekend is an Excel code (1-7, 11-17) or a Monday-first mask with 1 = day off; holidays and make-up workdays as arrays';

CREATE FUNCTION @extschema@.is_projected(day date, calendar text DEFAULT 'cn')
RETURNS boolean
AS 'MODULE_PATHNAME', 'pe_is_projected'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.is_projected(date, text) IS
'true if day lies after the calendar''s official data (calendar.official_to), so its working-day status is a projection: statutory holidays known, the notice''s bridging days and make-up workdays not yet; 22008 outside the calendar';

-- ---------------------------------------------------------------------------
-- Official notices: the one data change that replaces a projected year
-- ---------------------------------------------------------------------------

CREATE TABLE @extschema@.calendar_notice (
    calendar  text NOT NULL REFERENCES @extschema@.calendar (name) ON UPDATE CASCADE ON DELETE CASCADE,
    year      integer NOT NULL
        CONSTRAINT calendar_notice_year_check CHECK (year OPERATOR(pg_catalog.>=) 1901 AND year OPERATOR(pg_catalog.<=) 9999),
    day       date NOT NULL,
    kind      text NOT NULL
        CONSTRAINT calendar_notice_kind_check CHECK (kind OPERATOR(pg_catalog.=) ANY ('{holiday,workday}'::text[])),
    name      text,
    loaded_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    loaded_by name NOT NULL DEFAULT CURRENT_USER,
    PRIMARY KEY (calendar, day),
    CONSTRAINT calendar_notice_day_check
        CHECK (day OPERATOR(pg_catalog.>=) pg_catalog.make_date(year OPERATOR(pg_catalog.-) 1, 12, 1)
               AND day OPERATOR(pg_catalog.<=) pg_catalog.make_date(year, 12, 31))
);
COMMENT ON TABLE @extschema@.calendar_notice IS
'official holiday notices as loaded, one row per day of the notice (holidays and make-up workdays); inserting a year''s rows (e.g. with \copy) replaces that year''s projected days in calendar_day, advances calendar.official_to and valid_to, and recomputes the stored deadlines that relied on the projection';
COMMENT ON COLUMN @extschema@.calendar_notice.calendar IS 'the calendar the notice is for (cn for the State Council''s notice)';
COMMENT ON COLUMN @extschema@.calendar_notice.year IS 'the year of the notice; its days lie in that year or in the December before it (a New Year block)';
COMMENT ON COLUMN @extschema@.calendar_notice.day IS 'a day of the notice';
COMMENT ON COLUMN @extschema@.calendar_notice.kind IS 'holiday (a day off of a rest block) or workday (a make-up workday, 调休上班)';
COMMENT ON COLUMN @extschema@.calendar_notice.name IS 'what the day is, e.g. Spring Festival / 春节';
COMMENT ON COLUMN @extschema@.calendar_notice.loaded_at IS 'when the row was loaded';
COMMENT ON COLUMN @extschema@.calendar_notice.loaded_by IS 'who loaded it';
SELECT pg_catalog.pg_extension_config_dump('perfeval.calendar_notice', '');
GRANT SELECT ON @extschema@.calendar_notice TO PUBLIC;

-- calendar_notice_apply: AFTER INSERT statement trigger of calendar_notice.
-- For each (calendar, year) loaded: the notice must follow the official data
-- (no gap); the year's projected days are replaced by the notice's days;
-- official_to and valid_to reach the year's end; then every stored deadline
-- still open on that calendar is recomputed and each move logged
-- (perfeval.recompute_deadlines, H-6.3.3, H-8).  SECURITY DEFINER because
-- the deadlines belong to everyone; it runs only as this trigger.
CREATE FUNCTION @extschema@.calendar_notice_apply()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    g record;
    c perfeval.calendar;
    last_official date;
BEGIN
    FOR g IN SELECT n.calendar, n.year, pg_catalog.min(n.day) AS first_day, pg_catalog.count(*) AS days
             FROM notice AS n GROUP BY n.calendar, n.year ORDER BY n.calendar, n.year
    LOOP
        SELECT * INTO c FROM perfeval.calendar AS x WHERE x.name = g.calendar FOR UPDATE;
        last_official := coalesce(c.official_to, c.valid_to);
        IF g.year > pg_catalog.date_part('year', last_official)::integer + 1 THEN
            RAISE EXCEPTION 'the notice for % cannot be loaded before the notice for %',
                            g.year, pg_catalog.date_part('year', last_official)::integer + 1
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = pg_catalog.format('Calendar "%s" has official data until %s.', g.calendar, last_official),
                      HINT = 'Load the notices year by year, oldest first.';
        END IF;
        DELETE FROM perfeval.calendar_day AS d
         WHERE d.calendar = g.calendar AND d.projected
           AND d.day BETWEEN g.first_day AND pg_catalog.make_date(g.year, 12, 31);
        INSERT INTO perfeval.calendar_day AS d (calendar, day, kind, name)
        SELECT n.calendar, n.day, n.kind, n.name
          FROM notice AS n WHERE n.calendar = g.calendar AND n.year = g.year
        ON CONFLICT (calendar, day) DO UPDATE
           SET kind = excluded.kind, name = excluded.name, projected = false;
        UPDATE perfeval.calendar AS x
           SET valid_to = GREATEST(x.valid_to, pg_catalog.make_date(g.year, 12, 31)),
               official_to = CASE WHEN x.official_to IS NOT NULL
                                  THEN GREATEST(x.official_to, pg_catalog.make_date(g.year, 12, 31)) END
         WHERE x.name = g.calendar;
        PERFORM perfeval.recompute_deadlines(g.calendar,
                    pg_catalog.format('official notice %s of calendar %s loaded', g.year, g.calendar));
    END LOOP;
    RETURN NULL;
END
$$;
REVOKE EXECUTE ON FUNCTION @extschema@.calendar_notice_apply() FROM PUBLIC;
COMMENT ON FUNCTION @extschema@.calendar_notice_apply() IS
'statement trigger of calendar_notice: replaces a year''s projected days by the loaded notice, advances official_to and valid_to, recomputes open stored deadlines (22023 for a notice that leaves a gap)';
CREATE TRIGGER calendar_notice_apply AFTER INSERT ON @extschema@.calendar_notice
    REFERENCING NEW TABLE AS notice
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.calendar_notice_apply();
COMMENT ON TRIGGER calendar_notice_apply ON @extschema@.calendar_notice IS
'applies a loaded notice to calendar_day and calendar and recomputes the stored deadlines that relied on projected days';

CREATE VIEW @extschema@.calendar_horizon WITH (security_invoker = true) AS
SELECT c.name AS calendar,
       c.valid_from,
       coalesce(c.official_to, c.valid_to) AS official_to,
       CASE WHEN c.official_to OPERATOR(pg_catalog.<) c.valid_to THEN c.valid_to END AS projected_to,
       coalesce(c.official_to, c.valid_to)
           OPERATOR(pg_catalog.-) (pg_catalog.now() AT TIME ZONE c.time_zone)::date AS official_days_left,
       c.valid_to OPERATOR(pg_catalog.-) (pg_catalog.now() AT TIME ZONE c.time_zone)::date AS days_left,
       pg_catalog.date_part('year', coalesce(c.official_to, c.valid_to))::integer OPERATOR(pg_catalog.+) 1 AS next_notice_year
FROM @extschema@.calendar AS c;
COMMENT ON VIEW @extschema@.calendar_horizon IS
'each calendar''s horizon: official data until, projected until, the days left of each (counted from today in the calendar''s time zone) and the year whose notice is awaited';
COMMENT ON COLUMN @extschema@.calendar_horizon.calendar IS 'the calendar''s name';
COMMENT ON COLUMN @extschema@.calendar_horizon.valid_from IS 'first day the calendar covers';
COMMENT ON COLUMN @extschema@.calendar_horizon.official_to IS 'last day covered by official notices';
COMMENT ON COLUMN @extschema@.calendar_horizon.projected_to IS 'last day covered by projected statutory holidays (NULL when nothing is projected); later days raise 22008';
COMMENT ON COLUMN @extschema@.calendar_horizon.official_days_left IS 'days from today to official_to (negative once answers rely on projected days)';
COMMENT ON COLUMN @extschema@.calendar_horizon.days_left IS 'days from today to the last covered day (valid_to)';
COMMENT ON COLUMN @extschema@.calendar_horizon.next_notice_year IS 'the year whose official notice is to be loaded next';
GRANT SELECT ON @extschema@.calendar_horizon TO PUBLIC;
