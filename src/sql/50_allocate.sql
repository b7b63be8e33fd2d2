/* src/sql/50_allocate.sql — the allocation room: exact bonus-pool allocation (H-3.3.1, H-6.1.1) */

CREATE FUNCTION @extschema@.allocate(pool numeric, shares numeric[], scale int DEFAULT 2)
RETURNS numeric[]
AS 'MODULE_PATHNAME', 'pe_allocate'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.allocate(numeric, numeric[], int) IS
'pool split in proportion to shares into amounts with scale decimals (0-15) that sum exactly to pool, by largest remainder; a remainder tie goes to the larger share, then the earlier position; a zero share gets 0 (H-3.3.1)';
