#!/bin/sh
# Builds the DaemonSet's image from a built or installed ctguard: the binary and the ctguard-watch
# beside it, the shared libraries they link (as ldd lists them on this machine) and a static
# busybox for the pod's shell loop (sh, mv, sleep). Nothing else: no package manager, no network
# tools.
#
#   deploy/kubernetes/build-image.sh [CTGUARD_BINARY [IMAGE]]
#
# CTGUARD_BINARY defaults to the ctguard on PATH, IMAGE to localhost/ctguard:latest. Needs
# podman (or buildah: BUILDAH=1) and busybox-static. Push the image to your registry and name
# it in daemonset.yaml.
set -eu

bin=${1:-$(command -v ctguard || true)}
image=${2:-localhost/ctguard:latest}
[ -n "$bin" ] && [ -x "$bin" ] || {
	echo "build-image.sh: no ctguard binary (pass its path)" >&2
	exit 2
}
bb=$(command -v busybox || true)
[ -n "$bb" ] && ! ldd "$bb" >/dev/null 2>&1 || {
	echo "build-image.sh: needs a static busybox (Debian: busybox-static)" >&2
	exit 2
}

root=$(mktemp -d "${TMPDIR:-/tmp}/ctguard-image.XXXXXX")
trap 'rm -rf "$root"' EXIT INT TERM
for d in bin usr/local/sbin proc sys dev tmp etc host var/lib/ctguard; do
	mkdir -p "$root/$d"
done
cp "$bin" "$root/usr/local/sbin/ctguard"
# `ctguard watch` is the program ctguard-watch beside ctguard (ctguard-watch(8)): in the image
# when it was built or installed with it.
watch=$(dirname "$bin")/ctguard-watch
bins=$bin
if [ -x "$watch" ]; then
	cp "$watch" "$root/usr/local/sbin/ctguard-watch"
	bins="$bin $watch"
else
	echo "build-image.sh: no $watch: the image cannot run 'ctguard watch'" >&2
fi
# "libX.so => /path (addr)" and the interpreter's "/path (addr)" lines (none for a static-pie
# ctguard).
for b in $bins; do
	ldd "$b" 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'
done | sort -u |
	while read -r lib; do
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
cp "$bb" "$root/bin/busybox"
for a in sh mv sleep cat ls; do
	ln -s busybox "$root/bin/$a"
done
echo 'root:x:0:0:root:/:/bin/sh' >"$root/etc/passwd"
echo 'root:x:0:' >"$root/etc/group"

change_path='ENV PATH=/usr/local/sbin:/bin'
change_cmd='CMD ["/usr/local/sbin/ctguard", "--help"]'
if [ "${BUILDAH:-0}" = 1 ]; then
	c=$(buildah from scratch)
	buildah copy "$c" "$root" / >/dev/null
	buildah config --env PATH=/usr/local/sbin:/bin --cmd '["/usr/local/sbin/ctguard", "--help"]' "$c"
	buildah commit --rm "$c" "$image"
else
	tar -C "$root" -cf - . | podman import --change "$change_path" --change "$change_cmd" - "$image"
fi
