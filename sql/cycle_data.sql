-- pg_regress: periods, measurements, the bulk import with its quarantine,
-- and the data-quality view (issue 4 items 2, 5; H-3.1, H-4.3).
DROP EXTENSION perfeval CASCADE;
CREATE EXTENSION perfeval;
\set SHOW_CONTEXT never

INSERT INTO perfeval.department (code, name) VALUES ('D1', 'Pre-sales');
INSERT INTO perfeval.team (department_id, code, name) VALUES (1, 'A', 'Team A');
INSERT INTO perfeval.agent (employee_no, name, team_id, hired_on) VALUES
    ('E01', 'Agent 1', 1, '2024-01-01'), ('E02', 'Agent 2', 1, '2024-01-01'), ('E03', 'Agent 3', 1, '2024-01-01');

-- H-3.1.2-4: natural periods only, no overlap within a kind
SELECT k, perfeval.period_of(k, '2024-02-29') AS id FROM unnest(ARRAY['month', 'quarter', 'year', 'MONTH']) AS k;
SELECT kind, starts_on, ends_on FROM perfeval.period ORDER BY id;
SELECT perfeval.period_of('week', '2025-01-01');
SELECT perfeval.period_of('month', 'infinity');
SELECT perfeval.period_of('month', NULL) IS NULL AS strict;
\set VERBOSITY terse
INSERT INTO perfeval.period (kind, starts_on, ends_on) VALUES ('month', '2025-01-02', '2025-02-01');
INSERT INTO perfeval.period (kind, starts_on, ends_on) VALUES ('quarter', '2025-02-01', '2025-04-30');
INSERT INTO perfeval.period (kind, starts_on, ends_on) VALUES ('month', '2024-02-01', '2024-02-29');
\set VERBOSITY default
-- state open -> closed -> approved, never back
SELECT perfeval.close_period(1);
SELECT perfeval.close_period(1);
UPDATE perfeval.period SET state = 'open' WHERE id = 1;
UPDATE perfeval.period SET starts_on = '2024-03-01' WHERE id = 2;

-- H-4.3: a direct insert of an invalid value is refused with a clear error
SELECT perfeval.period_of('month', '2025-03-01') AS march \gset
INSERT INTO perfeval.measurement (agent_id, period_id, indicator_id, value, source)
SELECT 1, :march, id, 1.2, 'system_log' FROM perfeval.indicator WHERE code = 'polite_phrase_rate';
INSERT INTO perfeval.measurement (agent_id, period_id, indicator_id, value, source)
SELECT 1, :march, id, -3, 'system_log' FROM perfeval.indicator WHERE code = 'avg_response_seconds';
INSERT INTO perfeval.measurement (agent_id, period_id, indicator_id, value, source)
SELECT 1, :march, id, 6, 'survey' FROM perfeval.indicator WHERE code = 'csat_score';
INSERT INTO perfeval.measurement (agent_id, period_id, indicator_id, value, source)
SELECT 1, :march, id, 'NaN', 'survey' FROM perfeval.indicator WHERE code = 'csat_score';
INSERT INTO perfeval.measurement (agent_id, period_id, indicator_id, value, source)
SELECT 1, 2, id, 4.5, 'survey' FROM perfeval.indicator WHERE code = 'csat_score';
\set VERBOSITY terse
INSERT INTO perfeval.measurement (agent_id, period_id, indicator_id, value, source)
SELECT 1, :march, id, 4.5, 'gossip' FROM perfeval.indicator WHERE code = 'csat_score';
\set VERBOSITY default
INSERT INTO perfeval.measurement (agent_id, period_id, indicator_id, value, source)
SELECT 1, :march, id, 4.5, 'survey' FROM perfeval.indicator WHERE code = 'csat_score';
UPDATE perfeval.measurement SET value = 5.5;
-- one bad row fails the whole statement: nothing half-loaded
INSERT INTO perfeval.measurement (agent_id, period_id, indicator_id, value, source)
SELECT 2, :march, id, CASE WHEN code = 'complaint_rate' THEN 2 ELSE 0.5 END, 'system_log'
FROM perfeval.indicator WHERE unit = 'rate';
SELECT count(*) FROM perfeval.measurement;

