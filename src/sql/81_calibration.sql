/* src/sql/81_calibration.sql — calibration of evaluators: leniency of the department layer (H-1.2.1, H-3.2.3; issue 15) */

-- The department layer of H-3.2.3 is a person's judgement: an evaluator who
-- scores leniently or strictly moves the whole team.  evaluator_calibration
-- sets each evaluator's department-layer scores of a period against the
-- same agents' measured totals (the indicator layer, evaluate's
-- measured_total): leniency = mean(given - measured), with its standard
-- error, against the company's (all department scores of the period), and
-- flags the evaluators further from the company than a configurable
-- threshold (H-1.2.1: fairness is seen).  replay(..., recentre_department
-- => true) shows what the period would look like with each evaluator's
-- offset removed.

CREATE TABLE @extschema@.calibration_policy (
    name        text PRIMARY KEY CHECK (name IN ('leniency_threshold', 'min_agents')),
    value       numeric NOT NULL,
    changed_by  name NOT NULL DEFAULT CURRENT_USER,
    changed_at  timestamptz NOT NULL DEFAULT pg_catalog.now(),
    CONSTRAINT calibration_policy_threshold CHECK (name OPERATOR(pg_catalog.<>) 'leniency_threshold'
                                                   OR value BETWEEN 0 AND 100),
    CONSTRAINT calibration_policy_min_agents CHECK (name OPERATOR(pg_catalog.<>) 'min_agents'
                                                    OR (value BETWEEN 2 AND 100000 AND value OPERATOR(pg_catalog.=) pg_catalog.trunc(value)))
);
COMMENT ON TABLE @extschema@.calibration_policy IS
'calibration settings, only where changed from the defaults: leniency_threshold (5 points: an evaluator whose leniency differs from the company''s by more is flagged), min_agents (2: fewer scored agents are never flagged); H-1.2.1';
COMMENT ON COLUMN @extschema@.calibration_policy.name IS 'the setting: leniency_threshold or min_agents';
COMMENT ON COLUMN @extschema@.calibration_policy.value IS 'its value: points on the 0-100 scale (leniency_threshold), a count of agents (min_agents)';
COMMENT ON COLUMN @extschema@.calibration_policy.changed_by IS 'the role that last changed it';
COMMENT ON COLUMN @extschema@.calibration_policy.changed_at IS 'when it was last changed';

-- calibration_setting(name): the configured value or the default.
CREATE FUNCTION @extschema@.calibration_setting(name text)
RETURNS numeric
LANGUAGE sql
STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT coalesce((SELECT p.value FROM @extschema@.calibration_policy AS p
                     WHERE p.name OPERATOR(pg_catalog.=) calibration_setting.name),
                    CASE calibration_setting.name WHEN 'leniency_threshold' THEN 5::numeric
                                                  WHEN 'min_agents' THEN 2::numeric END);
END;
COMMENT ON FUNCTION @extschema@.calibration_setting(text) IS
'a calibration setting: the calibration_policy row, else the default (leniency_threshold 5, min_agents 2); NULL for an unknown name (H-1.2.1)';

-- evaluator_calibration: one row per period and evaluator of the
-- department layer.  Only agents with both a department score and a
-- current result (its measured total) count.  Rounded to 4 decimals before
-- the flag compares, so the flag cannot depend on a plan.
CREATE VIEW @extschema@.evaluator_calibration WITH (security_invoker = true) AS
WITH pairs AS (
    SELECT l.period_id, l.evaluator, l.agent_id, l.score AS given, r.measured_total AS measured,
           l.score OPERATOR(pg_catalog.-) r.measured_total AS diff
    FROM @extschema@.layer_score AS l
    JOIN @extschema@.result AS r
      ON r.period_id OPERATOR(pg_catalog.=) l.period_id AND r.agent_id OPERATOR(pg_catalog.=) l.agent_id AND r.is_current
    WHERE l.layer OPERATOR(pg_catalog.=) 'department' AND r.measured_total IS NOT NULL),
company AS (
    SELECT p.period_id, pg_catalog.avg(p.diff) AS leniency
    FROM pairs AS p GROUP BY p.period_id),
per AS (
    SELECT p.period_id, p.evaluator,
           pg_catalog.count(*)::integer AS agents_scored,
           pg_catalog.round(pg_catalog.avg(p.given), 4) AS mean_given,
           pg_catalog.round(pg_catalog.stddev_samp(p.given), 4) AS sd_given,
           pg_catalog.round(pg_catalog.avg(p.measured), 4) AS mean_measured,
           pg_catalog.round(pg_catalog.avg(p.diff), 4) AS leniency,
           pg_catalog.round(pg_catalog.stddev_samp(p.diff) OPERATOR(pg_catalog./) pg_catalog.sqrt(pg_catalog.count(*)::numeric), 4) AS leniency_se
    FROM pairs AS p GROUP BY p.period_id, p.evaluator)
