# lit configuration for the bpat test suite.
import os
import lit.formats

config.name = "bpat"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".bpat", ".test"]
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py", "run_lit.py", "python", "torch2", "package", "editors"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.bpat_obj_root, "test")

config.environment["PATH"] = os.pathsep.join(
    [config.bpat_tools_dir, config.llvm_tools_dir, config.environment.get("PATH", "")])
# Features of the tests that need a real PyTorch: `REQUIRES: torch` (Debian's
# python3-torch 1.13.1 imports in config.python3) and `REQUIRES: torch2` (the
# PyTorch 2.6 root of utils/torch2-root.sh is set up). A test whose feature
# is missing is reported UNSUPPORTED, and test/run_lit.py, which ctest runs,
# turns any UNSUPPORTED test into a failure that names the reason: nothing is
# skipped silently.
import subprocess
def _probe(cmd):
    try:
        return subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              timeout=120).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False
if _probe([config.python3, "-c", "import torch, torchvision"]):
    config.available_features.add("torch")
else:
    lit_config.note("torch: %s cannot import torch and torchvision "
                    "(utils/install-deps.sh installs python3-torch)" % config.python3)
_torch2_root = subprocess.run([os.path.join(config.bpat_src_root, "utils", "torch2-root.sh"), "--path"],
                              capture_output=True, text=True).stdout.strip()
if _torch2_root and os.path.isfile(os.path.join(_torch2_root, ".bpat-stamp")):
    config.available_features.add("torch2")
else:
    lit_config.note("torch2: the PyTorch 2.6 root %s is not set up (run utils/torch2-root.sh)"
                    % (_torch2_root or "?"))

# The root's place, if the caller moved it (utils/torch2-root.sh reads it).
if "BPAT_TORCH2_ROOT" in os.environ:
    config.environment["BPAT_TORCH2_ROOT"] = os.environ["BPAT_TORCH2_ROOT"]

# Compare diagnostics without the machine's colours or locale.
config.environment["LC_ALL"] = "C"

config.substitutions.append(("%bpatc", os.path.join(config.bpat_tools_dir, "bpatc")))
# %torch2_python before %python: PyTorch 2.6's python3 (utils/torch2-python),
# which fails with the reason when its root is not set up.
config.substitutions.append(("%torch2_python", os.path.join(config.bpat_src_root, "utils", "torch2-python")))
config.substitutions.append(("%python", config.python3))
config.substitutions.append(("%src_root", config.bpat_src_root))
config.substitutions.append(("%library", os.path.join(config.bpat_obj_root, "share", "bpat")))
config.substitutions.append(("%obj_root", config.bpat_obj_root))
# Node.js (installed by utils/install-deps.sh); a test using %node without it
# fails at the command, saying so.
import shutil
config.substitutions.append(("%node", shutil.which("node") or shutil.which("nodejs") or "node-is-not-installed"))
# Debian's chromium (installed by utils/install-deps.sh), for the HTML
# report's test; likewise a failure that names it when it is missing.
config.substitutions.append(("%chromium", shutil.which("chromium") or "chromium-is-not-installed"))
