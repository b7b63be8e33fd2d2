#!/usr/bin/env bash
# The install attack of issue 9 (Why 1; CVE-2022-2625 / CVE-2023-39417
# class), replayed with variants inside the current cluster (run by
# test/check-in-cluster.sh as a superuser; PGHOST/PGPORT/PGUSER set).
#
# The attacker is a role with nothing but CREATE on a database (and, in
# variant B, CREATE on schema public, as a careless DBA would grant).  It
# plants operators and functions (test/attack/plant.sql: thousands of exact
# signatures pg_catalog lacks, among them <@ (smallint[], smallint[]),
# *(integer, float8), -(integer, float8), /(numeric, bigint) and
# *(integer, numeric) of the original report), a type and a cast; every
# planted function bumps a sequence (not rolled back), logs itself, warns
# "PLANTED ran" and tries ALTER ROLE pe_attacker SUPERUSER.
#
#   A  planted schema perfeval (owned by the attacker, full of plants):
#      CREATE EXTENSION as the attacker fails (42501: not trusted), as a
#      superuser fails with 42P06 naming the schema and its owner
#   A2 an empty schema perfeval made earlier by the attacker: refused
#   A3 an empty schema perfeval of a superuser in which the attacker may
#      create: refused (and one no one else may create in, as DROP EXTENSION
#      or a pg_dump restore leave it: accepted)
#   A4 a superuser's own transaction creates schema perfeval and a plant in
#      it, then CREATE EXTENSION: refused (the schema is not empty)
#   B  plants in public and in "$user" (schema postgres, the superuser's
#      name): the install succeeds; the fixture's rows are loaded under a
#      safe search_path; then a superuser with the default search_path
#      reads every view of the extension (found through pg_depend) and
#      calls workflow functions
# After each: no planted function ran (sequence 0, no warning), and the
# attacker is not superuser.  Roles are cluster-wide: created if absent,
# databases dropped first, so the test runs repeatedly in one cluster.
set -uo pipefail
cd "$(dirname "$0")/../.."
status=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
ok() { echo "install_attack: ok - $*"; }
bad() { echo "install_attack: FAIL - $*"; status=1; }
q() { PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning" psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }

# the names of the functions the install script calls (what to plant)
# (the fresh install script of the control file's version, not an upgrade
# script such as perfeval--1.0--1.1.sql, which sorts first)
script=perfeval--$(sed -n "s/^default_version = '\(.*\)'/\1/p" perfeval.control).sql
called=$(grep -oE '\b[a-z_][a-z_0-9]*\s*\(' "$script" | sed -E 's/\s*\($//' | sort -u | tr '\n' ' ')

q -d postgres <<'SQL'
SET client_min_messages = warning;
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'pe_attacker') THEN
        CREATE ROLE pe_attacker LOGIN NOSUPERUSER;
    END IF;
END $$;
ALTER ROLE pe_attacker NOSUPERUSER NOCREATEROLE NOCREATEDB;
SQL

# setup DB: a fresh database, the attacker's logging schema and a role
setup() {
    local db=$1
    q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" -c "GRANT CREATE ON DATABASE $db TO pe_attacker"
    q -d "$db" <<SQL
SET SESSION AUTHORIZATION pe_attacker;
CREATE SCHEMA pe_attack;
GRANT USAGE ON SCHEMA pe_attack TO PUBLIC;
CREATE SEQUENCE pe_attack.hits;
GRANT USAGE, SELECT, UPDATE ON SEQUENCE pe_attack.hits TO PUBLIC;
CREATE TABLE pe_attack.log (tag text, by_role name, at timestamptz);
GRANT INSERT, SELECT ON pe_attack.log TO PUBLIC;
CREATE TABLE pe_attack.called_name (w name PRIMARY KEY);
INSERT INTO pe_attack.called_name SELECT DISTINCT w FROM unnest(string_to_array(trim('$called'), ' ')) AS w;
CREATE FUNCTION pe_attack.hit(tag text) RETURNS text LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp AS \$f\$
BEGIN
    PERFORM nextval('pe_attack.hits');
    RAISE WARNING 'PLANTED ran: % as %', tag, current_user;
    INSERT INTO pe_attack.log VALUES (tag, current_user, now());
    BEGIN
        EXECUTE 'ALTER ROLE pe_attacker SUPERUSER';
    EXCEPTION WHEN OTHERS THEN NULL;
    END;
    RETURN NULL;
END \$f\$;
GRANT EXECUTE ON FUNCTION pe_attack.hit(text) TO PUBLIC;
SQL
}

