/* src/sql/84_rollup_state.sql — 1.1: a quarter stores its roll-up states; a year merges them when its months have not changed since (H-3.1.3-4, issue 11) */

-- result.rollup_state: for a quarter result written by evaluate, the exact
-- state of its roll-up (rollup_months_state: the integer sums and counts
-- behind its means, the latest month's team); NULL for months, years,
-- and revisions written by the appeal path.  A year's roll-up merges the
-- four quarters' states (rollup_merge) instead of reading twelve months of
-- results, when every one is fresh: same sums, so the same digits.
ALTER TABLE @extschema@.result ADD COLUMN rollup_state bytea;
COMMENT ON COLUMN @extschema@.result.rollup_state IS
'a quarter''s roll-up state as evaluate stored it (exact sums of the months behind it), merged by a year''s roll-up while period.rollup_stamp is fresh; NULL otherwise (H-3.1.3-4)';

-- period.results_stamp: a counter of the statements that changed the
-- period's results (result_stamp); period.rollup_stamp: for a quarter
-- whose evaluate stored roll-up states, the sum of its months' counters
-- read before the states were computed plus its own counter after they
-- were written.  The counters only grow, so the sum differs as soon as a
-- month's results or the quarter's own changed (a re-run, an appeal's
-- revision, any other write).
ALTER TABLE @extschema@.period ADD COLUMN results_stamp bigint NOT NULL DEFAULT 0;
ALTER TABLE @extschema@.period ADD COLUMN rollup_stamp bigint;
COMMENT ON COLUMN @extschema@.period.results_stamp IS
'how many statements changed the period''s results (result_stamp); a quarter''s stored roll-up states are fresh while its months'' and its own counters add up to its rollup_stamp';
COMMENT ON COLUMN @extschema@.period.rollup_stamp IS
'for a quarter: its months'' results_stamp (read before its roll-up states were computed) plus its own (after they were written), when evaluate stored its states (result.rollup_state); NULL before';

-- period_guard(), 1.1: as 1.0, except that an approved period's
-- results_stamp and rollup_stamp may change (an appeal's new revision of
-- an approved month raises its counter through result_stamp).
DROP TRIGGER period_guard ON @extschema@.period;
DROP FUNCTION @extschema@.period_guard();
CREATE FUNCTION @extschema@.period_guard()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.state = 'approved' THEN
            RAISE EXCEPTION 'period % is approved and cannot be deleted', OLD.id
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = 'Approved results are final (H-3.2.7).',
                      HINT = 'Approved periods are kept for the record.';
        END IF;
        RETURN OLD;
    END IF;
    -- (1.1: the result counters of result_stamp may still move: an appeal
    -- adds revisions to an approved period's results, H-8)
    IF OLD.state = 'approved'
       AND (pg_catalog.to_jsonb(NEW) OPERATOR(pg_catalog.-) 'results_stamp' OPERATOR(pg_catalog.-) 'rollup_stamp')
           IS DISTINCT FROM
           (pg_catalog.to_jsonb(OLD) OPERATOR(pg_catalog.-) 'results_stamp' OPERATOR(pg_catalog.-) 'rollup_stamp') THEN
        RAISE EXCEPTION 'period % is approved and cannot be changed', OLD.id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'Approved results are final (H-3.2.7).',
                  HINT = 'Results change only through an appeal, as a new revision.';
    END IF;
    IF (NEW.kind, NEW.starts_on, NEW.ends_on) IS DISTINCT FROM (OLD.kind, OLD.starts_on, OLD.ends_on) THEN
        RAISE EXCEPTION 'the kind and dates of period % cannot be changed', OLD.id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Use perfeval.period_of(kind, day) to get another period.';
    END IF;
    IF NEW.state IS DISTINCT FROM OLD.state
       AND NOT (OLD.state = 'open' AND NEW.state IN ('closed', 'approved'))
       AND NOT (OLD.state = 'closed' AND NEW.state = 'approved') THEN
        RAISE EXCEPTION 'period % cannot go from % to %', OLD.id, OLD.state, NEW.state
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'A period goes open -> closed -> approved, never back.',
                  HINT = 'Allowed next steps: ' || CASE OLD.state WHEN 'open' THEN 'closed, approved'
                                                                  ELSE 'approved' END || '.';
    END IF;
    IF NEW.state = 'closed' AND OLD.state = 'open' AND NEW.closed_at IS NULL THEN
        NEW.closed_at := pg_catalog.now();
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION @extschema@.period_guard() IS
'trigger: a period moves open -> closed -> approved only, and an approved period is frozen but for its result counters (H-3.2.7)';

CREATE TRIGGER period_guard BEFORE UPDATE OR DELETE ON @extschema@.period
    FOR EACH ROW EXECUTE FUNCTION @extschema@.period_guard();
COMMENT ON TRIGGER period_guard ON @extschema@.period IS
'a period moves open -> closed -> approved only; an approved period is frozen (H-3.2.7)';


-- result_stamp(): statement trigger after INSERT, UPDATE or DELETE on
-- result: every period whose results the statement wrote gets its
-- results_stamp raised by one (whatever path wrote them: evaluate, an
-- appeal's revision, an administrator).  TRUNCATE removes the quarters'
-- states with the months.
CREATE FUNCTION @extschema@.result_stamp()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE perfeval.period AS p SET results_stamp = p.results_stamp + 1
        WHERE p.id IN (SELECT n.period_id FROM new_rows AS n);
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE perfeval.period AS p SET results_stamp = p.results_stamp + 1
        WHERE p.id IN (SELECT o.period_id FROM old_rows AS o);
    ELSE
        UPDATE perfeval.period AS p SET results_stamp = p.results_stamp + 1
        WHERE p.id IN (SELECT n.period_id FROM new_rows AS n UNION SELECT o.period_id FROM old_rows AS o);
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION @extschema@.result_stamp() IS
'statement trigger: raises results_stamp of every period whose results a statement inserted, updated or deleted, so that a quarter''s stored roll-up states are known to be stale (H-3.1.3-4)';
CREATE TRIGGER result_stamp_insert AFTER INSERT ON @extschema@.result
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.result_stamp();
CREATE TRIGGER result_stamp_update AFTER UPDATE ON @extschema@.result
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.result_stamp();
CREATE TRIGGER result_stamp_delete AFTER DELETE ON @extschema@.result
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.result_stamp();
COMMENT ON TRIGGER result_stamp_insert ON @extschema@.result IS
'raises results_stamp of the periods whose results were inserted (a quarter''s stored roll-up states are stale)';
COMMENT ON TRIGGER result_stamp_update ON @extschema@.result IS
'raises results_stamp of the periods whose results were updated (a quarter''s stored roll-up states are stale)';
COMMENT ON TRIGGER result_stamp_delete ON @extschema@.result IS
'raises results_stamp of the periods whose results were deleted (a quarter''s stored roll-up states are stale)';

-- evaluate(period), 1.1: as 1.0, and a quarter also stores each agent's
-- roll-up state (result.rollup_state) with the stamp of the month results
-- behind it (period.rollup_stamp), which a year's roll-up merges instead
-- of reading the twelve months again (issue 11).
--
-- evaluate(period): every agent's result for the period, written as
-- revision 1 in one transaction, under the scheme version valid on the
-- period's first day (H-3.2.1): evaluate_detail (the results of
-- evaluate_rows with the detail of evaluate_indicators), stored.  A re-run replaces the draft results.  55000 on an approved
-- period (H-3.2.7).
--
-- Concurrency: evaluate locks the period row and writes it (a touch of
-- state), so two evaluations of one period queue on the row; at READ
-- COMMITTED the second replaces the first's drafts, at REPEATABLE READ or
-- SERIALIZABLE it fails with 40001 and a hint to retry, never with a
-- duplicate key (23505); approve, which locks the same row, likewise sees
-- the results it approves or fails with 40001.
DROP FUNCTION @extschema@.evaluate(integer);
CREATE FUNCTION @extschema@.evaluate(period_id integer)
RETURNS integer
LANGUAGE plpgsql
STRICT
SET search_path = pg_catalog, pg_temp
SET jit = off
AS $$
#variable_conflict use_column
DECLARE
    pid  integer := evaluate.period_id;
    p    perfeval.period;
    v    perfeval.scheme_version;
    n    integer;
    stamp bigint;
    ins  text;
    use_states boolean;
    caller_rpc text;
BEGIN
    p := perfeval.period_lock(pid);
    IF p.state = 'approved' THEN
        RAISE EXCEPTION 'period % is approved and cannot be evaluated again', pid
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'Results are final once the period is approved (H-3.2.7).',
                  HINT = 'An upheld appeal adds a new revision instead (H-8).';
    END IF;
    SELECT * INTO v FROM perfeval.scheme_version AS sv WHERE sv.id = perfeval.scheme_at(p.starts_on);
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no scheme version is valid on %', p.starts_on
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = format('Period %s (%s from %s) is evaluated under the version valid on its first day (H-3.2.1).', pid, p.kind, p.starts_on),
                  HINT = 'Add a scheme version whose valid_from is on or before that day.';
    END IF;
    IF p.kind = 'month' AND NOT EXISTS (SELECT FROM perfeval.scheme_item AS si WHERE si.scheme_version_id = v.id) THEN
        RAISE EXCEPTION 'scheme version % has no indicators', v.id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Add scheme_item rows whose weights total 10,000 basis points.';
    END IF;
    -- the touch that makes a concurrent evaluate or approve of this period
    -- wait, then see these results or fail with 40001
    UPDATE perfeval.period AS pp SET state = pp.state WHERE pp.id = pid;
    -- a quarter stores its roll-up states (1.1): first the counters of the
    -- months they are computed from, read before them (a month changed in
    -- between makes the stamp older than the states: the year then rolls
    -- up the months, never stale states)
    IF p.kind = 'quarter' THEN
        SELECT coalesce(sum(m.results_stamp), 0) INTO stamp
        FROM perfeval.period AS m
        WHERE m.kind = 'month' AND m.starts_on BETWEEN p.starts_on AND p.ends_on;
    END IF;

    -- A re-run replaces the drafts in place: revision 1 of each agent is
    -- updated (same id; no foreign-key check, as no key changes), later
    -- revisions and agents no longer evaluated are deleted, new agents are
    -- inserted (issue 11: deleting 10,000 results cost five foreign-key
    -- checks each).  The indicator detail is written in the same row, as
    -- arrays (issue 11: 158,000 indexed rows a month were most of the
    -- write).  The rows are written straight from evaluate_detail's query
    -- (evaluate_detail_sql: no tuplestore of a set-returning function in
    -- between), and the statement's own RETURNING gives the agents kept
    -- (1.1: the results were first copied whole into a materialized CTE,
    -- read by both the INSERT and the DELETE).  One INSERT text serves the
    -- first run and the re-run (EXECUTE with the period row, the version
    -- row and the year's choice of states as parameters, nothing else
    -- spliced in).  The DELETE takes only rows the INSERT does not write
    -- (other revisions, other agents), and the
    -- one-current-revision constraint is checked at the statement's end.
    -- The agents kept are one int4multirange (range_agg of the RETURNING
    -- ids: consecutive ids merge into one range), computed once, and each
    -- row of the period is tested against it by binary search: no join,
    -- so no plan to choose.  Every join form went quadratic under some
    -- plan: a NOT EXISTS under OR was a subplan scanning the kept agents
    -- once per result (2 s of a re-run); NOT IN is hashed only while its
    -- estimate fits in work_mem (under the default 4MB a month's re-run
    -- took 2.7-2.8 s instead of 0.34-0.41); a NOT EXISTS anti-join became a nested
    -- loop over the kept rows when stale statistics put the period's
    -- results at one row (quarter re-runs of 3.2 s in one benchmark run).
    ins := 'INSERT INTO perfeval.result AS r
           (period_id, agent_id, revision, is_current, scheme_version_id, team_id, department_id,
            attitude, capability, efficiency, satisfaction, measured_total,
            self_score, department_score, company_score, total, critical_failed, grade,
            rank_team, rank_department, rank_company, indicators_rated, months_rolled,
            indicator_ids, raw_values, scores, weights_bp, indicators_failed, rollup_state)
    SELECT ($1).id, e.agent_id, 1, true, ($2).id, e.team_id, e.department_id,
           e.attitude, e.capability, e.efficiency, e.satisfaction, e.measured_total,
           e.self_score, e.department_score, e.company_score, e.total, e.critical_failed,
           e.grade, e.rank_team, e.rank_department, e.rank_company, e.indicators_rated, e.months_rolled,
           e.indicator_ids, e.raw_values, e.scores, e.weights_bp, e.indicators_failed, e.rollup_state
    FROM (' || perfeval.evaluate_detail_sql() || ') AS e';
    -- as evaluate_detail: a year may merge its quarters' states, and a
    -- roll-up's reads of result are near-sequential (the caller's setting
    -- is put back after the statement)
    use_states := perfeval.year_merges_states(p);
    caller_rpc := pg_catalog.current_setting('random_page_cost');
    IF p.kind <> 'month' THEN
        PERFORM pg_catalog.set_config('random_page_cost', '1.1', true);
    END IF;
    IF NOT EXISTS (SELECT FROM perfeval.result AS x WHERE x.period_id = pid) THEN
        -- a first run replaces nothing: a plain INSERT (1.1; the period row
        -- is locked, so no other evaluate or regrade writes the period
        -- meanwhile: no speculative insertion, no arbiter probe per row)
        EXECUTE ins USING p, v, use_states;
        GET DIAGNOSTICS n = ROW_COUNT;
    ELSE
        EXECUTE 'WITH put AS (' || ins || '
    ON CONFLICT (period_id, agent_id, revision) DO UPDATE
    SET is_current = true, scheme_version_id = excluded.scheme_version_id,
        team_id = excluded.team_id, department_id = excluded.department_id,
        attitude = excluded.attitude, capability = excluded.capability, efficiency = excluded.efficiency,
        satisfaction = excluded.satisfaction, measured_total = excluded.measured_total,
        self_score = excluded.self_score, department_score = excluded.department_score,
        company_score = excluded.company_score, total = excluded.total,
        critical_failed = excluded.critical_failed, grade = excluded.grade,
        rank_team = excluded.rank_team, rank_department = excluded.rank_department,
        rank_company = excluded.rank_company, indicators_rated = excluded.indicators_rated,
        months_rolled = excluded.months_rolled, evaluated_at = pg_catalog.now(),
        evaluated_by = CURRENT_USER, revision_reason = NULL,
        indicator_ids = excluded.indicator_ids, raw_values = excluded.raw_values, scores = excluded.scores,
        weights_bp = excluded.weights_bp, indicators_failed = excluded.indicators_failed,
        rollup_state = excluded.rollup_state
    RETURNING r.agent_id),
    gone AS (
        DELETE FROM perfeval.result AS r
        WHERE r.period_id OPERATOR(pg_catalog.=) ($1).id
          AND (r.revision OPERATOR(pg_catalog.<>) 1
               OR NOT (SELECT coalesce(pg_catalog.range_agg(pg_catalog.int4range(put.agent_id, put.agent_id, ''[]'')),
                                       ''{}''::pg_catalog.int4multirange)
                       FROM put) OPERATOR(pg_catalog.@>) r.agent_id))
    SELECT pg_catalog.count(*)::integer FROM put'
        INTO n USING p, v, use_states;
    END IF;
    IF p.kind <> 'month' THEN
        PERFORM pg_catalog.set_config('random_page_cost', caller_rpc, true);
    END IF;
    IF p.kind = 'quarter' THEN
        -- plus the quarter's own counter, which this statement raised
        UPDATE perfeval.period AS pp SET rollup_stamp = stamp OPERATOR(pg_catalog.+) pp.results_stamp WHERE pp.id = pid;
    END IF;
    RETURN n;
EXCEPTION WHEN serialization_failure THEN
    -- e.g. a draft result deleted by a transaction this REPEATABLE READ
    -- snapshot does not see: PostgreSQL's 40001, with the hint it lacks
    RAISE EXCEPTION '%', SQLERRM
        USING ERRCODE = 'serialization_failure',
              DETAIL = pg_catalog.format('Evaluating period %s met a concurrent change.', pid),
              HINT = 'Retry the transaction.';
END
$$;
COMMENT ON FUNCTION @extschema@.evaluate(integer) IS
'computes every agent''s result for a period (evaluate_rows, evaluate_indicators: indicator scores, dimension subtotals, measured total, blended layers, grade, ranks in team, department and company) and stores it as draft revision 1, replacing earlier draft results; quarters and years roll up their months; 55000 on an approved period; concurrent calls queue on the period row, 40001 with a retry hint at REPEATABLE READ (H-3.2.3, H-5.1)';

