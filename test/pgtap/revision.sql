-- pgTAP: scheme revisions as a workflow (issue 15): a draft is valid for no
-- period (H-3.2.1), HR drafts and submits, staff and managers comment
-- (H-9.2), leadership approves (H-9.1) from a period that has not started
-- (H-3.2.1), and what was submitted or approved is read-only (H-1.2.3).
BEGIN;
CREATE EXTENSION IF NOT EXISTS perfeval;
\ir ../fixture/appeal_org.sql
SELECT plan(45);
\ir ../fixture/access_roles.sql

-- as_role(role, sql): 'ok' or the SQLSTATE, run as role in a subtransaction
CREATE FUNCTION pg_temp.as_role(r name, q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('SET LOCAL ROLE %I', r);
    EXECUTE q;
    RESET ROLE;
    RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
    RESET ROLE;
    RETURN SQLSTATE;
END $$;
-- val(role, sql): the text of the value sql returns as role
CREATE FUNCTION pg_temp.val(r name, q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE v text;
BEGIN
    EXECUTE format('SET LOCAL ROLE %I', r);
    EXECUTE q INTO v;
    RESET ROLE;
    RETURN v;
EXCEPTION WHEN OTHERS THEN
    RESET ROLE;
    RETURN 'ERROR ' || SQLSTATE;
END $$;
GRANT EXECUTE ON FUNCTION pg_temp.as_role(name, text), pg_temp.val(name, text) TO PUBLIC;
CREATE TEMP TABLE ids (k text PRIMARY KEY, v integer);
GRANT SELECT, INSERT, UPDATE ON ids TO PUBLIC;
CREATE FUNCTION pg_temp.id(k text) RETURNS integer LANGUAGE sql AS $$ SELECT v FROM ids WHERE ids.k = $1 $$;
GRANT EXECUTE ON FUNCTION pg_temp.id(text) TO PUBLIC;

-- ---------------------------------------------------------------- drafting
SELECT is(pg_temp.as_role('pe_t_mgr1', $$SELECT perfeval.revision_draft('managers draft')$$), '42501',
          'H-9.1: a manager does not draft a revision (middle management, HR, designs it)');
SELECT is(pg_temp.as_role('pe_t_agent1', $$SELECT perfeval.revision_draft('agents draft')$$), '42501',
          'nor does an agent');
SELECT is(pg_temp.as_role('pe_t_hr', $$INSERT INTO ids SELECT 'rev', perfeval.revision_draft('satisfaction weighs more', 1, 'CSAT appeals in September')$$),
          'ok', 'H-9.2: HR drafts a revision of the default scheme');
INSERT INTO ids SELECT 'ver', r.scheme_version_id FROM perfeval.scheme_revision AS r WHERE r.id = pg_temp.id('rev');
SELECT is((SELECT (state, created_by, based_on)::text FROM perfeval.scheme_revision WHERE id = pg_temp.id('rev')),
          '(draft,pe_t_hr,1)', 'the revision is a draft by HR, based on version 1');
SELECT is((SELECT valid_from FROM perfeval.scheme_version WHERE id = pg_temp.id('ver')), NULL,
          'H-3.2.1: its version has no valid_from');
SELECT is((SELECT count(*)::int FROM perfeval.scheme_item WHERE scheme_version_id = pg_temp.id('ver')), 16,
          'the draft copies the 16 items of version 1');
SELECT is((SELECT string_agg(grade || ' ' || coefficient, ', ' ORDER BY grade) FROM perfeval.bonus_rule WHERE scheme_version_id = pg_temp.id('ver')),
          'fail 0.000, pass 0.500, medium 1.000, good 1.200, excellent 1.500',
          'and the bonus coefficients its results get');

-- ---------------------------------------------------------------- a draft is valid for no period
SELECT is(perfeval.scheme_at('infinity'), 1, 'H-3.2.1: scheme_at never picks the draft');
SELECT is((SELECT array_agg(scheme_version_id) FROM perfeval.scheme_validity), '{1}'::int[],
          'scheme_validity lists no draft');
SELECT perfeval.period_of('month', '2025-10-01') AS oct \gset
SELECT perfeval.evaluate(:oct) AS n \gset
SELECT is((SELECT array_agg(DISTINCT scheme_version_id) FROM perfeval.result WHERE period_id = :oct), '{1}'::int[],
          'a draft cannot evaluate a period: evaluate takes the version valid on its first day');
SELECT throws_ok(format($$INSERT INTO perfeval.result (period_id, agent_id, scheme_version_id, team_id, department_id, total)
                          SELECT %s, a.id, %s, a.team_id, t.department_id, 50 FROM perfeval.agent AS a
                          JOIN perfeval.team AS t ON t.id = a.team_id WHERE a.employee_no = 'E1'$$, :oct, pg_temp.id('ver')),
                 '23514', NULL, 'no result is stored under a draft');
SELECT throws_ok(format($$UPDATE perfeval.result SET scheme_version_id = %s WHERE period_id = %s$$, pg_temp.id('ver'), :oct),
                 '23514', NULL, 'nor moved under one');
SELECT is(pg_temp.as_role('pe_t_hr', $$INSERT INTO perfeval.scheme_version (name, valid_from) VALUES ('loose draft', NULL)$$),
          '23502', 'a version without valid_from is made by revision_draft only');
INSERT INTO perfeval.scheme_version (name, valid_from) VALUES ('2031 scheme', '2031-01-01');
INSERT INTO perfeval.scheme_item (scheme_version_id, indicator_id, weight_bp, worst, best)
SELECT currval('perfeval.scheme_version_id_seq'), i.id, 10000, 0, 1 FROM perfeval.indicator AS i WHERE i.code = 'csat_score';
SELECT throws_ok($$UPDATE perfeval.scheme_version SET valid_from = NULL WHERE name = '2031 scheme'$$,
                 '23502', NULL, 'and no valid version loses its valid_from');

-- ---------------------------------------------------------------- editing, problems, consultation
SELECT is(pg_temp.as_role('pe_t_hr', format($$UPDATE perfeval.scheme_item SET weight_bp = weight_bp + 300
    WHERE scheme_version_id = %1$s AND indicator_id = (SELECT id FROM perfeval.indicator WHERE code = 'csat_score');
    UPDATE perfeval.scheme_item SET weight_bp = weight_bp - 300
    WHERE scheme_version_id = %1$s AND indicator_id = (SELECT id FROM perfeval.indicator WHERE code = 'handling_seconds');
    SET CONSTRAINTS ALL IMMEDIATE$$, pg_temp.id('ver'))), 'ok', 'HR edits the draft''s weights (total still 10,000)');
SELECT is(pg_temp.val('pe_t_hr', format($$SELECT perfeval.revision_problem(%s, 'appeal_statistics', 'CSAT appeals', %s)$$,
                                        pg_temp.id('rev'), :sep)) IS NOT NULL, true,
          'H-8.3.4: HR links a problem to the appeal statistics of September');
SELECT is(pg_temp.as_role('pe_t_hr', format($$SELECT perfeval.revision_problem(%s, 'data_quality', 'no period')$$, pg_temp.id('rev'))),
          '23514', 'a data-quality problem names its period');
SELECT is(pg_temp.as_role('pe_t_agent1', format($$SELECT perfeval.revision_problem(%s, 'other', 'mine')$$, pg_temp.id('rev'))),
          '42501', 'an agent does not record problems');
SELECT is(pg_temp.val('pe_t_agent1', format($$SELECT weight_bp FROM perfeval.scheme_item AS i JOIN perfeval.indicator AS x ON x.id = i.indicator_id
                                              WHERE i.scheme_version_id = %s AND x.code = 'csat_score'$$, pg_temp.id('ver'))),
          '1500', 'H-9.2: an agent reads the draft');
SELECT is(pg_temp.as_role('pe_t_agent1', format($$SELECT perfeval.revision_comment(%s, 'CSAT is noisy for small queues')$$, pg_temp.id('rev'))),
          'ok', 'H-9.2: an agent comments');
SELECT is(pg_temp.as_role('pe_t_mgr2', format($$SELECT perfeval.revision_comment(%s, 'fine for team two')$$, pg_temp.id('rev'))),
          'ok', 'so does a manager');
SELECT is(pg_temp.as_role('pe_t_analyst', format($$SELECT perfeval.revision_comment(%s, 'n/a')$$, pg_temp.id('rev'))),
          '42501', 'the analyst is not consulted');
SELECT is((SELECT string_agg(author || '/' || coalesce(a.employee_no, '-'), ', ' ORDER BY c.id)
           FROM perfeval.scheme_consultation AS c LEFT JOIN perfeval.agent AS a ON a.id = c.agent_id),
          'pe_t_agent1/E1, pe_t_mgr2/-', 'each comment records its author (the session''s role) and the agent it is');
SELECT is(pg_temp.val('pe_t_agent2', 'SELECT count(*) FROM perfeval.scheme_consultation'), '0',
          'a teammate reads neither comment');
SELECT is(pg_temp.val('pe_t_mgr1', 'SELECT string_agg(author, '','') FROM perfeval.scheme_consultation'), 'pe_t_agent1',
          'E1''s manager reads E1''s comment, not another manager''s');
SELECT is(pg_temp.val('pe_t_lead', 'SELECT count(*) FROM perfeval.scheme_consultation'), '2', 'leadership reads every comment');
SELECT is(pg_temp.as_role('pe_t_hr', format($$INSERT INTO perfeval.scheme_consultation (revision_id, comment) VALUES (%s, 'direct')$$, pg_temp.id('rev'))),
          '42501', 'comments are made through revision_comment only');
SELECT is(pg_temp.as_role('pe_t_hr', format($$UPDATE perfeval.scheme_revision SET state = 'approved' WHERE id = %s$$, pg_temp.id('rev'))),
          '42501', 'a revision''s state changes through its steps only');

-- ---------------------------------------------------------------- submission and approval
SELECT is(pg_temp.as_role('pe_t_lead', format('SELECT perfeval.revision_submit(%s)', pg_temp.id('rev'))), '42501',
          'H-9.2: submitting is HR''s step, not leadership''s');
SELECT is(pg_temp.val('pe_t_hr', format('SELECT perfeval.revision_submit(%s)', pg_temp.id('rev'))), 'submitted', 'HR submits');
SELECT is(pg_temp.as_role('pe_t_hr', format($$UPDATE perfeval.scheme_item SET weight_bp = weight_bp WHERE scheme_version_id = %s$$, pg_temp.id('ver'))),
          '55000', 'a submitted draft is read-only: leadership approves what was submitted');
SELECT is(pg_temp.as_role('pe_t_hr', format($$SELECT perfeval.revision_approve(%s, true, (date_trunc('month', current_date) + interval '1 month')::date)$$, pg_temp.id('rev'))),
          '42501', 'H-9.1: approving is leadership''s step, not HR''s');
SELECT is(pg_temp.as_role('pe_t_mgr1', format($$SELECT perfeval.revision_approve(%s, true, (date_trunc('month', current_date) + interval '1 month')::date)$$, pg_temp.id('rev'))),
          '42501', 'nor a manager''s');
SELECT is(pg_temp.as_role('pe_t_lead', format($$SELECT perfeval.revision_approve(%s, true, date_trunc('month', current_date)::date)$$, pg_temp.id('rev'))),
          '55000', 'H-3.2.1: approval from a period that has started (this month) is refused, never retroactive');
SELECT is(pg_temp.as_role('pe_t_lead', format($$SELECT perfeval.revision_approve(%s, true, '2025-10-01')$$, pg_temp.id('rev'))),
          '55000', 'H-3.2.1: and from a past period');
SELECT is(pg_temp.as_role('pe_t_lead', format($$SELECT perfeval.revision_approve(%s, true, (date_trunc('month', current_date) + interval '1 month 3 days')::date)$$, pg_temp.id('rev'))),
          '22023', 'valid_from must be the first day of a period');
SELECT is(pg_temp.val('pe_t_lead', format($$SELECT perfeval.revision_return(%s, 'weigh complaints too')$$, pg_temp.id('rev'))),
          'draft', 'leadership may return it for rework');
SELECT is(pg_temp.val('pe_t_hr', format('SELECT perfeval.revision_submit(%s)', pg_temp.id('rev'))), 'submitted', 'HR submits it again');
SELECT is(pg_temp.val('pe_t_lead', format($$SELECT perfeval.revision_approve(%s, true, (date_trunc('month', current_date) + interval '1 month')::date, 'go')$$, pg_temp.id('rev'))),
          'approved', 'H-9.1: leadership approves it from the first day of next month');
SELECT is(perfeval.scheme_at((date_trunc('month', current_date) + interval '1 month')::date), pg_temp.id('ver'),
          'H-3.2.1: from that day the revised version applies');
SELECT is(perfeval.scheme_at(current_date), 1, 'and until then the old one');
SELECT is(pg_temp.as_role('pe_t_hr', format($$UPDATE perfeval.scheme_item SET weight_bp = weight_bp WHERE scheme_version_id = %s$$, pg_temp.id('ver'))),
          '55000', 'H-1.2.3: an approved version is frozen');
SELECT is(pg_temp.as_role('pe_t_lead', format($$SELECT perfeval.revision_approve(%s, true, (date_trunc('month', current_date) + interval '2 month')::date)$$, pg_temp.id('rev'))),
          '55000', 'an approved revision takes no further step');

SELECT is((SELECT string_agg(format('%s:%s>%s by %s', step, coalesce(from_state, '-'), to_state, actor), ', ' ORDER BY id)
           FROM perfeval.scheme_revision_event WHERE revision_id = pg_temp.id('rev')),
          'draft:->draft by pe_t_hr, submit:draft>submitted by pe_t_hr, return:submitted>draft by pe_t_lead, submit:draft>submitted by pe_t_hr, approve:submitted>approved by pe_t_lead',
          'the log holds every step with the session''s role that took it');
SELECT throws_ok('DELETE FROM perfeval.scheme_revision_event', '55000', NULL, 'the log is append-only');
SELECT * FROM finish();
ROLLBACK;
