#!/usr/bin/python3
"""Mends file banners that clang-format wrapped: an LLVM banner is one line,
`//===- NAME - TITLE ---...---*- C++ -*-===//`, exactly 80 columns. A banner
split over two lines (the second being `//-*-===//`) is joined and its title
shortened at a word boundary until it fits.

  utils/fix-banners.py FILE...      (rewrites the files it mends, lists them)
  utils/fix-banners.py --check FILE...   (exit 1 if any banner is broken)
"""
import sys

TAIL = "-*- C++ -*-===//"


def mend(lines):
    if len(lines) < 2 or not lines[0].startswith("//===- ") or lines[1].strip() not in ("//-*-===//",):
        return None
    head = lines[0].rstrip("\n")
    # "//===- NAME - TITLE -...-*- C++" -> NAME and TITLE
    body = head[len("//===- "):]
    body = body.rsplit("-*- C++", 1)[0].rstrip("- ").rstrip()
    while len("//===- " + body + " -") + len(TAIL) > 80 and " " in body:
        body = body.rsplit(" ", 1)[0]
    prefix = "//===- " + body + " "
    banner = prefix + "-" * (80 - len(prefix) - len(TAIL)) + TAIL + "\n"
    return [banner] + lines[2:]


def main():
    args = sys.argv[1:]
    check = "--check" in args
    broken = 0
    for path in [a for a in args if a != "--check"]:
        with open(path) as f:
            lines = f.readlines()
        fixed = mend(lines)
        if fixed is None:
            continue
        broken += 1
        print(path)
        if not check:
            with open(path, "w") as f:
                f.writelines(fixed)
    return 1 if check and broken else 0


if __name__ == "__main__":
    sys.exit(main())
