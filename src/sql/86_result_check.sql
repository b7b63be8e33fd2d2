/* src/sql/86_result_check.sql — 1.1: result_check reads each result's indicator ids in one pass (issue 11) */

-- result_check(): statement trigger after INSERT or UPDATE on result:
-- every new row names an existing period, agent, scheme version, team,
-- department and existing indicators, else 23503 as a foreign key would
-- (H-3.2.3).  One anti-join per reference over the statement's rows.
-- 1.1: the indicator ids of the statement's rows are gathered as one
-- bit set (indicator_bits, ids 0-62; other ids are unnested) and made
-- distinct before the anti-join (1.0 unnested each row in a lateral
-- function scan under a rescanned hash anti-join: 45 ms of a
-- 10,000-result month).  JIT is off: enable_nestloop = off prices every
-- plan above jit_above_cost, and compiling it made a one-row update of a
-- result (an appeal's revision, a calibration) cost 400 ms instead of 3.
DROP TRIGGER result_check_insert ON @extschema@.result;
DROP TRIGGER result_check_update ON @extschema@.result;
DROP FUNCTION @extschema@.result_check();
CREATE FUNCTION @extschema@.result_check()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
SET enable_nestloop = off
SET jit = off
AS $$
DECLARE
    bad record;
BEGIN
    SELECT x.what, x.id INTO bad FROM (
        (SELECT 'period' AS what, n.period_id AS id FROM new_rows AS n
         WHERE NOT EXISTS (SELECT FROM perfeval.period AS t WHERE t.id = n.period_id) LIMIT 1)
        UNION ALL
        (SELECT 'agent', n.agent_id FROM new_rows AS n
         WHERE NOT EXISTS (SELECT FROM perfeval.agent AS t WHERE t.id = n.agent_id) LIMIT 1)
        UNION ALL
        (SELECT 'scheme_version', n.scheme_version_id FROM new_rows AS n
         WHERE NOT EXISTS (SELECT FROM perfeval.scheme_version AS t WHERE t.id = n.scheme_version_id) LIMIT 1)
        UNION ALL
        (SELECT 'team', n.team_id FROM new_rows AS n
         WHERE NOT EXISTS (SELECT FROM perfeval.team AS t WHERE t.id = n.team_id) LIMIT 1)
        UNION ALL
        (SELECT 'department', n.department_id FROM new_rows AS n
         WHERE NOT EXISTS (SELECT FROM perfeval.department AS t WHERE t.id = n.department_id) LIMIT 1)
        UNION ALL
        (SELECT 'indicator', u.id
         FROM (SELECT DISTINCT v.id
               FROM (-- ids 0-62: the bits of all rows, OR-ed, then each set bit
                     SELECT j AS id
                     FROM (SELECT bit_or(perfeval.indicator_bits(n.indicator_ids)) AS m FROM new_rows AS n) AS b,
                          generate_series(0, 62) AS j
                     WHERE (b.m & (1::bigint << j)) <> 0
                     UNION ALL
                     -- other ids (indicator_bits is NULL): unnested
                     SELECT unnest(n.indicator_ids) FROM new_rows AS n
                     WHERE perfeval.indicator_bits(n.indicator_ids) IS NULL) AS v) AS u
         WHERE NOT EXISTS (SELECT FROM perfeval.indicator AS t WHERE t.id = u.id) LIMIT 1)) AS x
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'a result names % %, which does not exist', bad.what, bad.id
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = 'Every result names an existing period, agent, scheme version, team, department and indicators.',
                  HINT = 'Results are written by perfeval.evaluate and the appeal path.';
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION @extschema@.result_check() IS
'statement trigger: every inserted or updated result names an existing period, agent, scheme version, team, department and indicators (23503), checked once per statement (H-3.2.3)';

CREATE TRIGGER result_check_insert AFTER INSERT ON @extschema@.result
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.result_check();
CREATE TRIGGER result_check_update AFTER UPDATE ON @extschema@.result
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.result_check();
COMMENT ON TRIGGER result_check_insert ON @extschema@.result IS
'every inserted result names existing rows it refers to (23503), once per statement';
COMMENT ON TRIGGER result_check_update ON @extschema@.result IS
'every updated result names existing rows it refers to (23503), once per statement';
