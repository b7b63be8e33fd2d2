-- pgTAP: stored appeal deadlines that rely on projected calendar days, and
-- their recomputation when the official notice is loaded (handbook
-- "Working days"; H-8.1.3 acknowledgement within 5 working days; H-8.2.1
-- (3) filing window).  Calendar "proj" knows only the statutory days of
-- 2025 (projected, as cn knows 2027-2035); loading cn's real 2025 notice
-- into it moves the open deadline across National Day and logs the move.
BEGIN;
CREATE EXTENSION IF NOT EXISTS perfeval;
\ir ../fixture/appeal_org.sql
SELECT plan(22);
SET LOCAL client_min_messages = error;   -- the once-per-session projection WARNING

INSERT INTO perfeval.calendar (name, working_weekdays, time_zone, valid_from, valid_to, official_to, description)
VALUES ('proj', '{1,2,3,4,5}', 'Asia/Shanghai', '2025-01-01', '2026-12-31', '2024-12-31', 'test: 2025-2026 projected');
INSERT INTO perfeval.calendar_day (calendar, day, kind, name, projected) VALUES
    ('proj', '2025-10-01', 'holiday', 'National Day / 国庆节', true),
    ('proj', '2025-10-02', 'holiday', 'National Day / 国庆节', true),
    ('proj', '2025-10-03', 'holiday', 'National Day / 国庆节', true),
    ('proj', '2025-10-06', 'holiday', 'Mid-autumn Festival / 中秋节', true);
INSERT INTO perfeval.appeal_policy (name, value) VALUES ('calendar', 'proj');

-- E1 files on Tuesday 30 September 2025; HR must acknowledge within 5
-- working days (H-8.1.3): under the projection 7, 8, 9, 10 and 13 October
SELECT perfeval.file_result_appeal(pg_temp.res('E1'), 'the csat sample is too small', at => '2025-09-30 09:00+08') AS a1 \gset
SELECT is((SELECT due_at FROM perfeval.appeal WHERE id = :a1), '2025-10-14 00:00+08'::timestamptz,
          'projected: the acknowledgement is due before 2025-10-14 00:00+08');
SELECT is((SELECT row(due_at, projected)::text FROM perfeval.appeal_deadline WHERE appeal_id = :a1 AND done_at IS NULL),
          '("2025-10-14 00:00:00+08",t)', 'the stored deadline records that it relies on projected days');
SELECT is((SELECT projected FROM perfeval.appeal_deadline WHERE appeal_id = :a1 AND step = 'filing'), true,
          'so does the met filing deadline (H-8.2.1 (3))');
SELECT is((SELECT count(*)::int FROM perfeval.deadline_move), 0, 'nothing moved yet');

-- the official 2025 notice (cn's: 1-8 October off, Saturday 11 October a
-- make-up workday) is loaded with one INSERT (in psql: one \copy)
INSERT INTO perfeval.calendar_notice (calendar, year, day, kind, name)
SELECT 'proj', 2025, d.day, d.kind, d.name FROM perfeval.calendar_day AS d
WHERE d.calendar = 'cn' AND d.day BETWEEN '2024-12-01' AND '2025-12-31';

SELECT is((SELECT row(official_to, valid_to)::text FROM perfeval.calendar WHERE name = 'proj'),
          '(2025-12-31,2026-12-31)', 'the notice advances official_to to the end of 2025');
SELECT is((SELECT count(*)::int FROM perfeval.calendar_day WHERE calendar = 'proj' AND projected), 0,
          'the projected days of 2025 are replaced');
SELECT is((SELECT due_at FROM perfeval.appeal WHERE id = :a1), '2025-10-15 00:00+08'::timestamptz,
          'the open deadline moved: 9, 10, 11 (make-up Saturday), 13 and 14 October');
SELECT is((SELECT row(due_at, projected)::text FROM perfeval.appeal_deadline WHERE appeal_id = :a1 AND done_at IS NULL),
          '("2025-10-15 00:00:00+08",f)', 'the stored deadline moved and no longer relies on projected days');
SELECT is((SELECT due_at FROM perfeval.appeal_deadline WHERE appeal_id = :a1 AND step = 'filing'),
          '2025-10-15 00:00+08'::timestamptz, 'a met deadline keeps the instant it was judged by');
