/* src/sql/64_deadline_notice.sql — stored deadlines on projected calendar days: which relied on the projection, and their recomputation when the official notice is loaded (H-6.3.3, H-8.1.3, H-8.2.2, H-8.2.4, H-8.2.5, H-8.3.2) */

-- Every stored deadline of an appeal records whether its working days
-- reach past the official data of its calendar (a projection).
ALTER TABLE @extschema@.appeal_deadline ADD COLUMN projected boolean NOT NULL;
COMMENT ON COLUMN @extschema@.appeal_deadline.projected IS
'true if due_at relies on projected calendar days (perfeval.deadline_projected): it is recomputed when the official notice is loaded';

-- appeal_deadline_projected: BEFORE INSERT on appeal_deadline.  A row
-- written by a workflow step gets its projected flag computed; a restored
-- row (pg_dump) keeps the one it had.
CREATE FUNCTION @extschema@.appeal_deadline_projected()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NEW.projected IS NULL THEN
        NEW.projected := perfeval.deadline_projected(NEW.starts_at, NEW.working_days, NEW.calendar);
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION @extschema@.appeal_deadline_projected() IS
'trigger: sets appeal_deadline.projected of a new deadline (whether it relies on projected calendar days)';
CREATE TRIGGER appeal_deadline_projected BEFORE INSERT ON @extschema@.appeal_deadline
    FOR EACH ROW EXECUTE FUNCTION @extschema@.appeal_deadline_projected();
COMMENT ON TRIGGER appeal_deadline_projected ON @extschema@.appeal_deadline IS
'records whether a new deadline relies on projected calendar days';

CREATE TABLE @extschema@.deadline_move (
    id           serial PRIMARY KEY,
    appeal_id    integer NOT NULL REFERENCES @extschema@.appeal (id),
    deadline_id  integer NOT NULL REFERENCES @extschema@.appeal_deadline (id),
    step         text NOT NULL,
    old_due_at   timestamptz NOT NULL,
    new_due_at   timestamptz NOT NULL,
    reason       text NOT NULL,
    moved_at     timestamptz NOT NULL DEFAULT pg_catalog.clock_timestamp(),
    moved_by     name NOT NULL DEFAULT SESSION_USER
);
CREATE INDEX deadline_move_appeal_id_idx ON @extschema@.deadline_move (appeal_id);
CREATE INDEX deadline_move_deadline_id_idx ON @extschema@.deadline_move (deadline_id);
COMMENT ON TABLE @extschema@.deadline_move IS
'every move of a stored appeal deadline after a calendar change (the official notice replacing projected days): old and new first late instant and why';
COMMENT ON COLUMN @extschema@.deadline_move.appeal_id IS 'the appeal';
COMMENT ON COLUMN @extschema@.deadline_move.deadline_id IS 'the moved row of appeal_deadline';
COMMENT ON COLUMN @extschema@.deadline_move.step IS 'the step whose deadline moved (the state to be left)';
COMMENT ON COLUMN @extschema@.deadline_move.old_due_at IS 'the first late instant before the move';
COMMENT ON COLUMN @extschema@.deadline_move.new_due_at IS 'the first late instant after the move';
COMMENT ON COLUMN @extschema@.deadline_move.reason IS 'why it moved, e.g. official notice 2027 of calendar cn loaded';
COMMENT ON COLUMN @extschema@.deadline_move.moved_at IS 'when it moved';
COMMENT ON COLUMN @extschema@.deadline_move.moved_by IS 'the session user whose change moved it (who loaded the notice)';
COMMENT ON COLUMN @extschema@.deadline_move.id IS 'surrogate key of the move';

ALTER TABLE @extschema@.deadline_move ENABLE ROW LEVEL SECURITY;
CREATE POLICY deadline_move_read ON @extschema@.deadline_move FOR SELECT
    USING (EXISTS (SELECT FROM @extschema@.appeal AS a WHERE a.id OPERATOR(pg_catalog.=) appeal_id));
COMMENT ON POLICY deadline_move_read ON @extschema@.deadline_move IS
'the deadline moves of the appeals the user may see (appeal_access)';
SELECT pg_catalog.pg_extension_config_dump('perfeval.deadline_move', '');
SELECT pg_catalog.pg_extension_config_dump('perfeval.deadline_move_id_seq', '');

