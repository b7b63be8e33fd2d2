#!/usr/bin/python3
"""test/clients/excerpts.py -- the examples of docs/clients.md are literal
excerpts of the client tests: each section of a test between the markers
"--- docs/clients.md: NAME (begin) ---" and "... (end) ---" (dedented) must
appear verbatim in docs/clients.md.  With --print NAME, prints the excerpt
(to paste into the document).  One ok/FAIL line per excerpt; exit 1 on any
FAIL."""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DOC = os.path.join(HERE, '..', '..', 'docs', 'clients.md')
MARK = re.compile(r'^[^\n]*--- docs/clients\.md: (.+?) \(begin\) ---\n(.*?)\n[^\n]*--- docs/clients\.md: \1 \(end\) ---',
                  re.S | re.M)


def excerpts():
    for f in sorted(os.listdir(HERE)):
        if f.endswith(('.py', '.java', '.js')) and f != 'excerpts.py':
            for m in MARK.finditer(open(os.path.join(HERE, f), encoding='utf-8').read()):
                lines = m.group(2).split('\n')
                ind = min(len(l) - len(l.lstrip()) for l in lines if l.strip())
                yield f, m.group(1), '\n'.join(l[ind:] for l in lines)


if len(sys.argv) == 3 and sys.argv[1] == '--print':
    print('\n'.join(t for _, n, t in excerpts() if n == sys.argv[2]))
    sys.exit(0)
doc = open(DOC, encoding='utf-8').read()
bad = 0
for f, name, text in excerpts():
    if text in doc:
        print(f'ok   docs/clients.md shows the {name} of test/clients/{f} verbatim')
    else:
        bad = 1
        print(f'FAIL docs/clients.md does not show the {name} of test/clients/{f} verbatim '
              f'(python3 test/clients/excerpts.py --print "{name}")')
sys.exit(bad)
