# lit configuration for the bpat test suite.
import os
import lit.formats

config.name = "bpat"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".bpat", ".test"]
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py", "python", "torch2", "package"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.bpat_obj_root, "test")

config.environment["PATH"] = os.pathsep.join(
    [config.bpat_tools_dir, config.llvm_tools_dir, config.environment.get("PATH", "")])
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
