/* src/sql/46_plan.sql — the evaluation cycle: personal improvement plans (H-3.2.5, H-7) */

CREATE TABLE @extschema@.improvement_plan (
    id                  serial PRIMARY KEY,
    agent_id            integer NOT NULL REFERENCES @extschema@.agent (id),
    baseline_period_id  integer NOT NULL REFERENCES @extschema@.period (id),
    title               text NOT NULL CHECK (title OPERATOR(pg_catalog.<>) ''),
    assessment          text,
    owner               text NOT NULL CHECK (owner OPERATOR(pg_catalog.<>) ''),
    due_on              date NOT NULL CHECK (pg_catalog.isfinite(due_on)),
    status              text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'completed', 'cancelled')),
    created_at          timestamptz NOT NULL DEFAULT pg_catalog.now()
);
CREATE INDEX improvement_plan_agent_id_idx ON @extschema@.improvement_plan (agent_id);
CREATE INDEX improvement_plan_baseline_period_id_idx ON @extschema@.improvement_plan (baseline_period_id);
COMMENT ON TABLE @extschema@.improvement_plan IS
'an agent''s personal improvement plan (H-3.2.5, H-7.1): the current state assessed in a baseline period, an owner and a due date; targets and measures in the tables below';
COMMENT ON COLUMN @extschema@.improvement_plan.baseline_period_id IS 'the period whose values are the "before" of H-7.3; later periods of the same kind are the "after"';
COMMENT ON COLUMN @extschema@.improvement_plan.assessment IS 'the assessment of the current state from data, customer feedback and colleagues (H-7.1)';
COMMENT ON COLUMN @extschema@.improvement_plan.owner IS 'who is responsible for the plan (H-7.2)';
COMMENT ON COLUMN @extschema@.improvement_plan.id IS 'surrogate key of the plan';
COMMENT ON COLUMN @extschema@.improvement_plan.agent_id IS 'the agent the plan is for (agent.id)';
COMMENT ON COLUMN @extschema@.improvement_plan.title IS 'short title of the plan';
COMMENT ON COLUMN @extschema@.improvement_plan.due_on IS 'the day the plan should be achieved by';
COMMENT ON COLUMN @extschema@.improvement_plan.status IS 'active, completed or cancelled';
COMMENT ON COLUMN @extschema@.improvement_plan.created_at IS 'when the plan was created';

CREATE TABLE @extschema@.improvement_target (
    plan_id       integer NOT NULL REFERENCES @extschema@.improvement_plan (id) ON DELETE CASCADE,
    indicator_id  integer NOT NULL REFERENCES @extschema@.indicator (id),
    target_value  float8 NOT NULL CHECK (target_value OPERATOR(pg_catalog.>) '-infinity' AND target_value OPERATOR(pg_catalog.<) 'infinity'),
    note          text,
    PRIMARY KEY (plan_id, indicator_id)
);
CREATE INDEX improvement_target_indicator_id_idx ON @extschema@.improvement_target (indicator_id);
COMMENT ON TABLE @extschema@.improvement_target IS
'a specific, measurable target of a plan (H-7.1): the raw value an indicator should reach; met when the value is at least it (higher-is-better indicators) or at most it (lower-is-better)';
COMMENT ON COLUMN @extschema@.improvement_target.plan_id IS 'the plan (improvement_plan.id)';
COMMENT ON COLUMN @extschema@.improvement_target.indicator_id IS 'the indicator to improve (indicator.id)';
COMMENT ON COLUMN @extschema@.improvement_target.target_value IS 'the value to reach (at least for higher_better, at most for lower_better)';
COMMENT ON COLUMN @extschema@.improvement_target.note IS 'free-text remark';

