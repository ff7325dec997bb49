#!/bin/bash
# The gate reads config.json as runc does (issue 11, defect 1). Each vector is run through Go's
# own encoding/json (tests/helpers/ocidecode.go: runc's loadSpec into structs with
# runtime-spec's json tags) and through ctguard-runtime (audit mode, a stand-in runc that keeps
# the config it is pointed at) and `ctguard oci check`:
#   - a vector Go and an exact-key reader (json-c, like Python's json) read differently must be
#     refused (exit 2, the reason named);
#   - a vector that is accepted must read the same in Go as in the gate's exact-key view, and
#     the private copy runc is pointed at must read, in Go, as the original.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
t_need_cmd python3 go

RT="$top_builddir/ctguard-runtime"
[ -x "$RT" ] || t_skip_all "ctguard-runtime is not built (make builds it)"
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
chmod 755 "$T"

# Go 1.19 from Debian's golang-go (tests/setup.sh), standard library only, no network.
GOCACHE=$T/gocache GOPATH=$T/gopath GO111MODULE=off GOFLAGS='' \
	go build -o "$T/ocidecode" "$top_srcdir/tests/helpers/ocidecode.go" >"$T/go.err" 2>&1 ||
	{ cat "$T/go.err"; t_skip_all "cannot build tests/helpers/ocidecode.go"; }

