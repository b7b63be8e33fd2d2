#!/usr/bin/env python3
"""Randomized oracle for perfeval's business-hour clocks (issue 13;
H-2.3.1, H-2.3.2, H-2.3.3): work_time, work_add, within_work_time and
is_workday(date, bytea) against a brute-force minute-by-minute reference.

Random calendars (working weekdays, holidays, make-up workdays, 2024-2027)
and random shift lists (one to three shifts, night shifts crossing
midnight, 24x7) in random team time zones (with and without daylight
saving time); random instants a minute apart.  The reference walks the
local wall clock one minute at a time: a minute of day D at time t works if
D is a working day and a shift of D covers t, or D-1 is a working day and a
shift of D-1 that crosses midnight covers t + 24 h.

It talks to the server through psql (PGHOST/PGPORT/PGUSER from the
environment), creates and drops its own database, loads the cases with COPY
and compares in bulk.  Prints 'N passed, N failed'; exits non-zero on any
mismatch.  PE_ORACLE_SEED and PE_ORACLE_SCALE change the seed and the size.
"""
import datetime as dt
import io
import os
import random
import subprocess
import sys
import time
from zoneinfo import ZoneInfo

DB = os.environ.get('PE_ORACLE_DB', 'perfeval_wh_oracle')
SEED = int(os.environ.get('PE_ORACLE_SEED', '20261201'))
SCALE = float(os.environ.get('PE_ORACLE_SCALE', '1'))
VALID_FROM = dt.date(2024, 1, 1)
VALID_TO = dt.date(2027, 12, 31)
ZONES = ['Asia/Shanghai', 'UTC', 'America/New_York', 'Europe/Berlin',
         'Asia/Kolkata', 'Australia/Lord_Howe']
UTC = dt.timezone.utc
MIN = dt.timedelta(minutes=1)
rng = random.Random(SEED)


def psql(db, script):
    """Runs a psql script, returns its stdout; raises on any error."""
    p = subprocess.run(['psql', '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', db],
                       input=script, capture_output=True, text=True)
    if p.returncode != 0:
        sys.stderr.write(p.stderr)
        raise SystemExit('psql failed (exit %d)' % p.returncode)
    return p.stdout


