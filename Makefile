# perfeval — PGXS build.
#
# The C sources are every src/*.c (one file per concept).  The SQL scripts
# are assembled by src/release/scripts.sh from src/sql/*.sql: the fresh
# install of every release and of the version in the making (all files in
# name order), and one upgrade script per step; a released version's files
# are frozen (src/release/VERSION.sha256), so a new room or a change adds
# files without touching this Makefile.  pg_regress runs every
# sql/NAME.sql against expected/NAME.out.

EXTENSION  = perfeval
EXTVERSION = $(shell sed -n "s/^default_version = '\(.*\)'/\1/p" perfeval.control)

MODULE_big = perfeval
OBJS       = $(patsubst %.c,%.o,$(sort $(wildcard src/*.c)))

SQL_PARTS  = $(sort $(wildcard src/sql/*.sql))
RELEASED   = $(wildcard src/release/*.sha256)
DATA_built = $(shell sh src/release/scripts.sh names $(EXTVERSION))

REGRESS      = $(patsubst sql/%.sql,%,$(sort $(wildcard sql/*.sql)))
REGRESS_OPTS = --load-extension=$(EXTENSION)
ISOLATION      = $(patsubst test/isolation/specs/%.spec,%,$(sort $(wildcard test/isolation/specs/*.spec)))
ISOLATION_OPTS = --inputdir=test/isolation --outputdir=test/isolation --load-extension=$(EXTENSION)

EXTRA_CLEAN = $(DATA_built) test/isolation/output_iso test/isolation/results

# installcheck is ours (below), not PGXS's
NO_INSTALLCHECK = 1

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)

# PostgreSQL 15 or later (tested on 15): say so here rather than with a
# compile error or a syntax error in CREATE EXTENSION.
PG_MAJOR := $(shell $(PG_CONFIG) --version | sed -n 's/^PostgreSQL \([0-9][0-9]*\).*/\1/p')
ifeq ($(PG_MAJOR),)
$(error cannot run $(PG_CONFIG) --version: install postgresql-server-dev-15 or set PG_CONFIG)
endif
ifeq ($(shell test $(PG_MAJOR) -ge 15 && echo ok),)
$(error perfeval needs PostgreSQL 15 or later; $(PG_CONFIG) is PostgreSQL $(PG_MAJOR))
endif
ifeq ($(filter clean,$(MAKECMDGOALS))$(wildcard $(shell $(PG_CONFIG) --includedir-server)/postgres.h),)
$(error the PostgreSQL server headers are missing ($(shell $(PG_CONFIG) --includedir-server)/postgres.h): apt-get install postgresql-server-dev-$(PG_MAJOR))
endif

include $(PGXS)

$(DATA_built) &: $(SQL_PARTS) $(RELEASED) perfeval.control src/release/scripts.sh
	sh src/release/scripts.sh build $(EXTVERSION)

$(OBJS): src/perfeval.h
src/calendar.o src/bizday.o: src/calendar.h

# pg_regress and isolation: what PGXS's installcheck would run (both, even
# when the first fails)
.PHONY: installcheck installcheck-regress
installcheck-regress: submake $(REGRESS_PREP)
	@status=0; \
	$(pg_regress_installcheck) $(REGRESS_OPTS) $(REGRESS) || status=1; \
	$(pg_isolation_regress_installcheck) $(ISOLATION_OPTS) $(ISOLATION) || status=1; \
	exit $$status

# make installcheck (against the running server of PGHOST/PGPORT/PGUSER, as
# a superuser; docs/testing.md) runs test/installcheck.sh: pg_regress and
# isolation (make installcheck-regress), the lints, the oracles, the pg_dump
# round trip, the doc test, the reference check and the pgTAP suites, every
# suite that needs neither root nor a throw-away cluster.
installcheck:
	@MAKE='$(MAKE)' bash test/installcheck.sh
