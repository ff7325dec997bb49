#!/bin/bash
# Installs everything the build and the whole test suite need on a fresh Debian 12 machine (as
# root), and the host settings the runtime tests rely on. Safe to run again.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
pkgs=(
	# build
	build-essential autoconf automake pkg-config clang-format
	libseccomp-dev libcap-dev libyaml-dev libapparmor-dev libjson-c-dev
	# tests: real runtimes and their tools
	runc podman busybox-static lxc bubblewrap uidmap util-linux bsdutils iproute2
	python3 procps
	# benchmarks' peers
	libcap-ng-utils hyperfine time
)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# podman --userns=auto takes its ranges from the "containers" user's subordinate ids.
for f in /etc/subuid /etc/subgid; do
	grep -q '^containers:' "$f" 2>/dev/null || echo 'containers:2147483647:2147483648' >>"$f"
done
