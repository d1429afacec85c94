#!/usr/bin/env python3
"""Exit 0 if two JSON files hold the same document, else print the first
difference and exit 1.

Stricter than ==: an integer is not a float (PyTorch's 0 and 0.0 differ as
constraint values), and object keys must come in the same order (both
utils/dump_backend_config.py and bpatc write them in the documented order).
"""
import json
import sys


class Object(list):
    """A JSON object as its (key, value) pairs, in file order."""


def load(path):
    with open(path) as f:
        return json.load(f, object_pairs_hook=Object)


def diff(a, b, path):
    if type(a) is not type(b):
        return "%s: %r vs %r" % (path, a, b)
    if isinstance(a, list):
        if isinstance(a, Object):
            keys_a = [k for k, _ in a]
            keys_b = [k for k, _ in b]
            if keys_a != keys_b:
                return "%s: keys %s vs %s" % (path, keys_a, keys_b)
            for (k, va), (_, vb) in zip(a, b):
                d = diff(va, vb, "%s.%s" % (path, k))
                if d:
                    return d
            return None
        for i, (va, vb) in enumerate(zip(a, b)):
            d = diff(va, vb, "%s[%d]" % (path, i))
            if d:
                return d
        if len(a) != len(b):
            return "%s: %d vs %d elements" % (path, len(a), len(b))
        return None
    if a != b:
        return "%s: %r vs %r" % (path, a, b)
    return None


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: json_equal.py EXPECTED ACTUAL")
    d = diff(load(sys.argv[1]), load(sys.argv[2]), "$")
    if d:
        print("JSON differs: " + d)
        sys.exit(1)
    print("JSON equal")


if __name__ == "__main__":
    main()
