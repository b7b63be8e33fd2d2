// test/clients/node_client.js -- the documented backend path with
// node-postgres (the npm package pg; docs/clients.md): a fresh database
// (PG* environment, the database name from argv[2]), CREATE EXTENSION
// perfeval, an organisation, an import, evaluate, approve, a feedback and
// an appeal, then a ranking read from perfeval.bi_result with a bound
// period, team and grade.  Asserts the values and the JavaScript types a
// user gets; one line per check, then "N passed, N failed"; exit 1 on any
// failure.  Optional: test/clients/run.sh skips it without node or pg.
const { Client } = require('pg');
const assert = require('assert');

let passed = 0, failed = 0;
function check(name, got, want) {
  try {
    assert.deepStrictEqual(got, want);
    passed++;
    console.log(`ok   node: ${name}: ${JSON.stringify(got)}`);
  } catch (e) {
    failed++;
    console.log(`FAIL node: ${name}: got ${JSON.stringify(got)} (${typeof got}), want ${JSON.stringify(want)}`);
  }
}

async function main() {
  const client = new Client({ database: process.argv[2] || 'perfeval_node' });
  await client.connect();
  const one = async (sql, params) => (await client.query(sql, params)).rows[0];

  // --- docs/clients.md: node-postgres example (begin) ---
  await client.query('CREATE EXTENSION IF NOT EXISTS perfeval');
  const dept = await one('INSERT INTO perfeval.department (code, name) VALUES ($1, $2) RETURNING id', ['D1', 'Service']);
  const team = await one('INSERT INTO perfeval.team (department_id, code, name) VALUES ($1, $2, $3) RETURNING id',
                         [dept.id, 'T1', 'Team one']);
  for (const i of [1, 2, 3]) {
    await client.query('INSERT INTO perfeval.agent (employee_no, name, team_id, hired_on) VALUES ($1, $2, $3, $4)',
                       [`E${i}`, `Agent ${i}`, team.id, '2024-01-01']);
  }
  const rows = [['E1', 0.99], ['E2', 0.90], ['E3', 0.70]].map(([no, v]) => (
    { employee_no: no, month: '2025-03', indicator: 'polite_phrase_rate', value: v, source: 'system_log' }));
  // a JS array would be sent as a PostgreSQL array literal (22P02): pass JSON text
  const imported = await one('SELECT * FROM perfeval.import_measurements($1, $2)', [JSON.stringify(rows), 'crm-2025-03']);
  const { period_id } = await one("SELECT perfeval.period_of('month', $1) AS period_id", ['2025-03-01']);
  await client.query('SELECT perfeval.evaluate($1)', [period_id]);
  await client.query('SELECT perfeval.approve($1)', [period_id]);
  const e1 = await one('SELECT id FROM perfeval.agent WHERE employee_no = $1', ['E1']);
  await client.query('SELECT perfeval.record_feedback($1, $2, actor => $3, at => $4)',
                     [period_id, e1.id, 'hr_zhou', '2025-04-02 10:00+08']);
  const res = await one('SELECT id FROM perfeval.result_current WHERE period_id = $1 AND agent_id = $2', [period_id, e1.id]);
  const appeal = await one('SELECT perfeval.file_result_appeal($1, $2, actor => $3, at => $4) AS id',
                           [res.id, 'the polite-phrase rate was mis-counted', 'agent_e1', '2025-04-03 10:00+08']);
  const ranking = (await client.query(
    `SELECT employee_no, total, grade, grade_code, rank_team, period_start, agent_id
     FROM perfeval.bi_result WHERE period_id = $1 AND team_id = $2 AND grade = $3 ORDER BY rank_team`,
    [period_id, team.id, 'fail'])).rows;
  // --- docs/clients.md: node-postgres example (end) ---

  // ids of one type: every id and the import's counts are integer, numbers in JS
  check('import_measurements counts (integer) are numbers', imported,
        { loaded: 3, replaced: 0, unchanged: 0, quarantined: 0 });
  check('period_of (integer) is a number', typeof period_id, 'number');
  check('department and team ids are numbers', [typeof dept.id, typeof team.id], ['number', 'number']);
  check('result id (integer) is a number', typeof res.id, 'number');
  check('appeal id (integer) is a number', typeof appeal.id, 'number');
  const ap = await one('SELECT id, result_id, appellant_id FROM perfeval.appeal WHERE id = $1', [appeal.id]);
  check('appeal.id, result_id, appellant_id are numbers', ap, { id: appeal.id, result_id: res.id, appellant_id: e1.id });
  const n = await one('SELECT count(*) AS n FROM perfeval.agent');
  check('count(*) of one\'s own (bigint) is a string', n.n, '3');
  check('ranking rows for grade fail', ranking.map((r) => r.employee_no), ['E2', 'E3']);
  const r = ranking[0] || {};
  check('total (numeric) is a string', r.total, '50.0000');
  check('grade (enum) is a string', r.grade, 'fail');
  check('grade_code is a string', r.grade_code, 'fail');
  check('rank_team is a number', r.rank_team, 2);
  check('period_start (date) is a Date at local midnight',
        r.period_start instanceof Date && r.period_start.getFullYear() === 2025 && r.period_start.getMonth() === 2
        && r.period_start.getDate() === 1, true);
  check('agent_id (integer) is a number', typeof r.agent_id, 'number');
  const agg = await one(`SELECT array_agg(grade ORDER BY rank_team) AS g, array_agg(grade_code ORDER BY rank_team) AS c,
                                array_agg(total ORDER BY rank_team) AS t
                         FROM perfeval.bi_result WHERE period_id = $1`, [period_id]);
  check('array_agg(grade) is a string', agg.g, '{excellent,fail,fail}');
  check('array_agg(grade_code) is an array', agg.c, ['excellent', 'fail', 'fail']);
  check('array_agg(total) (numeric[]) is an array of numbers', agg.t, [95, 50, 0]);
  let state = 'no error';
  try { await client.query('SELECT * FROM perfeval.import_measurements($1, $2)', [rows, 'js-array']); }
  catch (e) { state = e.code; }
  check('a JS array passed to import_measurements fails', state, '22P02');
  const vf = await one('SELECT valid_from FROM perfeval.scheme_version WHERE id = 1');
  check('open valid_from is null', vf.valid_from, null);
  await client.end();
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}
main().catch((e) => { console.log(`FAIL node: ${e.message}`); console.log(`${passed} passed, ${failed + 1} failed`); process.exit(1); });
