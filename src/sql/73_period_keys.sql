/* src/sql/73_period_keys.sql — the period key and label of every period-based view (H-3.1.2-4, H-4.3 (5); issue 14) */

-- A BI tool joins and filters on one period key (2025-03, 2025-Q1, 2025)
-- and shows one label (2025年3月 / Mar 2025).  period_key and period_label
-- make them from a period's kind and first day; every view with a period
-- (period_id, or the last period of a consequence run) carries them as
-- its last three columns: period_key, period_label (Chinese) and
-- period_label_en.  The 1.1 views (75_ to 82_) have them in their own
-- definitions.
--
-- Upgrade from 1.0: the 1.0 views change by DROP + CREATE only.  Each new
-- definition is the 1.0 one unchanged, as a subquery, with the three
-- columns appended, so that every existing column keeps its name, type
-- and position for the clients that read them by position; the key comes
-- from the view's own kind and first-day columns where it has them, else
-- from the period row (a LEFT JOIN on the period id, which the planner
-- removes when a query reads none of the three columns).  Comments,
-- security_invoker and grants are those of 1.0 (bi_department_grades
-- stays a definer view, 47_bi.sql), plus the comments of the new columns.

-- period_key(kind, starts_on): '2025-03' (month), '2025-Q1' (quarter),
-- '2025' (year) of a natural period (H-3.1.2-4).
CREATE FUNCTION @extschema@.period_key(kind text, starts_on date)
RETURNS text
LANGUAGE plpgsql
IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    y integer;
BEGIN
    IF NOT isfinite(starts_on) THEN
        RAISE EXCEPTION 'a period starts on a finite date'
            USING ERRCODE = 'datetime_field_overflow', DETAIL = format('The date given is %s.', starts_on);
    END IF;
    y := extract(year FROM starts_on)::integer;
    IF y < 1 OR y > 9999 THEN
        RAISE EXCEPTION 'year % is outside the years 1 to 9999 a period key can name', y
            USING ERRCODE = 'datetime_field_overflow';
    END IF;
    RETURN CASE kind
        WHEN 'month' THEN lpad(y::text, 4, '0') || '-' || lpad(extract(month FROM starts_on)::integer::text, 2, '0')
        WHEN 'quarter' THEN lpad(y::text, 4, '0') || '-Q' || extract(quarter FROM starts_on)::integer::text
        WHEN 'year' THEN lpad(y::text, 4, '0')
        ELSE perfeval.period_kind_error(kind) END;
END
$$;

-- period_kind_error(kind): raises the 22023 of an unknown period kind.
CREATE FUNCTION @extschema@.period_kind_error(kind text)
RETURNS text
LANGUAGE plpgsql
IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION 'unknown period kind %', coalesce(quote_literal(kind), 'NULL')
        USING ERRCODE = 'invalid_parameter_value', HINT = 'A period is a month, quarter or year (H-3.1).';
END
$$;
COMMENT ON FUNCTION @extschema@.period_kind_error(text) IS
'internal: raises 22023 for a period kind other than month, quarter and year (H-3.1)';
COMMENT ON FUNCTION @extschema@.period_key(text, date) IS
'the key of a natural period for BI tools: 2025-03 (month), 2025-Q1 (quarter), 2025 (year); 22023 for another kind, 22008 for an infinite date or a year past 9999 (H-3.1.2-4)';

-- period_label(kind, starts_on, lang): the period as people read it:
-- zh 2025年3月, 2025年第1季度, 2025年; en Mar 2025, Q1 2025, 2025.
CREATE FUNCTION @extschema@.period_label(kind text, starts_on date, lang text DEFAULT 'zh')
RETURNS text
LANGUAGE plpgsql
IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    k text := perfeval.period_key(kind, starts_on);
    y text := split_part(k, '-', 1);
    m integer := extract(month FROM starts_on)::integer;
BEGIN
    IF lang = 'zh' THEN
        RETURN CASE kind WHEN 'month' THEN y || '年' || m || '月'
                         WHEN 'quarter' THEN y || '年第' || ((m + 2) / 3) || '季度'
                         ELSE y || '年' END;
    ELSIF lang = 'en' THEN
        RETURN CASE kind WHEN 'month' THEN (ARRAY['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'])[m] || ' ' || y
                         WHEN 'quarter' THEN 'Q' || ((m + 2) / 3) || ' ' || y
                         ELSE y END;
    END IF;
    RAISE EXCEPTION 'unknown label language %', quote_literal(lang)
        USING ERRCODE = 'invalid_parameter_value', HINT = 'Use zh or en.';
END
$$;
COMMENT ON FUNCTION @extschema@.period_label(text, date, text) IS
'the label of a natural period: zh 2025年3月 / 2025年第1季度 / 2025年, en Mar 2025 / Q1 2025 / 2025; 22023 for another language or kind';

-- The 1.0 views: dropped together (promotion_candidates, care_list and
-- bottom_elimination read consequence_candidate), created again what is
-- read first.  result_indicator keeps its 1.0 columns: its row type is
-- the type of regrade_with's indicator rows (result_indicator[]), an
-- interface; bi_scorecard is the same rows with the key, labels and names.
DROP VIEW @extschema@.result_current,
          @extschema@.data_quality,
          @extschema@.quarantine_unplaced,
          @extschema@.bonus_eligibility,
          @extschema@.training_needs,
          @extschema@.consequence_candidate,
          @extschema@.promotion_candidates,
          @extschema@.care_list,
          @extschema@.bottom_elimination,
          @extschema@.improvement_progress,
          @extschema@.bi_result,
          @extschema@.bi_grade_distribution,
          @extschema@.bi_department_grades,
          @extschema@.personal_file,
          @extschema@.appeal_open,
          @extschema@.appeal_archive,
          @extschema@.appeal_statistics;

-- result_current (src/sql/43_result.sql): its 1.0 definition, the key and labels appended
CREATE VIEW @extschema@.result_current WITH (security_invoker = true) AS
SELECT v.*,
       @extschema@.period_key(pk.kind, pk.starts_on) AS period_key,
       @extschema@.period_label(pk.kind, pk.starts_on, 'zh') AS period_label,
       @extschema@.period_label(pk.kind, pk.starts_on, 'en') AS period_label_en
FROM (
    SELECT r.* FROM @extschema@.result AS r WHERE r.is_current
) AS v
LEFT JOIN @extschema@.period AS pk ON pk.id OPERATOR(pg_catalog.=) v.period_id;
COMMENT ON VIEW @extschema@.result_current IS
'the current revision of every result (one row per period and agent)';
COMMENT ON COLUMN @extschema@.result_current.id IS 'surrogate key of the result revision (referenced by rewards, appeals and bonus allocations)';
COMMENT ON COLUMN @extschema@.result_current.period_id IS 'the period evaluated (period.id)';
COMMENT ON COLUMN @extschema@.result_current.agent_id IS 'the agent evaluated (agent.id)';
COMMENT ON COLUMN @extschema@.result_current.revision IS '1 = written by evaluate; 2, 3, ... = new revisions written by appeals (the old rows are kept)';
COMMENT ON COLUMN @extschema@.result_current.is_current IS 'true on the newest revision of (period, agent): exactly one per pair';
COMMENT ON COLUMN @extschema@.result_current.scheme_version_id IS 'the scheme version the result was computed under (valid on the period''s first day, H-1.2.3)';
COMMENT ON COLUMN @extschema@.result_current.team_id IS 'the agent''s team when evaluated (ranks are within it)';
COMMENT ON COLUMN @extschema@.result_current.department_id IS 'the team''s department when evaluated';
COMMENT ON COLUMN @extschema@.result_current.attitude IS 'the attitude dimension subtotal, 0-100 (H-2.1)';
COMMENT ON COLUMN @extschema@.result_current.capability IS 'the capability dimension subtotal, 0-100 (H-2.2)';
COMMENT ON COLUMN @extschema@.result_current.efficiency IS 'the efficiency dimension subtotal, 0-100 (H-2.3)';
COMMENT ON COLUMN @extschema@.result_current.satisfaction IS 'the satisfaction dimension subtotal, 0-100 (H-2.4)';
COMMENT ON COLUMN @extschema@.result_current.measured_total IS 'the weighted score of the indicators (N/A renormalised; 0 on a critical failure), H-3.2.3';
COMMENT ON COLUMN @extschema@.result_current.self_score IS 'the self-evaluation layer from layer_score, NULL when none was entered (H-3.2.3)';
COMMENT ON COLUMN @extschema@.result_current.department_score IS 'the department evaluation layer from layer_score, NULL when none was entered (H-3.2.3)';
COMMENT ON COLUMN @extschema@.result_current.company_score IS 'the company layer: the company evaluation entered in layer_score, else measured_total';
COMMENT ON COLUMN @extschema@.result_current.total IS 'the blend of the self, department and company layers by the scheme''s weights, rounded to 4 decimals before grading and ranking; 0 on a critical failure';
COMMENT ON COLUMN @extschema@.result_current.critical_failed IS 'a critical indicator was beyond its threshold (一票否决): total 0, grade fail (for a quarter or year: some month failed)';
COMMENT ON COLUMN @extschema@.result_current.grade IS 'grade_of(total, cutoffs) or quota_grade within the scheme''s quota scope (H-5.1)';
COMMENT ON COLUMN @extschema@.result_current.rank_team IS '1 = best total in the team; ties broken by employee number';
COMMENT ON COLUMN @extschema@.result_current.rank_department IS '1 = best total in the department; ties broken by employee number';
COMMENT ON COLUMN @extschema@.result_current.rank_company IS '1 = best total in the company; ties broken by employee number';
COMMENT ON COLUMN @extschema@.result_current.indicators_rated IS 'the number of indicators with a score (not N/A)';
COMMENT ON COLUMN @extschema@.result_current.months_rolled IS 'quarter and year results: the number of month totals averaged; NULL for months';
COMMENT ON COLUMN @extschema@.result_current.evaluated_at IS 'when the revision was written';
COMMENT ON COLUMN @extschema@.result_current.evaluated_by IS 'the role that wrote the revision';
COMMENT ON COLUMN @extschema@.result_current.revision_reason IS 'why a revision after the first was written (the appeal, issue 5)';
COMMENT ON COLUMN @extschema@.result_current.indicator_ids IS 'the indicator detail (read it as perfeval.result_indicator): the indicators scored, ascending (indicator.id)';
COMMENT ON COLUMN @extschema@.result_current.raw_values IS 'the indicator detail: the measured value of each of indicator_ids (for a quarter or year: the average of the months), NULL when not measured';
COMMENT ON COLUMN @extschema@.result_current.scores IS 'the indicator detail: the normalised 0-100 score (4 decimals) of each of indicator_ids, NULL when not applicable (H-2)';
COMMENT ON COLUMN @extschema@.result_current.weights_bp IS 'the indicator detail: the weight of each of indicator_ids in the scheme version, in basis points (1/10000)';
COMMENT ON COLUMN @extschema@.result_current.indicators_failed IS 'the indicator detail: whether each of indicator_ids is critical and its value was beyond the threshold (一票否决)';
COMMENT ON COLUMN @extschema@.result_current.period_key IS 'the key of the period (period_key): 2025-03, 2025-Q1 or 2025';
COMMENT ON COLUMN @extschema@.result_current.period_label IS 'its Chinese label (period_label): 2025年3月, 2025年第1季度, 2025年';
COMMENT ON COLUMN @extschema@.result_current.period_label_en IS 'its English label: Mar 2025, Q1 2025, 2025';

