#!/usr/bin/env python3
"""Lint of the install-script parts: @extschema@ must never stand inside a
quoted string or a dollar-quoted body (PostgreSQL substitutes it textually,
so a schema name would be spliced into a literal or a function body).
The schema is fixed (perfeval.control: schema = perfeval, not relocatable),
so bodies and strings name it literally: perfeval.name.

Usage: extschema_quotes.py FILE...          report, exit 1 on a finding
       extschema_quotes.py --fix FILE...    rewrite the quoted ones to perfeval
"""
import re
import sys

TOKEN = "@extschema@"
DOLLAR = re.compile(r"\$([A-Za-z_][A-Za-z_0-9]*)?\$")


def quoted_spans(sql):
    """Yields (start, end) of every quoted region: '...', E'...', "...", $tag$...$tag$."""
    i, n = 0, len(sql)
    while i < n:
        c = sql[i]
        if sql.startswith("--", i):
            j = sql.find("\n", i)
            i = n if j < 0 else j + 1
        elif sql.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if sql.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif sql.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            i = j
        elif c == "'" or c == '"':
            j = i + 1
            while j < n:
                if sql[j] == c and j + 1 < n and sql[j + 1] == c:
                    j += 2
                elif sql[j] == "\\" and c == "'" and i > 0 and sql[i - 1] in "eE":
                    j += 2
                elif sql[j] == c:
                    break
                else:
                    j += 1
            yield (i, j + 1)
            i = j + 1
        elif c == "$":
            m = DOLLAR.match(sql, i)
            if m and not (i > 0 and (sql[i - 1].isalnum() or sql[i - 1] == "_")):
                end = sql.find(m.group(0), m.end())
                end = n if end < 0 else end + len(m.group(0))
                yield (i, end)
                i = end
            else:
                i += 1
        else:
            i += 1


def main(argv):
    fix = "--fix" in argv
    files = [a for a in argv if a != "--fix"]
    found = 0
    for path in files:
        sql = open(path, encoding="utf-8").read()
        out, last = [], 0
        for s, e in quoted_spans(sql):
            part = sql[s:e]
            if TOKEN in part:
                line = sql.count("\n", 0, s) + 1
                found += part.count(TOKEN)
                if not fix:
                    print(f"{path}:{line}: @extschema@ inside a quoted region")
                out.append(sql[last:s])
                out.append(part.replace(TOKEN, "perfeval"))
                last = e
        if fix:
            out.append(sql[last:])
            open(path, "w", encoding="utf-8").write("".join(out))
    if fix:
        print(f"rewrote {found} quoted @extschema@ to perfeval")
        return 0
    if found:
        print(f"extschema lint: {found} quoted @extschema@ found")
        return 1
    print("extschema lint: ok (no @extschema@ inside quotes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
