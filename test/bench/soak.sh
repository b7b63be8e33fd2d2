#!/usr/bin/env bash
# test/bench/soak.sh — the soak run (issue 10 What 4; not part of the
# pass/fail test run).  Inside an existing cluster (PGHOST/PGPORT set, a
# unix socket or loopback only), e.g.
#   pg_virtualenv bash test/bench/soak.sh
# it creates the database perfeval_soak (test/bench/soak/setup.sql), then
# runs pgbench for SOAK_SECONDS (default 60) per isolation level, READ
# COMMITTED and REPEATABLE READ, with SOAK_CLIENTS clients (default 8)
# mixing imports (weight 4), evaluations (2), approvals (1), appeal steps
# (3) and reads (4).  Every step runs through soak.run, which catches an
# error and logs its SQLSTATE, so no client stops.  Prints the
# transactions, the outcome of each kind of step by SQLSTATE, and the
# invariants (test/bench/soak/invariants.sql); exits 1 if one is violated.
set -euo pipefail
cd "$(dirname "$0")"
secs=${SOAK_SECONDS:-60}
clients=${SOAK_CLIENTS:-8}
db=perfeval_soak
case "${PGHOST:-/}" in
    /*|localhost|127.0.0.1|::1) ;;
    *) echo "soak: PGHOST=$PGHOST is not local; run it against a throw-away local cluster" >&2; exit 2 ;;
esac
psql -X -q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
psql -X -q -d $db -f soak/setup.sql >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for k in import evaluate approve appeal read; do
    echo "SELECT soak.run('$k');" > "$work/$k.sql"
done
echo "soak: $clients clients, ${secs} s per isolation level, $(psql -X -At -d $db -c 'SELECT count(*) FROM perfeval.agent') agents"
for level in "read committed" "repeatable read"; do
    phase=${level// /_}
    PGOPTIONS="-c default_transaction_isolation=${level// /\\ } -c soak.phase=$phase" \
        pgbench -n -c "$clients" -j "$clients" -T "$secs" -d $db \
        -f "$work/import.sql@4" -f "$work/evaluate.sql@2" -f "$work/approve.sql@1" \
        -f "$work/appeal.sql@3" -f "$work/read.sql@4" >"$work/pgbench-$phase.out" 2>&1 || {
            echo "soak: pgbench failed at $level"; cat "$work/pgbench-$phase.out"; exit 1; }
    echo "== $level: $(grep -E '^number of transactions actually processed' "$work/pgbench-$phase.out" | sed 's/.*: //') transactions," \
         "$(grep -E '^number of failed transactions' "$work/pgbench-$phase.out" | sed 's/.*: //' || echo '0') failed in pgbench," \
         "$(grep -E '^tps' "$work/pgbench-$phase.out" | sed 's/ (without.*//')"
    psql -X -d $db -c "SELECT kind AS step, sqlstate, count(*) AS n, min(message) AS example
                       FROM soak.log WHERE phase = '$phase' GROUP BY 1, 2 ORDER BY 1, 2"
done
echo "== state after the run"
psql -X -At -d $db -c "SELECT format('%s measurements, %s history rows, %s quarantined, %s results, %s appeals (%s events), approved months: %s',
                         (SELECT count(*) FROM perfeval.measurement), (SELECT count(*) FROM perfeval.measurement_history),
                         (SELECT count(*) FROM perfeval.measurement_quarantine), (SELECT count(*) FROM perfeval.result),
                         (SELECT count(*) FROM perfeval.appeal), (SELECT count(*) FROM perfeval.appeal_event),
                         (SELECT string_agg(to_char(starts_on, 'YYYY-MM'), ' ' ORDER BY starts_on) FROM perfeval.period WHERE state = 'approved'))"
echo "== invariants"
psql -X -q -d $db -f soak/invariants.sql | tee "$work/inv.out"
if grep -q VIOLATED "$work/inv.out"; then echo "soak: invariants violated"; exit 1; fi
echo "soak: no invariant violated"
