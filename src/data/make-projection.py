#!/usr/bin/python3
"""Projects mainland China's statutory public holidays for the years after
the last State Council notice (run once; its output CSV is committed and
shipped, this script and its dependencies are not needed at install time).

    /usr/bin/python3 src/data/make-projection.py 2027 2035 > src/data/cn-calendar-projected-2027-2035.csv

Needs Debian's python3-lunardate and python3-ephem (python3-icu optional,
only reported).  The rules are those of the national regulation on public
holidays (全国年节及纪念日放假办法) as revised in 2024, in force from 2025:

    New Year's Day      1 January                               1 day
    Spring Festival     lunar new year's eve and lunar 1/1-1/3  4 days
    Qingming            the day of the solar term (sun at 15 degrees)  1 day
    Labour Day          1-2 May                                 2 days
    Dragon Boat         lunar 5/5                               1 day
    Mid-Autumn          lunar 8/15                              1 day
    National Day        1-3 October                             3 days

Bridging days and weekend make-up workdays (调休) come only with each year's
notice and are not projected.  Where Mid-Autumn falls on 1-3 October (2028,
2031) the coinciding day is projected on the first Monday-Friday after the
block, so that the year keeps its 13 statutory days off.

Every lunar date comes from two independent sources that must agree, or the
script stops:
  A. python3-lunardate: tables of the Hong Kong Observatory's calendar;
  B. an astronomical computation here, with python3-ephem (libastro, the
     astronomy library of XEphem): months start on the day of the new moon in China Standard
     Time (UTC+8), month 11 holds the winter solstice, and in a year of 13
     months the first month without a principal solar term is the leap month
     (the rules of GB/T 33661-2017).
Qingming is the date (UTC+8) at which the sun's apparent geocentric
longitude of date reaches 15 degrees, found with python3-ephem, and is
cross-checked with the classical approximation [Y*0.2422 + 4.81] - [Y/4].
ICU's Chinese calendar (python3-icu) is printed for comparison only: it puts
some new years a day off when the new moon falls near midnight (2027, 2030).

The script also checks its rules against the official notices of 2023-2026
(src/data/cn-calendar-2023-2026.csv): every projected statutory day of those
years must be an official holiday.
"""
import csv
import datetime as dt
import math
import os
import sys

import ephem
import lunardate

CST = dt.timedelta(hours=8)
HERE = os.path.dirname(os.path.abspath(__file__))


def cst_date(t):
    """The China Standard Time date of an ephem.Date (UTC)."""
    return (ephem.Date(t).datetime() + CST).date()


def sun_longitude(t):
    """Apparent geocentric ecliptic longitude of the sun, of date, in degrees."""
    s = ephem.Sun()
    s.compute(ephem.Date(t), epoch=ephem.Date(t))
    return math.degrees(float(ephem.Ecliptic(s, epoch=ephem.Date(t)).lon))


def solar_term(target, near):
    """The instant (ephem.Date) near `near` when the sun reaches `target` degrees."""
    def f(t):
        return (sun_longitude(t) - target + 180.0) % 360.0 - 180.0
    lo, hi = ephem.Date(near) - 20, ephem.Date(near) + 20
    flo = f(lo)
    for _ in range(60):
        mid = (lo + hi) / 2
        fm = f(mid)
        if (fm < 0) == (flo < 0):
            lo, flo = mid, fm
        else:
            hi = mid
    return ephem.Date((lo + hi) / 2)


def new_moon_days(start, end):
    """CST dates of the new moons from `start` to `end` (datetime.date)."""
    t = ephem.Date(dt.datetime.combine(start, dt.time()) - CST - dt.timedelta(days=1))
    out = []
    while True:
        t = ephem.next_new_moon(t)
        d = cst_date(t)
        if d > end:
            return out
        if d >= start:
            out.append(d)
        t = ephem.Date(t + 1)


def winter_solstice(year):
    return cst_date(solar_term(270.0, dt.datetime(year, 12, 21)))


def principal_term_days(start, end):
    """CST dates of the principal solar terms (multiples of 30 degrees)."""
    days = set()
    for year in range(start.year - 1, end.year + 1):
        for k in range(12):
            lon = 30.0 * k
            # the sun reaches 0 degrees about 20 March and moves ~30.4 days per term
            approx = dt.datetime(year, 3, 20) + dt.timedelta(days=30.44 * k)
            days.add(cst_date(solar_term(lon, approx)))
    return {d for d in days if start <= d <= end}


def astro_lunar_months(year):
    """{(month, leap): first day} for the lunar months from month 11 of the
    previous year up to month 10 of `year`, by the astronomical rules."""
    ws0, ws1 = winter_solstice(year - 1), winter_solstice(year)
    moons = new_moon_days(ws0 - dt.timedelta(days=40), ws1 + dt.timedelta(days=40))
    m11a = max(m for m in moons if m <= ws0)
    m11b = max(m for m in moons if m <= ws1)
    span = [m for m in moons if m11a <= m <= m11b]
    months = span[:-1]                     # the months from 11 (Y-1) to before 11 (Y)
    nxt = {months[i]: span[i + 1] for i in range(len(months))}
    leap_index = None
    if len(months) == 13:
        terms = principal_term_days(m11a, m11b)
        for i, m in enumerate(months):
            if not any(m <= d < nxt[m] for d in terms):
                leap_index = i
                break
    out, number = {}, 11
    for i, m in enumerate(months):
        if i == leap_index:
            out[(number, True)] = m
            continue
        if i > 0:
            number = number % 12 + 1
        out[(number, False)] = m
    return out


