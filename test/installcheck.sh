#!/usr/bin/env bash
# test/installcheck.sh — what `make installcheck` runs: every suite that
# needs neither root nor a throw-away cluster, against the running server
# that PGHOST/PGPORT/PGUSER (libpq's usual environment) name, with the
# extension installed (`make install`) and a superuser connection (as root,
# PGUSER=postgres).  In this order:
#   pg_regress and isolation (make installcheck-regress, PGXS), the lints
#   (test/lint/), the calendar, deadline-zone and work-hours oracles (test/oracle/), the
#   pg_dump round trip, the doc test, the reference check, and last the
#   pgTAP suites (pg_prove into the scratch database perfeval_tap).
# Each suite makes and drops scratch databases of its own (contrib_regression,
# isolation_regression, perfeval_tap, perfeval_dump_*, perfeval_doctest_*,
# perfeval_reference, the oracles'); nothing else in the cluster is touched.
# The suites that need more are run by test/check-in-cluster.sh only: the
# fault test (a cluster of its own it crashes), the upgrade test (writes to
# the server's extension directory), the client tests (TCP; a cluster of
# their own when none listens) and the install attack (cluster-wide roles).
# Runs every suite whatever the earlier ones gave; exit 1 if any failed.
set -uo pipefail
cd "$(dirname "$0")/.."
status=0

echo "== pg_regress and isolation (make installcheck-regress)"
if ! ${MAKE:-make} -s --no-print-directory installcheck-regress; then
    status=1
    for f in regression.diffs test/isolation/output_iso/regression.diffs; do
        [ -f "$f" ] && { echo "== $f"; cat "$f"; }
    done
fi

echo "== lints: @extschema@ quoting, handbook ids, qualified calls (test/lint/)"
/usr/bin/python3 test/lint/extschema_quotes.py src/sql/*.sql || status=1
/usr/bin/python3 test/lint/handbook_ids.py || status=1
/usr/bin/python3 test/lint/qualified_calls.py --allow test/lint/qualified_calls.allow src/sql/*.sql || status=1

echo "== oracles: business days against numpy, deadline at every local-midnight transition, work hours minute by minute (test/oracle/)"
/usr/bin/python3 test/oracle/busday_oracle.py || status=1
/usr/bin/python3 test/oracle/deadline_zones.py || status=1
/usr/bin/python3 test/oracle/workhours_oracle.py || status=1

echo "== pg_dump round trip (test/dump_restore.sh)"
bash test/dump_restore.sh || status=1

echo "== doc test: the examples of README.md and docs/ (test/doctest.py)"
/usr/bin/python3 test/doctest.py || status=1

echo "== reference: docs/reference.md from the catalog, a COMMENT on every object (test/docs/check_reference.sh)"
bash test/docs/check_reference.sh || status=1

echo "== pgTAP (pg_prove into the scratch database perfeval_tap)"
if psql -X -q -v ON_ERROR_STOP=1 -d postgres -c 'SET client_min_messages = warning' \
        -c 'DROP DATABASE IF EXISTS perfeval_tap' -c 'CREATE DATABASE perfeval_tap' \
   && psql -X -q -v ON_ERROR_STOP=1 -d perfeval_tap -c 'CREATE EXTENSION pgtap'; then
    pg_prove -d perfeval_tap --ext .sql -r test/pgtap || status=1
    psql -X -q -d postgres -c 'DROP DATABASE IF EXISTS perfeval_tap' >/dev/null 2>&1
else
    echo "FAIL pgTAP: cannot create the database perfeval_tap with the pgtap extension (postgresql-15-pgtap)"
    status=1
fi
exit $status