SELECT e.period_id, e.evaluator, e.agents_scored, e.mean_given, e.sd_given, e.mean_measured,
       e.leniency, e.leniency_se,
       pg_catalog.round(c.leniency, 4) AS company_leniency,
       e.leniency OPERATOR(pg_catalog.-) pg_catalog.round(c.leniency, 4) AS relative_leniency,
       (e.agents_scored OPERATOR(pg_catalog.>=) @extschema@.calibration_setting('min_agents')
        AND pg_catalog.abs(e.leniency OPERATOR(pg_catalog.-) pg_catalog.round(c.leniency, 4))
            OPERATOR(pg_catalog.>) @extschema@.calibration_setting('leniency_threshold')) AS flagged,
       @extschema@.period_key(pk.kind, pk.starts_on) AS period_key,
       @extschema@.period_label(pk.kind, pk.starts_on, 'zh') AS period_label,
       @extschema@.period_label(pk.kind, pk.starts_on, 'en') AS period_label_en
FROM per AS e
JOIN company AS c ON c.period_id OPERATOR(pg_catalog.=) e.period_id
LEFT JOIN @extschema@.period AS pk ON pk.id OPERATOR(pg_catalog.=) e.period_id;
COMMENT ON VIEW @extschema@.evaluator_calibration IS
'per period and evaluator of the department layer (layer_score.evaluator): agents scored, mean and spread of the given scores, the same agents'' measured totals, leniency = mean(given - measured) with its standard error, against the company''s leniency, flagged beyond calibration_policy''s threshold (H-1.2.1, H-3.2.3); computed over the rows the reader sees (HR and leadership: the company)';
COMMENT ON COLUMN @extschema@.evaluator_calibration.period_id IS 'the period (period.id)';
COMMENT ON COLUMN @extschema@.evaluator_calibration.evaluator IS 'who gave the department-layer scores (layer_score.evaluator)';
COMMENT ON COLUMN @extschema@.evaluator_calibration.agents_scored IS 'agents with a department score from the evaluator and a current result';
COMMENT ON COLUMN @extschema@.evaluator_calibration.mean_given IS 'mean of the department scores given, 4 decimals';
COMMENT ON COLUMN @extschema@.evaluator_calibration.sd_given IS 'sample standard deviation of the scores given (NULL for one agent)';
COMMENT ON COLUMN @extschema@.evaluator_calibration.mean_measured IS 'mean measured total (indicator layer) of the same agents';
COMMENT ON COLUMN @extschema@.evaluator_calibration.leniency IS 'mean of given minus measured: positive lenient, negative strict, 4 decimals';
COMMENT ON COLUMN @extschema@.evaluator_calibration.leniency_se IS 'standard error of the leniency: sample standard deviation of the differences over the square root of their count';
COMMENT ON COLUMN @extschema@.evaluator_calibration.company_leniency IS 'the same mean over every department score of the period';
COMMENT ON COLUMN @extschema@.evaluator_calibration.relative_leniency IS 'leniency minus company_leniency: the offset replay(..., recentre_department => true) removes';
COMMENT ON COLUMN @extschema@.evaluator_calibration.flagged IS 'true when |relative_leniency| > leniency_threshold and at least min_agents were scored (calibration_policy)';
COMMENT ON COLUMN @extschema@.evaluator_calibration.period_key IS 'the key of the period (period_key): 2025-03, 2025-Q1 or 2025';
COMMENT ON COLUMN @extschema@.evaluator_calibration.period_label IS 'its Chinese label (period_label): 2025年3月, 2025年第1季度, 2025年';
COMMENT ON COLUMN @extschema@.evaluator_calibration.period_label_en IS 'its English label: Mar 2025, Q1 2025, 2025';

ALTER TABLE @extschema@.calibration_policy ENABLE ROW LEVEL SECURITY;
CREATE POLICY calibration_policy_read ON @extschema@.calibration_policy FOR SELECT USING (true);
CREATE POLICY calibration_policy_write ON @extschema@.calibration_policy FOR ALL
    USING ((SELECT @extschema@.is_hr())) WITH CHECK ((SELECT @extschema@.is_hr()));
COMMENT ON POLICY calibration_policy_read ON @extschema@.calibration_policy IS 'settings are no one''s personal data';
COMMENT ON POLICY calibration_policy_write ON @extschema@.calibration_policy IS 'HR sets them (H-9.1 middle management)';

GRANT SELECT ON @extschema@.calibration_policy
    TO perfeval_agent, perfeval_manager, perfeval_hr, perfeval_leadership, perfeval_analyst, perfeval_service;
GRANT INSERT, UPDATE, DELETE ON @extschema@.calibration_policy TO perfeval_hr;
-- (an agent reads it too: replay reads it; row security leaves the agent its own score)
GRANT SELECT ON @extschema@.evaluator_calibration TO perfeval_agent, perfeval_manager, perfeval_hr, perfeval_leadership, perfeval_service;

SELECT pg_catalog.pg_extension_config_dump('perfeval.calibration_policy', '');
