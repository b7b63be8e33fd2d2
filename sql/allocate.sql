-- allocate: exact bonus-pool allocation by the largest-remainder method
-- (H-3.3.1 bonus by result, H-6.1.1 rewards).  Amounts have `scale`
-- decimals and sum exactly to the pool; the leftover units go to the largest
-- remainders, a tie to the larger share, then to the earlier position.

-- H-3.3.1: 100.00 among three equal shares: 33.33 each, the leftover cent
-- to the earliest
SELECT perfeval.allocate(100, '{1,1,1}');
-- 1000.00 by grade coefficients 1.5 (excellent), 1.2 (good), 1.0 x 2, 0 (fail)
WITH a(v) AS (SELECT perfeval.allocate(1000, '{1.5,1.2,1.0,1.0,0}'))
SELECT v, (SELECT sum(x) FROM unnest(v) AS x) AS total FROM a;
-- exact shares need no rounding
SELECT perfeval.allocate(600, '{1,2,3}');
-- a zero share gets 0, at the pool's scale
SELECT perfeval.allocate(100, '{0,1,2,3,0}');
-- remainder ties: 0.05 among 7 equal shares -> the 5 cents go to the first 5
SELECT perfeval.allocate(0.05, '{1,1,1,1,1,1,1}');
-- the largest remainders win, whatever the shares: 10 units among 2,1,1,2
-- (exact 3.33,1.67,1.67,3.33): floors 3,1,1,3, remainders 2,4,4,2 (of 6)
SELECT perfeval.allocate(10, '{2,1,1,2}', 0);
-- a remainder tie goes to the larger share: pool 2 among 1 and 3, exact 0.5
-- and 1.5 -> floors 0 and 1, remainders equal (2 of 4) -> the larger share
SELECT perfeval.allocate(2, '{1,3}', 0);
SELECT perfeval.allocate(2, '{3,1}', 0);
-- permuting the shares permutes the amounts
SELECT perfeval.allocate(100, '{5,3,2,7}') AS a, perfeval.allocate(100, '{7,2,5,3}') AS b;
-- scale 0 (whole yuan), scale 3, scale 15
SELECT perfeval.allocate(10, '{1,1,1}', 0);
SELECT perfeval.allocate(10, '{1,1,1}', 3);
SELECT perfeval.allocate(1, '{1,1,1}', 15);
-- pool 0 gives zeros
SELECT perfeval.allocate(0, '{1,2}');
-- a pool with trailing zeros beyond scale is fine (its value has 2 decimals)
SELECT perfeval.allocate(100.5000, '{1,1}', 1);
-- fractional and tiny shares are exact
SELECT perfeval.allocate(1000000, '{0.333333333333333333333333,0.666666666666666666666667}');
SELECT perfeval.allocate(99.99, '{1e-90,2e-90,3e-90}');
-- a large pool
SELECT perfeval.allocate(123456789012345678901234567.89, '{1,2,4}');
-- the lower bound of the shares is kept, so positions match
SELECT perfeval.allocate(10, '[0:2]={1,2,3}', 0);
-- one share takes everything
SELECT perfeval.allocate(12.34, '{5}');
-- STRICT: NULL arguments give NULL
SELECT perfeval.allocate(NULL, '{1}') IS NULL AS null_pool, perfeval.allocate(1, NULL) IS NULL AS null_shares,
       perfeval.allocate(1, '{1}', NULL) IS NULL AS null_scale;
-- a larger case: sum and count stay exact
SELECT count(*), sum(x), min(x), max(x)
FROM unnest(perfeval.allocate(1000000, (SELECT array_agg((i % 97)::numeric / 7) FROM generate_series(1, 10000) AS i))) AS x;

-- errors (the SQLSTATEs are tested in test/pgtap/allocate.sql)
SELECT perfeval.allocate(100, '{1,-1}');
SELECT perfeval.allocate(100, '{0,0}');
SELECT perfeval.allocate(100, '{}');
SELECT perfeval.allocate(100.005, '{1,1}');
SELECT perfeval.allocate(-1, '{1,1}');
SELECT perfeval.allocate('NaN', '{1,1}');
SELECT perfeval.allocate('Infinity', '{1,1}');
SELECT perfeval.allocate(100, '{1,NaN}');
SELECT perfeval.allocate(100, '{1,-Infinity}');
SELECT perfeval.allocate(100, '{1,NULL}');
SELECT perfeval.allocate(100, '{{1,2},{3,4}}');
SELECT perfeval.allocate(100, '{1,1}', -1);
SELECT perfeval.allocate(100, '{1,1}', 16);
SELECT perfeval.allocate(1e30, '{1,1}');
SELECT perfeval.allocate(100, '{1e30,1}');
SELECT perfeval.allocate(100, ARRAY[1, 1e-101]);
