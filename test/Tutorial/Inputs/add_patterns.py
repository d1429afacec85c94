"""The edit of docs/tutorial.md step 3: adds three patterns to the backend.
Usage: add_patterns.py FILE.bpat LINEAR_NAME (the name lets a test misspell it)."""
import sys

path, linear = sys.argv[1], sys.argv[2]
text = open(path).read()
end = text.rstrip().rfind("}")
addition = (
    "  pattern %s;\n"
    "  pattern %s -> relu_fusable => LinearReLU { fuser = sequential; }\n"
    "  pattern conv2d -> add(<prev>, _) -> relu { dtypes = [default_op_quint8]; }\n"
) % (linear, linear)
open(path, "w").write(text[:end] + addition + text[end:])
