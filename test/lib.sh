# Shared by test/check.sh, test/demo.sh, test/bench/run.sh and
# test/valgrind.sh: install what is missing, then build and install the
# extension.  Sourced, not run.
#
# Each dependency is detected by the file or command that is actually used,
# never by a neighbour: pgxs.mk ships with postgresql-client-15 while
# postgres.h comes only with postgresql-server-dev-15, so the server headers
# are looked for as postgres.h under `pg_config --includedir-server`.

PE_PG_MAJOR=15

# pe_pg_config: the pg_config to build with ($PG_CONFIG, else PostgreSQL 15's).
pe_pg_config() {
    if [ -n "${PG_CONFIG:-}" ]; then
        echo "$PG_CONFIG"
    elif [ -x /usr/lib/postgresql/$PE_PG_MAJOR/bin/pg_config ]; then
        echo /usr/lib/postgresql/$PE_PG_MAJOR/bin/pg_config
    else
        echo pg_config
    fi
}

# pe_missing_packages: prints the Debian packages whose files are missing.
pe_missing_packages() {
    local pgc inc share need=()
    pgc=$(pe_pg_config)
    command -v make >/dev/null 2>&1 || need+=(make)
    command -v gcc >/dev/null 2>&1 || need+=(gcc)
    command -v pg_virtualenv >/dev/null 2>&1 || need+=(postgresql-common)
    if command -v "$pgc" >/dev/null 2>&1; then
        inc=$("$pgc" --includedir-server 2>/dev/null)
        share=$("$pgc" --sharedir 2>/dev/null)
        [ -f "$("$pgc" --pgxs 2>/dev/null)" ] || need+=(postgresql-server-dev-$PE_PG_MAJOR)
    else
        inc=/usr/include/postgresql/$PE_PG_MAJOR/server
        share=/usr/share/postgresql/$PE_PG_MAJOR
        need+=(postgresql-client-$PE_PG_MAJOR)
    fi
    [ -f "$inc/postgres.h" ] || need+=(postgresql-server-dev-$PE_PG_MAJOR)
    [ -f "$share/extension/pgtap.control" ] || need+=(postgresql-$PE_PG_MAJOR-pgtap)
    command -v pg_prove >/dev/null 2>&1 || need+=(libtap-parser-sourcehandler-pgtap-perl)
    /usr/bin/python3 -c 'import numpy' >/dev/null 2>&1 || need+=(python3-numpy)
    # the client tests (test/clients/run.sh)
    /usr/bin/python3 -c 'import psycopg2' >/dev/null 2>&1 || need+=(python3-psycopg2)
    [ -f /usr/share/java/postgresql.jar ] || need+=(libpostgresql-jdbc-java)
    command -v javac >/dev/null 2>&1 || need+=(default-jdk-headless)
    # the Citus build (test/citus/build.sh): its configure requires lz4 and
    # zstd, and its sources include libpq-be.h, which includes gssapi.h
    [ -f /usr/include/lz4.h ] || need+=(liblz4-dev)
    [ -f /usr/include/zstd.h ] || need+=(libzstd-dev)
    [ -f /usr/include/gssapi/gssapi.h ] || need+=(libkrb5-dev)
    # the report in a real browser (test/report/check_report.sh): Chromium,
    # a CJK font for the Chinese labels, PIL to read the PNG
    command -v chromium >/dev/null 2>&1 || need+=(chromium)
    fc-list :lang=zh family 2>/dev/null | grep -qi 'noto sans cjk' || need+=(fonts-noto-cjk)
    /usr/bin/python3 -c 'import PIL' >/dev/null 2>&1 || need+=(python3-pil)
    [ ${#need[@]} -eq 0 ] || printf '%s\n' "${need[@]}" | sort -u
}

# pe_install_deps: installs the missing Debian packages (root only), then
# checks that every file is really there.
pe_install_deps() {
    local need
    need=$(pe_missing_packages)
    if [ -n "$need" ]; then
        if [ "$(id -u)" != 0 ]; then
            echo "missing packages: $(echo $need) (run as root, or apt-get install them)" >&2
            return 1
        fi
        echo "== installing $(echo $need)"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        # shellcheck disable=SC2086
        apt-get install -y -qq $need >/dev/null
        need=$(pe_missing_packages)
        if [ -n "$need" ]; then
            echo "still missing after apt-get install: $(echo $need)" >&2
            return 1
        fi
    fi
}

# pe_build: a warning-free build and install of the extension.
pe_build() {
    local pgc
    pgc=$(pe_pg_config)
    echo "== building perfeval"
    make -s PG_CONFIG="$pgc" clean >/dev/null
    make -s PG_CONFIG="$pgc" PG_CFLAGS='-Wall -Wextra -Wno-unused-parameter -Werror'
    make -s PG_CONFIG="$pgc" install >/dev/null
}
