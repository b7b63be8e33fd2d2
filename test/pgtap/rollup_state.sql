-- pgTAP: a quarter's stored roll-up states (1.1, issue 11).  evaluate
-- stores each quarter result's rollup_months state (result.rollup_state)
-- with the stamp of the results behind it (period.rollup_stamp); a year
-- whose four quarters are fresh merges their states (rollup_merge) instead
-- of reading twelve months, and gives the same digits; any change to a
-- month's or a quarter's results (a re-run, an appeal's revision, any
-- other write) makes the year read the months again.
-- H-3.1.3-4.
BEGIN;
CREATE EXTENSION IF NOT EXISTS perfeval;
SELECT plan(20);
SET LOCAL client_min_messages = warning;
\set agents 200
\set months 12
\ir ../fixture/evaluate_data.sql
SELECT perfeval.period_of('year', '2025-01-01') AS y,
       perfeval.period_of('quarter', '2025-01-01') AS q1, perfeval.period_of('quarter', '2025-04-01') AS q2,
       perfeval.period_of('quarter', '2025-07-01') AS q3, perfeval.period_of('quarter', '2025-10-01') AS q4,
       perfeval.period_of('month', '2025-05-01') AS may \gset
SELECT is((SELECT sum(perfeval.evaluate(id))::int FROM (SELECT id FROM perfeval.period WHERE kind = 'month' ORDER BY starts_on) AS s),
          2400, 'twelve months of 200 agents evaluated');

