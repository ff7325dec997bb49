#!/bin/bash
# Installs everything the build and the whole test suite need on a fresh Debian 12 machine (as
# root), and the host settings the runtime tests rely on. Safe to run again.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
pkgs=(
	# build
	build-essential autoconf automake pkg-config clang-format
	# make fuzz: clang with libFuzzer and the sanitizers (only recommended by clang)
	clang libclang-rt-14-dev
	libseccomp-dev libcap-dev libyaml-dev libapparmor-dev libjson-c-dev
	# ctguard watch: the /metrics server, the HTTP event sink
	libmicrohttpd-dev libcurl4-openssl-dev
	# tests: real runtimes and their tools
	runc podman busybox-static lxc bubblewrap uidmap util-linux bsdutils iproute2
	# tests/integration/rootless.sh: rootless podman (newuidmap from uidmap; slirp4netns)
	slirp4netns
	python3 procps
	# tests/cli/oci-differential.sh: Go's encoding/json, as runc reads config.json (Go 1.19 like runc)
	golang-go
	# deploy/ tests: TOML/YAML parsers, systemd-analyze, strace for the unit's syscall filter
	python3-yaml systemd strace
	# report validators: xmllint (JUnit), jsonschema, promtool, headless Chromium (HTML), npm
	libxml2-utils python3-jsonschema prometheus chromium
	# benchmarks' peers
	libcap-ng-utils hyperfine time
)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# npm for the SARIF validator: the machine's own Node.js when it has one, else Debian's.
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
if [ "${#missing[@]}" -gt 0 ]; then
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# The official SARIF validator, from the npm registry, into a fixed prefix the tests look in.
if command -v npm >/dev/null 2>&1 && [ ! -x /opt/ctguard-tools/node_modules/.bin/sarif-multitool ]; then
	mkdir -p /opt/ctguard-tools
	npm install --prefix /opt/ctguard-tools --no-audit --no-fund --loglevel=error \
		@microsoft/sarif-multitool@5 >/dev/null
fi
