-- The IMMUTABLE calendar functions without a table (Excel WORKDAY.INTL and
-- NETWORKDAYS.INTL plus make-up workdays), handbook "Working days".
SET datestyle = ISO;

-- Excel's weekend codes and masks: 2024-01-01 is a Monday
SELECT w AS weekend, perfeval.workday('2024-01-01', 1, w, '{}') AS next,
       perfeval.workday('2024-01-01', 5, w, '{}') AS fifth,
       perfeval.workday('2024-01-01', -1, w, '{}') AS previous,
       perfeval.networkdays('2024-01-01', '2024-01-31', w, '{}') AS january
FROM unnest(ARRAY['1', '2', '3', '4', '5', '6', '7', '11', '12', '13', '14', '15', '16', '17',
                  '0000011', '0000001', '1000001', '0101010', '0000000', '1111110']) AS w;

-- holidays: duplicates and weekend holidays are harmless; make-up workdays
-- turn a day off into a working day (the cn rules for Spring Festival 2023)
SELECT perfeval.workday('2023-01-20', 1, '1', '{2023-01-23,2023-01-24,2023-01-25,2023-01-26,2023-01-27}') AS without_makeup,
       perfeval.workday('2023-01-20', 1, '1', '{2023-01-23,2023-01-24,2023-01-25,2023-01-26,2023-01-27}',
                        '{2023-01-28,2023-01-29}') AS with_makeup,
       perfeval.workday('2023-01-20', 1, '1', '{2023-01-27,2023-01-26,2023-01-25,2023-01-24,2023-01-23,2023-01-23,2023-01-22}',
                        '{2023-01-29,2023-01-28,2023-01-28}') AS unsorted_duplicates,
       perfeval.workday('2023-01-20', 1, '1', '{}', '{2023-01-20,2023-01-23}') AS workday_on_weekday,
       perfeval.networkdays('2023-01-01', '2023-01-31', '1',
                            '{2023-01-01,2023-01-02,2023-01-21,2023-01-22,2023-01-23,2023-01-24,2023-01-25,2023-01-26,2023-01-27}',
                            '{2023-01-28,2023-01-29}') AS january_2023;

-- the same answers as the cn table calendar over 2023-2026
WITH h AS (
    SELECT array_agg(day) FILTER (WHERE kind = 'holiday') AS hol,
           array_agg(day) FILTER (WHERE kind = 'workday') AS wd
    FROM perfeval.calendar_day WHERE calendar = 'cn'
)
SELECT count(*) AS days,
       count(*) FILTER (WHERE perfeval.workday(d, n, '1', h.hol, h.wd) = perfeval.workday(d, n)) AS same_workday,
       count(*) FILTER (WHERE perfeval.networkdays(d, d + 2 * n, '0000011', h.hol, h.wd) = perfeval.networkdays(d, d + 2 * n)) AS same_networkdays
FROM h, generate_series(DATE '2023-03-01', DATE '2026-06-30', interval '1 day') WITH ORDINALITY AS g(d0, i),
     LATERAL (SELECT d0::date AS d, (i % 61)::int - 30 AS n) AS x;

-- all days off: networkdays gives 0, workday is an error (as in Excel)
SELECT perfeval.networkdays('2024-01-01', '2024-12-31', '1111111', '{}') AS all_off;
SELECT perfeval.workday('2024-01-01', 1, '1111111', '{}');

-- huge day counts answer at once or raise 22008
SELECT perfeval.workday('2000-01-03', 1000000000, '1', '{2000-01-04}') AS far,
       perfeval.workday('2000-01-03', -1000000, '1', '{}') AS far_back,
       perfeval.networkdays('4713-01-01 BC', '5874897-12-31', '1', '{}') AS everything;
SELECT perfeval.workday('2000-01-03', 2147483647, '1', '{}');
SELECT perfeval.workday('2000-01-03', -2147483647, '0000011', '{}');

-- NULLs in, NULL out (STRICT); errors with their SQLSTATE classes
SELECT perfeval.workday('2024-01-01', 1, '1', NULL) IS NULL AS strict;
SELECT perfeval.workday('2024-01-01', 1, '8', '{}');
SELECT perfeval.workday('2024-01-01', 1, '000001', '{}');
SELECT perfeval.workday('2024-01-01', 1, '00000x1', '{}');
SELECT perfeval.workday('2024-01-01', 1, '', '{}');
SELECT perfeval.workday('2024-01-01', 1, '1', '{2024-01-02,NULL}');
SELECT perfeval.workday('2024-01-01', 1, '1', '{{2024-01-02},{2024-01-03}}');
SELECT perfeval.workday('2024-01-01', 1, '1', '{infinity}');
SELECT perfeval.workday('2024-01-01', 1, '1', '{2024-01-06}', '{2024-01-06}');
SELECT perfeval.workday('infinity', 1, '1', '{}');
SELECT perfeval.networkdays('2024-01-01', '-infinity', '1', '{}');

-- usable in an index expression (IMMUTABLE)
CREATE TABLE calendar_idx (d date);
CREATE INDEX ON calendar_idx (perfeval.workday(d, 3, '1', '{2024-10-01}'::date[], '{}'::date[]));
DROP TABLE calendar_idx;
