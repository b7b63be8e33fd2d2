#!/usr/bin/env bash
# Runs every test of perfeval and exits non-zero on any failure, in a
# throw-away cluster: test/check-in-cluster.sh (the fault, upgrade, client
# and install-attack tests, then `make installcheck`: pg_regress, isolation,
# lints, oracles, pg_dump round trip, doc test, reference check, pgTAP).
# As root on Debian 12 it installs what it needs with apt-get first.
set -euo pipefail
cd "$(dirname "$0")/.."
. test/lib.sh
pe_install_deps
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
