#!/usr/bin/env python3
"""Checks a PNG rendered from perfeval.report_html by headless Chromium.

Usage: check_png.py PNG WIDTH HEIGHT [--crop OUT]

Prints one ok/FAIL line per check, exits 1 on a failure:
  - the picture has the size asked for (the window size given to Chromium);
  - it is not blank: at least 8% of its pixels are not white;
  - the charts were drawn: each of the five grade colours of the grade
    bars (report_grade_color) covers at least 150 pixels;
  - text was drawn: at least 1,500 dark (text) pixels in the top 200 rows,
    where the title and the summary are.
With --crop OUT it also writes the picture cut below its last non-white
row (plus a margin) to OUT: docs/report.png is made that way.
"""
import sys
from PIL import Image

GRADES = {'excellent': (0x1a, 0x98, 0x50), 'good': (0x91, 0xcf, 0x60), 'medium': (0xfe, 0xe0, 0x8b),
          'pass': (0xfc, 0x8d, 0x59), 'fail': (0xd7, 0x30, 0x27)}


def near(p, c, tol=6):
    return all(abs(a - b) <= tol for a, b in zip(p, c))


def main(argv):
    path, width, height = argv[1], int(argv[2]), int(argv[3])
    crop = argv[argv.index('--crop') + 1] if '--crop' in argv else None
    img = Image.open(path).convert('RGB')
    status = 0

    def check(cond, what):
        nonlocal status
        print('report png: %s - %s' % ('ok' if cond else 'FAIL', what))
        if not cond:
            status = 1

    check(img.size == (width, height), 'size %dx%d (asked %dx%d)' % (img.size + (width, height)))
    px = list(img.getdata())
    w = img.size[0]
    nonwhite = sum(1 for p in px if min(p) < 245)
    check(nonwhite >= 0.08 * len(px), 'not blank: %.1f%% of the pixels are not white' % (100.0 * nonwhite / len(px)))
    for name, colour in GRADES.items():
        n = sum(1 for p in px if near(p, colour))
        check(n >= 150, 'grade bars drawn: %d pixels of the %s colour #%02x%02x%02x' % ((n, name) + colour))
    dark = sum(1 for p in px[:200 * w] if max(p) < 130)
    check(dark >= 1500, 'text drawn: %d dark pixels in the title and summary' % dark)
    if crop:
        last = 0
        for y in range(img.size[1] - 1, -1, -1):
            row = px[y * w:(y + 1) * w]
            if any(min(p) < 245 for p in row):
                last = y
                break
        img.crop((0, 0, w, min(img.size[1], last + 24))).save(crop, optimize=True)
        print('report png: wrote %s (%dx%d)' % (crop, w, min(img.size[1], last + 24)))
    return status


if __name__ == '__main__':
    sys.exit(main(sys.argv))
