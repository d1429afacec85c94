#!/usr/bin/python3
"""Tests of `bpatc --emit=torch` against a real PyTorch (Debian's
python3-torch 1.13.1 and python3-torchvision; no network, no pytest).

  /usr/bin/python3 test/torch/run_tests.py [path/to/bpatc] [-v] [unittest args...]

The bpatc path is the first argument, else $BPATC. Without one the run fails:
no test is skipped. Exit status 0 when every test passes.

  test_roundtrip.py     the --torch-api=1.13 module, imported into PyTorch,
                        gives the configs --emit=json describes
  test_fusion.py        fuse_fx with the generated native config == with
                        PyTorch's own; bpat-only fusions (4-chains, trees)
                        run in PyTorch and compute the same outputs
  test_prepare_convert.py  prepare_fx / prepare_qat_fx / convert_fx on
                        torchvision models, generated native vs PyTorch's
  test_errors.py        missing names fail the import with ImportError; a
                        --torch-api=2 module refuses 1.13.1 at import
The --torch-api=2 modules run in the real PyTorch 2.6: test/torch2.
"""

import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    argv = sys.argv[1:]
    if argv and not argv[0].startswith("-") and os.path.isfile(argv[0]):
        os.environ["BPATC"] = os.path.abspath(argv.pop(0))
    if not os.environ.get("BPATC"):
        default = os.path.join(os.path.dirname(os.path.dirname(HERE)), "build", "bin", "bpatc")
        print("run_tests.py: error: give the bpatc path as the first argument or in $BPATC "
              "(e.g. %s)" % default, file=sys.stderr)
        return 2
    sys.path.insert(0, HERE)
    import common
    common.BPATC = os.environ["BPATC"]
    if not argv or all(a.startswith("-") for a in argv):
        suite = unittest.defaultTestLoader.discover(HERE, pattern="test_*.py", top_level_dir=HERE)
        verbosity = 2 if "-v" in argv else 1
        result = unittest.TextTestRunner(verbosity=verbosity).run(suite)
        if result.skipped:
            print("run_tests.py: error: %d test(s) skipped; nothing may be skipped" % len(result.skipped),
                  file=sys.stderr)
            return 1
        return 0 if result.wasSuccessful() else 1
    unittest.main(module=None, argv=[sys.argv[0]] + argv)


if __name__ == "__main__":
    sys.exit(main())
