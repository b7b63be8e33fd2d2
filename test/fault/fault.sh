#!/usr/bin/env bash
# test/fault/fault.sh — crash safety (issue 10 What 3): in a cluster of its
# own (initdb + pg_ctl from $(pg_config --bindir), a temp data directory, a
# unix socket in a temp directory, no TCP), it kills with SIGKILL the backend
# of a step caught inside its transaction (its pid from pg_stat_activity, not
# pg_terminate_backend) and, once, shuts the server down with -m immediate:
#   F1  kill -9 during evaluate of a draft month (re-evaluation)
#   F2  kill -9 during a bulk import (6,000 rows)
#   F3  kill -9 during an upheld appeal decision (writes a result revision)
#   F4  immediate shutdown during a first evaluate of a month
# The step waits, inside its transaction and after it has written, on an
# advisory lock the test holds (test-only trigger public.fault_gate, see
# setup.sql), so the fault lands there every time: no timing.  After the
# recovery: every table the step writes as before it (all-old results, no
# half import, no half appeal step), no duplicate measurement, one current
# result per period and agent, each appeal's state its last event's
# to_state, approved results unchanged, amcheck clean; then the step runs
# again without fault and its result is checked (all-new).
# Runs as root (server as postgres, via su) or as the server's own user.
# Prints one ok/FAIL line per check; exit 1 on any FAIL.
set -uo pipefail
cd "$(dirname "$0")"
bindir=$("${PG_CONFIG:-pg_config}" --bindir)
work=$(mktemp -d /tmp/perfeval-fault.XXXXXX)
data=$work/data
port=54329
fail=0
if [ "$(id -u)" = 0 ]; then
    chown postgres "$work"
    as_srv() { su postgres -c "$*"; }
    dbuser=postgres
else
    as_srv() { bash -c "$*"; }
    dbuser=$(id -un)
fi
q() { psql -X -q -h "$work" -p $port -U "$dbuser" -d fault -v ON_ERROR_STOP=1 "$@"; }
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fail=1; }
cleanup() {
    as_srv "$bindir/pg_ctl -D $data -m immediate stop" >/dev/null 2>&1
    [ -n "${keep:-}" ] || rm -rf "$work"
}
trap cleanup EXIT

start() { as_srv "$bindir/pg_ctl -D $data -l $work/log -w -t 120 start" >/dev/null || { bad "server start"; cat "$work/log"; exit 1; }; }
as_srv "$bindir/initdb -D $data -A trust -U $dbuser" >/dev/null || { echo "FAIL initdb"; exit 1; }
cat >> "$data/postgresql.conf" <<CONF
port = $port
listen_addresses = ''
unix_socket_directories = '$work'
restart_after_crash = on
fsync = off
max_connections = 20
CONF
start
psql -X -q -h "$work" -p $port -U "$dbuser" -d postgres -c 'CREATE DATABASE fault' || exit 1
q -f setup.sql >/dev/null || { bad "setup"; exit 1; }

# waits (bounded) until SQL returns t; a guard, not a timing: the events waited for always come
wait_for() {
    for _ in $(seq 1 1200); do
        [ "$(q -At -c "$1" 2>/dev/null)" = t ] && return 0
        sleep 0.1
    done
    return 1
}
# waits until the server accepts connections again after a crash
wait_up() {
    for _ in $(seq 1 1200); do
        q -At -c 'SELECT 1' >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    return 1
}

