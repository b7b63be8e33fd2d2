#!/usr/bin/env bash
# pg_dump round trip (issue 4 item 14): a database with perfeval and user
# data in every user table (test/dump_restore/data.sql) is dumped and
# restored into a fresh database; every table of the extension must then
# hold the same rows (md5 of the ordered rows, per table) and every
# sequence the same position.  Runs inside pg_virtualenv (called by
# test/check-in-cluster.sh); prints one PASS/FAIL line and exits non-zero
# on a difference.
set -uo pipefail
cd "$(dirname "$0")/.."
src=perfeval_dump_src
dst=perfeval_dump_dst
log=$(mktemp)
trap 'rm -f "$log"' EXIT

fail() { echo "dump_restore: FAIL: $*"; sed -n 1,40p "$log"; exit 1; }

echo "== pg_dump and restore into a fresh database"
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $src" -c "DROP DATABASE IF EXISTS $dst" \
     -c "CREATE DATABASE $src" -c "CREATE DATABASE $dst" >"$log" 2>&1 || fail "cannot create the databases"
psql -X -q -v ON_ERROR_STOP=1 -d "$src" -f test/dump_restore/data.sql >"$log" 2>&1 || fail "loading test/dump_restore/data.sql"
pg_dump -d "$src" 2>"$log" | psql -X -q -v ON_ERROR_STOP=1 -d "$dst" >>"$log" 2>&1 || fail "restoring the dump"

# fingerprint DB: one line per table (rows and md5 of the rows in text
# order) and per sequence (its position).  A table's rows are those pg_dump
# keeps (its pg_extension_config_dump filter, e.g. WHERE NOT seeded): the
# seeded rows come from CREATE EXTENSION and carry their own timestamps.
fingerprint() {
    psql -X -At -v ON_ERROR_STOP=1 -d "$1" <<'SQL'
SELECT CASE c.relkind
           WHEN 'r' THEN format($f$SELECT %L, 'r', count(*) || ' ' || coalesce(md5(string_agg(t::text, E'\n' ORDER BY t::text)), '-') FROM %s AS t %s$f$,
                                c.relname, c.oid::regclass, coalesce(x.cond, ''))
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
a=$(fingerprint "$src" 2>>"$log") || fail "fingerprinting $src"
b=$(fingerprint "$dst" 2>>"$log") || fail "fingerprinting $dst"
if [ "$a" != "$b" ]; then
    echo "dump_restore: FAIL: tables differ after pg_dump | psql (table|kind|rows md5, source < > restored):"
    diff <(echo "$a") <(echo "$b")
    exit 1
fi
# every table and sequence must be registered for pg_dump
unregistered=$(psql -X -At -d "$src" -c "SELECT string_agg(c.relname, ' ' ORDER BY c.relname) FROM pg_class c
    WHERE c.relnamespace = 'perfeval'::regnamespace AND c.relkind IN ('r', 'S')
      AND c.oid <> ALL ((SELECT extconfig FROM pg_extension WHERE extname = 'perfeval')::oid[])" 2>>"$log")
if [ -n "$unregistered" ]; then
    echo "dump_restore: FAIL: not registered with pg_extension_config_dump (pg_dump would lose their rows): $unregistered"
    exit 1
fi
# every table must have had user rows to compare
empty=$(echo "$a" | awk -F'|' '$2 == "r" && $3 ~ /^0 / {print $1}' | tr '\n' ' ')
if [ -n "$empty" ]; then
    echo "dump_restore: FAIL: no user rows to compare in: $empty(add some to test/dump_restore/data.sql)"
    exit 1
fi
n=$(echo "$a" | awk -F'|' '$2 == "r"' | wc -l)
s=$(echo "$a" | awk -F'|' '$2 == "S"' | wc -l)
echo "dump_restore: PASS: the user rows of $n tables and the positions of $s sequences are identical after pg_dump | psql into a fresh database"
psql -X -q -d postgres -c "DROP DATABASE $src" -c "DROP DATABASE $dst" >/dev/null 2>&1
exit 0
