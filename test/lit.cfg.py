# lit configuration for the bpat test suite.
import os
import lit.formats

config.name = "bpat"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".bpat", ".test"]
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py", "python"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.bpat_obj_root, "test")

config.environment["PATH"] = os.pathsep.join(
    [config.bpat_tools_dir, config.llvm_tools_dir, config.environment.get("PATH", "")])
# Compare diagnostics without the machine's colours or locale.
config.environment["LC_ALL"] = "C"

config.substitutions.append(("%bpatc", os.path.join(config.bpat_tools_dir, "bpatc")))
config.substitutions.append(("%python", config.python3))
config.substitutions.append(("%src_root", config.bpat_src_root))
config.substitutions.append(("%library", os.path.join(config.bpat_obj_root, "share", "bpat")))
config.substitutions.append(("%obj_root", config.bpat_obj_root))
