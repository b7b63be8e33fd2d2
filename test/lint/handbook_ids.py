#!/usr/bin/env python3
"""Lint: every handbook id cited in the repository is defined in docs/handbook.md.

Usage (from anywhere; paths are taken relative to the repository root):

    /usr/bin/python3 test/lint/handbook_ids.py        check, exit 1 on a finding
    /usr/bin/python3 test/lint/handbook_ids.py -v     also list every cited id with its count

What counts as a definition (docs/handbook.md):
  - a list entry that opens with the id in bold:    - **H-8.2.2** ...
  - a heading that opens with the id:               ## H-8 ...   /   ### H-8.2 ...
  Chapters (H-n) and sections (H-n.m) are defined by their headings, rules by their
  entries.  A cited prefix of rules (H-8, H-3.1) is therefore defined exactly when its
  heading exists; the lint makes sure of that by also checking the file itself: an id
  defined twice, or a defined id whose chapter or section (every proper prefix, H-8.2
  and H-8 for H-8.2.2) is not defined, is a finding too.

What counts as a citation: "H-" followed by digits and dots, not preceded by a letter,
digit or underscore, in README.md, CHANGELOG.md and every text file under docs/, src/,
sql/, expected/ and test/ (this script excepted: its examples are not citations; in
docs/handbook.md the label of an entry or heading is a definition, not a citation).
  - H-6.3.3, H-6.3.3. (end of a sentence), 'H-6.3.3' (in SQL)  -> H-6.3.3
  - H-8.2.1 (3), an item of a rule                              -> H-8.2.1 (items are
    not ids; the handbook numbers them inside the rule's entry)
  - H-2.2.x, any rule of a section                              -> H-2.2
  - ranges of siblings, the last number(s) replaced:
        H-3.2.6-7     -> H-3.2.6, H-3.2.7
        H-6.3.1-2     -> H-6.3.1, H-6.3.2
        H-7.1-7.3     -> H-7.1, H-7.2, H-7.3
        H-2.1-H-2.4   -> H-2.1, H-2.2, H-2.3, H-2.4
        H-1..H-5      -> H-1, H-2, H-3, H-4, H-5
    A range whose end is not a later sibling of its start (H-7.3-1, H-7.1-8.2) or that
    spans more than 50 ids is reported as malformed.
Generated files are skipped like .gitignore skips them (results/, output_iso/, log/,
tmp_check/, __pycache__/, hidden directories, *.o, *.so, *.bc, regression.diffs,
regression.out), and so is any file that is not UTF-8 text.

Output: on success one line, "handbook ids: N cited, all defined in docs/handbook.md",
N being the number of distinct ids cited (ranges expanded).  Otherwise one line per
finding, "file:line: message", then a summary line, and exit status 1.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HANDBOOK = "docs/handbook.md"
SELF = os.path.relpath(os.path.abspath(__file__), ROOT)
TOP_FILES = ["README.md", "CHANGELOG.md"]
TOP_DIRS = ["docs", "src", "sql", "expected", "test"]
SKIP_DIRS = {"results", "output_iso", "log", "tmp_check", "__pycache__"}
SKIP_FILES = {"regression.diffs", "regression.out"}
SKIP_SUFFIXES = (".o", ".so", ".bc")
MAX_RANGE = 50

ID = r"H-(\d+(?:\.\d+)*)"
CITATION = re.compile(r"(?<![A-Za-z0-9_])" + ID + r"(?:(?:-|\.\.)(?:H-)?(\d+(?:\.\d+)*))?(?![0-9])")
ENTRY = re.compile(r"^\s*[-*+]\s+\*\*" + ID + r"\*\*")
HEADING = re.compile(r"^#{1,6}\s+" + ID + r"(?![0-9.]*[0-9])")


def parse(text):
    return tuple(int(p) for p in text.split("."))


def show(nums):
    return "H-" + ".".join(str(n) for n in nums)


def expand(start, end):
    """The ids of a citation: [start], or start..end for a range; None if malformed."""
    if end is None:
        return [start]
    if len(end) > len(start):
        return None
    whole = start[:len(start) - len(end)] + end
    if whole[:-1] != start[:-1] or whole[-1] <= start[-1] or whole[-1] - start[-1] >= MAX_RANGE:
        return None
    return [start[:-1] + (n,) for n in range(start[-1], whole[-1] + 1)]


def definitions(findings):
    """The ids docs/handbook.md defines, checking the file's own consistency."""
    path = os.path.join(ROOT, HANDBOOK)
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except OSError as e:
        findings.append("%s: cannot be read (%s)" % (HANDBOOK, e.strerror))
        return {}
    defined = {}
    for no, line in enumerate(lines, 1):
        m = ENTRY.match(line) or HEADING.match(line)
        if not m:
            continue
        nums = parse(m.group(1))
        if nums in defined:
            findings.append("%s:%d: %s defined again (first at line %d)"
                            % (HANDBOOK, no, show(nums), defined[nums]))
            continue
        defined[nums] = no
    for nums, no in sorted(defined.items()):
        for k in range(1, len(nums)):
            if nums[:k] not in defined:
                findings.append("%s:%d: %s is defined but its chapter or section %s is not"
                                % (HANDBOOK, no, show(nums), show(nums[:k])))
    return defined


def files():
    """The files to scan, relative to the root, in a stable order."""
    for name in TOP_FILES:
        if os.path.isfile(os.path.join(ROOT, name)):
            yield name
    for top in TOP_DIRS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(ROOT, top)):
            dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not d.startswith("."))
            for name in sorted(filenames):
                if name in SKIP_FILES or name.endswith(SKIP_SUFFIXES) or name.startswith("."):
                    continue
                rel = os.path.relpath(os.path.join(dirpath, name), ROOT)
                if rel != SELF:
                    yield rel


def read_text(rel):
    try:
        with open(os.path.join(ROOT, rel), "rb") as f:
            data = f.read()
        if b"\0" in data:
            return None
        return data.decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def main(argv):
    verbose = "-v" in argv[1:]
    findings = []
    defined = definitions(findings)
    cited = {}
    for rel in files():
        text = read_text(rel)
        if text is None:
            continue
        for no, line in enumerate(text.splitlines(), 1):
            label = rel == HANDBOOK and (ENTRY.match(line) or HEADING.match(line))
            for m in CITATION.finditer(line):
                if label and m.start() == label.start(1) - 2:
                    continue  # the definition itself, not a citation
                start = parse(m.group(1))
                end = parse(m.group(2)) if m.group(2) else None
                ids = expand(start, end)
                if ids is None:
                    findings.append("%s:%d: malformed range %s" % (rel, no, m.group(0)))
                    continue
                for nums in ids:
                    cited[nums] = cited.get(nums, 0) + 1
                    if defined and nums not in defined:
                        findings.append("%s:%d: %s is not defined in %s"
                                        % (rel, no, show(nums), HANDBOOK))
    if verbose:
        for nums in sorted(cited):
            print("%-10s %5d" % (show(nums), cited[nums]))
    if findings:
        for f in findings:
            print(f)
        print("handbook ids: %d cited, %d finding%s against %s"
              % (len(cited), len(findings), "" if len(findings) == 1 else "s", HANDBOOK))
        return 1
    print("handbook ids: %d cited, all defined in %s" % (len(cited), HANDBOOK))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
