#!/usr/bin/env bash
# The post-1.0 files as an upgrade (issue 15's release rule): builds a "1.0"
# from src/sql/00_ .. 69_ and an upgrade script from the files numbered 70
# and up, installs the 1.0 with the demo's data, runs ALTER EXTENSION
# perfeval UPDATE, and compares the catalog fingerprint
# (test/upgrade/catalog.sql) with a fresh install of the whole tree: the new
# files must run unchanged both ways.  Run inside a test cluster, e.g.
#   /work/pgenv/run.sh $H $PWD bash test/upgrade/post10_as_upgrade.sh
# Prints ok/FAIL; removes the scripts it made.
set -uo pipefail
cd "$(dirname "$0")/../.."
ext=$(pg_config --sharedir)/extension
cur=$(sed -n "s/^default_version = '\(.*\)'/\1/p" perfeval.control)
old="${cur}.pre"
status=0
trap 'rm -f "$ext/perfeval--$old.sql" "$ext/perfeval--$old--$cur.sql"; psql -X -q -d postgres -c "DROP DATABASE IF EXISTS pe_post10_a" -c "DROP DATABASE IF EXISTS pe_post10_b" >/dev/null 2>&1' EXIT
cat $(ls src/sql/*.sql | grep -E '/[0-6][0-9]_') > "$ext/perfeval--$old.sql"
{ echo '\echo Use "ALTER EXTENSION perfeval UPDATE" to load this file. \quit'
  cat $(ls src/sql/*.sql | grep -Ev '/[0-6][0-9]_'); } > "$ext/perfeval--$old--$cur.sql"
psql -X -q -d postgres -c 'DROP DATABASE IF EXISTS pe_post10_a' -c 'DROP DATABASE IF EXISTS pe_post10_b' \
     -c 'CREATE DATABASE pe_post10_a' -c 'CREATE DATABASE pe_post10_b' 2>/dev/null
psql -X -q -d pe_post10_a -v ON_ERROR_STOP=1 -c "CREATE EXTENSION perfeval VERSION '$old'" -f test/demo/demo.sql >/dev/null 2>&1 \
    || { echo "post10_as_upgrade: FAIL - installing $old with the demo"; status=1; }
psql -X -q -d pe_post10_a -v ON_ERROR_STOP=1 -c "ALTER EXTENSION perfeval UPDATE TO '$cur'" \
    || { echo "post10_as_upgrade: FAIL - ALTER EXTENSION perfeval UPDATE TO '$cur'"; status=1; }
psql -X -q -d pe_post10_b -v ON_ERROR_STOP=1 -c 'CREATE EXTENSION perfeval' || status=1
a=$(psql -X -q -d pe_post10_a -f test/upgrade/catalog.sql 2>&1)
b=$(psql -X -q -d pe_post10_b -f test/upgrade/catalog.sql 2>&1)
if [ "$a" = "$b" ]; then
    echo "post10_as_upgrade: ok - 00-69 + ALTER EXTENSION UPDATE (the files from 70 on) equals a fresh install ($(echo "$a" | wc -l) properties)"
else
    echo "post10_as_upgrade: FAIL - the upgraded catalog differs from a fresh install:"
    diff <(echo "$a") <(echo "$b") | head -40
    status=1
fi
exit $status
