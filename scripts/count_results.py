"""Turn test outputs into counts, and the counts into the one summary line of `make test`.

Usage:
  count_results.py junit FILE LABEL    -> "passed failed skipped" from a pytest JUnit XML file
  count_results.py odoo LOG LABEL      -> same, from an Odoo --test-enable log
  count_results.py summary DIR [SKIP…] -> prints the skipped reasons and the final line,
                                          exits 1 when anything failed or nothing ran
"""

import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ODOO_TOTAL = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests")
ODOO_SKIP = re.compile(r"odoo\.tests\.result: skipped (\S+) : (.*)$")


def junit(path):
    """Counts per test, from the <testcase> elements: pytest (9+) adds each unittest subTest to
    the suite's ``tests`` attribute but reports a failed subtest on its test's <testcase>, so
    a test with a failing subtest is one failed test, as in Odoo's count of tests."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError):
        return 0, 1, 0, ["no JUnit report at %s (the runner crashed)" % path]
    outcome = {}
    reasons = []
    for case in root.iter("testcase"):
        key = (case.get("classname"), case.get("name"))
        tags = {child.tag for child in case}
        if tags & {"failure", "error"}:
            outcome[key] = "failed"
        elif "skipped" in tags:
            outcome.setdefault(key, "skipped")
            reasons += ["%s: %s" % (case.get("name"), skip.get("message", ""))
                        for skip in case.findall("skipped")]
        else:
            outcome.setdefault(key, "passed")
    counts = [sum(1 for v in outcome.values() if v == kind)
              for kind in ("passed", "failed", "skipped")]
    if not outcome:
        # nothing ran: an error the report holds without a test
        suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
        counts[1] += sum(int(s.get("errors", 0)) + int(s.get("failures", 0)) for s in suites)
    return counts[0], counts[1], counts[2], reasons


def odoo(path):
    text = Path(path).read_text(errors="replace") if Path(path).exists() else ""
    totals = ODOO_TOTAL.findall(text)
    if not totals:
        return 0, 1, 0, ["Odoo did not report test results (install failed?): see %s" % path]
    failed = sum(int(f) + int(e) for f, e, _ in totals)
    run = sum(int(t) for _, _, t in totals)
    reasons = []
    for line in text.splitlines():
        match = ODOO_SKIP.search(line)
        if match:
            reasons.append("%s: %s" % match.groups())
    skipped = len(reasons)
    # A skipped test still counts in Odoo's "of N tests"; it is neither passed nor failed.
    return max(run - failed - skipped, 0), failed, skipped, reasons


def main(argv):
    mode = argv[1]
    if mode in ("junit", "odoo"):
        passed, failed, skipped, reasons = (junit if mode == "junit" else odoo)(argv[2])
        print(passed, failed, skipped)
        for reason in reasons:
            print("skip", argv[3], reason)
        return 0
    directory = Path(argv[2])
    passed = failed = skipped = 0
    parts = []
    for name in ("tier1", "ruff", "precommit", "tier2", "e2e", "compat"):
        path = directory / ("%s.count" % name)
        if not path.exists():
            continue
        lines = path.read_text().splitlines()
        p, f, s = (int(x) for x in lines[0].split())
        passed, failed, skipped = passed + p, failed + f, skipped + s
        parts.append("%s %d passed / %d failed / %d skipped" % (name, p, f, s))
        for line in lines[1:]:
            print("  skipped (%s)" % line.split(" ", 1)[1])
    for reason in argv[3:]:
        print("  skipped:", reason)
    print("  " + "; ".join(parts))
    print("%d passed, %d failed, %d skipped" % (passed, failed, skipped))
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
