"""Compiles the C++ that bpatc generates for a .bpat file, warning-free.

  compile_generated.py BPATC SRC_ROOT OUT_DIR [--diagonal] FILE.bpat ...

For each file: --emit=cpp-register and --emit=cpp-matcher, a main.cpp whose
Hooks class is the one the register header's opening comment asks for (each
listed function given a trivial body), registerBackend<Hooks> instantiated and
the tables viewed, then every compiler (g++, clang++) x standard (c++17,
c++20) with -Wall -Wextra -Wpedantic -Werror, -fsyntax-only; with
--diagonal only g++ c++17 and clang++ c++20 (for the many files that only
need to show the common case). Prints one line
per file and compiler; exit status 1 if any failed (with its messages).
"""
import os
import re
import subprocess
import sys

bpatc, src_root, out_dir = sys.argv[1:4]
files = sys.argv[4:]
diagonal = "--diagonal" in files
files = [f for f in files if f != "--diagonal"]
include = os.path.join(src_root, "include")
COMPILERS = ["g++", "clang++"]
STANDARDS = ["c++17", "c++20"]
FLAGS = ["-Wall", "-Wextra", "-Wpedantic", "-Werror", "-fsyntax-only"]

failed = 0
for path in files:
    name = os.path.splitext(os.path.basename(path))[0]
    work = os.path.join(out_dir, name + "-" + str(abs(hash(path)) % 100000))
    os.makedirs(work, exist_ok=True)
    for emit, out in (("cpp-register", "register.h"), ("cpp-matcher", "matcher.h")):
        r = subprocess.run([bpatc, path, "--emit=" + emit, "-o", os.path.join(work, out),
                            "--library-dir", os.path.join(src_root, "library")],
                           capture_output=True, text=True)
        if r.returncode != 0:
            print("FAILED %s: bpatc --emit=%s:\n%s" % (path, emit, r.stderr))
            failed += 1
            break
    else:
        header = open(os.path.join(work, "register.h")).read()
        ns = re.search(r"^namespace (bpat_gen_\w+) \{", header, re.M).group(1)
        hooks = re.findall(r"^//\s+(static bpat::rt::Expected<(.+?)> \w+\(.*\));", header, re.M)
        bodies = "\n".join("  %s { return %s{}; }" % (h, t) for h, t in hooks)
        matcher = open(os.path.join(work, "matcher.h")).read()
        tables = re.findall(r"^\s*(?:inline )?constexpr bpat::rt::MatcherTableView (\w+)", matcher, re.M)
        uses = "\n".join("  (void)%s::matcher::%s;" % (ns, t) for t in tables)
        with open(os.path.join(work, "main.cpp"), "w") as f:
            f.write('#include "register.h"\n#include "matcher.h"\n\n'
                    "// The stub hooks below ignore their arguments; the generated headers\n"
                    "// above were compiled with every warning.\n"
                    '#pragma GCC diagnostic ignored "-Wunused-parameter"\n\n'
                    "struct Hooks {\n  using Module = int;\n%s\n};\n\n"
                    "int main() {\n  bpat::rt::BackendConfig config;\n"
                    "  bpat::rt::BackendCallbacks<int> callbacks;\n"
                    "  %s::registerBackend<Hooks>(config, &callbacks);\n%s\n  return 0;\n}\n"
                    % (bodies, ns, uses))
        for cxx in COMPILERS:
            for std in STANDARDS:
                if diagonal and (cxx, std) not in (("g++", "c++17"), ("clang++", "c++20")):
                    continue
                r = subprocess.run([cxx, "-std=" + std] + FLAGS + ["-I", include, "-I", work,
                                    os.path.join(work, "main.cpp")], capture_output=True, text=True)
                label = "%s %s -std=%s" % (os.path.relpath(path, src_root), cxx, std)
                if r.returncode != 0:
                    failed += 1
                    print("FAILED %s:\n%s" % (label, r.stderr[:3000]))
                else:
                    print("clean %s" % label)
print("%d failed" % failed)
sys.exit(1 if failed else 0)
