-- test/bench/soak/setup.sql: data and step functions of the soak run
-- (test/bench/soak.sh).  200 agents in 10 teams; January-June 2026 measured
-- for every indicator of the scheme; January and February evaluated and
-- approved (appeals target them), March evaluated.  Every workflow call of
-- the soak is in the soak.* functions below: the one place to adapt when
-- signatures change.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION perfeval;
CREATE SCHEMA soak;

INSERT INTO perfeval.department (code, name) VALUES ('SD1', 'Soak one'), ('SD2', 'Soak two');
INSERT INTO perfeval.team (department_id, code, name)
SELECT d.id, 'ST' || g, 'Soak team ' || g FROM generate_series(1, 10) AS g
JOIN perfeval.department AS d ON d.code = CASE WHEN g <= 5 THEN 'SD1' ELSE 'SD2' END;
INSERT INTO perfeval.agent (employee_no, name, team_id, hired_on)
SELECT 'S' || lpad(g::text, 4, '0'), 'Soak agent ' || g, t.id, '2024-01-01'
FROM generate_series(1, 200) AS g JOIN perfeval.team AS t ON t.code = 'ST' || (1 + g % 10);

-- the indicators of the scheme with their ranges
CREATE TABLE soak.ind AS
SELECT i.code, i.id, coalesce(si.worst, 0) AS lo, coalesce(si.best, 1) AS hi
FROM perfeval.scheme_item AS si JOIN perfeval.indicator AS i ON i.id = si.indicator_id
WHERE si.scheme_version_id = perfeval.scheme_at('2026-01-01') AND si.breakpoints IS NULL;
INSERT INTO perfeval.measurement (agent_id, period_id, indicator_id, value, source)
SELECT a.id, perfeval.period_of('month', m::date), x.id,
       round((least(x.lo, x.hi) + abs(x.hi - x.lo) * (0.3 + 0.7 * random()))::numeric, 3)::float8, 'system_log'
FROM perfeval.agent AS a CROSS JOIN soak.ind AS x
CROSS JOIN generate_series(date '2026-01-01', date '2026-06-01', interval '1 month') AS m;
SELECT perfeval.evaluate(perfeval.period_of('month', '2026-01-01')), perfeval.approve(perfeval.period_of('month', '2026-01-01')),
       perfeval.evaluate(perfeval.period_of('month', '2026-02-01')), perfeval.approve(perfeval.period_of('month', '2026-02-01')),
       perfeval.evaluate(perfeval.period_of('month', '2026-03-01'));

-- one row per step taken: what, the SQLSTATE ('00000' when it worked), the phase
CREATE TABLE soak.log (kind text, sqlstate text, phase text DEFAULT current_setting('soak.phase', true), message text);
-- import calls whose four counts did not add up to the rows given
CREATE TABLE soak.count_mismatch (rows_given int, loaded bigint, replaced bigint, unchanged bigint, quarantined bigint);

-- a random month of March-June 2026 (approve: March-April only, so May and June stay open)
CREATE FUNCTION soak.month(last int) RETURNS integer LANGUAGE sql AS $$
    SELECT perfeval.period_of('month', make_date(2026, 3 + floor(random() * (last - 2))::int, 1))
$$;

-- import: 20 rows for random agents of one random month, a value in range
-- (one in ten out of range, so some are quarantined)
CREATE FUNCTION soak.import() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    r record;
    mon date := make_date(2026, 3 + floor(random() * 4)::int, 1);
