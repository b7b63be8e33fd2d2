#!/usr/bin/env bash
# Part of test/bench/evaluate.sql (called with \!): re-evaluates the given
# month ids in one session (perfeval.evaluate_periods of all of them), then
# in two concurrent sessions (odd and even positions), the documented way
# to use two cores (README, Performance); three rounds, alternating, so
# that both see the same machine and the same table.  Prints the median
# wall times in milliseconds: "one_session two_sessions".
set -euo pipefail
ids=("$@")
a=() b=()
for i in "${!ids[@]}"; do
    if (( i % 2 == 0 )); then a+=("${ids[$i]}"); else b+=("${ids[$i]}"); fi
done
run() { psql -X -q -At -v ON_ERROR_STOP=1 -c "SET client_min_messages = warning" \
          -c "SET synchronous_commit = off" -c "SET work_mem = '64MB'" \
          -c "SELECT count(*) FROM perfeval.evaluate_periods('{$(IFS=,; echo "$*")}')" >/dev/null; }
now() { date +%s%N; }
one=() two=()
for round in 1 2 3; do
    t0=$(now)
    run "${ids[@]}"
    one+=($(( ($(now) - t0) / 1000000 )))
    t0=$(now)
    run "${a[@]}" & pa=$!
    run "${b[@]}" & pb=$!
    wait $pa; wait $pb
    two+=($(( ($(now) - t0) / 1000000 )))
done
median() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
echo "$(median "${one[@]}") $(median "${two[@]}")"
