#!/usr/bin/python3
"""Helpers of tests/integration/watch.sh (Debian's python3 only).

  watchq.py count FILE EVENT NAME [RULE]   events of a type ('*': any) for a container name ('*': any)
  watchq.py names FILE EVENT               the container names of every such event, one a line
  watchq.py validate SCHEMA FILE           'valid', or the first line failing the schema
  watchq.py receiver PORTFILE OUT SLOWFLAG an HTTP receiver: appends each POST body to OUT,
                                           answers 200; sleeps 3 s first while SLOWFLAG exists
  watchq.py freeport                       a free TCP port on 127.0.0.1
  watchq.py report DIR NAME RULE           the result ("fail", "pass", ...) of RULE for the
                                           container NAME in the reports of DIR, or "none"
"""
import http.server
import json
import os
import socket
import sys
import time


def events(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def count(path, ev, name, rule=None):
    n = 0
    for e in events(path):
        if ev != "*" and e["event"] != ev:
            continue
        if name != "*" and e["output_fields"]["container.name"] != name:
            continue
        if rule is not None and e["rule"] != rule:
            continue
        n += 1
    return n


def validate(schema_path, path):
    import jsonschema
    schema = json.load(open(schema_path, encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    v = jsonschema.Draft202012Validator(schema)
    n = 0
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f, 1):
            try:
                doc = json.loads(line)
            except ValueError as e:
                return "line %d: not JSON: %s" % (i, e)
            errs = list(v.iter_errors(doc))
            if errs:
                return "line %d: %s: %s" % (i, "/".join(map(str, errs[0].absolute_path)),
                                            errs[0].message[:200])
            n += 1
    return "valid" if n else "empty"


def receiver(portfile, out, slowflag):
    class H(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            if os.path.exists(slowflag):
                time.sleep(3)
            with open(out, "ab") as f:
                f.write(body if body.endswith(b"\n") else body + b"\n")
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *a):
            pass

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
    with open(portfile + ".tmp", "w") as f:
        f.write(str(srv.server_address[1]))
    os.rename(portfile + ".tmp", portfile)
    srv.serve_forever()


def report(directory, name, rule):
    """The result of rule for container name in every YAML stream (JSON documents) of directory."""
    found = []
    for fn in sorted(os.listdir(directory)):
        if not fn.endswith(".yaml"):
            continue
        with open(os.path.join(directory, fn), encoding="utf-8") as f:
            docs = [d for d in f.read().split("\n---\n") if d.strip() and d.strip() != "---"]
        for d in docs:
            doc = json.loads(d.lstrip("-\n"))
            for r in doc.get("results", []):
                if r.get("rule") == rule and r.get("properties", {}).get("containerName") == name:
                    found.append(r["result"])
    return ",".join(found) if found else "none"


def main():
    cmd = sys.argv[1]
    if cmd == "count":
        print(count(*sys.argv[2:]))
    elif cmd == "names":
        for e in events(sys.argv[2]):
            if e["event"] == sys.argv[3]:
                print(e["output_fields"]["container.name"])
    elif cmd == "validate":
        print(validate(sys.argv[2], sys.argv[3]))
    elif cmd == "receiver":
        receiver(*sys.argv[2:5])
    elif cmd == "report":
        print(report(*sys.argv[2:5]))
    elif cmd == "freeport":
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        print(s.getsockname()[1])
        s.close()


if __name__ == "__main__":
    main()
