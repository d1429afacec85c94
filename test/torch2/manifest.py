"""What test/torch2 needs bpatc to generate before the tests run in PyTorch
2.6. bpatc runs on this machine (run_tests.py); the tests run inside the
Debian 13 root (utils/torch2-python), which cannot run bpatc, and read the
generated files from the work directory.

Each entry: (output file name, source .bpat relative to the repository root,
bpatc arguments).
"""

#: The seven built-in backends of PyTorch 2.6, ported in library/torch-2.6.
PORTS = ["native", "fbgemm", "qnnpack", "x86", "tensorrt", "executorch", "onednn"]

#: Config counts of the live 2.6 configs (measured; issue 7).
LIVE_COUNTS = {"native": 194, "fbgemm": 192, "qnnpack": 190, "x86": 192,
               "tensorrt": 149, "executorch": 84, "onednn": 221}


def outputs():
    for name in PORTS:
        source = "library/torch-2.6/backends/%s.bpat" % name
        yield name + ".json", source, ["-Werror", "--emit=json"]
        yield name + "_config.py", source, ["-Werror", "--emit=torch", "--torch-api=2"]
    # The brief's own example, as shipped.
    yield "seed.py", "examples/seed.bpat", ["--emit=torch", "--torch-api=2"]
    yield "seed.json", "examples/seed.bpat", ["--emit=json"]
    # A 1.13.1 port emitted for the 2 API: its input_output_observed (a
    # setter PyTorch 2.6 no longer has) must not break the import.
    yield "native113_api2.py", "library/torch/backends/native.bpat", ["--emit=torch", "--torch-api=2"]
    # A 1.13-API module, to show that 2.6 refuses it.
    yield "seed_113.py", "examples/seed.bpat", ["--emit=torch", "--torch-api=1.13"]
    # The backward-compatible (legacy reversed nested) spellings of the seed.
    yield "legacy.py", "test/torch2/Inputs/legacy.bpat", ["--emit=torch", "--torch-api=2"]
    yield "legacy.json", "test/torch2/Inputs/legacy.bpat", ["--emit=json"]
    # Every calling convention of the --torch-api=2 module (was test/torch's
    # fake-PyTorch-2 test).
    yield "api.py", "test/torch2/Inputs/api.bpat", ["--emit=torch", "--torch-api=2"]
    yield "api.json", "test/torch2/Inputs/api.bpat", ["--emit=json"]
