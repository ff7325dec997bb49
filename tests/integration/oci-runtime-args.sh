#!/bin/bash
# The wrapper reads argv as runc 1.1 does (issue 11, defect 2). For argv vectors covering
# every option of create, run and restore (values, bools, "--x=v", "-x", reordering after the
# id, "--"), the bundle the wrapper judges (--ctguard-args prints it, running nothing) is the
# directory real runc goes to, as strace sees it (chdir, then config.json opened): and what runc
# refuses, the wrapper refuses. The bundles' config.json is not a valid config, so runc stops
# right after opening it and no container is made. exec's user and groups are checked against
# the ids real runc gives a real container's process.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/integration/common.sh"

t_need_root
t_need_cmd runc strace busybox python3
ct_trap
ct_tmpdir
W=$ct_dir
RT="$top_builddir/ctguard-runtime"
[ -x "$RT" ] || t_skip_all "ctguard-runtime is not built"

mkdir -p "$W/cwd" "$W/root"
for d in cwd good priv2 X x y IMG ID other -; do
	mkdir -p "$W/cwd/$d"
	echo '{"ociVersion": "1.0.2"' >"$W/cwd/$d/config.json" # truncated: runc stops there
done

# runc_bundle_of ARGS...: the bundle real runc reads config.json from, or "refused".
runc_bundle_of() {
	(cd "$W/cwd" && strace -f -qq -e trace=chdir,openat -o "$W/st" runc --root "$W/root" "$@" \
		</dev/null >/dev/null 2>&1)
	python3 - "$W/st" "$W/cwd" <<'EOF'
import os, re, sys
cwd = sys.argv[2]
for line in open(sys.argv[1]):
    m = re.search(r'chdir\("([^"]*)"\)\s+= 0', line)
    if m:
        cwd = os.path.join(cwd, m.group(1))
    m = re.search(r'openat\(AT_FDCWD, "([^"]*config\.json)"', line)
    if m:
        print(os.path.realpath(os.path.join(cwd, os.path.dirname(m.group(1)) or ".")))
        sys.exit(0)
print("refused")
EOF
}

# wrapper_bundle_of ARGS...: the bundle the wrapper judges, or "refused".
wrapper_bundle_of() {
	local out
	out=$(cd "$W/cwd" && "$RT" --ctguard-args "$@" 2>/dev/null) || {
		echo refused
		return
	}
	# runc --help or CMD --help: runc shows help and opens no config (nor does the wrapper)
	case $out in *"runs: nothing"*) echo refused; return ;; esac
	out=$(printf '%s\n' "$out" | sed -n 's/^bundle: //p')
	(cd "$W/cwd" && realpath "$out")
}

same() { # same ARGS...: runc and the wrapper agree
	local want got
	want=$(runc_bundle_of "$@")
	got=$(wrapper_bundle_of "$@")
	t_is "$got" "$want" "same bundle as runc ($want): $*"
}

# The issue's example: restore's valued options were unknown to the wrapper.
same restore -d --image-path IMG -b priv2 --work-path --bundle=good ID
t_is "$(wrapper_bundle_of restore -d --image-path IMG -b priv2 --work-path --bundle=good ID)" \
	"$W/cwd/priv2" "the issue's restore argv: the bundle judged is the one runc opens (priv2)"

for cmd in create run restore; do
	same $cmd ID
	same $cmd -b good ID
	same $cmd --bundle good ID
	same $cmd --bundle=good ID
	same $cmd -bundle good ID
	same $cmd -b=good ID
	same $cmd ID -b good
	same $cmd ID --bundle=good
	same $cmd --bundle good ID --bundle priv2 # the last one wins
	same $cmd --bundle good -b priv2 ID      # two forms: refused
	same $cmd -b good -- ID
	same $cmd ID -- -b good
	same $cmd -- -b good
	same $cmd --bundle= ID
	same $cmd -b good ID extra
	same $cmd --unknown-option -b good ID
	same $cmd ---b good ID
	same $cmd -=x ID
	same $cmd -b
	same $cmd -h ID
	same $cmd --console-socket -b good ID
	same $cmd --pid-file good/p -b priv2 ID
	same $cmd --pid-file=x -b priv2 ID
	same $cmd -b - ID
	same $cmd - -b good
