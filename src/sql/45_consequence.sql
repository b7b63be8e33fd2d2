/* src/sql/45_consequence.sql — the evaluation cycle: consequences of results (H-3.3, H-5.3) */

-- Configuration tables follow one pattern: the extension seeds its default
-- rows (seeded = true, read-only, not dumped); a row a user adds with the
-- same key overrides the seeded one (the user's row wins), so changing a
-- default never edits a seeded row and pg_dump keeps exactly the user's
-- choices.  The views below apply the override.

-- ---------------------------------------------------------------------------
-- Period order (for streaks of adjacent periods, H-3.3.5)
-- ---------------------------------------------------------------------------

-- period_index(kind, starts_on): consecutive integers for adjacent natural
-- periods of one kind (months: year * 12 + month - 1; quarters: year * 4 +
-- quarter - 1; years: the year), so a gap shows as a jump (H-3.1.2-4).
CREATE FUNCTION @extschema@.period_index(kind text, starts_on date)
RETURNS integer
LANGUAGE sql
IMMUTABLE STRICT PARALLEL SAFE
-- no SET clause, so that the planner can inline it into the views; every
-- function and operator is named with its schema
AS $$
    SELECT CASE WHEN NOT pg_catalog.isfinite(starts_on) THEN NULL
                WHEN kind OPERATOR(pg_catalog.=) 'month'
                THEN (pg_catalog.date_part('year', starts_on) OPERATOR(pg_catalog.*) 12
                      OPERATOR(pg_catalog.+) pg_catalog.date_part('month', starts_on) OPERATOR(pg_catalog.-) 1)::integer
                WHEN kind OPERATOR(pg_catalog.=) 'quarter'
                THEN (pg_catalog.date_part('year', starts_on) OPERATOR(pg_catalog.*) 4
                      OPERATOR(pg_catalog.+) pg_catalog.date_part('quarter', starts_on) OPERATOR(pg_catalog.-) 1)::integer
                WHEN kind OPERATOR(pg_catalog.=) 'year'
                THEN pg_catalog.date_part('year', starts_on)::integer
           END
$$;
COMMENT ON FUNCTION @extschema@.period_index(text, date) IS
'an integer that grows by one from a natural month, quarter or year to the next of the same kind (a gap in it is a missing period); NULL for an unknown kind or an infinite day (H-3.3.5)';

-- ---------------------------------------------------------------------------
-- Bonus eligibility (H-3.3.1, H-5.3.2, H-6.1.1)
-- ---------------------------------------------------------------------------

-- bonus_rule is the one table of bonus coefficients: the view
-- bonus_eligibility below and perfeval.bonus_coefficient_of (the shares of
-- allocate_bonus_pool, 60_reward.sql) read it with the same rule.

CREATE TABLE @extschema@.bonus_rule (
    scheme_version_id  integer NOT NULL REFERENCES @extschema@.scheme_version (id) ON DELETE CASCADE,
    grade              @extschema@.grade NOT NULL,
    eligible           boolean NOT NULL,
    coefficient        numeric(6,3) NOT NULL CHECK (coefficient OPERATOR(pg_catalog.>=) 0),
    note               text,
    seeded             boolean NOT NULL DEFAULT false,
    PRIMARY KEY (scheme_version_id, grade, seeded),
    CONSTRAINT bonus_rule_ineligible_zero CHECK (eligible OR coefficient OPERATOR(pg_catalog.=) 0)
);
COMMENT ON TABLE @extschema@.bonus_rule IS
'bonus eligibility and coefficient per grade and scheme version (H-3.3.1, H-5.3.2), the one source of bonus coefficients (the view bonus_eligibility, bonus_coefficient_of, the shares of allocate_bonus_pool); a result uses its own scheme version''s row for its grade, else the row of the default version 1; a user row overrides a seeded row with the same version and grade';
COMMENT ON COLUMN @extschema@.bonus_rule.coefficient IS 'multiplier of the base bonus (1.000 = the base amount); 0 when not eligible';
COMMENT ON COLUMN @extschema@.bonus_rule.seeded IS 'true for the defaults the extension ships (read-only, not dumped)';
COMMENT ON COLUMN @extschema@.bonus_rule.scheme_version_id IS 'the scheme version the rule belongs to (scheme_version.id)';
COMMENT ON COLUMN @extschema@.bonus_rule.grade IS 'the grade the rule is for';
COMMENT ON COLUMN @extschema@.bonus_rule.eligible IS 'whether an agent with this grade receives a bonus (H-6.1.1)';
COMMENT ON COLUMN @extschema@.bonus_rule.note IS 'free-text remark';

CREATE TRIGGER bonus_rule_seeded_guard BEFORE UPDATE OR DELETE ON @extschema@.bonus_rule
    FOR EACH ROW EXECUTE FUNCTION @extschema@.seeded_guard();
COMMENT ON TRIGGER bonus_rule_seeded_guard ON @extschema@.bonus_rule IS
'the seeded default bonus rules are read-only: add a row with the same version and grade to override one';

-- The product's defaults (the handbook gives no numbers, H-3.3.1).
INSERT INTO @extschema@.bonus_rule (scheme_version_id, grade, eligible, coefficient, note, seeded) VALUES
    (1, 'excellent', true,  1.500, 'default: 150% of the base bonus', true),
    (1, 'good',      true,  1.200, 'default: 120% of the base bonus', true),
    (1, 'medium',    true,  1.000, 'default: the base bonus', true),
    (1, 'pass',      true,  0.500, 'default: half the base bonus', true),
    (1, 'fail',      false, 0.000, 'default: no bonus (H-3.3.4 care instead)', true);

-- ---------------------------------------------------------------------------
-- Streak rules: promotion, care, bottom elimination (H-3.3.3-5)
-- ---------------------------------------------------------------------------

CREATE TABLE @extschema@.consequence_rule (
    consequence  text NOT NULL CHECK (consequence IN ('promotion', 'care', 'bottom_elimination')),
    kind         text NOT NULL CHECK (kind IN ('month', 'quarter', 'year')),
    threshold    @extschema@.grade NOT NULL,
    periods      integer NOT NULL CHECK (periods BETWEEN 1 AND 120),
    enabled      boolean NOT NULL DEFAULT true,
    note         text,
    seeded       boolean NOT NULL DEFAULT false,
    PRIMARY KEY (consequence, kind, seeded)
);
COMMENT ON TABLE @extschema@.consequence_rule IS
'when a run of grades has a consequence: promotion = grade at or ABOVE threshold, care and bottom_elimination = grade at or BELOW threshold, in the last `periods` adjacent periods of a kind (a missing period breaks the run), H-3.3.3-5; a user row overrides the seeded row with the same consequence and kind';
COMMENT ON COLUMN @extschema@.consequence_rule.threshold IS 'promotion: the lowest grade that counts; care, bottom_elimination: the highest grade that counts';
COMMENT ON COLUMN @extschema@.consequence_rule.periods IS 'N: how many adjacent periods of the kind, ending with the latest evaluated one, must all count';
COMMENT ON COLUMN @extschema@.consequence_rule.enabled IS 'false switches the consequence off for that kind (add a user row with enabled = false to override a default)';
COMMENT ON COLUMN @extschema@.consequence_rule.seeded IS 'true for the defaults the extension ships (read-only, not dumped)';
COMMENT ON COLUMN @extschema@.consequence_rule.consequence IS 'promotion, care or bottom_elimination (H-3.3.5)';
COMMENT ON COLUMN @extschema@.consequence_rule.kind IS 'month, quarter or year: the kind of period counted';
COMMENT ON COLUMN @extschema@.consequence_rule.note IS 'free-text remark';

CREATE TRIGGER consequence_rule_seeded_guard BEFORE UPDATE OR DELETE ON @extschema@.consequence_rule
    FOR EACH ROW EXECUTE FUNCTION @extschema@.seeded_guard();
COMMENT ON TRIGGER consequence_rule_seeded_guard ON @extschema@.consequence_rule IS
'the seeded default consequence rules are read-only: add a row with the same consequence and kind to override one';

-- The product's defaults (the handbook gives no numbers).
INSERT INTO @extschema@.consequence_rule (consequence, kind, threshold, periods, note, seeded) VALUES
    ('promotion',          'month',   'excellent', 3, 'default: excellent three months running (H-3.3.3)', true),
    ('promotion',          'quarter', 'excellent', 2, 'default: excellent two quarters running (H-3.3.3)', true),
    ('promotion',          'year',    'excellent', 1, 'default: an excellent year (H-3.3.3, H-6.1.1 (4))', true),
    ('care',               'month',   'pass',      1, 'default: pass or fail in the latest month (H-3.3.4)', true),
    ('care',               'quarter', 'pass',      1, 'default: pass or fail in the latest quarter (H-3.3.4)', true),
    ('care',               'year',    'pass',      1, 'default: pass or fail in the latest year (H-3.3.4)', true),
    ('bottom_elimination', 'month',   'fail',      3, 'default: fail three months running (H-3.3.5)', true),
    ('bottom_elimination', 'quarter', 'fail',      2, 'default: fail two quarters running (H-3.3.5)', true),
    ('bottom_elimination', 'year',    'fail',      1, 'default: a failed year (H-3.3.5)', true);

-- ---------------------------------------------------------------------------
-- Views (all WITH security_invoker on PostgreSQL 15+, see 48_access.sql:
-- each reader sees the rows its row-level security lets it see)
-- ---------------------------------------------------------------------------

-- bonus_eligibility: every current result with its bonus rule (H-3.3.1).
CREATE VIEW @extschema@.bonus_eligibility AS
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
WHERE r.is_current;
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

-- training_needs: each current result's weakest dimension and its three
-- lowest indicator scores (H-3.3.2, H-3.2.4).
CREATE VIEW @extschema@.training_needs AS
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
WHERE r.is_current AND a.active;
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

-- consequence_candidate: agents whose grades in the last N adjacent
-- periods of a kind, ending with the latest evaluated period of that kind,
-- all meet a consequence rule (H-3.3.3-5).  Streaks come from the C window
-- function grade_streak (a missing period or a NULL grade breaks them);
-- promotion counts grades at or ABOVE the threshold by mirroring the grade
-- order (excellent <-> fail, good <-> pass).
CREATE VIEW @extschema@.consequence_candidate AS
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
WHERE s.streak OPERATOR(pg_catalog.>=) s.periods AND a.active;
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

CREATE VIEW @extschema@.promotion_candidates AS
SELECT c.kind, c.threshold, c.periods, c.agent_id, c.employee_no, c.agent_name, c.team_id, c.department_id,
       c.last_period_id, c.last_starts_on, c.last_grade, c.last_grade_zh, c.last_total, c.streak, c.final
FROM @extschema@.consequence_candidate AS c WHERE c.consequence OPERATOR(pg_catalog.=) 'promotion';
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

CREATE VIEW @extschema@.care_list AS
SELECT c.kind, c.threshold, c.periods, c.agent_id, c.employee_no, c.agent_name, c.team_id, c.department_id,
       c.last_period_id, c.last_starts_on, c.last_grade, c.last_grade_zh, c.last_total, c.streak, c.final
FROM @extschema@.consequence_candidate AS c WHERE c.consequence OPERATOR(pg_catalog.=) 'care';
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

CREATE VIEW @extschema@.bottom_elimination AS
SELECT c.kind, c.threshold, c.periods, c.agent_id, c.employee_no, c.agent_name, c.team_id, c.department_id,
       c.last_period_id, c.last_starts_on, c.last_grade, c.last_grade_zh, c.last_total, c.streak, c.final
FROM @extschema@.consequence_candidate AS c WHERE c.consequence OPERATOR(pg_catalog.=) 'bottom_elimination';
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

-- pg_dump keeps users' rows (seeded rows excluded).
SELECT pg_catalog.pg_extension_config_dump('perfeval.bonus_rule', 'WHERE NOT seeded');
SELECT pg_catalog.pg_extension_config_dump('perfeval.consequence_rule', 'WHERE NOT seeded');
