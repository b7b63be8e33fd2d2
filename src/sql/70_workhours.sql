/* src/sql/70_workhours.sql — business-hour clocks (issue 13): working time on a calendar with working hours, as IMMUTABLE functions of a compiled clock value (H-2.3.1, H-2.3.2, H-2.3.3) */

-- A work clock is compiled once from a table calendar and a team's shifts
-- (src/workhours.c); the clock functions take the compiled value (bytea),
-- never a calendar name, so they are IMMUTABLE, carry no text argument
-- (postgres_fdw pushes them down) and give a Citus worker exactly the
-- calendar the coordinator compiled.

CREATE FUNCTION @extschema@.work_clock(shifts text[], calendar text DEFAULT 'cn', time_zone text DEFAULT NULL)
RETURNS bytea
AS 'MODULE_PATHNAME', 'pe_work_clock'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.work_clock(text[], text, text) IS
'compiles a table calendar (working weekdays, holidays, make-up workdays) and daily shifts such as ''{09:00-12:00,13:30-18:00}'' (''{22:00-06:00}'' crosses midnight, ''{00:00-24:00}'' is the whole day) in a time zone (NULL = the calendar''s) into a work clock value for work_time, work_add, within_work_time and is_workday(date, bytea); NULL if shifts or calendar is NULL; compile again after a calendar change';

CREATE FUNCTION @extschema@.work_clock_info(clock bytea)
RETURNS text
AS 'MODULE_PATHNAME', 'pe_work_clock_info'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.work_clock_info(bytea) IS
'what a work clock value holds: calendar, time zone, shifts and the days it covers';

CREATE FUNCTION @extschema@.work_time(since timestamptz, until timestamptz, clock bytea)
RETURNS interval
AS 'MODULE_PATHNAME', 'pe_work_time'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.work_time(timestamptz, timestamptz, bytea) IS
'working time from since to until on a work clock, in hours (negative if until is earlier), counted on the local wall clock of the clock''s time zone; 22008 outside its calendar (H-2.3.1, H-2.3.3 in business time)';

CREATE FUNCTION @extschema@.work_add(since timestamptz, span interval, clock bytea)
RETURNS timestamptz
AS 'MODULE_PATHNAME', 'pe_work_add'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.work_add(timestamptz, interval, bytea) IS
'the first instant at which span (hours, minutes, seconds; no days or months) of working time has passed since `since'' on a work clock: the end of a shift when the span runs out exactly there; since itself for a zero span';

CREATE FUNCTION @extschema@.within_work_time(since timestamptz, until timestamptz, span interval, clock bytea)
RETURNS boolean
AS 'MODULE_PATHNAME', 'pe_within_work_time'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.within_work_time(timestamptz, timestamptz, interval, bytea) IS
'true if until is no earlier than since and at most span of working time after it on a work clock (H-2.3.2: a survey answered within the set time)';

CREATE FUNCTION @extschema@.is_workday(day date, clock bytea)
RETURNS boolean
AS 'MODULE_PATHNAME', 'pe_clock_is_workday'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.is_workday(date, bytea) IS
'IMMUTABLE form of is_workday(date, text) on a compiled work clock: true if day is a working day of the clock''s calendar (as compiled); 22008 outside it';

CREATE FUNCTION @extschema@.work_clock_zone(clock bytea)
RETURNS text
AS 'MODULE_PATHNAME', 'pe_work_clock_zone'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.work_clock_zone(bytea) IS
'the time zone of a work clock value (where its working hours and, in derive_measurements, its months are read)';
