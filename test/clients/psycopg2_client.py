#!/usr/bin/python3
"""test/clients/psycopg2_client.py -- the documented backend path with psycopg2
(docs/clients.md): a fresh database (PGHOST/PGPORT/PGUSER and the database
name from argv[1]), CREATE EXTENSION perfeval, an organisation, an import,
evaluate, approve, a feedback and an appeal, then a ranking read from
perfeval.bi_result with a bound period, team and grade.  Asserts the values
and the Python types a user gets; one line per check, then "N passed, N
failed"; exits 1 on any failure."""
import datetime
import io
import sys
from decimal import Decimal

import psycopg2
import psycopg2.extensions
import psycopg2.extras

passed = failed = 0


def check(name, got, want):
    global passed, failed
    if got == want and type(got) is type(want):
        passed += 1
        print(f"ok   psycopg2: {name}: {got!r}")
    else:
        failed += 1
        print(f"FAIL psycopg2: {name}: got {got!r} ({type(got).__name__}), want {want!r} ({type(want).__name__})")


dbname = sys.argv[1] if len(sys.argv) > 1 else "perfeval_psycopg2"
conn = psycopg2.connect(dbname=dbname)
conn.autocommit = True
cur = conn.cursor()

# --- docs/clients.md: psycopg2 example (begin) ---
cur.execute("CREATE EXTENSION IF NOT EXISTS perfeval")
cur.execute("INSERT INTO perfeval.department (code, name) VALUES (%s, %s) RETURNING id", ("D1", "Service"))
dept_id = cur.fetchone()[0]
cur.execute("INSERT INTO perfeval.team (department_id, code, name) VALUES (%s, %s, %s) RETURNING id",
            (dept_id, "T1", "Team one"))
team_id = cur.fetchone()[0]
for no, name in [("E1", "Agent 1"), ("E2", "Agent 2"), ("E3", "Agent 3")]:
    cur.execute("INSERT INTO perfeval.agent (employee_no, name, team_id, hired_on) VALUES (%s, %s, %s, %s)",
                (no, name, team_id, datetime.date(2024, 1, 1)))

rows = [{"employee_no": no, "month": "2025-03", "indicator": "polite_phrase_rate",
         "value": v, "source": "system_log"} for no, v in [("E1", 0.99), ("E2", 0.90), ("E3", 0.70)]]
cur.execute("SELECT * FROM perfeval.import_measurements(%s, %s)", (psycopg2.extras.Json(rows), "crm-2025-03"))
imported = cur.fetchone()

cur.execute("SELECT perfeval.period_of('month', %s)", (datetime.date(2025, 3, 1),))
period_id = cur.fetchone()[0]
cur.execute("SELECT perfeval.evaluate(%s)", (period_id,))
evaluated = cur.fetchone()[0]
cur.execute("SELECT perfeval.approve(%s)", (period_id,))
approved = cur.fetchone()[0]

