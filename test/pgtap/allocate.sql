-- pgTAP: perfeval.allocate — exact bonus-pool allocation (H-3.3.1, H-6.1.1).
-- Every error with its SQLSTATE, and the invariants on randomized inputs:
-- the sum equals the pool exactly, permuting the shares permutes the
-- amounts, zero shares get 0, each amount is within one unit of its exact
-- share (floor or floor + 1 unit).
BEGIN;
CREATE EXTENSION IF NOT EXISTS perfeval;
SELECT plan(34);

-- catalogue: signature, volatility, strictness
SELECT has_function('perfeval', 'allocate', ARRAY['numeric', 'numeric[]', 'integer'], 'H-3.3.1: allocate(numeric, numeric[], int) exists');
SELECT volatility_is('perfeval', 'allocate', ARRAY['numeric', 'numeric[]', 'integer'], 'immutable', 'allocate is IMMUTABLE');
SELECT is_strict('perfeval', 'allocate', ARRAY['numeric', 'numeric[]', 'integer'], 'allocate is STRICT');
SELECT is((SELECT proparallel FROM pg_proc WHERE oid = 'perfeval.allocate(numeric, numeric[], int)'::regprocedure),
          's'::"char", 'allocate is PARALLEL SAFE');

-- H-3.3.1 exact results
SELECT is(perfeval.allocate(100, '{1,1,1}'), '{33.34,33.33,33.33}'::numeric[], 'H-3.3.1: leftover cent to the earliest of equal shares');
SELECT is(perfeval.allocate(2, '{1,3}', 0), '{0,2}'::numeric[], 'H-3.3.1: a remainder tie goes to the larger share');
SELECT is(perfeval.allocate(100, '{0,1,0}'), '{0.00,100.00,0.00}'::numeric[], 'H-3.3.1: zero shares get 0');
SELECT is(perfeval.allocate(10, '{1,1,1}', 0), '{4,3,3}'::numeric[], 'H-3.3.1: scale 0');
SELECT is(perfeval.allocate(NULL, '{1}'), NULL, 'STRICT: NULL pool gives NULL');

-- every error with its SQLSTATE (H-3.3.1)
SELECT throws_ok($$SELECT perfeval.allocate(100, '{1,-1}')$$, '22023', 'shares must not be negative', 'H-3.3.1: a negative share is 22023');
SELECT throws_ok($$SELECT perfeval.allocate(100, '{0,0,0}')$$, '22023', 'shares must include a positive share', 'H-3.3.1: all-zero shares are 22023');
SELECT throws_ok($$SELECT perfeval.allocate(100, '{}')$$, '22023', 'shares must include a positive share', 'H-3.3.1: no shares is 22023');
SELECT throws_ok($$SELECT perfeval.allocate(100.005, '{1,1}')$$, '22023', 'pool has more decimals than scale', 'H-3.3.1: a pool with more decimals than scale is 22023');
SELECT throws_ok($$SELECT perfeval.allocate(10.5, '{1,1}', 0)$$, '22023', 'pool has more decimals than scale', 'H-3.3.1: 10.5 at scale 0 is 22023');
SELECT throws_ok($$SELECT perfeval.allocate(-0.01, '{1,1}')$$, '22023', 'pool must not be negative', 'a negative pool is 22023');
SELECT throws_ok($$SELECT perfeval.allocate('NaN', '{1,1}')$$, '22023', 'pool must be a finite number', 'a NaN pool is 22023');
SELECT throws_ok($$SELECT perfeval.allocate('Infinity', '{1,1}')$$, '22023', 'pool must be a finite number', 'an infinite pool is 22023');
SELECT throws_ok($$SELECT perfeval.allocate(100, '{1,NaN}')$$, '22023', 'shares must be finite numbers', 'a NaN share is 22023');
SELECT throws_ok($$SELECT perfeval.allocate(100, '{Infinity,1}')$$, '22023', 'shares must be finite numbers', 'an infinite share is 22023');
SELECT throws_ok($$SELECT perfeval.allocate(100, '{1,NULL}')$$, '22023', 'shares must not contain NULL elements', 'a NULL share is 22023');
SELECT throws_ok($$SELECT perfeval.allocate(100, '{{1,2},{3,4}}')$$, '22023', 'shares must be a one-dimensional array', 'a 2-D shares array is 22023');
SELECT throws_ok($$SELECT perfeval.allocate(100, '{1,1}', -1)$$, '22023', 'scale must be between 0 and 15', 'scale -1 is 22023');
SELECT throws_ok($$SELECT perfeval.allocate(100, '{1,1}', 16)$$, '22023', 'scale must be between 0 and 15', 'scale 16 is 22023');
SELECT throws_ok($$SELECT perfeval.allocate(100, '{1,1}', 2147483647)$$, '22023', 'scale must be between 0 and 15', 'scale 2^31-1 is 22023');
SELECT throws_ok($$SELECT perfeval.allocate(1e30, '{1,1}')$$, '22003', 'pool is too large', 'a pool of 10^30 is 22003');
SELECT throws_ok($$SELECT perfeval.allocate(100, '{1e30,1}')$$, '22003', 'share is too large', 'a share of 10^30 is 22003');
SELECT throws_ok($$SELECT perfeval.allocate(100, ARRAY[1, 1e-101])$$, '22023', 'share has too many decimals', 'a share with 101 decimals is 22023');
SELECT throws_ok($$SELECT perfeval.allocate(100, array_fill(1::numeric, ARRAY[1000001]))$$, '54000', 'shares has too many elements', 'more than 1,000,000 shares is 54000');