-- data_quality (src/sql/42_measure.sql): its 1.0 definition, the key and labels appended
CREATE VIEW @extschema@.data_quality WITH (security_invoker = true) AS
SELECT v.*,
       @extschema@.period_key(pk.kind, pk.starts_on) AS period_key,
       @extschema@.period_label(pk.kind, pk.starts_on, 'zh') AS period_label,
       @extschema@.period_label(pk.kind, pk.starts_on, 'en') AS period_label_en
FROM (
    WITH staff AS (
        SELECT p.id AS period_id, pg_catalog.count(a.id) AS agents
        FROM @extschema@.period AS p
        LEFT JOIN @extschema@.agent AS a
               ON a.hired_on OPERATOR(pg_catalog.<=) p.ends_on
              AND (a.left_on IS NULL OR a.left_on OPERATOR(pg_catalog.>=) p.starts_on)
        WHERE p.kind OPERATOR(pg_catalog.=) 'month'
        GROUP BY p.id),
    stats AS (
        SELECT m.period_id, m.indicator_id, pg_catalog.count(*) AS measured,
               pg_catalog.avg(m.value) AS mean, pg_catalog.stddev_pop(m.value) AS sd
        FROM @extschema@.measurement AS m
        GROUP BY m.period_id, m.indicator_id),
    outliers AS (
        SELECT m.period_id, m.indicator_id, pg_catalog.count(*) AS outlying
        FROM @extschema@.measurement AS m
        JOIN stats AS s USING (period_id, indicator_id)
        WHERE s.sd OPERATOR(pg_catalog.>) 0
          AND pg_catalog.abs(m.value OPERATOR(pg_catalog.-) s.mean) OPERATOR(pg_catalog.>) (3 OPERATOR(pg_catalog.*) s.sd)
        GROUP BY m.period_id, m.indicator_id),
    quarantine AS (
        SELECT q.period_id, q.indicator_id, pg_catalog.count(*) AS quarantined
        FROM @extschema@.measurement_quarantine AS q
        WHERE q.resolved_at IS NULL AND q.period_id IS NOT NULL AND q.indicator_id IS NOT NULL
        GROUP BY q.period_id, q.indicator_id)
    SELECT p.id AS period_id, p.starts_on, i.id AS indicator_id, i.code AS indicator, i.handbook_id,
           st.agents,
           coalesce(s.measured, 0) AS measured,
           greatest(st.agents OPERATOR(pg_catalog.-) coalesce(s.measured, 0), 0) AS missing,
           coalesce(q.quarantined, 0) AS quarantined,
           coalesce(o.outlying, 0) AS outlying,
           s.mean, s.sd
    FROM @extschema@.period AS p
    JOIN staff AS st ON st.period_id OPERATOR(pg_catalog.=) p.id
    CROSS JOIN @extschema@.indicator AS i
    LEFT JOIN stats AS s ON s.period_id OPERATOR(pg_catalog.=) p.id AND s.indicator_id OPERATOR(pg_catalog.=) i.id
    LEFT JOIN outliers AS o ON o.period_id OPERATOR(pg_catalog.=) p.id AND o.indicator_id OPERATOR(pg_catalog.=) i.id
    LEFT JOIN quarantine AS q ON q.period_id OPERATOR(pg_catalog.=) p.id AND q.indicator_id OPERATOR(pg_catalog.=) i.id
    WHERE p.kind OPERATOR(pg_catalog.=) 'month'
) AS v
LEFT JOIN @extschema@.period AS pk ON pk.id OPERATOR(pg_catalog.=) v.period_id;
COMMENT ON VIEW @extschema@.data_quality IS
'per month and indicator: agents employed, values measured, missing (not applicable), quarantined (unresolved) and outlying (beyond 3 standard deviations of the month''s mean) counts (H-4.3 monitoring)';
COMMENT ON COLUMN @extschema@.data_quality.period_id IS 'the period (period.id)';
COMMENT ON COLUMN @extschema@.data_quality.starts_on IS 'first day of the period';
COMMENT ON COLUMN @extschema@.data_quality.indicator_id IS 'the indicator (indicator.id)';
COMMENT ON COLUMN @extschema@.data_quality.indicator IS 'the indicator''s code (indicator.code)';
COMMENT ON COLUMN @extschema@.data_quality.handbook_id IS 'the handbook rule of the indicator (indicator.handbook_id)';
COMMENT ON COLUMN @extschema@.data_quality.agents IS 'agents employed during the month (hired on or before its last day, not left before its first); months only';
COMMENT ON COLUMN @extschema@.data_quality.measured IS 'agents with a stored measurement of the indicator in the period';
COMMENT ON COLUMN @extschema@.data_quality.missing IS 'agents employed but not measured (agents - measured, at least 0)';
COMMENT ON COLUMN @extschema@.data_quality.quarantined IS 'unresolved quarantined rows for the indicator and period';
COMMENT ON COLUMN @extschema@.data_quality.outlying IS 'measurements more than three standard deviations from the mean';
COMMENT ON COLUMN @extschema@.data_quality.mean IS 'mean of the stored values';
COMMENT ON COLUMN @extschema@.data_quality.sd IS 'population standard deviation of the stored values';
COMMENT ON COLUMN @extschema@.data_quality.period_key IS 'the key of the period (period_key): 2025-03, 2025-Q1 or 2025';
COMMENT ON COLUMN @extschema@.data_quality.period_label IS 'its Chinese label (period_label): 2025年3月, 2025年第1季度, 2025年';
COMMENT ON COLUMN @extschema@.data_quality.period_label_en IS 'its English label: Mar 2025, Q1 2025, 2025';

-- quarantine_unplaced (src/sql/42_measure.sql): its 1.0 definition, the key and labels appended
CREATE VIEW @extschema@.quarantine_unplaced WITH (security_invoker = true) AS
SELECT v.*,
       @extschema@.period_key(pk.kind, pk.starts_on) AS period_key,
       @extschema@.period_label(pk.kind, pk.starts_on, 'zh') AS period_label,
       @extschema@.period_label(pk.kind, pk.starts_on, 'en') AS period_label_en
FROM (
    SELECT q.* FROM @extschema@.measurement_quarantine AS q
    WHERE q.resolved_at IS NULL AND (q.period_id IS NULL OR q.indicator_id IS NULL)
) AS v
LEFT JOIN @extschema@.period AS pk ON pk.id OPERATOR(pg_catalog.=) v.period_id;
COMMENT ON VIEW @extschema@.quarantine_unplaced IS
'quarantined rows whose month or indicator could not be read, so data_quality cannot count them: they show here (H-4.3)';
COMMENT ON COLUMN @extschema@.quarantine_unplaced.id IS 'surrogate key of the quarantined row';
COMMENT ON COLUMN @extschema@.quarantine_unplaced.raw IS 'the input row exactly as given';
COMMENT ON COLUMN @extschema@.quarantine_unplaced.raw_hash IS 'md5 of the raw row: importing it again adds nothing';
COMMENT ON COLUMN @extschema@.quarantine_unplaced.reason IS 'why the row was refused (the check that failed)';
COMMENT ON COLUMN @extschema@.quarantine_unplaced.agent_id IS 'the agent, when the row named one that exists (agent.id)';
COMMENT ON COLUMN @extschema@.quarantine_unplaced.period_id IS 'the period, when the row named one that exists (period.id)';
COMMENT ON COLUMN @extschema@.quarantine_unplaced.indicator_id IS 'the indicator, when the row named one that exists (indicator.id)';
COMMENT ON COLUMN @extschema@.quarantine_unplaced.import_batch IS 'the import batch the row came in';
COMMENT ON COLUMN @extschema@.quarantine_unplaced.quarantined_at IS 'when the row was quarantined';
COMMENT ON COLUMN @extschema@.quarantine_unplaced.resolved_at IS 'set by the user once the row has been dealt with; resolved rows leave the data-quality counts';
COMMENT ON COLUMN @extschema@.quarantine_unplaced.period_key IS 'the key of the period named by the raw row, NULL when none (period_key): 2025-03, 2025-Q1 or 2025';
COMMENT ON COLUMN @extschema@.quarantine_unplaced.period_label IS 'its Chinese label (period_label): 2025年3月, 2025年第1季度, 2025年';
COMMENT ON COLUMN @extschema@.quarantine_unplaced.period_label_en IS 'its English label: Mar 2025, Q1 2025, 2025';

-- bonus_eligibility (src/sql/45_consequence.sql): its 1.0 definition, the key and labels appended
CREATE VIEW @extschema@.bonus_eligibility WITH (security_invoker = true) AS
SELECT v.*,
       @extschema@.period_key(v.kind, v.starts_on) AS period_key,
       @extschema@.period_label(v.kind, v.starts_on, 'zh') AS period_label,
       @extschema@.period_label(v.kind, v.starts_on, 'en') AS period_label_en
FROM (
    SELECT r.period_id, p.kind, p.starts_on, p.state AS period_state, p.state OPERATOR(pg_catalog.=) 'approved' AS final,
           r.agent_id, a.employee_no, a.name AS agent_name, r.team_id, r.department_id,
           r.total, r.grade, @extschema@.grade_label(r.grade, 'zh') AS grade_zh,
           coalesce(b.eligible, false) AS eligible,
           coalesce(b.coefficient, 0)::numeric(6,3) AS coefficient,
           b.scheme_version_id AS rule_scheme_version_id
    FROM @extschema@.result AS r
    JOIN @extschema@.period AS p ON p.id OPERATOR(pg_catalog.=) r.period_id
    JOIN @extschema@.agent AS a ON a.id OPERATOR(pg_catalog.=) r.agent_id
    LEFT JOIN LATERAL (
        SELECT br.eligible, br.coefficient, br.scheme_version_id
        FROM @extschema@.bonus_rule AS br
        WHERE br.grade OPERATOR(pg_catalog.=) r.grade
          AND br.scheme_version_id IN (r.scheme_version_id, 1)
        ORDER BY br.scheme_version_id OPERATOR(pg_catalog.=) r.scheme_version_id DESC, br.seeded
        LIMIT 1) AS b ON true
    WHERE r.is_current
) AS v;
COMMENT ON VIEW @extschema@.bonus_eligibility IS
'every current result with its bonus eligibility and coefficient by grade (H-3.3.1, H-5.3.2): the rule of the result''s scheme version, else that of the default version 1 (a user row before a seeded one); final = the period is approved (H-3.2.7); an ungraded result is not eligible';
COMMENT ON COLUMN @extschema@.bonus_eligibility.period_id IS 'the period evaluated (period.id)';
COMMENT ON COLUMN @extschema@.bonus_eligibility.kind IS 'month, quarter or year: a natural calendar period (H-3.1.2-4)';
COMMENT ON COLUMN @extschema@.bonus_eligibility.starts_on IS 'first day of the period';
COMMENT ON COLUMN @extschema@.bonus_eligibility.period_state IS 'open, closed or approved (period.state); approved results are final';
COMMENT ON COLUMN @extschema@.bonus_eligibility.final IS 'true when the period is approved, so eligibility is final';
COMMENT ON COLUMN @extschema@.bonus_eligibility.agent_id IS 'the agent evaluated (agent.id)';
COMMENT ON COLUMN @extschema@.bonus_eligibility.employee_no IS 'the agent''s employee number (agent.employee_no)';
COMMENT ON COLUMN @extschema@.bonus_eligibility.agent_name IS 'the agent''s name (agent.name)';
COMMENT ON COLUMN @extschema@.bonus_eligibility.team_id IS 'the agent''s team when evaluated (ranks are within it)';
COMMENT ON COLUMN @extschema@.bonus_eligibility.department_id IS 'the team''s department when evaluated';
COMMENT ON COLUMN @extschema@.bonus_eligibility.total IS 'the blend of the self, department and company layers by the scheme''s weights, rounded to 4 decimals before grading and ranking; 0 on a critical failure';
COMMENT ON COLUMN @extschema@.bonus_eligibility.grade IS 'grade_of(total, cutoffs) or quota_grade within the scheme''s quota scope (H-5.1)';
COMMENT ON COLUMN @extschema@.bonus_eligibility.grade_zh IS 'the grade''s Chinese label (grade_label(grade, ''zh''))';
COMMENT ON COLUMN @extschema@.bonus_eligibility.eligible IS 'whether the grade earns a bonus under the scheme version''s bonus rule (false without a rule), H-6.1.1';
COMMENT ON COLUMN @extschema@.bonus_eligibility.coefficient IS 'the bonus coefficient of the grade (0 without a rule)';
COMMENT ON COLUMN @extschema@.bonus_eligibility.rule_scheme_version_id IS 'the scheme version whose bonus_rule applied: the result''s, else the seeded scheme version 1; NULL without a rule';
COMMENT ON COLUMN @extschema@.bonus_eligibility.period_key IS 'the key of the period (period_key): 2025-03, 2025-Q1 or 2025';
COMMENT ON COLUMN @extschema@.bonus_eligibility.period_label IS 'its Chinese label (period_label): 2025年3月, 2025年第1季度, 2025年';
COMMENT ON COLUMN @extschema@.bonus_eligibility.period_label_en IS 'its English label: Mar 2025, Q1 2025, 2025';

