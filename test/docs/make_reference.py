#!/usr/bin/python3
"""Write the reference of perfeval (docs/reference.md) from the catalog.

    python3 test/docs/make_reference.py > docs/reference.md
    python3 test/docs/make_reference.py -o docs/reference.md

Connects with psql and the PG* environment (PGHOST, PGPORT, PGUSER,
PGDATABASE) to a database where CREATE EXTENSION perfeval was done, and
writes one Markdown file: every object of the extension (its members in
pg_depend, deptype 'e': functions, aggregates, tables, views, sequences,
types), the triggers and row-security policies on its tables, and the
shipped group roles (the perfeval_* roles in pg_roles that the install
script's $perfeval_roles$ block creates), grouped in sections by the
src/sql/NN_*.sql file that creates each object, as short "name -> what it
does" tables built from the COMMENTs, then the columns of every table and
view.  The output is sorted, so the same catalog always gives the same file.

Fails (exit 1, listing them on stderr, writing nothing) when an object
lacks a COMMENT: a function (trigger functions included), aggregate,
table, view, column of a table or view, attribute of a composite type,
type, trigger, policy or shipped role; or when an object is not created
by any src/sql/*.sql file (so its section cannot be known).  Standard
library and psql only.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import textwrap

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SQLDIR = os.path.join(ROOT, 'src', 'sql')

# The sections, in order, and the install-script files each one covers.
# Types and roles have their own sections whatever file makes them.
SECTIONS = [
    ('Scoring and grades', ['10_score', '20_grade']),
    ('Calendars', ['30_calendar', '64_deadline_notice']),
    ('Organisation and schemes', ['40_org', '41_scheme']),
    ('Measurements', ['42_measure', '49_measure_history']),
    ('Evaluation and results', ['43_result', '44_evaluate', '64_result_refs', '83_month_detail', '83_rank', '84_rollup_state', '85_rollup', '86_result_check', '87_result_arrays']),
    ('Consequences and plans', ['45_consequence', '46_plan', '50_allocate']),
    ('BI views', ['47_bi', '73_period_keys', '76_bi_views']),
    ('Interviews and the period report', ['75_interview', '77_report', '78_report_html', '79_export']),
    ('Rewards, penalties, appeals', ['60_reward', '61_penalty', '62_appeal', '63_appeal_views']),
    ('Scheme revisions, replay, calibration', ['80_revision', '81_calibration', '82_replay']),
    ('Workflow engine and access', ['00_header', '01_version', '39_append_only', '48_access', '59_flow', '69_privileges']),
    ('Contact events and business hours', ['70_workhours', '71_events', '72_derive']),
    ('Types', []),
    ('Roles', []),
]

CATALOG_QUERY = r"""
WITH ext AS (SELECT oid, extnamespace FROM pg_catalog.pg_extension WHERE extname = 'perfeval'),
members AS (
    SELECT d.classid, d.objid FROM pg_catalog.pg_depend AS d, ext
    WHERE d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass
      AND d.refobjid = ext.oid AND d.deptype = 'e'),
fn AS (
    SELECT p.proname AS name,
           pg_catalog.pg_get_function_identity_arguments(p.oid) AS args,
           CASE WHEN p.prokind = 'p' THEN NULL ELSE pg_catalog.pg_get_function_result(p.oid) END AS result,
           p.prokind AS kind, p.provolatile AS volatility, p.proisstrict AS strict,
           p.proparallel AS parallel, p.prosecdef AS secdef, p.proleakproof AS leakproof,
           l.lanname AS lang, p.prorettype = 'pg_catalog.trigger'::pg_catalog.regtype AS is_trigger,
           pg_catalog.obj_description(p.oid, 'pg_proc') AS comment
    FROM members AS m JOIN pg_catalog.pg_proc AS p ON p.oid = m.objid
    JOIN pg_catalog.pg_language AS l ON l.oid = p.prolang
    WHERE m.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass),
rel AS (
    SELECT c.oid, c.relname AS name, c.relkind AS kind, c.relrowsecurity AS rls,
           pg_catalog.obj_description(c.oid, 'pg_class') AS comment
    FROM members AS m JOIN pg_catalog.pg_class AS c ON c.oid = m.objid
    WHERE m.classid = 'pg_catalog.pg_class'::pg_catalog.regclass),
