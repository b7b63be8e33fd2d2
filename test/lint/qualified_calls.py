#!/usr/bin/env python3
"""Lint of the install-script parts: nothing that PostgreSQL binds by name
when it is *created* or when it runs under the *caller's* search_path may
name an operator or a function without its schema (issue 9; the
CVE-2022-2625 class: a planted exact-match operator or function would win).

The rule.  In these regions
  * view bodies (CREATE VIEW ... AS ...;),
  * policies (CREATE POLICY ...;),
  * CREATE TABLE statements (CHECK constraints, DEFAULT expressions,
    generated columns) and ALTER TABLE ... ADD ... CHECK,
  * BEGIN ATOMIC bodies, and the bodies of SQL and PL/pgSQL functions that
    do not fix `SET search_path = pg_catalog, ...` (the only other search
    path allowed is pg_catalog, perfeval, pg_temp: perfeval is the
    extension's own schema, made safe by the install check),
every operator is written OPERATOR(pg_catalog.op) (or OPERATOR(perfeval.op))
and every function call is schema-qualified (name.func(...)).  Not calls:
SQL syntax that looks like one (CASE, CAST, COALESCE, NULLIF, GREATEST,
LEAST, EXISTS, IN, ANY, ALL, ARRAY, ROW, VALUES, EXTRACT, OVER, FILTER,
WITHIN GROUP, ...), type modifiers (numeric(14,2)), constraint and key
syntax (CHECK (, PRIMARY KEY (, REFERENCES t (c)), and what follows AS in a
column alias list.  Not operators: casts (::), named arguments (=>), PL/pgSQL
assignment (:=), * in SELECT * / count(*) / t.*, = in WITH (option = value)
and in UPDATE ... SET col = ..., a sign before a number literal.

Usage: qualified_calls.py [--allow FILE] FILE...
  FILE...        install-script parts to check; exit 1 on a finding
  --allow FILE   lines "path  N": path may hold at most N findings (files
                 other engineers own; the count can only go down)
"""
import re
import sys

KEYWORDS_CALLLIKE = {
    "case", "cast", "coalesce", "nullif", "greatest", "least", "exists", "in", "any", "all", "some",
    "array", "row", "values", "extract", "over", "filter", "within", "group", "check", "key", "unique",
    "references", "primary", "foreign", "exclude", "using", "on", "from", "select", "where", "and", "or",
    "not", "as", "join", "by", "when", "then", "else", "is", "distinct", "lateral", "with", "returns",
    "table", "default", "into", "set", "like", "between", "if", "return", "perform", "raise", "format",
    "trim", "substring", "position", "overlay", "collate", "partition", "rows", "range", "union",
    "except", "intersect", "limit", "offset", "order", "having", "include", "constraint", "generated",
    "always", "stored", "identity", "do", "update", "insert", "delete", "conflict", "returning",
    "nulls", "first", "last", "asc", "desc", "recursive", "materialized", "window", "fetch",
    "interval", "numeric", "decimal", "varchar", "char", "character", "timestamp", "timestamptz", "time",
    "timetz", "bit", "varbit", "float", "double", "precision", "grouping", "sets", "cube", "rollup",
    "elsif", "loop", "while", "foreach", "execute", "open", "close", "exit", "continue", "sqlstate",
    "current_date", "current_timestamp", "current_user", "session_user", "localtime", "localtimestamp",
    "user", "end", "begin", "atomic", "for", "share", "nowait", "skip", "locked", "of", "only", "view",
    "policy", "trigger", "function", "procedure", "type", "enum", "domain", "index", "tablespace",
    "security_invoker", "security_barrier", "check_option", "cascaded", "local", "option", "to",
    "foreach", "slice", "strict", "get", "diagnostics", "stacked", "found", "new", "old", "tg_op",
}
OPCHARS = "+-*/<>=~!@#%^&|`?"
OP_RE = re.compile(r"[+\-*/<>=~!@#%^&|`?]+")
IDENT = r'(?:"[^"]+"|[A-Za-z_][A-Za-z_0-9$]*)'


