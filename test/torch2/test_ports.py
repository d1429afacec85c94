"""Every PyTorch 2.6 port of library/torch-2.6/backends: the module that
`bpatc --emit=torch --torch-api=2` generates builds, in the real 2.6, the
BackendConfig PyTorch 2.6 builds itself, field by field and in order (both
rendered by utils/dump_backend_config.py), and that is also what
`bpatc --emit=json` says (the lit suite checks the JSON against a live dump
too: test/Ports/ports-2.6.test)."""

import unittest

import common
import manifest
from bpat_torch import backends
from dump_backend_config import backend_config_to_json


class PortsTest(unittest.TestCase):
    maxDiff = None

    def check(self, name):
        theirs = backend_config_to_json(backends.get_backend_config(name))
        generated = common.load_module(name + "_config.py")
        ours = backend_config_to_json(getattr(generated, "get_%s_backend_config" % name)())
        self.assertEqual(len(theirs["configs"]), manifest.LIVE_COUNTS[name])
        self.assertEqual(ours["name"], theirs["name"])
        for i, (a, b) in enumerate(zip(ours["configs"], theirs["configs"])):
            self.assertEqual(a, b, "config %d of %s" % (i, name))
        self.assertEqual(len(ours["configs"]), len(theirs["configs"]))
        self.assertEqual(ours, common.load_json(name + ".json"))


def _add(name):
    setattr(PortsTest, "test_" + name, lambda self: self.check(name))


for _name in manifest.PORTS:
    _add(_name)


if __name__ == "__main__":
    unittest.main()
