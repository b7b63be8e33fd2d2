/* src/sql/80_revision.sql — scheme revisions as a workflow: draft, problems, consultation, submission, approval (H-9.1, H-9.2, H-3.2.1; issue 15) */

-- A revision of the scheme (H-9.2) is a draft scheme version -- a
-- scheme_version row with its scheme_item (and bonus_rule) rows, copied
-- from the version it revises and then edited by HR -- together with the
-- problems that motivated it (H-8.3.4: appeal statistics, data-quality
-- findings), the consultation of staff and managers, the submission and
-- leadership's approval (H-9.1).  A draft has no valid_from (NULL, which
-- on any version but the seeded default, whose open start it is, means a
-- draft): it is valid for no period, so scheme_at (and with it evaluate, regrade_with and
-- rollup_revise) never picks it, and no result can be stored under it.
-- Approval sets valid_from to the first day of a period that has not
-- started (H-3.2.1: never retroactive).  The content of a submitted,
-- approved, rejected or withdrawn revision is read-only: leadership
-- approves exactly what was submitted and the record stays auditable.
--
-- Upgrade from 1.0: these statements change 1.0 objects only by ALTER
-- (scheme_version.valid_from may be NULL on more than the seeded default:
-- scheme_version_open_start goes; flow_state's flow list gains
-- 'scheme') and by DROP + CREATE of the view scheme_validity.

ALTER TABLE @extschema@.scheme_version DROP CONSTRAINT scheme_version_open_start;
COMMENT ON COLUMN @extschema@.scheme_version.valid_from IS
'first day on which the version applies; a period is evaluated under the version valid on its first day (H-3.2.1); NULL: on the seeded default an open start (valid from the beginning), on any other version the draft of a scheme revision (scheme_revision), valid for no period and never picked by scheme_at';

-- scheme_validity lists the versions in force only (a draft has no range).
DROP VIEW @extschema@.scheme_validity;
CREATE VIEW @extschema@.scheme_validity WITH (security_invoker = true) AS
SELECT v.id AS scheme_version_id,
       v.name,
       v.valid_from,
       pg_catalog.lead(v.valid_from) OVER (ORDER BY v.valid_from NULLS FIRST) OPERATOR(pg_catalog.-) 1 AS valid_until,
       pg_catalog.daterange(v.valid_from, pg_catalog.lead(v.valid_from) OVER (ORDER BY v.valid_from NULLS FIRST)) AS valid_during
FROM @extschema@.scheme_version AS v
WHERE v.valid_from IS NOT NULL OR v.seeded;
COMMENT ON VIEW @extschema@.scheme_validity IS
'each scheme version''s validity: from valid_from to the day before the next version starts (NULL valid_until: open-ended); ranges never overlap (H-1.2.3); drafts of revisions (valid_from NULL, not seeded) are valid for no period and not listed';
COMMENT ON COLUMN @extschema@.scheme_validity.scheme_version_id IS 'the scheme version (scheme_version.id)';
COMMENT ON COLUMN @extschema@.scheme_validity.name IS 'the scheme version''s name';
COMMENT ON COLUMN @extschema@.scheme_validity.valid_from IS 'first day on which the version applies, NULL for an open start (valid from the beginning: the seeded default); a period is evaluated under the version valid on its first day (H-3.2.1)';
COMMENT ON COLUMN @extschema@.scheme_validity.valid_until IS 'last day it is valid: the day before the next version''s valid_from, NULL for the newest';
COMMENT ON COLUMN @extschema@.scheme_validity.valid_during IS 'the days it is valid, as a daterange [valid_from, next valid_from), unbounded below for an open start';
GRANT SELECT ON @extschema@.scheme_validity
    TO perfeval_agent, perfeval_manager, perfeval_hr, perfeval_leadership, perfeval_analyst, perfeval_service;

-- ---------------------------------------------------------------------------
-- The flow 'scheme' on the flow engine (59_flow.sql): states and steps as
-- rows, who takes each step in flow_step.actor_kind (require_step_role).
--   draft --submit (HR)--> submitted --approve (leadership)--> approved
--   submitted --approve, refused (leadership)--> rejected
--   submitted --return (leadership)--> draft      (rework asked)
--   draft --withdraw (HR)--> withdrawn
-- Creating a draft is HR's (H-9.1: middle management designs revisions);
-- the creating step is not a flow_step row (flow_step_creating keeps
-- NULL from_state to rewards and penalties), revision_draft checks it.
-- ---------------------------------------------------------------------------

-- flow_state.flow is checked against a list of flows: rebuild that check
-- with 'scheme' added to the flows present (other upgrades may have added
-- theirs), then add the rows with the definition guard paused.
DO $perfeval_scheme_flow$
DECLARE
    c     record;
    flows text;
BEGIN
    FOR c IN
        SELECT k.conname FROM pg_catalog.pg_constraint AS k
        WHERE k.conrelid OPERATOR(pg_catalog.=) 'perfeval.flow_state'::pg_catalog.regclass
          AND k.contype OPERATOR(pg_catalog.=) 'c'
          AND k.conkey OPERATOR(pg_catalog.=) ARRAY[(SELECT a.attnum FROM pg_catalog.pg_attribute AS a
                                                     WHERE a.attrelid OPERATOR(pg_catalog.=) 'perfeval.flow_state'::pg_catalog.regclass
                                                       AND a.attname OPERATOR(pg_catalog.=) 'flow')]::pg_catalog.int2[]
    LOOP
        EXECUTE pg_catalog.format('ALTER TABLE perfeval.flow_state DROP CONSTRAINT %I', c.conname);
    END LOOP;
    SELECT pg_catalog.string_agg(pg_catalog.quote_literal(f.flow), ', ' ORDER BY f.flow) INTO flows
    FROM (SELECT s.flow FROM perfeval.flow_state AS s UNION SELECT 'scheme') AS f;
    EXECUTE pg_catalog.format('ALTER TABLE perfeval.flow_state ADD CONSTRAINT flow_state_flow_check CHECK (flow IN (%s))', flows);
END
$perfeval_scheme_flow$;

ALTER TABLE @extschema@.flow_state DISABLE TRIGGER flow_state_guard;
ALTER TABLE @extschema@.flow_step DISABLE TRIGGER flow_step_guard;
INSERT INTO @extschema@.flow_state (flow, state, terminal, days, setting, rule_id, description) VALUES
 ('scheme', 'draft',     false, NULL, NULL, 'H-9.2', 'a draft revision of the scheme: HR edits it, staff and managers comment (consultation); HR submits or withdraws it'),
 ('scheme', 'submitted', false, NULL, NULL, 'H-9.1', 'submitted for approval: leadership approves (setting valid_from), rejects or returns it'),
 ('scheme', 'approved',  true,  NULL, NULL, 'H-3.2.1', 'approved: valid from the first day of a period that had not started; frozen'),
 ('scheme', 'rejected',  true,  NULL, NULL, 'H-9.1', 'rejected by leadership; kept on record, never valid'),
 ('scheme', 'withdrawn', true,  NULL, NULL, 'H-9.2', 'withdrawn by HR before submission; kept on record, never valid');
