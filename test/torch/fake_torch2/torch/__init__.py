"""A FAKE `torch` for test_torch2_fake.py: just enough of the API after
PyTorch PR #90698 (early 2023, reference section 1) to run a module generated
with `bpatc --emit=torch --torch-api=2`. PyTorch 2 is not installed here;
this package stands in for it and is only put on sys.path by that test."""

BPAT_FAKE = True


class dtype:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return "torch." + self.name


for _name in ("quint8", "qint8", "qint32", "quint4x2", "quint2x4", "float32", "float16", "int8", "uint8"):
    globals()[_name] = dtype(_name)
float = float32  # noqa: A001 - torch.float is torch.float32
