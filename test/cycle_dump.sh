#!/usr/bin/env bash
# issue 4 item 14: pg_dump of a database using the evaluation cycle, restored
# into a fresh database, keeps all user data (tables registered with
# pg_extension_config_dump; seeded rows come from CREATE EXTENSION).
# Run inside a cluster (PGHOST/PGPORT/PGUSER set), e.g.
#   pg_virtualenv -v 15 bash test/cycle_dump.sh
# Exits non-zero when a table differs.
set -euo pipefail
src=perfeval_dump_src
dst=perfeval_dump_dst
dump=$(mktemp)
trap 'rm -f "$dump"' EXIT
for db in $src $dst; do psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db"; done
createdb $src
psql -X -q -d $src -v ON_ERROR_STOP=1 <<'SQL'
CREATE EXTENSION perfeval;
INSERT INTO perfeval.department (code, name) VALUES ('D1', 'Pre-sales');
INSERT INTO perfeval.team (department_id, code, name) VALUES (1, 'A', 'Team A');
INSERT INTO perfeval.agent (employee_no, name, team_id, hired_on)
SELECT 'E' || g, 'Agent ' || g, 1, date '2024-01-01' FROM generate_series(1, 5) AS g;
INSERT INTO perfeval.indicator (code, dimension, name_zh, name_en, unit, direction, min_value, max_value)
VALUES ('nps', 'satisfaction', '净推荐值', 'net promoter score', 'score', 'higher_better', -100, 100);
INSERT INTO perfeval.scheme_version (name, valid_from) VALUES ('v2025', '2025-01-01');
INSERT INTO perfeval.scheme_item (scheme_version_id, indicator_id, weight_bp, worst, best)
SELECT 2, id, 5000, CASE code WHEN 'nps' THEN -100 ELSE 0 END, 100
FROM perfeval.indicator WHERE code IN ('proactive_service', 'nps');
SELECT perfeval.import_measurements(jsonb_agg(jsonb_build_object('employee_no', 'E' || g, 'month', '2025-01',
           'indicator', i, 'value', 50 + g, 'source', 'survey')), 'b1')
FROM generate_series(1, 5) AS g, unnest(ARRAY['proactive_service', 'nps', 'bogus']) AS i;
INSERT INTO perfeval.layer_score (agent_id, period_id, layer, score) VALUES (1, 1, 'self', 90);
SELECT perfeval.evaluate(1);
SELECT perfeval.approve(1);
INSERT INTO perfeval.result (period_id, agent_id, revision, scheme_version_id, team_id, department_id,
                             measured_total, company_score, total, grade, revision_reason)
VALUES (1, 2, 2, 2, 1, 1, 95, 95, 95, 'excellent', 'appeal');
SELECT perfeval.regrade(1, 're-ranked after the appeal');
SELECT perfeval.evaluate(perfeval.period_of('quarter', '2025-01-01'));
SQL
pg_dump -Fc -d $src -f "$dump"
createdb $dst
pg_restore --exit-on-error -d $dst "$dump"
status=0
for t in department team agent period indicator scheme_version scheme_item measurement \
         measurement_quarantine layer_score result result_indicator; do
    q="SELECT count(*) || ' ' || coalesce(md5(string_agg(x::text, ',' ORDER BY x::text)), '-')
       FROM perfeval.$t AS x WHERE NOT (to_jsonb(x) @> '{\"seeded\": true}')"
    a=$(psql -X -At -d $src -c "$q")
    b=$(psql -X -At -d $dst -c "$q")
    if [ "$a" = "$b" ]; then echo "ok $t ($a)"; else echo "not ok $t: $a vs $b"; status=1; fi
done
# the sequences go on where they were
a=$(psql -X -At -d $src -c "SELECT last_value FROM perfeval.result_id_seq")
b=$(psql -X -At -d $dst -c "SELECT last_value FROM perfeval.result_id_seq")
if [ "$a" = "$b" ]; then echo "ok result_id_seq ($a)"; else echo "not ok result_id_seq: $a vs $b"; status=1; fi
# the restored approved results are still locked
if psql -X -q -d $dst -c "DELETE FROM perfeval.result WHERE period_id = 1" 2>/dev/null; then
    echo "not ok: restored approved results could be deleted"; status=1
else
    echo "ok restored approved results stay locked"
fi
for db in $src $dst; do psql -X -q -d postgres -c "DROP DATABASE $db"; done
exit $status
