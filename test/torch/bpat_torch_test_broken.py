"""A module whose own import fails (test_errors.py): that error must reach
the user, not be mistaken for a missing name."""
import bpat_no_such_dependency_xyz  # noqa: F401
