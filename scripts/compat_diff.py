"""Compare two runs of Odoo's own tests: without our addons (base) and with them (ours).

Usage: compat_diff.py BASE_LOG OURS_LOG COUNT_FILE

A test that fails only with our addons is our bug: it is listed with the exception its
traceback ended in and counted as failed. Tests failing in both runs are Odoo's own (this
machine, its fonts, its network) and are listed apart, counted in neither column. Writes
"passed failed skipped" to COUNT_FILE (the format `count_results.py summary` reads) and prints
both runs' counts and the differences. Exits 1 when a run did not finish or a test fails only
with our addons.
"""

import re
import sys
from pathlib import Path

from count_results import ODOO_TOTAL as TOTAL

# "<date> <time> <pid> ERROR <db> odoo.addons.sale.tests.test_x: FAIL: TestX.test_y"
FAILURE = re.compile(r" ERROR \S+ (odoo\.addons\.[\w.]+): (FAIL|ERROR): (.+)$")
LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ ")
# The line naming the exception, e.g. "odoo.exceptions.AccessError: You are not allowed ..."
EXCEPTION = re.compile(r"^[\w.]*(Error|Exception|Failure|Warning)\b.*:")


def read_run(path):
    """(tests run, {test id: exception line}) or (None, {}) when the run did not end."""
    text = Path(path).read_text(errors="replace") if Path(path).exists() else ""
    totals = TOTAL.findall(text)
    if not totals:
        return None, {}
    run = sum(int(t) for _, _, t in totals)
    failures = {}
    current = None
    for line in text.splitlines():
        match = FAILURE.search(line)
        if match:
            module = match.group(1).split(".tests.")[0].replace("odoo.addons.", "")
            current = "%s: %s" % (module, match.group(3).strip())
            failures[current] = ""
            continue
        if LOG_LINE.match(line):
            current = None
        elif current and EXCEPTION.match(line.strip()):
            failures[current] = line.strip()[:200]  # the last exception raised
    return run, failures


def main(base_log, ours_log, count_file):
    base_run, base_fail = read_run(base_log)
    ours_run, ours_fail = read_run(ours_log)
    for label, run, log in (("without our addons", base_run, base_log),
                            ("with our addons", ours_run, ours_log)):
        if run is None:
            print("compat: the run %s did not report results (install failed?): see %s"
                  % (label, log))
            Path(count_file).write_text("0 1 0\n")
            return 1
    print("compat: without our addons %d tests, %d failed; with our addons %d tests, %d failed"
          % (base_run, len(base_fail), ours_run, len(ours_fail)))
    ours_only = sorted(set(ours_fail) - set(base_fail))
    both = sorted(set(ours_fail) & set(base_fail))
    fixed = sorted(set(base_fail) - set(ours_fail))
    for test in ours_only:
        print("  FAILS ONLY WITH OUR ADDONS  %s\n      %s" % (test, ours_fail[test]))
    for test in both:
        print("  fails without our addons too (Odoo's own)  %s" % test)
    for test in fixed:
        print("  fails only without our addons (flaky?)  %s" % test)
    print("compat: %d tests fail only with our addons" % len(ours_only))
    Path(count_file).write_text("%d %d 0\n" % (ours_run - len(ours_fail), len(ours_only)))
    return 1 if ours_only else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