-- training_needs (src/sql/45_consequence.sql): its 1.0 definition, the key and labels appended
CREATE VIEW @extschema@.training_needs WITH (security_invoker = true) AS
SELECT v.*,
       @extschema@.period_key(v.kind, v.starts_on) AS period_key,
       @extschema@.period_label(v.kind, v.starts_on, 'zh') AS period_label,
       @extschema@.period_label(v.kind, v.starts_on, 'en') AS period_label_en
FROM (
    SELECT r.period_id, p.kind, p.starts_on, r.agent_id, a.employee_no, a.name AS agent_name,
           r.team_id, r.department_id, r.total, r.grade,
           w.dimension AS weakest_dimension, w.score AS weakest_dimension_score,
           i.codes AS weakest_indicators, i.names_zh AS weakest_indicators_zh, i.scores AS weakest_indicator_scores,
           (w.score OPERATOR(pg_catalog.<) v.cutoffs[4] OR r.grade OPERATOR(pg_catalog.<=) 'pass') AS training_suggested
    FROM @extschema@.result AS r
    JOIN @extschema@.period AS p ON p.id OPERATOR(pg_catalog.=) r.period_id
    JOIN @extschema@.agent AS a ON a.id OPERATOR(pg_catalog.=) r.agent_id
    JOIN @extschema@.scheme_version AS v ON v.id OPERATOR(pg_catalog.=) r.scheme_version_id
    LEFT JOIN LATERAL (
        SELECT d.dimension, d.score
        FROM (VALUES (1, 'attitude', r.attitude), (2, 'capability', r.capability),
                     (3, 'efficiency', r.efficiency), (4, 'satisfaction', r.satisfaction)) AS d(ord, dimension, score)
        WHERE d.score IS NOT NULL
        ORDER BY d.score, d.ord
        LIMIT 1) AS w ON true
    LEFT JOIN LATERAL (
        SELECT pg_catalog.array_agg(x.code ORDER BY x.score, x.code_c) AS codes,
               pg_catalog.array_agg(x.name_zh ORDER BY x.score, x.code_c) AS names_zh,
               pg_catalog.array_agg(x.score ORDER BY x.score, x.code_c) AS scores
        FROM (SELECT ind.code, ind.code COLLATE "C" AS code_c, ind.name_zh, ri.score::numeric(7,4) AS score
              FROM ROWS FROM (pg_catalog.unnest(r.indicator_ids), pg_catalog.unnest(r.scores)) AS ri(indicator_id, score)
              JOIN @extschema@.indicator AS ind ON ind.id OPERATOR(pg_catalog.=) ri.indicator_id
              WHERE ri.score IS NOT NULL
              ORDER BY ri.score, ind.code COLLATE "C"
              LIMIT 3) AS x) AS i ON true
    WHERE r.is_current AND a.active
) AS v;
COMMENT ON VIEW @extschema@.training_needs IS
'per current result of an active agent: the weakest dimension (lowest subtotal; ties in the order attitude, capability, efficiency, satisfaction) and the three lowest-scored indicators (ties by code); training_suggested when the weakest subtotal is below the scheme''s pass cutoff or the grade is pass or fail (H-3.3.2)';
COMMENT ON COLUMN @extschema@.training_needs.period_id IS 'the period evaluated (period.id)';
COMMENT ON COLUMN @extschema@.training_needs.kind IS 'month, quarter or year: a natural calendar period (H-3.1.2-4)';
COMMENT ON COLUMN @extschema@.training_needs.starts_on IS 'first day of the period';
COMMENT ON COLUMN @extschema@.training_needs.agent_id IS 'the agent evaluated (agent.id)';
COMMENT ON COLUMN @extschema@.training_needs.employee_no IS 'the agent''s employee number (agent.employee_no)';
COMMENT ON COLUMN @extschema@.training_needs.agent_name IS 'the agent''s name (agent.name)';
COMMENT ON COLUMN @extschema@.training_needs.team_id IS 'the agent''s team when evaluated (ranks are within it)';
COMMENT ON COLUMN @extschema@.training_needs.department_id IS 'the team''s department when evaluated';
COMMENT ON COLUMN @extschema@.training_needs.total IS 'the agent''s total (result.total)';
COMMENT ON COLUMN @extschema@.training_needs.grade IS 'the agent''s grade (result.grade)';
COMMENT ON COLUMN @extschema@.training_needs.weakest_dimension IS 'the dimension with the lowest subtotal (attitude, capability, efficiency, satisfaction)';
COMMENT ON COLUMN @extschema@.training_needs.weakest_dimension_score IS 'that dimension''s subtotal, 0-100';
COMMENT ON COLUMN @extschema@.training_needs.weakest_indicators IS 'codes of the (up to three) lowest-scored indicators, lowest first';
COMMENT ON COLUMN @extschema@.training_needs.weakest_indicators_zh IS 'their Chinese names, in the same order';
COMMENT ON COLUMN @extschema@.training_needs.weakest_indicator_scores IS 'their scores, in the same order';
COMMENT ON COLUMN @extschema@.training_needs.training_suggested IS 'true when the weakest dimension''s subtotal is below the scheme''s pass cutoff or the grade is pass or fail (H-3.3.2)';
COMMENT ON COLUMN @extschema@.training_needs.period_key IS 'the key of the period (period_key): 2025-03, 2025-Q1 or 2025';
COMMENT ON COLUMN @extschema@.training_needs.period_label IS 'its Chinese label (period_label): 2025年3月, 2025年第1季度, 2025年';
COMMENT ON COLUMN @extschema@.training_needs.period_label_en IS 'its English label: Mar 2025, Q1 2025, 2025';

-- consequence_candidate (src/sql/45_consequence.sql): its 1.0 definition, the key and labels appended
CREATE VIEW @extschema@.consequence_candidate WITH (security_invoker = true) AS
SELECT v.*,
       @extschema@.period_key(v.kind, v.last_starts_on) AS period_key,
       @extschema@.period_label(v.kind, v.last_starts_on, 'zh') AS period_label,
       @extschema@.period_label(v.kind, v.last_starts_on, 'en') AS period_label_en
FROM (
    WITH rule AS (
        SELECT DISTINCT ON (c.consequence, c.kind) c.consequence, c.kind, c.threshold, c.periods, c.enabled
        FROM @extschema@.consequence_rule AS c
        ORDER BY c.consequence, c.kind, c.seeded),
    res AS (
        SELECT r.agent_id, r.period_id, r.grade, r.total, p.kind, p.starts_on,
               @extschema@.period_index(p.kind, p.starts_on) AS idx
        FROM @extschema@.result AS r
        JOIN @extschema@.period AS p ON p.id OPERATOR(pg_catalog.=) r.period_id
        WHERE r.is_current),
    latest AS (
        SELECT p.kind, pg_catalog.max(@extschema@.period_index(p.kind, p.starts_on)) AS idx
        FROM @extschema@.period AS p
        WHERE EXISTS (SELECT FROM @extschema@.result AS r WHERE r.period_id OPERATOR(pg_catalog.=) p.id AND r.is_current)
        GROUP BY p.kind),
    streak AS (
        SELECT u.consequence, u.kind, u.threshold, u.periods, res.agent_id, res.period_id, res.starts_on,
               res.idx, res.grade, res.total,
               CASE WHEN u.consequence OPERATOR(pg_catalog.=) 'promotion'
                    THEN @extschema@.grade_streak(
                             CASE res.grade WHEN 'excellent' THEN 'fail' WHEN 'good' THEN 'pass' WHEN 'medium' THEN 'medium'
                                            WHEN 'pass' THEN 'good' WHEN 'fail' THEN 'excellent' END::@extschema@.grade,
                             CASE u.threshold WHEN 'excellent' THEN 'fail' WHEN 'good' THEN 'pass' WHEN 'medium' THEN 'medium'
                                              WHEN 'pass' THEN 'good' WHEN 'fail' THEN 'excellent' END::@extschema@.grade,
                             res.idx) OVER w
                    ELSE @extschema@.grade_streak(res.grade, u.threshold, res.idx) OVER w
               END AS streak
        FROM rule AS u
        JOIN res ON res.kind OPERATOR(pg_catalog.=) u.kind
        -- only the rows that count: a row that does not is a break in the run
        -- just like a missing period, so leaving it out keeps every streak
        -- and sorts far fewer rows
        WHERE u.enabled
          AND CASE WHEN u.consequence OPERATOR(pg_catalog.=) 'promotion' THEN res.grade OPERATOR(pg_catalog.>=) u.threshold ELSE res.grade OPERATOR(pg_catalog.<=) u.threshold END
        WINDOW w AS (PARTITION BY u.consequence, u.kind, res.agent_id ORDER BY res.idx))
    SELECT s.consequence, s.kind, s.threshold, s.periods,
           s.agent_id, a.employee_no, a.name AS agent_name, a.team_id, t.department_id,
           s.period_id AS last_period_id, s.starts_on AS last_starts_on, s.grade AS last_grade,
           @extschema@.grade_label(s.grade, 'zh') AS last_grade_zh, s.total AS last_total, s.streak,
           NOT EXISTS (SELECT FROM @extschema@.period AS q
                       WHERE q.kind OPERATOR(pg_catalog.=) s.kind AND q.state OPERATOR(pg_catalog.<>) 'approved'
                         AND @extschema@.period_index(q.kind, q.starts_on) BETWEEN (s.idx OPERATOR(pg_catalog.-) s.periods OPERATOR(pg_catalog.+) 1) AND s.idx) AS final
    FROM streak AS s
    JOIN latest AS l ON l.kind OPERATOR(pg_catalog.=) s.kind AND l.idx OPERATOR(pg_catalog.=) s.idx
    JOIN @extschema@.agent AS a ON a.id OPERATOR(pg_catalog.=) s.agent_id
    JOIN @extschema@.team AS t ON t.id OPERATOR(pg_catalog.=) a.team_id
    WHERE s.streak OPERATOR(pg_catalog.>=) s.periods AND a.active
) AS v;
COMMENT ON VIEW @extschema@.consequence_candidate IS
'active agents meeting a consequence_rule: the grades of the last `periods` adjacent periods of the kind, ending with the latest period of that kind having results, are all at or above (promotion) or at or below (care, bottom_elimination) the threshold; streak = the length of the run; final = every period of the run is approved (H-3.3.3-5)';
COMMENT ON COLUMN @extschema@.consequence_candidate.consequence IS 'promotion, care or bottom_elimination (H-3.3.5)';
COMMENT ON COLUMN @extschema@.consequence_candidate.kind IS 'month, quarter or year: the kind of period counted (consequence_rule.kind)';
COMMENT ON COLUMN @extschema@.consequence_candidate.threshold IS 'the rule''s threshold grade (consequence_rule.threshold)';
COMMENT ON COLUMN @extschema@.consequence_candidate.periods IS 'the consecutive periods the rule asks for (consequence_rule.periods)';
COMMENT ON COLUMN @extschema@.consequence_candidate.agent_id IS 'the agent (agent.id)';
COMMENT ON COLUMN @extschema@.consequence_candidate.employee_no IS 'the unique employee number; the stable key that breaks rank ties';
COMMENT ON COLUMN @extschema@.consequence_candidate.agent_name IS 'the agent''s name (agent.name)';
COMMENT ON COLUMN @extschema@.consequence_candidate.team_id IS 'the agent''s current team (agent.team_id)';
COMMENT ON COLUMN @extschema@.consequence_candidate.department_id IS 'the current team''s department (team.department_id)';
COMMENT ON COLUMN @extschema@.consequence_candidate.last_period_id IS 'the latest period of the kind with results (period.id)';
COMMENT ON COLUMN @extschema@.consequence_candidate.last_starts_on IS 'first day of that period';
COMMENT ON COLUMN @extschema@.consequence_candidate.last_grade IS 'the agent''s grade in that period';
COMMENT ON COLUMN @extschema@.consequence_candidate.last_grade_zh IS 'that grade''s Chinese label';
COMMENT ON COLUMN @extschema@.consequence_candidate.last_total IS 'the agent''s total in that period';
COMMENT ON COLUMN @extschema@.consequence_candidate.streak IS 'consecutive periods up to the latest with a grade at or above (promotion) or at or below (care, bottom elimination) the threshold (H-3.3.5)';
COMMENT ON COLUMN @extschema@.consequence_candidate.final IS 'true when the rule''s last periods of this kind (as many as periods) are all approved, so the candidacy is final';
COMMENT ON COLUMN @extschema@.consequence_candidate.period_key IS 'the key of the latest period of the run (last_period_id) (period_key): 2025-03, 2025-Q1 or 2025';
COMMENT ON COLUMN @extschema@.consequence_candidate.period_label IS 'its Chinese label (period_label): 2025年3月, 2025年第1季度, 2025年';
COMMENT ON COLUMN @extschema@.consequence_candidate.period_label_en IS 'its English label: Mar 2025, Q1 2025, 2025';

