#!/usr/bin/env bash
# Part of test/bench/evaluate.sql (called with \!): re-evaluates the given
# month ids in two concurrent sessions (odd and even positions), the
# documented way to use two cores (README, Performance), and prints the
# wall time in milliseconds.
set -euo pipefail
ids=("$@")
a=() b=()
for i in "${!ids[@]}"; do
    if (( i % 2 == 0 )); then a+=("${ids[$i]}"); else b+=("${ids[$i]}"); fi
done
run() { psql -X -q -At -v ON_ERROR_STOP=1 \
          -c "SET synchronous_commit = off" -c "SET work_mem = '64MB'" \
          -c "SELECT count(*) FROM perfeval.evaluate_periods('{$(IFS=,; echo "$*")}')" >/dev/null; }
t0=$(date +%s%N)
run "${a[@]}" & pa=$!
run "${b[@]}" & pb=$!
wait $pa; wait $pb
t1=$(date +%s%N)
echo $(( (t1 - t0) / 1000000 ))
