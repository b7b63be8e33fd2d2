#!/usr/bin/env bash
# Builds Citus from the vendored source tarball (../shared/vendor, see its
# README) once per tarball, patch and PostgreSQL, and installs it into the
# PostgreSQL of $PG_CONFIG.  The build is cached under
# ${PE_CITUS_CACHE:-/var/cache/perfeval-citus}/<key>, the key being the
# SHA-256 of the tarball and the patch and the pg_config version and path.
# Exit 0 = installed; 2 = the tarball is absent (the caller says so and
# skips); anything else = the build failed.
set -euo pipefail
# the vendored sources: $PE_CITUS_VENDOR if set, else ../shared/vendor
# beside the repository (a worktree's: /work/shared/vendor)
if [ -n "${PE_CITUS_VENDOR:-}" ]; then
    vendor=$PE_CITUS_VENDOR
else
    vendor=$(cd "$(dirname "$0")/../../.." && pwd)/shared/vendor
    [ -d "$vendor" ] || vendor=/work/shared/vendor
fi
tarball=$vendor/citus-13.2.2.tar.gz
patchfile=$vendor/citus-13.2.2-pg15-have_createdb_privilege.patch
[ -f "$tarball" ] || exit 2
pgc=${PG_CONFIG:-pg_config}
key=$( { sha256sum "$tarball" "$patchfile" | cut -d' ' -f1; "$pgc" --version; command -v "$pgc"; } | sha256sum | cut -c1-16)
cache=${PE_CITUS_CACHE:-/var/cache/perfeval-citus}/$key
if [ ! -f "$cache/.built" ]; then
    echo "citus: building 13.2.2 into $cache (once; about 3.5 minutes on 2 cores)"
    rm -rf "$cache"; mkdir -p "$cache"
    tar -xzf "$tarball" -C "$cache" --strip-components=1
    ( cd "$cache" && patch -p1 -s < "$patchfile" &&
      ./configure -q --without-libcurl PG_CONFIG="$pgc" >"$cache/configure.log" 2>&1 &&
      make -s -j2 PG_CONFIG="$pgc" >"$cache/make.log" 2>&1 ) ||
        { echo "citus: build failed (logs in $cache)"; tail -20 "$cache/make.log" 2>/dev/null; exit 1; }
    touch "$cache/.built"
else
    echo "citus: cached build $cache"
fi
make -s -C "$cache" install PG_CONFIG="$pgc" >"$cache/install.log" 2>&1 ||
    { echo "citus: make install failed (log in $cache/install.log)"; exit 1; }
