"""Prints the lines two files differ in, pairwise: for checking that an edit
changed exactly the lines it should (the files must have as many lines)."""
import sys

old = open(sys.argv[1]).read().splitlines()
new = open(sys.argv[2]).read().splitlines()
if len(old) != len(new):
    print("different numbers of lines: %d and %d" % (len(old), len(new)))
    sys.exit(0)
print("same number of lines")
for a, b in zip(old, new):
    if a != b:
        print("< " + a.strip())
        print("> " + b.strip())