def strip(sql):
    """sql with comments removed and quoted literals blanked (same length;
    dollar-quoted bodies kept, marked by their tags)."""
    out = []
    i, n = 0, len(sql)
    while i < n:
        if sql.startswith("--", i):
            j = sql.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i)); i = j
        elif sql.startswith("/*", i):
            j = sql.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", sql[i:j])); i = j
        elif sql[i] == "'":
            j = i + 1
            while j < n:
                if sql[j] == "'" and j + 1 < n and sql[j + 1] == "'":
                    j += 2
                elif sql[j] == "'":
                    break
                else:
                    j += 1
            out.append("'" + re.sub(r"[^\n]", "x", sql[i + 1:j]) + "'"); i = j + 1
        else:
            out.append(sql[i]); i += 1
    return "".join(out)


def statements(sql):
    """(start, text) of each statement, split at ; outside dollar quotes."""
    res, i, start, n = [], 0, 0, len(sql)
    dollar = re.compile(r"\$([A-Za-z_][A-Za-z_0-9]*)?\$")
    while i < n:
        if sql[i] == "$":
            m = dollar.match(sql, i)
            if m and not (i > 0 and (sql[i - 1].isalnum() or sql[i - 1] == "_")):
                end = sql.find(m.group(0), m.end())
                i = n if end < 0 else end + len(m.group(0))
                continue
        if sql[i] == ";":
            res.append((start, sql[start:i]))
            start = i + 1
        i += 1
    if sql[start:].strip():
        res.append((start, sql[start:]))
    return res


def findings(text, base, sql):
    """unqualified operators and calls in text (a region of sql at base)."""
    found = []
    # blank OPERATOR(schema.op) constructs and casts
    t = re.sub(r"OPERATOR\s*\(\s*(pg_catalog|perfeval)\s*\.\s*[^)\s]+\s*\)", lambda m: "\x01" * len(m.group(0)), text, flags=re.I)
    t = re.sub(r"::\s*" + IDENT + r"(\s*\.\s*" + IDENT + r")?(\s*\(\s*\d+\s*(,\s*\d+\s*)?\))?(\s*\[\s*\])*",
               lambda m: " " * len(m.group(0)), t)
    t = re.sub(r"=>|:=", "  ", t)
    t = re.sub(r"\bWITH\s*\(\s*\w+\s*=\s*\w+\s*\)", lambda m: " " * len(m.group(0)), t, flags=re.I)
    t = re.sub(r"\bSET\s+\w+\s*=", lambda m: " " * len(m.group(0)), t, flags=re.I)
    t = re.sub(r",\s*\w+\s*=(?!=)", lambda m: m.group(0) if not re.search(r"\bSET\b[^;]*$", t[:m.start()], re.I | re.S) else " " * len(m.group(0)), t)
    for m in OP_RE.finditer(t):
        op, s = m.group(0), m.start()
        before = t[:s].rstrip()
        after = t[m.end():]
        if op == "*" and (before.endswith("(") or before.endswith(".") or re.search(r"\b(SELECT|RETURNING|,)\s*$", before, re.I) or before.endswith(",")):
            continue
        if op == "-" and re.match(r"\s*\d", after) and (not before or before[-1] in "(,=<>[" or re.search(r"\b(THEN|ELSE|WHEN|AND|OR|DEFAULT|BETWEEN|IN|VALUES|SELECT|RETURN)$", before, re.I)):
            continue
        line = sql.count("\n", 0, base + s) + 1
        found.append((line, f"operator {op}", base + s, op))
    for m in re.finditer(r"(?<![.\w\"])(" + IDENT + r")\s*\(", t):
        name = m.group(1)
        if name.lower().strip('"') in KEYWORDS_CALLLIKE:
            continue
        before = t[:m.start()].rstrip()
        # a column list after AS alias(, a table alias list, REFERENCES t (c), a type
        if re.search(r"\b(AS|REFERENCES|TABLE|INTO|CONSTRAINT|VIEW|ON|UPDATE|FUNCTION|TYPE|INDEX)$", before, re.I):
            continue
        if re.search(r"\bAS\s+" + IDENT + r"$", before, re.I):
            continue
        line = sql.count("\n", 0, base + m.start()) + 1
        found.append((line, f"call {name}(...)", base + m.start(), None))
    return found


FIXED_PATH = re.compile(r"SET\s+search_path\s*=\s*pg_catalog\s*,\s*(perfeval___\s*,\s*|perfeval\s*,\s*)?pg_temp\b", re.I)


