#!/usr/bin/env bash
# The derivation on the 3-node Citus cluster of test/citus/run.sh against one
# node (issue 13): runs test/citus/bench.sql there and prints its ratios.
# Not part of the test run.  Inside the test cluster's environment, e.g.
#   /work/pgenv/run.sh h6 /work/wt/h6 bash test/bench/citus_events.sh
cd "$(dirname "$0")/../.."
PE_CITUS_SQL=test/citus/bench.sql exec bash test/citus/run.sh