INSERT INTO @extschema@.flow_step (flow, from_state, step, to_state, actor_kind, rule_id) VALUES
 ('scheme', 'draft',     'submit',   'submitted', 'HR',         'H-9.2'),
 ('scheme', 'draft',     'withdraw', 'withdrawn', 'HR',         'H-9.2'),
 ('scheme', 'submitted', 'approve',  'approved',  'leadership', 'H-9.1'),
 ('scheme', 'submitted', 'approve',  'rejected',  'leadership', 'H-9.1'),
 ('scheme', 'submitted', 'return',   'draft',     'leadership', 'H-9.1');
ALTER TABLE @extschema@.flow_state ENABLE TRIGGER flow_state_guard;
ALTER TABLE @extschema@.flow_step ENABLE TRIGGER flow_step_guard;
COMMENT ON COLUMN @extschema@.flow_state.flow IS 'reward, penalty (H-6.3.1-2), result (an appeal against a result, H-8), decision (an appeal against a reward or penalty, H-6.3.3), scheme (a revision of the scheme, H-9.2), or a flow added by a later upgrade';

-- ---------------------------------------------------------------------------
-- Tables
-- ---------------------------------------------------------------------------

CREATE TABLE @extschema@.scheme_revision (
    id                 serial PRIMARY KEY,
    scheme_version_id  integer NOT NULL UNIQUE REFERENCES @extschema@.scheme_version (id),
    based_on           integer REFERENCES @extschema@.scheme_version (id),
    title              text NOT NULL CHECK (title OPERATOR(pg_catalog.<>) ''),
    motivation         text,
    flow               text NOT NULL DEFAULT 'scheme' CHECK (flow OPERATOR(pg_catalog.=) 'scheme'),
    state              text NOT NULL DEFAULT 'draft',
    created_by         name NOT NULL DEFAULT CURRENT_USER,
    created_at         timestamptz NOT NULL DEFAULT pg_catalog.now(),
    submitted_by       name,
    submitted_at       timestamptz,
    decided_by         name,
    decided_at         timestamptz,
    decision_note      text,
    FOREIGN KEY (flow, state) REFERENCES @extschema@.flow_state (flow, state)
);
CREATE INDEX scheme_revision_based_on_idx ON @extschema@.scheme_revision (based_on);
COMMENT ON TABLE @extschema@.scheme_revision IS
'a revision of the appraisal scheme (H-9.2): its draft version (scheme_version with valid_from NULL until approved), the version it revises, the motivation, and its state in the flow scheme (draft, submitted, approved, rejected, withdrawn; flow_step); written by the revision_* step functions only';
COMMENT ON COLUMN @extschema@.scheme_revision.id IS 'surrogate key of the revision';
COMMENT ON COLUMN @extschema@.scheme_revision.scheme_version_id IS 'the draft scheme version (scheme_version.id): valid for no period until approved';
COMMENT ON COLUMN @extschema@.scheme_revision.based_on IS 'the version the draft was copied from (scheme_version.id), NULL when built from nothing';
COMMENT ON COLUMN @extschema@.scheme_revision.title IS 'what the revision changes, in a line';
COMMENT ON COLUMN @extschema@.scheme_revision.motivation IS 'why: the problems collected (H-9.2); the single findings are in scheme_revision_problem';
COMMENT ON COLUMN @extschema@.scheme_revision.flow IS 'always scheme: the flow of flow_state and flow_step the state belongs to';
COMMENT ON COLUMN @extschema@.scheme_revision.state IS 'draft, submitted, approved, rejected or withdrawn (flow_state of flow scheme)';
COMMENT ON COLUMN @extschema@.scheme_revision.created_by IS 'the role that drafted it (HR, H-9.1 middle management)';
COMMENT ON COLUMN @extschema@.scheme_revision.created_at IS 'when the draft was made';
COMMENT ON COLUMN @extschema@.scheme_revision.submitted_by IS 'the role that submitted it for approval';
COMMENT ON COLUMN @extschema@.scheme_revision.submitted_at IS 'when it was (last) submitted';
COMMENT ON COLUMN @extschema@.scheme_revision.decided_by IS 'the leadership role that approved, rejected or returned it (H-9.1)';
COMMENT ON COLUMN @extschema@.scheme_revision.decided_at IS 'when leadership decided';
COMMENT ON COLUMN @extschema@.scheme_revision.decision_note IS 'leadership''s remark with the decision';

CREATE TABLE @extschema@.scheme_revision_problem (
    id             serial PRIMARY KEY,
    revision_id    integer NOT NULL REFERENCES @extschema@.scheme_revision (id),
    source         text NOT NULL CHECK (source IN ('appeal_statistics', 'data_quality', 'strategy', 'other')),
    description    text NOT NULL CHECK (description OPERATOR(pg_catalog.<>) ''),
    period_id      integer REFERENCES @extschema@.period (id),
    indicator_id   integer REFERENCES @extschema@.indicator (id),
    recorded_by    name NOT NULL DEFAULT CURRENT_USER,
    recorded_at    timestamptz NOT NULL DEFAULT pg_catalog.now(),
    CONSTRAINT scheme_revision_problem_link CHECK (source NOT IN ('appeal_statistics', 'data_quality') OR period_id IS NOT NULL)
);
CREATE INDEX scheme_revision_problem_revision_id_idx ON @extschema@.scheme_revision_problem (revision_id);
COMMENT ON TABLE @extschema@.scheme_revision_problem IS
'a problem that motivates a revision (H-9.2, H-8.3.4): free text, linked to the appeal statistics of a period or to a data-quality finding of a period and indicator (the view scheme_revision_evidence shows the linked figures)';
COMMENT ON COLUMN @extschema@.scheme_revision_problem.id IS 'surrogate key of the problem';
COMMENT ON COLUMN @extschema@.scheme_revision_problem.revision_id IS 'the revision it motivates (scheme_revision.id)';
COMMENT ON COLUMN @extschema@.scheme_revision_problem.source IS 'appeal_statistics (H-8.3.4), data_quality (H-4.3), strategy (H-1.2.3) or other';
COMMENT ON COLUMN @extschema@.scheme_revision_problem.description IS 'the problem, in words';
COMMENT ON COLUMN @extschema@.scheme_revision_problem.period_id IS 'the period of the appeal statistics or data-quality finding (period.id); required for those sources';
COMMENT ON COLUMN @extschema@.scheme_revision_problem.indicator_id IS 'the indicator concerned (indicator.id), e.g. of a data-quality finding';
COMMENT ON COLUMN @extschema@.scheme_revision_problem.recorded_by IS 'the role that recorded it';
COMMENT ON COLUMN @extschema@.scheme_revision_problem.recorded_at IS 'when it was recorded';

