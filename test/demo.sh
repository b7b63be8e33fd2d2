#!/usr/bin/env bash
# The demo: builds and installs perfeval, starts a throw-away cluster
# (pg_virtualenv), loads a sample contact centre and prints its results.
# As root on Debian 12 it installs what it needs with apt-get first.
set -euo pipefail
cd "$(dirname "$0")/.."
. test/lib.sh
pe_install_deps
pe_build
exec pg_virtualenv -v 15 psql -X -q -v ON_ERROR_STOP=1 -d postgres -f test/demo/demo.sql
