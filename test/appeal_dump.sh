#!/usr/bin/env bash
# issue 5: pg_dump of a database with rewards, bonus pools, penalties and
# appeals, restored into a fresh database, keeps every user row (the tables
# are registered with pg_extension_config_dump; seeded rows come from
# CREATE EXTENSION), the sequences' positions, and the append-only log stays
# append-only.  Run inside a cluster (PGHOST/PGPORT/PGUSER set), e.g.
#   pg_virtualenv -v 15 bash test/appeal_dump.sh
# Exits non-zero when a table differs.
set -euo pipefail
cd "$(dirname "$0")/.."
src=perfeval_appeal_src
dst=perfeval_appeal_dst
dump=$(mktemp)
trap 'rm -f "$dump"' EXIT
for db in $src $dst; do psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db"; done
createdb $src
psql -X -q -d $src -v ON_ERROR_STOP=1 >/dev/null <<'SQL'
CREATE EXTENSION perfeval;
SET timezone = 'Asia/Shanghai';
INSERT INTO perfeval.department (code, name) VALUES ('D1', 'Service'), ('D2', 'Sales support');
INSERT INTO perfeval.team (department_id, code, name) SELECT d.id, 'T' || d.id || g, 'Team ' || d.id || g
FROM perfeval.department AS d, generate_series(1, 2) AS g;
INSERT INTO perfeval.agent (employee_no, name, team_id, hired_on)
SELECT 'CS' || lpad(i::text, 3, '0'), 'Agent ' || i, (SELECT id FROM perfeval.team ORDER BY id OFFSET (i % 4) LIMIT 1), '2024-01-01'
FROM generate_series(1, 24) AS i;
INSERT INTO perfeval.result (period_id, agent_id, scheme_version_id, team_id, department_id, total, grade)
SELECT perfeval.period_of('month', '2025-09-01'), a.id, 1, a.team_id, t.department_id, x.total, perfeval.grade_of(x.total::float8)
FROM perfeval.agent AS a JOIN perfeval.team AS t ON t.id = a.team_id,
     LATERAL (SELECT round(55 + ((a.id * 37) % 44)::numeric + 0.25, 2) AS total) AS x;
SELECT perfeval.regrade(perfeval.period_of('month', '2025-09-01'), 'ranks');
INSERT INTO perfeval.appeal_policy (name, value) VALUES ('leadership_days', '7');
INSERT INTO perfeval.scheme_version (name, valid_from) VALUES ('v2030', '2030-01-01');
INSERT INTO perfeval.bonus_coefficient (scheme_version_id, grade, coefficient)
SELECT id, 'excellent', 2 FROM perfeval.scheme_version WHERE name = 'v2030';
\i test/demo/demo_appeals.sql
SQL
pg_dump -Fc -d $src -f "$dump"
createdb $dst
pg_restore --exit-on-error -d $dst "$dump"
status=0
for t in reward bonus_coefficient bonus_pool bonus_allocation penalty appeal_policy result_feedback \
         appeal appeal_event appeal_deadline; do
    q="SELECT count(*) || ' ' || coalesce(md5(string_agg(x::text, ',' ORDER BY x::text)), '-')
       FROM perfeval.$t AS x WHERE NOT (to_jsonb(x) @> '{\"seeded\": true}')"
    a=$(psql -X -At -d $src -c "$q")
    b=$(psql -X -At -d $dst -c "$q")
    if [ "$a" = "$b" ]; then echo "ok $t ($a)"; else echo "not ok $t: $a vs $b"; status=1; fi
done
for s in reward_id_seq bonus_pool_id_seq penalty_id_seq appeal_id_seq appeal_event_id_seq appeal_deadline_id_seq; do
    a=$(psql -X -At -d $src -c "SELECT last_value FROM perfeval.$s")
    b=$(psql -X -At -d $dst -c "SELECT last_value FROM perfeval.$s")
    if [ "$a" = "$b" ]; then echo "ok $s ($a)"; else echo "not ok $s: $a vs $b"; status=1; fi
done
if psql -X -q -d $dst -c "DELETE FROM perfeval.appeal_event" 2>/dev/null; then
    echo "not ok: the restored appeal_event could be changed"; status=1
else
    echo "ok the restored appeal_event stays append-only"
fi
exit $status