CREATE TABLE @extschema@.scheme_consultation (
    id            serial PRIMARY KEY,
    revision_id   integer NOT NULL REFERENCES @extschema@.scheme_revision (id),
    author        name NOT NULL DEFAULT CURRENT_USER,
    agent_id      integer REFERENCES @extschema@.agent (id),
    commented_at  timestamptz NOT NULL DEFAULT pg_catalog.now(),
    comment       text NOT NULL CHECK (comment OPERATOR(pg_catalog.<>) '')
);
CREATE INDEX scheme_consultation_revision_id_idx ON @extschema@.scheme_consultation (revision_id);
CREATE INDEX scheme_consultation_agent_id_idx ON @extschema@.scheme_consultation (agent_id);
COMMENT ON TABLE @extschema@.scheme_consultation IS
'the consultation of a revision (H-9.2): who commented, when, what; staff and managers comment on a draft or submitted revision through revision_comment';
COMMENT ON COLUMN @extschema@.scheme_consultation.id IS 'surrogate key of the comment';
COMMENT ON COLUMN @extschema@.scheme_consultation.revision_id IS 'the revision commented on (scheme_revision.id)';
COMMENT ON COLUMN @extschema@.scheme_consultation.author IS 'the role that commented (the session''s role, never an argument)';
COMMENT ON COLUMN @extschema@.scheme_consultation.agent_id IS 'the agent the author is (agent.role_name), NULL for a manager, HR or leadership; an agent''s comment is read like its other rows';
COMMENT ON COLUMN @extschema@.scheme_consultation.commented_at IS 'when the comment was made';
COMMENT ON COLUMN @extschema@.scheme_consultation.comment IS 'the comment';

-- scheme_revision_event: the append-only log of a revision's steps (the
-- flow engine's event log, as appeal_event for appeals; H-9.1, H-9.2).
CREATE TABLE @extschema@.scheme_revision_event (
    id           serial PRIMARY KEY,
    revision_id  integer NOT NULL REFERENCES @extschema@.scheme_revision (id),
    step         text NOT NULL,
    from_state   text,
    to_state     text NOT NULL,
    actor        name NOT NULL DEFAULT CURRENT_USER,
    at           timestamptz NOT NULL DEFAULT pg_catalog.now(),
    note         text
);
CREATE INDEX scheme_revision_event_revision_id_idx ON @extschema@.scheme_revision_event (revision_id);
COMMENT ON TABLE @extschema@.scheme_revision_event IS
'every step of every scheme revision (draft, submit, withdraw, return, approve), who took it and when: append-only (H-9.1, H-9.2)';
COMMENT ON COLUMN @extschema@.scheme_revision_event.id IS 'surrogate key of the event, in the order the steps were taken';
COMMENT ON COLUMN @extschema@.scheme_revision_event.revision_id IS 'the revision (scheme_revision.id)';
COMMENT ON COLUMN @extschema@.scheme_revision_event.step IS 'draft, submit, withdraw, return or approve (flow_step.step of flow scheme)';
COMMENT ON COLUMN @extschema@.scheme_revision_event.from_state IS 'the state the step left (NULL for the draft)';
COMMENT ON COLUMN @extschema@.scheme_revision_event.to_state IS 'the state it entered';
COMMENT ON COLUMN @extschema@.scheme_revision_event.actor IS 'the session''s role that took it';
COMMENT ON COLUMN @extschema@.scheme_revision_event.at IS 'when';
COMMENT ON COLUMN @extschema@.scheme_revision_event.note IS 'the note given with the step (leadership''s remark, the valid_from approved)';
CREATE TRIGGER scheme_revision_event_no_update BEFORE UPDATE ON @extschema@.scheme_revision_event
    FOR EACH ROW EXECUTE FUNCTION @extschema@.append_only(
        'The log of a revision keeps every step taken (H-9.2).', 'Take the next step instead.');
CREATE TRIGGER scheme_revision_event_no_delete BEFORE DELETE ON @extschema@.scheme_revision_event
    FOR EACH ROW EXECUTE FUNCTION @extschema@.append_only(
        'The log of a revision keeps every step taken (H-9.2).', 'Take the next step instead.');
CREATE TRIGGER scheme_revision_event_no_truncate BEFORE TRUNCATE ON @extschema@.scheme_revision_event
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.append_only(
        'The log of a revision keeps every step taken (H-9.2).', 'Take the next step instead.');
COMMENT ON TRIGGER scheme_revision_event_no_update ON @extschema@.scheme_revision_event IS 'scheme_revision_event is append-only: UPDATE refused (H-9.2)';
COMMENT ON TRIGGER scheme_revision_event_no_delete ON @extschema@.scheme_revision_event IS 'scheme_revision_event is append-only: DELETE refused (H-9.2)';
COMMENT ON TRIGGER scheme_revision_event_no_truncate ON @extschema@.scheme_revision_event IS 'scheme_revision_event is append-only: TRUNCATE refused (H-9.2)';

-- scheme_revision_evidence: each linked problem with the figures it points to.
CREATE VIEW @extschema@.scheme_revision_evidence WITH (security_invoker = true) AS
SELECT pr.revision_id, pr.id AS problem_id, pr.source, pr.description, pr.period_id, pr.indicator_id,
       (SELECT pg_catalog.sum(s.appeals) FROM @extschema@.appeal_statistics AS s
        WHERE pr.source OPERATOR(pg_catalog.=) 'appeal_statistics' AND s.period_id OPERATOR(pg_catalog.=) pr.period_id) AS appeals,
       (SELECT pg_catalog.sum(s.appeals) FROM @extschema@.appeal_statistics AS s
        WHERE pr.source OPERATOR(pg_catalog.=) 'appeal_statistics' AND s.period_id OPERATOR(pg_catalog.=) pr.period_id
          AND s.outcome OPERATOR(pg_catalog.=) 'upheld') AS appeals_upheld,
       (SELECT pg_catalog.sum(q.quarantined) FROM @extschema@.data_quality AS q
        WHERE pr.source OPERATOR(pg_catalog.=) 'data_quality' AND q.period_id OPERATOR(pg_catalog.=) pr.period_id
          AND (pr.indicator_id IS NULL OR q.indicator_id OPERATOR(pg_catalog.=) pr.indicator_id)) AS quarantined,
       (SELECT pg_catalog.sum(q.outlying) FROM @extschema@.data_quality AS q
        WHERE pr.source OPERATOR(pg_catalog.=) 'data_quality' AND q.period_id OPERATOR(pg_catalog.=) pr.period_id
          AND (pr.indicator_id IS NULL OR q.indicator_id OPERATOR(pg_catalog.=) pr.indicator_id)) AS outlying,
       @extschema@.period_key(pk.kind, pk.starts_on) AS period_key,
       @extschema@.period_label(pk.kind, pk.starts_on, 'zh') AS period_label,
       @extschema@.period_label(pk.kind, pk.starts_on, 'en') AS period_label_en