plant() {   # plant DB SCHEMA
    q -d "$1" -v target="$2" -c 'SET SESSION AUTHORIZATION pe_attacker' -c "CREATE SCHEMA IF NOT EXISTS \"$2\"" -f test/attack/plant.sql 2>&1 | grep -v NOTICE
}

# clean DB WHAT: no planted function ran and the attacker is no superuser
clean() {
    local hits super
    hits=$(q -d "$1" -c "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM pe_attack.hits")
    super=$(q -d postgres -c "SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = 'pe_attacker'")
    if [ "$hits" = 0 ] && [ "$super" = f ] && ! grep -q 'PLANTED ran' "$log"; then
        ok "$2: no planted function ran, pe_attacker is not superuser"
    else
        bad "$2: planted functions ran $hits times (pe_attacker superuser: $super)"
        grep -m5 'PLANTED ran' "$log"
        q -d "$1" -c "SELECT tag, by_role FROM pe_attack.log LIMIT 5"
        q -d postgres -c 'ALTER ROLE pe_attacker NOSUPERUSER'
    fi
}

# refused DB WHAT SQLSTATE AS-ROLE [PRE-SQL]: CREATE EXTENSION fails with SQLSTATE
refused() {
    local db=$1 what=$2 state=$3 as=$4 pre=${5:-}
    local auth=""
    [ "$as" != postgres ] && auth="SET SESSION AUTHORIZATION $as;"
    q -d "$db" -v VERBOSITY=verbose >"$log" 2>&1 <<SQL
\set VERBOSITY verbose
$auth
BEGIN;
$pre
CREATE EXTENSION perfeval;
COMMIT;
SQL
    if grep -q "ERROR:  $state" "$log" && ! q -d "$db" -c "SELECT 1 FROM pg_extension WHERE extname = 'perfeval'" | grep -q 1; then
        ok "$what: CREATE EXTENSION as $as refused with $state"
    else
        bad "$what: CREATE EXTENSION as $as not refused with $state"; sed -n 1,10p "$log"
    fi
}