done
for cmd in create run; do
	same $cmd --preserve-fds 0 -b good ID
	same $cmd --preserve-fds=0 ID -b good
	same $cmd --no-pivot -b good ID
	same $cmd --no-pivot good ID     # a bool takes no separate value: two arguments
	same $cmd --no-pivot=false -b good ID
	same $cmd --no-pivot=maybe -b good ID
	same $cmd --no-new-keyring=1 -b good ID
	same $cmd ID --no-new-keyring -b good
done
same run -d ID --bundle X          # reorder: "ID" follows the bool, parsing stops there
same run -d=true ID --bundle X
same run --detach --bundle X ID
same run --keep -b good ID
same run --no-subreaper -b good ID
same create -b good --console-socket=/nonexistent ID
for o in --image-path --work-path --manage-cgroups-mode --lsm-profile --lsm-mount-context \
	--console-socket --pid-file; do
	same restore $o priv2 -b good ID
	same restore ID $o=x -b good
	same restore -b good $o ID
done
for o in --tcp-established --ext-unix-sk --shell-job --file-locks --detach -d --no-subreaper \
	--no-pivot --auto-dedup --lazy-pages; do
	same restore $o priv2 ID
	same restore ID $o=false -b good
done
same restore --empty-ns network -b good ID
same restore --empty-ns -b good ID
same restore ID --empty-ns=network -b good
same restore -b good --image-path=IMG ID --work-path good
# Global options come before the command, are not reordered, and an unknown one is refused.
same --debug create -b good ID
same --log /dev/null --log-format json create -b good ID
same --root "$W/root" create -b good ID
same --systemd-cgroup=false create -b good ID
same --rootless false create -b good ID
same --criu /x create -b good ID
same --no-such-global create -b good ID
same -- create -b good ID
same --debug=nope create -b good ID
same --version create -b good ID
same --version=false create -b good ID
same -h=false create -b good ID
same create --help=false -b good ID

# --- exec: the user and groups the wrapper judges are the ones runc gives ------------------------
B=$W/bundle
runc_bundle "$B" || t_skip_all "no busybox bundle"
CT=ctg-args-$$
runc_run "$CT" "$B" || t_skip_all "the test container does not start"
# exec_ids ARGS...: "uid gid groups" of `id` run by runc exec ARGS... CT id
exec_ids() {
	runc exec "$@" "$CT" sh -c 'echo $(id -u) $(id -g) $(id -G)' 2>/dev/null || echo refused
}
# wrapper_ids ARGS...: what the wrapper read for user and additional gids
wrapper_ids() {
	local out
	out=$("$RT" --ctguard-args exec "$@" "$CT" id 2>/dev/null) || out=refused
	printf '%s\n' "$out" | sed -n 's/^option: //p; s/^refused$/refused/p' | tr '\n' ';'
}
t_is "$(exec_ids --user 4294967296:6)" "0 6 6" "runc reads --user 4294967296 as uid 0 (Go's uint32 cast)"
t_is "$(wrapper_ids --user 4294967296:6)" "user = 4294967296:6;" "the wrapper reads the same --user value"
t_is "$(exec_ids -u 1000:1000 -g 0 -g +6)" "1000 1000 1000 0 6" "runc: -g 0 -g +6 adds groups 0 and 6"
t_is "$(wrapper_ids -u 1000:1000 -g 0 -g +6)" "user = 1000:1000;additional-gids = 0;additional-gids = +6;" "the wrapper reads the same -g values"
t_like "$(exec_ids -u 1000:1000 -g 0 --additional-gids 6)" "refused" "runc refuses -g with --additional-gids (two forms)"
t_is "$(wrapper_ids -u 1000:1000 -g 0 --additional-gids 6)" "refused;" "the wrapper refuses them too"
t_like "$(exec_ids -u 1000:1000 -g 0x6)" "refused" "runc refuses -g 0x6 (base 10 only)"
t_is "$(wrapper_ids -u 1000:1000 -g 0x6)" "refused;" "the wrapper refuses it too"
t_is "$(exec_ids --user=1000:0)" "1000 0 0" "runc: --user=1000:0 is gid 0"

cat >"$W/reject.yaml" <<EOF
version: 1
runtime: runc
policy: restricted
mode: reject
EOF
chmod 644 "$W/reject.yaml"
out=$("$RT" --ctguard-config "$W/reject.yaml" exec --user 4294967296:6 "$CT" id 2>&1)
t_like "$out" "runs as root \(uid 0\)" "reject: exec --user 4294967296 is judged as the root runc would make it"
t_unlike "$out" "uid=" "reject: nothing ran"
t_done