FROM @extschema@.scheme_revision_problem AS pr
LEFT JOIN @extschema@.period AS pk ON pk.id OPERATOR(pg_catalog.=) pr.period_id;
COMMENT ON VIEW @extschema@.scheme_revision_evidence IS
'the problems of revisions with the figures they link to: appeals and upheld appeals of the period (appeal_statistics, H-8.3.4), quarantined and outlying values of the period and indicator (data_quality, H-4.3); counts of the rows the reader sees';
COMMENT ON COLUMN @extschema@.scheme_revision_evidence.revision_id IS 'the revision (scheme_revision.id)';
COMMENT ON COLUMN @extschema@.scheme_revision_evidence.problem_id IS 'the problem (scheme_revision_problem.id)';
COMMENT ON COLUMN @extschema@.scheme_revision_evidence.source IS 'appeal_statistics, data_quality, strategy or other';
COMMENT ON COLUMN @extschema@.scheme_revision_evidence.description IS 'the problem, in words';
COMMENT ON COLUMN @extschema@.scheme_revision_evidence.period_id IS 'the linked period (period.id)';
COMMENT ON COLUMN @extschema@.scheme_revision_evidence.indicator_id IS 'the linked indicator (indicator.id)';
COMMENT ON COLUMN @extschema@.scheme_revision_evidence.appeals IS 'appeal_statistics: appeals filed in the period (NULL for other sources)';
COMMENT ON COLUMN @extschema@.scheme_revision_evidence.appeals_upheld IS 'appeal_statistics: of them upheld';
COMMENT ON COLUMN @extschema@.scheme_revision_evidence.quarantined IS 'data_quality: raw values quarantined in the period (for the indicator, when linked)';
COMMENT ON COLUMN @extschema@.scheme_revision_evidence.outlying IS 'data_quality: values beyond three standard deviations in the period (for the indicator, when linked)';
COMMENT ON COLUMN @extschema@.scheme_revision_evidence.period_key IS 'the key of the linked period, NULL without one (period_key): 2025-03, 2025-Q1 or 2025';
COMMENT ON COLUMN @extschema@.scheme_revision_evidence.period_label IS 'its Chinese label (period_label): 2025年3月, 2025年第1季度, 2025年';
COMMENT ON COLUMN @extschema@.scheme_revision_evidence.period_label_en IS 'its English label: Mar 2025, Q1 2025, 2025';

-- ---------------------------------------------------------------------------
-- Guards
-- ---------------------------------------------------------------------------

-- revision_content_guard: the content of a revision's version (the
-- version row, its scheme_item and bonus_rule rows) changes only while the
-- revision is a draft; valid_from is set only by revision_approve; a new
-- version without valid_from is made only by revision_draft (H-9.1, H-9.2,
-- H-3.2.1).  A superuser may INSERT such rows (pg_restore reloads drafts and
-- the items of approved revisions); UPDATE and DELETE bind everyone.
CREATE FUNCTION @extschema@.revision_content_guard()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    vid   integer;
    st    text;
    rid   integer;
    by_fn text := perfeval.stack_function(3);   -- [1] stack_function, [2] this trigger, [3] the writer
BEGIN
    IF TG_TABLE_NAME = 'scheme_version' THEN
        vid := CASE TG_OP WHEN 'INSERT' THEN NEW.id ELSE OLD.id END;
    ELSE
        vid := CASE TG_OP WHEN 'DELETE' THEN OLD.scheme_version_id ELSE NEW.scheme_version_id END;
    END IF;
    IF TG_TABLE_NAME = 'scheme_version' AND TG_OP = 'INSERT' THEN
        IF NEW.valid_from IS NULL AND NOT perfeval.is_superuser()
           AND NOT coalesce(starts_with(by_fn, 'PL/pgSQL function perfeval.revision_draft('), false) THEN
            RAISE EXCEPTION 'a scheme version without valid_from is the draft of a revision'
                USING ERRCODE = 'not_null_violation',
                      HINT = 'Start a revision with perfeval.revision_draft(title), or give valid_from.';
        END IF;
        RETURN NEW;
    END IF;
    SELECT r.id, r.state INTO rid, st FROM perfeval.scheme_revision AS r WHERE r.scheme_version_id = vid;
    IF NOT FOUND THEN
        IF TG_TABLE_NAME <> 'scheme_version' AND TG_OP = 'INSERT'
           AND EXISTS (SELECT FROM perfeval.scheme_version AS v WHERE v.id = vid AND v.valid_from IS NULL AND NOT v.seeded) THEN
            NULL;   -- the draft being built by revision_draft (its revision row follows)
        ELSIF TG_TABLE_NAME = 'scheme_version' AND TG_OP = 'UPDATE' THEN
            IF NEW.valid_from IS NULL THEN      -- (nested: NEW of another table has no valid_from)
                RAISE EXCEPTION 'scheme version % cannot lose its valid_from', vid
                    USING ERRCODE = 'not_null_violation',
                          HINT = 'Start a revision with perfeval.revision_draft(title, based_on) instead.';
            END IF;
        END IF;
        RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF TG_TABLE_NAME = 'scheme_version' AND TG_OP = 'UPDATE' THEN
        IF NEW.valid_from IS DISTINCT FROM OLD.valid_from
           AND NOT coalesce(starts_with(by_fn, 'PL/pgSQL function perfeval.revision_approve('), false) THEN
        RAISE EXCEPTION 'valid_from of the draft of revision % is set by its approval', rid
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'A revision becomes valid when leadership approves it, from a period that has not started (H-9.1, H-3.2.1).',
                  HINT = 'Submit it (perfeval.revision_submit) and let leadership approve it (perfeval.revision_approve).';
        END IF;
    END IF;
    IF st <> 'draft' AND NOT coalesce(starts_with(by_fn, 'PL/pgSQL function perfeval.revision_approve('), false)
       AND NOT (TG_OP = 'INSERT' AND perfeval.is_superuser()) THEN
        RAISE EXCEPTION 'revision % is %: its scheme version % is read-only', rid, st, vid
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'Only a draft revision is edited; leadership approves exactly what was submitted, and an approved scheme stays as approved (H-9.1, H-1.2.3).',
                  HINT = CASE st WHEN 'submitted' THEN 'Ask leadership to return it (perfeval.revision_return).'
                                 ELSE 'Start a new revision with perfeval.revision_draft(title, based_on).' END;
    END IF;
    RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END
