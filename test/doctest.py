#!/usr/bin/python3
"""The doc test: every SQL example of README.md and docs/*.md that shows its
output is run, in the state its text names, and its output compared, so an
example can never drift from what the code gives.

An example is a fenced block whose info string is `sql fresh` or `sql demo`
(GitHub still highlights it as SQL), followed by a fenced `text` block with
exactly what psql prints:

    ```sql fresh
    SELECT perfeval.grade_of(85.5);
    ```
    ```text
     grade_of
    ----------
     good
    (1 row)
    ```

- `fresh`: a new database with `CREATE EXTENSION perfeval` done; the fresh
  blocks of one file run in order in the same database, so a walk-through
  builds on its earlier steps.
- `empty`: likewise, but a new database without the extension (a
  newcomer's first steps, `CREATE EXTENSION perfeval` included).
- `demo`: a copy of a database holding the demo's data (test/demo/demo.sql);
  the demo blocks of one file share one copy, in order.
A `sql fresh` / `sql demo` block without a `text` block after it runs (it
sets up what later blocks need) and must print nothing: an ERROR or a
WARNING there fails the test as a wrong output would.  Plain `sql`
blocks are not run.  Each block runs in psql with ON_ERROR_STOP off,
timezone Asia/Shanghai and DateStyle ISO; messages (ERROR, WARNING, NOTICE,
DETAIL, HINT) are part of the output, without psql's "psql:file:line: "
prefix.  Runs inside the test cluster (PGHOST/PGPORT set); prints one line
per failing example with a diff, and `N passed, N failed` last.
"""
import difflib
import glob
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FENCE = re.compile(r'^```(.*)$')
PREFIX = re.compile(r'^psql:[^:]*:\d+: ')
SETUP = "SET timezone = 'Asia/Shanghai';\nSET datestyle = ISO;\n"


def blocks(path):
    """[(info, start line, text)] of the fenced blocks of a Markdown file."""
    out, cur, info, start = [], None, None, 0
    with open(path, encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            m = FENCE.match(line.rstrip('\n'))
            if m and cur is None:
                cur, info, start = [], m.group(1).strip(), n
            elif m and cur is not None and m.group(1).strip() == '':
                out.append((info, start, ''.join(cur)))
                cur = None
            elif cur is not None:
                cur.append(line)
    return out


def examples(path):
    """[(state, line, sql, expected or None)] of one file."""
    bs, ex = blocks(path), []
    for i, (info, line, text) in enumerate(bs):
        words = info.split()
        if len(words) == 2 and words[0] == 'sql' and words[1] in ('fresh', 'demo', 'empty'):
            expected = None
            if i + 1 < len(bs) and bs[i + 1][0] == 'text':
                expected = bs[i + 1][2]
            ex.append((words[1], line, text, expected))
    return ex


def psql(db, sql):
    env = dict(os.environ, PGOPTIONS='-c client_min_messages=notice')
    r = subprocess.run(['psql', '-X', '-q', '-d', db, '-v', 'ON_ERROR_STOP=0'],
                       input=SETUP + sql, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True, env=env, cwd=ROOT)
    text = r.stdout
    return '\n'.join(PREFIX.sub('', l).rstrip() for l in text.splitlines()).strip('\n')


def admin(*sql):
    for s in sql:
        subprocess.run(['psql', '-X', '-q', '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-c', s],
                       check=True, capture_output=True, text=True)


def main():
    files = [os.path.join(ROOT, 'README.md')] + sorted(glob.glob(os.path.join(ROOT, 'docs', '**', '*.md'), recursive=True))
    todo = [(f, examples(f)) for f in files]
    need_demo = any(s == 'demo' for _, ex in todo for s, *_ in ex)
    if need_demo:
        admin('DROP DATABASE IF EXISTS perfeval_doc_template', 'CREATE DATABASE perfeval_doc_template')
        r = subprocess.run(['psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', 'perfeval_doc_template',
                            '-f', 'test/demo/demo.sql'], capture_output=True, text=True, cwd=ROOT)
        if r.returncode != 0:
            print('doctest: the demo did not load:\n' + r.stderr[-2000:])
            print('0 passed, 1 failed')
            return 1
    passed = failed = setups = 0
    for path, ex in todo:
        rel = os.path.relpath(path, ROOT)
        dbs = {}
        for state, line, sql, expected in ex:
            if state not in dbs:
                db = 'perfeval_doc_%s' % state
                admin('DROP DATABASE IF EXISTS %s' % db)
                if state in ('fresh', 'empty'):
                    admin('CREATE DATABASE %s' % db)
                    if state == 'fresh':
                        psql(db, 'CREATE EXTENSION perfeval;')
                else:
                    admin('CREATE DATABASE %s TEMPLATE perfeval_doc_template' % db)
                dbs[state] = db
            got = psql(dbs[state], sql)
            if expected is None:
                setups += 1
                if got:
                    failed += 1
                    print('doctest: FAIL %s:%d (%s): a block without a text block printed:' % (rel, line, state))
                    for l in got.splitlines():
                        print('    ' + l)
                continue
            want = '\n'.join(l.rstrip() for l in expected.splitlines()).strip('\n')
            if got == want:
                passed += 1
            else:
                failed += 1
                print('doctest: FAIL %s:%d (%s)' % (rel, line, state))
                for d in difflib.unified_diff(want.splitlines(), got.splitlines(), 'documented', 'actual', lineterm='', n=1):
                    print('    ' + d)
        for db in dbs.values():
            admin('DROP DATABASE IF EXISTS %s' % db)
    if need_demo:
        admin('DROP DATABASE IF EXISTS perfeval_doc_template')
    print('doctest: %d examples with their output and %d set-up blocks in %d files'
          % (sum(1 for _, ex in todo for e in ex if e[3] is not None), setups, len(files)))
    print('%d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