-- recompute_deadlines(calendar, reason): recomputes every open stored
-- deadline (not yet met) on the calendar from its start and working days,
-- after a change of the calendar's days; each deadline that moves is
-- updated in appeal_deadline and in its appeal's due_at, and the move is
-- kept in deadline_move and as a move_deadline event of the appeal's
-- history.  Met deadlines keep the instant they were judged by.  Returns
-- the number of deadlines moved.  Called by the calendar_notice trigger.
CREATE FUNCTION @extschema@.recompute_deadlines(calendar text, reason text)
RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    d record;
    new_due timestamptz;
    moved integer := 0;
BEGIN
    IF calendar IS NULL OR reason IS NULL OR btrim(reason) = '' THEN
        RAISE EXCEPTION 'calendar and reason must be given'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Name the calendar and say why its deadlines are recomputed.';
    END IF;
    FOR d IN SELECT x.id, x.appeal_id, x.step, x.starts_at, x.working_days, x.due_at, x.projected,
                    a.state, a.due_at AS appeal_due_at
             FROM perfeval.appeal_deadline AS x JOIN perfeval.appeal AS a ON a.id = x.appeal_id
             WHERE x.calendar = recompute_deadlines.calendar AND x.done_at IS NULL
             ORDER BY x.id
             FOR UPDATE OF x, a
    LOOP
        new_due := perfeval.deadline(d.starts_at, d.working_days, recompute_deadlines.calendar);
        UPDATE perfeval.appeal_deadline AS x
           SET due_at = new_due,
               projected = perfeval.deadline_projected(d.starts_at, d.working_days, recompute_deadlines.calendar)
         WHERE x.id = d.id;
        CONTINUE WHEN new_due = d.due_at;
        IF d.appeal_due_at = d.due_at THEN
            PERFORM set_config('perfeval.deadline_move', 'on', true);
            UPDATE perfeval.appeal AS a SET due_at = new_due WHERE a.id = d.appeal_id;
            PERFORM set_config('perfeval.deadline_move', 'off', true);
        END IF;
        INSERT INTO perfeval.deadline_move (appeal_id, deadline_id, step, old_due_at, new_due_at, reason)
        VALUES (d.appeal_id, d.id, d.step, d.due_at, new_due, reason);
        INSERT INTO perfeval.appeal_event (appeal_id, from_state, to_state, action, actor, at, note, due_at)
        VALUES (d.appeal_id, d.state, d.state, 'move_deadline', SESSION_USER, now(),
                format('the deadline of %s moved from %s to %s: %s', d.step, d.due_at, new_due, reason),
                new_due);
        moved := moved + 1;
    END LOOP;
    RETURN moved;
END
$$;
REVOKE EXECUTE ON FUNCTION @extschema@.recompute_deadlines(text, text) FROM PUBLIC;
COMMENT ON FUNCTION @extschema@.recompute_deadlines(text, text) IS
'recomputes every open stored appeal deadline on the calendar after its days changed (run by the calendar_notice trigger; callable by the owner after a manual change), moving due_at and logging each move in deadline_move and appeal_event; returns how many moved';

-- Privileges (the roles of 48_access.sql, H-9.1): the moves are read like
-- the appeal deadlines they belong to; they are written by
-- recompute_deadlines only (direct writes refused, 42501).  HR loads the
-- official notices (calendars are everyone's reference data).
GRANT SELECT ON @extschema@.deadline_move
    TO perfeval_agent, perfeval_manager, perfeval_hr, perfeval_leadership, perfeval_service;
CREATE TRIGGER _direct_write_guard BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.deadline_move
    FOR EACH ROW EXECUTE FUNCTION @extschema@.direct_write_guard();
COMMENT ON TRIGGER _direct_write_guard ON @extschema@.deadline_move IS
'direct writes refused (42501): deadline moves are logged by recompute_deadlines only';
GRANT INSERT ON @extschema@.calendar_notice TO perfeval_hr;
GRANT EXECUTE ON FUNCTION @extschema@.recompute_deadlines(text, text) TO perfeval_hr;
