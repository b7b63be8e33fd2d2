#!/usr/bin/env bash
# The reference check (issue 12, documentation that cannot drift):
# docs/reference.md must be exactly what test/docs/make_reference.py writes
# from a fresh CREATE EXTENSION perfeval, and every object of the extension
# must have a COMMENT (the generator fails, listing them, when one lacks it).
#
# Runs inside the test cluster (test/check-in-cluster.sh; PGHOST, PGPORT,
# PGUSER set); makes and drops the database perfeval_reference; prints one
# ok/FAIL line and exits non-zero on a failure.
set -uo pipefail
cd "$(dirname "$0")/../.."
db=perfeval_reference
out=$(mktemp)
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"
trap 'rm -f "$out"; psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1' EXIT

if ! psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" \
     || ! psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c 'CREATE EXTENSION perfeval'; then
    echo "reference: FAIL - cannot create database $db with the extension"
    exit 1
fi
if ! PGDATABASE=$db python3 test/docs/make_reference.py -o "$out"; then
    echo "reference: FAIL - test/docs/make_reference.py failed (above: the objects without a COMMENT;"
    echo "  add each COMMENT next to its object in src/sql/*.sql)"
    exit 1
fi
if ! diff -u docs/reference.md "$out" --label docs/reference.md --label 'make_reference.py output'; then
    echo "reference: FAIL - docs/reference.md differs from the catalog (diff above);"
    echo "  run \`python3 test/docs/make_reference.py > docs/reference.md\` in a database with"
    echo "  CREATE EXTENSION perfeval and commit the result"
    exit 1
fi
echo "reference: ok - docs/reference.md matches the catalog, and every object has a COMMENT"
