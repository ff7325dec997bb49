#!/usr/bin/env python3
# Run from the top of the tree: python3 tests/data/hosts/rootless-engines.py (issue 14).
# Builds the rootless Docker and rootless nerdctl fixtures from the recorded rootless podman
# tree: the same kernel view (a runc container in a user namespace of uid 1000's, beside
# RootlessKit's child holding that namespace), with each engine's own state files.
import json, os, re, shutil, sys
src = "tests/data/hosts/podman-rootless"
CID = {"docker": "8a1c0f3e5b7d9f2a4c6e8b0d2f4a6c8e0b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a",
       "nerdctl": "3f9b1d7e5c3a1f9d7b5e3c1a9f7d5b3e1c9a7f5d3b1e9c7a5f3d1b9e7c5a3f1d"}

def fix_status(path, name, ppid, uid):
    t = open(path).read()
    t = re.sub(r"^Name:\t.*$", "Name:\t" + name, t, flags=re.M)
    t = re.sub(r"^PPid:\t.*$", "PPid:\t%d" % ppid, t, flags=re.M)
    t = re.sub(r"^Uid:\t.*$", "Uid:\t%d\t%d\t%d\t%d" % ((uid,) * 4), t, flags=re.M)
    t = re.sub(r"^Gid:\t.*$", "Gid:\t%d\t%d\t%d\t%d" % ((uid,) * 4), t, flags=re.M)
    t = re.sub(r"^(Pid|Tgid):\t.*$", lambda m: m.group(1) + ":\t" + os.path.basename(os.path.dirname(path)), t, flags=re.M)
    open(path, "w").write(t)

def proc_copy(dst, frm, pid, name, ppid, uid):
    d = "%s/proc/%d" % (dst, pid)
    shutil.copytree("%s/proc/%d" % (src, frm), d)
    open(d + "/comm", "w").write(name + "\n")
    fix_status(d + "/status", name, ppid, uid)
    for f in ("uid_map", "gid_map"):
        p = d + "/" + f
        t = open(p).read()
        open(p, "w").write(t.replace("1001", "1000"))
    return d

def build(kind):
    dst = "tests/data/hosts/%s-rootless" % kind
    shutil.rmtree(dst, ignore_errors=True)
    os.makedirs(dst + "/proc")
    for p in ("1", "2", "sys"):
        shutil.copytree("%s/proc/%s" % (src, p), "%s/proc/%s" % (dst, p))
    cid = CID[kind]
    # RootlessKit (host namespaces) -> its child "exe" (the user's user and mount namespaces)
    # -> the engine.
    proc_copy(dst, 2, 4100, "rootlesskit", 1, 1000)
    proc_copy(dst, 21351, 4120, "exe", 4100, 1000)
    engine = "dockerd" if kind == "docker" else "containerd"
    proc_copy(dst, 21351, 4130, engine, 4120, 1000)
    proc_copy(dst, 21351, 4140, "containerd-shim", 4130 if kind == "docker" else 4130, 1000)
    name = "nginx" if kind == "docker" else "redis-server"
    c = proc_copy(dst, 3043, 4410, name, 4140, 1000)
    shutil.rmtree(c + "/root", ignore_errors=True)
    os.makedirs(c + "/root")
    if kind == "docker":
        open(c + "/root/.dockerenv", "w").close()
    r = dst + "/root"
    shutil.copytree(src + "/root/sys", r + "/sys")
    os.makedirs(r + "/etc")
    open(r + "/etc/passwd", "w").write("root:x:0:0:root:/root:/bin/bash\ndev:x:1000:1000:Dev,,,:/home/dev:/bin/bash\n")
    st = json.load(open("%s/root/run/user/1001/runc/296b20b18ee18daf50283a85316fa278d54b4c3a72edfee074a9b099b7ba4f6a/state.json" % src))
    st["id"] = cid
    st["init_process_pid"] = 4410
    st["rootless"] = True
    if kind == "docker":
        bundle = "/run/user/1000/docker/containerd/daemon/io.containerd.runtime.v2.task/moby/" + cid
        sdir = r + "/run/user/1000/docker/runtime-runc/moby/" + cid
    else:
        bundle = "/run/user/1000/containerd/io.containerd.runtime.v2.task/default/" + cid
        sdir = r + "/run/user/1000/containerd/runc/default/" + cid
    st["config"]["labels"] = ["bundle=" + bundle]
    st["config"]["rootfs"] = bundle + "/rootfs"
    os.makedirs(sdir)
    json.dump(st, open(sdir + "/state.json", "w"))
    if kind == "docker":
        cdir = r + "/home/dev/.local/share/docker/containers/" + cid
        os.makedirs(cdir)
        json.dump({"StreamConfig": {}, "State": {"Running": True, "Paused": False, "Restarting": False,
                   "OOMKilled": False, "Dead": False, "Pid": 4410, "ExitCode": 0, "Error": "",
                   "StartedAt": "2026-12-01T09:12:44.518093151Z", "FinishedAt": "0001-01-01T00:00:00Z"},
                   "ID": cid, "Created": "2026-12-01T09:12:44.101520884Z", "Path": "/docker-entrypoint.sh",
                   "Args": ["nginx", "-g", "daemon off;"],
                   "Config": {"Hostname": cid[:12], "User": "", "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
                              "Cmd": ["nginx", "-g", "daemon off;"], "Image": "nginx:1.25",
                              "Entrypoint": ["/docker-entrypoint.sh"], "Labels": {"maintainer": "NGINX Docker Maintainers"}},
                   "Image": "sha256:a8758716bb6aa4d90071160d27028fe4eaee7ce8166221a97d30440c8eac2be6",
                   "Name": "/web", "Driver": "overlay2", "RestartCount": 0},
                  open(cdir + "/config.v2.json", "w"))
    else:
        bdir = r + bundle
        os.makedirs(bdir)
        json.dump({"ociVersion": "1.1.0", "process": {"user": {"uid": 0, "gid": 0}, "args": ["redis-server"], "cwd": "/data"},
                   "root": {"path": "rootfs"}, "hostname": cid[:12],
                   "annotations": {"nerdctl/name": "cache", "nerdctl/namespace": "default",
                                   "nerdctl/hostname": cid[:12], "nerdctl/networks": "[\"bridge\"]",
                                   "nerdctl/state-dir": "/home/dev/.local/share/nerdctl/1935db59/containers/default/" + cid,
                                   "nerdctl/platform": "linux/amd64"},
                   "linux": {"uidMappings": [], "namespaces": [{"type": "pid"}, {"type": "ipc"}, {"type": "uts"}, {"type": "mount"}, {"type": "network"}]}},
                  open(bdir + "/config.json", "w"))
    exp = {"pid=4410": {"container.runtime": "docker" if kind == "docker" else "containerd",
                        "container.id": cid, "container.name": "web" if kind == "docker" else "cache",
                        "container.image": "nginx:1.25" if kind == "docker" else "",
                        "container.claimed": [], "container.owner": "dev", "userns.owner_uid": 1000,
                        "userns.rootless": True}}
    json.dump(exp, open(dst + "/expected.json", "w"), indent=1)
    open(dst + "/expected.json", "a").write("\n")

build("docker")
build("nerdctl")