# The steps, as the SQL each runs: the one place to adapt when the
# workflow functions' signatures change.
step_sql() {
    case $1 in
        F1) echo "SELECT perfeval.evaluate(perfeval.period_of('month', '2025-10-01'));" ;;
        F2) echo "SELECT * FROM perfeval.import_measurements((SELECT jsonb_agg(jsonb_build_object('employee_no', a.employee_no, 'month', '2025-11', 'indicator', i.code, 'value', public.fault_value(a.id + si.indicator_id, '2025-11-01', coalesce(si.worst, 0), coalesce(si.best, 1)), 'source', 'system_log')) FROM perfeval.agent AS a CROSS JOIN perfeval.scheme_item AS si JOIN perfeval.indicator AS i ON i.id = si.indicator_id WHERE si.scheme_version_id = perfeval.scheme_at('2025-11-01') AND si.breakpoints IS NULL), 'fault-nov');" ;;
        F3) echo "SELECT perfeval.appeal_decide(appeal_id, 'upheld', 'calls restored', new_total => 95, actor => 'hr_fault', at => '2025-10-17 10:00+08') FROM public.fault_appeal;" ;;
        F4) echo "SELECT perfeval.evaluate(perfeval.period_of('month', '2025-11-01'));" ;;
    esac
}
# what the step gives when run again without fault (all-new)
check_after() {
    case $1 in
        F1|F4) m=$([ "$1" = F1 ] && echo 2025-10-01 || echo 2025-11-01)
           r=$(q -At -c "SELECT count(*) = 500 AND count(DISTINCT evaluated_at) = 1 AND bool_and(is_current) AND count(total) = 500
                         FROM perfeval.result WHERE period_id = perfeval.period_of('month', '$m')")
           [ "$r" = t ] && ok "$1: evaluated again: 500 current results, all from one evaluation" || bad "$1: the evaluation after recovery ($r)" ;;
        F2) r=$(q -At -c "SELECT count(*) FROM perfeval.measurement WHERE period_id = perfeval.period_of('month', '2025-11-01') AND import_batch = 'fault-nov'")
           [ "$r" = "$n_rows" ] && ok "$1: imported again: $r rows loaded" || bad "$1: the import after recovery loaded $r of $n_rows" ;;
        F3) r=$(q -At -c "SELECT a.state || ' ' || (SELECT count(*) FROM perfeval.result AS r WHERE r.period_id = perfeval.period_of('month', '2025-09-01')
                                                          AND r.agent_id = (SELECT id FROM perfeval.agent WHERE employee_no = 'F0007'))
                                 || ' ' || (SELECT r.total FROM perfeval.result_current AS r WHERE r.period_id = perfeval.period_of('month', '2025-09-01')
                                                          AND r.agent_id = (SELECT id FROM perfeval.agent WHERE employee_no = 'F0007'))
                          FROM perfeval.appeal AS a WHERE a.id = (SELECT appeal_id FROM public.fault_appeal)")
           case $r in "reviewed 2 95.0000"|"closed 2 95.0000"|"handled 2 95.0000") ok "$1: decided again: appeal ${r%% *}, a second revision with total 95" ;;
                      *) bad "$1: the upheld decision after recovery gives '$r'" ;; esac ;;
    esac
}

n_rows=$(q -At -c "SELECT count(*) FROM perfeval.agent CROSS JOIN perfeval.scheme_item AS si WHERE si.scheme_version_id = perfeval.scheme_at('2025-11-01') AND si.breakpoints IS NULL")

for step in F1 F2 F3 F4; do
    q -c "INSERT INTO public.fault_fp SELECT '$step', f.* FROM public.fault_fingerprint() AS f" || bad "$step: fingerprint"
    # the holder takes the gate's lock; the victim runs the step and waits on it inside its transaction
    PGAPPNAME=fault_holder q -c 'SELECT pg_advisory_lock(4242), pg_sleep(3600)' >/dev/null 2>&1 &
    holder=$!
    wait_for "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND objid = 4242 AND granted AND mode = 'ExclusiveLock')" \
        || { bad "$step: the holder did not get the lock"; break; }
    { echo "SET fault.gate = on;"; step_sql $step; } | PGAPPNAME=fault_victim q >"$work/victim-$step.log" 2>&1 &
    victim=$!
    if ! wait_for "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE application_name = 'fault_victim' AND wait_event_type = 'Lock' AND wait_event = 'advisory')"; then
        bad "$step: the step never reached the gate"; cat "$work/victim-$step.log"; break
    fi
    pid=$(q -At -c "SELECT pid FROM pg_stat_activity WHERE application_name = 'fault_victim'")
    if [ $step = F4 ]; then
        as_srv "$bindir/pg_ctl -D $data -m immediate stop" >/dev/null || bad "$step: immediate shutdown"
        wait $victim $holder 2>/dev/null
        start
        what="immediate shutdown during"
    else
        kill -9 "$pid" || bad "$step: kill -9 $pid"
        wait $victim $holder 2>/dev/null
        what="kill -9 of backend $pid during"
    fi
    wait_up || { bad "$step: the server did not come back"; tail -20 "$work/log"; break; }
    ok "$step: $what: $(step_sql $step | cut -c1-60)..."
    q -At -v step=$step -f invariants.sql >"$work/inv-$step.out" 2>&1 || bad "$step: invariants script failed"
    cat "$work/inv-$step.out"
    grep -q '^FAIL' "$work/inv-$step.out" && fail=1
    # the same step without fault
    step_sql $step | q >"$work/again-$step.log" 2>&1 || { bad "$step: the step failed after recovery"; cat "$work/again-$step.log"; }
    check_after $step
done

grep -c 'terminated by signal 9' "$work/log" | { read -r n; [ "$n" -ge 3 ] && ok "server log: $n backends terminated by signal 9, recovered" || bad "server log: $n kills seen"; }
grep -q 'database system was not properly shut down; automatic recovery in progress' "$work/log" \
    && ok "server log: recovery after the immediate shutdown" || bad "server log: no recovery after the immediate shutdown"
q -At -v step=end -c 'SET enable_indexscan = off' -f checks.sql >"$work/inv-end.out" 2>&1 || bad "final invariants script failed"
cat "$work/inv-end.out"
grep -q '^FAIL' "$work/inv-end.out" && fail=1
[ $fail = 0 ] && echo "fault test: all checks passed" || { echo "fault test: FAILED (server log $work/log kept)"; keep=1; }
exit $fail