-- H-4.3 bulk import: valid rows load, invalid ones are quarantined with
-- their reason, nothing is dropped silently
SELECT $$[
  {"employee_no": "E01", "month": "2025-03", "indicator": "csat_score", "value": 4.5, "source": "survey"},
  {"employee_no": "E01", "month": "2025-03", "indicator": "complaint_rate", "value": 0.004, "source": "system_log", "collected_at": "2025-04-01T08:00:00Z"},
  {"employee_no": "E02", "month": "2025-03-01", "indicator": "complaint_rate", "value": "0.01", "source": "system_log"},
  {"employee_no": "E02", "month": "2025-03", "indicator": "avg_response_seconds", "value": 25, "source": "system_log"},
  {"employee_no": "E02", "month": "2025-03", "indicator": "avg_response_seconds", "value": 25, "source": "system_log"},
  {"employee_no": "E03", "month": "2025-03", "indicator": "avg_response_seconds", "value": 20, "source": "system_log"},
  {"employee_no": "E03", "month": "2025-03", "indicator": "avg_response_seconds", "value": 21, "source": "system_log"},
  {"employee_no": "E01", "month": "2025-03", "indicator": "csat_score", "value": 3.9, "source": "survey"},
  {"employee_no": "E99", "month": "2025-03", "indicator": "csat_score", "value": 4.5, "source": "survey"},
  {"employee_no": "E02", "month": "2025-13", "indicator": "csat_score", "value": 4.5, "source": "survey"},
  {"employee_no": "E02", "month": "2025-02-30", "indicator": "csat_score", "value": 4.5, "source": "survey"},
  {"employee_no": "E02", "month": "2025-03", "indicator": "nps", "value": 40, "source": "survey"},
  {"employee_no": "E02", "month": "2025-03", "indicator": "csat_score", "value": "4,5", "source": "survey"},
  {"employee_no": "E02", "month": "2025-03", "indicator": "csat_score", "value": "NaN", "source": "survey"},
  {"employee_no": "E02", "month": "2025-03", "indicator": "csat_score", "source": "survey"},
  {"employee_no": "E02", "month": "2025-03", "indicator": "csat_score", "value": 7, "source": "survey"},
  {"employee_no": "E02", "month": "2025-03", "indicator": "handling_seconds", "value": -1, "source": "system_log"},
  {"employee_no": "E02", "month": "2025-03", "indicator": "winback_rate", "value": 0.4, "source": "crm"},
  {"employee_no": "E02", "month": "2025-03", "indicator": "winback_rate", "value": 0.4, "source": "survey", "collected_at": "yesterday"},
  {"employee_no": "E02", "month": "2025", "indicator": "winback_rate", "value": 0.4, "source": "survey"},
  {"month": "2025-03", "indicator": "winback_rate", "value": 0.4, "source": "survey"},
  [1, 2, 3]
]$$ AS batch \gset
SELECT * FROM perfeval.import_measurements(:'batch', 'march-1');
SELECT a.employee_no, i.code, m.value, m.source, m.import_batch,
       CASE WHEN m.collected_at = '2025-04-01T08:00:00Z' THEN 'as given' ELSE 'import time' END AS collected_at
FROM perfeval.measurement AS m JOIN perfeval.agent AS a ON a.id = m.agent_id JOIN perfeval.indicator AS i ON i.id = m.indicator_id
ORDER BY 1, 2;
SELECT raw ->> 'employee_no' AS employee_no, raw ->> 'indicator' AS indicator, reason
FROM perfeval.measurement_quarantine ORDER BY id;

-- re-importing the same data is idempotent: nothing new anywhere
SELECT * FROM perfeval.import_measurements(:'batch', 'march-2');
-- a later subset: E01's csat (stored by the direct insert above) is unchanged, the refused rows stay quarantined once
SELECT * FROM perfeval.import_measurements($$[
  {"employee_no": "E01", "month": "2025-03", "indicator": "csat_score", "value": 4.5, "source": "survey"},
  {"employee_no": "E99", "month": "2025-03", "indicator": "csat_score", "value": 4.5, "source": "survey"},
  {"employee_no": "E02", "month": "2025-03", "indicator": "handling_seconds", "value": -1, "source": "system_log"}
]$$, 'march-3');
SELECT (SELECT count(*) FROM perfeval.measurement) AS measurements, (SELECT count(*) FROM perfeval.measurement_quarantine) AS quarantined;
SELECT * FROM perfeval.import_measurements('{"not": "an array"}');
SELECT * FROM perfeval.import_measurements('[]');

-- H-4.3 monitoring: missing, quarantined and outlying counts per month and indicator
INSERT INTO perfeval.agent (employee_no, name, team_id, hired_on)
SELECT 'F' || lpad(g::text, 2, '0'), 'Filler ' || g, 1, '2024-01-01' FROM generate_series(1, 20) AS g;
INSERT INTO perfeval.measurement (agent_id, period_id, indicator_id, value, source)
SELECT a.id, :march, i.id, CASE WHEN a.employee_no = 'F20' THEN 600 ELSE 30 + (a.id % 3) END, 'system_log'
FROM perfeval.agent AS a, perfeval.indicator AS i
WHERE a.employee_no LIKE 'F%' AND i.code = 'handling_seconds';
SELECT starts_on, indicator, handbook_id, agents, measured, missing, quarantined, outlying
FROM perfeval.data_quality WHERE measured > 0 OR quarantined > 0 ORDER BY starts_on, handbook_id;
SELECT raw, reason FROM perfeval.quarantine_unplaced ORDER BY id;

DROP EXTENSION perfeval CASCADE;
CREATE EXTENSION perfeval;
