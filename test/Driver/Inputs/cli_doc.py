"""cli-doc.test: the options and emit kinds of `bpatc --help` (HELP) that
docs/cli.md (DOC) does not mention; prints one line per missing name, or a
success line."""
import re
import sys

GENERIC = {"help", "help-list", "version", "h"}

help_text = open(sys.argv[1]).read()
doc = open(sys.argv[2]).read()
section = help_text.split("bpatc options:", 1)[-1] if "bpatc options:" in help_text else help_text
options = set(re.findall(r"^\s+(-{1,2}[A-Za-z][\w-]*)", section, re.M))
kinds = set(re.findall(r"^\s+=([\w.-]+)\s+-", help_text, re.M))
missing = []
for opt in sorted(options):
    if opt.lstrip("-") in GENERIC:
        continue
    bare = opt.lstrip("-")
    if "`-" + bare not in doc and "`--" + bare not in doc:
        missing.append("option " + opt)
for kind in sorted(kinds):
    if not any(form % kind in doc for form in ("| `%s` |", "=%s", "\\|%s`")):
        missing.append("value " + kind)
for m in missing:
    print("missing from docs/cli.md: " + m)
if not missing:
    print("every option and emit kind of bpatc --help is in docs/cli.md")
sys.exit(1 if missing else 0)
