#!/usr/bin/env bash
# test/clients/run.sh — the client tests (docs/clients.md): psycopg2
# (psycopg2_client.py), JDBC (JdbcClient.java, compiled here against
# /usr/share/java/postgresql.jar) and, when node and its pg package are
# there, node-postgres (node_client.js), each on a fresh database.
# JDBC needs TCP: when the cluster of the environment answers on
# 127.0.0.1:$PGPORT (pg_virtualenv) it is used; otherwise (a cluster
# listening on a unix socket only) the test starts a throw-away cluster of
# its own on 127.0.0.1 (initdb + pg_ctl, as test/fault/fault.sh; the server
# runs as postgres via su when run as root).  node-postgres is found by
# node's usual lookup (test/clients/node_modules, or NODE_PATH).  Last,
# excerpts.py checks that docs/clients.md shows the tests' examples
# verbatim.
# Prints the clients' ok/FAIL lines; exit 1 on any failure.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
status=0
bindir=$("${PG_CONFIG:-pg_config}" --bindir)
work=$(mktemp -d /tmp/perfeval-clients.XXXXXX)
if [ "$(id -u)" = 0 ]; then
    chown postgres "$work"
    as_srv() { su postgres -c "$*"; }
    dbuser=postgres
else
    as_srv() { bash -c "$*"; }
    dbuser=${PGUSER:-$(id -un)}
fi
own=
cleanup() {
    [ -n "$own" ] && as_srv "$bindir/pg_ctl -D $work/data -m immediate stop" >/dev/null 2>&1
    rm -rf "$work"
}
trap cleanup EXIT

host=127.0.0.1
port=${PGPORT:-5432}
if psql -X -q -h $host -p "$port" -d postgres -c 'SELECT 1' >/dev/null 2>&1; then
    dbuser=${PGUSER:-$dbuser}
    echo "clients: the cluster's TCP listener $host:$port"
else
    # the first port nothing listens on (any server: another engineer's
    # throw-away cluster may not let this user in, so psql is no test)
    port=54339
    while (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; do port=$((port + 1)); done
    own=1
    as_srv "$bindir/initdb -D $work/data -A trust -U $dbuser" >/dev/null || { echo "FAIL clients: initdb"; exit 1; }
    cat >> "$work/data/postgresql.conf" <<CONF
port = $port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$work'
fsync = off
CONF
    as_srv "$bindir/pg_ctl -D $work/data -l $work/log -w -t 120 start" >/dev/null \
        || { echo "FAIL clients: server start"; cat "$work/log"; exit 1; }
    echo "clients: a cluster of their own on $host:$port (no TCP listener on ${PGPORT:-5432})"
fi
export PGHOST=$host PGPORT=$port PGUSER=$dbuser
fresh() { psql -X -q -d postgres -c 'SET client_min_messages = warning' -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" >/dev/null; }

if /usr/bin/python3 -c 'import psycopg2' 2>/dev/null; then
    fresh perfeval_psycopg2 && /usr/bin/python3 "$here/psycopg2_client.py" perfeval_psycopg2 || status=1
else
    echo "FAIL clients: psycopg2 missing (python3-psycopg2)"; status=1
fi

jar=/usr/share/java/postgresql.jar
if [ -f $jar ] && command -v javac >/dev/null 2>&1; then
    if javac -d "$work" -cp $jar "$here/JdbcClient.java"; then
        fresh perfeval_jdbc && java -cp "$jar:$work" JdbcClient $host "$port" "$dbuser" perfeval_jdbc || status=1
    else
        echo "FAIL clients: javac JdbcClient.java"; status=1
    fi
else
    echo "FAIL clients: JDBC missing ($jar from libpostgresql-jdbc-java, javac from default-jdk-headless)"; status=1
fi

if [ -f "$here/node_client.js" ]; then
    if command -v node >/dev/null 2>&1 && (cd "$here" && node -e 'require("pg")') >/dev/null 2>&1; then
        fresh perfeval_node && node "$here/node_client.js" perfeval_node || status=1
    else
        echo "skip clients: node-postgres (node or its pg package is absent)"
    fi
fi
/usr/bin/python3 "$here/excerpts.py" || status=1
for d in perfeval_psycopg2 perfeval_jdbc perfeval_node; do
    psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $d" >/dev/null 2>&1
done
exit $status
