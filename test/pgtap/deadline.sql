-- pgTAP: deadline() at the edges (issue 10, Why 3 and 4): overflow-checked
-- arithmetic (22008 past the timestamp range) and the first late instant at
-- local midnights a time-zone transition repeats or skips (H-6.3.3, H-8.1.3,
-- H-8.2.2, H-8.2.4, H-8.2.5, H-8.3.2).  Every zone with a transition at
-- local midnight is checked by test/oracle/deadline_zones.py.
BEGIN;
CREATE EXTENSION IF NOT EXISTS perfeval;
SET LOCAL datestyle = ISO;
SET LOCAL timezone = 'UTC';
SELECT plan(13);

INSERT INTO perfeval.calendar (name, working_weekdays, time_zone, valid_from, valid_to) VALUES
    ('huge', '{1,2,3,4,5}', 'UTC', '4714-11-24 BC', '5874897-12-31'),
    ('havana', '{1,2,3,4,5,6}', 'America/Havana', '2000-01-01', '2039-12-31'),
    ('scoresbysund', '{1,2,3,4,5,6,7}', 'America/Scoresbysund', '2000-01-01', '2039-12-31'),
    ('gaza', '{1,2,3,4,5,6,7}', 'Asia/Gaza', '2000-01-01', '2039-12-31'),
    ('apia', '{1,2,3,4,5,6,7}', 'Pacific/Apia', '2000-01-01', '2039-12-31');

-- Why 3: the working day exists as a date, its end does not as a timestamp
SELECT is(perfeval.workday('2025-01-01', 200000000, 'huge'), DATE '768638-12-19',
          'workday reaches 768638-12-19 (a valid date)');
SELECT throws_ok($$SELECT perfeval.deadline('2025-01-01 00:00+00', 200000000, 'huge')$$, '22008',
                 'deadline out of range', '200,000,000 working days: 22008, not a wrapped timestamp');
SELECT throws_ok($$SELECT perfeval.deadline('2025-01-01 00:00+00', 2147483647, 'huge')$$, '22008',
                 NULL, 'the largest day count: 22008');
SELECT is(perfeval.deadline('294276-12-30 12:00+00', 0, 'huge'), TIMESTAMPTZ '294276-12-31 00:00+00',
          'the last day whose end is representable');
SELECT throws_ok($$SELECT perfeval.deadline('294276-12-31 12:00+00', 0, 'huge')$$, '22008',
                 'deadline out of range', 'the day whose end is past 294276 AD: 22008');

-- Why 4: local midnight twice (daylight saving ends at 01:00 back to 00:00)
SELECT is(perfeval.deadline('2024-11-02 12:00-04', 0, 'havana'), TIMESTAMPTZ '2024-11-03 04:00+00',
          'Havana 2024-11-03: the first of the two midnights (04:00 UTC), not the second');
SELECT is(perfeval.deadline('2024-11-01 12:00-04', 1, 'havana'), TIMESTAMPTZ '2024-11-03 04:00+00',
          'Havana: one working day from Friday ends with Saturday, at the first midnight');
-- local midnight skipped (daylight saving starts at 00:00 -> 01:00)
SELECT is(perfeval.deadline('2024-03-09 12:00-05', 0, 'havana'), TIMESTAMPTZ '2024-03-10 05:00+00',
          'Havana 2024-03-10: no midnight; the day starts at 01:00 CDT = 05:00 UTC');
SELECT is(perfeval.deadline('2024-03-10 05:00+00', 0, 'havana') - perfeval.deadline('2024-03-09 05:00+00', 0, 'havana'),
          interval '23 hours', 'Havana: the short day lasts 23 hours');
SELECT is(perfeval.deadline('2023-10-28 12:00+00', 0, 'scoresbysund'), TIMESTAMPTZ '2023-10-29 00:00+00',
          'Scoresbysund 2023-10-29 (01:00 +00 back to 00:00 -01): the first midnight, 00:00 UTC');
SELECT is(perfeval.deadline('2023-10-29 00:30+00', 0, 'scoresbysund'), TIMESTAMPTZ '2023-10-30 01:00+00',
          'Scoresbysund: an event in the first copy of 00:xx is already on 2023-10-29');
SELECT is(perfeval.deadline('2021-10-28 12:00+03', 0, 'gaza'), TIMESTAMPTZ '2021-10-28 21:00+00',
          'Gaza 2021-10-29 (01:00 +03 back to 00:00 +02): the first midnight, 21:00 UTC');
-- a whole local day skipped (Samoa, 2011-12-30)
SELECT is(perfeval.deadline('2011-12-29 12:00-10', 0, 'apia'), TIMESTAMPTZ '2011-12-30 10:00+00',
          'Apia: after 2011-12-29 comes 2011-12-31, which starts at 2011-12-30 10:00 UTC');

SELECT * FROM finish();
ROLLBACK;
