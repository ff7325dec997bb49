#!/usr/bin/python3
"""Writes the JSON Schemas of ctguard's output contracts (ctguard.inspect/v1, ctguard.audit/v1).

The fact objects are generated from the fact registry ('ctguard rules facts --format json'), so a
fact added to facts/fact.c cannot silently drift from the schema: tests/cli/report-json-schema.sh
regenerates both files and compares them with the committed ones.

Usage: schema/gen.py CTGUARD [OUTDIR]   (OUTDIR defaults to the directory of this script)
"""
import json
import os
import subprocess
import sys

SEVERITIES = ["info", "low", "medium", "high", "critical"]
STATUSES = ["fail", "pass", "waived", "not_evaluated"]
# The runtimes the readers name (audit/identity.c, audit/runtime.c, audit/container.c).
RUNTIMES = ["docker", "podman", "containerd", "cri-o", "lxc", "runc", "crun", "nspawn", "bwrap",
            "unknown"]
DRAFT = "https://json-schema.org/draft/2020-12/schema"
BASE = "https://github.com/ctguard/ctguard/schema/"

FACT_TYPES = {
    "bool": {"type": ["boolean", "null"]},
    "int": {"type": ["integer", "null"]},
    "string": {"type": ["string", "null"]},
    "list": {"type": ["array", "null"], "items": {"type": "string"}},
}


def closed(props, optional=()):
    """An object with exactly these properties, all required but the optional ones."""
    return {
        "type": "object",
        "properties": props,
        "required": [k for k in props if k not in optional],
        "additionalProperties": False,
    }


# Facts added after documents were first saved: those documents may lack them (read as unknown).
LATER_FACTS = ("container.claimed",)


def facts_schema(facts, scope):
    props = {}
    for f in facts:
        if f["scope"] != scope:
            continue
        if f["type"] not in FACT_TYPES:
            sys.exit("gen.py: fact '%s' has unknown type '%s'" % (f["name"], f["type"]))
        props[f["name"]] = dict(FACT_TYPES[f["type"]], description=f["meaning"])
    return closed(props, optional=LATER_FACTS)


def common_defs(facts):
    return {
        "container_facts": facts_schema(facts, "container"),
        "host_facts": facts_schema(facts, "host"),
        "runtime": {"enum": RUNTIMES},
        "severity": {"enum": SEVERITIES},
        "count": {"type": "integer", "minimum": 0},
        # What the scan could not read, and why (audit/gaps.h): a partial view is never
        # mistaken for a clean one.
        "view": dict(closed({
            "complete": {"type": "boolean",
                         "description": "every process and container could be read"},
            "unreadable_processes": {"type": "integer", "minimum": 0,
                                     "description": "processes left out: their containers "
                                                    "are missing"},
            "unreadable_containers": {"type": "integer", "minimum": 0,
                                      "description": "containers read only in part (facts "
                                                     "left unknown)"},
            "unreadable": {"type": "array", "items": closed({
                "pid": {"type": ["integer", "null"]},
                "what": {"type": "string",
                         "description": "process (left out whole) or the facts left "
                                        "unknown (mounts)"},
                "container": {"type": "string"},
                "reason": {"type": "string", "description": "errno name, e.g. EACCES"},
                "detail": {"type": "string"},
                "host": {"type": "string"},
            }, optional=("host",))},
        }), description="what could not be read and why; absent in documents written "
                        "before it existed (read as complete)"),
    }


# Issue 14: a rootless container's owner and the process holding its namespaces.
ROOTLESS = {
    "owner": {"type": "string",
              "description": "rootless containers only: the host user owning the user "
                             "namespace (container.owner)"},
    "owner_uid": {"type": ["integer", "null"],
                  "description": "rootless containers only: that user's uid (userns.owner_uid)"},
    "namespace_holder": {"type": ["integer", "null"],
                         "description": "rootless containers only: pid of the process holding "
                                        "the owner's namespaces (podman's pause process, "
                                        "RootlessKit's child), which is not a container; null "
                                        "when none was seen"},
}


def inspect_schema(facts):
    defs = common_defs(facts)
    defs["container"] = closed(dict({
        "id": {"type": "string"},
        "name": {"type": "string"},
        "runtime": {"$ref": "#/$defs/runtime"},
        "pid": {"type": "integer"},
        "facts": {"$ref": "#/$defs/container_facts"},
    }, **ROOTLESS), optional=tuple(ROOTLESS))
    s = closed({
        "schema": {"const": "ctguard.inspect/v1"},
        "host": {"$ref": "#/$defs/host_facts"},
        "containers": {"type": "array", "items": {"$ref": "#/$defs/container"}},
        "view": {"$ref": "#/$defs/view"},
    }, optional=("host", "view"))
    return dict({"$schema": DRAFT, "$id": BASE + "inspect-v1.schema.json",
                 "title": "ctguard inspect --format json (ctguard.inspect/v1)"}, **s,
                **{"$defs": defs})