cur.execute("SELECT id FROM perfeval.agent WHERE employee_no = %s", ("E1",))
e1 = cur.fetchone()[0]
at_feedback = datetime.datetime(2025, 4, 2, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
cur.execute("SELECT perfeval.record_feedback(%s, %s, actor => %s, at => %s)", (period_id, e1, "hr_zhou", at_feedback))
cur.execute("SELECT id FROM perfeval.result_current WHERE period_id = %s AND agent_id = %s", (period_id, e1))
result_id = cur.fetchone()[0]
cur.execute("SELECT perfeval.file_result_appeal(%s, %s, actor => %s, at => %s)",
            (result_id, "the polite-phrase rate was mis-counted", "agent_e1", at_feedback + datetime.timedelta(days=1)))
appeal_id = cur.fetchone()[0]

# the ranking: period, team and grade bound as parameters (grade as a string)
cur.execute("""SELECT employee_no, total, grade, grade_code, rank_team, period_start, agent_id
               FROM perfeval.bi_result
               WHERE period_id = %s AND team_id = %s AND grade = %s
               ORDER BY rank_team""", (period_id, team_id, "fail"))
ranking = cur.fetchall()
# --- docs/clients.md: psycopg2 example (end) ---

check("import_measurements counts", imported, (3, 0, 0, 0))
check("period_of returns int", type(period_id).__name__, "int")
check("evaluate count", evaluated, 3)
check("approve count", approved, 3)
check("result id is int", type(result_id).__name__, "int")
check("appeal id is int", type(appeal_id).__name__, "int")


def type_code(sql, params=()):
    """the type OID of the first column: 23 = integer, 20 = bigint"""
    cur.execute(sql, params)
    cur.fetchall()
    return cur.description[0].type_code


# ids of one type: psycopg2 gives int for integer and bigint alike, the type
# OID of the column tells them apart
check("department id is integer (OID 23)", type_code("SELECT id FROM perfeval.department"), 23)
check("result id is integer (OID 23)", type_code("SELECT id FROM perfeval.result_current"), 23)
check("file_result_appeal returns integer (OID 23)",
      type_code("SELECT perfeval.file_result_appeal(NULL::integer, NULL) WHERE false"), 23)
check("appeal.id and appeal.result_id are integer (OID 23)",
      [type_code(f"SELECT {c} FROM perfeval.appeal") for c in ("id", "result_id")], [23, 23])
check("import_measurements counts are integer (OID 23)",
      type_code("SELECT loaded FROM perfeval.import_measurements('[]')"), 23)
check("count(*) of one's own is bigint (OID 20)", type_code("SELECT count(*) FROM perfeval.agent"), 20)
cur.execute("SELECT state, appellant_id FROM perfeval.appeal WHERE id = %s", (appeal_id,))
check("appeal filed", cur.fetchone(), ("filed", e1))
check("ranking rows for grade 'fail'", [r[0] for r in ranking], ["E2", "E3"])
if ranking:
    emp, total, grade, grade_code, rank_team, period_start, agent_id = ranking[0]
    check("total (numeric) is Decimal", total, Decimal("50.0000"))
    check("grade (enum) is str", grade, "fail")
    check("grade_code is str", grade_code, "fail")
    check("rank_team is int", rank_team, 2)
    check("period_start is date", period_start, datetime.date(2025, 3, 1))
    check("agent_id (integer) is int", type(agent_id).__name__, "int")

cur.execute("SELECT total, grade FROM perfeval.bi_result WHERE period_id = %s AND grade_code = %s",
            (period_id, "excellent"))
check("grade_code bound as a string", cur.fetchall(), [(Decimal("95.0000"), "excellent")])

cur.execute("SELECT array_agg(total ORDER BY rank_team) FROM perfeval.bi_result WHERE period_id = %s", (period_id,))
check("array_agg(total) (numeric[]) is a list of Decimal", cur.fetchone()[0],
      [Decimal("95.0000"), Decimal("50.0000"), Decimal("0.0000")])
cur.execute("SELECT filed_at FROM perfeval.appeal WHERE id = %s", (appeal_id,))
check("filed_at (timestamptz) is an aware datetime", cur.fetchone()[0], at_feedback + datetime.timedelta(days=1))
cur.execute("SELECT array_agg(grade ORDER BY rank_team)::text[] FROM perfeval.bi_result WHERE period_id = %s", (period_id,))
check("array_agg(grade)::text[] is a list", cur.fetchone()[0], ["excellent", "fail", "fail"])

# an aggregated grade[]: psycopg2 does not know the enum's array type
cur.execute("SELECT array_agg(grade ORDER BY rank_team) FROM perfeval.bi_result WHERE period_id = %s", (period_id,))
check("array_agg(grade) without register_type is a str", cur.fetchone()[0], "{excellent,fail,fail}")
cur.execute("SELECT array_agg(grade_code ORDER BY rank_team) FROM perfeval.bi_result WHERE period_id = %s", (period_id,))
check("array_agg(grade_code) is a list", cur.fetchone()[0], ["excellent", "fail", "fail"])
# --- docs/clients.md: psycopg2 grade[] (begin) ---
cur.execute("SELECT 'perfeval.grade[]'::regtype::oid")
grade_array_oid = cur.fetchone()[0]
psycopg2.extensions.register_type(
    psycopg2.extensions.new_array_type((grade_array_oid,), "GRADE[]", psycopg2.STRING), conn)
# --- docs/clients.md: psycopg2 grade[] (end) ---
cur.execute("SELECT array_agg(grade ORDER BY rank_team) FROM perfeval.bi_result WHERE period_id = %s", (period_id,))
check("array_agg(grade) after register_type is a list", cur.fetchone()[0], ["excellent", "fail", "fail"])

# an open date: the seeded scheme's valid_from is NULL (valid from the beginning)
cur.execute("SELECT valid_from FROM perfeval.scheme_version WHERE id = 1")
check("open valid_from is None", cur.fetchone()[0], None)

# CSV through COPY and the HTML report (docs/report.md, issue 14)
# --- docs/clients.md: psycopg2 CSV export (begin) ---
buf = io.StringIO()
cur.copy_expert("COPY (SELECT employee_no, status, total, grade FROM perfeval.export_results(%d))"
                " TO STDOUT WITH (FORMAT csv, HEADER)" % int(period_id), buf)
csv_text = buf.getvalue()
cur.execute("SELECT perfeval.report_compile(%s)", (period_id,))
report_id = cur.fetchone()[0]
cur.execute("SELECT perfeval.report_html(%s)", (report_id,))
html = cur.fetchone()[0]
# --- docs/clients.md: psycopg2 CSV export (end) ---
check("export_results as CSV through copy_expert", csv_text.splitlines(),
      ["employee_no,status,total,grade", "E1,graded,95.0000,excellent", "E2,graded,50.0000,fail", "E3,graded,0.0000,fail"])
check("report_html is one HTML document (str)", html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>"), True)

conn.close()
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
