#!/usr/bin/env python3
"""Randomized oracle for perfeval's business-day functions (handbook
"Working days"; the deadlines of H-6.3.3 and H-8).

1. Calendars WITHOUT make-up workdays: perfeval.busday_offset (all eight
   rolls), busday_count, workday and networkdays (table and array variants)
   against numpy.busday_offset / numpy.busday_count.  Debian's numpy is 1.24,
   so the oracle applies numpy >= 1.25's rule for reversed busday_count
   arguments itself (numpy PR #23229: for begin > end the count is minus the
   valid days in (end, begin], i.e. the larger date is always excluded).
2. Calendars WITH make-up workdays (a weekend day declared a working day):
   every function, deadline() across time zones included, against a simple
   day-by-day reference.

It talks to the server through psql subprocesses (PGHOST/PGPORT/PGUSER from
the environment, e.g. pg_virtualenv), creates and drops its own database,
loads the cases with COPY, computes all results in one query and compares
in bulk.  Prints 'N passed, N failed' and exits non-zero on any mismatch.
"""
import datetime as dt
import io
import os
import random
import subprocess
import sys
import time
from zoneinfo import ZoneInfo

try:
    import numpy as np
except ImportError:     # e.g. a pyenv python3 first in PATH: use Debian's python3-numpy
    if os.path.exists('/usr/bin/python3') and os.path.realpath(sys.executable) != os.path.realpath('/usr/bin/python3'):
        os.execv('/usr/bin/python3', ['/usr/bin/python3'] + sys.argv)
    raise

DB = os.environ.get('PE_ORACLE_DB', 'perfeval_oracle')
SEED = int(os.environ.get('PE_ORACLE_SEED', '20261127'))
SCALE = float(os.environ.get('PE_ORACLE_SCALE', '1'))
VALID_FROM = dt.date(2000, 1, 1)
VALID_TO = dt.date(2039, 12, 31)
ROLLS = ['raise', 'nat', 'forward', 'following', 'backward', 'preceding',
         'modifiedfollowing', 'modifiedpreceding']
ZONES = ['Asia/Shanghai', 'UTC', 'America/New_York', 'Europe/London',
         'Asia/Kolkata', 'Pacific/Auckland', 'Australia/Lord_Howe']
EPOCH = dt.date(1970, 1, 1)
rng = random.Random(SEED)
T_START = time.time()
NP_NEW = tuple(int(x) for x in np.__version__.split('.')[:2]) >= (1, 25)


def psql(db, script):
    """Runs a psql script, returns its stdout; raises on any error."""
    p = subprocess.run(['psql', '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', db],
                       input=script, capture_output=True, text=True)
    if p.returncode != 0:
        sys.stderr.write(p.stderr)
        raise SystemExit('psql failed (exit %d)' % p.returncode)
    return p.stdout


def n(k):
    return max(1, int(k * SCALE))