def audit_schema(facts):
    defs = common_defs(facts)
    count = {"$ref": "#/$defs/count"}
    string = {"type": "string"}
    refs = {"type": "object", "additionalProperties": string}
    defs["counts"] = closed({
        "fail": closed({s: count for s in SEVERITIES}),
        "fails": count, "passes": count, "waived": count, "not_evaluated": count,
    })
    defs["rule"] = closed({
        "id": {"type": "string", "minLength": 1}, "title": string,
        "severity": {"$ref": "#/$defs/severity"}, "pack": string, "description": string,
        "remediation": string, "refs": refs,
    })
    defs["fingerprint"] = {"type": "string", "pattern": "^[0-9a-f]{16}$"}
    defs["finding"] = closed({
        "rule": {"type": "string", "minLength": 1}, "title": string,
        "severity": {"$ref": "#/$defs/severity"}, "status": {"enum": STATUSES},
        "evidence": string, "note": string, "fingerprint": {"$ref": "#/$defs/fingerprint"},
        "new": {"type": "boolean"}, "pack": string, "refs": refs, "remediation": string,
    }, optional=("note", "new"))
    defs["container"] = closed(dict({
        "id": string, "name": string, "runtime": {"$ref": "#/$defs/runtime"},
        "pid": {"type": "integer"}, "image": string, "host": string,
        "scanner": {"type": "boolean"}, "facts": {"$ref": "#/$defs/container_facts"},
        "findings": {"type": "array", "items": {"$ref": "#/$defs/finding"}},
        "summary": {"$ref": "#/$defs/counts"},
    }, **ROOTLESS), optional=("host",) + tuple(ROOTLESS))
    defs["host_total"] = closed({
        "hostname": string, "containers": count, "findings": {"$ref": "#/$defs/counts"},
    })
    defs["summary"] = closed({
        "containers": count, "rules": count,
        "fail_on": {"enum": SEVERITIES + ["none"]}, "failed": {"type": "boolean"},
        "complete": {"type": "boolean"},
        "findings": {"$ref": "#/$defs/counts"},
        "hosts": {"type": "array", "items": {"$ref": "#/$defs/host_total"}},
    }, optional=("hosts", "complete"))
    defs["fixed"] = closed({
        "fingerprint": {"$ref": "#/$defs/fingerprint"}, "rule": string, "title": string,
        "severity": {"$ref": "#/$defs/severity"}, "container": string, "host": string,
    })
    defs["waiver"] = closed({
        "rule": string, "owner": string, "reason": string,
        "expires": {"type": ["string", "null"], "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
        "location": {"type": "string", "pattern": ":[0-9]+:[0-9]+$"}, "matched": count,
    })
    s = closed({
        "schema": {"const": "ctguard.audit/v1"},
        "tool": closed({"name": {"const": "ctguard"}, "version": string}),
        "host": closed({
            "hostname": string,
            "time": {"type": "string",
                     "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$"},
            "duration_seconds": {"type": "number", "minimum": 0},
            "facts": {"$ref": "#/$defs/host_facts"},
        }),
        "rules": {"type": "array", "items": {"$ref": "#/$defs/rule"}},
        "containers": {"type": "array", "items": {"$ref": "#/$defs/container"}},
        "summary": {"$ref": "#/$defs/summary"},
        "baseline": closed({
            "file": string, "fixed": {"type": "array", "items": {"$ref": "#/$defs/fixed"}},
        }),
        "waivers": {"type": "array", "items": {"$ref": "#/$defs/waiver"}},
        "view": {"$ref": "#/$defs/view"},
    }, optional=("baseline", "view"))
    # With a baseline every shown finding is a new failure and says so.
    s["if"] = {"required": ["baseline"]}
    s["then"] = {"properties": {"containers": {"items": {"properties": {"findings": {
        "items": {"required": ["new"], "properties": {"new": {"const": True},
                                                      "status": {"const": "fail"}}}}}}}}}
    return dict({"$schema": DRAFT, "$id": BASE + "audit-v1.schema.json",
                 "title": "ctguard audit --format json (ctguard.audit/v1)"}, **s,
                **{"$defs": defs})


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__.strip().splitlines()[-1])
    out = sys.argv[2] if len(sys.argv) == 3 else os.path.dirname(os.path.abspath(__file__))
    facts = json.loads(subprocess.run([sys.argv[1], "rules", "facts", "--format", "json"],
                                      check=True, stdout=subprocess.PIPE).stdout)
    for name, schema in (("inspect-v1.schema.json", inspect_schema(facts)),
                         ("audit-v1.schema.json", audit_schema(facts))):
        with open(os.path.join(out, name), "w") as f:
            json.dump(schema, f, indent=2)
            f.write("\n")


if __name__ == "__main__":
    main()