$$;
COMMENT ON FUNCTION @extschema@.revision_content_guard() IS
'trigger: a revision''s scheme version, items and bonus rules change only while it is a draft; valid_from only through revision_approve; a version without valid_from only through revision_draft (55000, 23502; H-9.1, H-9.2, H-3.2.1); a superuser may insert such rows (pg_restore)';

CREATE TRIGGER scheme_version_revision_guard BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.scheme_version
    FOR EACH ROW EXECUTE FUNCTION @extschema@.revision_content_guard();
COMMENT ON TRIGGER scheme_version_revision_guard ON @extschema@.scheme_version IS
'a draft (valid_from NULL) is made by revision_draft and valid from its approval only; a revision''s version changes only as a draft (H-9.2)';
CREATE TRIGGER scheme_item_revision_guard BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.scheme_item
    FOR EACH ROW EXECUTE FUNCTION @extschema@.revision_content_guard();
COMMENT ON TRIGGER scheme_item_revision_guard ON @extschema@.scheme_item IS
'the items of a revision''s version change only while it is a draft (H-9.2)';
CREATE TRIGGER bonus_rule_revision_guard BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.bonus_rule
    FOR EACH ROW EXECUTE FUNCTION @extschema@.revision_content_guard();
COMMENT ON TRIGGER bonus_rule_revision_guard ON @extschema@.bonus_rule IS
'the bonus coefficients of a revision''s version change only while it is a draft (H-9.2)';

-- result_not_draft: no result is stored under a draft version (H-3.2.1): a
-- statement-level check over the rows written, one join per statement.
CREATE FUNCTION @extschema@.result_not_draft()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    vid integer;
BEGIN
    SELECT n.scheme_version_id INTO vid
    FROM written AS n JOIN perfeval.scheme_version AS v ON v.id = n.scheme_version_id
    WHERE v.valid_from IS NULL AND NOT v.seeded
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'results cannot be stored under scheme version %, a draft', vid
            USING ERRCODE = 'check_violation',
                  DETAIL = 'A draft revision is valid for no period (H-3.2.1); its effect is shown by perfeval.replay, which stores nothing.',
                  HINT = 'Approve the revision for a period that has not started, or replay it.';
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION @extschema@.result_not_draft() IS
'statement trigger: refuses (23514) results written under a draft scheme version (valid_from NULL): a draft is valid for no period (H-3.2.1)';
CREATE TRIGGER result_not_draft_insert AFTER INSERT ON @extschema@.result
    REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.result_not_draft();
COMMENT ON TRIGGER result_not_draft_insert ON @extschema@.result IS 'no result is inserted under a draft scheme version (23514, H-3.2.1)';
CREATE TRIGGER result_not_draft_update AFTER UPDATE ON @extschema@.result
    REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.result_not_draft();
COMMENT ON TRIGGER result_not_draft_update ON @extschema@.result IS 'no result is moved under a draft scheme version (23514, H-3.2.1)';

-- ---------------------------------------------------------------------------
-- Steps (SECURITY INVOKER: they run with the caller's rights; the actor is
-- always CURRENT_USER, never an argument)
-- ---------------------------------------------------------------------------

-- revision_lock(revision): the revision row locked FOR UPDATE, 42704 if unknown.
CREATE FUNCTION @extschema@.revision_lock(revision_id integer)
RETURNS @extschema@.scheme_revision
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    r perfeval.scheme_revision;
BEGIN
    IF revision_id IS NULL THEN
        RAISE EXCEPTION 'revision_id must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    BEGIN
        SELECT * INTO r FROM perfeval.scheme_revision AS x WHERE x.id = revision_lock.revision_id FOR UPDATE;
    EXCEPTION WHEN serialization_failure THEN
        PERFORM perfeval.serialization_retry('scheme revision', revision_id);
    END;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'scheme revision % does not exist', revision_id
            USING ERRCODE = 'undefined_object', HINT = 'See perfeval.scheme_revision.';
    END IF;
    RETURN r;
END
$$;
COMMENT ON FUNCTION @extschema@.revision_lock(integer) IS
'internal: the scheme revision row locked FOR UPDATE for a step; 42704 if unknown, 40001 with a retry hint on a concurrent change';

