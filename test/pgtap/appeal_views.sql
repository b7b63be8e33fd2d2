-- pgTAP: the appeal views: open appeals with their next deadline (H-8.1.3),
-- overdue steps (H-8.3.1), the archive with the whole history (H-8.3.3) and
-- statistics per period, team and outcome with time to close (H-8.3.4).
-- Deadlines are on calendar cn, across National Day 2025 (10-01..10-08 off,
-- Saturday 10-11 a make-up workday).
BEGIN;
CREATE EXTENSION IF NOT EXISTS perfeval;
\ir ../fixture/appeal_org.sql
SELECT plan(14);

-- The views count working days up to now(); keep the test independent of
-- the day it runs on by letting cn reach far beyond its shipped 2026 data
-- (the extra years are plain Monday-Friday weeks; rolled back at the end).
UPDATE perfeval.calendar SET valid_to = '2099-12-31' WHERE name = 'cn';

-- E1 files on Tuesday 30 September 2025 and HR never acknowledges: the
-- acknowledgement is due within 5 working days (H-8.1.3): 10-09, 10-10,
-- 10-11 (make-up Saturday), 10-13, 10-14, so the first late instant is
-- 2025-10-15 00:00 in Shanghai.
SELECT perfeval.file_result_appeal(pg_temp.res('E1'), 'teamwork rating', at => '2025-09-30 09:00+08') AS a1 \gset
-- E2 files the same day, HR acknowledges on time and E2 withdraws on 10-13.
SELECT perfeval.file_result_appeal(pg_temp.res('E2'), 'CSAT sample too small', 'email', at => '2025-09-30 10:00+08') AS a2 \gset
SELECT perfeval.appeal_acknowledge(:a2, at => '2025-10-09 09:00+08') AS x \gset
SELECT perfeval.appeal_withdraw(:a2, 'explained in the interview', at => '2025-10-13 15:00+08') AS x \gset

-- open appeals (H-8.1.3)
SELECT is((SELECT array_agg(appeal_id ORDER BY appeal_id) FROM perfeval.appeal_open), ARRAY[:a1]::integer[],
          'appeal_open lists the open appeal only');
SELECT is((SELECT next_deadline FROM perfeval.appeal_open WHERE appeal_id = :a1), '2025-10-15 00:00+08'::timestamptz,
          'H-8.1.3: the acknowledgement is due 5 working days after filing, across National Day and its make-up Saturday');
SELECT is((SELECT rule_id FROM perfeval.appeal_open WHERE appeal_id = :a1), 'H-8.1.3',
          'appeal_open names the rule of the next step');
SELECT ok((SELECT overdue AND working_days_left < 0 FROM perfeval.appeal_open WHERE appeal_id = :a1),
          'an open step past its deadline shows as overdue with negative working days left');

-- overdue steps (H-8.3.1)
SELECT is((SELECT count(*) FROM perfeval.appeal_overdue WHERE appeal_id = :a1 AND still_open), 1::bigint,
          'H-8.3.1: the unacknowledged appeal has one overdue open step');
SELECT is((SELECT due_at FROM perfeval.appeal_overdue WHERE appeal_id = :a1 AND still_open), '2025-10-15 00:00+08'::timestamptz,
          'H-8.3.1: the overdue step carries its due time');
SELECT ok((SELECT working_days_late >= 280 FROM perfeval.appeal_overdue WHERE appeal_id = :a1 AND still_open),
          'H-8.3.1: more than a year of working days late by now');
SELECT is((SELECT count(*) FROM perfeval.appeal_overdue WHERE appeal_id = :a2), 0::bigint,
          'H-8.3.1: steps taken on time are not overdue');

-- the archive (H-8.3.3)
SELECT is((SELECT array_agg(appeal_id) FROM perfeval.appeal_archive), ARRAY[:a2]::integer[],
          'H-8.3.3: the archive holds the finished case only');
SELECT is((SELECT jsonb_array_length(history) FROM perfeval.appeal_archive WHERE appeal_id = :a2), 3,
          'H-8.3.3: the archive keeps the whole history: filed, acknowledged, withdrawn');
SELECT is((SELECT history -> 2 ->> 'to' FROM perfeval.appeal_archive WHERE appeal_id = :a2), 'withdrawn',
          'H-8.3.3: the history ends with the withdrawal');
SELECT is((SELECT channel FROM perfeval.appeal_archive WHERE appeal_id = :a2), 'email',
          'H-8.1.2: the archive records the channel');

-- statistics (H-8.3.4): per period, team and outcome; time to close in
-- working days (10-09, 10-10, 10-11, 10-13 after 09-30: 4)
SELECT is((SELECT array_agg(row(outcome, appeals, finished)::text ORDER BY outcome) FROM perfeval.appeal_statistics),
          ARRAY['(open,1,0)', '(withdrawn,1,1)'],
          'H-8.3.4: one open and one withdrawn appeal, counted per outcome');
SELECT is((SELECT avg_working_days_to_close FROM perfeval.appeal_statistics WHERE outcome = 'withdrawn'), 4.0,
          'H-8.3.4: the withdrawn appeal closed 4 working days after filing (National Day excluded, the make-up Saturday counted)');

SELECT * FROM finish();
ROLLBACK;
