#!/usr/bin/env bash
# The pg_dump round trip of perfeval (issue 3 calendars, issue 4 item 14
# the evaluation cycle, issue 5 rewards, penalties and appeals): a database
# with user rows in every user table (test/dump_restore/data.sql) is dumped
# with pg_dump and restored with psql into a fresh database; then
#   - every table of the extension holds the same rows (count and md5 of the
#     ordered rows, per table; for a registered table the rows its
#     pg_extension_config_dump filter keeps) and every sequence the same
#     position;
#   - every table and sequence is registered for pg_dump, except the
#     definition tables below, and every registered table had user rows;
#   - the restored database behaves: approved results stay locked (H-3.2.7),
#     appeal_event stays append-only (H-8.3.3), the DBA's changes to the
#     shipped calendar are merged into the re-seeded rows, and calendar
#     computations give the same answers.
# Runs inside pg_virtualenv (called by test/check-in-cluster.sh); prints one
# ok/FAIL line per check and exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
src=perfeval_dump_src
dst=perfeval_dump_dst
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# Definition tables: part of the extension, not user data.  The workflows
# of rewards, penalties and both appeal paths (flow_state, flow_step; H-6.3,
# H-8; the views appeal_state, appeal_flow, decision_step and workflow_step
# over them) are created and filled by CREATE EXTENSION, write-protected by
# a statement trigger (flow_definition_guard: every INSERT, UPDATE, DELETE
# and TRUNCATE raises 55000, also through the views, so a DBA cannot edit a
# state machine or who takes a step) and deliberately NOT registered with
# pg_extension_config_dump: a restore recreates them from the install
# script.  They are still fingerprinted in full below (so the restored state
# machine is checked to be the same), must not be registered, and must
# refuse changes in the restored database, through their views as well.
definition_tables="flow_state flow_step"
definition_views="appeal_state appeal_flow decision_step workflow_step"

status=0
ok() { echo "dump_restore: ok - $*"; }
bad() { echo "dump_restore: FAIL - $*"; status=1; }
# abort: a step the other checks depend on failed
abort() { echo "dump_restore: FAIL - $*"; sed -n 1,40p "$log"; exit 1; }
sql() { psql -X -At -v ON_ERROR_STOP=1 -d "$@" 2>>"$log"; }

psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $src" -c "DROP DATABASE IF EXISTS $dst" \
     -c "CREATE DATABASE $src" -c "CREATE DATABASE $dst" >"$log" 2>&1 || abort "cannot create the databases"
psql -X -q -v ON_ERROR_STOP=1 -d "$src" -f test/dump_restore/data.sql >"$log" 2>&1 \
    || abort "loading test/dump_restore/data.sql"
pg_dump -d "$src" 2>"$log" | psql -X -q -v ON_ERROR_STOP=1 -d "$dst" >>"$log" 2>&1 \
    || abort "restoring the dump with pg_dump | psql"
ok "pg_dump | psql into a fresh database"