-- promotion_candidates (src/sql/45_consequence.sql): its 1.0 definition, the key and labels appended
CREATE VIEW @extschema@.promotion_candidates WITH (security_invoker = true) AS
SELECT v.*,
       @extschema@.period_key(v.kind, v.last_starts_on) AS period_key,
       @extschema@.period_label(v.kind, v.last_starts_on, 'zh') AS period_label,
       @extschema@.period_label(v.kind, v.last_starts_on, 'en') AS period_label_en
FROM (
    SELECT c.kind, c.threshold, c.periods, c.agent_id, c.employee_no, c.agent_name, c.team_id, c.department_id,
           c.last_period_id, c.last_starts_on, c.last_grade, c.last_grade_zh, c.last_total, c.streak, c.final
    FROM @extschema@.consequence_candidate AS c WHERE c.consequence OPERATOR(pg_catalog.=) 'promotion'
) AS v;
COMMENT ON VIEW @extschema@.promotion_candidates IS
'promotion / transfer candidates: grade at or above the rule''s threshold in the last N adjacent periods of a kind (default: excellent for 3 months, 2 quarters or 1 year), H-3.3.3, H-6.1.1 (4)';
COMMENT ON COLUMN @extschema@.promotion_candidates.kind IS 'month, quarter or year: the kind of period counted (consequence_rule.kind)';
COMMENT ON COLUMN @extschema@.promotion_candidates.threshold IS 'the rule''s threshold grade (consequence_rule.threshold)';
COMMENT ON COLUMN @extschema@.promotion_candidates.periods IS 'the consecutive periods the rule asks for (consequence_rule.periods)';
COMMENT ON COLUMN @extschema@.promotion_candidates.agent_id IS 'the agent (agent.id)';
COMMENT ON COLUMN @extschema@.promotion_candidates.employee_no IS 'the unique employee number; the stable key that breaks rank ties';
COMMENT ON COLUMN @extschema@.promotion_candidates.agent_name IS 'the agent''s name (agent.name)';
COMMENT ON COLUMN @extschema@.promotion_candidates.team_id IS 'the agent''s current team (agent.team_id)';
COMMENT ON COLUMN @extschema@.promotion_candidates.department_id IS 'the current team''s department (team.department_id)';
COMMENT ON COLUMN @extschema@.promotion_candidates.last_period_id IS 'the latest period of the kind with results (period.id)';
COMMENT ON COLUMN @extschema@.promotion_candidates.last_starts_on IS 'first day of that period';
COMMENT ON COLUMN @extschema@.promotion_candidates.last_grade IS 'the agent''s grade in that period';
COMMENT ON COLUMN @extschema@.promotion_candidates.last_grade_zh IS 'that grade''s Chinese label';
COMMENT ON COLUMN @extschema@.promotion_candidates.last_total IS 'the agent''s total in that period';
COMMENT ON COLUMN @extschema@.promotion_candidates.streak IS 'consecutive periods up to the latest with a grade at or above (promotion) or at or below (care, bottom elimination) the threshold (H-3.3.5)';
COMMENT ON COLUMN @extschema@.promotion_candidates.final IS 'true when the rule''s last periods of this kind (as many as periods) are all approved, so the candidacy is final';
COMMENT ON COLUMN @extschema@.promotion_candidates.period_key IS 'the key of the latest period of the run (last_period_id) (period_key): 2025-03, 2025-Q1 or 2025';
COMMENT ON COLUMN @extschema@.promotion_candidates.period_label IS 'its Chinese label (period_label): 2025年3月, 2025年第1季度, 2025年';
COMMENT ON COLUMN @extschema@.promotion_candidates.period_label_en IS 'its English label: Mar 2025, Q1 2025, 2025';

-- care_list (src/sql/45_consequence.sql): its 1.0 definition, the key and labels appended
CREATE VIEW @extschema@.care_list WITH (security_invoker = true) AS
SELECT v.*,
       @extschema@.period_key(v.kind, v.last_starts_on) AS period_key,
       @extschema@.period_label(v.kind, v.last_starts_on, 'zh') AS period_label,
       @extschema@.period_label(v.kind, v.last_starts_on, 'en') AS period_label_en
FROM (
    SELECT c.kind, c.threshold, c.periods, c.agent_id, c.employee_no, c.agent_name, c.team_id, c.department_id,
           c.last_period_id, c.last_starts_on, c.last_grade, c.last_grade_zh, c.last_total, c.streak, c.final
    FROM @extschema@.consequence_candidate AS c WHERE c.consequence OPERATOR(pg_catalog.=) 'care'
) AS v;
COMMENT ON VIEW @extschema@.care_list IS
'agents for care and support: grade at or below the rule''s threshold in the last N adjacent periods of a kind (default: pass or fail in the latest period), H-3.3.4';
COMMENT ON COLUMN @extschema@.care_list.kind IS 'month, quarter or year: the kind of period counted (consequence_rule.kind)';
COMMENT ON COLUMN @extschema@.care_list.threshold IS 'the rule''s threshold grade (consequence_rule.threshold)';
COMMENT ON COLUMN @extschema@.care_list.periods IS 'the consecutive periods the rule asks for (consequence_rule.periods)';
COMMENT ON COLUMN @extschema@.care_list.agent_id IS 'the agent (agent.id)';
COMMENT ON COLUMN @extschema@.care_list.employee_no IS 'the unique employee number; the stable key that breaks rank ties';
COMMENT ON COLUMN @extschema@.care_list.agent_name IS 'the agent''s name (agent.name)';
COMMENT ON COLUMN @extschema@.care_list.team_id IS 'the agent''s current team (agent.team_id)';
COMMENT ON COLUMN @extschema@.care_list.department_id IS 'the current team''s department (team.department_id)';
COMMENT ON COLUMN @extschema@.care_list.last_period_id IS 'the latest period of the kind with results (period.id)';
COMMENT ON COLUMN @extschema@.care_list.last_starts_on IS 'first day of that period';
COMMENT ON COLUMN @extschema@.care_list.last_grade IS 'the agent''s grade in that period';
COMMENT ON COLUMN @extschema@.care_list.last_grade_zh IS 'that grade''s Chinese label';
COMMENT ON COLUMN @extschema@.care_list.last_total IS 'the agent''s total in that period';
COMMENT ON COLUMN @extschema@.care_list.streak IS 'consecutive periods up to the latest with a grade at or above (promotion) or at or below (care, bottom elimination) the threshold (H-3.3.5)';
COMMENT ON COLUMN @extschema@.care_list.final IS 'true when the rule''s last periods of this kind (as many as periods) are all approved, so the candidacy is final';
COMMENT ON COLUMN @extschema@.care_list.period_key IS 'the key of the latest period of the run (last_period_id) (period_key): 2025-03, 2025-Q1 or 2025';
COMMENT ON COLUMN @extschema@.care_list.period_label IS 'its Chinese label (period_label): 2025年3月, 2025年第1季度, 2025年';
COMMENT ON COLUMN @extschema@.care_list.period_label_en IS 'its English label: Mar 2025, Q1 2025, 2025';

-- bottom_elimination (src/sql/45_consequence.sql): its 1.0 definition, the key and labels appended
CREATE VIEW @extschema@.bottom_elimination WITH (security_invoker = true) AS
SELECT v.*,
       @extschema@.period_key(v.kind, v.last_starts_on) AS period_key,
       @extschema@.period_label(v.kind, v.last_starts_on, 'zh') AS period_label,
       @extschema@.period_label(v.kind, v.last_starts_on, 'en') AS period_label_en
