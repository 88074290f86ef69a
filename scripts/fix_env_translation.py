#!/usr/bin/env python3
"""Rewrite ``_("...")`` to Odoo 18's ``self.env._("...")`` where pylint-odoo asks for it
(``prefer-env-translation``), then let ruff drop the ``_`` imports left unused.

    python3 scripts/fix_env_translation.py [addon ...]

In controllers (no ``self.env``) the call becomes ``request.env._``. A line pylint names but
where no ``_(`` call is found is printed for a person to look at. Run it again: it is idempotent.
"""
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CALL = re.compile(r"(?<![\w.])_\(")
MAX_LINE = 100  # ruff's line-length (pyproject.toml)


def reported(addons):
    out = subprocess.run(
        [sys.executable, "-m", "pylint", "--rcfile=%s" % (ROOT / ".pylintrc"), "--disable=all",
         "--enable=prefer-env-translation", "--msg-template={path}:{line}", *addons],
        capture_output=True, text=True, cwd=ROOT).stdout
    lines = defaultdict(set)
    for row in out.splitlines():
        path, _sep, line = row.rpartition(":")
        if line.isdigit():
            lines[ROOT / path].add(int(line))
    return lines


def main(argv):
    addons = argv or sorted(p.parent.name for p in ROOT.glob("*/__manifest__.py"))
    todo = reported(addons)
    for path, numbers in sorted(todo.items()):
        text = path.read_text().splitlines(keepends=True)
        env = "request.env" if "/controllers/" in str(path) else "self.env"
        for number in sorted(numbers):
            line = text[number - 1]
            if not CALL.search(line):
                print("look at %s:%d" % (path.relative_to(ROOT), number))
                continue
            line = CALL.sub(env + "._(", line)
            if len(line.rstrip("\n")) > MAX_LINE:
                # Too long now: the message moves to its own line under the call.
                cut = line.index(env + "._(") + len(env + "._(")
                indent = len(line) - len(line.lstrip())
                line = line[:cut] + "\n" + " " * (indent + 4) + line[cut:].lstrip()
            text[number - 1] = line
        path.write_text("".join(text))
        print("%s: %d call(s)" % (path.relative_to(ROOT), len(numbers)))
    files = [str(p) for p in todo]
    if files:
        subprocess.run([sys.executable, "-m", "ruff", "check", "--select", "F401", "--fix",
                        "--quiet", *files], cwd=ROOT)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