# fingerprint DB: one line per table (rows and md5 of the rows in text
# order) and per sequence (its position).  A registered table's rows are
# those pg_dump keeps (its filter, e.g. WHERE NOT seeded: the seeded rows
# come from CREATE EXTENSION and may carry their own timestamps); an
# unregistered (definition) table is compared whole.
fingerprint() {
    sql "$1" <<'SQL'
SELECT CASE c.relkind
           -- period.results_stamp counts the statements that wrote a
           -- period's results (trigger result_stamp): the restore's COPY
           -- into result is one more, which only makes the quarters'
           -- stored roll-up states stale (a year then reads its months)
           WHEN 'r' THEN format($f$SELECT %L, 'r', count(*) || ' ' || coalesce(md5(string_agg(%s, E'\n' ORDER BY %s)), '-') FROM %s AS t %s$f$,
                                c.relname,
                                CASE c.relname WHEN 'period' THEN $c$(to_jsonb(t) - 'results_stamp')::text$c$ ELSE 't::text' END,
                                CASE c.relname WHEN 'period' THEN $c$(to_jsonb(t) - 'results_stamp')::text$c$ ELSE 't::text' END,
                                c.oid::regclass, coalesce(x.cond, ''))
           ELSE format($f$SELECT %L, 'S', last_value || '/' || is_called FROM %s$f$, c.relname, c.oid::regclass)
       END
FROM pg_class c
LEFT JOIN (SELECT u.oid, u.cond FROM pg_extension e, unnest(e.extconfig, e.extcondition) AS u(oid, cond)
           WHERE e.extname = 'perfeval') AS x ON x.oid = c.oid
WHERE c.relnamespace = 'perfeval'::regnamespace AND c.relkind IN ('r', 'S')
ORDER BY c.relname
\gexec
SQL
}
a=$(fingerprint "$src") || abort "fingerprinting $src"
b=$(fingerprint "$dst") || abort "fingerprinting $dst"
n=$(echo "$a" | awk -F'|' '$2 == "r"' | wc -l)
s=$(echo "$a" | awk -F'|' '$2 == "S"' | wc -l)
if [ "$a" = "$b" ]; then
    ok "the rows of $n tables and the positions of $s sequences are identical after the restore"
else
    bad "tables differ after pg_dump | psql (table|kind|rows md5, source < > restored):"
    diff <(echo "$a") <(echo "$b")
fi