FROM (
    SELECT c.kind, c.threshold, c.periods, c.agent_id, c.employee_no, c.agent_name, c.team_id, c.department_id,
           c.last_period_id, c.last_starts_on, c.last_grade, c.last_grade_zh, c.last_total, c.streak, c.final
    FROM @extschema@.consequence_candidate AS c WHERE c.consequence OPERATOR(pg_catalog.=) 'bottom_elimination'
) AS v;
COMMENT ON VIEW @extschema@.bottom_elimination IS
'bottom-elimination (末位淘汰) candidates: grade at or below the rule''s threshold in N adjacent periods of a kind running up to the latest one (default: fail 3 months running, 2 quarters running, or a failed year); a missing period breaks the run, H-3.3.5';
COMMENT ON COLUMN @extschema@.bottom_elimination.kind IS 'month, quarter or year: the kind of period counted (consequence_rule.kind)';
COMMENT ON COLUMN @extschema@.bottom_elimination.threshold IS 'the rule''s threshold grade (consequence_rule.threshold)';
COMMENT ON COLUMN @extschema@.bottom_elimination.periods IS 'the consecutive periods the rule asks for (consequence_rule.periods)';
COMMENT ON COLUMN @extschema@.bottom_elimination.agent_id IS 'the agent (agent.id)';
COMMENT ON COLUMN @extschema@.bottom_elimination.employee_no IS 'the unique employee number; the stable key that breaks rank ties';
COMMENT ON COLUMN @extschema@.bottom_elimination.agent_name IS 'the agent''s name (agent.name)';
COMMENT ON COLUMN @extschema@.bottom_elimination.team_id IS 'the agent''s current team (agent.team_id)';
COMMENT ON COLUMN @extschema@.bottom_elimination.department_id IS 'the current team''s department (team.department_id)';
COMMENT ON COLUMN @extschema@.bottom_elimination.last_period_id IS 'the latest period of the kind with results (period.id)';
COMMENT ON COLUMN @extschema@.bottom_elimination.last_starts_on IS 'first day of that period';
COMMENT ON COLUMN @extschema@.bottom_elimination.last_grade IS 'the agent''s grade in that period';
COMMENT ON COLUMN @extschema@.bottom_elimination.last_grade_zh IS 'that grade''s Chinese label';
COMMENT ON COLUMN @extschema@.bottom_elimination.last_total IS 'the agent''s total in that period';
COMMENT ON COLUMN @extschema@.bottom_elimination.streak IS 'consecutive periods up to the latest with a grade at or above (promotion) or at or below (care, bottom elimination) the threshold (H-3.3.5)';
COMMENT ON COLUMN @extschema@.bottom_elimination.final IS 'true when the rule''s last periods of this kind (as many as periods) are all approved, so the candidacy is final';
COMMENT ON COLUMN @extschema@.bottom_elimination.period_key IS 'the key of the latest period of the run (last_period_id) (period_key): 2025-03, 2025-Q1 or 2025';
COMMENT ON COLUMN @extschema@.bottom_elimination.period_label IS 'its Chinese label (period_label): 2025年3月, 2025年第1季度, 2025年';
COMMENT ON COLUMN @extschema@.bottom_elimination.period_label_en IS 'its English label: Mar 2025, Q1 2025, 2025';

-- improvement_progress (src/sql/46_plan.sql): its 1.0 definition, the key and labels appended
CREATE VIEW @extschema@.improvement_progress WITH (security_invoker = true) AS
SELECT v.*,
       @extschema@.period_key(pk.kind, pk.starts_on) AS period_key,
       @extschema@.period_label(pk.kind, pk.starts_on, 'zh') AS period_label,
       @extschema@.period_label(pk.kind, pk.starts_on, 'en') AS period_label_en
FROM (
    WITH val AS (
        SELECT pl.id AS plan_id, tg.indicator_id, p.id AS period_id, p.kind, p.starts_on,
               coalesce(ri.raw_value, m.value) AS value
        FROM @extschema@.improvement_plan AS pl
        JOIN @extschema@.improvement_target AS tg ON tg.plan_id OPERATOR(pg_catalog.=) pl.id
        JOIN @extschema@.period AS b ON b.id OPERATOR(pg_catalog.=) pl.baseline_period_id
        JOIN @extschema@.period AS p ON p.kind OPERATOR(pg_catalog.=) b.kind AND p.starts_on OPERATOR(pg_catalog.>=) b.starts_on
        LEFT JOIN @extschema@.result AS r
               ON r.period_id OPERATOR(pg_catalog.=) p.id AND r.agent_id OPERATOR(pg_catalog.=) pl.agent_id AND r.is_current
        LEFT JOIN @extschema@.result_indicator AS ri
               ON ri.period_id OPERATOR(pg_catalog.=) r.period_id AND ri.agent_id OPERATOR(pg_catalog.=) r.agent_id AND ri.revision OPERATOR(pg_catalog.=) r.revision
              AND ri.indicator_id OPERATOR(pg_catalog.=) tg.indicator_id
        LEFT JOIN @extschema@.measurement AS m
               ON m.agent_id OPERATOR(pg_catalog.=) pl.agent_id AND m.period_id OPERATOR(pg_catalog.=) p.id AND m.indicator_id OPERATOR(pg_catalog.=) tg.indicator_id)
    SELECT pl.id AS plan_id, pl.agent_id, a.employee_no, a.name AS agent_name, pl.title, pl.owner, pl.due_on, pl.status,
           i.code AS indicator, i.name_zh AS indicator_zh, i.direction,
           b.period_id AS baseline_period_id, b.starts_on AS baseline_starts_on, b.value AS baseline_value,
           tg.target_value,
           v.period_id, v.starts_on, v.value,
           v.value::numeric OPERATOR(pg_catalog.-) b.value::numeric AS change,
           CASE WHEN i.direction OPERATOR(pg_catalog.=) 'higher_better' THEN v.value OPERATOR(pg_catalog.>) b.value ELSE v.value OPERATOR(pg_catalog.<) b.value END AS improved,
           CASE WHEN i.direction OPERATOR(pg_catalog.=) 'higher_better' THEN v.value OPERATOR(pg_catalog.>=) tg.target_value ELSE v.value OPERATOR(pg_catalog.<=) tg.target_value END AS target_met,
           v.starts_on OPERATOR(pg_catalog.>) pl.due_on AS after_due
    FROM @extschema@.improvement_plan AS pl
    JOIN @extschema@.agent AS a ON a.id OPERATOR(pg_catalog.=) pl.agent_id
    JOIN @extschema@.improvement_target AS tg ON tg.plan_id OPERATOR(pg_catalog.=) pl.id
    JOIN @extschema@.indicator AS i ON i.id OPERATOR(pg_catalog.=) tg.indicator_id
    JOIN val AS b ON b.plan_id OPERATOR(pg_catalog.=) pl.id AND b.indicator_id OPERATOR(pg_catalog.=) tg.indicator_id AND b.period_id OPERATOR(pg_catalog.=) pl.baseline_period_id
    JOIN val AS v ON v.plan_id OPERATOR(pg_catalog.=) pl.id AND v.indicator_id OPERATOR(pg_catalog.=) tg.indicator_id AND v.period_id OPERATOR(pg_catalog.<>) pl.baseline_period_id
    WHERE v.value IS NOT NULL OR EXISTS (SELECT FROM @extschema@.result AS r2
                                         WHERE r2.period_id OPERATOR(pg_catalog.=) v.period_id AND r2.agent_id OPERATOR(pg_catalog.=) pl.agent_id)
) AS v
LEFT JOIN @extschema@.period AS pk ON pk.id OPERATOR(pg_catalog.=) v.period_id;
COMMENT ON VIEW @extschema@.improvement_progress IS
'per plan, target and later period of the baseline''s kind: the baseline value, the value then, the change (numeric, so 4.6 - 4.0 is 0.6), improved (in the indicator''s direction) and target_met (value >= target for higher-is-better, <= for lower-is-better); a period shows once the agent has a value or a result in it (H-7.3)';
COMMENT ON COLUMN @extschema@.improvement_progress.plan_id IS 'the plan (improvement_plan.id)';
COMMENT ON COLUMN @extschema@.improvement_progress.agent_id IS 'the agent of the plan (agent.id)';
COMMENT ON COLUMN @extschema@.improvement_progress.employee_no IS 'the agent''s employee number (agent.employee_no)';
COMMENT ON COLUMN @extschema@.improvement_progress.agent_name IS 'the agent''s name (agent.name)';
COMMENT ON COLUMN @extschema@.improvement_progress.title IS 'short title of the plan';
COMMENT ON COLUMN @extschema@.improvement_progress.owner IS 'who is responsible for the plan (H-7.2)';
COMMENT ON COLUMN @extschema@.improvement_progress.due_on IS 'the day the plan should be achieved by';
COMMENT ON COLUMN @extschema@.improvement_progress.status IS 'active, completed or cancelled';
COMMENT ON COLUMN @extschema@.improvement_progress.indicator IS 'the target indicator''s code (indicator.code)';
COMMENT ON COLUMN @extschema@.improvement_progress.indicator_zh IS 'its Chinese name (indicator.name_zh)';
COMMENT ON COLUMN @extschema@.improvement_progress.direction IS 'higher_better or lower_better';
COMMENT ON COLUMN @extschema@.improvement_progress.baseline_period_id IS 'the plan''s baseline period (period.id)';
COMMENT ON COLUMN @extschema@.improvement_progress.baseline_starts_on IS 'first day of the baseline period';
COMMENT ON COLUMN @extschema@.improvement_progress.baseline_value IS 'the indicator''s value in the baseline period';
COMMENT ON COLUMN @extschema@.improvement_progress.target_value IS 'the value to reach (improvement_target.target_value)';
COMMENT ON COLUMN @extschema@.improvement_progress.period_id IS 'a later period of the same kind (period.id)';
COMMENT ON COLUMN @extschema@.improvement_progress.starts_on IS 'first day of that period';
COMMENT ON COLUMN @extschema@.improvement_progress.value IS 'the indicator''s value in that period (the result''s raw value, else the measurement)';
COMMENT ON COLUMN @extschema@.improvement_progress.change IS 'value - baseline_value';
COMMENT ON COLUMN @extschema@.improvement_progress.improved IS 'whether the value is better than the baseline in the indicator''s direction';
COMMENT ON COLUMN @extschema@.improvement_progress.target_met IS 'whether the value reaches the target in the indicator''s direction';
COMMENT ON COLUMN @extschema@.improvement_progress.after_due IS 'true for a period that starts after the plan''s due day';
COMMENT ON COLUMN @extschema@.improvement_progress.period_key IS 'the key of the period measured (period_id) (period_key): 2025-03, 2025-Q1 or 2025';
COMMENT ON COLUMN @extschema@.improvement_progress.period_label IS 'its Chinese label (period_label): 2025年3月, 2025年第1季度, 2025年';
COMMENT ON COLUMN @extschema@.improvement_progress.period_label_en IS 'its English label: Mar 2025, Q1 2025, 2025';

-- bi_result (src/sql/47_bi.sql): its 1.0 definition, the key and labels appended
CREATE VIEW @extschema@.bi_result WITH (security_invoker = true) AS
SELECT v.*,
       @extschema@.period_key(v.period_kind, v.period_start) AS period_key,
       @extschema@.period_label(v.period_kind, v.period_start, 'zh') AS period_label,
       @extschema@.period_label(v.period_kind, v.period_start, 'en') AS period_label_en
