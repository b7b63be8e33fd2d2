/* src/sql/63_appeal_views.sql — appeal views: open appeals, overdue steps, archive, statistics (H-8.3.1, H-8.3.3, H-8.3.4) */

-- appeal_workdays(from, to, calendar): the working days after from's local
-- date up to and including to's local date in the calendar's time zone
-- (negative when to is earlier; NULL when a day is outside the calendar's
-- data, so that a view never fails for want of next year's notice).
CREATE FUNCTION @extschema@.appeal_workdays(from_at timestamptz, to_at timestamptz, calendar text DEFAULT 'cn')
RETURNS integer
LANGUAGE plpgsql
STABLE STRICT
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    tz text;
    d1 date;
    d2 date;
BEGIN
    SELECT c.time_zone INTO tz FROM perfeval.calendar AS c WHERE c.name = appeal_workdays.calendar;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'calendar "%" does not exist', appeal_workdays.calendar
            USING ERRCODE = 'undefined_object', HINT = 'Calendars are listed in perfeval.calendar.';
    END IF;
    IF NOT isfinite(from_at) OR NOT isfinite(to_at) THEN
        RETURN NULL;
    END IF;
    d1 := (from_at AT TIME ZONE tz)::date;
    d2 := (to_at AT TIME ZONE tz)::date;
    IF d1 = d2 THEN
        RETURN 0;
    ELSIF d1 < d2 THEN
        RETURN perfeval.networkdays(d1 + 1, d2, appeal_workdays.calendar);
    ELSE
        RETURN -perfeval.networkdays(d2 + 1, d1, appeal_workdays.calendar);
    END IF;
EXCEPTION
    WHEN datetime_field_overflow THEN
        RETURN NULL;
END
$$;
COMMENT ON FUNCTION @extschema@.appeal_workdays(timestamptz, timestamptz, text) IS
'working days after from_at''s local date up to and including to_at''s (negative when to_at is earlier), on the calendar in its time zone; NULL outside the calendar''s data';

-- appeal_days_left(due, calendar, at): the working days left before a
-- deadline as seen at at: the working days from at's local date to the last
-- allowed day, both counted (0 or less when late).
CREATE FUNCTION @extschema@.appeal_days_left(due_at timestamptz, calendar text DEFAULT 'cn', at timestamptz DEFAULT pg_catalog.now())
RETURNS integer
LANGUAGE plpgsql
STABLE STRICT
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    tz    text;
    today date;
    last  date;
BEGIN
    SELECT c.time_zone INTO tz FROM perfeval.calendar AS c WHERE c.name = appeal_days_left.calendar;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'calendar "%" does not exist', appeal_days_left.calendar
            USING ERRCODE = 'undefined_object', HINT = 'Calendars are listed in perfeval.calendar.';
    END IF;
    IF NOT isfinite(due_at) OR NOT isfinite(at) THEN
        RETURN NULL;
    END IF;
    today := (at AT TIME ZONE tz)::date;
    last := (due_at AT TIME ZONE tz)::date - 1;      -- due_at is the local midnight after the last day
    IF today <= last THEN
        RETURN perfeval.networkdays(today, last, appeal_days_left.calendar);
    END IF;
    RETURN -perfeval.networkdays(last + 1, today, appeal_days_left.calendar);
EXCEPTION
    WHEN datetime_field_overflow THEN
        RETURN NULL;
END
$$;
COMMENT ON FUNCTION @extschema@.appeal_days_left(timestamptz, text, timestamptz) IS
'working days left before a deadline: from at''s local date to the last allowed day, both counted (perfeval.networkdays); when late, minus the working days since; NULL outside the calendar''s data';

CREATE VIEW @extschema@.appeal_open WITH (security_invoker = true) AS
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
WHERE NOT s.terminal;
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

CREATE VIEW @extschema@.appeal_overdue WITH (security_invoker = true) AS
SELECT d.appeal_id, a.path, a.appellant_id, g.employee_no, a.team_id, d.step, d.rule_id, d.working_days,
       d.starts_at, d.due_at, d.done_at, d.done_action,
       d.done_at IS NULL AS still_open,
       @extschema@.appeal_workdays(d.due_at OPERATOR(pg_catalog.-) interval '1 day', coalesce(d.done_at, pg_catalog.now()), d.calendar) AS working_days_late
FROM @extschema@.appeal_deadline AS d
JOIN @extschema@.appeal AS a ON a.id OPERATOR(pg_catalog.=) d.appeal_id
JOIN @extschema@.agent AS g ON g.id OPERATOR(pg_catalog.=) a.appellant_id
WHERE (d.done_at IS NULL AND d.due_at OPERATOR(pg_catalog.<=) pg_catalog.now())
   OR (d.done_at OPERATOR(pg_catalog.>=) d.due_at AND d.done_action IS DISTINCT FROM 'conclude');   -- concluding waits for the re-appeal window
COMMENT ON VIEW @extschema@.appeal_overdue IS
'appeal steps past their deadline: still open (still_open) or taken late, with the working days late (H-8.3.1: HR follows up and reports progress)';
COMMENT ON COLUMN @extschema@.appeal_overdue.appeal_id IS 'the appeal (appeal.id)';
COMMENT ON COLUMN @extschema@.appeal_overdue.path IS 'result (an appeal against an evaluation result, H-8) or decision (against a reward or penalty, H-6.3.3)';
COMMENT ON COLUMN @extschema@.appeal_overdue.appellant_id IS 'the agent appealing (agent.id)';
COMMENT ON COLUMN @extschema@.appeal_overdue.employee_no IS 'the agent''s employee number (agent.employee_no)';
COMMENT ON COLUMN @extschema@.appeal_overdue.team_id IS 'the appellant''s team when filing (the handler''s scope and the statistics'' team)';
COMMENT ON COLUMN @extschema@.appeal_overdue.step IS 'the step that must be taken by due_at';
COMMENT ON COLUMN @extschema@.appeal_overdue.rule_id IS 'the handbook rule of the time limit (H-...)';
COMMENT ON COLUMN @extschema@.appeal_overdue.working_days IS 'the working days allowed';
COMMENT ON COLUMN @extschema@.appeal_overdue.starts_at IS 'the instant the working days are counted from';
COMMENT ON COLUMN @extschema@.appeal_overdue.due_at IS 'the first late instant (perfeval.deadline)';
COMMENT ON COLUMN @extschema@.appeal_overdue.done_at IS 'when the step was taken, NULL while open';
COMMENT ON COLUMN @extschema@.appeal_overdue.done_action IS 'the step that met the deadline';
COMMENT ON COLUMN @extschema@.appeal_overdue.still_open IS 'true when the step has not been taken yet';
COMMENT ON COLUMN @extschema@.appeal_overdue.working_days_late IS 'working days from the deadline to the step (or to now while still open)';

CREATE VIEW @extschema@.appeal_archive WITH (security_invoker = true) AS
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
WHERE a.state IN ('closed', 'withdrawn');
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

CREATE VIEW @extschema@.appeal_statistics WITH (security_invoker = true) AS
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
GROUP BY a.period_id, p.kind, p.starts_on, a.team_id, t.name, a.path, coalesce(a.outcome, 'open');
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