typ AS (
    SELECT t.oid, t.typname AS name, t.typtype AS kind, t.typrelid,
           pg_catalog.obj_description(t.oid, 'pg_type') AS comment,
           (SELECT pg_catalog.json_agg(e.enumlabel ORDER BY e.enumsortorder)
              FROM pg_catalog.pg_enum AS e WHERE e.enumtypid = t.oid) AS labels
    FROM members AS m JOIN pg_catalog.pg_type AS t ON t.oid = m.objid
    WHERE m.classid = 'pg_catalog.pg_type'::pg_catalog.regclass),
cols AS (
    SELECT a.attrelid, a.attnum AS num, a.attname AS name,
           pg_catalog.format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS notnull,
           pg_catalog.col_description(a.attrelid, a.attnum) AS comment
    FROM pg_catalog.pg_attribute AS a
    WHERE a.attnum > 0 AND NOT a.attisdropped
      AND (a.attrelid IN (SELECT oid FROM rel) OR a.attrelid IN (SELECT typrelid FROM typ)))
SELECT pg_catalog.json_build_object(
  'functions', (SELECT pg_catalog.json_agg(fn ORDER BY name, args) FROM fn),
  'relations', (SELECT pg_catalog.json_agg(pg_catalog.json_build_object(
        'name', r.name, 'kind', r.kind, 'rls', r.rls, 'comment', r.comment,
        'owned_by', (SELECT pg_catalog.format('%s.%s', oc.relname, oa.attname)
                       FROM pg_catalog.pg_depend AS d
                       JOIN pg_catalog.pg_class AS oc ON oc.oid = d.refobjid
                       JOIN pg_catalog.pg_attribute AS oa ON oa.attrelid = d.refobjid AND oa.attnum = d.refobjsubid
                      WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = r.oid
                        AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.deptype IN ('a', 'i')
                      LIMIT 1),
        'columns', (SELECT pg_catalog.json_agg(pg_catalog.json_build_object(
                        'name', c.name, 'type', c.type, 'notnull', c.notnull, 'comment', c.comment) ORDER BY c.num)
                      FROM cols AS c WHERE c.attrelid = r.oid)) ORDER BY r.name) FROM rel AS r),
  'types', (SELECT pg_catalog.json_agg(pg_catalog.json_build_object(
        'name', t.name, 'kind', t.kind, 'comment', t.comment, 'labels', t.labels,
        'columns', (SELECT pg_catalog.json_agg(pg_catalog.json_build_object(
                        'name', c.name, 'type', c.type, 'notnull', c.notnull, 'comment', c.comment) ORDER BY c.num)
                      FROM cols AS c WHERE c.attrelid = t.typrelid AND t.typrelid <> 0)) ORDER BY t.name) FROM typ AS t),
  'triggers', (SELECT pg_catalog.json_agg(pg_catalog.json_build_object(
        'name', g.tgname, 'table', c.name, 'function', p.proname,
        'def', pg_catalog.pg_get_triggerdef(g.oid),
        'comment', pg_catalog.obj_description(g.oid, 'pg_trigger')) ORDER BY c.name, g.tgname)
      FROM pg_catalog.pg_trigger AS g
      JOIN rel AS c ON c.oid = g.tgrelid
      JOIN pg_catalog.pg_proc AS p ON p.oid = g.tgfoid
      WHERE NOT g.tgisinternal),
  'policies', (SELECT pg_catalog.json_agg(pg_catalog.json_build_object(
        'name', y.polname, 'table', c.name, 'cmd', y.polcmd, 'permissive', y.polpermissive,
        'roles', (SELECT pg_catalog.json_agg(CASE WHEN x = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(x)::text END)
                    FROM pg_catalog.unnest(y.polroles) AS x),
        'comment', pg_catalog.obj_description(y.oid, 'pg_policy')) ORDER BY c.name, y.polname)
      FROM pg_catalog.pg_policy AS y JOIN rel AS c ON c.oid = y.polrelid),
  'roles', (SELECT pg_catalog.json_agg(pg_catalog.json_build_object(
        'name', r.rolname, 'login', r.rolcanlogin,
        'member_of', (SELECT pg_catalog.json_agg(g.rolname::text ORDER BY g.rolname)
                        FROM pg_catalog.pg_auth_members AS am JOIN pg_catalog.pg_roles AS g ON g.oid = am.roleid
                       WHERE am.member = r.oid),
        'comment', pg_catalog.shobj_description(r.oid, 'pg_authid')) ORDER BY r.rolname)
      FROM pg_catalog.pg_roles AS r WHERE r.rolname LIKE 'perfeval\_%'),
  'version', (SELECT extversion FROM pg_catalog.pg_extension WHERE extname = 'perfeval'))