FROM (
    SELECT r.period_id, p.kind AS period_kind, p.starts_on AS period_start, p.ends_on AS period_end,
           p.state AS period_state,
           r.agent_id, a.employee_no, a.name AS agent_name,
           r.team_id, t.code AS team_code, t.name AS team_name,
           r.department_id, d.code AS department_code, d.name AS department_name,
           r.attitude, r.capability, r.efficiency, r.satisfaction,
           r.measured_total, r.self_score, r.department_score, r.company_score, r.total,
           r.critical_failed, r.grade, r.grade::text AS grade_code,
           @extschema@.grade_label(r.grade, 'zh') AS grade_zh,
           @extschema@.grade_label(r.grade, 'en') AS grade_en,
           r.rank_team, r.rank_department, r.rank_company,
           CASE WHEN r.total IS NOT NULL THEN
               pg_catalog.round((100 OPERATOR(pg_catalog.*) (1 OPERATOR(pg_catalog.-) pg_catalog.percent_rank() OVER team_w))::numeric, 2) END AS percentile_team,
           CASE WHEN r.total IS NOT NULL THEN
               pg_catalog.round((100 OPERATOR(pg_catalog.*) (1 OPERATOR(pg_catalog.-) pg_catalog.percent_rank() OVER department_w))::numeric, 2) END AS percentile_department,
           CASE WHEN r.total IS NOT NULL THEN
               pg_catalog.round((100 OPERATOR(pg_catalog.*) (1 OPERATOR(pg_catalog.-) pg_catalog.percent_rank() OVER company_w))::numeric, 2) END AS percentile_company,
           r.scheme_version_id, r.revision, r.months_rolled, r.indicators_rated
    FROM @extschema@.result AS r
    JOIN @extschema@.period AS p ON p.id OPERATOR(pg_catalog.=) r.period_id
    JOIN @extschema@.agent AS a ON a.id OPERATOR(pg_catalog.=) r.agent_id
    JOIN @extschema@.team AS t ON t.id OPERATOR(pg_catalog.=) r.team_id
    JOIN @extschema@.department AS d ON d.id OPERATOR(pg_catalog.=) r.department_id
    WHERE r.is_current
    WINDOW team_w AS (PARTITION BY r.period_id, r.team_id, r.total IS NULL ORDER BY r.total DESC),
           department_w AS (PARTITION BY r.period_id, r.department_id, r.total IS NULL ORDER BY r.total DESC),
           company_w AS (PARTITION BY r.period_id, r.total IS NULL ORDER BY r.total DESC)
) AS v;
COMMENT ON VIEW @extschema@.bi_result IS
'one row per current result for BI tools: agent, team, department, period kind and start, dimension subtotals, layers, total, grade (value, 中文 and English label), stored ranks, and percentiles (100 = best, ties equal) over the rows the reader may see (H-3.2.6)';
COMMENT ON COLUMN @extschema@.bi_result.period_id IS 'the period evaluated (period.id)';
COMMENT ON COLUMN @extschema@.bi_result.period_kind IS 'month, quarter or year (period.kind)';
COMMENT ON COLUMN @extschema@.bi_result.period_start IS 'first day of the period (period.starts_on)';
COMMENT ON COLUMN @extschema@.bi_result.period_end IS 'last day of the period (period.ends_on)';
COMMENT ON COLUMN @extschema@.bi_result.period_state IS 'open, closed or approved (period.state); approved results are final';
COMMENT ON COLUMN @extschema@.bi_result.agent_id IS 'the agent evaluated (agent.id)';
COMMENT ON COLUMN @extschema@.bi_result.employee_no IS 'the unique employee number; the stable key that breaks rank ties';
COMMENT ON COLUMN @extschema@.bi_result.agent_name IS 'the agent''s name (agent.name)';
COMMENT ON COLUMN @extschema@.bi_result.team_id IS 'the agent''s team when evaluated (ranks are within it)';
COMMENT ON COLUMN @extschema@.bi_result.team_code IS 'the team''s code (team.code)';
COMMENT ON COLUMN @extschema@.bi_result.team_name IS 'the team''s name (team.name)';
COMMENT ON COLUMN @extschema@.bi_result.department_id IS 'the team''s department when evaluated';
COMMENT ON COLUMN @extschema@.bi_result.department_code IS 'the department''s code (department.code)';
COMMENT ON COLUMN @extschema@.bi_result.department_name IS 'the department''s name (department.name)';
COMMENT ON COLUMN @extschema@.bi_result.attitude IS 'the attitude dimension subtotal, 0-100 (H-2.1)';
COMMENT ON COLUMN @extschema@.bi_result.capability IS 'the capability dimension subtotal, 0-100 (H-2.2)';
COMMENT ON COLUMN @extschema@.bi_result.efficiency IS 'the efficiency dimension subtotal, 0-100 (H-2.3)';
COMMENT ON COLUMN @extschema@.bi_result.satisfaction IS 'the satisfaction dimension subtotal, 0-100 (H-2.4)';
COMMENT ON COLUMN @extschema@.bi_result.measured_total IS 'the weighted score of the indicators (N/A renormalised; 0 on a critical failure), H-3.2.3';
COMMENT ON COLUMN @extschema@.bi_result.self_score IS 'the self-evaluation layer from layer_score, NULL when none was entered (H-3.2.3)';
COMMENT ON COLUMN @extschema@.bi_result.department_score IS 'the department evaluation layer from layer_score, NULL when none was entered (H-3.2.3)';
COMMENT ON COLUMN @extschema@.bi_result.company_score IS 'the company layer: the company evaluation entered in layer_score, else measured_total';
COMMENT ON COLUMN @extschema@.bi_result.total IS 'the blend of the self, department and company layers by the scheme''s weights, rounded to 4 decimals before grading and ranking; 0 on a critical failure';
COMMENT ON COLUMN @extschema@.bi_result.critical_failed IS 'a critical indicator was beyond its threshold (一票否决): total 0, grade fail (for a quarter or year: some month failed)';
COMMENT ON COLUMN @extschema@.bi_result.grade IS 'grade_of(total, cutoffs) or quota_grade within the scheme''s quota scope (H-5.1)';
COMMENT ON COLUMN @extschema@.bi_result.grade_code IS 'the grade as text (fail, pass, medium, good, excellent): compares with a string parameter of any client (JDBC setString) and aggregates to text[] (docs/clients.md)';
COMMENT ON COLUMN @extschema@.bi_result.grade_zh IS 'the grade''s Chinese label (grade_label(grade, ''zh''))';
COMMENT ON COLUMN @extschema@.bi_result.grade_en IS 'the grade''s English label (grade_label(grade, ''en''))';
COMMENT ON COLUMN @extschema@.bi_result.rank_team IS '1 = best total in the team; ties broken by employee number';
COMMENT ON COLUMN @extschema@.bi_result.rank_department IS '1 = best total in the department; ties broken by employee number';
COMMENT ON COLUMN @extschema@.bi_result.rank_company IS '1 = best total in the company; ties broken by employee number';
COMMENT ON COLUMN @extschema@.bi_result.percentile_team IS 'share of the team''s visible results with a lower total, 0-100 (100 = best, ties equal); NULL without a total';
COMMENT ON COLUMN @extschema@.bi_result.percentile_department IS 'share of the department''s visible results with a lower total, 0-100 (100 = best, ties equal); NULL without a total';
COMMENT ON COLUMN @extschema@.bi_result.percentile_company IS 'share of the company''s visible results with a lower total, 0-100 (100 = best, ties equal); NULL without a total';
COMMENT ON COLUMN @extschema@.bi_result.scheme_version_id IS 'the scheme version the result was computed under (valid on the period''s first day, H-1.2.3)';
COMMENT ON COLUMN @extschema@.bi_result.revision IS '1 = written by evaluate; 2, 3, ... = new revisions written by appeals (the old rows are kept)';
COMMENT ON COLUMN @extschema@.bi_result.months_rolled IS 'quarter and year results: the number of month totals averaged; NULL for months';
COMMENT ON COLUMN @extschema@.bi_result.indicators_rated IS 'the number of indicators with a score (not N/A)';
COMMENT ON COLUMN @extschema@.bi_result.period_key IS 'the key of the period (period_key): 2025-03, 2025-Q1 or 2025';
COMMENT ON COLUMN @extschema@.bi_result.period_label IS 'its Chinese label (period_label): 2025年3月, 2025年第1季度, 2025年';
COMMENT ON COLUMN @extschema@.bi_result.period_label_en IS 'its English label: Mar 2025, Q1 2025, 2025';

-- bi_grade_distribution (src/sql/47_bi.sql): its 1.0 definition, the key and labels appended
CREATE VIEW @extschema@.bi_grade_distribution WITH (security_invoker = true) AS
SELECT v.*,
       @extschema@.period_key(v.period_kind, v.period_start) AS period_key,
       @extschema@.period_label(v.period_kind, v.period_start, 'zh') AS period_label,
       @extschema@.period_label(v.period_kind, v.period_start, 'en') AS period_label_en
FROM (
    WITH g AS (
        SELECT x.grade, x.ord
        FROM pg_catalog.unnest(pg_catalog.enum_range(NULL::@extschema@.grade)) WITH ORDINALITY AS x(grade, ord)),
    teams AS (
        SELECT r.period_id, r.team_id, r.department_id, pg_catalog.count(r.grade) AS graded
        FROM @extschema@.result AS r
        WHERE r.is_current
        GROUP BY r.period_id, r.team_id, r.department_id),
    counts AS (
        SELECT r.period_id, r.team_id, r.grade, pg_catalog.count(*) AS agents
        FROM @extschema@.result AS r
        WHERE r.is_current AND r.grade IS NOT NULL
        GROUP BY r.period_id, r.team_id, r.grade)
    SELECT tm.period_id, p.kind AS period_kind, p.starts_on AS period_start,
           tm.team_id, t.code AS team_code, t.name AS team_name,
           tm.department_id, d.code AS department_code, d.name AS department_name,
           g.grade, @extschema@.grade_label(g.grade, 'zh') AS grade_zh, @extschema@.grade_label(g.grade, 'en') AS grade_en,
           coalesce(c.agents, 0) AS agents,
           tm.graded AS team_graded,
           CASE WHEN tm.graded OPERATOR(pg_catalog.>) 0 THEN pg_catalog.round((100.0 OPERATOR(pg_catalog.*) coalesce(c.agents, 0)) OPERATOR(pg_catalog./) tm.graded, 2) END AS share_pct
    FROM teams AS tm
    CROSS JOIN g
    JOIN @extschema@.period AS p ON p.id OPERATOR(pg_catalog.=) tm.period_id
    JOIN @extschema@.team AS t ON t.id OPERATOR(pg_catalog.=) tm.team_id
    JOIN @extschema@.department AS d ON d.id OPERATOR(pg_catalog.=) tm.department_id
    LEFT JOIN counts AS c ON c.period_id OPERATOR(pg_catalog.=) tm.period_id AND c.team_id OPERATOR(pg_catalog.=) tm.team_id AND c.grade OPERATOR(pg_catalog.=) g.grade
) AS v;
COMMENT ON VIEW @extschema@.bi_grade_distribution IS
'per period, team and grade (all five, zero included): the number of agents with that current grade and their share of the team''s graded agents, in percent (H-5.1, H-3.2.6)';
COMMENT ON COLUMN @extschema@.bi_grade_distribution.period_id IS 'the period (period.id)';
COMMENT ON COLUMN @extschema@.bi_grade_distribution.period_kind IS 'month, quarter or year (period.kind)';
COMMENT ON COLUMN @extschema@.bi_grade_distribution.period_start IS 'first day of the period (period.starts_on)';
COMMENT ON COLUMN @extschema@.bi_grade_distribution.team_id IS 'the team (team.id)';
COMMENT ON COLUMN @extschema@.bi_grade_distribution.team_code IS 'the team''s code (team.code)';
COMMENT ON COLUMN @extschema@.bi_grade_distribution.team_name IS 'the team''s name (team.name)';
COMMENT ON COLUMN @extschema@.bi_grade_distribution.department_id IS 'the team''s department when evaluated (department.id)';
COMMENT ON COLUMN @extschema@.bi_grade_distribution.department_code IS 'the department''s code (department.code)';
COMMENT ON COLUMN @extschema@.bi_grade_distribution.department_name IS 'the department''s name (department.name)';
COMMENT ON COLUMN @extschema@.bi_grade_distribution.grade IS 'the grade (every one of the five, H-5.1)';
COMMENT ON COLUMN @extschema@.bi_grade_distribution.grade_zh IS 'the grade''s Chinese label (grade_label(grade, ''zh''))';
COMMENT ON COLUMN @extschema@.bi_grade_distribution.grade_en IS 'the grade''s English label (grade_label(grade, ''en''))';
COMMENT ON COLUMN @extschema@.bi_grade_distribution.agents IS 'agents of the team whose current result has this grade (0 included)';
COMMENT ON COLUMN @extschema@.bi_grade_distribution.team_graded IS 'agents of the team with a graded current result';
COMMENT ON COLUMN @extschema@.bi_grade_distribution.share_pct IS 'agents / team_graded in percent, 2 decimals; NULL when no one is graded';
COMMENT ON COLUMN @extschema@.bi_grade_distribution.period_key IS 'the key of the period (period_key): 2025-03, 2025-Q1 or 2025';
COMMENT ON COLUMN @extschema@.bi_grade_distribution.period_label IS 'its Chinese label (period_label): 2025年3月, 2025年第1季度, 2025年';
COMMENT ON COLUMN @extschema@.bi_grade_distribution.period_label_en IS 'its English label: Mar 2025, Q1 2025, 2025';

