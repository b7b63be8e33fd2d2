-- test/fault/setup.sql: the data of the fault test (test/fault/fault.sh), in
-- its own cluster and database.  500 agents in 10 teams of 2 departments;
-- September 2025 evaluated and approved, with one result appeal under
-- review (the upheld decision is a faulted step); October 2025 evaluated as
-- a draft; November 2025's values come later by a bulk import.  Values are
-- deterministic (hashes), every indicator of the seeded scheme measured.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION perfeval;
CREATE EXTENSION IF NOT EXISTS amcheck;
SET timezone = 'Asia/Shanghai';

INSERT INTO perfeval.department (code, name) VALUES ('FD1', 'Fault one'), ('FD2', 'Fault two');
INSERT INTO perfeval.team (department_id, code, name)
SELECT d.id, 'FT' || g, 'Fault team ' || g FROM generate_series(1, 10) AS g
JOIN perfeval.department AS d ON d.code = CASE WHEN g <= 5 THEN 'FD1' ELSE 'FD2' END;
INSERT INTO perfeval.agent (employee_no, name, team_id, hired_on)
SELECT 'F' || lpad(g::text, 4, '0'), 'Fault agent ' || g, t.id, '2024-01-01'
FROM generate_series(1, 500) AS g JOIN perfeval.team AS t ON t.code = 'FT' || (1 + g % 10);

-- a value inside each indicator's scale of the seeded scheme, from a hash of agent and month
CREATE FUNCTION public.fault_value(agent integer, month date, worst float8, best float8) RETURNS float8
LANGUAGE sql IMMUTABLE AS $$
    SELECT round((least(worst, best) + abs(best - worst)
                  * (0.3 + 0.7 * (('x' || substr(md5(agent || ':' || month), 1, 6))::bit(24)::int / 16777215.0)))::numeric, 3)::float8
$$;
INSERT INTO perfeval.measurement (agent_id, period_id, indicator_id, value, source)
SELECT a.id, perfeval.period_of('month', m.d), si.indicator_id,
       public.fault_value(a.id + si.indicator_id, m.d, coalesce(si.worst, 0), coalesce(si.best, 1)), 'system_log'
FROM perfeval.agent AS a
CROSS JOIN (VALUES (date '2025-09-01'), (date '2025-10-01')) AS m(d)
JOIN perfeval.scheme_item AS si ON si.scheme_version_id = perfeval.scheme_at(m.d)
WHERE si.breakpoints IS NULL;
SELECT perfeval.period_of('month', '2025-11-01') AS nov \gset

SELECT perfeval.evaluate(perfeval.period_of('month', '2025-09-01')) AS sep_results,
       perfeval.approve(perfeval.period_of('month', '2025-09-01')) AS sep_approved;
SELECT perfeval.evaluate(perfeval.period_of('month', '2025-10-01')) AS oct_results;

-- the appeal of F0007 against its September result, up to the review (H-8.1-8.2)
SELECT perfeval.record_feedback(perfeval.period_of('month', '2025-09-01'), a.id, '2025-09-24 10:00+08', 'hr_fault') AS fed
FROM perfeval.agent AS a WHERE a.employee_no = 'F0007';
CREATE TABLE public.fault_appeal AS
SELECT perfeval.file_result_appeal(r.id, 'a week of calls missing', 'form', 'hr_fault', '2025-09-30 15:00+08') AS appeal_id
FROM perfeval.result_current AS r JOIN perfeval.agent AS a ON a.id = r.agent_id
WHERE a.employee_no = 'F0007' AND r.period_id = perfeval.period_of('month', '2025-09-01');
SELECT perfeval.appeal_acknowledge(appeal_id, 'received', 'hr_fault', '2025-10-09 10:00+08') FROM public.fault_appeal;
SELECT perfeval.appeal_accept(appeal_id, 'in time', 'hr_fault', '2025-10-10 10:00+08') FROM public.fault_appeal;

-- the fault gate: a statement trigger that, in the session that set
-- fault.gate = on, waits for the advisory lock the test holds, so the kill
-- lands inside the step's transaction after it has written, deterministically
CREATE FUNCTION public.fault_gate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('fault.gate', true) = 'on' THEN
        PERFORM pg_advisory_xact_lock_shared(4242);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER fault_gate AFTER INSERT ON perfeval.result FOR EACH STATEMENT EXECUTE FUNCTION public.fault_gate();
CREATE TRIGGER fault_gate AFTER INSERT ON perfeval.measurement FOR EACH STATEMENT EXECUTE FUNCTION public.fault_gate();

-- fingerprints of every table a step writes, saved (committed) before each fault
CREATE FUNCTION public.fault_fingerprint() RETURNS TABLE (tbl text, n bigint, h text) LANGUAGE sql SET timezone = 'UTC' SET datestyle = 'ISO' AS $$
    SELECT 'result', count(*), md5(coalesce(string_agg(x::text, '|' ORDER BY x.id), '')) FROM perfeval.result AS x
    UNION ALL SELECT 'result_indicator', count(*), md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) FROM perfeval.result_indicator AS x
    UNION ALL SELECT 'measurement', count(*), md5(coalesce(string_agg(x::text, '|' ORDER BY x.id), '')) FROM perfeval.measurement AS x
    UNION ALL SELECT 'measurement_history', count(*), md5(coalesce(string_agg(x::text, '|' ORDER BY x.id), '')) FROM perfeval.measurement_history AS x
    UNION ALL SELECT 'measurement_quarantine', count(*), md5(coalesce(string_agg(x::text, '|' ORDER BY x.id), '')) FROM perfeval.measurement_quarantine AS x
    UNION ALL SELECT 'period', count(*), md5(coalesce(string_agg(x::text, '|' ORDER BY x.id), '')) FROM perfeval.period AS x
    UNION ALL SELECT 'appeal', count(*), md5(coalesce(string_agg(x::text, '|' ORDER BY x.id), '')) FROM perfeval.appeal AS x
    UNION ALL SELECT 'appeal_event', count(*), md5(coalesce(string_agg(x::text, '|' ORDER BY x.id), '')) FROM perfeval.appeal_event AS x
    UNION ALL SELECT 'appeal_deadline', count(*), md5(coalesce(string_agg(x::text, '|' ORDER BY x.id), '')) FROM perfeval.appeal_deadline AS x
$$;
CREATE TABLE public.fault_fp (step text, tbl text, n bigint, h text, PRIMARY KEY (step, tbl));
-- the approved results as they were, is_current aside (an upheld appeal moves it to a new revision)
SET timezone = 'UTC';
CREATE TABLE public.fault_approved AS
SELECT r.id, to_jsonb(r) - 'is_current' AS row FROM perfeval.result AS r
JOIN perfeval.period AS p ON p.id = r.period_id WHERE p.state = 'approved';
