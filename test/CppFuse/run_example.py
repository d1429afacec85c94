#!/usr/bin/env python3
"""Build examples/cpp-fuse against the installed bpat package and run it.

Driven by cpp-fuse.test. Installs the bpat build (--obj-root) to a fresh
prefix, checks that what a consumer includes and links is free of LLVM,
configures examples/cpp-fuse there with find_package(bpat) and Ninja, builds
it, and runs it with the arguments after `--`; its stdout and stderr are
this script's, its exit status too. A step that fails prints why and exits 2.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys


def fail(msg):
    print("run_example.py: FAIL: " + msg, file=sys.stderr)
    sys.exit(2)


def cache_value(obj_root, name):
    with open(os.path.join(obj_root, "CMakeCache.txt")) as f:
        for line in f:
            if line.startswith(name + ":"):
                return line.split("=", 1)[1].strip()
    return None


def run(cmd):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       universal_newlines=True)
    if p.returncode != 0:
        fail("%s exited with %d:\n%s" % (" ".join(cmd), p.returncode, p.stdout))
    return p.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--obj-root", required=True)
    ap.add_argument("--src-root", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("args", nargs="*")
    a = ap.parse_args()

    cmake = cache_value(a.obj_root, "CMAKE_COMMAND") or "cmake"
    ninja = cache_value(a.obj_root, "CMAKE_MAKE_PROGRAM") or shutil.which("ninja") or "ninja"
    cxx = cache_value(a.obj_root, "CMAKE_CXX_COMPILER")
    work = os.path.abspath(a.work)
    prefix = os.path.join(work, "prefix")
    build = os.path.join(work, "build")
    if not os.path.exists(os.path.join(build, "cpp-fuse")):
        shutil.rmtree(work, ignore_errors=True)
        run([cmake, "--install", a.obj_root, "--prefix", prefix])
        for f in ["lib/libbpatGraphJSON.a", "lib/libbpatRuntime.a",
                  "include/bpat/GraphJSON/GraphJSON.h",
                  "include/bpat/GraphJSON/GraphWriter.h",
                  "include/bpat/GraphJSON/JSONCursor.h"]:
            if not os.path.exists(os.path.join(prefix, f)):
                fail("not installed: " + f)
        # Every installed header compiles without LLVM: none includes it.
        for root, _, files in os.walk(os.path.join(prefix, "include")):
            for name in files:
                with open(os.path.join(root, name), errors="replace") as f:
                    if re.search(r'#\s*include\s*[<"]llvm/', f.read()):
                        fail("installed header includes LLVM: " + os.path.join(root, name))
        run([cmake, "-G", "Ninja", "-DCMAKE_MAKE_PROGRAM=" + ninja,
             "-DCMAKE_BUILD_TYPE=Release", "-DCMAKE_PREFIX_PATH=" + prefix,
             "-S", os.path.join(a.src_root, "examples", "cpp-fuse"), "-B", build]
            + (["-DCMAKE_CXX_COMPILER=" + cxx] if cxx else []))
        # What the example compiles and links with: the prefix, no LLVM.
        commands = run([ninja, "-C", build, "-t", "commands", "cpp-fuse"])
        if "llvm" in commands.lower():
            fail("the example's build commands mention LLVM:\n" + commands)
        if "libbpatGraphJSON.a" not in commands or "libbpatRuntime.a" not in commands:
            fail("the example does not link bpat::GraphJSON and bpat::Runtime:\n" + commands)
        run([ninja, "-C", build])
    p = subprocess.run([os.path.join(build, "cpp-fuse")] + a.args)
    sys.exit(p.returncode)


if __name__ == "__main__":
    main()
