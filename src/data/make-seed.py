#!/usr/bin/env python3
"""Prints the seed INSERT of the shipped calendar 'cn' from
src/data/cn-calendar-2023-2026.csv (run once; its output is pasted into
src/sql/30_calendar.sql between the SEED markers and committed)."""
import csv, os, sys
here = os.path.dirname(os.path.abspath(__file__))
rows = list(csv.DictReader(open(os.path.join(here, 'cn-calendar-2023-2026.csv'), encoding='utf-8')))
q = lambda s: "'" + s.replace("'", "''") + "'"
print('INSERT INTO @extschema@.calendar_day (calendar, day, kind, name, shipped) VALUES')
print(',\n'.join("    ('cn', %s, %s, %s, true)" % (q(r['date']), q(r['kind']), q(r['name'])) for r in rows) + ';')