"""

KIND_WORDS = r'(?:AGGREGATE|FUNCTION|PROCEDURE|TABLE|VIEW|MATERIALIZED\s+VIEW|TYPE|SEQUENCE)'
CREATE_RE = re.compile(r'\bCREATE\s+(?:OR\s+REPLACE\s+)?(?:UNLOGGED\s+)?(' + KIND_WORDS + r')\s+'
                       r'(?:IF\s+NOT\s+EXISTS\s+)?@extschema@\.("?)([A-Za-z_][A-Za-z_0-9]*)\2', re.I)


def defining_files():
    """{(kind, name): file stem} from `CREATE <kind> @extschema@.<name>` in src/sql/*.sql.
    kind is 'function' (functions, procedures, aggregates), 'relation' or 'type'."""
    where = {}
    for fname in sorted(os.listdir(SQLDIR)):
        if not fname.endswith('.sql'):
            continue
        with open(os.path.join(SQLDIR, fname), encoding='utf-8') as f:
            text = f.read()
        # drop comments, so that a name in a comment does not count
        text = re.sub(r'--[^\n]*', '', text)
        text = re.sub(r'/\*.*?\*/', '', text, flags=re.S)
        for m in CREATE_RE.finditer(text):
            word = m.group(1).upper().split()[-1]
            kind = {'AGGREGATE': 'function', 'FUNCTION': 'function', 'PROCEDURE': 'function',
                    'TYPE': 'type'}.get(word, 'relation')
            where.setdefault((kind, m.group(3)), fname[:-4])
    return where


def shipped_roles():
    """The group roles the install script creates: the names in the block
    $perfeval_roles$ of src/sql/*.sql (48_access.sql).  Only these are
    reported, so that a perfeval_* role left in the cluster by a test or a
    DBA does not change the reference."""
    names = set()
    for fname in sorted(os.listdir(SQLDIR)):
        if fname.endswith('.sql'):
            with open(os.path.join(SQLDIR, fname), encoding='utf-8') as f:
                for block in re.findall(r'\$perfeval_roles\$(.*?)\$perfeval_roles\$', f.read(), re.S):
                    names.update(re.findall(r"'(perfeval_[a-z_0-9]+)'", block))
    return names


def catalog():
    cmd = ['psql', '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-c', CATALOG_QUERY]
    run = subprocess.run(cmd, stdout=subprocess.PIPE, universal_newlines=True)
    if run.returncode != 0:
        sys.exit('make_reference.py: psql failed (exit %d) reading the catalog' % run.returncode)
    out = run.stdout
    data = json.loads(out)
    for key in ('functions', 'relations', 'types', 'triggers', 'policies', 'roles'):
        data[key] = data.get(key) or []
    # sorted here, by code point, so that the database's collation does not matter
    data['functions'].sort(key=lambda f: (f['name'], f['args']))
    for key in ('relations', 'types', 'roles'):
        data[key].sort(key=lambda x: x['name'])
    data['triggers'].sort(key=lambda t: (t['table'], t['name']))
    data['policies'].sort(key=lambda p: (p['table'], p['name']))
    for p in data['policies']:
        p['roles'] = sorted(p['roles'] or [])
    if not data['functions'] and not data['relations']:
        sys.exit('make_reference.py: the extension perfeval is not installed in this database')
    return data


def prose(text):
    """Comment text as Markdown prose on one line: backslashes, asterisks and
    tag-like < escaped, so that the text shows as written."""
    text = ' '.join(str(text or '').split())
    text = text.replace('\\', '\\\\').replace('*', '\\*')
    return re.sub(r'<(?=[A-Za-z/!?])', '&lt;', text)


def cell(text):
    """Text for one Markdown table cell: one line, pipes escaped."""
    return prose(text).replace('|', '\\|')


