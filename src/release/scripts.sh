#!/bin/sh
# src/release/scripts.sh names|build VERSION — the extension's SQL scripts.
#
# A released version V is frozen: src/release/V.sha256 lists, in order, the
# src/sql files whose concatenation is perfeval--V.sql, with their sha256
# (the output of sha256sum).  Those files never change again: a later
# version adds files, which change earlier objects by ALTER (or DROP and
# CREATE), so that the same text is both the tail of the fresh install
# and the upgrade script.  VERSION (perfeval.control's default_version) is
# either the newest release or the version in the making, made of every
# src/sql/*.sql file in name order.
#
#   perfeval--V.sql        every release and VERSION: the fresh install
#   perfeval--A--B.sql     each release to the next (and the newest release
#                          to VERSION): the files B adds to A
#
# "names" prints the file names (for the Makefile), "build" writes them and
# stops with an error if a released file was edited.
set -eu
mode=$1; cur=$2
cd "$(dirname "$0")/../.."

releases=$(ls src/release/*.sha256 2>/dev/null | sed 's|src/release/\(.*\)\.sha256|\1|' | sort -V)
versions=$releases
echo "$releases" | grep -qx "$cur" || versions=$(printf '%s\n%s\n' "$releases" "$cur" | sed '/^$/d')

# files V: the src/sql files of version V, in order
files() {
    if [ -f "src/release/$1.sha256" ]; then
        sed 's/^[0-9a-f]*  //' "src/release/$1.sha256"
    else
        ls src/sql/*.sql | LC_ALL=C sort
    fi
}

names() {
    prev=
    for v in $versions; do
        echo "perfeval--$v.sql"
        [ -n "$prev" ] && echo "perfeval--$prev--$v.sql"
        prev=$v
    done
    return 0
}

if [ "$mode" = names ]; then
    names
    exit 0
fi

for r in $releases; do
    if ! sha256sum --quiet -c "src/release/$r.sha256" >/dev/null 2>&1; then
        echo "src/release/scripts.sh: a file of released version $r was changed:" >&2
        sha256sum --quiet -c "src/release/$r.sha256" >&2 || true
        echo "Released scripts are frozen: restore the file (git checkout) and make the change in a new src/sql file." >&2
        exit 1
    fi
done

prev=
for v in $versions; do
    files "$v" | xargs cat > "perfeval--$v.sql"
    if [ -n "$prev" ]; then
        {
            echo "/* perfeval upgrade script $prev -> $v, assembled by src/release/scripts.sh from the files $v adds */"
            echo
            echo '-- complain if script is sourced in psql, rather than via ALTER EXTENSION'
            printf '%s\n' '\echo Use "ALTER EXTENSION perfeval UPDATE" to load this file. \quit'
            files "$v" | grep -vxF "$(files "$prev")" | xargs -r cat
        } > "perfeval--$prev--$v.sql"
    fi
    prev=$v
done
