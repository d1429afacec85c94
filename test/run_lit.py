#!/usr/bin/python3
"""Runs the lit suite for ctest and fails if any test was not run.

  run_lit.py LIT_PY [lit args...] TEST_DIR

lit reports a test whose REQUIRES feature is missing (torch, torch2: see
lit.cfg.py) as UNSUPPORTED and counts the run as passed. Here that is a
failure: the unsupported tests are listed with the reason lit.cfg.py noted,
and the status is 1. Any other lit failure keeps lit's own status.
"""

import re
import subprocess
import sys


def main():
    lit, rest = sys.argv[1], sys.argv[2:]
    proc = subprocess.Popen([sys.executable, lit, "--show-unsupported"] + rest,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    unsupported, notes, in_list = [], [], False
    for line in proc.stdout:
        sys.stdout.write(line)
        sys.stdout.flush()
        # lit's summary: "Unsupported Tests (N):" then one indented name each
        if re.match(r"Unsupported Tests \(\d+\):", line):
            in_list = True
        elif in_list and line.startswith("  ") and line.strip():
            unsupported.append(line.strip())
        else:
            in_list = False
        if re.search(r"note: torch2?: ", line):
            notes.append(line.strip())
    status = proc.wait()
    if unsupported:
        print("run_lit.py: error: %d test(s) could not run, and nothing may be skipped:" % len(unsupported))
        for name in unsupported:
            print("  " + name)
        for note in notes:
            print("  because " + note)
        return 1
    return status


if __name__ == "__main__":
    sys.exit(main())
