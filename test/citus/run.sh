#!/usr/bin/env bash
# The distributed test (issue 13): perfeval on a real Citus 13.2.2 cluster,
# a coordinator and two workers on loopback (ports ${PE_CITUS_PORT:-5461}
# to +2), with the PostgreSQL of $PG_CONFIG (the test cluster's).
#   - builds Citus from ../shared/vendor/citus-13.2.2.tar.gz (cached, see
#     build.sh); where the tarball is absent it says so in one line and
#     exits 0 without running anything (never a silent pass);
#   - distributes an event table by agent_id and checks that the derivation
#     runs in the worker tasks (EXPLAIN) and gives the single-node answer on
#     the same data (0 mismatches), also after a calendar change made on the
#     coordinator (the compiled clock travels with the query);
#   - perfeval's own schema stays on the coordinator and keeps working
#     there: derive_measurements writes the measurements through
#     import_measurements on the coordinator.
# Run as root inside the test cluster's environment, e.g.
#   /work/pgenv/run.sh h6 /work/wt/h6 bash test/citus/run.sh
set -uo pipefail
cd "$(dirname "$0")/../.."
here=test/citus
bash $here/build.sh
rc=$?
if [ $rc -eq 2 ]; then
    echo "citus: SKIPPED: the vendored citus-13.2.2.tar.gz is absent (../shared/vendor or \$PE_CITUS_VENDOR), the distributed tests did not run"
    exit 0
elif [ $rc -ne 0 ]; then
    echo "citus: FAIL: the Citus build failed"; exit 1
fi

bin=$(${PG_CONFIG:-pg_config} --bindir)
p0=${PE_CITUS_PORT:-5461}
ports=($p0 $((p0 + 1)) $((p0 + 2)))
base=$(mktemp -d /tmp/pe-citus.XXXX); chown postgres "$base"
cleanup() {
    for i in 0 1 2; do
        su postgres -c "$bin/pg_ctl -D $base/n$i -m immediate stop" >/dev/null 2>&1
    done
    rm -rf "$base"
}
trap cleanup EXIT
for i in 0 1 2; do
    su postgres -c "$bin/initdb -D $base/n$i -A trust -U postgres" >/dev/null || { echo "citus: FAIL: initdb"; exit 1; }
    su postgres -c "$bin/pg_ctl -D $base/n$i -l $base/n$i.log -w -o \"-p ${ports[$i]} -k $base -c listen_addresses=127.0.0.1 -c shared_preload_libraries=citus -c max_worker_processes=8 -c max_connections=60\" start" >/dev/null ||
        { echo "citus: FAIL: node $i did not start"; cat "$base/n$i.log"; exit 1; }
done
q() { local port=$1; shift; psql -X -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 "$@"; }
for i in 0 1 2; do q ${ports[$i]} -c 'CREATE EXTENSION citus' || exit 1; done
q $p0 -c "SELECT citus_set_coordinator_host('127.0.0.1', $p0)" \
      -c "SELECT citus_add_node('127.0.0.1', ${ports[1]})" -c "SELECT citus_add_node('127.0.0.1', ${ports[2]})" >/dev/null || exit 1

out=$(q $p0 -A -t -f "${PE_CITUS_SQL:-$here/distributed.sql}" 2>&1)
rc=$?
echo "$out" | grep -E '^(ok|not ok|#)' || true
if [ $rc -ne 0 ] || echo "$out" | grep -q '^not ok' || ! echo "$out" | grep -q '^# done'; then
    echo "citus: FAIL"
    echo "$out" | grep -E "ERROR|^not ok" | head -5; echo "$out" | tail -30
    exit 1
fi
n=$(echo "$out" | grep -c '^ok')
if [ "$n" -gt 0 ]; then echo "citus: ok ($n checks on a coordinator and 2 workers)"; else echo "citus: done (${PE_CITUS_SQL:-})"; fi