CREATE TABLE @extschema@.improvement_measure (
    id           serial PRIMARY KEY,
    plan_id      integer NOT NULL REFERENCES @extschema@.improvement_plan (id) ON DELETE CASCADE,
    kind         text NOT NULL CHECK (kind IN ('training', 'process_change', 'tools', 'incentives')),
    description  text NOT NULL CHECK (description OPERATOR(pg_catalog.<>) ''),
    owner        text,
    due_on       date CHECK (pg_catalog.isfinite(due_on)),
    done_on      date CHECK (pg_catalog.isfinite(done_on)),
    effective    boolean,
    note         text
);
CREATE INDEX improvement_measure_plan_id_idx ON @extschema@.improvement_measure (plan_id);
COMMENT ON TABLE @extschema@.improvement_measure IS
'a step of a plan (H-7.1 measures, H-7.2 steps with dates and owners): training, process change, tools or incentives';
COMMENT ON COLUMN @extschema@.improvement_measure.effective IS 'the H-7.3 verdict: true = keep the measure, false = drop it, NULL = not judged yet';
COMMENT ON COLUMN @extschema@.improvement_measure.id IS 'surrogate key of the measure';
COMMENT ON COLUMN @extschema@.improvement_measure.plan_id IS 'the plan (improvement_plan.id)';
COMMENT ON COLUMN @extschema@.improvement_measure.kind IS 'training, process_change, tools or incentives (H-7.1)';
COMMENT ON COLUMN @extschema@.improvement_measure.description IS 'what is to be done';
COMMENT ON COLUMN @extschema@.improvement_measure.owner IS 'who carries the measure out';
COMMENT ON COLUMN @extschema@.improvement_measure.due_on IS 'the day the measure is due';
COMMENT ON COLUMN @extschema@.improvement_measure.done_on IS 'the day the measure was done, NULL while open';
COMMENT ON COLUMN @extschema@.improvement_measure.note IS 'free-text remark';

-- Refuses a target value outside its indicator's valid range, the same
-- range a measurement must respect (H-4.3, H-7.1).
CREATE FUNCTION @extschema@.improvement_target_check()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    i perfeval.indicator;
BEGIN
    SELECT * INTO i FROM perfeval.indicator AS x WHERE x.id = NEW.indicator_id;
    IF (i.min_value IS NOT NULL AND NEW.target_value < i.min_value)
       OR (i.max_value IS NOT NULL AND NEW.target_value > i.max_value) THEN
        RAISE EXCEPTION 'target % is outside the range of indicator %', NEW.target_value, i.code
            USING ERRCODE = 'check_violation',
                  DETAIL = format('Values of %s lie in [%s, %s].', i.code, coalesce(i.min_value::text, '-infinity'),
                                  coalesce(i.max_value::text, 'infinity')),
                  HINT = 'Give the target as a raw value of the indicator (a rate as a fraction 0-1).';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION @extschema@.improvement_target_check() IS
'trigger: an improvement target is a raw value inside its indicator''s valid range (H-7.1)';

CREATE TRIGGER improvement_target_check BEFORE INSERT OR UPDATE ON @extschema@.improvement_target
    FOR EACH ROW EXECUTE FUNCTION @extschema@.improvement_target_check();
COMMENT ON TRIGGER improvement_target_check ON @extschema@.improvement_target IS
'refuses a target value outside its indicator''s valid range (23514, H-7.1)';

-- improvement_progress: every target compared between the baseline period
-- and each later period of the same kind (H-7.3 before and after).  The
-- value of a period is the raw value behind the agent's current result
-- (result_indicator), else the stored measurement.
CREATE VIEW @extschema@.improvement_progress AS
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
                                     WHERE r2.period_id OPERATOR(pg_catalog.=) v.period_id AND r2.agent_id OPERATOR(pg_catalog.=) pl.agent_id);
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

-- pg_dump keeps users' rows and the positions of the owned sequences.
SELECT pg_catalog.pg_extension_config_dump('perfeval.improvement_plan', '');
SELECT pg_catalog.pg_extension_config_dump('perfeval.improvement_plan_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('perfeval.improvement_target', '');
SELECT pg_catalog.pg_extension_config_dump('perfeval.improvement_measure', '');
SELECT pg_catalog.pg_extension_config_dump('perfeval.improvement_measure_id_seq', '');
