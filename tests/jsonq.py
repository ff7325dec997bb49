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


def main():
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
