#!/usr/bin/env bash
# Runs benchmarks of perfeval (not part of the pass/fail test run):
#   bash test/bench/run.sh            every test/bench/*.sql
#   bash test/bench/run.sh score      test/bench/score.sql only
# Installs what is missing (as root on Debian 12), builds and installs the
# extension, then runs each benchmark with psql in a throw-away cluster
# (pg_virtualenv, shared_buffers 1GB so that the 10M-row tables stay cached).
# Figures depend on the machine: run it on a quiet one, and compare the
# printed ratios rather than the times.
set -euo pipefail
cd "$(dirname "$0")/../.."
. test/lib.sh
pe_install_deps
# make install writes the shared system location: hold the team's lock for
# the build and install only (harmless where nobody else uses it)
flock /tmp/perfeval.lock bash -c '. test/lib.sh && pe_build'

benches=()
if [ $# -eq 0 ]; then
    for f in test/bench/*.sql; do benches+=("$f"); done
else
    for b in "$@"; do benches+=("test/bench/${b%.sql}.sql"); done
fi

exec pg_virtualenv -v 15 -o 'shared_buffers=1GB' -o 'max_worker_processes=8' \
    bash -c 'set -e
        psql -X -q -d postgres -c "CREATE EXTENSION perfeval"
        for f in "$@"; do
            echo "=== $f"
            psql -X -q -d postgres -v ON_ERROR_STOP=1 -f "$f"
        done' bench "${benches[@]}"
