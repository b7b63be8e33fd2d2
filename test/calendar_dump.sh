#!/usr/bin/env bash
# pg_dump | psql round trip of the calendar tables (issue 3): a DBA's next
# year's notice (new rows + a later valid_to on the shipped calendar cn), a
# corrected shipped row and a user calendar all survive; untouched shipped
# rows are not dumped but re-seeded by CREATE EXTENSION.  Runs inside the
# test cluster (PGHOST/PGPORT/PGUSER from pg_virtualenv); exit 1 on failure.
set -uo pipefail
src=perfeval_dump_src
dst=perfeval_dump_dst
q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
cleanup() { q -d postgres -c "DROP DATABASE IF EXISTS $src" -c "DROP DATABASE IF EXISTS $dst" >/dev/null 2>&1; }
cleanup
q -d postgres -c "CREATE DATABASE $src" -c "CREATE DATABASE $dst" || exit 1

q -d $src <<'SQL' || { cleanup; exit 1; }
CREATE EXTENSION perfeval;
-- the DBA loads next year's notice: a data change that also extends valid_to
INSERT INTO perfeval.calendar_day (calendar, day, kind, name) VALUES
    ('cn', '2027-01-01', 'holiday', 'New Year''s Day / 元旦'),
    ('cn', '2027-02-20', 'workday', 'Spring Festival makeup workday / 春节调休上班');
UPDATE perfeval.calendar SET valid_to = '2027-12-31' WHERE name = 'cn';
-- corrects a shipped row, and re-inserts the key of another (merged into it)
UPDATE perfeval.calendar_day SET name = 'Mid-autumn Festival / 中秋节 (checked)'
 WHERE calendar = 'cn' AND day = '2025-10-06';
INSERT INTO perfeval.calendar_day (calendar, day, kind, name)
VALUES ('cn', '2026-05-05', 'holiday', 'Labour Day / 劳动节 (checked)');
-- and keeps a calendar of their own
INSERT INTO perfeval.calendar (name, working_weekdays, time_zone, valid_from, valid_to, description)
VALUES ('site_b', '{1,2,3,4,5,6}', 'Asia/Urumqi', '2025-01-01', '2025-12-31', 'six-day week');
INSERT INTO perfeval.calendar_day (calendar, day, kind, name) VALUES ('site_b', '2025-03-08', 'holiday', 'local');
SQL

pg_dump -d $src > /tmp/perfeval_calendar_dump.$$.sql || { cleanup; exit 1; }
q -d $dst -f /tmp/perfeval_calendar_dump.$$.sql >/dev/null || { rm -f /tmp/perfeval_calendar_dump.$$.sql; cleanup; exit 1; }
rm -f /tmp/perfeval_calendar_dump.$$.sql

snap() {
    psql -X -At -d "$1" -c "
      SELECT string_agg(x, E'\n' ORDER BY x) FROM (
        SELECT format('%s|%s|%s|%s|%s|%s|%s', name, working_weekdays, time_zone, valid_from, valid_to, description, shipped) AS x
          FROM perfeval.calendar
        UNION ALL
        SELECT format('%s|%s|%s|%s|%s', calendar, day, kind, name, shipped) FROM perfeval.calendar_day) s;
      SELECT perfeval.workday('2026-12-30', 3), perfeval.is_workday('2027-02-20'),
             perfeval.networkdays('2025-03-01', '2025-03-31', 'site_b');"
}
a=$(snap $src)
b=$(snap $dst)
cleanup
if [ "$a" == "$b" ] && grep -q '2027-12-31' <<<"$b" && grep -q '(checked)|f' <<<"$b" && grep -q '^site_b' <<<"$b"; then
    echo "ok - calendar data survives pg_dump | psql ($(wc -l <<<"$b") rows compared)"
    exit 0
fi
echo "not ok - calendar data differs after pg_dump | psql"
diff <(echo "$a") <(echo "$b") | head -20
exit 1
