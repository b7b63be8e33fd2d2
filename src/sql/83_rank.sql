/* src/sql/83_rank.sql — 1.1: ranks within groups from one sort (H-1.2.1, issue 11) */

-- rank_in(group_key) OVER (ORDER BY ...): the rows so far, the current one
-- included, with the current row's key (NULL keys are one group), in the
-- window's order: row_number() OVER (PARTITION BY group_key ORDER BY the
-- same keys) when the order has no peers.  evaluate_detail ranks each
-- agent in team, department and company over one sort (1.1, issue 11: the
-- three partitioned windows sorted the period three times).
CREATE FUNCTION @extschema@.rank_in(group_key integer)
RETURNS integer
AS 'MODULE_PATHNAME', 'pe_rank_in'
LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rank_in(integer) IS
'window function: the running number (an integer, as the ranks) of rows with the current row''s key (row_number() OVER (PARTITION BY group_key) in the window''s order, from one sort), NULL keys one group (H-1.2.1)';