-- bi_department_grades (src/sql/47_bi.sql): its 1.0 definition, the key and labels appended
CREATE VIEW @extschema@.bi_department_grades AS
SELECT v.*,
       @extschema@.period_key(v.period_kind, v.period_start) AS period_key,
       @extschema@.period_label(v.period_kind, v.period_start, 'zh') AS period_label,
       @extschema@.period_label(v.period_kind, v.period_start, 'en') AS period_label_en
FROM (
    WITH depts AS (
        SELECT r.period_id, r.department_id, pg_catalog.count(r.grade) AS graded
        FROM @extschema@.result AS r
        WHERE r.is_current
        GROUP BY r.period_id, r.department_id),
    counts AS (
        SELECT r.period_id, r.department_id, r.grade, pg_catalog.count(*) AS agents
        FROM @extschema@.result AS r
        WHERE r.is_current AND r.grade IS NOT NULL
        GROUP BY r.period_id, r.department_id, r.grade),
    g AS (
        SELECT x.grade FROM pg_catalog.unnest(pg_catalog.enum_range(NULL::@extschema@.grade)) AS x(grade))
    SELECT dp.period_id, p.kind AS period_kind, p.starts_on AS period_start,
           dp.department_id, d.code AS department_code, d.name AS department_name,
           g.grade, coalesce(c.agents, 0) AS agents, dp.graded AS department_graded,
           pg_catalog.round((100.0 OPERATOR(pg_catalog.*) coalesce(c.agents, 0)) OPERATOR(pg_catalog./) dp.graded, 2) AS share_pct
    FROM depts AS dp
    CROSS JOIN g
    JOIN @extschema@.period AS p ON p.id OPERATOR(pg_catalog.=) dp.period_id
    JOIN @extschema@.department AS d ON d.id OPERATOR(pg_catalog.=) dp.department_id
    LEFT JOIN counts AS c ON c.period_id OPERATOR(pg_catalog.=) dp.period_id AND c.department_id OPERATOR(pg_catalog.=) dp.department_id
                         AND c.grade OPERATOR(pg_catalog.=) g.grade
    WHERE dp.graded OPERATOR(pg_catalog.>=) 5
) AS v;
COMMENT ON VIEW @extschema@.bi_department_grades IS
'per period, department and grade (all five): agents with that current grade and their share of the department''s graded agents, for every reader alike (owner''s rights; departments with fewer than 5 graded agents left out, so that no count points at a person; H-3.2.6, H-9.1 analyst)';
COMMENT ON COLUMN @extschema@.bi_department_grades.period_id IS 'the period (perfeval.period)';
COMMENT ON COLUMN @extschema@.bi_department_grades.period_kind IS 'month, quarter or year';
COMMENT ON COLUMN @extschema@.bi_department_grades.period_start IS 'the first day of the period';
COMMENT ON COLUMN @extschema@.bi_department_grades.department_id IS 'the department (of the results, at evaluation)';
COMMENT ON COLUMN @extschema@.bi_department_grades.department_code IS 'the department''s code';
COMMENT ON COLUMN @extschema@.bi_department_grades.department_name IS 'the department''s name';
COMMENT ON COLUMN @extschema@.bi_department_grades.grade IS 'the grade (all five, zero included)';
COMMENT ON COLUMN @extschema@.bi_department_grades.agents IS 'agents with that current grade';
COMMENT ON COLUMN @extschema@.bi_department_grades.department_graded IS 'graded agents of the department in the period (at least 5)';
COMMENT ON COLUMN @extschema@.bi_department_grades.share_pct IS 'agents as a percentage of department_graded';
COMMENT ON COLUMN @extschema@.bi_department_grades.period_key IS 'the key of the period (period_key): 2025-03, 2025-Q1 or 2025';
COMMENT ON COLUMN @extschema@.bi_department_grades.period_label IS 'its Chinese label (period_label): 2025年3月, 2025年第1季度, 2025年';
COMMENT ON COLUMN @extschema@.bi_department_grades.period_label_en IS 'its English label: Mar 2025, Q1 2025, 2025';

-- personal_file (src/sql/61_penalty.sql): its 1.0 definition, the key and labels appended
CREATE VIEW @extschema@.personal_file WITH (security_invoker = true) AS
SELECT v.*,
       @extschema@.period_key(pk.kind, pk.starts_on) AS period_key,
       @extschema@.period_label(pk.kind, pk.starts_on, 'zh') AS period_label,
       @extschema@.period_label(pk.kind, pk.starts_on, 'en') AS period_label_en
FROM (
    SELECT a.id AS agent_id, a.employee_no, a.name AS agent_name,
           'reward'::text AS entry, w.id AS entry_id, w.kind, w.form AS detail, w.amount,
           w.period_id, w.reason, w.announced_at AS decided_at, w.state,
           w.team_id IS NOT NULL AS team_award
    FROM @extschema@.reward AS w
    JOIN @extschema@.agent AS a ON a.id OPERATOR(pg_catalog.=) w.agent_id OR (w.team_id IS NOT NULL AND a.team_id OPERATOR(pg_catalog.=) w.team_id)
    WHERE w.state IN ('announced', 'revoked') AND w.announced_at IS NOT NULL
      AND a.id IN (SELECT @extschema@.visible_agent_ids())
    UNION ALL
    SELECT a.id, a.employee_no, a.name,
           'penalty', p.id, p.kind::text, pg_catalog.array_to_string(p.measures, ', '), p.amount,
           p.period_id, p.reason, p.announced_at, p.state, false
    FROM @extschema@.penalty AS p
    JOIN @extschema@.agent AS a ON a.id OPERATOR(pg_catalog.=) p.agent_id
    WHERE p.state IN ('announced', 'revoked') AND p.announced_at IS NOT NULL
) AS v
LEFT JOIN @extschema@.period AS pk ON pk.id OPERATOR(pg_catalog.=) v.period_id;
COMMENT ON VIEW @extschema@.personal_file IS
'the agent''s personal file (H-6.3.2): announced rewards (team awards for the team''s members) and penalties, revoked ones marked by state; a basis for promotion and pay';
COMMENT ON COLUMN @extschema@.personal_file.agent_id IS 'the agent whose file it is (agent.id)';
COMMENT ON COLUMN @extschema@.personal_file.employee_no IS 'the unique employee number; the stable key that breaks rank ties';
COMMENT ON COLUMN @extschema@.personal_file.agent_name IS 'the agent''s name (agent.name)';
COMMENT ON COLUMN @extschema@.personal_file.entry IS 'reward or penalty';
COMMENT ON COLUMN @extschema@.personal_file.entry_id IS 'reward.id or penalty.id';
COMMENT ON COLUMN @extschema@.personal_file.kind IS 'the reward kind or the penalty kind';
COMMENT ON COLUMN @extschema@.personal_file.detail IS 'reward: its form (cash, goods, certificate); penalty: its measures, comma-separated';
COMMENT ON COLUMN @extschema@.personal_file.amount IS 'the reward''s value or the fine, NULL when none';
COMMENT ON COLUMN @extschema@.personal_file.period_id IS 'the period of the reward or penalty (period.id)';
COMMENT ON COLUMN @extschema@.personal_file.reason IS 'why it was given';
COMMENT ON COLUMN @extschema@.personal_file.decided_at IS 'when it was announced';
COMMENT ON COLUMN @extschema@.personal_file.state IS 'announced, or revoked after the announcement';
COMMENT ON COLUMN @extschema@.personal_file.team_award IS 'true for a team award (a reward to the agent''s team)';
COMMENT ON COLUMN @extschema@.personal_file.period_key IS 'the key of the entrys period, NULL for an entry without one (period_key): 2025-03, 2025-Q1 or 2025';
COMMENT ON COLUMN @extschema@.personal_file.period_label IS 'its Chinese label (period_label): 2025年3月, 2025年第1季度, 2025年';
COMMENT ON COLUMN @extschema@.personal_file.period_label_en IS 'its English label: Mar 2025, Q1 2025, 2025';

-- appeal_open (src/sql/63_appeal_views.sql): its 1.0 definition, the key and labels appended
CREATE VIEW @extschema@.appeal_open WITH (security_invoker = true) AS
SELECT v.*,
       @extschema@.period_key(pk.kind, pk.starts_on) AS period_key,
       @extschema@.period_label(pk.kind, pk.starts_on, 'zh') AS period_label,
       @extschema@.period_label(pk.kind, pk.starts_on, 'en') AS period_label_en
FROM (
    SELECT a.id AS appeal_id, a.path, a.appellant_id, g.employee_no, g.name AS appellant_name,
           a.team_id, t.name AS team_name, a.period_id,
           coalesce('result ' OPERATOR(pg_catalog.||) a.result_id, 'reward ' OPERATOR(pg_catalog.||) a.reward_id, 'penalty ' OPERATOR(pg_catalog.||) a.penalty_id) AS subject,
           a.state, a.state_since, s.description AS next_step, s.rule_id,
           a.due_at AS next_deadline,
           @extschema@.appeal_days_left(a.due_at, a.calendar) AS working_days_left,
           a.due_at OPERATOR(pg_catalog.<=) pg_catalog.now() AS overdue,
           a.filed_at, a.calendar
    FROM @extschema@.appeal AS a
    JOIN @extschema@.flow_state AS s ON s.flow OPERATOR(pg_catalog.=) a.path AND s.state OPERATOR(pg_catalog.=) a.state
    JOIN @extschema@.agent AS g ON g.id OPERATOR(pg_catalog.=) a.appellant_id
    JOIN @extschema@.team AS t ON t.id OPERATOR(pg_catalog.=) a.team_id
    WHERE NOT s.terminal
) AS v
LEFT JOIN @extschema@.period AS pk ON pk.id OPERATOR(pg_catalog.=) v.period_id;
COMMENT ON VIEW @extschema@.appeal_open IS
'open appeals with their current step, its rule, the next deadline and the working days left (perfeval.networkdays on the appeal''s calendar; 0 or less when overdue)';
COMMENT ON COLUMN @extschema@.appeal_open.appeal_id IS 'the appeal (appeal.id)';
COMMENT ON COLUMN @extschema@.appeal_open.path IS 'result (an appeal against an evaluation result, H-8) or decision (against a reward or penalty, H-6.3.3)';
COMMENT ON COLUMN @extschema@.appeal_open.appellant_id IS 'the agent appealing (agent.id)';
COMMENT ON COLUMN @extschema@.appeal_open.employee_no IS 'the agent''s employee number (agent.employee_no)';
COMMENT ON COLUMN @extschema@.appeal_open.appellant_name IS 'the appellant''s name (agent.name)';
COMMENT ON COLUMN @extschema@.appeal_open.team_id IS 'the appellant''s team when filing (the handler''s scope and the statistics'' team)';
COMMENT ON COLUMN @extschema@.appeal_open.team_name IS 'the team''s name (team.name)';
COMMENT ON COLUMN @extschema@.appeal_open.period_id IS 'the period of the result or decision appealed against (period.id)';
COMMENT ON COLUMN @extschema@.appeal_open.subject IS 'what is appealed against: ''result N'', ''reward N'' or ''penalty N'' (the id)';
COMMENT ON COLUMN @extschema@.appeal_open.state IS 'the current state (appeal_state)';
COMMENT ON COLUMN @extschema@.appeal_open.state_since IS 'when the current state was entered (the time of the last step)';
COMMENT ON COLUMN @extschema@.appeal_open.next_step IS 'what happens next in the current state (appeal_state.description)';
COMMENT ON COLUMN @extschema@.appeal_open.rule_id IS 'the handbook rule of the current step''s time limit (appeal_state.rule_id)';
COMMENT ON COLUMN @extschema@.appeal_open.next_deadline IS 'the first late instant of the current step (appeal.due_at)';
COMMENT ON COLUMN @extschema@.appeal_open.working_days_left IS 'working days left until next_deadline on the appeal''s calendar';
COMMENT ON COLUMN @extschema@.appeal_open.overdue IS 'true when next_deadline has passed';
COMMENT ON COLUMN @extschema@.appeal_open.filed_at IS 'when the appeal was filed';
COMMENT ON COLUMN @extschema@.appeal_open.calendar IS 'the business-day calendar of every deadline of the appeal (appeal_setting(''calendar'') when filed)';
COMMENT ON COLUMN @extschema@.appeal_open.period_key IS 'the key of the appealed period (period_key): 2025-03, 2025-Q1 or 2025';
COMMENT ON COLUMN @extschema@.appeal_open.period_label IS 'its Chinese label (period_label): 2025年3月, 2025年第1季度, 2025年';
COMMENT ON COLUMN @extschema@.appeal_open.period_label_en IS 'its English label: Mar 2025, Q1 2025, 2025';

