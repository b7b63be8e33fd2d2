#!/usr/bin/env bash
# Memory check: runs the pg_regress suite and the pgTAP suites against a
# server started under valgrind memcheck, then fails if any valgrind error
# has a perfeval frame in its stack.  Not part of test/check.sh (it takes
# several minutes); run it as root on Debian 12:  bash test/valgrind.sh
# (or bash test/valgrind.sh test/pgtap/FILE.sql ... for those files only)
#
# PostgreSQL from Debian is not built with USE_VALGRIND, so memcheck cannot
# see overruns inside palloc'd blocks; it does see reads of uninitialised
# memory, invalid reads and writes of malloc'd memory and bad frees, which
# is what a C extension most often gets wrong.  Errors wholly inside the
# server (writes of padding bytes to disk and the like) are not ours and are
# only counted.
set -euo pipefail
cd "$(dirname "$0")/.."
. test/lib.sh
pe_install_deps
command -v valgrind >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq valgrind >/dev/null; }
pe_build

bin=$(pg_config --bindir)
work=$(mktemp -d /tmp/perfeval-vg.XXXXXX)
chown postgres "$work"
port=5499
export PGHOST=$work PGPORT=$port PGUSER=postgres
su postgres -c "$bin/initdb -D $work/data -A trust -U postgres >/dev/null"
su postgres -c "valgrind --quiet --trace-children=yes --num-callers=30 \
    --error-markers=VGERROR-BEGIN,VGERROR-END --log-file=$work/vg.%p.log \
    $bin/postgres -D $work/data -k $work -p $port -c listen_addresses= \
    -c max_parallel_workers_per_gather=0 -c jit=off" &
for i in $(seq 1 120); do
    pg_isready -q -h "$work" -p $port && break
    sleep 1
done
stop() { su postgres -c "$bin/pg_ctl -D $work/data -m fast stop" >/dev/null 2>&1 || true; }
trap stop EXIT

status=0
# with arguments, only those pgTAP files (e.g. after a change in one room)
if [ $# -eq 0 ]; then
    make -s installcheck REGRESS_OPTS="--load-extension=perfeval --host=$work --port=$port" ISOLATION= || status=1
    set -- -r test/pgtap
fi
psql -X -q -d postgres -c 'CREATE DATABASE perfeval_vg'
psql -X -q -d perfeval_vg -c 'CREATE EXTENSION pgtap'
PGOPTIONS='-c perfeval_test.hostile_timeout=180s' pg_prove -d perfeval_vg --ext .sql "$@" || status=1
stop
trap - EXIT

ours=$( (grep -l 'perfeval\.so' "$work"/vg.*.log 2>/dev/null || true) | wc -l)
all=$( (grep -h 'VGERROR-BEGIN' "$work"/vg.*.log 2>/dev/null || true) | wc -l)
if [ "$ours" -gt 0 ]; then
    echo "valgrind: FAIL: errors with a perfeval frame in:"
    grep -l 'perfeval\.so' "$work"/vg.*.log
    status=1
else
    echo "valgrind: ok: no error with a perfeval frame ($all errors wholly inside the server; logs in $work)"
fi
exit $status
