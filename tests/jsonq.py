#!/usr/bin/env python3
"""Queries ctguard inspect JSON for the shell tests: prints one fact as compact JSON."""
import json
import sys


def matches(c, sel):
    if sel.startswith("pid="):
        return str(c.get("pid")) == sel[4:]
    if sel.startswith("runtime="):
        return c.get("runtime") == sel[8:]
    return c.get("name") == sel or (sel and str(c.get("id", "")).startswith(sel))


CAP_NAMES = [
    "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID",
    "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
    "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW",
    "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT",
    "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE",
    "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
    "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE",
    "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ",
    "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE"]


def caps(mask, last):
    """caps HEXMASK LAST: the capability names of a /proc status mask, as compact JSON, an
    independent decoding to compare ctguard's with."""
    m, n = int(mask, 16), int(last)
    names = [CAP_NAMES[i] if i < len(CAP_NAMES) else "CAP_%d" % i
             for i in range(n + 1) if m >> i & 1]
    print(json.dumps(names, separators=(",", ":")))


def main():
    if sys.argv[1] == "caps":
        caps(sys.argv[2], sys.argv[3])
        return
    if sys.argv[1] == "has":
        # has JSONLIST ITEM: exit 0 when the decoded list holds ITEM exactly.
        sys.exit(0 if sys.argv[3] in json.loads(sys.argv[2]) else 1)
    if sys.argv[1] == "len":
        # len FILE: how many containers the document holds.
        with open(sys.argv[2], encoding="utf-8") as f:
            print(len(json.load(f).get("containers", [])))
        return
    cmd, path, sel = sys.argv[1], sys.argv[2], sys.argv[3]
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    found = [c for c in doc.get("containers", []) if matches(c, sel)]
    if cmd == "count":
        print(len(found))
        return
    if sel == "host":
        facts = doc.get("host", {})
    elif not found:
        print("MISSING")
        return
    else:
        facts = found[0]["facts"]
    name = sys.argv[4]
    if name not in facts:
        print("NOFACT")
        return
    print(json.dumps(facts[name], separators=(",", ":")))


if __name__ == "__main__":
    main()
