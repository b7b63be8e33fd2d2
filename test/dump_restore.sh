#!/usr/bin/env bash
# pg_dump round trip (issue 4 item 14): a database with perfeval and user
# data in every user table is dumped and restored into a fresh database;
# every table of the extension must hold the same rows afterwards (md5 of
# the ordered rows, per table) and every sequence the same position.
# Runs inside pg_virtualenv (test/check-in-cluster.sh); prints one
# PASS/FAIL line and exits non-zero on a difference.
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

# one line per table (rows and md5 of the rows in text order) and per
# sequence (position), generated with \gexec
fingerprint() {
    psql -X -At -v ON_ERROR_STOP=1 -d "$1" <<'SQL'
SELECT CASE c.relkind
           WHEN 'r' THEN format($f$SELECT %L, 'r', count(*) || ' ' || coalesce(md5(string_agg(t::text, E'\n' ORDER BY t::text)), '-') FROM %s AS t$f$,
                                c.relname, c.oid::regclass)
           ELSE format($f$SELECT %L, 'S', last_value || '/' || is_called FROM %s$f$, c.relname, c.oid::regclass)
       END
FROM pg_class c
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
# every user table must have had rows to compare
empty=$(echo "$a" | awk -F'|' '$2 == "r" && $3 ~ /^0 / {print $1}' | tr '\n' ' ')
if [ -n "$empty" ]; then
    echo "dump_restore: FAIL: no rows to compare in: $empty(add them to test/dump_restore/data.sql)"
    exit 1
fi
n=$(echo "$a" | awk -F'|' '$2 == "r"' | wc -l)
echo "dump_restore: PASS: $n tables and their sequences identical after pg_dump | psql into a fresh database"
psql -X -q -d postgres -c "DROP DATABASE $src" -c "DROP DATABASE $dst" >/dev/null 2>&1
exit 0