def hhmm(m):
    return '%02d:%02d' % (m // 60, m % 60)


class Clock:
    """A random calendar plus shifts plus a zone, and the brute force."""

    def __init__(self, i):
        self.name = 'wh%d' % i
        self.zone = rng.choice(ZONES)
        self.cal_zone = rng.choice(ZONES)
        kind = rng.random()
        if kind < 0.15:         # a 24x7 team
            self.mask = [1] * 7
            self.shifts = [(0, 1440)]
        else:
            self.mask = [0] * 7
            while sum(self.mask) == 0:
                self.mask = [1 if rng.random() < 0.7 else 0 for _ in range(7)]
            k = rng.choice([1, 2, 2, 3])
            pts = sorted(rng.sample(range(1, 1440), 2 * k - 1))
            o = rng.randrange(1440) if rng.random() < 0.5 else rng.choice([480, 540, 1320])
            rel = [0] + pts
            self.shifts = sorted(((o + rel[2 * j]) % 1440,
                                  (o + rel[2 * j]) % 1440 + rel[2 * j + 1] - rel[2 * j])
                                 for j in range(k))
        span = (VALID_TO - VALID_FROM).days
        self.hol, self.wd = set(), set()
        for k in rng.sample(range(span + 1), int(span * rng.uniform(0.0, 0.06))):
            d = VALID_FROM + dt.timedelta(days=k)
            if not self.mask[d.weekday()] and rng.random() < 0.6:
                self.wd.add(d)
            elif self.mask[d.weekday()]:
                self.hol.add(d)
        # own[t]: minute t of a working day is in one of its shifts;
        # prev[t]: minute t is in a shift of the (working) day before
        self.own = [False] * 1440
        self.prev = [False] * 1440
        for s, e in self.shifts:
            for m in range(s, e):
                if m < 1440:
                    self.own[m] = True
                else:
                    self.prev[m - 1440] = True

    def shift_text(self):
        return '{' + ','.join('%s-%s' % (hhmm(s), '24:00' if e == 1440 else hhmm(e % 1440))
                              for s, e in self.shifts) + '}'

    def isw(self, d):
        if d in self.wd:
            return True
        if d in self.hol:
            return False
        return bool(self.mask[d.weekday()])

    def works(self, local):
        t = local.hour * 60 + local.minute
        d = local.date()
        return (self.own[t] and self.isw(d)) or \
            (self.prev[t] and self.isw(d - dt.timedelta(days=1)))

    def local(self, utc):
        return utc.astimezone(ZoneInfo(self.zone)).replace(tzinfo=None)

    def minutes(self, la, lb):
        """Working minutes in the local wall-clock range [la, lb), minute by minute."""
        sign = 1
        if lb < la:
            la, lb, sign = lb, la, -1
        n, m = 0, la
        while m < lb:
            n += self.works(m)
            m += MIN
        return sign * n

    def add(self, la, k):
        """Local wall-clock end of the k-th working minute from la (k > 0)."""
        m = la
        while True:
            if self.works(m):
                k -= 1
                if k == 0:
                    return m + MIN
            m += MIN


def rand_instant(lo_days=3, hi_days=8):
    lo = dt.datetime.combine(VALID_FROM, dt.time(), UTC) + dt.timedelta(days=lo_days)
    hi = dt.datetime.combine(VALID_TO, dt.time(), UTC) - dt.timedelta(days=hi_days)
    return lo + dt.timedelta(minutes=rng.randrange(int((hi - lo).total_seconds() // 60)))


def main():
    t_start = time.time()
    clocks = [Clock(i) for i in range(max(4, int(24 * SCALE)))]
    setup = io.StringIO()
    setup.write('SET client_min_messages = error;\nCREATE EXTENSION perfeval;\n')
    for c in clocks:
        setup.write("INSERT INTO perfeval.calendar (name, working_weekdays, time_zone, valid_from, valid_to) "
                    "VALUES ('%s', '{%s}', '%s', '%s', '%s');\n"
                    % (c.name, ','.join(str(j + 1) for j in range(7) if c.mask[j]), c.cal_zone,
                       VALID_FROM, VALID_TO))
        for d in sorted(c.hol):
            setup.write("INSERT INTO perfeval.calendar_day VALUES ('%s', '%s', 'holiday');\n" % (c.name, d))
        for d in sorted(c.wd):
            setup.write("INSERT INTO perfeval.calendar_day VALUES ('%s', '%s', 'workday');\n" % (c.name, d))
    setup.write('CREATE TABLE clock (id int PRIMARY KEY, zone text, value bytea);\n')
    for i, c in enumerate(clocks):
        setup.write("INSERT INTO clock VALUES (%d, '%s', perfeval.work_clock('%s', '%s', '%s'));\n"
                    % (i, c.zone, c.shift_text(), c.name, c.zone))

    # cases: (kind, clock, a, b, span minutes, expected)
    cases = []
    n_time = int(400 * SCALE)
    for j in range(n_time):
        ci = rng.randrange(len(clocks))
        c = clocks[ci]
        r = rng.random()
        a = rand_instant(3, 210 if r < 0.02 else 8)
        if r < 0.02:
            b = a + dt.timedelta(minutes=rng.randrange(60 * 24 * 200))     # long ranges
        elif r < 0.15:
            b = a - dt.timedelta(minutes=rng.randrange(60 * 24 * 3))       # reversed
        else:
            b = a + dt.timedelta(minutes=rng.randrange(60 * 24 * 6))
        exp = c.minutes(c.local(a), c.local(b))
        cases.append(('time', ci, a, b, 0, exp))
        # within: a limit near the true value (exactly it, one less, one more)
        lim = max(0, exp + rng.choice([-1, 0, 1, 30]))
        cases.append(('within', ci, a, b, lim, b >= a and exp <= lim))
    for j in range(int(300 * SCALE)):
        ci = rng.randrange(len(clocks))
        c = clocks[ci]
        a = rand_instant(3, 30)
        perday = sum(e - s for s, e in c.shifts)
        k = rng.choice([rng.randrange(1, min(2000, perday * 8) + 1), perday * rng.randrange(1, 4),
                        c.shifts[0][1] - c.shifts[0][0]])
        cases.append(('add', ci, a, None, k, c.add(c.local(a), k)))
    for j in range(int(200 * SCALE)):
        ci = rng.randrange(len(clocks))
        d = VALID_FROM + dt.timedelta(days=rng.randrange((VALID_TO - VALID_FROM).days + 1))
        cases.append(('isw', ci, d, None, 0, clocks[ci].isw(d)))
    t_built = time.time()

    out = io.StringIO()
    out.write(setup.getvalue())
    out.write('CREATE TABLE cases (id int, kind text, clock int, a text, b text, k int, expected text);\n')
    out.write('COPY cases FROM STDIN;\n')
    for i, (kind, ci, a, b, k, exp) in enumerate(cases):
        if kind == 'add':
            e = exp.strftime('%Y-%m-%d %H:%M')
        elif kind == 'time':
            e = str(exp)
        else:
            e = 'true' if exp else 'false'
        out.write('%d\t%s\t%d\t%s\t%s\t%d\t%s\n' % (i, kind, ci, a.isoformat(),
                                                   b.isoformat() if b else '\\N', k, e))
    out.write('\\.\n')
    out.write("""
SELECT x.id, x.kind, x.got, x.expected FROM (
  SELECT s.id, s.kind, s.expected,
         CASE s.kind
           WHEN 'time' THEN (extract(epoch FROM perfeval.work_time(s.a::timestamptz, s.b::timestamptz, c.value)) / 60)::bigint::text
           WHEN 'within' THEN perfeval.within_work_time(s.a::timestamptz, s.b::timestamptz, make_interval(mins => s.k), c.value)::text
           WHEN 'add' THEN CASE WHEN perfeval.work_add(s.a::timestamptz, make_interval(mins => s.k), c.value)
                                     = (s.expected::timestamp AT TIME ZONE c.zone)
                                THEN s.expected
                                ELSE (perfeval.work_add(s.a::timestamptz, make_interval(mins => s.k), c.value) AT TIME ZONE c.zone)::text END
           WHEN 'isw' THEN perfeval.is_workday(s.a::date, c.value)::text
         END AS got
  FROM cases AS s JOIN clock AS c ON c.id = s.clock) AS x
WHERE x.got IS DISTINCT FROM x.expected;
SELECT count(*) FROM cases;
""")
    subprocess.run(['psql', '-X', '-q', '-d', 'postgres', '-c', 'DROP DATABASE IF EXISTS ' + DB,
                    '-c', 'CREATE DATABASE ' + DB], check=True, capture_output=True)
    t0 = time.time()
    try:
        res = psql(DB, out.getvalue())
    finally:
        subprocess.run(['psql', '-X', '-q', '-d', 'postgres', '-c', 'DROP DATABASE IF EXISTS ' + DB],
                       capture_output=True)
    t1 = time.time()
    lines = res.strip().splitlines()
    total = int(lines[-1])
    bad = []
    for line in lines[:-1]:
        i, kind, got, exp = line.split('|')
        bad.append((int(i), kind, got, exp))
    for i, kind, got, exp in bad[:20]:
        _, ci, a, b, k, _ = cases[i]
        c = clocks[ci]
        print('MISMATCH %s(a=%s, b=%s, k=%s) clock %s %s zone %s mask %s: got %s, expected %s'
              % (kind, a, b, k, c.name, c.shift_text(), c.zone, c.mask, got, exp))
    if total != len(cases):
        print('MISMATCH: the server saw %d cases of %d' % (total, len(cases)))
        bad.append(None)
    print('work-hours oracle (seed %d, %d clocks; reference in %.1f s, server in %.1f s): %d passed, %d failed'
          % (SEED, len(clocks), t_built - t_start, t1 - t0, len(cases) - len(bad), len(bad)))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