def lunar_a(year, month, day):
    return lunardate.LunarDate(year, month, day, False).toSolarDate()


def lunar_b(year, month, day):
    return astro_lunar_months(year)[(month, False)] + dt.timedelta(days=day - 1)


def lunar(year, month, day):
    a, b = lunar_a(year, month, day), lunar_b(year, month, day)
    if a != b:
        sys.exit(f"sources disagree on lunar {year}/{month}/{day}: lunardate {a}, astronomical {b}")
    return a


def qingming(year):
    a = cst_date(solar_term(15.0, dt.datetime(year, 4, 4, 12)))
    y = year % 100
    b = dt.date(year, 4, int(y * 0.2422 + 4.81) - y // 4)
    if a != b:
        sys.exit(f"sources disagree on Qingming {year}: ephem {a}, approximation {b}")
    return a


def icu_new_year(year):
    try:
        import icu
    except ImportError:
        return None
    tz = icu.TimeZone.createTimeZone('Asia/Shanghai')
    cal = icu.Calendar.createInstance(tz, icu.Locale('zh_CN@calendar=chinese'))
    greg = icu.GregorianCalendar(tz)
    greg.set(year, 0, 1, 12, 0, 0)
    d = dt.date(year, 1, 1)
    for _ in range(70):
        cal.setTime(greg.getTime())
        if cal.get(icu.UCalendarDateFields.MONTH) == 0 and cal.get(icu.UCalendarDateFields.DATE) == 1:
            return d
        greg.add(icu.UCalendarDateFields.DATE, 1)
        d += dt.timedelta(days=1)
    return None


NAMES = {
    'new_year': "New Year's Day / 元旦",
    'spring': 'Spring Festival / 春节',
    'qingming': 'Tomb-sweeping Day / 清明节',
    'labour': 'Labour Day / 劳动节',
    'dragon': 'Dragon Boat Festival / 端午节',
    'mid_autumn': 'Mid-autumn Festival / 中秋节',
    'national': 'National Day / 国庆节',
}


def statutory_days(year):
    """[(date, name)] of the statutory days of `year` (2024 regulation)."""
    ny = lunar(year, 1, 1)
    days = [(dt.date(year, 1, 1), NAMES['new_year'])]
    days += [(ny + dt.timedelta(days=k), NAMES['spring']) for k in (-1, 0, 1, 2)]
    days.append((qingming(year), NAMES['qingming']))
    days += [(dt.date(year, 5, d), NAMES['labour']) for d in (1, 2)]
    days.append((lunar(year, 5, 5), NAMES['dragon']))
    days.append((lunar(year, 8, 15), NAMES['mid_autumn']))
    days += [(dt.date(year, 10, d), NAMES['national']) for d in (1, 2, 3)]
    # Mid-Autumn can fall on 1-3 October (2028, 2031): the regulation still
    # gives both holidays, so the coinciding day is projected on the first
    # Monday-Friday after the block (the year keeps its days off; the notice
    # will say which day it really is).
    out, taken = [], set()
    for d, name in sorted(days, key=lambda x: (x[1] == NAMES['mid_autumn'], x[0])):
        while d in taken or (name == NAMES['mid_autumn'] and d.month == 10 and d.weekday() >= 5):
            d += dt.timedelta(days=1)
        taken.add(d)
        out.append((d, name))
    return sorted(out)


def check_against_notices():
    """The rules reproduce every statutory day of the official 2023-2026 notices."""
    official = {}
    with open(os.path.join(HERE, 'cn-calendar-2023-2026.csv'), encoding='utf-8') as f:
        for r in csv.DictReader(f):
            official[dt.date.fromisoformat(r['date'])] = r['kind']
    bad = []
    for year in range(2023, 2027):
        for d, name in statutory_days(year):
            # before 2025 the eve and the second 1-2 May day were not statutory
            if year < 2025 and (name == NAMES['spring'] and d < lunar(year, 1, 1) or d == dt.date(year, 5, 2)):
                continue
            if official.get(d) != 'holiday':
                bad.append(f"{d} {name}")
    if bad:
        sys.exit("the rules miss official holidays: " + ", ".join(bad))


def main():
    first, last = int(sys.argv[1]), int(sys.argv[2])
    check_against_notices()
    w = csv.writer(sys.stdout, lineterminator='\n')
    w.writerow(['date', 'weekday', 'kind', 'name'])
    for year in range(first, last + 1):
        icu_ny = icu_new_year(year)
        if icu_ny is not None and icu_ny != lunar(year, 1, 1):
            print(f"note: ICU puts the {year} lunar new year on {icu_ny}, "
                  f"lunardate and the astronomical computation on {lunar(year, 1, 1)}", file=sys.stderr)
        for d, name in statutory_days(year):
            w.writerow([d.isoformat(), d.strftime('%a'), 'holiday', name])


if __name__ == '__main__':
    main()
