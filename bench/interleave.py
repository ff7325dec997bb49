#!/usr/bin/python3
"""Runs commands interleaved (round i runs each command once, in turn) so that a load that
changes during the measurement weighs on each of them alike, which hyperfine's one-command-
after-the-other does not. Per command: wall-clock median, quartiles and minimum, and the CPU
time of the command and its children (user + system, from wait4).

    bench/interleave.py RUNS [--prepare CMD] [--json FILE] NAME=COMMAND...

--prepare runs (through sh) before every run of every command, outside the timing. Output: one
line per command; --json writes every run ({"name": {"wall": [...], "cpu": [...]}}, ms).
"""
import json
import os
import shlex
import statistics
import subprocess
import sys
import time


def quart(v):
    v = sorted(v)
    return v[len(v) // 4], statistics.median(v), v[(3 * len(v)) // 4], v[0]


def main():
    args = sys.argv[1:]
    runs = int(args.pop(0))
    prepare = out = None
    while args and args[0] in ("--prepare", "--json"):
        if args[0] == "--prepare":
            prepare = args[1]
        else:
            out = args[1]
        args = args[2:]
    cmds = [a.split("=", 1) for a in args]
    res = {k: {"wall": [], "cpu": []} for k, _ in cmds}
    null = os.open("/dev/null", os.O_RDWR)
    for _ in range(runs):
        for name, cmd in cmds:
            if prepare:
                subprocess.run(prepare, shell=True, check=True)
            argv = shlex.split(cmd)
            t = time.monotonic()
            # posix_spawn (vfork in glibc): no copy of this interpreter is charged to the
            # command, as a fork's page faults would be
            pid = os.posix_spawnp(argv[0], argv, os.environ,
                                  file_actions=[(os.POSIX_SPAWN_DUP2, null, 0),
                                                (os.POSIX_SPAWN_DUP2, null, 1),
                                                (os.POSIX_SPAWN_DUP2, null, 2)])
            _, _, ru = os.wait4(pid, 0)
            res[name]["wall"].append((time.monotonic() - t) * 1e3)
            res[name]["cpu"].append((ru.ru_utime + ru.ru_stime) * 1e3)
    for name, r in res.items():
        w, c = quart(r["wall"]), quart(r["cpu"])
        print(f"{name:22} wall median {w[1]:7.2f} ms (p25 {w[0]:7.2f}, p75 {w[2]:7.2f}, min {w[3]:7.2f})"
              f"   cpu median {c[1]:6.2f} ms (p25 {c[0]:6.2f}, p75 {c[2]:6.2f})")
    if out:
        with open(out, "w") as f:
            json.dump(res, f)


if __name__ == "__main__":
    main()