-- randomized invariants over 300 inputs (H-3.3.1), reproducible
DO $$BEGIN PERFORM setseed(0.31); END$$;
CREATE TEMP TABLE alloc_case AS
SELECT c,
       scale,
       -- every fifth pool is huge: more than 10^18 units, the numeric path
       round((random() * CASE WHEN c % 5 = 0 THEN 1e22 ELSE 1e4 END)::numeric, scale) AS pool,
       shares
FROM (SELECT c, (random() * 4)::int AS scale,
             (SELECT array_agg(CASE WHEN random() < 0.2 THEN 0
                                    WHEN random() < 0.3 THEN (1 + (random() * 3)::int)::numeric  -- many equal shares
                                    ELSE round((random() * 100)::numeric, (random() * 6)::int) END)
              FROM generate_series(1, 1 + (random() * 30)::int + 0 * c)) AS shares
      FROM generate_series(1, 300) AS c) AS s
WHERE EXISTS (SELECT FROM unnest(shares) AS x WHERE x > 0);

CREATE TEMP TABLE alloc_result AS
SELECT c, scale, pool, shares, perfeval.allocate(pool, shares, scale) AS amounts,
       (SELECT sum(x) FROM unnest(shares) AS x) AS total_shares
FROM alloc_case;

SELECT cmp_ok((SELECT count(*) FROM alloc_result), '>=', 250::bigint, 'at least 250 random cases');

SELECT is((SELECT count(*) FROM alloc_result
           WHERE (SELECT sum(x) FROM unnest(amounts) AS x) <> pool), 0::bigint,
          'H-3.3.1: the amounts sum exactly to the pool in every random case');

SELECT is((SELECT count(*) FROM alloc_result r, unnest(r.shares, r.amounts) AS u(s, a)
           WHERE s = 0 AND a <> 0), 0::bigint,
          'H-3.3.1: zero shares get 0 in every random case');

-- |amount - pool * s / S| < one unit, checked exactly: |amount * S - pool * s| < 10^-scale * S
SELECT is((SELECT count(*) FROM alloc_result r, unnest(r.shares, r.amounts) AS u(s, a)
           WHERE abs(a * r.total_shares - r.pool * s) >= power(10::numeric, -r.scale) * r.total_shares
              OR scale(a) <> r.scale), 0::bigint,
          'H-3.3.1: every amount has scale decimals and is within one unit of its exact share');

-- permutation: allocate a random permutation of the shares; the amounts must
-- be the same permutation of the original amounts.  Equal shares are
-- interchangeable (2 and 2.00 too: shares compare by value), so compare the
-- multisets of (share, amount) pairs and
-- check that among equal shares the earlier position never gets less.
CREATE FUNCTION pg_temp.permutation_ok(pool numeric, shares numeric[], amounts numeric[], scale int)
RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
    perm int[];
    pshares numeric[];
    pamounts numeric[];
    prev_s numeric;
    prev_a numeric;
    r record;
BEGIN
    SELECT array_agg(i ORDER BY random()) INTO perm FROM generate_subscripts(shares, 1) AS i;
    SELECT array_agg(shares[p] ORDER BY o) INTO pshares FROM unnest(perm) WITH ORDINALITY AS t(p, o);
    pamounts := perfeval.allocate(pool, pshares, scale);
    -- the same (share, amount) pairs
    IF (SELECT array_agg(x ORDER BY x) FROM (SELECT row(trim_scale(s), a)::text AS x FROM unnest(shares, amounts) AS u(s, a)) q)
       IS DISTINCT FROM
       (SELECT array_agg(x ORDER BY x) FROM (SELECT row(trim_scale(s), a)::text AS x FROM unnest(pshares, pamounts) AS u(s, a)) q)
    THEN
        RETURN false;
    END IF;
    -- for equal shares, the earlier position gets at least as much
    FOR r IN SELECT s, a FROM unnest(pshares, pamounts) WITH ORDINALITY AS u(s, a, o) ORDER BY s, o LOOP
        IF prev_s = r.s AND prev_a < r.a THEN
            RETURN false;
        END IF;
        prev_s := r.s;
        prev_a := r.a;
    END LOOP;
    RETURN true;
END $$;

SELECT is((SELECT count(*) FROM alloc_result WHERE NOT pg_temp.permutation_ok(pool, shares, amounts, scale)), 0::bigint,
          'H-3.3.1: permuting the shares permutes the amounts in every random case');

-- the 128-bit path and the numeric path agree: shares scaled by 10^-40 need
-- more than 18 decimals, which only the numeric path takes; the
-- allocation does not change when all shares are scaled alike
SELECT is((SELECT count(*) FROM alloc_result
           WHERE perfeval.allocate(pool, (SELECT array_agg(x * 1e-40) FROM unnest(shares) AS x), scale) <> amounts), 0::bigint,
          'H-3.3.1: scaling all shares by 10^-40 (numeric path) gives the same amounts in every random case');

SELECT * FROM finish();
ROLLBACK;