BEGIN
    SELECT * INTO r FROM perfeval.import_measurements(
        (SELECT jsonb_agg(jsonb_build_object('employee_no', 'S' || lpad((1 + floor(random() * 200))::int::text, 4, '0'),
                                             'month', to_char(mon, 'YYYY-MM'), 'indicator', x.code,
                                             'value', CASE WHEN random() < 0.1 THEN x.hi + 1000
                                                           ELSE round((least(x.lo, x.hi) + abs(x.hi - x.lo) * random())::numeric, 3) END,
                                             'source', 'system_log'))
         FROM generate_series(1, 20) AS g
         CROSS JOIN LATERAL (SELECT * FROM soak.ind WHERE g > 0 ORDER BY random() LIMIT 1) AS x),
        'soak');
    IF r.loaded + r.replaced + r.unchanged + r.quarantined <> 20 THEN
        INSERT INTO soak.count_mismatch VALUES (20, r.loaded, r.replaced, r.unchanged, r.quarantined);
    END IF;
END $$;

CREATE FUNCTION soak.evaluate() RETURNS void LANGUAGE sql AS $$ SELECT perfeval.evaluate(soak.month(6)) $$;
CREATE FUNCTION soak.approve() RETURNS void LANGUAGE sql AS $$ SELECT perfeval.approve(soak.month(4)) $$;

-- appeal step: the next step of a random open result appeal, or (one in
-- three, or when none is open) a new appeal against a random current result
-- of an approved month; every step dated now()
CREATE FUNCTION soak.appeal() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    a perfeval.appeal;
    res perfeval.result;
BEGIN
    IF random() >= 0.33 THEN
        SELECT * INTO a FROM perfeval.appeal AS x
        WHERE x.path = 'result' AND x.state NOT IN ('closed', 'withdrawn') ORDER BY random() LIMIT 1;
    END IF;
    IF a.id IS NULL THEN
        SELECT r.* INTO res FROM perfeval.result_current AS r JOIN perfeval.period AS p ON p.id = r.period_id
        WHERE p.state = 'approved' ORDER BY random() LIMIT 1;
        PERFORM perfeval.record_feedback(res.period_id, res.agent_id, now(), 'soak_hr');
        PERFORM perfeval.file_result_appeal(res.id, 'soak grounds', 'form', 'soak_agent', now());
        RETURN;
    END IF;
    CASE a.state
        WHEN 'filed' THEN PERFORM perfeval.appeal_acknowledge(a.id, 'soak', 'soak_hr', now());
        WHEN 'acknowledged' THEN PERFORM perfeval.appeal_accept(a.id, 'soak', 'soak_hr', now());
        WHEN 'under_review' THEN
            IF random() < 0.5 THEN
                PERFORM perfeval.appeal_decide(a.id, 'upheld', 'soak', new_total => round((60 + random() * 40)::numeric, 2),
                                               actor => 'soak_qa', at => now());
            ELSE
                PERFORM perfeval.appeal_decide(a.id, 'dismissed', 'soak', actor => 'soak_qa', at => now());
            END IF;
        WHEN 'reviewed' THEN PERFORM perfeval.appeal_notify(a.id, 'soak', 'soak_hr', now());
        WHEN 'notified' THEN PERFORM perfeval.appeal_conclude(a.id, 'soak', true, 'soak_hr', now());
        WHEN 'handled' THEN PERFORM perfeval.appeal_feedback(a.id, 'soak', 'soak_hr', now());
        ELSE PERFORM perfeval.appeal_withdraw(a.id, 'soak', 'soak_agent', now());
    END CASE;
END $$;

-- reads: what a dashboard and HR read
CREATE FUNCTION soak.read() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    n bigint;
BEGIN
    SELECT count(*) INTO n FROM perfeval.bi_result WHERE period_id = soak.month(6);
    SELECT count(*) INTO n FROM perfeval.data_quality WHERE period_id = soak.month(6);
    SELECT count(*) INTO n FROM perfeval.appeal_open;
END $$;

-- run(kind): one step; an error is caught and logged with its SQLSTATE (the
-- step's work undone), so a client never stops
CREATE FUNCTION soak.run(kind text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    st text;
    msg text;
BEGIN
    BEGIN
        EXECUTE format('SELECT soak.%I()', kind);
        st := '00000';
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
    END;
    INSERT INTO soak.log (kind, sqlstate, message) VALUES (kind, st, msg);
END $$;