def check(path):
    raw = open(path, encoding="utf-8").read().replace("@extschema@", "perfeval___")
    sql = strip(raw)
    out = []
    for start, st in statements(sql):
        head = st.lstrip()
        lead = len(st) - len(head)
        up = head[:200].upper()
        if up.startswith("CREATE VIEW") or up.startswith("CREATE MATERIALIZED VIEW"):
            m = re.search(r"\bAS\b", head, re.I)
            # skip "WITH (...) AS": the first AS after the view name's options
            body_at = m.end() if m else 0
            out += findings(head[body_at:], start + lead + body_at, sql)
        elif up.startswith("CREATE POLICY"):
            m = re.search(r"\b(USING|WITH\s+CHECK)\b", head, re.I)
            if m:
                out += findings(head[m.start():], start + lead + m.start(), sql)
        elif up.startswith("CREATE TABLE") or (up.startswith("ALTER TABLE") and re.search(r"\bCHECK\b|\bDEFAULT\b", head, re.I)):
            # only the expressions: CHECK (...), DEFAULT ..., GENERATED ... AS (...)
            for m in re.finditer(r"\bCHECK\s*\(|\bDEFAULT\b|\bGENERATED\s+ALWAYS\s+AS\s*\(", head, re.I):
                if m.group(0).upper().startswith("DEFAULT"):
                    end = m.end()
                    depth = 0
                    while end < len(head):
                        c = head[end]
                        if c == "(":
                            depth += 1
                        elif c == ")":
                            if depth == 0:
                                break
                            depth -= 1
                        elif c == "," and depth == 0:
                            break
                        elif depth == 0 and re.match(r"\s(CHECK|NOT|NULL|REFERENCES|PRIMARY|UNIQUE|CONSTRAINT|GENERATED)\b", head[end:], re.I):
                            break
                        end += 1
                    seg = head[m.end():end]
                    seg = re.sub(r"\b(NOT\s+NULL|NULL|PRIMARY\s+KEY|UNIQUE|REFERENCES.*)$", "", seg, flags=re.I | re.S)
                    out += findings(seg, start + lead + m.end(), sql)
                else:
                    depth, end = 1, m.end()
                    while end < len(head) and depth:
                        depth += {"(": 1, ")": -1}.get(head[end], 0)
                        end += 1
                    out += findings(head[m.end():end - 1], start + lead + m.end(), sql)
        elif up.startswith("CREATE FUNCTION") or up.startswith("CREATE PROCEDURE"):
            hdr_end = re.search(r"\bAS\s+\$|\bBEGIN\s+ATOMIC\b|\bRETURN\b(?!S)", head, re.I)
            if not hdr_end:
                continue
            hdr = head[:hdr_end.start()]
            if re.search(r"LANGUAGE\s+c\b", hdr + head[hdr_end.start():], re.I):
                continue
            fixed = FIXED_PATH.search(head) is not None
            kw = hdr_end.group(0).upper()
            if kw.startswith("BEGIN"):
                out += findings(head[hdr_end.end():], start + lead + hdr_end.end(), sql)
            elif kw.startswith("RETURN"):
                out += findings(head[hdr_end.end():], start + lead + hdr_end.end(), sql)
            elif not fixed:
                m = re.match(r"\$([A-Za-z_][A-Za-z_0-9]*)?\$", head[hdr_end.end() - 1:])
                tag = m.group(0)
                b0 = hdr_end.end() - 1 + len(tag)
                b1 = head.find(tag, b0)
                out += findings(head[b0:b1], start + lead + b0, sql)
    return out


def main(argv):
    allow = {}
    files = []
    it = iter(argv)
    for a in it:
        if a == "--allow":
            for ln in open(next(it), encoding="utf-8"):
                ln = ln.split("#")[0].split()
                if len(ln) == 2:
                    allow[ln[0]] = int(ln[1])
        else:
            files.append(a)
    bad = 0
    for path in files:
        f = check(path)
        limit = allow.get(path, 0)
        if len(f) > limit:
            for line, what, _, _ in f:
                print(f"{path}:{line}: unqualified {what}")
            print(f"{path}: {len(f)} unqualified operators or calls (allowed: {limit})")
            bad += 1
        elif f:
            print(f"{path}: {len(f)} unqualified operators or calls remain (allowlist: {limit})")
    if bad:
        print(f"qualified-calls lint: {bad} file(s) fail")
        return 1
    print("qualified-calls lint: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