-- appeal_archive (src/sql/63_appeal_views.sql): its 1.0 definition, the key and labels appended
CREATE VIEW @extschema@.appeal_archive WITH (security_invoker = true) AS
SELECT v.*,
       @extschema@.period_key(pk.kind, pk.starts_on) AS period_key,
       @extschema@.period_label(pk.kind, pk.starts_on, 'zh') AS period_label,
       @extschema@.period_label(pk.kind, pk.starts_on, 'en') AS period_label_en
FROM (
    SELECT a.id AS appeal_id, a.path, a.appellant_id, g.employee_no, g.name AS appellant_name, a.team_id, a.period_id,
           coalesce('result ' OPERATOR(pg_catalog.||) a.result_id, 'reward ' OPERATOR(pg_catalog.||) a.reward_id, 'penalty ' OPERATOR(pg_catalog.||) a.penalty_id) AS subject,
           a.channel, a.grounds, a.filed_at, a.state, a.outcome, a.closed_at, a.new_result_id,
           a.override_by, a.override_reason,
           (SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
                       'from', e.from_state, 'to', e.to_state, 'action', e.action, 'actor', e.actor,
                       'at', e.at, 'note', e.note, 'outcome', e.outcome) ORDER BY e.id)
            FROM @extschema@.appeal_event AS e WHERE e.appeal_id OPERATOR(pg_catalog.=) a.id) AS history
    FROM @extschema@.appeal AS a
    JOIN @extschema@.agent AS g ON g.id OPERATOR(pg_catalog.=) a.appellant_id
    WHERE a.state IN ('closed', 'withdrawn')
) AS v
LEFT JOIN @extschema@.period AS pk ON pk.id OPERATOR(pg_catalog.=) v.period_id;
COMMENT ON VIEW @extschema@.appeal_archive IS
'the archive of finished appeal cases with their whole history from appeal_event, for lookup and tracing (H-8.3.3)';
COMMENT ON COLUMN @extschema@.appeal_archive.appeal_id IS 'the appeal (appeal.id)';
COMMENT ON COLUMN @extschema@.appeal_archive.path IS 'result (an appeal against an evaluation result, H-8) or decision (against a reward or penalty, H-6.3.3)';
COMMENT ON COLUMN @extschema@.appeal_archive.appellant_id IS 'the agent appealing (agent.id)';
COMMENT ON COLUMN @extschema@.appeal_archive.employee_no IS 'the agent''s employee number (agent.employee_no)';
COMMENT ON COLUMN @extschema@.appeal_archive.appellant_name IS 'the appellant''s name (agent.name)';
COMMENT ON COLUMN @extschema@.appeal_archive.team_id IS 'the appellant''s team when filing (the handler''s scope and the statistics'' team)';
COMMENT ON COLUMN @extschema@.appeal_archive.period_id IS 'the period of the result or decision appealed against (period.id)';
COMMENT ON COLUMN @extschema@.appeal_archive.subject IS 'what is appealed against: ''result N'', ''reward N'' or ''penalty N'' (the id)';
COMMENT ON COLUMN @extschema@.appeal_archive.channel IS 'email, form or face_to_face (H-8.1.2)';
COMMENT ON COLUMN @extschema@.appeal_archive.grounds IS 'the appellant''s grounds (H-8.1.2)';
COMMENT ON COLUMN @extschema@.appeal_archive.filed_at IS 'when the appeal was filed';
COMMENT ON COLUMN @extschema@.appeal_archive.state IS 'the current state (appeal_state)';
COMMENT ON COLUMN @extschema@.appeal_archive.outcome IS 'upheld, dismissed, ineligible (H-8.2.1) or withdrawn; the latest decision (leadership''s after a re-appeal)';
COMMENT ON COLUMN @extschema@.appeal_archive.closed_at IS 'when the appeal was closed or withdrawn';
COMMENT ON COLUMN @extschema@.appeal_archive.new_result_id IS 'path result, upheld: the appellant''s current result after the new revision and the re-grading';
COMMENT ON COLUMN @extschema@.appeal_archive.override_by IS 'who admitted a late filing (with override_reason)';
COMMENT ON COLUMN @extschema@.appeal_archive.override_reason IS 'why a late filing was admitted (HR only)';
COMMENT ON COLUMN @extschema@.appeal_archive.history IS 'every step of the appeal, in order, as a JSON array of {from, to, action, actor, at, note, outcome}';
COMMENT ON COLUMN @extschema@.appeal_archive.period_key IS 'the key of the appealed period (period_key): 2025-03, 2025-Q1 or 2025';
COMMENT ON COLUMN @extschema@.appeal_archive.period_label IS 'its Chinese label (period_label): 2025年3月, 2025年第1季度, 2025年';
COMMENT ON COLUMN @extschema@.appeal_archive.period_label_en IS 'its English label: Mar 2025, Q1 2025, 2025';

-- appeal_statistics (src/sql/63_appeal_views.sql): its 1.0 definition, the key and labels appended
CREATE VIEW @extschema@.appeal_statistics WITH (security_invoker = true) AS
SELECT v.*,
       @extschema@.period_key(v.period_kind, v.period_starts_on) AS period_key,
       @extschema@.period_label(v.period_kind, v.period_starts_on, 'zh') AS period_label,
       @extschema@.period_label(v.period_kind, v.period_starts_on, 'en') AS period_label_en
FROM (
    SELECT a.period_id, p.kind AS period_kind, p.starts_on AS period_starts_on,
           a.team_id, t.name AS team_name, a.path,
           coalesce(a.outcome, 'open') AS outcome,
           pg_catalog.count(*) AS appeals,
           pg_catalog.count(a.closed_at) AS finished,
           pg_catalog.count(*) FILTER (WHERE a.override_reason IS NOT NULL) AS late_filings_admitted,
           pg_catalog.round(pg_catalog.avg(@extschema@.appeal_workdays(a.filed_at, a.closed_at, a.calendar)), 1) AS avg_working_days_to_close,
           pg_catalog.max(@extschema@.appeal_workdays(a.filed_at, a.closed_at, a.calendar)) AS max_working_days_to_close,
           pg_catalog.avg(a.closed_at OPERATOR(pg_catalog.-) a.filed_at) AS avg_time_to_close
    FROM @extschema@.appeal AS a
    JOIN @extschema@.team AS t ON t.id OPERATOR(pg_catalog.=) a.team_id
    LEFT JOIN @extschema@.period AS p ON p.id OPERATOR(pg_catalog.=) a.period_id
    GROUP BY a.period_id, p.kind, p.starts_on, a.team_id, t.name, a.path, coalesce(a.outcome, 'open')
) AS v;
COMMENT ON VIEW @extschema@.appeal_statistics IS
'appeals per period, team, path and outcome (open while undecided): counts, late filings admitted, working days and time from filing to close (H-8.3.4)';
COMMENT ON COLUMN @extschema@.appeal_statistics.period_id IS 'the period of the appeals (period.id)';
COMMENT ON COLUMN @extschema@.appeal_statistics.period_kind IS 'month, quarter or year (period.kind)';
COMMENT ON COLUMN @extschema@.appeal_statistics.period_starts_on IS 'first day of the period (period.starts_on)';
COMMENT ON COLUMN @extschema@.appeal_statistics.team_id IS 'the appellants'' team (team.id)';
COMMENT ON COLUMN @extschema@.appeal_statistics.team_name IS 'the team''s name (team.name)';
COMMENT ON COLUMN @extschema@.appeal_statistics.path IS 'result or decision';
COMMENT ON COLUMN @extschema@.appeal_statistics.outcome IS 'upheld, dismissed, ineligible, withdrawn, or open while undecided';
COMMENT ON COLUMN @extschema@.appeal_statistics.appeals IS 'appeals filed';
COMMENT ON COLUMN @extschema@.appeal_statistics.finished IS 'of them, closed or withdrawn';
COMMENT ON COLUMN @extschema@.appeal_statistics.late_filings_admitted IS 'of them, late filings admitted by HR';
COMMENT ON COLUMN @extschema@.appeal_statistics.avg_working_days_to_close IS 'average working days from filing to closing, 1 decimal';
COMMENT ON COLUMN @extschema@.appeal_statistics.max_working_days_to_close IS 'the most working days from filing to closing';
COMMENT ON COLUMN @extschema@.appeal_statistics.avg_time_to_close IS 'average elapsed time from filing to closing';
COMMENT ON COLUMN @extschema@.appeal_statistics.period_key IS 'the key of the period (period_key): 2025-03, 2025-Q1 or 2025';
COMMENT ON COLUMN @extschema@.appeal_statistics.period_label IS 'its Chinese label (period_label): 2025年3月, 2025年第1季度, 2025年';
COMMENT ON COLUMN @extschema@.appeal_statistics.period_label_en IS 'its English label: Mar 2025, Q1 2025, 2025';

GRANT SELECT ON @extschema@.result_current, @extschema@.bonus_eligibility, @extschema@.training_needs,
                @extschema@.consequence_candidate, @extschema@.promotion_candidates, @extschema@.care_list,
                @extschema@.bottom_elimination, @extschema@.improvement_progress, @extschema@.bi_result,
                @extschema@.bi_grade_distribution, @extschema@.personal_file, @extschema@.appeal_open,
                @extschema@.appeal_archive, @extschema@.appeal_statistics
    TO perfeval_agent, perfeval_manager, perfeval_hr, perfeval_leadership, perfeval_service;
GRANT SELECT ON @extschema@.data_quality, @extschema@.quarantine_unplaced
    TO perfeval_manager, perfeval_hr, perfeval_leadership, perfeval_service;
GRANT SELECT ON @extschema@.bi_department_grades
    TO perfeval_agent, perfeval_manager, perfeval_hr, perfeval_leadership, perfeval_analyst, perfeval_service;
