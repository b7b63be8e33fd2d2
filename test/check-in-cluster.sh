#!/usr/bin/env bash
# The test run proper, inside pg_virtualenv (PGHOST, PGPORT, PGUSER set).
set -uo pipefail
cd "$(dirname "$0")/.."
status=0

echo "== pg_regress and isolation (make installcheck)"
if ! make -s installcheck; then
    status=1
    for f in regression.diffs test/isolation/output_iso/regression.diffs; do
        [ -f "$f" ] && { echo "== $f"; cat "$f"; }
    done
fi

python3 test/oracle/busday_oracle.py || status=1
python3 test/oracle/deadline_zones.py || status=1
python3 test/oracle/workhours_oracle.py || status=1
echo "== pg_dump round trip (test/dump_restore.sh)"
bash test/dump_restore.sh || status=1
echo "== fault test: kill -9 and immediate shutdown mid-step (test/fault/fault.sh)"
bash test/fault/fault.sh || status=1

echo "== doc test: the examples of README.md and docs/ (test/doctest.py)"
/usr/bin/python3 test/doctest.py || status=1

echo "== reference: docs/reference.md from the catalog, a COMMENT on every object (test/docs/check_reference.sh)"
bash test/docs/check_reference.sh || status=1

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

echo "== pgTAP (pg_prove; fdw_pushdown.sql is the postgres_fdw loopback test)"
psql -X -q -d postgres -c 'DROP DATABASE IF EXISTS perfeval_tap' -c 'CREATE DATABASE perfeval_tap'
psql -X -q -d perfeval_tap -c 'CREATE EXTENSION pgtap'
pg_prove -d perfeval_tap --ext .sql -r test/pgtap || status=1

# test/check.sh reads the status from PE_STATUS_FILE (when run by hand, the
# exit code tells)
[ -n "${PE_STATUS_FILE:-}" ] && echo "$status" > "$PE_STATUS_FILE" && exit 0
exit $status
