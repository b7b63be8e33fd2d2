#!/usr/bin/env bash
# The test run proper, inside pg_virtualenv (PGHOST, PGPORT, PGUSER set):
# first the suites that need more than a running server (a cluster of their
# own, root, TCP, cluster-wide roles), then `make installcheck`
# (test/installcheck.sh: pg_regress, isolation, lints, oracles, pg_dump
# round trip, doc test, reference check, pgTAP), each suite exactly once.
set -uo pipefail
cd "$(dirname "$0")/.."
status=0

echo "== fault test: kill -9 and immediate shutdown mid-step (test/fault/fault.sh)"
bash test/fault/fault.sh || status=1

echo "== upgrade: ALTER EXTENSION perfeval UPDATE vs a fresh install (test/upgrade.sh)"
bash test/upgrade.sh || status=1

echo "== clients: psycopg2 and JDBC on the documented path (test/clients/run.sh)"
bash test/clients/run.sh || status=1

echo "== report in headless Chromium: report_html rendered and checked (test/report/check_report.sh)"
bash test/report/check_report.sh || status=1

echo "== install attack (test/attack/install_attack.sh)"
bash test/attack/install_attack.sh || status=1

echo "== Citus: a coordinator and two workers on loopback (test/citus/run.sh; skips in one line without the vendored tarball)"
bash test/citus/run.sh || status=1

echo "== make installcheck (test/installcheck.sh)"
make -s --no-print-directory installcheck || status=1

# test/check.sh reads the status from PE_STATUS_FILE (when run by hand, the
# exit code tells)
[ -n "${PE_STATUS_FILE:-}" ] && echo "$status" > "$PE_STATUS_FILE" && exit 0
exit $status