cat >"$T/fake-runc" <<EOF
#!/bin/sh
rm -f "$T/fake.read"
for a in "\$@"; do
	case "\$a" in
	*/ctguard/bundles/*) cp "\${a#*=}/config.json" "$T/fake.read" ;;
	esac
done
exit 0
EOF
chmod 755 "$T/fake-runc"
printf 'version: 1\nruntime: %s\npolicy: restricted\nmode: audit\n' "$T/fake-runc" >"$T/audit.yaml"
chmod 644 "$T/audit.yaml"

# The gate's view: the fields it judges, read with exact keys, the last duplicate winning and
# null as absent (json-c's reading), printed as ocidecode prints Go's.
cat >"$T/view.py" <<'EOF'
import json, sys
c = json.load(open(sys.argv[1], encoding="utf-8", errors="surrogateescape"))
def g(o, k, d):
    v = o.get(k) if isinstance(o, dict) else None
    return d if v is None else v
p, L = g(c, "process", {}), g(c, "linux", {})
u, cp = g(p, "user", {}), g(p, "capabilities", {})
v = {"uid": g(u, "uid", 0), "gid": g(u, "gid", 0), "nnp": g(p, "noNewPrivileges", False),
     "apparmor": g(p, "apparmorProfile", ""),
     "caps": {k: cp[k] for k in ("bounding", "effective", "inheritable", "permitted", "ambient")
              if g(cp, k, [])},
     "root": g(g(c, "root", {}), "path", ""), "readonly": g(g(c, "root", {}), "readonly", False),
     "mounts": [[g(m, "destination", ""), g(m, "type", ""), g(m, "source", ""), g(m, "options", [])]
                for m in g(c, "mounts", [])],
     "namespaces": [[g(n, "type", ""), g(n, "path", "")] for n in g(L, "namespaces", [])],
     "seccomp": g(g(L, "seccomp", {}), "defaultAction", ""),
     "masked": g(L, "maskedPaths", []), "readonlyPaths": g(L, "readonlyPaths", [])}
print(json.dumps(v, sort_keys=True, separators=(",", ":")))
EOF

# A compliant base (non-root, no capabilities, NNP, read-only root, own namespaces, a filter),
# written compactly; vectors are text edits of it, so duplicates and escapes survive.
python3 - "$T/base.json" <<'EOF'
import json, sys
c = {"ociVersion": "1.0.2-dev",
     "process": {"user": {"uid": 1000, "gid": 1000}, "args": ["sh"], "cwd": "/",
                 "capabilities": {"bounding": [], "effective": [], "permitted": []},
                 "noNewPrivileges": True},
     "root": {"path": "rootfs", "readonly": True},
     "mounts": [{"destination": "/proc", "type": "proc", "source": "proc"}],
     "linux": {"namespaces": [{"type": t} for t in ("pid", "network", "ipc", "uts", "mount")],
               "maskedPaths": ["/proc/kcore"], "readonlyPaths": ["/proc/sys"],
               "seccomp": {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": []}}}
open(sys.argv[1], "w").write(json.dumps(c, separators=(",", ":")))
EOF
BASE=$(cat "$T/base.json")
ALL='["CAP_CHOWN","CAP_DAC_OVERRIDE","CAP_SYS_ADMIN","CAP_SYS_PTRACE","CAP_NET_ADMIN"]'
ROOTPROC='{"user":{"uid":0,"gid":0},"capabilities":{"bounding":'$ALL',"effective":'$ALL',"permitted":'$ALL'},"noNewPrivileges":false}'
ETC='[{"destination":"/proc","type":"proc","source":"proc"},{"destination":"/host-etc","type":"bind","source":"/etc","options":["rbind","rw"]}]'
top() { printf '%s,%s}' "${BASE%\}}" "$1"; }         # a member added at the end of the document
sub() { printf '%s' "${BASE/"$1"/"$2"}"; }           # a text replaced

# vector NAME refuse|accept TEXT [MESSAGE]
vector() {
	local name=$1 want=$2 msg=${4:-}
	mkdir -p "$T/$name/rootfs"
	printf '%s' "$3" >"$T/$name/config.json"
	local go view rc
	go=$("$T/ocidecode" "$T/$name/config.json" 2>&1)
	view=$(python3 "$T/view.py" "$T/$name/config.json" 2>&1)
	rm -f "$T/fake.read"
	err=$("$RT" --ctguard-config "$T/audit.yaml" create -b "$T/$name" "v-$name" 2>&1)
	rc=$?
	"$CTGUARD" oci check --policy restricted "$T/$name" >/dev/null 2>&1
	local crc=$?
	if [ "$want" = refuse ]; then
		t_is "$rc" 2 "$name: refused by the gate (exit 2)"
		t_like "$err" "$msg" "$name: the reason is named"
		t_ok "$name: runc is not run" test ! -e "$T/fake.read"
		t_is "$crc" 2 "$name: oci check --policy restricted refuses it too"
	else
		t_is "$rc" 0 "$name: accepted"
		t_isnt_ "$crc" 2 "$name: oci check reads it"
	fi
	if [ "$rc" = 0 ]; then
		# Whatever the gate accepted, Go reads as the gate does, original and private copy.
		t_is "$view" "$go" "$name: Go (runc) reads what the gate judged"
		# (root.path made absolute against the bundle, as runc resolves it)
		t_is "$("$T/ocidecode" "$T/fake.read" 2>&1)" "${go/\"root\":\"rootfs\"/\"root\":\"$T/$name/rootfs\"}" "$name: runc's private copy reads, in Go, as the original"
	fi
}
t_isnt_() { if [ "$1" != "$2" ]; then t_pass "$3"; else t_fail "$3"; echo "#   got: $1"; fi; }
# The vectors are real: Go reads this one differently from an exact-key reader.
differs() {
	printf '%s' "$2" >"$T/d.json"
	t_isnt_ "$("$T/ocidecode" "$T/d.json")" "$(python3 "$T/view.py" "$T/d.json")" "$1: Go reads it differently from an exact-key reader (a real differential)"
}

Q='is not'
DUP='appears twice'
v=$(top '"Process":'"$ROOTPROC"); differs Process "$v"; vector Process refuse "$v" "'Process' $Q 'process', but runc"
v=$(top '"Mounts":'"$ETC"); differs Mounts "$v"; vector Mounts refuse "$v" "'Mounts' $Q 'mounts'"
v=$(top '"process\u0000":'"$ROOTPROC"); vector nul-key refuse "$v" 'a NUL character'
# Go decodes a repeated member into the same struct: the first one's capabilities survive the
# second (json-c keeps only the second).
v=$(sub '"ociVersion":"1.0.2-dev",' '"ociVersion":"1.0.2-dev","process":{"capabilities":{"inheritable":'"$ALL"',"ambient":'"$ALL"'}},')
differs dup-process "$v"; vector dup-process refuse "$v" "the key 'process' $DUP"
v=$(sub '"user":{"uid":1000,"gid":1000}' '"user":{"uid":1000,"gid":1000},"User":{"uid":0,"gid":0}')
differs nested-User "$v"; vector nested-User refuse "$v" "process: the key 'User' $Q 'user'"
v=$(sub '"uid":1000' '"uid":1000,"UID":0'); differs UID "$v"; vector UID refuse "$v" "process.user: the key 'UID' $Q 'uid'"
v=$(sub '"noNewPrivileges":true' '"noNewPrivileges":true,"capabilitie\u017f":{"bounding":'"$ALL"',"effective":'"$ALL"',"permitted":'"$ALL"'}')
differs long-s "$v"; vector long-s refuse "$v" "runc .* would read it as 'capabilities'"
v=$(sub '"maskedPaths":["/proc/kcore"]' '"maskedPaths":["/proc/kcore"],"mas\u212aedPaths":[]')
differs kelvin "$v"; vector kelvin refuse "$v" "would read it as 'maskedPaths'"
v=$(sub '"maskedPaths"' '"Namespaces":[{"type":"mount"}],"maskedPaths"')
differs Namespaces "$v"; vector Namespaces refuse "$v" "linux: the key 'Namespaces'"
v=$(sub '"root":{"path":"rootfs","readonly":true}' '"root":{"path":"rootfs","readonly":true},"Root":{"path":"rootfs","readonly":false}')
differs Root "$v"; vector Root refuse "$v" "the key 'Root' $Q 'root'"
v=$(sub '"source":"proc"' '"source":"proc","Source":"/etc","Options":["rbind"]'); differs mount-Source "$v"
vector mount-Source refuse "$v" "mounts\[0\]: the key 'Source'"
v=$(sub '"path":"rootfs"' $'"path":"root\xfffs"'); vector bad-utf8 refuse "$v" 'invalid UTF-8'
v=$(sub '"path":"rootfs"' '"path":"rootfs\ud800"'); vector lone-surrogate refuse "$v" 'a lone surrogate'
v=$(sub '"path":"rootfs"' '"path":"rootfs\udc00\ud800"'); vector lone-surrogates refuse "$v" 'a lone surrogate'
v=$(top '"process":null'); vector process-null refuse "$v" "process is null: an object is expected"
v=$(printf '{"ociVersion":"1.0.2","process":null}'); vector only-process-null refuse "$v" "process is null"
v=$(sub '"linux":{' '"linux":null,"x":{'); vector linux-null refuse "$v" "linux is null: an object is expected"
v=$(sub '"maskedPaths":["/proc/kcore"]' '"maskedPaths":null'); vector masked-null refuse "$v" "linux.maskedPaths is null: a list is expected"
v=$(sub '"user":{"uid":1000,"gid":1000}' '"user":[]'); vector user-list refuse "$v" "process.user must be an object"

# Accepted: maps keep case-sensitive keys, unknown keys are inert to runc, escapes decode alike.
v=$(top '"annotations":{"Foo":"1","foo":"2","FOO":"3"}'); vector annotations-case accept "$v"
v=$(sub '"maskedPaths"' '"sysctl":{"net.ipv4.ip_forward":"1","Net.IPv4.ip_forward":"0"},"maskedPaths"'); vector sysctl-case accept "$v"
v=$(top '"extra":{"Process":{"user":{"uid":0}}},"processes":1'); vector unknown-keys accept "$v"
v=$(sub '"process":' '"\u0070rocess":'); vector escaped-key accept "$v"
v=$(top '"annotations":{"a":"caf\u00e9 \ud83d\ude00 \u2028"}'); vector unicode accept "$v"
v=$(sub '"uid":1000,"gid":1000' '"uid":null,"gid":null'); vector scalar-null accept "$v"
v=$(sub '"annotations"' '"annotations"'); vector base accept "$BASE"
t_done