# --- A: the planted schema perfeval ---------------------------------------
setup pe_attack_a
plant pe_attack_a perfeval >"$log"
q -d pe_attack_a >>"$log" 2>&1 <<'SQL'
SET SESSION AUTHORIZATION pe_attacker;
CREATE TYPE perfeval.plant AS (x integer);
CREATE FUNCTION perfeval.plant_text(perfeval.plant) RETURNS text LANGUAGE sql AS $$ SELECT pe_attack.hit('cast plant -> text') $$;
CREATE CAST (perfeval.plant AS text) WITH FUNCTION perfeval.plant_text(perfeval.plant) AS IMPLICIT;
SQL
n=$(q -d pe_attack_a -c "SELECT count(*) FROM pg_operator WHERE oprnamespace = 'perfeval'::regnamespace")
m=$(q -d pe_attack_a -c "SELECT count(*) FROM pg_operator WHERE oprnamespace = 'perfeval'::regnamespace
    AND (oprname, oprleft::regtype::text, oprright::regtype::text) IN (('<@', 'smallint[]', 'smallint[]'),
    ('*', 'integer', 'double precision'), ('-', 'integer', 'double precision'), ('/', 'numeric', 'bigint'), ('*', 'integer', 'numeric'))")
f=$(q -d pe_attack_a -c "SELECT count(*) FROM pg_proc WHERE pronamespace = 'perfeval'::regnamespace AND proname NOT LIKE 'pe_plant_op_%'")
if [ "$m" = 5 ] && [ "$n" -gt 1000 ] && [ "$f" -gt 100 ]; then
    ok "A: planted $n operators (the 5 of the report among them), $f functions, a type and a cast in schema perfeval"
else
    bad "A: planting failed ($n operators, $m of the report, $f functions)"; sed -n 1,20p "$log"
fi
refused pe_attack_a "A" 42501 pe_attacker
clean pe_attack_a "A as the attacker"
refused pe_attack_a "A" 42P06 postgres
clean pe_attack_a "A as a superuser"
if grep -q 'schema "perfeval" already exists and is not safe to install into' "$log" &&
   grep -q 'owned by role pe_attacker' "$log" && grep -q 'HINT:  Find out who made schema perfeval' "$log"; then
    ok "A: the error names the schema, its owner (pe_attacker) and what to do"
else
    bad "A: the error does not say what exists, who owns it and what to do"; cat "$log"
fi

# --- A2, A3: an empty schema made earlier; A4: a plant in the same transaction
q -d postgres -c "DROP DATABASE IF EXISTS pe_attack_a"
setup pe_attack_a2
q -d pe_attack_a2 -c 'SET SESSION AUTHORIZATION pe_attacker' -c 'CREATE SCHEMA perfeval'
refused pe_attack_a2 "A2 (empty schema of the attacker)" 42P06 postgres
q -d pe_attack_a2 -c 'DROP SCHEMA perfeval' -c 'CREATE SCHEMA perfeval' -c 'GRANT CREATE ON SCHEMA perfeval TO pe_attacker'
refused pe_attack_a2 "A3 (empty schema of a superuser, the attacker may create in it)" 42P06 postgres
grep -q 'lets pe_attacker create in it' "$log" && ok "A3: the error names pe_attacker as able to create in it" ||
    { bad "A3: the error does not name who may create in the schema"; cat "$log"; }
q -d pe_attack_a2 -c 'DROP SCHEMA perfeval'
refused pe_attack_a2 "A4 (schema with a plant, same transaction)" 42P06 postgres \
    "CREATE SCHEMA perfeval; CREATE FUNCTION perfeval.p(smallint[], smallint[]) RETURNS boolean LANGUAGE sql AS \$\$ SELECT pe_attack.hit('A4')::boolean \$\$; CREATE OPERATOR perfeval.<@ (LEFTARG = smallint[], RIGHTARG = smallint[], FUNCTION = perfeval.p);"
clean pe_attack_a2 "A2-A4"
if q -d pe_attack_a2 -c 'BEGIN' -c 'CREATE EXTENSION perfeval' -c "SELECT count(*) FROM pg_catalog.pg_namespace WHERE nspname = 'perfeval'" -c 'ROLLBACK' | grep -qx 1; then
    ok "A: with no schema perfeval, CREATE EXTENSION makes its own and installs"
else
    bad "A: CREATE EXTENSION into its own schema failed"
fi
# the empty schema a superuser left (DROP EXTENSION keeps it; a pg_dump
# restore creates it before CREATE EXTENSION) is accepted
if q -d pe_attack_a2 -c 'CREATE SCHEMA perfeval' -c 'CREATE EXTENSION perfeval' -c 'DROP EXTENSION perfeval' \
        -c 'CREATE EXTENSION perfeval' -c "SELECT extname FROM pg_catalog.pg_extension WHERE extname = 'perfeval'" | grep -qx perfeval; then
    ok "A: an empty schema perfeval of a superuser (made earlier, or left by DROP EXTENSION) is installed into"
else
    bad "A: an empty schema perfeval of a superuser was refused"
fi
q -d postgres -c "DROP DATABASE IF EXISTS pe_attack_a2"

# --- B: plants in public and in "$user" -------------------------------------
setup pe_attack_b
q -d pe_attack_b -c 'GRANT CREATE ON SCHEMA public TO pe_attacker' \
                 -c 'SET SESSION AUTHORIZATION pe_attacker' -c 'CREATE SCHEMA postgres'
{ plant pe_attack_b public; plant pe_attack_b postgres; } >"$log"
n=$(q -d pe_attack_b -c "SELECT count(*) FROM pg_operator WHERE oprnamespace IN ('public'::regnamespace, 'postgres'::regnamespace)")
# control: the plants are live for a superuser's unqualified SQL
hits=$(q -d pe_attack_b -c "SELECT '{1}'::smallint[] <@ '{1,2}'::smallint[], 2 * 0.5::float8" \
         -c "SELECT last_value FROM pe_attack.hits" 2>/dev/null | tail -1)
q -d pe_attack_b -c "SELECT setval('pe_attack.hits', 1, false)" -c 'TRUNCATE pe_attack.log' >/dev/null
q -d postgres -c 'ALTER ROLE pe_attacker NOSUPERUSER'
if [ "$n" -gt 1000 ] && [ "$hits" = 2 ]; then
    ok "B: planted $n operators in public and postgres (\"\$user\" of the superuser); they bind to unqualified SQL (control: 2 hits)"
else
    bad "B: the plants are not live ($n operators, control hits: $hits)"
fi
if q -d pe_attack_b -c 'CREATE EXTENSION perfeval' >"$log" 2>&1; then
    ok "B: the superuser's install succeeds beside the plants"
else
    bad "B: the install failed"; sed -n 1,10p "$log"
fi
clean pe_attack_b "B install"
# the fixture's own SQL names builtins unqualified: load it under a safe path
PGOPTIONS='-c search_path=pg_catalog,pg_temp' q -d pe_attack_b >"$log" 2>&1 <<'SQL'
BEGIN;
\i test/fixture/appeal_org.sql
COMMIT;
SQL
[ $? = 0 ] && ok "B: fixtures loaded" || { bad "B: fixtures failed"; sed -n 1,20p "$log"; }
clean pe_attack_b "B fixtures"
# a superuser with the default search_path ("$user", public) reads every
# view and calls workflow functions; every name in these statements is
# qualified, so whatever binds to a plant is the extension's
q -d pe_attack_b >"$log" 2>&1 <<'SQL'
SHOW search_path;
SELECT pg_catalog.format('SELECT pg_catalog.count(*) FROM %s', c.oid::pg_catalog.regclass)
FROM pg_catalog.pg_depend AS d JOIN pg_catalog.pg_class AS c ON c.oid OPERATOR(pg_catalog.=) d.objid
WHERE d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_extension'::pg_catalog.regclass
  AND d.refobjid OPERATOR(pg_catalog.=) (SELECT e.oid FROM pg_catalog.pg_extension AS e WHERE e.extname OPERATOR(pg_catalog.=) 'perfeval')
  AND d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass
  AND c.relkind OPERATOR(pg_catalog.=) ANY ('{r,v,m}'::"char"[])
ORDER BY 1 \gexec
SELECT * FROM perfeval.bi_result \g /dev/null
SELECT * FROM perfeval.bi_grade_distribution \g /dev/null
SELECT * FROM perfeval.data_quality \g /dev/null
SELECT * FROM perfeval.personal_file \g /dev/null
SELECT perfeval.next_penalty(a.id) FROM perfeval.agent AS a \g /dev/null
SELECT perfeval.workday('2025-09-01'::date, 5), perfeval.networkdays('2025-09-01'::date, '2025-12-31'::date);
SELECT perfeval.period_index('month'::text, '2025-09-01'::date);
SELECT perfeval.regrade(p.id, 'attack test'::text) FROM perfeval.period AS p
WHERE p.kind OPERATOR(pg_catalog.=) 'month' AND p.starts_on OPERATOR(pg_catalog.=) '2025-01-01'::date;
SELECT perfeval.allocate_bonus_pool(p.id, 10000::numeric) FROM perfeval.period AS p
WHERE p.kind OPERATOR(pg_catalog.=) 'month' AND p.starts_on OPERATOR(pg_catalog.=) '2025-09-01'::date;
SELECT perfeval.allocate(100::numeric, '{1,1,1}'::numeric[], 0);
SELECT pg_catalog.count(*) FROM perfeval.bonus_allocation;
SELECT perfeval.file_result_appeal(r.id, 'attack test'::text, at => '2025-09-25 10:00+08'::timestamptz) AS appeal
FROM perfeval.result_current AS r JOIN perfeval.agent AS a ON a.id OPERATOR(pg_catalog.=) r.agent_id
WHERE a.employee_no OPERATOR(pg_catalog.=) 'E4' \gset
SELECT perfeval.appeal_acknowledge(:appeal, at => '2025-09-26 10:00+08'::timestamptz);
SELECT perfeval.appeal_accept(:appeal, at => '2025-09-26 11:00+08'::timestamptz);
SELECT perfeval.appeal_decide(:appeal, 'upheld'::text, new_total => 75::numeric, at => '2025-09-29 10:00+08'::timestamptz);
SELECT * FROM perfeval.appeal_archive \g /dev/null
SELECT * FROM perfeval.appeal_statistics \g /dev/null
SQL
if grep -q ERROR "$log"; then bad "B: reading as a superuser failed"; grep -m5 ERROR "$log"; else ok "B: a superuser read every view and called functions"; fi
clean pe_attack_b "B reads and calls"
q -d postgres -c "DROP DATABASE IF EXISTS pe_attack_b"
exit $status
