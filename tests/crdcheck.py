#!/usr/bin/python3
"""Checks a YAML stream of Kubernetes report documents against the CRDs' own openAPIV3Schema.

    tests/crdcheck.py CRD_DIR FILE...

Each CRD's openAPIV3Schema (the served version each document names) becomes a JSON Schema:
x-kubernetes-* keys are dropped, "nullable: true" adds null to the type, and every object with
declared properties gets additionalProperties false, because the API server silently prunes
unknown fields (a field it would drop is a bug here). Beyond the schema: each summary counts
exactly what the results say. Prints one line per problem ("FILE#N: path: message") and
"ok N" with the number of documents when there is none; exits 1 on a problem.
"""
import glob
import os
import re
import sys

import jsonschema
import yaml


def to_json_schema(s):
    """One schema node; "properties" maps field names (kept as they are) to schema nodes."""
    if not isinstance(s, dict):
        return s
    out = {}
    for k, v in s.items():
        if k.startswith("x-kubernetes-") or k == "nullable":
            continue
        if k == "properties":
            out[k] = {name: to_json_schema(sub) for name, sub in v.items()}
        elif k in ("items", "additionalProperties", "not"):
            out[k] = to_json_schema(v)
        elif k in ("allOf", "anyOf", "oneOf"):
            out[k] = [to_json_schema(x) for x in v]
        else:
            out[k] = v
    if "properties" in out:
        out.setdefault("additionalProperties", False)
    if s.get("nullable") and isinstance(out.get("type"), str):
        out["type"] = [out["type"], "null"]
    return out


def load_crds(d):
    schemas = {}
    for f in sorted(glob.glob(os.path.join(d, "*.yaml"))):
        crd = yaml.safe_load(open(f))
        spec = crd["spec"]
        for v in spec["versions"]:
            if not v.get("served"):
                continue
            key = (spec["group"] + "/" + v["name"], spec["names"]["kind"])
            schemas[key] = (to_json_schema(v["schema"]["openAPIV3Schema"]),
                            spec["scope"] == "Namespaced")
    return schemas


SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$")
LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")


def check_metadata(doc, namespaced):
    """What the API server checks of every object, which the CRD schema leaves to it."""
    m = doc.get("metadata") or {}
    bad = []
    if not SUBDOMAIN.match(m.get("name") or ""):
        bad.append("metadata.name %r is not a DNS subdomain" % m.get("name"))
    if namespaced != ("namespace" in m) or namespaced and not LABEL.match(m["namespace"]):
        bad.append("metadata.namespace %r does not fit the kind" % m.get("namespace"))
    for k, v in (m.get("labels") or {}).items():
        if not isinstance(v, str) or len(v) > 63 or not re.match(r"^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$", v):
            bad.append("label %s=%r is not a label value" % (k, v))
    return bad


def check_summary(doc):
    want = {k: 0 for k in ("pass", "fail", "warn", "error", "skip")}
    for r in doc.get("results") or []:
        want[r.get("result")] = want.get(r.get("result"), 0) + 1
    got = {k: (doc.get("summary") or {}).get(k, 0) for k in want}
    return [] if got == want else ["summary %s does not count the results %s" % (got, want)]


def main():
    schemas = load_crds(sys.argv[1])
    problems, n = [], 0
    for path in sys.argv[2:]:
        with open(path) as fh:
            docs = [d for d in yaml.safe_load_all(fh) if d is not None]
        for i, doc in enumerate(docs):
            n += 1
            where = "%s#%d" % (path, i)
            key = (doc.get("apiVersion"), doc.get("kind"))
            if key not in schemas:
                problems.append("%s: no served CRD for %s" % (where, key))
                continue
            schema, namespaced = schemas[key]
            v = jsonschema.Draft7Validator(schema)
            for e in v.iter_errors(doc):
                problems.append("%s: %s: %s" % (where, "/".join(map(str, e.path)),
                                                e.message[:200]))
            problems += ["%s: %s" % (where, p)
                         for p in check_summary(doc) + check_metadata(doc, namespaced)]
    for p in problems:
        print(p)
    if not problems:
        print("ok %d" % n)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
