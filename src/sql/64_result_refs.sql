/* src/sql/64_result_refs.sql — an index on every column that references perfeval.result (issue 11) */

-- Deleting or re-evaluating draft results checks each referencing column;
-- without an index every check scans the whole referencing table.
CREATE INDEX reward_result_id_idx ON @extschema@.reward (result_id);
CREATE INDEX bonus_allocation_result_id_idx ON @extschema@.bonus_allocation (result_id);
CREATE INDEX penalty_result_id_idx ON @extschema@.penalty (result_id);
CREATE INDEX appeal_result_id_idx ON @extschema@.appeal (result_id);
CREATE INDEX appeal_new_result_id_idx ON @extschema@.appeal (new_result_id);
COMMENT ON INDEX @extschema@.reward_result_id_idx IS 'the foreign key to perfeval.result, checked when a result is deleted';
COMMENT ON INDEX @extschema@.bonus_allocation_result_id_idx IS 'the foreign key to perfeval.result, checked when a result is deleted';
COMMENT ON INDEX @extschema@.penalty_result_id_idx IS 'the foreign key to perfeval.result, checked when a result is deleted';
COMMENT ON INDEX @extschema@.appeal_result_id_idx IS 'the foreign key to perfeval.result, checked when a result is deleted';
COMMENT ON INDEX @extschema@.appeal_new_result_id_idx IS 'the foreign key to perfeval.result, checked when a result is deleted';
