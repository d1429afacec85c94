#!/usr/bin/env python3
"""Prints a `bpatc --emit=json` document one config per line, keys in the
order bpatc wrote them, so that FileCheck can match whole configs exactly.

Usage: json_lines.py [FILE]   (default: standard input)

The first line is `name: <backend name>`; each following line is one config
as compact JSON. Fails (exit 1) if the input is not valid JSON, has a
duplicate key, or has top-level keys other than "name" and "configs".
Numbers are re-printed by Python (ints as ints, floats by repr), so a float
written as an integer, or the other way round, shows up in the output.
"""
import json
import sys


def no_duplicates(pairs):
    result = {}
    for key, value in pairs:
        if key in result:
            sys.exit("duplicate key %r" % key)
        result[key] = value  # dicts keep insertion order
    return result


def main():
    text = open(sys.argv[1]).read() if len(sys.argv) > 1 else sys.stdin.read()
    doc = json.loads(text, object_pairs_hook=no_duplicates)
    if list(doc) != ["name", "configs"]:
        sys.exit("unexpected top-level keys: %r" % list(doc))
    print("name: %s" % doc["name"])
    for config in doc["configs"]:
        print(json.dumps(config, separators=(", ", ": ")))


if __name__ == "__main__":
    main()
