"""Deterministic, atomic JSON output."""

from typing import Any, Optional
import json
import os
import sys
import tempfile


def dumps(obj: Any, indent: int = 2) -> str:
    """JSON text: keys in insertion order, ints as ints, floats as Python's
    repr writes them (json uses float.__repr__), non-ASCII kept as UTF-8."""
    return json.dumps(obj, indent=indent, ensure_ascii=False, allow_nan=False) + "\n"


def write_text(text: str, path: Optional[str]) -> None:
    """Write `text` to `path` ("-" or None = stdout). A file is written to a
    temporary sibling and renamed, so a failure never leaves a partial file."""
    if path is None or path == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def prog() -> str:
    """The name the running command was started as (the utils/ script or the
    installed console script), for messages."""
    return os.path.basename(sys.argv[0]) or "bpat_torch"
