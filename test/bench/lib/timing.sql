-- Shared by the benchmarks (psql \ir): pg_temp.best_ms(query, runs) runs a
-- query runs times and returns the best wall time in milliseconds.  The
-- query is wrapped as SELECT count(*) FROM (q OFFSET 0) WHERE q IS NOT NULL,
-- so that every output column is computed (the row test) and the test stays
-- out of q's own WHERE clause (OFFSET 0 fences it).
CREATE FUNCTION pg_temp.best_ms(q text, runs int DEFAULT 3) RETURNS float8
LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz; best float8 := 'Infinity'; dummy bigint;
BEGIN
    FOR i IN 1..runs LOOP
        t0 := clock_timestamp();
        EXECUTE 'SELECT count(*) FROM (' || q || ' OFFSET 0) AS q WHERE q IS NOT NULL' INTO dummy;
        best := least(best, extract(epoch FROM clock_timestamp() - t0) * 1000);
    END LOOP;
    RETURN best;
END $$;