SELECT results_eq($$SELECT step, old_due_at, new_due_at, reason FROM perfeval.deadline_move$$,
                  $$VALUES ('filed', '2025-10-14 00:00+08'::timestamptz, '2025-10-15 00:00+08'::timestamptz,
                            'official notice 2025 of calendar proj loaded')$$,
                  'the move is kept: step, old and new due instant, why');
SELECT results_eq($$SELECT from_state, to_state, action, due_at FROM perfeval.appeal_event
                    WHERE appeal_id = $$ || :a1 || $$ ORDER BY id$$,
                  $$VALUES (NULL::text, 'filed', 'file', '2025-10-14 00:00+08'::timestamptz),
                           ('filed', 'filed', 'move_deadline', '2025-10-15 00:00+08'::timestamptz)$$,
                  'and in the appeal''s history, as a move_deadline event that keeps the state');
SELECT is((SELECT note FROM perfeval.appeal_event WHERE appeal_id = :a1 AND action = 'move_deadline'),
          'the deadline of filed moved from 2025-10-14 00:00:00+08 to 2025-10-15 00:00:00+08: official notice 2025 of calendar proj loaded',
          'the event says old, new and why');
SELECT is((SELECT next_deadline FROM perfeval.appeal_open WHERE appeal_id = :a1), '2025-10-15 00:00+08'::timestamptz,
          'the open-appeals view shows the current deadline');
-- the step is on time on 14 October under the notice
SELECT is(perfeval.appeal_acknowledge(:a1, at => '2025-10-14 18:00+08'), 'acknowledged', 'acknowledging on 14 October is on time');
SELECT is((SELECT count(*)::int FROM perfeval.appeal_overdue WHERE appeal_id = :a1 AND step = 'filed'), 0, 'the acknowledgement is not overdue');
-- a re-load that changes nothing moves nothing
SELECT is(perfeval.recompute_deadlines('proj', 'again'), 0, 'recomputing with unchanged days moves nothing');

-- The shipped calendar cn and the (sample) 2027 notice of
-- test/fixture/cn-notice-2027-sample.csv.  E2's late appeal is admitted on
-- 30 November 2026 and acknowledged; the eligibility check, set to 50
-- working days, ends in February 2027: projected, before the 2027-02-12
-- 00:00+08 first late instant (the eve and 8 February off).
UPDATE perfeval.appeal_policy SET value = 'cn' WHERE name = 'calendar';
INSERT INTO perfeval.appeal_policy (name, value) VALUES ('eligibility_days', '50');
SELECT perfeval.file_result_appeal(pg_temp.res('E2'), 'the sample was wrong', at => '2026-11-30 10:00+08',
                                   override_reason => 'HR admits the late appeal: the agent was on leave') AS a2 \gset
SELECT perfeval.appeal_acknowledge(:a2, at => '2026-11-30 11:00+08') AS x \gset
SELECT is((SELECT row(due_at, projected)::text FROM perfeval.appeal_deadline WHERE appeal_id = :a2 AND done_at IS NULL),
          '("2027-02-12 00:00:00+08",t)', 'cn: a deadline into 2027 relies on the projection');
\copy perfeval.calendar_notice (calendar, year, day, kind, name) FROM 'test/fixture/cn-notice-2027-sample.csv' WITH (FORMAT csv, HEADER true)
SELECT is((SELECT official_to FROM perfeval.calendar WHERE name = 'cn'), DATE '2027-12-31', 'cn: the 2027 notice is official');
SELECT is((SELECT row(due_at, projected)::text FROM perfeval.appeal_deadline WHERE appeal_id = :a2 AND done_at IS NULL),
          '("2027-02-17 00:00:00+08",f)', 'cn: the sample notice (31 January worked, 9-12 February off) moves it to 2027-02-17');
SELECT is((SELECT due_at FROM perfeval.appeal WHERE id = :a2), '2027-02-17 00:00+08'::timestamptz, 'cn: and the appeal''s current deadline');
SELECT results_eq($$SELECT step, old_due_at, new_due_at, reason FROM perfeval.deadline_move WHERE appeal_id = $$ || :a2,
                  $$VALUES ('acknowledged', '2027-02-12 00:00+08'::timestamptz, '2027-02-17 00:00+08'::timestamptz,
                            'official notice 2027 of calendar cn loaded')$$,
                  'cn: the move is logged');
SELECT is((SELECT count(*)::int FROM perfeval.deadline_move WHERE appeal_id = :a1), 1, 'the proj appeal''s deadlines did not move again');

SELECT * FROM finish();
ROLLBACK;