def code(text):
    """Inline code for a table cell (a pipe inside is escaped for GFM)."""
    text = ' '.join(str(text).split())
    return '`' + text.replace('|', '\\|') + '`' if text else ''


BLOCK_START = re.compile(r'^(?:[-+*>#=]|\d+[.)](?:\s|$))')


def para(text, escape=True):
    """A paragraph of prose, wrapped at 100 columns; a wrapped line that would
    open a list, quote or heading gets its first character escaped."""
    lines = textwrap.wrap(prose(text) if escape else ' '.join(text.split()), width=100,
                          break_long_words=False, break_on_hyphens=False)
    out = []
    for line in lines:
        if BLOCK_START.match(line):
            m = re.match(r'^(\d+)(.*)$', line)
            line = m.group(1) + '\\' + m.group(2) if m else '\\' + line
        out.append(line)
    return '\n'.join(out)


def anchor(title):
    a = re.sub(r'[^a-z0-9 _-]', '', title.lower()).replace(' ', '-')
    return a


def attributes(f):
    words = []
    if f['kind'] == 'a':
        words.append('aggregate')
    elif f['kind'] == 'w':
        words.append('window')
    elif f['kind'] == 'p':
        words.append('procedure')
    if f['kind'] != 'a':
        words.append({'i': 'IMMUTABLE', 's': 'STABLE', 'v': 'VOLATILE'}[f['volatility']])
        if f['strict']:
            words.append('STRICT')
    words.append({'s': 'PARALLEL SAFE', 'r': 'PARALLEL RESTRICTED', 'u': 'PARALLEL UNSAFE'}[f['parallel']])
    if f['secdef']:
        words.append('SECURITY DEFINER')
    if f['leakproof']:
        words.append('LEAKPROOF')
    if f['kind'] != 'a':
        words.append('LANGUAGE ' + f['lang'])
    return ' '.join(words)


POLICY_CMD = {'*': 'ALL', 'r': 'SELECT', 'a': 'INSERT', 'w': 'UPDATE', 'd': 'DELETE'}
TRIGGER_RE = re.compile(r'^CREATE (?:CONSTRAINT )?TRIGGER \S+ (.*?) ON \S+ (.*?)EXECUTE FUNCTION')


