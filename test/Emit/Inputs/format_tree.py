"""Formats every .bpat file of a tree with `bpatc --emit=bpat` and checks:
- formatting is idempotent (formatting the output gives the same text);
- no comment is lost (same number of comments, same comment texts);
- the formatted tree compiles to the same --emit=json for every backend.
Usage: format_tree.py BPATC SOURCE_DIR WORK_DIR [INCLUDE_DIR]
(INCLUDE_DIR, passed as -I to every run: where imports outside the tree are
found, e.g. the shipped library for examples that import "torch/...").
Prints one line per file and a summary; exits 1 on any failure."""
import os
import shutil
import subprocess
import sys

bpatc, source, work = sys.argv[1:4]
include = ["-I=" + sys.argv[4]] if len(sys.argv) > 4 else []


def comments(text):
    """The comments of a .bpat text, in order (strings are skipped)."""
    found, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            i += 1
            while i < n and text[i] not in '"\n':
                i += 2 if text[i] == "\\" else 1
            i += 1
        elif text.startswith("//", i):
            end = text.find("\n", i)
            end = n if end < 0 else end
            found.append(text[i:end].rstrip())
            i = end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
            found.append(text[i:end])
            i = end
        else:
            i += 1
    return found


def run(*args):
    return subprocess.run([bpatc, *args, *include], capture_output=True, text=True)


def backends(path):
    out = run(path, "--emit=simple", "-w", "--library-dir", formatted_root)
    return [l.split()[2] for l in out.stdout.splitlines() if l.startswith("# backend ")]


original_root = os.path.join(work, "original")
formatted_root = os.path.join(work, "formatted")
shutil.rmtree(work, ignore_errors=True)
shutil.copytree(source, original_root)
shutil.copytree(source, formatted_root)

failures = 0
files = sorted(os.path.relpath(os.path.join(d, f), original_root)
               for d, _, fs in os.walk(original_root) for f in fs if f.endswith(".bpat"))
for rel in files:
    src = os.path.join(original_root, rel)
    once = run(src, "--emit=bpat", "--library-dir", original_root)
    if once.returncode:
        print("FAIL %s: does not format: %s" % (rel, once.stderr))
        failures += 1
        continue
    dst = os.path.join(formatted_root, rel)
    with open(dst, "w") as f:
        f.write(once.stdout)
    twice = run(dst, "--emit=bpat", "--library-dir", formatted_root)
    problems = []
    if twice.stdout != once.stdout:
        problems.append("not idempotent")
    before, after = comments(open(src).read()), comments(once.stdout)
    if [c.strip() for c in before] != [c.strip() for c in after]:
        problems.append("comments differ: %d before, %d after" % (len(before), len(after)))
    print("%s %s: %d comments%s" % ("FAIL" if problems else "ok", rel, len(before),
                                   "; " + "; ".join(problems) if problems else ""))
    failures += bool(problems)

compared = 0
for rel in files:
    for name in backends(os.path.join(formatted_root, rel)):
        a = run(os.path.join(original_root, rel), "--emit=json", "--backend", name,
                "--library-dir", original_root)
        b = run(os.path.join(formatted_root, rel), "--emit=json", "--backend", name,
                "--library-dir", formatted_root)
        compared += 1
        if a.returncode or a.stdout != b.stdout:
            print("FAIL %s backend %s: JSON differs after formatting" % (rel, name))
            failures += 1
print("%d files, %d backends compared, %d failures" % (len(files), compared, failures))
sys.exit(1 if failures else 0)
