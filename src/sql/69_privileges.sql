/* src/sql/69_privileges.sql — what each shipped role may touch (H-9.1; issue 9) */

-- The roles are made in 48_access.sql (when absent).  Grants are the coarse
-- gate; row-level security (48_access.sql and the policies beside each
-- table) decides the rows, and the workflow functions decide the steps,
-- whatever more a DBA grants.  PUBLIC gets nothing here: without USAGE on
-- the schema it reaches none of these objects (the calendars' SELECT to
-- PUBLIC and the state machines' are harmless reference data).

GRANT USAGE ON SCHEMA @extschema@
    TO perfeval_agent, perfeval_manager, perfeval_hr, perfeval_leadership, perfeval_analyst, perfeval_service;

-- Reference data: no person in it (the organisation chart names teams and
-- their managers' roles; the agent directory is below).
GRANT SELECT ON @extschema@.calendar, @extschema@.calendar_day, @extschema@.department, @extschema@.team,
                @extschema@.period, @extschema@.indicator, @extschema@.scheme_version, @extschema@.scheme_item,
                @extschema@.scheme_validity, @extschema@.bonus_rule, @extschema@.consequence_rule,
                @extschema@.appeal_policy, @extschema@.appeal_state, @extschema@.appeal_flow,
                @extschema@.flow_state, @extschema@.flow_step
    TO perfeval_agent, perfeval_manager, perfeval_hr, perfeval_leadership, perfeval_analyst, perfeval_service;

-- The agent directory (names, teams, login mapping): everyone but the analyst.
GRANT SELECT ON @extschema@.agent TO perfeval_agent, perfeval_manager, perfeval_hr, perfeval_leadership, perfeval_service;

-- A person's data: readable by the roles that work with people; row-level
-- security (or security_invoker on the views) picks the rows.
GRANT SELECT ON @extschema@.measurement, @extschema@.layer_score, @extschema@.result, @extschema@.result_indicator,
                @extschema@.improvement_plan, @extschema@.improvement_target, @extschema@.improvement_measure,
                @extschema@.reward, @extschema@.penalty, @extschema@.bonus_pool, @extschema@.bonus_allocation,
                @extschema@.result_feedback, @extschema@.appeal, @extschema@.appeal_event, @extschema@.appeal_deadline,
                @extschema@.result_current, @extschema@.bonus_eligibility, @extschema@.training_needs,
                @extschema@.consequence_candidate, @extschema@.promotion_candidates, @extschema@.care_list,
                @extschema@.bottom_elimination, @extschema@.improvement_progress, @extschema@.bi_result,
                @extschema@.bi_grade_distribution, @extschema@.personal_file, @extschema@.appeal_open,
                @extschema@.appeal_overdue, @extschema@.appeal_archive, @extschema@.appeal_statistics
    TO perfeval_agent, perfeval_manager, perfeval_hr, perfeval_leadership, perfeval_service;
-- Raw input and its quality: the people who enter and clean data (H-4.3).
GRANT SELECT ON @extschema@.measurement_quarantine, @extschema@.data_quality, @extschema@.quarantine_unplaced
    TO perfeval_manager, perfeval_hr, perfeval_leadership, perfeval_service;

-- Writing.  Data entry (H-3.2.2, H-4): managers for their teams, HR, the
-- service backend; an agent only its self evaluation (H-3.2.3).
GRANT INSERT, UPDATE, DELETE ON @extschema@.measurement TO perfeval_manager, perfeval_hr, perfeval_service;
GRANT INSERT, UPDATE ON @extschema@.measurement_quarantine TO perfeval_manager, perfeval_hr, perfeval_service;
GRANT INSERT, UPDATE, DELETE ON @extschema@.layer_score TO perfeval_agent, perfeval_manager, perfeval_hr;
GRANT INSERT ON @extschema@.period TO perfeval_manager, perfeval_hr, perfeval_service;   -- period_of makes a period
-- Evaluation, approval and results are HR's (H-3.2.7); evaluate and approve lock the period row.
GRANT UPDATE ON @extschema@.period TO perfeval_hr;
GRANT INSERT, UPDATE, DELETE ON @extschema@.result TO perfeval_hr;   -- with its indicator arrays (result_indicator is their view)
-- Improvement plans (H-7.2): the agent's manager and HR.
GRANT INSERT, UPDATE, DELETE ON @extschema@.improvement_plan, @extschema@.improvement_target,
                                @extschema@.improvement_measure TO perfeval_manager, perfeval_hr;
-- Workflow tables: written through the step functions only (their guards
-- refuse a direct write by anyone but a superuser); the privileges let the
-- step functions, which run as the caller, write.
GRANT INSERT, UPDATE ON @extschema@.reward, @extschema@.penalty TO perfeval_manager, perfeval_hr, perfeval_leadership;
GRANT INSERT ON @extschema@.bonus_pool, @extschema@.bonus_allocation TO perfeval_hr;
GRANT INSERT ON @extschema@.result_feedback TO perfeval_manager, perfeval_hr;
GRANT INSERT, UPDATE ON @extschema@.appeal TO perfeval_agent, perfeval_manager, perfeval_hr, perfeval_leadership;
-- Organisation, scheme and settings: HR administers them (H-9.1 middle management).
GRANT INSERT, UPDATE ON @extschema@.department, @extschema@.team, @extschema@.agent, @extschema@.indicator,
                        @extschema@.scheme_version, @extschema@.scheme_item, @extschema@.bonus_rule,
                        @extschema@.consequence_rule, @extschema@.appeal_policy TO perfeval_hr;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA @extschema@
    TO perfeval_agent, perfeval_manager, perfeval_hr, perfeval_leadership, perfeval_service;

-- SECURITY DEFINER functions run only for the roles whose steps call them.
REVOKE EXECUTE ON FUNCTION @extschema@.appeal_record_filing(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.appeal_record_filing(integer)
    TO perfeval_agent, perfeval_manager, perfeval_hr, perfeval_leadership;
REVOKE EXECUTE ON FUNCTION @extschema@.appeal_log() FROM PUBLIC;

-- The workflow tables refuse direct writes (42501) but from the extension's
-- functions and superusers, whatever a DBA grants (59_flow.sql).  The name
-- sorts first, so this guard runs before the state machines' own.
CREATE TRIGGER _direct_write_guard BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.appeal
    FOR EACH ROW EXECUTE FUNCTION @extschema@.direct_write_guard();
CREATE TRIGGER _direct_write_guard BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.appeal_event
    FOR EACH ROW EXECUTE FUNCTION @extschema@.direct_write_guard();
CREATE TRIGGER _direct_write_guard BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.appeal_deadline
    FOR EACH ROW EXECUTE FUNCTION @extschema@.direct_write_guard();
CREATE TRIGGER _direct_write_guard BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.reward
    FOR EACH ROW EXECUTE FUNCTION @extschema@.direct_write_guard();
CREATE TRIGGER _direct_write_guard BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.penalty
    FOR EACH ROW EXECUTE FUNCTION @extschema@.direct_write_guard();
CREATE TRIGGER _direct_write_guard BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.bonus_pool
    FOR EACH ROW EXECUTE FUNCTION @extschema@.direct_write_guard();
CREATE TRIGGER _direct_write_guard BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.bonus_allocation
    FOR EACH ROW EXECUTE FUNCTION @extschema@.direct_write_guard();
CREATE TRIGGER _direct_write_guard BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.result_feedback
    FOR EACH ROW EXECUTE FUNCTION @extschema@.direct_write_guard();
COMMENT ON TRIGGER _direct_write_guard ON @extschema@.appeal IS 'direct writes refused (42501): appeals change through their step functions only';
COMMENT ON TRIGGER _direct_write_guard ON @extschema@.appeal_event IS 'direct writes refused (42501): the log is written by the appeal steps only';
COMMENT ON TRIGGER _direct_write_guard ON @extschema@.appeal_deadline IS 'direct writes refused (42501): deadlines are kept by the appeal steps only';
COMMENT ON TRIGGER _direct_write_guard ON @extschema@.reward IS 'direct writes refused (42501): rewards change through their step functions only';
COMMENT ON TRIGGER _direct_write_guard ON @extschema@.penalty IS 'direct writes refused (42501): penalties change through their step functions only';
COMMENT ON TRIGGER _direct_write_guard ON @extschema@.bonus_pool IS 'direct writes refused (42501): pools are made by allocate_bonus_pool only';
COMMENT ON TRIGGER _direct_write_guard ON @extschema@.bonus_allocation IS 'direct writes refused (42501): allocations are made by allocate_bonus_pool only';
COMMENT ON TRIGGER _direct_write_guard ON @extschema@.result_feedback IS 'direct writes refused (42501): feedback is recorded by record_feedback only';
GRANT SELECT ON @extschema@.decision_step, @extschema@.workflow_step, @extschema@.bi_department_grades
    TO perfeval_agent, perfeval_manager, perfeval_hr, perfeval_leadership, perfeval_analyst, perfeval_service;