# every table and sequence is registered for pg_dump, except the definition tables
registered=$(sql "$src" -c "SELECT c.relname FROM pg_class c
    WHERE c.relnamespace = 'perfeval'::regnamespace AND c.relkind IN ('r', 'S')
      AND c.oid = ANY ((SELECT extconfig FROM pg_extension WHERE extname = 'perfeval')::oid[]) ORDER BY 1")
unregistered=$(sql "$src" -c "SELECT c.relname FROM pg_class c
    WHERE c.relnamespace = 'perfeval'::regnamespace AND c.relkind IN ('r', 'S')
      AND c.oid <> ALL ((SELECT extconfig FROM pg_extension WHERE extname = 'perfeval')::oid[]) ORDER BY 1")
missing=$(comm -23 <(echo "$unregistered" | grep . | sort) <(tr ' ' '\n' <<<"$definition_tables" | sort) | tr '\n' ' ')
if [ -z "$missing" ]; then
    ok "every user table and sequence is registered with pg_extension_config_dump"
else
    bad "not registered with pg_extension_config_dump (pg_dump would lose their rows): $missing"
fi
wrongly=$(comm -12 <(echo "$registered" | sort) <(tr ' ' '\n' <<<"$definition_tables" | sort) | tr '\n' ' ')
if [ -z "$wrongly" ]; then
    ok "the definition tables ($definition_tables) are not dumped: CREATE EXTENSION recreates them"
else
    bad "definition tables registered for pg_dump (a restore would duplicate them): $wrongly"
fi

# every registered table had user rows to compare
empty=$(echo "$a" | awk -F'|' -v defs=" $definition_tables " '$2 == "r" && $3 ~ /^0 / && index(defs, " " $1 " ") == 0 {print $1}' | tr '\n' ' ')
if [ -z "$empty" ]; then
    ok "every user table had user rows to compare"
else
    bad "no user rows to compare in: $empty(add some to test/dump_restore/data.sql)"
fi

# the restored database behaves like the original
refused() {     # refused DB SQLSTATE SQL: the statement fails with SQLSTATE
    local out
    out=$(psql -X -q -d "$1" -v ON_ERROR_STOP=1 -v VERBOSITY=verbose -c "$3" 2>&1)
    [ $? -ne 0 ] && grep -q "ERROR:  $2" <<<"$out"
}
jan=$(sql "$dst" -c "SELECT perfeval.period_of('month', '2025-01-01')")
if [ "$(sql "$dst" -c "SELECT state FROM perfeval.period WHERE id = $jan")" = approved ] \
   && refused "$dst" 55000 "DELETE FROM perfeval.result WHERE period_id = $jan"; then
    ok "restored approved results stay locked (H-3.2.7: DELETE raises 55000)"
else
    bad "restored approved results could be deleted, or January 2025 is not approved"
fi
events=$(sql "$dst" -c "SELECT count(*) FROM perfeval.appeal_event")
if [ "${events:-0}" -gt 0 ] \
   && refused "$dst" 55000 "DELETE FROM perfeval.appeal_event" \
   && refused "$dst" 55000 "UPDATE perfeval.appeal_event SET note = 'x'"; then
    ok "the restored appeal_event ($events events) stays append-only (H-8.3.3: DELETE and UPDATE raise 55000)"
else
    bad "the restored appeal_event is empty or could be changed"
fi
defs_ok=true
for t in $definition_tables $definition_views; do
    refused "$dst" 55000 "DELETE FROM perfeval.$t" || defs_ok=false
    refused "$dst" 55000 "UPDATE perfeval.$t SET rule_id = rule_id" || defs_ok=false
done
if $defs_ok; then
    ok "the restored definition tables ($definition_tables) and their views ($definition_views) refuse DELETE and UPDATE (55000)"
else
    bad "a restored definition table ($definition_tables) could be changed"
fi

# calendars: the shipped rows a DBA changed are merged into the re-seeded
# ones (an INSERT of a shipped key updates it), so every row, shipped or
# not, is the same; and the calendar functions answer the same
calendar_snap() {
    sql "$1" -c "
      SELECT x FROM (
        SELECT format('%s|%s|%s|%s|%s|%s|%s|%s', name, working_weekdays, time_zone, valid_from, official_to, valid_to, description, shipped) AS x
          FROM perfeval.calendar
        UNION ALL
        SELECT format('%s|%s|%s|%s|%s|%s', calendar, day, kind, name, projected, shipped) FROM perfeval.calendar_day) s ORDER BY x"
}
ca=$(calendar_snap "$src")
cb=$(calendar_snap "$dst")
if [ -n "$cb" ] && [ "$ca" = "$cb" ] && grep -q '^cn|.*|2027-12-31|2035-12-31|' <<<"$cb" \
   && grep -q '^cn|2025-10-06|holiday|Mid-autumn Festival / 中秋节 (checked)|f|f$' <<<"$cb" \
   && grep -q '^cn|2026-05-05|holiday|Labour Day / 劳动节 (checked)|f|f$' <<<"$cb" \
   && grep -q '^cn|2027-02-20|workday|' <<<"$cb" && grep -q '^site_b|' <<<"$cb"; then
    ok "calendars: all $(wc -l <<<"$cb") rows equal; the loaded 2027 notice (official_to, its rows replacing the projected ones) and the corrected shipped rows merged"
else
    bad "calendar rows differ after the restore, or a DBA change was lost:"
    diff <(echo "$ca") <(echo "$cb") | head -20
fi
calq="SELECT perfeval.workday('2026-12-30', 3), perfeval.is_workday('2027-02-20'),
             perfeval.networkdays('2025-03-01', '2025-03-31', 'site_b'),
             perfeval.networkdays('2025-07-01', '2025-07-31', 'test-hk'),
             perfeval.networkdays('2025-10-01', '2025-10-31')"
qa=$(sql "$src" -c "$calq")
qb=$(sql "$dst" -c "$calq")
if [ -n "$qb" ] && [ "$qa" = "$qb" ]; then
    ok "calendar computations on the restored database give the same answers ($qb)"
else
    bad "calendar computations differ: $qa vs $qb"
fi

if [ $status -eq 0 ]; then
    psql -X -q -d postgres -c "DROP DATABASE $src" -c "DROP DATABASE $dst" >/dev/null 2>&1
    echo "dump_restore: PASS"
else
    echo "dump_restore: FAIL (see the lines above)"
fi
exit $status
