#!/usr/bin/env python3
"""Install bpat, then configure and build an outside project against it.

Driven by package.test. Checks, on the outside project in ./project:
  * find_package(bpat) from an install prefix (moved after installing), bpat_generate() output contents,
    linking bpat::Runtime;
  * a build with no changes does no work;
  * touching an IMPORTED .bpat reruns bpatc (the depfile), and since the output
    does not change its timestamp stays and nothing downstream reruns
    (--write-if-changed plus Ninja's restat);
  * a real edit to the import regenerates the outputs it affects, and only those;
  * an error in the import fails the build and leaves the old output alone;
  * the same project builds against the build tree's package and with the
    Makefile generator.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import time

PROJECT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "project")
failures = []


def log(msg):
    print(msg, flush=True)


def check(cond, msg):
    if cond:
        log("ok: " + msg)
    else:
        log("FAIL: " + msg)
        failures.append(msg)


def run(cmd, cwd=None, expect_ok=True):
    log("$ " + " ".join(cmd))
    p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       universal_newlines=True)
    if p.stdout:
        log(p.stdout.rstrip())
    if expect_ok and p.returncode != 0:
        log("FAIL: command exited with %d" % p.returncode)
        sys.exit(1)
    return p


def cache_value(obj_root, name):
    with open(os.path.join(obj_root, "CMakeCache.txt")) as f:
        for line in f:
            if line.startswith(name + ":"):
                return line.split("=", 1)[1].strip()
    return None


def mtime(path):
    return os.stat(path).st_mtime_ns


def pause():
    # Be safe on file systems with coarse timestamps.
    time.sleep(1.1)


def edit(path, old, new):
    with open(path) as f:
        text = f.read()
    assert old in text, (old, path)
    with open(path, "w") as f:
        f.write(text.replace(old, new, 1))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--obj-root", required=True)
    ap.add_argument("--work", required=True)
    args = ap.parse_args()

    cmake = cache_value(args.obj_root, "CMAKE_COMMAND") or "cmake"
    ninja = cache_value(args.obj_root, "CMAKE_MAKE_PROGRAM") or "ninja"
    if not ninja.endswith("ninja"):
        ninja = shutil.which("ninja") or "ninja"
    # The outside project uses the compiler bpat was built with.
    cxx = cache_value(args.obj_root, "CMAKE_CXX_COMPILER")
    cxx_args = ["-DCMAKE_CXX_COMPILER=" + cxx] if cxx else []
    work = os.path.abspath(args.work)
    prefix = os.path.join(work, "prefix")
    src = os.path.join(work, "outside src")  # a space: paths are quoted and depfiles escaped
    build = os.path.join(work, "build")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)

    # 1. Install the package to a fresh prefix, then move it: the package is
    #    relocatable.
    staged = os.path.join(work, "staged")
    run([cmake, "--install", args.obj_root, "--prefix", staged])
    os.rename(staged, prefix)
    bpatc = os.path.join(prefix, "bin", "bpatc")
    for f in ["bin/bpatc", "lib/libbpatRuntime.a", "include/bpat/Runtime/BackendConfig.h",
              "share/bpat/torch/nn.bpat", "lib/cmake/bpat/bpatConfig.cmake",
              "lib/cmake/bpat/bpatConfigVersion.cmake", "lib/cmake/bpat/bpatTargets.cmake",
              "lib/cmake/bpat/BPatGenerate.cmake"]:
        check(os.path.exists(os.path.join(prefix, f)), "installed " + f)


    # 2. Configure and build the outside project (a copy: the test edits it).
    shutil.copytree(PROJECT, src)
    common = os.path.join(src, "bpat", "common.bpat")
    p = run([cmake, "-G", "Ninja", "-DCMAKE_MAKE_PROGRAM=" + ninja, "-S", src] + cxx_args + ["-B", build,
             "-DCMAKE_PREFIX_PATH=" + prefix])
    check("-- bpatc: " + bpatc in p.stdout, "the installed bpatc is the one used")

    def ninja_run(*extra, expect_ok=True):
        return run([ninja, "-C", build] + list(extra), expect_ok=expect_ok)

    out = ninja_run().stdout
    check("bpatc: generating gen/outside.json" in out, "first build generates outside.json")
    gen = os.path.join(build, "gen")
    json_path = os.path.join(gen, "outside.json")
    simple_path = os.path.join(gen, "outside.simple")
    with open(json_path) as f:
        cfg = json.load(f)
    check(cfg.get("name") == "outside", "json: backend name")
    configs = cfg.get("configs", [])
    check(len(configs) == 2, "json: two configs")
    if configs:
        c0 = configs[0]
        check(c0.get("pattern") == ["torch.nn.modules.linear.Linear",
                                    "torch.nn.modules.activation.ReLU"], "json: linear -> relu")
        check(c0.get("dtype_configs", [{}])[0].get("weight_dtype", {}).get("dtype") == "torch.qint8",
              "json: dtype config from the imported file")
    with open(simple_path) as f:
        simple = f.read()
    check("(torch.nn.modules.linear.Linear, torch.nn.modules.activation.ReLU)" in simple,
          "simple output")
    with open(json_path + ".d") as f:
        dep = f.read()
    check("common.bpat" in dep and os.path.join(prefix, "share", "bpat", "torch", "nn.bpat") in dep,
          "depfile lists the import and the installed library")
    p = run([os.path.join(build, "outside_main")])
    check("runtime ok: outside, 2 configs, fused: "
          "torch.ao.nn.intrinsic.modules.fused.LinearReLU lin act" in p.stdout,
          "the program registers the generated configs, matches with the "
          "generated table and calls the fuser in forward order")

    # 3. No changes: no work.
    out = ninja_run("-n", "-d", "explain").stdout
    check("no work to do" in out, "rebuild with no changes does nothing")

    # 4. Touch the import: bpatc reruns, outputs keep their timestamps,
    #    downstream does not rerun, and afterwards there is no work again.
    t_json, t_simple = mtime(json_path), mtime(simple_path)
    pause()
    os.utime(common)
    out = ninja_run("-d", "explain").stdout
    check("bpatc: generating gen/outside.json" in out, "touching the import reruns bpatc (depfile)")
    check(mtime(json_path) == t_json and mtime(simple_path) == t_simple,
          "unchanged outputs keep their timestamps (write-if-changed)")
    check("downstream: copying" not in out, "nothing downstream of an unchanged output reruns")
    check("no work to do" in ninja_run("-n", "-d", "explain").stdout,
          "no work after the touch-only rebuild")

    # 5. An edit to the import that does not change any output (a comment).
    pause()
    with open(common, "a") as f:
        f.write("// a comment that changes nothing\n")
    out = ninja_run().stdout
    check("bpatc: generating gen/outside.json" in out, "editing the import reruns bpatc")
    check(mtime(json_path) == t_json and mtime(simple_path) == t_simple,
          "a comment-only edit of the import leaves the outputs' timestamps unchanged")
    check("downstream: copying" not in out, "comment-only edit: nothing downstream reruns")

    # 6. A real edit: the JSON changes, the simple patterns do not.
    pause()
    edit(common, "weight = qint8;", "weight = quint8;")
    out = ninja_run().stdout
    with open(json_path) as f:
        cfg = json.load(f)
    check(cfg["configs"][0]["dtype_configs"][0]["weight_dtype"]["dtype"] == "torch.quint8",
          "editing the import regenerates the json")
    check(mtime(json_path) > t_json, "the changed output has a new timestamp")
    check(mtime(simple_path) == t_simple, "the output the edit does not affect keeps its timestamp")
    check("downstream: copying" in out, "downstream of the changed output reruns")
    check("no work to do" in ninja_run("-n", "-d", "explain").stdout, "no work after the edit")

    # 7. An error in the import fails the build and leaves the output alone.
    with open(json_path) as f:
        good_json = f.read()
    pause()
    edit(common, "weight = quint8;", "weight = no_such_dtype;")
    p = ninja_run(expect_ok=False)
    check(p.returncode != 0, "an error in the import fails the build")
    check("common.bpat:" in p.stdout and "error:" in p.stdout, "the diagnostic names the import")
    with open(json_path) as f:
        check(f.read() == good_json, "a failed run leaves the previous output intact")
    pause()
    edit(common, "weight = no_such_dtype;", "weight = qint8;")
    ninja_run()
    with open(json_path) as f:
        check('"torch.qint8"' in f.read(), "fixing the import rebuilds")

    # 8. The build tree is a package too.
    bt_build = os.path.join(work, "build-tree")
    p = run([cmake, "-G", "Ninja", "-DCMAKE_MAKE_PROGRAM=" + ninja, "-S", src] + cxx_args + ["-B", bt_build,
             "-Dbpat_DIR=" + os.path.join(args.obj_root, "lib", "cmake", "bpat")])
    check("-- bpatc: " + os.path.join(args.obj_root, "bin", "bpatc") in p.stdout,
          "build-tree package uses the build tree's bpatc")
    run([ninja, "-C", bt_build, "outside_patterns", "outside_main"])
    with open(os.path.join(bt_build, "gen", "outside.json")) as f:
        check(json.load(f).get("name") == "outside", "build-tree package generates the json")

    # 9. The Makefile generator reads the depfile too.
    make = shutil.which("make")
    if make:
        mk_build = os.path.join(work, "build-make")
        run([cmake, "-G", "Unix Makefiles", "-S", src] + cxx_args + ["-B", mk_build,
             "-DCMAKE_PREFIX_PATH=" + prefix])
        run([make, "-C", mk_build, "outside_patterns"])
        mk_json = os.path.join(mk_build, "gen", "outside.json")
        check(os.path.exists(mk_json), "Makefile build generates the json")
        pause()
        edit(common, "weight = qint8;", "weight = quint8;")
        run([make, "-C", mk_build, "outside_patterns"])
        with open(mk_json) as f:
            check('"torch.quint8"' in f.read(), "Makefile build follows the import's depfile")
    else:
        log("make not found; skipping the Makefile generator")

    if failures:
        log("%d check(s) failed:" % len(failures))
        for f in failures:
            log("  " + f)
        return 1
    log("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