class Cal:
    """A random calendar: Monday-first working mask, holidays, make-up days."""

    def __init__(self, name, makeup, zone):
        self.name = name
        self.zone = zone
        if rng.random() < 0.5:
            code = rng.choice([1, 2, 3, 4, 5, 6, 7, 11, 12, 13, 14, 15, 16, 17])
            off = {(code + 4) % 7, (code + 5) % 7} if code <= 7 else {(code - 5) % 7}
            self.mask = [0 if j in off else 1 for j in range(7)]
            self.weekend = str(code)
        else:
            self.mask = [0] * 7
            while sum(self.mask) == 0:
                self.mask = [1 if rng.random() < 0.7 else 0 for _ in range(7)]
            self.weekend = ''.join('0' if m else '1' for m in self.mask)
        span = (VALID_TO - VALID_FROM).days
        days = rng.sample(range(span + 1), int(span * rng.uniform(0.01, 0.08)))
        self.hol, self.wd = set(), set()
        for k in days:
            d = VALID_FROM + dt.timedelta(days=k)
            # make-up days: only on days off (elsewhere they change nothing,
            # which is tested too: a few land on working weekdays)
            if makeup and (not self.mask[d.weekday()] or rng.random() < 0.05) and rng.random() < 0.6:
                self.wd.add(d)
            else:
                self.hol.add(d)

    def isw(self, d):
        if d in self.wd:
            return True
        if d in self.hol:
            return False
        return bool(self.mask[d.weekday()])

    # ---- the day-by-day reference ----
    def workday(self, s, k):
        d, step = s, (1 if k > 0 else -1)
        for _ in range(abs(k)):
            d += dt.timedelta(days=step)
            while not self.isw(d):
                d += dt.timedelta(days=step)
        return d

    def count(self, a, b):  # working days in [a, b)
        c, d = 0, a
        while d < b:
            c += self.isw(d)
            d += dt.timedelta(days=1)
        return c

    def networkdays(self, a, b):
        if a <= b:
            return self.count(a, b + dt.timedelta(days=1))
        return -self.count(b, a + dt.timedelta(days=1))

    def busday_count(self, a, b):
        if a <= b:
            return self.count(a, b)
        return -self.count(b + dt.timedelta(days=1), a + dt.timedelta(days=1))

    def roll(self, d, mode):
        if self.isw(d):
            return d
        one = dt.timedelta(days=1)

        def fwd(x):
            while not self.isw(x):
                x += one
            return x

        def back(x):
            while not self.isw(x):
                x -= one
            return x
        if mode == 'nat':
            return None
        if mode in ('forward', 'following'):
            return fwd(d)
        if mode in ('backward', 'preceding'):
            return back(d)
        if mode == 'modifiedfollowing':
            r = fwd(d)
            return r if r.month == d.month else back(d)
        if mode == 'modifiedpreceding':
            r = back(d)
            return r if r.month == d.month else fwd(d)
        raise ValueError(mode)

    def busday_offset(self, d, k, mode):
        r = self.roll(d, mode)
        if r is None:
            return None
        return r if k == 0 else self.workday(r, k)

    def deadline(self, ev, k):
        tz = ZoneInfo(self.zone)
        local = ev.astimezone(tz).date()
        r = self.workday(local, k) if k else local
        end = dt.datetime.combine(r + dt.timedelta(days=1), dt.time(0), tzinfo=tz)
        return end.astimezone(dt.timezone.utc)


def rand_day(margin=800):
    lo = (VALID_FROM - EPOCH).days + margin
    hi = (VALID_TO - EPOCH).days - margin
    return EPOCH + dt.timedelta(days=rng.randint(lo, hi))


def dtxt(d):
    return '\\N' if d is None else d.isoformat()


