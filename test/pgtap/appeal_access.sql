-- pgTAP: row-level security of appeals and their events: the appellant
-- (agent.role_name) sees their own, a team manager (team.manager_role) the
-- team's, HR (members of perfeval_hr) all; steps by a handler are logged.
BEGIN;
CREATE EXTENSION IF NOT EXISTS perfeval;
\ir ../fixture/appeal_org.sql
SELECT plan(15);

DO $$
DECLARE r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['pe_t_agent1', 'pe_t_agent3', 'pe_t_agent4', 'pe_t_agent5', 'pe_t_mgr1', 'pe_t_hr', 'perfeval_hr'] LOOP
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r) THEN
            EXECUTE format('CREATE ROLE %I', r);
        END IF;
    END LOOP;
END $$;
GRANT perfeval_hr TO pe_t_hr;
GRANT perfeval_agent TO pe_t_agent1, pe_t_agent3, pe_t_agent4, pe_t_agent5;
GRANT perfeval_manager TO pe_t_mgr1;
GRANT USAGE ON SCHEMA perfeval TO pe_t_agent1, pe_t_agent3, pe_t_agent4, pe_t_agent5, pe_t_mgr1, pe_t_hr;
GRANT SELECT ON ALL TABLES IN SCHEMA perfeval TO pe_t_agent1, pe_t_agent3, pe_t_agent4, pe_t_agent5, pe_t_mgr1, pe_t_hr;
GRANT INSERT, UPDATE ON perfeval.appeal TO pe_t_agent1, pe_t_agent3, pe_t_agent4, pe_t_agent5, pe_t_mgr1, pe_t_hr;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA perfeval TO pe_t_agent1, pe_t_agent3, pe_t_agent4, pe_t_agent5, pe_t_mgr1, pe_t_hr;

SELECT perfeval.file_result_appeal(pg_temp.res('E1'), 'teamwork rating', at => '2025-09-30 09:00+08') AS a1 \gset
SELECT perfeval.file_result_appeal(pg_temp.res('E5'), 'CSAT', at => '2025-09-30 09:00+08') AS a5 \gset
SELECT perfeval.penalty_propose(pg_temp.ag('E3'), 'verbal_warning', 'late', effective_from => '2025-09-29', at => '2025-09-29 09:00+08') AS p3 \gset
SELECT perfeval.penalty_approve(:p3, true, at => '2025-09-29 10:00+08') AS x \gset
SELECT perfeval.penalty_announce(:p3, at => '2025-09-29 11:00+08') AS x \gset
SELECT perfeval.file_penalty_appeal(:p3, 'not late', at => '2025-09-30 09:00+08') AS a3 \gset

-- look up ids before SET ROLE: row-level security on result hides other agents' rows
SELECT pg_temp.res('E4') AS r4 \gset
SET ROLE pe_t_agent1;
SELECT string_agg(appellant_id::text, ',' ORDER BY id) AS seen_agent1, count(*) AS n_agent1 FROM perfeval.appeal \gset
SELECT count(*) AS ev_agent1 FROM perfeval.appeal_event \gset
SELECT pg_temp.err(format('SELECT perfeval.appeal_withdraw(%s)', :a5)) AS other_agent1 \gset
SELECT pg_temp.err(format($$SELECT perfeval.file_result_appeal(%s, 'on behalf', at => '2025-09-30 10:00+08')$$, :r4)) AS behalf \gset
SET ROLE pe_t_agent4;
SELECT pg_temp.err(format($$SELECT perfeval.file_result_appeal(%s, 'my own', at => '2025-09-30 10:00+08')$$, :r4)) AS own4 \gset
SET ROLE pe_t_mgr1;
SELECT count(*) AS n_mgr1 FROM perfeval.appeal \gset
SELECT pg_temp.err(format($$SELECT perfeval.appeal_acknowledge(%s, at => '2025-10-09 10:00+08')$$, :a1)) AS ack_mgr1 \gset
SELECT pg_temp.err(format($$SELECT perfeval.appeal_acknowledge(%s, actor => 'hr_wang', at => '2025-10-09 10:00+08')$$, :a1)) AS forged_mgr1 \gset
SET ROLE pe_t_agent3;
SELECT count(*) AS n_agent3 FROM perfeval.appeal \gset
SET ROLE pe_t_hr;
SELECT perfeval.appeal_acknowledge(:a1, at => '2025-10-09 10:00+08') AS ack_hr \gset
SELECT count(*) AS n_hr FROM perfeval.appeal \gset
SELECT count(*) AS ev_hr FROM perfeval.appeal_event \gset
SET ROLE pe_t_agent5;
SELECT count(*) AS n_agent5 FROM perfeval.appeal_open \gset
SET ROLE pe_t_agent1;
SELECT count(*) AS ev_agent1_after FROM perfeval.appeal_event \gset
RESET ROLE;

SELECT is(:'seen_agent1'::text, pg_temp.ag('E1')::text, 'an appellant sees only their own appeal');
SELECT is(:ev_agent1::int, 1, '... and only its events');
SELECT is(:'other_agent1'::text, '42704 Appeals you may see are in perfeval.appeal.', 'an agent cannot act on someone else''s appeal (it is invisible)');
-- row-level security on result (48_access.sql) hides the other agent's
-- result from an agent, so the filing stops at the lookup (42704) before
-- the appeal's own INSERT policy would refuse it (42501)
SELECT is(:'behalf'::text, '42704 Pass the id of a row of perfeval.result.',
          'an agent cannot file an appeal for another agent (row-level security hides their result: 42704)');
SELECT is(:'own4'::text, 'no error', 'an agent files their own appeal');
SELECT is(:n_mgr1::int, 3, 'the manager of team T1 sees the appeals of its agents E1, E3 and E4');
SELECT is(:'ack_mgr1'::text, '42501 perfeval.appeal_flow and perfeval.decision_step name who takes each step.',
          'H-8.1.3: the team manager cannot acknowledge a result appeal (HR''s step): 42501');
SELECT is(:'forged_mgr1'::text, '42501 perfeval.appeal_flow and perfeval.decision_step name who takes each step.',
          'naming an HR actor (actor => ''hr_wang'') does not make the manager HR: 42501');
SELECT is(:'ack_hr'::text, 'acknowledged', 'HR acknowledges the appeal (H-8.1.3)');
SELECT is(:n_agent3::int, 1, 'the appellant of a penalty appeal sees it');
SELECT is(:n_hr::int, 4, 'HR (a member of perfeval_hr) sees all appeals');
SELECT is(:ev_hr::int, 5, 'HR sees all events');
SELECT is(:n_agent5::int, 1, 'the views run with the caller''s rights (security_invoker): an appellant sees their own open appeal');
SELECT is(:ev_agent1_after::int, 2, 'the handler''s step is logged and visible to the appellant');
SELECT is((SELECT actor FROM perfeval.appeal_event WHERE appeal_id = :a1 ORDER BY id DESC LIMIT 1), 'pe_t_hr'::name,
          'the event records the session''s role as the actor');

SELECT * FROM finish();
ROLLBACK;
