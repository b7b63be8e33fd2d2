#!/usr/bin/env python3
"""Prints the seed INSERT of the shipped calendar 'cn' from the official
notices (src/data/cn-calendar-2023-2026.csv) and the projected statutory
days (src/data/cn-calendar-projected-2027-2035.csv, made by
make-projection.py).  Run once; its output replaces the calendar_day INSERT
in src/sql/30_calendar.sql and is committed."""
import csv, os
here = os.path.dirname(os.path.abspath(__file__))
q = lambda s: "'" + s.replace("'", "''") + "'"
rows = []
for fname, projected in (('cn-calendar-2023-2026.csv', 'false'), ('cn-calendar-projected-2027-2035.csv', 'true')):
    with open(os.path.join(here, fname), encoding='utf-8') as f:
        rows += [(r, projected) for r in csv.DictReader(f)]
print('INSERT INTO @extschema@.calendar_day (calendar, day, kind, name, projected, shipped) VALUES')
print(',\n'.join("    ('cn', %s, %s, %s, %s, true)" % (q(r['date']), q(r['kind']), q(r['name']), p) for r, p in rows) + ';')
