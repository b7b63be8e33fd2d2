/* src/sql/39_append_only.sql — one trigger that keeps a log table append-only (H-4.3, H-8.3.3) */

-- append_only(detail, hint): BEFORE UPDATE / DELETE (row) and TRUNCATE
-- (statement) trigger of a history table: refuses the change (55000), also
-- for the owner's ordinary use, with the table's own detail and hint given
-- as the trigger's two arguments.
CREATE FUNCTION @extschema@.append_only()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'object_not_in_prerequisite_state',
              DETAIL = TG_ARGV[0],
              HINT = TG_ARGV[1];
END
$$;
COMMENT ON FUNCTION @extschema@.append_only() IS
'trigger: refuses UPDATE, DELETE and TRUNCATE of a history table (55000) with the detail and hint given as its arguments (measurement_history H-4.3, appeal_event H-8.3.3)';
