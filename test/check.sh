#!/usr/bin/env bash
# Runs every test of perfeval and exits non-zero on any failure:
# pg_regress (sql/ + expected/), isolation specs (test/isolation/) and the
# pgTAP suites (test/pgtap/, run by pg_prove), in a throw-away cluster.
# As root on Debian 12 it installs what it needs with apt-get first.
set -euo pipefail
cd "$(dirname "$0")/.."
. test/lib.sh
pe_install_deps
/usr/bin/python3 test/lint/extschema_quotes.py src/sql/*.sql
/usr/bin/python3 test/lint/handbook_ids.py
/usr/bin/python3 test/lint/qualified_calls.py --allow test/lint/qualified_calls.allow src/sql/*.sql
pe_build
# The suites report their status through a file rather than the exit code,
# so that pg_virtualenv neither dumps the server log after the summary nor
# hides a failure; its own "Creating/Dropping cluster" lines are dropped, so
# the pg_prove summary is the last thing printed.
export PE_STATUS_FILE
PE_STATUS_FILE=$(mktemp)
trap 'rm -f "$PE_STATUS_FILE"' EXIT
echo 1 > "$PE_STATUS_FILE"
pg_virtualenv -v 15 -o 'max_worker_processes=8' bash test/check-in-cluster.sh |
    grep -v -e '^Creating new PostgreSQL cluster' -e '^Dropping cluster'
exit "$(cat "$PE_STATUS_FILE")"
