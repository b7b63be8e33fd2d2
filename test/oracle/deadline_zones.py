#!/usr/bin/env python3
"""Oracle for perfeval.deadline() at local midnights that a time-zone
transition moves, repeats or skips (H-6.3.3, H-8: the first late instant is
the first instant of the local day after the N-th working day).

For every zone of pg_timezone_names, the script reads the zone's own TZif
file (the server uses the system tzdata, /usr/share/zoneinfo) and lists its
transitions.  A transition is "at local midnight" when the wall clock just
before or just after it reads 00:00, or when it moves the local date (the
clock jumps over or back across midnight).  For every such transition and
every local day D from the day before to the day after it, the expected
first instant of D is computed exactly from the offset segments: in a
segment [b_i, b_i+1) with offset o the wall clock t + o increases, so its
first instant at or past midnight M is max(b_i, M - o); the answer is the
least over the segments.  Cases (every working day a working day, so the
N-th working day after the event's local date L is L + N):
  event = E(D) - 1 s, days 0 and 1;  event = E(D), days 0
each expected to equal E(L + days + 1), with L the event's local date from
the same segments.  Only transitions strictly inside the span of explicit
transitions are used (the POSIX footer rule after 2037 is not parsed), and
zones with leap-second records (right/...) are skipped: their clocks count
leap seconds.  Names whose file is byte for byte another's (links, posix/
copies) are tested once.

Talks to the server through psql (PGHOST/PGPORT/PGUSER from the
environment), creates and drops its own database; prints 'deadline zones:
N zones, N passed, N failed' and exits non-zero on any mismatch.
"""
import bisect
import os
import struct
import subprocess
import sys

DB = os.environ.get('PE_DEADLINE_DB', 'perfeval_deadline_zones')
TZDIR = os.environ.get('PE_TZDIR', '/usr/share/zoneinfo')
DAY = 86400
# day number of 1970-01-01 counted from 0001-01-01 (proleptic Gregorian)
UNIX_ORDINAL = 719163


def psql(db, script):
    """Runs a psql script, returns its stdout; raises on any error."""
    p = subprocess.run(['psql', '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', db],
                       input=script, capture_output=True, text=True)
    if p.returncode != 0:
        sys.stderr.write(p.stderr)
        raise SystemExit('psql failed (exit %d)' % p.returncode)
    return p.stdout


def tzif(path):
    """Returns (transition times, offset after each, offset of type 0), or
    None for a file with leap seconds or no transitions (64-bit v2+ block)."""
    with open(path, 'rb') as f:
        b = f.read()
    if b[:4] != b'TZif':
        return None

    def header(off):
        return struct.unpack('>6l', b[off + 20:off + 44])

    isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt = header(0)
    if b[4:5] == b'\0':
        return None
    off = 44 + timecnt * 5 + typecnt * 6 + charcnt + leapcnt * 8 + isstdcnt + isutcnt
    isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt = header(off)
    if leapcnt or timecnt < 2:
        return None
    off += 44
    ats = list(struct.unpack('>%dq' % timecnt, b[off:off + 8 * timecnt]))
    off += 8 * timecnt
    idx = b[off:off + timecnt]
    off += timecnt
    utoff = [struct.unpack('>lBB', b[off + 6 * i:off + 6 * i + 6])[0] for i in range(typecnt)]
    return ats, [utoff[i] for i in idx], utoff[0]


class Zone:
    """Offset segments of one zone: [ats[i], ats[i+1]) has offset offs[i]."""

    def __init__(self, ats, offs, first):
        self.ats = ats
        self.offs = offs
        self.first = first

    def offset(self, t):
        i = bisect.bisect_right(self.ats, t) - 1
        return self.first if i < 0 else self.offs[i]

    def local_day(self, t):
        return (t + self.offset(t)) // DAY

    def first_instant(self, d):
        """First instant (Unix seconds) whose local day number is >= d."""
        m = d * DAY
        lo = bisect.bisect_right(self.ats, m - 2 * DAY) - 1
        best = None
        for i in range(max(lo, 0), len(self.ats)):
            start = self.ats[i]
            if start > m + 2 * DAY:
                break
            end = self.ats[i + 1] if i + 1 < len(self.ats) else None
            c = max(start, m - self.offs[i])
            if (end is None or c < end) and (best is None or c < best):
                best = c
        return best


