#!/usr/bin/env python3
"""Runs a command with a time limit and checks how it ended.

Usage: guard.py [--timeout SECONDS] [--expect-exit N] -- COMMAND [ARGS...]

The command's standard output and standard error are passed through. guard.py
exits 0 if the command exited normally with status N (default 1), and 1
otherwise, with a message on standard error saying why: a timeout (a hang),
death by a signal (a crash), or an unexpected exit status. Unlike lit's
`not`, it tells "failed cleanly" from "crashed".
"""
import argparse
import subprocess
import sys


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--timeout", type=float, default=30)
    parser.add_argument("--expect-exit", type=int, default=1)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command
    if command and command[0] == "--":
        command = command[1:]
    if not command:
        parser.error("no command given")
    try:
        proc = subprocess.run(command, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=args.timeout)
    except subprocess.TimeoutExpired as e:
        sys.stdout.buffer.write(e.stdout or b"")
        sys.stderr.buffer.write(e.stderr or b"")
        print("guard.py: TIMEOUT after %gs: %s" % (args.timeout, command),
              file=sys.stderr)
        return 1
    sys.stdout.buffer.write(proc.stdout)
    sys.stdout.flush()
    sys.stderr.buffer.write(proc.stderr)
    sys.stderr.flush()
    if proc.returncode < 0:
        print("guard.py: CRASH: killed by signal %d: %s" %
              (-proc.returncode, command), file=sys.stderr)
        return 1
    if proc.returncode != args.expect_exit:
        print("guard.py: exit status %d, expected %d: %s" %
              (proc.returncode, args.expect_exit, command), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