def trigger_when(defn):
    """'BEFORE INSERT OR UPDATE, FOR EACH ROW' from a pg_get_triggerdef text."""
    m = TRIGGER_RE.match(defn)
    if not m:
        return defn
    rest = m.group(2).strip()
    return (m.group(1) + ' ' + rest).strip()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('-o', '--output', help='write here (only when the check passes) instead of stdout')
    args = ap.parse_args()

    data = catalog()
    where = defining_files()
    problems = []

    def need(comment, what):
        if comment is None or not comment.strip():
            problems.append('no COMMENT: ' + what)

    def section_of(kind, name):
        stem = where.get((kind, name))
        if stem is None:
            problems.append('not created by any src/sql/*.sql file: %s %s' % (kind, name))
            return None
        for title, stems in SECTIONS:
            if stem in stems:
                return title
        problems.append('%s %s: its file src/sql/%s.sql is in no section of make_reference.py'
                        % (kind, name, stem))
        return None

    body = {title: {'functions': [], 'trigger_functions': [], 'relations': [], 'sequences': [],
                    'triggers': [], 'policies': [], 'files': set()} for title, _ in SECTIONS}

    for f in data['functions']:
        sig = '%s(%s)' % (f['name'], f['args'])
        need(f['comment'], ('trigger function ' if f['is_trigger'] else 'function ') + sig)
        title = section_of('function', f['name'])
        if title:
            body[title]['files'].add(where[('function', f['name'])])
            body[title]['trigger_functions' if f['is_trigger'] else 'functions'].append(f)

    rel_section = {}
    for r in data['relations']:
        if r['kind'] == 'S':
            continue
        word = {'r': 'table', 'p': 'table', 'v': 'view', 'm': 'materialized view'}.get(r['kind'], 'relation')
        need(r['comment'], '%s %s' % (word, r['name']))
        for c in r['columns'] or []:
            need(c['comment'], 'column %s.%s' % (r['name'], c['name']))
        title = section_of('relation', r['name'])
        rel_section[r['name']] = title
        if title:
            body[title]['files'].add(where[('relation', r['name'])])
            body[title]['relations'].append(r)
    for r in data['relations']:
        if r['kind'] != 'S':
            continue
        owner = (r['owned_by'] or '').split('.')[0]
        title = rel_section.get(owner) if owner else section_of('relation', r['name'])
        if title:
            body[title]['sequences'].append(r)
        elif owner:
            problems.append('sequence %s: owned by %s, which is in no section' % (r['name'], r['owned_by']))

    for t in data['triggers']:
        need(t['comment'], 'trigger %s on %s' % (t['name'], t['table']))
        title = rel_section.get(t['table'])
        if title:
            body[title]['triggers'].append(t)
    for p in data['policies']:
        need(p['comment'], 'policy %s on %s' % (p['name'], p['table']))
    policies = {}
    for p in data['policies']:
        policies.setdefault(p['table'], []).append(p)

    for t in data['types']:
        if t['kind'] == 'c' and t['name'] in rel_section:
            continue
        need(t['comment'], 'type ' + t['name'])
        for c in t['columns'] or []:
            need(c['comment'], 'attribute %s.%s' % (t['name'], c['name']))
        section_of('type', t['name'])

    shipped = shipped_roles()
    if not shipped:
        problems.append('no role names found in the $perfeval_roles$ block of src/sql/*.sql')
    found = {r['name'] for r in data['roles']}
    for name in sorted(shipped - found):
        problems.append('shipped role %s is not in pg_roles' % name)
    data['roles'] = [r for r in data['roles'] if r['name'] in shipped]
    for r in data['roles']:
        need(r['comment'], 'role ' + r['name'])

    if problems:
        print('make_reference.py: %d problem(s); add the COMMENTs in src/sql/*.sql next to each object:'
              % len(problems), file=sys.stderr)
        for p in sorted(problems):
            print('  ' + p, file=sys.stderr)
        return 1

    out = []
    w = out.append
    w('# perfeval reference')
    w('')
    w('<!-- Generated by test/docs/make_reference.py from the catalog of a fresh CREATE EXTENSION perfeval.')
    w('     Do not edit by hand: change the COMMENTs in src/sql/*.sql and run')
    w('     python3 test/docs/make_reference.py > docs/reference.md -->')
    w('')
    w(para('This file is generated by `test/docs/make_reference.py` from the catalog and must not be '
           'edited by hand: every entry is the COMMENT of the object in the install script '
           '(`src/sql/*.sql`); the test command (`test/docs/check_reference.sh`) fails when this file '
           'differs from what the generator writes, or when an object has no COMMENT.'))
    w('')
    nfun = sum(1 for f in data['functions'])
    nrel = sum(1 for r in data['relations'] if r['kind'] != 'S')
    nseq = sum(1 for r in data['relations'] if r['kind'] == 'S')
    ncol = sum(len(r['columns'] or []) for r in data['relations'] if r['kind'] != 'S')
    w(para('perfeval %s, schema `perfeval`: %d functions and aggregates, %d tables and views '
           '(%d columns), %d sequences, %d types, %d triggers, %d row-security policies, %d roles. '
           'All objects live in the schema `perfeval`; the names below are unqualified.'
           % (data['version'], nfun, nrel, ncol, nseq, len(data['types']), len(data['triggers']),
              len(data['policies']), len(data['roles']))))
    w('')
    w('## Contents')
    w('')
    for title, _ in SECTIONS:
        w('- [%s](#%s)' % (title, anchor(title)))
    w('')

    for title, _ in SECTIONS:
        b = body[title]
        if title == 'Types':
            w('## Types')
            w('')
            w('| Type | Kind | What it is |')
            w('|---|---|---|')
            for t in data['types']:
                if t['kind'] == 'c' and t['name'] in rel_section:
                    continue
                kind = {'e': 'enum', 'c': 'composite', 'd': 'domain', 'b': 'base', 'r': 'range'}.get(t['kind'], t['kind'])
                w('| %s | %s | %s |' % (code(t['name']), kind, cell(t['comment'])))
            w('')
            for t in data['types']:
                if t['kind'] == 'c' and t['name'] in rel_section:
                    continue
                w('### `%s`' % t['name'])
                w('')
                w(para(t['comment']))
                w('')
                w('Defined in `src/sql/%s.sql`.' % where[('type', t['name'])])
                w('')
                if t['labels']:
                    w('Labels, in order: ' + ', '.join(code(x) for x in t['labels']) + '.')
                    w('')
                if t['columns']:
                    w('| Attribute | Type | What it holds |')
                    w('|---|---|---|')
                    for c in t['columns']:
                        w('| %s | %s | %s |' % (code(c['name']), code(c['type']), cell(c['comment'])))
                    w('')
            continue
        if title == 'Roles':
            w('## Roles')
            w('')
            w(para('The group roles perfeval ships (made by CREATE EXTENSION when absent; roles are '
                   'cluster-wide and outlive DROP EXTENSION). Grant them to login roles.'))
            w('')
            w('| Role | What it may do |')
            w('|---|---|')
            for r in data['roles']:
                w('| %s | %s |' % (code(r['name']), cell(r['comment'])))
            w('')
            continue

        w('## ' + title)
        w('')
        if b['files']:
            w(para('Defined in ' + ', '.join('`src/sql/%s.sql`' % s for s in sorted(b['files'])) + '.',
                   escape=False))
            w('')
        funcs = [f for f in b['functions'] if f['kind'] != 'p']
        procs = [f for f in b['functions'] if f['kind'] == 'p']
        for label, items in (('Functions', funcs), ('Procedures', procs)):
            if not items:
                continue
            w('### ' + label)
            w('')
            w('| Function | Returns | Attributes | What it does |')
            w('|---|---|---|---|')
            for f in items:
                w('| %s | %s | %s | %s |' % (code('%s(%s)' % (f['name'], f['args'])), code(f['result'] or ''),
                                             attributes(f), cell(f['comment'])))
            w('')
        tables = [r for r in b['relations'] if r['kind'] in ('r', 'p')]
        views = [r for r in b['relations'] if r['kind'] in ('v', 'm')]
        if tables or views:
            w('### Tables and views')
            w('')
            w('| Name | Kind | What it holds |')
            w('|---|---|---|')
            for r in tables + views:
                kind = 'table' if r in tables else ('materialized view' if r['kind'] == 'm' else 'view')
                if r['rls']:
                    kind += ', row security'
                w('| [%s](#%s) | %s | %s |' % (code(r['name']), anchor(r['name']), kind, cell(r['comment'])))
            w('')
        if b['trigger_functions']:
            w('### Trigger functions')
            w('')
            for f in b['trigger_functions']:
                w('- %s: %s' % (code('%s()' % f['name']), prose(f['comment'])))
            w('')
        if b['triggers']:
            w('### Triggers')
            w('')
            for t in b['triggers']:
                w('- %s on %s (%s, %s): %s' % (code(t['name']), code(t['table']), trigger_when(t['def']).lower(),
                                              code(t['function'] + '()'), prose(t['comment'])))
            w('')
        if b['sequences']:
            w('### Sequences')
            w('')
            for s in b['sequences']:
                w('- %s%s' % (code(s['name']), ', for ' + code(s['owned_by']) if s['owned_by'] else ''))
            w('')
        for r in tables + views:
            w('### ' + r['name'])
            w('')
            w(para('%s %s: %s' % ('Table' if r in tables else 'View', '`%s`' % r['name'], r['comment'])))
            w('')
            w('| Column | Type | What it holds |')
            w('|---|---|---|')
            for c in r['columns'] or []:
                typ = c['type'] + (' not null' if c['notnull'] and r in tables else '')
                w('| %s | %s | %s |' % (code(c['name']), code(typ), cell(c['comment'])))
            w('')
            if policies.get(r['name']):
                w('Row security policies:')
                w('')
                for p in policies[r['name']]:
                    w('- %s (%s %s, to %s): %s' % (
                        code(p['name']), 'permissive' if p['permissive'] else 'restrictive',
                        POLICY_CMD.get(p['cmd'], p['cmd']), ', '.join(p['roles'] or ['PUBLIC']),
                        prose(p['comment'])))
                w('')

    text = '\n'.join(out).rstrip('\n') + '\n'
    if args.output:
        with open(args.output, 'w', encoding='utf-8') as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == '__main__':
    sys.exit(main())