def main():
    cals = [Cal('o_np_%d' % i, False, rng.choice(ZONES)) for i in range(6)] + \
           [Cal('o_mk_%d' % i, True, rng.choice(ZONES)) for i in range(6)]
    npcals = [c for c in cals if not c.wd]
    mkcals = [c for c in cals if c.wd]
    cases = []   # (fn, cal, a, b, k, roll, ts, expected)

    def add(fn, c, a=None, b=None, k=None, roll=None, ts=None, exp=None):
        cases.append((fn, c.name, a, b, k, roll, ts, exp))

    # 1. numpy on calendars without make-up days
    for c in npcals:
        bc = np.busdaycalendar(weekmask=c.mask,
                               holidays=np.array(sorted(c.hol), dtype='datetime64[D]'))
        lim = 40 * sum(c.mask)
        for roll in ROLLS:
            m = n(700)
            ds = [rand_day() for _ in range(m)]
            if roll == 'raise':
                ds = [d for d in ds if c.isw(d)]
            ks = [rng.randint(-lim, lim) if rng.random() < 0.9 else 0 for _ in ds]
            res = np.busday_offset(np.array(ds, dtype='datetime64[D]'), np.array(ks),
                                   roll=roll, busdaycal=bc)
            for d, k, r in zip(ds, ks, res):
                exp = None if np.isnat(r) else r.astype(dt.date)
                add('busday_offset', c, a=d, k=k, roll=roll, exp=dtxt(exp))
        m = n(2500)
        a = [rand_day() for _ in range(m)]
        b = [x + dt.timedelta(days=rng.randint(-500, 500)) for x in a]
        A, B = np.array(a, dtype='datetime64[D]'), np.array(b, dtype='datetime64[D]')
        one = np.timedelta64(1, 'D')
        if NP_NEW:
            cnt = np.busday_count(A, B, busdaycal=bc)
        else:   # numpy >= 1.25: for begin > end, minus the valid days in (end, begin]
            cnt = np.where(A <= B, np.busday_count(A, B, busdaycal=bc),
                           -np.busday_count(np.minimum(A, B) + one, np.maximum(A, B) + one,
                                            busdaycal=bc))
        for x, y, r in zip(a, b, cnt):
            add('busday_count', c, a=x, b=y, exp=str(int(r)))
        # Excel style expressed through numpy:
        # workday(s, k>0) = busday_offset(s, k, 'backward'), k<0: 'forward'
        # networkdays(a, b) = busday_count(a, b+1) for a <= b
        m = n(2000)
        s = [rand_day() for _ in range(m)]
        ks = [rng.randint(-lim, lim) for _ in s]
        S = np.array(s, dtype='datetime64[D]')
        K = np.array(ks)
        w = np.where(K > 0, np.busday_offset(S, K, roll='backward', busdaycal=bc),
                     np.busday_offset(S, K, roll='forward', busdaycal=bc))
        w = np.where(K == 0, S, w)
        for x, k, r in zip(s, ks, w):
            add('workday', c, a=x, k=k, exp=r.astype(dt.date).isoformat())
            add('workday_arr', c, a=x, k=k, exp=r.astype(dt.date).isoformat())
        nd = np.where(A <= B, np.busday_count(A, B + one, busdaycal=bc),
                      -np.busday_count(np.minimum(A, B), np.maximum(A, B) + one, busdaycal=bc))
        for x, y, r in zip(a, b, nd):
            add('networkdays', c, a=x, b=y, exp=str(int(r)))
            add('networkdays_arr', c, a=x, b=y, exp=str(int(r)))

    # 2. day-by-day reference on calendars with make-up workdays
    for c in mkcals:
        for _ in range(n(700)):
            d, k = rand_day(), rng.randint(-40, 40)
            add('workday', c, a=d, k=k, exp=dtxt(c.workday(d, k) if k else d))
            add('workday_arr', c, a=d, k=k, exp=dtxt(c.workday(d, k) if k else d))
        for _ in range(n(700)):
            d = rand_day()
            e = d + dt.timedelta(days=rng.randint(-60, 60))
            add('networkdays', c, a=d, b=e, exp=str(c.networkdays(d, e)))
            add('networkdays_arr', c, a=d, b=e, exp=str(c.networkdays(d, e)))
            add('busday_count', c, a=d, b=e, exp=str(c.busday_count(d, e)))
        for _ in range(n(700)):
            d = rand_day()
            add('is_workday', c, a=d, exp='true' if c.isw(d) else 'false')
        for roll in ROLLS:
            for _ in range(n(200)):
                d, k = rand_day(), rng.randint(-40, 40)
                if roll == 'raise' and not c.isw(d):
                    continue
                add('busday_offset', c, a=d, k=k, roll=roll, exp=dtxt(c.busday_offset(d, k, roll)))
        for _ in range(n(500)):
            d = rand_day()
            ev = dt.datetime.combine(d, dt.time(0), tzinfo=dt.timezone.utc) + \
                dt.timedelta(seconds=rng.randint(0, 86399))
            k = rng.randint(0, 30)
            add('deadline', c, ts=ev.isoformat(), k=k,
                exp=c.deadline(ev, k).strftime('%Y-%m-%d %H:%M:%S+00'))

    # ---- load into a fresh database and compute everything in one query ----
    out = io.StringIO()
    w = out.write
    w("SET client_min_messages = warning;\nSET datestyle = ISO;\nSET timezone = 'UTC';\n")
    w("CREATE EXTENSION perfeval;\n")
    w("COPY perfeval.calendar (name, working_weekdays, time_zone, valid_from, valid_to) FROM STDIN;\n")
    for c in cals:
        wk = '{' + ','.join(str(j + 1) for j in range(7) if c.mask[j]) + '}'
        w('%s\t%s\t%s\t%s\t%s\n' % (c.name, wk, c.zone, VALID_FROM, VALID_TO))
    w('\\.\n')
    w("COPY perfeval.calendar_day (calendar, day, kind) FROM STDIN;\n")
    for c in cals:
        for d in sorted(c.hol):
            w('%s\t%s\tholiday\n' % (c.name, d))
        for d in sorted(c.wd):
            w('%s\t%s\tworkday\n' % (c.name, d))
    w('\\.\n')
    w("CREATE TABLE arr AS SELECT c.name AS cal, NULL::text AS weekend,"
      " coalesce(array_agg(d.day ORDER BY d.day) FILTER (WHERE d.kind = 'holiday'), '{}') AS hol,"
      " coalesce(array_agg(d.day ORDER BY d.day) FILTER (WHERE d.kind = 'workday'), '{}') AS wd"
      " FROM perfeval.calendar c JOIN perfeval.calendar_day d ON d.calendar = c.name GROUP BY c.name;\n")
    for c in cals:
        w("UPDATE arr SET weekend = '%s' WHERE cal = '%s';\n" % (c.weekend, c.name))
    w("CREATE TABLE cases (id int, fn text, cal text, a date, b date, k int, roll text, ts timestamptz, expected text);\n")
    w("COPY cases FROM STDIN;\n")
    for i, (fn, cal, a, b, k, roll, ts, exp) in enumerate(cases):
        w('\t'.join([str(i), fn, cal, dtxt(a), dtxt(b), '\\N' if k is None else str(k),
                     roll or '\\N', ts or '\\N', '\\N' if exp is None else exp]) + '\n')
    w('\\.\n')
    w("""COPY (
SELECT c.id, CASE c.fn
  WHEN 'workday' THEN perfeval.workday(c.a, c.k, c.cal)::text
  WHEN 'networkdays' THEN perfeval.networkdays(c.a, c.b, c.cal)::text
  WHEN 'is_workday' THEN perfeval.is_workday(c.a, c.cal)::text
  WHEN 'busday_offset' THEN perfeval.busday_offset(c.a, c.k, c.roll, c.cal)::text
  WHEN 'busday_count' THEN perfeval.busday_count(c.a, c.b, c.cal)::text
  WHEN 'deadline' THEN perfeval.deadline(c.ts, c.k, c.cal)::text
  WHEN 'workday_arr' THEN perfeval.workday(c.a, c.k, r.weekend, r.hol, r.wd)::text
  WHEN 'networkdays_arr' THEN perfeval.networkdays(c.a, c.b, r.weekend, r.hol, r.wd)::text
  END
FROM cases c JOIN arr r ON r.cal = c.cal ORDER BY c.id) TO STDOUT;
""")
    subprocess.run(['psql', '-X', '-q', '-d', 'postgres', '-c', 'DROP DATABASE IF EXISTS ' + DB],
                   check=True, capture_output=True)
    subprocess.run(['psql', '-X', '-q', '-d', 'postgres', '-c', 'CREATE DATABASE ' + DB],
                   check=True, capture_output=True)
    t0 = time.time()
    try:
        res = psql(DB, out.getvalue())
    finally:
        subprocess.run(['psql', '-X', '-q', '-d', 'postgres', '-c', 'DROP DATABASE IF EXISTS ' + DB],
                       capture_output=True)
    t1 = time.time()
    got = {}
    for line in res.splitlines():
        i, v = line.split('\t')
        got[int(i)] = None if v == '\\N' else v
    passed = failed = 0
    for i, (fn, cal, a, b, k, roll, ts, exp) in enumerate(cases):
        g = got.get(i, 'missing')
        exp = None if exp == '\\N' else exp
        if g == exp:
            passed += 1
        else:
            failed += 1
            if failed <= 20:
                print('MISMATCH %s(%s, %s, k=%s, roll=%s, ts=%s, cal=%s): got %s, expected %s'
                      % (fn, a, b, k, roll, ts, cal, g, exp))
    print('busday oracle (numpy %s, seed %d; cases built in %.1f s, checked by the server in %.1f s): %d passed, %d failed'
          % (np.__version__, SEED, t0 - T_START, t1 - t0, passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