def day_text(d):
    import datetime as dt
    return dt.date.fromordinal(d + UNIX_ORDINAL).isoformat()


def main():
    names = psql('postgres', "SELECT name FROM pg_timezone_names ORDER BY name;").split()
    cases = []
    zones_used = []
    seen = {}
    for name in names:
        path = os.path.join(TZDIR, name)
        if not os.path.isfile(path):
            continue
        with open(path, 'rb') as f:
            data = f.read()
        if data in seen:            # a link or a posix/ copy: same data, tested once
            seen[data] += 1
            continue
        seen[data] = 1
        z = tzif(path)
        if z is None:
            continue
        ats, offs, first = z
        zone = Zone(ats, offs, first)
        days = set()
        # transitions strictly inside the explicit span, away from its ends
        for i in range(1, len(ats) - 1):
            b, ob, oa = ats[i], offs[i - 1], offs[i]
            if ob == oa or b - ats[0] < 4 * DAY or ats[-1] - b < 4 * DAY:
                continue
            wb, wa = b + ob, b + oa
            if wb % DAY == 0 or wa % DAY == 0 or (wb - 1) // DAY != wa // DAY:
                lo, hi = min(wb, wa) // DAY - 1, max(wb, wa) // DAY + 1
                days.update(range(lo, hi + 1))
        if not days:
            continue
        zones_used.append(name)
        for d in sorted(days):
            e = zone.first_instant(d)
            for ev, k in ((e - 1, 0), (e - 1, 1), (e, 0)):
                exp = zone.first_instant(zone.local_day(ev) + k + 1)
                cases.append((name, ev, k, exp))

    out = []
    w = out.append
    w("CREATE EXTENSION perfeval;\n")
    w("COPY perfeval.calendar (name, working_weekdays, time_zone, valid_from, valid_to) FROM STDIN;\n")
    for name in zones_used:
        w("%s\t{1,2,3,4,5,6,7}\t%s\t0001-01-01\t3000-12-31\n" % (name, name))
    w("\\.\n")
    w("CREATE TABLE cases (id int, cal text, ev bigint, k int, expected bigint);\n")
    w("COPY cases FROM STDIN;\n")
    for i, (name, ev, k, exp) in enumerate(cases):
        w("%d\t%s\t%d\t%d\t%d\n" % (i, name, ev, k, exp))
    w("\\.\n")
    w("""SELECT r.id, r.got FROM (
    SELECT c.id, c.expected,
           extract(epoch FROM perfeval.deadline(pg_catalog.to_timestamp(c.ev), c.k, c.cal)) AS got
    FROM cases AS c OFFSET 0) AS r
WHERE r.got IS DISTINCT FROM r.expected
ORDER BY r.id;
""")
    psql('postgres', 'DROP DATABASE IF EXISTS %s; CREATE DATABASE %s;' % (DB, DB))
    try:
        res = psql(DB, ''.join(out))
    finally:
        psql('postgres', 'DROP DATABASE IF EXISTS %s;' % DB)
    bad = [line.split('|') for line in res.split()]
    for cid, got in bad[:20]:
        name, ev, k, exp = cases[int(cid)]
        print('FAIL %s deadline(to_timestamp(%d), %d): got %s, expected %d (local day %s)'
              % (name, ev, k, got, exp, day_text(Zone(*tzif(os.path.join(TZDIR, name))).local_day(ev))))
    print('deadline zones: %d zones with a transition at local midnight (%d distinct zone files '
          'for %d names), %d passed, %d failed'
          % (len(zones_used), len(seen), sum(seen.values()), len(cases) - len(bad), len(bad)))
    return 1 if bad or not cases else 0


if __name__ == '__main__':
    sys.exit(main())
