// test/clients/JdbcClient.java -- the documented backend path with JDBC
// (pgjdbc, Debian's libpostgresql-jdbc-java; docs/clients.md): a fresh
// database, CREATE EXTENSION perfeval, an organisation, an import, evaluate,
// approve, a feedback and an appeal, then a ranking read from
// perfeval.bi_result with a bound period, team and grade.  Asserts the values
// and the Java types a user gets; one line per check, then "N passed, N
// failed"; exit 1 on any failure.
// Usage: java -cp /usr/share/java/postgresql.jar:DIR JdbcClient HOST PORT USER DB
// (the password, if the server asks for one, from PGPASSWORD as libpq does)
import java.math.BigDecimal;
import java.sql.*;
import java.util.Objects;

public class JdbcClient {
    static int passed = 0, failed = 0;

    static void check(String name, Object got, Object want) {
        if (Objects.equals(got, want)) {
            passed++;
            System.out.println("ok   jdbc: " + name + ": " + got);
        } else {
            failed++;
            System.out.println("FAIL jdbc: " + name + ": got " + got
                + (got == null ? "" : " (" + got.getClass().getSimpleName() + ")") + ", want " + want);
        }
    }

    static int one(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
            try (ResultSet rs = ps.executeQuery()) { rs.next(); return rs.getInt(1); }
        }
    }

    // the Java class getObject gives for the first column (Integer for int4, Long for int8)
    static String cls(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
            try (ResultSet rs = ps.executeQuery()) { rs.next(); return rs.getObject(1).getClass().getSimpleName(); }
        }
    }

    public static void main(String[] args) throws Exception {
        String url = "jdbc:postgresql://" + args[0] + ":" + args[1] + "/" + args[3];
        String password = System.getenv().getOrDefault("PGPASSWORD", "");
        try (Connection c = DriverManager.getConnection(url, args[2], password)) {
            // --- docs/clients.md: JDBC example (begin) ---
            try (Statement st = c.createStatement()) { st.execute("CREATE EXTENSION IF NOT EXISTS perfeval"); }
            int deptId = one(c, "INSERT INTO perfeval.department (code, name) VALUES (?, ?) RETURNING id", "D1", "Service");
            int teamId = one(c, "INSERT INTO perfeval.team (department_id, code, name) VALUES (?, ?, ?) RETURNING id",
                                   deptId, "T1", "Team one");
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO perfeval.agent (employee_no, name, team_id, hired_on) VALUES (?, ?, ?, ?)")) {
                for (int i = 1; i <= 3; i++) {
                    ps.setString(1, "E" + i); ps.setString(2, "Agent " + i); ps.setInt(3, teamId);
                    ps.setDate(4, Date.valueOf("2024-01-01")); ps.executeUpdate();
                }
            }
            String rows = "[{\"employee_no\": \"E1\", \"month\": \"2025-03\", \"indicator\": \"polite_phrase_rate\", \"value\": 0.99, \"source\": \"system_log\"},"
                        + " {\"employee_no\": \"E2\", \"month\": \"2025-03\", \"indicator\": \"polite_phrase_rate\", \"value\": 0.90, \"source\": \"system_log\"},"
                        + " {\"employee_no\": \"E3\", \"month\": \"2025-03\", \"indicator\": \"polite_phrase_rate\", \"value\": 0.70, \"source\": \"system_log\"}]";
            int loaded;
            try (PreparedStatement ps = c.prepareStatement("SELECT loaded FROM perfeval.import_measurements(?, ?)")) {
                ps.setObject(1, rows, Types.OTHER);          // or "...import_measurements(?::jsonb, ?)" with setString
                ps.setString(2, "crm-2025-03");
                try (ResultSet rs = ps.executeQuery()) { rs.next(); loaded = rs.getInt("loaded"); }
            }
            int periodId = one(c, "SELECT perfeval.period_of('month', ?)", Date.valueOf("2025-03-01"));
            int evaluated = one(c, "SELECT perfeval.evaluate(?)", periodId);
            int approved = one(c, "SELECT perfeval.approve(?)", periodId);
            int e1 = one(c, "SELECT id FROM perfeval.agent WHERE employee_no = ?", "E1");
            one(c, "SELECT 1 FROM perfeval.record_feedback(?, ?, actor => ?, at => ?::timestamptz)",
                periodId, e1, "hr_zhou", "2025-04-02 10:00+08");
            int resultId = one(c, "SELECT id FROM perfeval.result_current WHERE period_id = ? AND agent_id = ?", periodId, e1);
            int appealId = one(c, "SELECT perfeval.file_result_appeal(?, ?, actor => ?, at => ?::timestamptz)",
                                resultId, "the polite-phrase rate was mis-counted", "agent_e1", "2025-04-03 10:00+08");

            // the ranking: period, team and grade bound as parameters (grade as a string)
            PreparedStatement ranking = c.prepareStatement(
                "SELECT employee_no, total, grade, grade_code, rank_team, period_start, agent_id"
                + " FROM perfeval.bi_result WHERE period_id = ? AND team_id = ? AND grade_code = ? ORDER BY rank_team");
            ranking.setInt(1, periodId);
            ranking.setInt(2, teamId);
            ranking.setString(3, "fail");
            // --- docs/clients.md: JDBC example (end) ---
            check("import_measurements loaded getInt", loaded, 3);
            check("evaluate count", evaluated, 3);
            check("approve count", approved, 3);
            check("appeal id getInt > 0", appealId > 0, true);
            // ids of one type: every id (and the import's counts) is integer, getObject gives Integer
            check("department id getObject is Integer",
                  cls(c, "SELECT id FROM perfeval.department WHERE id = ?", deptId), "Integer");
            check("result id getObject is Integer",
                  cls(c, "SELECT id FROM perfeval.result_current WHERE id = ?", resultId), "Integer");
            check("file_result_appeal (appeal id) getObject is Integer",
                  cls(c, "SELECT id FROM perfeval.appeal WHERE id = ?", appealId), "Integer");
            check("appeal.result_id getObject is Integer",
                  cls(c, "SELECT result_id FROM perfeval.appeal WHERE id = ?", appealId), "Integer");
            check("appeal_open.appeal_id getObject is Integer",
                  cls(c, "SELECT appeal_id FROM perfeval.appeal_open WHERE appeal_id = ?", appealId), "Integer");
            check("import_measurements counts getObject is Integer",
                  cls(c, "SELECT quarantined FROM perfeval.import_measurements('[]', 'empty')"), "Integer");
            check("count(*) in a query of one's own getObject is Long",
                  cls(c, "SELECT count(*) FROM perfeval.agent"), "Long");
            try (ResultSet rs = ranking.executeQuery()) {
                rs.next();
                check("first row employee_no getString", rs.getString("employee_no"), "E2");
                check("total (numeric) getBigDecimal", rs.getBigDecimal("total"), new BigDecimal("50.0000"));
                check("grade (enum) getString", rs.getString("grade"), "fail");
                check("grade_code getString", rs.getString("grade_code"), "fail");
                check("rank_team getInt", rs.getInt("rank_team"), 2);
                check("period_start getDate", rs.getDate("period_start"), Date.valueOf("2025-03-01"));
                check("agent_id (integer) getObject is Integer", rs.getObject("agent_id").getClass().getSimpleName(), "Integer");
                rs.next();
                check("second row employee_no", rs.getString("employee_no"), "E3");
                check("no third row", rs.next(), false);
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT state, appellant_id FROM perfeval.appeal WHERE id = ?")) {
                ps.setInt(1, appealId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    check("appeal filed", rs.getString(1) + " " + rs.getInt(2), "filed " + e1);
                }
            }
            // the enum column itself: setString sends varchar, and there is no grade = varchar operator
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT count(*) FROM perfeval.bi_result WHERE period_id = ? AND grade = ?")) {
                ps.setInt(1, periodId);
                ps.setString(2, "fail");
                String state = "no error";
                try { ps.executeQuery(); } catch (SQLException e) {
                    state = e.getSQLState() + (e.getMessage().contains("operator does not exist: perfeval.grade = character varying") ? "" : " " + e.getMessage());
                }
                check("grade = ? with setString (no stringtype=unspecified) fails", state, "42883");
            }
            check("grade = ?::perfeval.grade with setString", one(c,
                "SELECT count(*) FROM perfeval.bi_result WHERE period_id = ? AND grade = ?::perfeval.grade", periodId, "fail"), 2);
            try (Connection u = DriverManager.getConnection(url + "?stringtype=unspecified", args[2], password)) {
                check("grade = ? with stringtype=unspecified", one(u,
                    "SELECT count(*) FROM perfeval.bi_result WHERE period_id = ? AND grade = ?", periodId, "fail"), 2);
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT array_agg(grade ORDER BY rank_team), array_agg(grade_code ORDER BY rank_team), array_agg(total ORDER BY rank_team)"
                    + " FROM perfeval.bi_result WHERE period_id = ?")) {
                ps.setInt(1, periodId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    check("array_agg(grade) getString", rs.getString(1), "{excellent,fail,fail}");
                    check("array_agg(grade_code) getArray is String[]",
                          java.util.Arrays.toString((String[]) rs.getArray(2).getArray()), "[excellent, fail, fail]");
                    check("array_agg(total) getArray is BigDecimal[]",
                          java.util.Arrays.toString((BigDecimal[]) rs.getArray(3).getArray()), "[95.0000, 50.0000, 0.0000]");
                }
            }
            try (ResultSet rs = c.getMetaData().getColumns(null, "perfeval", "bi_result", "grade_code")) {
                rs.next();
                check("REMARKS of bi_result.grade_code is its COMMENT", rs.getString("REMARKS").startsWith("the grade as text"), true);
            }
            // an open date: the seeded scheme's valid_from is NULL (valid from the beginning)
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT valid_from FROM perfeval.scheme_version WHERE id = 1")) {
                rs.next();
                check("open valid_from getDate is null", rs.getDate(1), null);
                check("open valid_from wasNull", rs.wasNull(), true);
            }
            // CSV through COPY (docs/report.md, issue 14)
            // --- docs/clients.md: JDBC CSV export (begin) ---
            org.postgresql.copy.CopyManager copy = c.unwrap(org.postgresql.PGConnection.class).getCopyAPI();
            java.io.StringWriter csv = new java.io.StringWriter();
            copy.copyOut("COPY (SELECT employee_no, status, total, grade FROM perfeval.export_results(" + periodId + "))"
                         + " TO STDOUT WITH (FORMAT csv, HEADER)", csv);
            // --- docs/clients.md: JDBC CSV export (end) ---
            check("export_results as CSV through CopyManager", csv.toString(),
                  "employee_no,status,total,grade\nE1,graded,95.0000,excellent\nE2,graded,50.0000,fail\nE3,graded,0.0000,fail\n");
        }
        System.out.println(passed + " passed, " + failed + " failed");
        System.exit(failed == 0 ? 0 : 1);
    }
}
