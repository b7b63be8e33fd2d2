-- test/bench/soak/invariants.sql: checked after the soak run; one line per
-- check, 'ok' or 'VIOLATED' with the count.  Index scans off: duplicates
-- are looked for in the heap.
SET enable_indexscan = off;
SET enable_bitmapscan = off;
SET enable_indexonlyscan = off;
\pset format unaligned
\pset tuples_only on
SELECT rpad(check_name, 78) || CASE WHEN n = 0 THEN 'ok' ELSE 'VIOLATED x' || n END
FROM (
    SELECT 'no duplicate measurement (agent, month, indicator)' AS check_name,
           (SELECT count(*) FROM (SELECT 1 FROM perfeval.measurement GROUP BY agent_id, period_id, indicator_id HAVING count(*) > 1) AS d) AS n, 1 AS o
    UNION ALL
    SELECT 'import counts add up to the rows given',
           (SELECT count(*) FROM soak.count_mismatch), 2
    UNION ALL
    SELECT 'measurement history chains end at the stored value',
           (SELECT count(*) FROM (SELECT DISTINCT ON (h.measurement_id) h.measurement_id, h.new_value
                                  FROM perfeval.measurement_history AS h ORDER BY h.measurement_id, h.id DESC) AS l
            JOIN perfeval.measurement AS m ON m.id = l.measurement_id
            WHERE l.new_value <> m.value), 3
    UNION ALL
    SELECT 'measurement history: each change starts from the previous new value',
           (SELECT count(*) FROM (SELECT h.old_value, lag(h.new_value) OVER (PARTITION BY h.measurement_id ORDER BY h.id) AS prev
                                  FROM perfeval.measurement_history AS h) AS x WHERE x.prev IS NOT NULL AND x.prev <> x.old_value), 4
    UNION ALL
    SELECT 'one current result per period and agent',
           (SELECT count(*) FROM (SELECT 1 FROM perfeval.result GROUP BY period_id, agent_id HAVING count(*) FILTER (WHERE is_current) <> 1) AS d), 5
    UNION ALL
    SELECT 'a draft month''s current results come from one evaluation',
           (SELECT count(*) FROM (SELECT r.period_id FROM perfeval.result AS r JOIN perfeval.period AS p ON p.id = r.period_id
                                  WHERE p.state <> 'approved' AND r.is_current GROUP BY r.period_id HAVING count(DISTINCT r.evaluated_at) > 1) AS d), 6
    UNION ALL
    SELECT 'approved months: no result evaluated after approval but appeal revisions',
           (SELECT count(*) FROM perfeval.result AS r JOIN perfeval.period AS p ON p.id = r.period_id
            WHERE p.state = 'approved' AND r.evaluated_at > p.approved_at AND coalesce(r.revision_reason, '') NOT LIKE 'appeal %'), 7
    UNION ALL
    SELECT 'each appeal''s state is its last event''s to_state',
           (SELECT count(*) FROM perfeval.appeal AS a
            LEFT JOIN (SELECT DISTINCT ON (e.appeal_id) e.appeal_id, e.to_state FROM perfeval.appeal_event AS e ORDER BY e.appeal_id, e.id DESC) AS l
                   ON l.appeal_id = a.id
            WHERE a.state IS DISTINCT FROM l.to_state), 8
    UNION ALL
    SELECT 'no internal error (XX000) and no unique violation (23505) from a step',
           (SELECT count(*) FROM soak.log WHERE sqlstate IN ('XX000', '23505')), 9
) AS c ORDER BY o;
