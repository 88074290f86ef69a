"""Print Odoo's requirements.txt with the overrides of odoo-constraints.txt applied.

Usage: odoo_requirements.py ODOO_REQUIREMENTS OVERRIDES
A line of OVERRIDES replaces every line of ODOO_REQUIREMENTS naming the same package.
"""

import re
import sys

NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def package(line):
    line = line.split("#", 1)[0]
    match = NAME.match(line)
    return match.group(1).lower().replace("_", "-") if match else None


def main(requirements, overrides):
    with open(overrides) as f:
        replace = [line.strip() for line in f if package(line)]
    names = {package(line) for line in replace}
    with open(requirements) as f:
        kept = [line.rstrip("\n") for line in f if package(line) not in names]
    print("\n".join(kept + ["# overrides (scripts/odoo-constraints.txt)"] + replace))


if __name__ == "__main__":
    main(*sys.argv[1:3])