-- revision_draft(title, based_on, motivation): HR starts a revision: a new
-- scheme version without valid_from, a copy of based_on (default: the
-- version valid today) with its items and bonus rules, to be edited as
-- rows of scheme_version, scheme_item and bonus_rule while it is a draft
-- (H-9.1, H-9.2).  Returns the revision's id; its version is
-- scheme_revision.scheme_version_id.
CREATE FUNCTION @extschema@.revision_draft(title text, based_on integer DEFAULT NULL, motivation text DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_variable
DECLARE
    src  perfeval.scheme_version;
    vid  integer;
    rid  integer;
    base integer := coalesce(based_on, perfeval.scheme_at(CURRENT_DATE));
BEGIN
    IF title IS NULL OR title = '' THEN
        RAISE EXCEPTION 'a revision needs a title'
            USING ERRCODE = 'null_value_not_allowed', HINT = 'Say in a line what the revision changes.';
    END IF;
    IF NOT perfeval.is_superuser() AND NOT perfeval.may_act('HR', NULL, NULL) THEN
        RAISE EXCEPTION 'permission denied: drafting a revision of the scheme is a step for HR'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = format('Role %s may not take it (H-9.1: middle management designs revisions).', CURRENT_USER),
                  HINT = 'Ask a member of perfeval_hr; staff and managers comment with perfeval.revision_comment.';
    END IF;
    SELECT * INTO src FROM perfeval.scheme_version AS v WHERE v.id = base;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'scheme version % does not exist', base
            USING ERRCODE = 'undefined_object', HINT = 'Get scheme version ids from perfeval.scheme_version.';
    END IF;
    INSERT INTO perfeval.scheme_version AS v (name, valid_from, grading, cutoffs, quotas, quota_scope, blend, note)
    VALUES (title, NULL, src.grading, src.cutoffs, src.quotas, src.quota_scope, src.blend,
            format('draft of a revision, copied from version %s (%s)', src.id, src.name))
    RETURNING v.id INTO vid;
    INSERT INTO perfeval.scheme_item (scheme_version_id, indicator_id, weight_bp, worst, best, breakpoints, scores,
                                      critical, critical_threshold)
    SELECT vid, i.indicator_id, i.weight_bp, i.worst, i.best, i.breakpoints, i.scores, i.critical, i.critical_threshold
    FROM perfeval.scheme_item AS i WHERE i.scheme_version_id = src.id;
    -- the coefficients the source version's results get (bonus_coefficient_of):
    -- its own rows, user before seeded, else the default version's
    INSERT INTO perfeval.bonus_rule (scheme_version_id, grade, eligible, coefficient, note)
    SELECT vid, g.grade, perfeval.bonus_coefficient_of(src.id, g.grade) > 0, perfeval.bonus_coefficient_of(src.id, g.grade),
           format('copied from version %s', src.id)
    FROM unnest(enum_range(NULL::perfeval.grade)) AS g(grade);
    INSERT INTO perfeval.scheme_revision AS r (scheme_version_id, based_on, title, motivation)
    VALUES (vid, src.id, title, motivation)
    RETURNING r.id INTO rid;
    INSERT INTO perfeval.scheme_revision_event (revision_id, step, from_state, to_state, note)
    VALUES (rid, 'draft', NULL, 'draft', format('copied from version %s', src.id));
    RETURN rid;
END
$$;
COMMENT ON FUNCTION @extschema@.revision_draft(text, integer, text) IS
'HR starts a revision of the scheme (H-9.1, H-9.2): a draft scheme version (valid_from NULL: valid for no period) copied from based_on (default: the version valid today) with its items and bonus coefficients, edited as rows while a draft; returns the revision id';

-- revision_problem(revision, source, description, period, indicator): HR
-- records a problem that motivates a draft revision (H-9.2, H-8.3.4).
CREATE FUNCTION @extschema@.revision_problem(revision_id integer, source text, description text,
                                             period_id integer DEFAULT NULL, indicator_id integer DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_variable
DECLARE
    r   perfeval.scheme_revision := perfeval.revision_lock(revision_id);
    pid integer;
BEGIN
    IF NOT perfeval.is_superuser() AND NOT perfeval.may_act('HR', NULL, NULL) THEN
        RAISE EXCEPTION 'permission denied: recording the problems of a revision is a step for HR'
            USING ERRCODE = 'insufficient_privilege', HINT = 'Staff and managers comment with perfeval.revision_comment (H-9.2).';
    END IF;
    IF r.state <> 'draft' THEN
        RAISE EXCEPTION 'revision % is %: problems are recorded on a draft', r.id, r.state
            USING ERRCODE = 'object_not_in_prerequisite_state', HINT = 'Record them before submitting it.';
    END IF;
    INSERT INTO perfeval.scheme_revision_problem AS x (revision_id, source, description, period_id, indicator_id)
    VALUES (r.id, source, description, period_id, indicator_id)
    RETURNING x.id INTO pid;
    RETURN pid;
END
$$;
COMMENT ON FUNCTION @extschema@.revision_problem(integer, text, text, integer, integer) IS
'HR records a problem motivating a draft revision, linked to a period''s appeal statistics or data-quality finding (H-9.2, H-8.3.4); returns its id';

-- revision_comment(revision, comment): consultation (H-9.2): any member of
-- a perfeval role but the analyst and the service -- an agent, a manager,
-- HR, leadership -- comments on a draft or submitted revision, as itself.
CREATE FUNCTION @extschema@.revision_comment(revision_id integer, comment text)
RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_variable
DECLARE
    r   perfeval.scheme_revision;
    cid integer;
BEGIN
    -- read, not locked: a row lock needs UPDATE, which a commenting agent
    -- does not have (a step that closes the consultation and a comment
    -- racing it are both kept, the comment timed before the step)
    SELECT * INTO r FROM perfeval.scheme_revision AS x WHERE x.id = revision_comment.revision_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'scheme revision % does not exist', revision_id
            USING ERRCODE = 'undefined_object', HINT = 'See perfeval.scheme_revision.';
    END IF;
    IF comment IS NULL OR comment = '' THEN
        RAISE EXCEPTION 'a comment must not be empty' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF NOT (perfeval.is_superuser() OR perfeval.is_member_of('perfeval_agent') OR perfeval.is_member_of('perfeval_manager')
            OR perfeval.is_hr() OR perfeval.is_member_of('perfeval_leadership')) THEN
        RAISE EXCEPTION 'permission denied: the consultation of a revision is for staff and managers'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = format('Role %s is not a member of perfeval_agent, perfeval_manager, perfeval_hr or perfeval_leadership (H-9.2).', CURRENT_USER);
    END IF;
    IF r.state NOT IN ('draft', 'submitted') THEN
        RAISE EXCEPTION 'revision % is %: the consultation is closed', r.id, r.state
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Comment on a draft or submitted revision (perfeval.scheme_revision).';
    END IF;
    INSERT INTO perfeval.scheme_consultation AS c (revision_id, agent_id, comment)
    -- the agent the author is (a superuser, a member of every role, is none)
    VALUES (r.id, CASE WHEN NOT perfeval.is_superuser() THEN (SELECT min(o.id) FROM perfeval.own_agent_ids() AS o(id)) END, comment)
    RETURNING c.id INTO cid;
    RETURN cid;
END
$$;
COMMENT ON FUNCTION @extschema@.revision_comment(integer, text) IS
'consultation (H-9.2): an agent, manager, HR or leadership comments on a draft or submitted revision as the session''s role; returns the comment id';

-- revision_step(revision, step, to_state, note): one step of the flow
-- scheme: the step exists from the revision's state (require_flow_step,
-- 55000) and the session is of its actor kind (require_step_role, 42501).
CREATE FUNCTION @extschema@.revision_step(revision_id integer, step text, to_state text, note text)
RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    r perfeval.scheme_revision := perfeval.revision_lock(revision_id);
BEGIN
    PERFORM perfeval.require_internal('revision_step');
    PERFORM perfeval.require_flow_step('scheme', r.id, r.state, step, to_state);
    PERFORM perfeval.require_step_role('scheme revision ' || r.id, 'scheme', r.state, to_state, NULL, NULL);
    IF step = 'submit' THEN
        IF NOT EXISTS (SELECT FROM perfeval.scheme_item AS i WHERE i.scheme_version_id = r.scheme_version_id) THEN
            RAISE EXCEPTION 'the draft of revision % has no indicators', r.id
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      HINT = 'Add scheme_item rows whose weights total 10,000 basis points.';
        END IF;
        UPDATE perfeval.scheme_revision AS x SET state = to_state, submitted_by = CURRENT_USER, submitted_at = pg_catalog.now()
        WHERE x.id = r.id;
    ELSE
        UPDATE perfeval.scheme_revision AS x SET state = to_state, decided_by = CURRENT_USER, decided_at = pg_catalog.now(),
               decision_note = note
        WHERE x.id = r.id;
    END IF;
    INSERT INTO perfeval.scheme_revision_event (revision_id, step, from_state, to_state, note)
    VALUES (r.id, step, r.state, to_state, note);
    RETURN to_state;
END
$$;
COMMENT ON FUNCTION @extschema@.revision_step(integer, text, text, text) IS
'internal: takes one step of a scheme revision (flow scheme of flow_step): 55000 unless the step leads from its state, 42501 unless the session is of the step''s actor kind (H-9.1, H-9.2); returns the new state';

-- revision_submit(revision, note): HR submits a draft for approval (H-9.2).
CREATE FUNCTION @extschema@.revision_submit(revision_id integer)
RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$ BEGIN RETURN perfeval.revision_step(revision_id, 'submit', 'submitted', NULL); END $$;
COMMENT ON FUNCTION @extschema@.revision_submit(integer) IS
'HR submits a draft revision for leadership''s approval (H-9.2); its content is read-only from then on; returns the new state';

-- revision_withdraw(revision): HR withdraws a draft (H-9.2).
CREATE FUNCTION @extschema@.revision_withdraw(revision_id integer)
RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$ BEGIN RETURN perfeval.revision_step(revision_id, 'withdraw', 'withdrawn', NULL); END $$;
COMMENT ON FUNCTION @extschema@.revision_withdraw(integer) IS
'HR withdraws a draft revision (H-9.2); it stays on record and is never valid; returns the new state';

-- revision_return(revision, note): leadership returns a submitted revision
-- to draft for rework (H-9.1).
CREATE FUNCTION @extschema@.revision_return(revision_id integer, note text DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$ BEGIN RETURN perfeval.revision_step(revision_id, 'return', 'draft', note); END $$;
COMMENT ON FUNCTION @extschema@.revision_return(integer, text) IS
'leadership returns a submitted revision to draft for rework, with a note (H-9.1); returns the new state';

-- revision_approve(revision, approved, valid_from, note): leadership
-- approves a submitted revision (H-9.1): its version becomes valid from
-- valid_from, which must be the first day of a month (every period starts
-- on one) after today, so that no period that has started changes its
-- scheme (H-3.2.1: fixed before a cycle starts, never retroactive), and no
-- period from that day on may have results yet.  Refused: rejected, kept.
CREATE FUNCTION @extschema@.revision_approve(revision_id integer, approved boolean, valid_from date DEFAULT NULL,
                                             note text DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_variable
DECLARE
    r    perfeval.scheme_revision := perfeval.revision_lock(revision_id);
    st   text;
    busy integer;
BEGIN
    IF approved IS NULL THEN
        RAISE EXCEPTION 'approved must not be null' USING ERRCODE = 'null_value_not_allowed',
              HINT = 'Pass true to approve, false to reject.';
    END IF;
    IF NOT approved THEN
        RETURN perfeval.revision_step(r.id, 'approve', 'rejected', note);
    END IF;
    IF valid_from IS NULL THEN
        RAISE EXCEPTION 'approving a revision needs valid_from'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Pass the first day of the first period the revision applies to (H-3.2.1).';
    END IF;
    -- the step and who takes it first: a refused role learns nothing more
    st := perfeval.revision_step(r.id, 'approve', 'approved',
                                 concat_ws('; ', note, format('valid from %s', valid_from)));
    IF NOT isfinite(valid_from) OR valid_from <> date_trunc('month', valid_from)::date THEN
        RAISE EXCEPTION 'valid_from % is not the first day of a period', valid_from
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Periods start on the first day of a month: pass one (H-3.2.1).';
    END IF;
    IF valid_from <= CURRENT_DATE THEN
        RAISE EXCEPTION 'a revision cannot apply from %: that period has started', valid_from
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = format('Today is %s; targets, indicators and weights are fixed before a cycle starts, never retroactively (H-3.2.1).', CURRENT_DATE),
                  HINT = format('Pass the first day of a later month, e.g. %s.', (date_trunc('month', CURRENT_DATE) + interval '1 month')::date);
    END IF;
    SELECT p.id INTO busy FROM perfeval.period AS p
    WHERE p.starts_on >= valid_from AND EXISTS (SELECT FROM perfeval.result AS x WHERE x.period_id = p.id)
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'a revision cannot apply from %: period % from that day on already has results', valid_from, busy
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'Results keep the scheme they were evaluated under (H-3.2.1, H-3.2.7).',
                  HINT = 'Pass the first day of a period without results.';
    END IF;
    IF EXISTS (SELECT FROM perfeval.scheme_version AS v WHERE v.valid_from = revision_approve.valid_from) THEN
        RAISE EXCEPTION 'another scheme version is already valid from %', valid_from
            USING ERRCODE = 'unique_violation',
                  HINT = 'Pass another first day, or revise that version instead.';
    END IF;
    UPDATE perfeval.scheme_version AS v SET valid_from = revision_approve.valid_from WHERE v.id = r.scheme_version_id;
    RETURN st;
END
$$;
COMMENT ON FUNCTION @extschema@.revision_approve(integer, boolean, date, text) IS
'leadership approves (valid_from: the first day of a month after today, with no results from then on: 22023, 55000 otherwise; H-3.2.1) or rejects a submitted revision (H-9.1); the approved version is valid from then on and frozen; returns the new state';

-- ---------------------------------------------------------------------------
-- Row security, privileges, dump
-- ---------------------------------------------------------------------------
-- A revision and its problems are about the scheme, not a person: every
-- reader granted them sees them (H-9.2: open).  A comment is read by its
-- author, like the author's own rows (an agent's by its managers, HR and
-- leadership: visible_agent_ids) and by HR and leadership.
ALTER TABLE @extschema@.scheme_revision ENABLE ROW LEVEL SECURITY;
CREATE POLICY scheme_revision_read ON @extschema@.scheme_revision FOR SELECT USING (true);
CREATE POLICY scheme_revision_write ON @extschema@.scheme_revision FOR ALL
    USING ((SELECT @extschema@.is_hr()) OR (SELECT @extschema@.is_member_of('perfeval_leadership')))
    WITH CHECK ((SELECT @extschema@.is_hr()) OR (SELECT @extschema@.is_member_of('perfeval_leadership')));
COMMENT ON POLICY scheme_revision_read ON @extschema@.scheme_revision IS
'a revision is no one''s personal data and open to all who may read it (H-9.2: fair, impartial and open)';
COMMENT ON POLICY scheme_revision_write ON @extschema@.scheme_revision IS
'HR drafts and submits, leadership decides (H-9.1); through the revision_* functions only';

ALTER TABLE @extschema@.scheme_revision_problem ENABLE ROW LEVEL SECURITY;
CREATE POLICY scheme_revision_problem_read ON @extschema@.scheme_revision_problem FOR SELECT USING (true);
CREATE POLICY scheme_revision_problem_write ON @extschema@.scheme_revision_problem FOR ALL
    USING ((SELECT @extschema@.is_hr())) WITH CHECK ((SELECT @extschema@.is_hr()));
COMMENT ON POLICY scheme_revision_problem_read ON @extschema@.scheme_revision_problem IS
'the problems behind a revision are open to all who may read them (H-9.2)';
COMMENT ON POLICY scheme_revision_problem_write ON @extschema@.scheme_revision_problem IS
'HR records them (revision_problem)';

ALTER TABLE @extschema@.scheme_consultation ENABLE ROW LEVEL SECURITY;
CREATE POLICY scheme_consultation_read ON @extschema@.scheme_consultation FOR SELECT
    USING (agent_id IN (SELECT @extschema@.visible_agent_ids())
           OR (agent_id IS NULL AND (author OPERATOR(pg_catalog.=) CURRENT_USER
                                     OR (SELECT @extschema@.is_hr())
                                     OR (SELECT @extschema@.is_member_of('perfeval_leadership')))));
CREATE POLICY scheme_consultation_write ON @extschema@.scheme_consultation FOR INSERT
    WITH CHECK (author OPERATOR(pg_catalog.=) CURRENT_USER);
COMMENT ON POLICY scheme_consultation_read ON @extschema@.scheme_consultation IS
'an agent''s comment is read like its rows (itself, its managers, HR, leadership, the service); another''s by its author, HR and leadership (H-9.2)';
COMMENT ON POLICY scheme_consultation_write ON @extschema@.scheme_consultation IS
'a comment is written as the session''s role (revision_comment)';

ALTER TABLE @extschema@.scheme_revision_event ENABLE ROW LEVEL SECURITY;
CREATE POLICY scheme_revision_event_read ON @extschema@.scheme_revision_event FOR SELECT USING (true);
CREATE POLICY scheme_revision_event_write ON @extschema@.scheme_revision_event FOR INSERT
    WITH CHECK (actor OPERATOR(pg_catalog.=) CURRENT_USER OR (SELECT @extschema@.is_superuser()));
COMMENT ON POLICY scheme_revision_event_read ON @extschema@.scheme_revision_event IS
'the steps of a revision are open to all who may read them (H-9.2)';
COMMENT ON POLICY scheme_revision_event_write ON @extschema@.scheme_revision_event IS
'a step is logged as the session''s role (revision_draft, revision_step)';

GRANT SELECT ON @extschema@.scheme_revision, @extschema@.scheme_revision_problem, @extschema@.scheme_revision_evidence,
                @extschema@.scheme_revision_event
    TO perfeval_agent, perfeval_manager, perfeval_hr, perfeval_leadership, perfeval_analyst, perfeval_service;
GRANT SELECT ON @extschema@.scheme_consultation
    TO perfeval_agent, perfeval_manager, perfeval_hr, perfeval_leadership, perfeval_service;
GRANT INSERT ON @extschema@.scheme_consultation TO perfeval_agent, perfeval_manager, perfeval_hr, perfeval_leadership;
GRANT INSERT, UPDATE ON @extschema@.scheme_revision TO perfeval_hr, perfeval_leadership;
GRANT INSERT ON @extschema@.scheme_revision_problem TO perfeval_hr;
GRANT INSERT ON @extschema@.scheme_revision_event TO perfeval_hr, perfeval_leadership;
-- leadership sets valid_from of the approved draft (revision_approve runs as the caller)
GRANT UPDATE (valid_from) ON @extschema@.scheme_version TO perfeval_leadership;
GRANT USAGE ON SEQUENCE @extschema@.scheme_revision_id_seq, @extschema@.scheme_revision_problem_id_seq,
                        @extschema@.scheme_consultation_id_seq, @extschema@.scheme_revision_event_id_seq
    TO perfeval_agent, perfeval_manager, perfeval_hr, perfeval_leadership, perfeval_service;

CREATE TRIGGER _direct_write_guard BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.scheme_revision
    FOR EACH ROW EXECUTE FUNCTION @extschema@.direct_write_guard();
CREATE TRIGGER _direct_write_guard BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.scheme_revision_problem
    FOR EACH ROW EXECUTE FUNCTION @extschema@.direct_write_guard();
CREATE TRIGGER _direct_write_guard BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.scheme_consultation
    FOR EACH ROW EXECUTE FUNCTION @extschema@.direct_write_guard();
CREATE TRIGGER _direct_write_guard BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.scheme_revision_event
    FOR EACH ROW EXECUTE FUNCTION @extschema@.direct_write_guard();
COMMENT ON TRIGGER _direct_write_guard ON @extschema@.scheme_revision_event IS 'direct writes refused (42501): the log is written by the revision steps only';
COMMENT ON TRIGGER _direct_write_guard ON @extschema@.scheme_revision IS 'direct writes refused (42501): revisions change through their step functions only';
COMMENT ON TRIGGER _direct_write_guard ON @extschema@.scheme_revision_problem IS 'direct writes refused (42501): problems are recorded by revision_problem only';
COMMENT ON TRIGGER _direct_write_guard ON @extschema@.scheme_consultation IS 'direct writes refused (42501): comments are made by revision_comment only';

SELECT pg_catalog.pg_extension_config_dump('perfeval.scheme_revision', '');
SELECT pg_catalog.pg_extension_config_dump('perfeval.scheme_revision_problem', '');
SELECT pg_catalog.pg_extension_config_dump('perfeval.scheme_consultation', '');
SELECT pg_catalog.pg_extension_config_dump('perfeval.scheme_revision_event', '');
SELECT pg_catalog.pg_extension_config_dump('perfeval.scheme_revision_event_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('perfeval.scheme_revision_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('perfeval.scheme_revision_problem_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('perfeval.scheme_consultation_id_seq', '');
