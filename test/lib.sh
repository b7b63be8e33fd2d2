# Shared by test/check.sh, test/demo.sh and test/bench/run.sh: install what
# is missing, then build and install the extension.  Sourced, not run.

# pe_install_deps: the Debian packages the commands need (root only).
pe_install_deps() {
    local need=()
    [ -f /usr/lib/postgresql/15/lib/pgxs/src/makefiles/pgxs.mk ] || need+=(postgresql-server-dev-15)
    [ -d /usr/share/postgresql/15/extension ] && ls /usr/share/postgresql/15/extension/pgtap.control >/dev/null 2>&1 || need+=(postgresql-15-pgtap)
    command -v pg_prove >/dev/null 2>&1 || need+=(libtap-parser-sourcehandler-pgtap-perl)
    command -v pg_virtualenv >/dev/null 2>&1 || need+=(postgresql-common)
    /usr/bin/python3 -c 'import numpy' >/dev/null 2>&1 || need+=(python3-numpy)
    command -v make >/dev/null 2>&1 || need+=(make)
    command -v gcc >/dev/null 2>&1 || need+=(gcc)
    if [ ${#need[@]} -gt 0 ]; then
        if [ "$(id -u)" != 0 ]; then
            echo "missing packages: ${need[*]} (run as root, or apt-get install them)" >&2
            return 1
        fi
        echo "== installing ${need[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq "${need[@]}" >/dev/null
    fi
}

# pe_build: a warning-free build and install of the extension.
pe_build() {
    echo "== building perfeval"
    make -s clean >/dev/null
    make -s PG_CFLAGS='-Wall -Wextra -Wno-unused-parameter -Werror'
    make -s install >/dev/null
}
