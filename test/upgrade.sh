#!/usr/bin/env bash
# The upgrade test: a user's database upgraded with ALTER EXTENSION perfeval
# UPDATE must end up with exactly the catalog of a fresh install of the new
# version, and keep its data and its answers.
#
#   1. database A: CREATE EXTENSION perfeval VERSION <oldest release>, the
#      demo's data (test/demo/demo.sql), a fingerprint of every user table
#      (over the old version's columns) and the answers of
#      test/upgrade/queries.sql; then ALTER EXTENSION perfeval UPDATE TO
#      <new>, and the same fingerprints and answers again: equal;
#   2. database B: CREATE EXTENSION perfeval VERSION <new>;
#   3. the catalog fingerprints of A and B (test/upgrade/catalog.sql:
#      objects, signatures, volatility, strictness, parallel safety,
#      bodies, comments, grants, policies, triggers, constraints, indexes,
#      views, pg_extension_config_dump registrations) are equal;
#   4. the harness can fail: an upgrade script that forgets one statement
#      of the fresh install is caught.
#
# Which versions: every release is frozen (src/release/V.sha256), so the
# test runs the real chain from the oldest release to the control file's
# version when they differ (the data loaded into the oldest release by its
# own copy of the demo, test/upgrade/demo-V/demo.sql, since the demo grows with
# the versions).  And always a throw-away next version of the current one
# (an upgrade script with a new function, a new column and a comment, and
# the matching fresh install script, written into the extension directory
# and removed afterwards), with its negative control: an upgrade script
# that forgets the last statement must be caught.  OLDEST=V overrides the
# oldest release.
#
# Runs inside the test cluster (test/check-in-cluster.sh) as a user that
# may write $(pg_config --sharedir)/extension (root in pg_virtualenv);
# prints one ok/FAIL line per check and exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
extdir=$(pg_config --sharedir)/extension
cur=$(sed -n "s/^default_version = '\(.*\)'/\1/p" perfeval.control)
oldest=${OLDEST:-$(ls src/release/*.sha256 2>/dev/null | sed 's|src/release/\(.*\)\.sha256|\1|' | sort -V | head -n 1)}
oldest=${oldest:-$cur}
status=0
log=$(mktemp)
made=()
cleanup() {
    rm -f "$log" "${made[@]}"
    psql -X -q -d postgres -c 'DROP DATABASE IF EXISTS perfeval_up_a' -c 'DROP DATABASE IF EXISTS perfeval_up_b' \
         -c 'DROP DATABASE IF EXISTS perfeval_up_c' >/dev/null 2>&1
}
trap cleanup EXIT
ok() { echo "upgrade: ok - $*"; }
bad() { echo "upgrade: FAIL - $*"; status=1; }
abort() { echo "upgrade: FAIL - $*"; sed -n 1,30p "$log"; exit 1; }
sql() { psql -X -At -v ON_ERROR_STOP=1 -d "$@" 2>>"$log"; }
catalog() { PGOPTIONS='-c search_path=pg_catalog' sql "$1" -f test/upgrade/catalog.sql; }

if [ ! -w "$extdir" ]; then
    echo "upgrade: FAIL - cannot write $extdir (run as the user that installs extensions)"
    exit 1
fi

# check_pair OLD NEW: database A gets OLD, the demo's data as OLD knew it,
# then ALTER EXTENSION perfeval UPDATE TO NEW; database B a fresh NEW.
# Data, answers and catalog must agree.
check_pair() {
    local old=$1 new=$2 loader=test/demo/demo.sql
    [ -f "test/upgrade/demo-$old/demo.sql" ] && loader=test/upgrade/demo-$old/demo.sql
    psql -X -q -d postgres -c 'DROP DATABASE IF EXISTS perfeval_up_a' -c 'CREATE DATABASE perfeval_up_a' \
         -c 'DROP DATABASE IF EXISTS perfeval_up_b' -c 'CREATE DATABASE perfeval_up_b' >>"$log" 2>&1 \
        || abort "creating the databases"

    # 1. the old version with the demo's data
    sql perfeval_up_a -q -c "CREATE EXTENSION perfeval VERSION '$old'" >/dev/null || abort "installing $old"
    psql -X -q -v ON_ERROR_STOP=1 -d perfeval_up_a -f "$loader" >>"$log" 2>&1 || abort "loading $loader on $old"

    # data fingerprint queries over the old version's tables and columns
    local fpq data_before data_after answers_before answers_after v cat_a cat_b
    fpq=$(sql perfeval_up_a -c "
        SELECT string_agg(format('SELECT %L, count(*), md5(coalesce(string_agg(x::text, E''\\n'' ORDER BY x::text), '''')) FROM (SELECT %s FROM perfeval.%I) AS x',
                                 c.relname,
                                 (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) FROM pg_attribute AS a
                                  WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped),
                                 c.relname), E'\\nUNION ALL\\n' ORDER BY c.relname) || E'\\nORDER BY 1'
        FROM pg_class AS c WHERE c.relnamespace = 'perfeval'::regnamespace AND c.relkind = 'r'")
    [ -n "$fpq" ] || abort "building the data fingerprint"
    data_before=$(sql perfeval_up_a -c "$fpq")
    answers_before=$(psql -X -A -d perfeval_up_a -f test/upgrade/queries.sql 2>&1)

    sql perfeval_up_a -q -c "ALTER EXTENSION perfeval UPDATE TO '$new'" >/dev/null || abort "ALTER EXTENSION perfeval UPDATE TO '$new'"
    v=$(sql perfeval_up_a -c "SELECT extversion FROM pg_extension WHERE extname = 'perfeval'")
    [ "$v" = "$new" ] && ok "ALTER EXTENSION perfeval UPDATE from $old to $new (with the demo's data, $loader)" \
                      || bad "after the update the version is $v, not $new"

    data_after=$(sql perfeval_up_a -c "$fpq")
    if [ -n "$data_after" ] && [ "$data_before" = "$data_after" ]; then
        ok "$old -> $new: the rows of all $(wc -l <<<"$data_after") tables survived the update"
    else
        bad "$old -> $new: user data changed in the update (table|rows|md5, before < > after):"
        diff <(echo "$data_before") <(echo "$data_after") | head -20
    fi
    answers_after=$(psql -X -A -d perfeval_up_a -f test/upgrade/queries.sql 2>&1)
    if [ "$answers_before" = "$answers_after" ] && ! grep -q ERROR <<<"$answers_after"; then
        ok "$old -> $new: the demo's queries give the same answers ($(wc -l <<<"$answers_after") lines)"
    else
        bad "$old -> $new: the demo's queries answer differently after the update:"
        diff <(echo "$answers_before") <(echo "$answers_after") | head -20
    fi

    # 2. + 3. a fresh install of the new version has the same catalog
    sql perfeval_up_b -q -c "CREATE EXTENSION perfeval VERSION '$new'" >/dev/null || abort "installing $new"
    cat_a=$(catalog perfeval_up_a)
    cat_b=$(catalog perfeval_up_b)
    if [ -n "$cat_b" ] && [ "$cat_a" = "$cat_b" ]; then
        ok "$old -> $new: the upgraded catalog equals a fresh install of $new ($(wc -l <<<"$cat_b") properties)"
    else
        bad "$old -> $new: the upgraded catalog differs from a fresh install of $new (upgraded < > fresh):"
        diff <(echo "$cat_a") <(echo "$cat_b") | head -30
    fi
}

# the real chain, from the oldest release to this version
if [ "$oldest" != "$cur" ]; then
    check_pair "$oldest" "$cur"
fi

# the throw-away next version of this one, and its negative control
probe="
CREATE FUNCTION @extschema@.upgrade_probe(x integer) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS 'SELECT x + 1';
COMMENT ON FUNCTION @extschema@.upgrade_probe(integer) IS 'throw-away object of test/upgrade.sh';
ALTER TABLE @extschema@.agent ADD COLUMN upgrade_probe text;
COMMENT ON COLUMN @extschema@.agent.upgrade_probe IS 'throw-away column of test/upgrade.sh';"
next="$cur.9999"
{ cat "$extdir/perfeval--$cur.sql"; echo "$probe"; } > "$extdir/perfeval--$next.sql"
{ echo "\\echo Use \"ALTER EXTENSION perfeval UPDATE\" to load this file. \\quit"; echo "$probe"; } \
    > "$extdir/perfeval--$cur--$next.sql"
made+=("$extdir/perfeval--$next.sql" "$extdir/perfeval--$cur--$next.sql")
check_pair "$cur" "$next"

# 4. the harness catches an incomplete upgrade script (the last comment forgotten)
{ echo "\\echo Use \"ALTER EXTENSION perfeval UPDATE\" to load this file. \\quit"; echo "$probe" | sed '$d'; } \
    > "$extdir/perfeval--$cur--$next.sql"
psql -X -q -d postgres -c 'DROP DATABASE IF EXISTS perfeval_up_c' -c 'CREATE DATABASE perfeval_up_c' >>"$log" 2>&1
sql perfeval_up_c -q -c "CREATE EXTENSION perfeval VERSION '$cur'" -c "ALTER EXTENSION perfeval UPDATE TO '$next'" >/dev/null \
    || abort "the negative control's update"
delta=$(diff <(catalog perfeval_up_c) <(catalog perfeval_up_b))
missing=$(grep -c '^[<>]' <<<"$delta")
if [ "$missing" -gt 0 ] && grep -q '^> column agent.upgrade_probe .*comment=throw-away column' <<<"$delta"; then
    ok "an upgrade script that forgets a statement is caught ($missing differing lines)"
else
    bad "the harness did not notice an incomplete upgrade script"
fi

[ $status -eq 0 ] && echo "upgrade: PASS" || echo "upgrade: FAIL (see the lines above)"
exit $status
