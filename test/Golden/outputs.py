#!/usr/bin/python3
"""Every output of the shipped inputs, pinned byte for byte: a guard for
refactorings that must not change behaviour (issue 8).

  outputs.py --bpatc BIN --bpat-import BIN --src-root DIR --work DIR [--update]

Cases: every .bpat under library/ and examples/ (but the tutorial's files)
x every --emit kind (simple, complex, json, runtime-json, runtime-bin, torch --torch-api=1.13 and 2,
cpp-register, cpp-matcher, cpp-matcher --stats, bpat, ast); and bpat-import
on test/Import/Inputs/*.json and on the --emit=json of every port. For each
case the SHA-256 of (exit status, stdout, stderr, with the source root
written as @SRC@) is compared with digests.txt beside this script. --update
rewrites digests.txt; review its diff: any changed line is a behaviour change.
"""

import argparse
import hashlib
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DIGESTS = os.path.join(HERE, "digests.txt")

EMITS = [["--emit=simple"], ["--emit=complex"], ["--emit=json"],
         ["--emit=torch", "--torch-api=1.13"], ["--emit=torch", "--torch-api=2"],
         ["--emit=cpp-register"], ["--emit=cpp-matcher"], ["--emit=cpp-matcher", "--stats"],
         ["--emit=runtime-json"], ["--emit=runtime-bin"], ["--emit=bpat"], ["--emit=ast"]]


def shipped_bpat(src_root):
    files = []
    for top in ("library", "examples"):
        for dirpath, dirnames, filenames in os.walk(os.path.join(src_root, top)):
            dirnames.sort()
            for name in sorted(filenames):
                if name.endswith(".bpat"):
                    files.append(os.path.relpath(os.path.join(dirpath, name), src_root))
    return files


def digest(cmd, src_root, cwd):
    result = subprocess.run(cmd, capture_output=True, cwd=cwd)
    h = hashlib.sha256()
    for part in (str(result.returncode).encode(), result.stdout, result.stderr):
        part = part.replace(src_root.encode(), b"@SRC@")
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.hexdigest(), result


def cases(args):
    src = args.src_root
    library = ["--library-dir", os.path.join(src, "library")]
    for rel in shipped_bpat(src):
        for emit in EMITS:
            yield "bpatc %s %s" % (rel, " ".join(emit)), [args.bpatc, os.path.join(src, rel)] + library + emit
    for name in sorted(os.listdir(os.path.join(src, "test", "Import", "Inputs"))):
        if name.endswith(".json"):
            path = os.path.join(src, "test", "Import", "Inputs", name)
            yield "bpat-import test/Import/Inputs/%s" % name, [args.bpat_import, path] + library
    for rel in shipped_bpat(src):
        if "/backends/" not in rel:
            continue
        dump = os.path.join(args.work, rel.replace("/", "_") + ".json")
        _, result = digest([args.bpatc, os.path.join(src, rel)] + library + ["--emit=json", "-o", dump], src, args.work)
        if result.returncode != 0:
            continue  # a shared group file without a backend
        yield "bpat-import <json of %s>" % rel, [args.bpat_import, dump] + library


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bpatc", required=True)
    parser.add_argument("--bpat-import", required=True)
    parser.add_argument("--src-root", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--update", action="store_true")
    args = parser.parse_args()
    args.src_root = os.path.abspath(args.src_root)
    args.work = os.path.abspath(args.work)
    for tool in ("bpatc", "bpat_import"):
        path = getattr(args, tool)
        setattr(args, tool, os.path.abspath(path) if os.sep in path else shutil.which(path) or path)
    os.makedirs(args.work, exist_ok=True)
    lines = []
    for label, cmd in cases(args):
        h, _ = digest(cmd, args.src_root, args.work)
        lines.append("%s  %s" % (h, label))
    text = "\n".join(lines) + "\n"
    if args.update:
        with open(DIGESTS, "w") as f:
            f.write(text)
        print("wrote %d digests to %s" % (len(lines), DIGESTS))
        return 0
    with open(DIGESTS) as f:
        expected = f.read().splitlines()
    actual = text.splitlines()
    exp_by_label = {l.split("  ", 1)[1]: l.split("  ", 1)[0] for l in expected}
    act_by_label = {l.split("  ", 1)[1]: l.split("  ", 1)[0] for l in actual}
    bad = 0
    for label in sorted(set(exp_by_label) | set(act_by_label)):
        e, a = exp_by_label.get(label), act_by_label.get(label)
        if e != a:
            bad += 1
            what = "new case" if e is None else "case gone" if a is None else "output changed"
            print("CHANGED %s: %s" % (label, what))
    print("%d cases, %d changed" % (len(act_by_label), bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