-- the year as evaluate_detail gives it, every column as text; and the
-- year read from the months (the quarters' stamps set aside for the call)
CREATE FUNCTION pg_temp.year_text() RETURNS SETOF text LANGUAGE sql AS $$
    SELECT (d.agent_id, d.team_id, d.department_id, d.attitude, d.capability, d.efficiency, d.satisfaction,
            d.measured_total, d.self_score, d.department_score, d.company_score, d.total, d.critical_failed,
            d.grade, d.rank_team, d.rank_department, d.rank_company, d.indicators_rated, d.months_rolled,
            d.indicator_ids, d.raw_values, d.scores, d.weights_bp, d.indicators_failed)::text
    FROM perfeval.evaluate_detail((SELECT id FROM perfeval.period WHERE kind = 'year' AND starts_on = '2025-01-01'), 1) AS d
$$;
CREATE FUNCTION pg_temp.year_from_months() RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE saved jsonb;
BEGIN
    SELECT jsonb_object_agg(id, rollup_stamp) INTO saved FROM perfeval.period WHERE kind = 'quarter';
    UPDATE perfeval.period SET rollup_stamp = NULL WHERE kind = 'quarter';
    RETURN QUERY SELECT * FROM pg_temp.year_text();
    UPDATE perfeval.period SET rollup_stamp = (saved ->> id::text)::bigint WHERE kind = 'quarter';
END $$;
CREATE FUNCTION pg_temp.year_differs() RETURNS integer LANGUAGE sql AS $$
    SELECT ((SELECT count(*) FROM (SELECT * FROM pg_temp.year_text() EXCEPT ALL SELECT * FROM pg_temp.year_from_months()) AS a)
          + (SELECT count(*) FROM (SELECT * FROM pg_temp.year_from_months() EXCEPT ALL SELECT * FROM pg_temp.year_text()) AS b))::integer
$$;
CREATE TEMP TABLE year_before AS SELECT * FROM pg_temp.year_text() AS t;

SELECT is((SELECT sum(perfeval.evaluate(q))::int FROM unnest(ARRAY[:q1, :q2, :q3, :q4]) AS q), 800, 'the four quarters evaluated');
SELECT is((SELECT count(*)::int FROM perfeval.result WHERE period_id IN (:q1, :q2, :q3, :q4) AND is_current AND rollup_state IS NOT NULL),
          800, 'every quarter result stores its roll-up state');
SELECT is((SELECT count(*)::int FROM perfeval.result AS r JOIN perfeval.period AS p ON p.id = r.period_id
           WHERE p.kind <> 'quarter' AND r.rollup_state IS NOT NULL), 0, 'months and years store no state');
SELECT is((SELECT rollup_stamp FROM perfeval.period WHERE id = :q1),
          ((SELECT sum(results_stamp) FROM perfeval.period WHERE kind = 'month' AND starts_on < '2025-04-01')
           + (SELECT results_stamp FROM perfeval.period WHERE id = :q1))::bigint,
          'a quarter''s rollup_stamp: its months'' result counters plus its own');

-- merged from the quarters: the same year, digit for digit
SELECT is(pg_temp.year_differs(), 0, 'H-3.1.4: the year from the four quarters'' states equals the year from the twelve months');
SELECT is((SELECT count(*)::int FROM (SELECT * FROM pg_temp.year_text() EXCEPT ALL SELECT * FROM year_before) AS d), 0,
          'and equals the year evaluated before the quarters were');

-- the states are what the year reads: with the counters held still (the
-- trigger disabled inside this transaction), a quarter's state taken away
-- changes the year; with them running, the same write makes the year read
-- the months again
ALTER TABLE perfeval.result DISABLE TRIGGER result_stamp_update;
UPDATE perfeval.result SET rollup_state = NULL WHERE period_id = :q2 AND agent_id = 1;
SELECT isnt(pg_temp.year_differs(), 0, 'with the counters held still, a missing quarter state shows in the year: the states are read');
ALTER TABLE perfeval.result ENABLE TRIGGER result_stamp_update;
UPDATE perfeval.result SET rollup_state = NULL WHERE period_id = :q2 AND agent_id = 2;
SELECT is(pg_temp.year_differs(), 0, 'any write to a quarter''s results raises its counter: the year reads the months');
SELECT is((SELECT perfeval.evaluate(:q2)), 200, 'the quarter evaluated again stores fresh states');
SELECT is(pg_temp.year_differs(), 0, 'the year from the fresh states');

-- a month re-evaluated after its quarter: the year reads the months, and
-- would be wrong from the old states
UPDATE perfeval.layer_score SET score = 100 - score WHERE period_id = :may AND agent_id <= 50;
SELECT is((SELECT perfeval.evaluate(:may)), 200, 'May evaluated again after its layers changed');
SELECT is(pg_temp.year_differs(), 0, 'a month changed since its quarter was stored: the year reads the months (May''s new results)');
UPDATE perfeval.period AS q
SET rollup_stamp = q.results_stamp + (SELECT sum(m.results_stamp) FROM perfeval.period AS m
                                      WHERE m.kind = 'month' AND m.starts_on BETWEEN q.starts_on AND q.ends_on)::bigint
WHERE q.id = :q2;
SELECT isnt(pg_temp.year_differs(), 0, 'the old states taken as fresh would give another year: the counters are what keeps it right');

-- rollup_merge itself
SELECT is((SELECT count(*)::int FROM (
               SELECT r.agent_id, perfeval.rollup_merge(r.rollup_state, '{1,2}', '{5000,5000}')::text AS m,
                      (SELECT perfeval.rollup_months(pm.starts_on - date '2000-01-01', x.team_id, x.department_id,
                                                     x.attitude, x.capability, x.efficiency, x.satisfaction, x.measured_total,
                                                     x.self_score, x.department_score, x.company_score, x.total, x.critical_failed,
                                                     x.indicator_ids, x.raw_values, x.scores, x.indicators_failed,
                                                     '{1,2}', '{5000,5000}')::text
                       FROM perfeval.result AS x JOIN perfeval.period AS pm ON pm.id = x.period_id
                       WHERE x.agent_id = r.agent_id AND x.is_current AND pm.kind = 'month'
                         AND pm.starts_on BETWEEN '2025-07-01' AND '2025-12-31') AS o
               FROM perfeval.result AS r
               WHERE r.period_id IN (:q3, :q4) AND r.is_current
               GROUP BY r.agent_id) AS c WHERE m IS DISTINCT FROM o), 0,
          'rollup_merge of two quarters'' states = rollup_months of their six months, with the weights passed');
SELECT throws_ok($$SELECT perfeval.rollup_merge('\x0103'::bytea, NULL, NULL)$$, '22023', 'invalid roll-up aggregate state',
                 'rollup_merge: bytes that rollup_months_state did not write are 22023');
-- a state holding a numeric (a mean of more than 4 decimals): merged as
-- numeric; its base-10000 digit (1000, bytes e8 03) made 10000 is refused
SELECT encode(perfeval.rollup_months_state(1, 1, 1, 0.00001, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                           NULL, NULL, NULL, NULL, NULL, NULL), 'hex') AS st \gset
SELECT is((perfeval.rollup_merge(decode(:'st', 'hex'), NULL, NULL)).attitude, 0.0000,
          'rollup_merge of a state with a numeric sum: round(avg(0.00001), 4)');
SELECT throws_ok(format($$SELECT perfeval.rollup_merge(decode(%L, 'hex'), NULL, NULL)$$, replace(:'st', 'e803', '1027')),
                 '22023', 'invalid roll-up aggregate state',
                 'rollup_merge: a numeric in the bytes with a digit of 10000 is 22023, never computed with');
-- 2,000 stored states with random bytes changed (or cut short): each is
-- merged or refused with a clean error, never anything else
CREATE FUNCTION pg_temp.fuzz(n integer) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    st bytea;
    b bytea;
    other text := '';
BEGIN
    SELECT r.rollup_state INTO st FROM perfeval.result AS r WHERE r.rollup_state IS NOT NULL ORDER BY r.id LIMIT 1;
    FOR i IN 1..n LOOP
        b := st;
        FOR k IN 0..(random() * 2)::int LOOP
            b := set_byte(b, (random() * (length(b) - 1))::int, (random() * 255)::int);
        END LOOP;
        IF random() < 0.2 THEN
            b := substr(b, 1, (random() * length(b))::int);
        END IF;
        BEGIN
            PERFORM perfeval.rollup_merge(b, '{1,2}', '{5000,5000}');
        EXCEPTION WHEN invalid_parameter_value OR numeric_value_out_of_range THEN
            NULL;
        WHEN OTHERS THEN
            other := other || SQLSTATE || ' ';
        END;
    END LOOP;
    RETURN other;
END $$;
SELECT setseed(0.42);
SELECT is(pg_temp.fuzz(2000), '', '2,000 states with random bytes changed: merged, or 22023 / 22003, nothing else');
SELECT is((SELECT perfeval.rollup_merge(NULL::bytea, NULL, NULL)::text), '(,,,,,,,,,,,,0,0,{},{},{},{},{})',
          'rollup_merge of NULL states: no months, no means, empty arrays');
SELECT * FROM finish();
ROLLBACK;
