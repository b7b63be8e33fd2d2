-- test/fault/checks.sql: the invariants that hold at any time (fault.sh runs
-- them after every recovery and at the end).  Index scans are off (the
-- caller's SET), so duplicates are looked for in the heap.
SET timezone = 'UTC';
SELECT CASE WHEN count(*) = 0 THEN 'ok   ' ELSE 'FAIL ' END || :'step' || ': no duplicate measurement (agent, month, indicator)'
FROM (SELECT 1 FROM perfeval.measurement GROUP BY agent_id, period_id, indicator_id HAVING count(*) > 1) AS d;
SELECT CASE WHEN count(*) = 0 THEN 'ok   ' ELSE 'FAIL ' END || :'step' || ': one current result per period and agent'
FROM (SELECT 1 FROM perfeval.result GROUP BY period_id, agent_id HAVING count(*) FILTER (WHERE is_current) <> 1) AS d;
SELECT CASE WHEN count(*) = 0 THEN 'ok   ' ELSE 'FAIL ' END || :'step' || ': every result''s indicator rows belong to a result'
FROM perfeval.result_indicator AS ri
WHERE NOT EXISTS (SELECT 1 FROM perfeval.result AS r WHERE (r.period_id, r.agent_id, r.revision) = (ri.period_id, ri.agent_id, ri.revision));
SELECT CASE WHEN count(*) = 0 THEN 'ok   ' ELSE 'FAIL ' END || :'step' || ': each appeal''s state is its last event''s to_state'
FROM perfeval.appeal AS a
WHERE a.state IS DISTINCT FROM (SELECT e.to_state FROM perfeval.appeal_event AS e WHERE e.appeal_id = a.id ORDER BY e.id DESC LIMIT 1);
SELECT CASE WHEN count(*) = 0 THEN 'ok   ' ELSE 'FAIL ' END || :'step' || ': the approved results unchanged (is_current aside)'
FROM public.fault_approved AS f
LEFT JOIN perfeval.result AS r ON r.id = f.id
WHERE r.id IS NULL OR to_jsonb(r) - 'is_current' <> f.row;
SELECT CASE WHEN count(*) = 0 THEN 'ok   ' ELSE 'FAIL ' END || :'step' || ': no result of an approved period outside the approved set but an appeal revision'
FROM perfeval.result AS r JOIN perfeval.period AS p ON p.id = r.period_id
WHERE p.state = 'approved' AND r.id NOT IN (SELECT id FROM public.fault_approved) AND r.revision_reason NOT LIKE 'appeal %';
-- amcheck: every btree index of perfeval consistent with its heap (a
-- corrupt one raises an error, which fails the script)
SELECT 'ok   ' || :'step' || ': amcheck bt_index_check(heapallindexed) on ' || count(*) || ' perfeval indexes'
       || repeat('', length(string_agg(public.bt_index_check(c.oid, true)::text, '')))
FROM pg_class AS c JOIN pg_am AS am ON am.oid = c.relam
WHERE c.relkind = 'i' AND am.amname = 'btree' AND c.relnamespace = 'perfeval'::regnamespace AND c.relpersistence = 'p';
