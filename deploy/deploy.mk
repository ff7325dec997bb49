# Build fragment included by Makefile.am (see its end). Append with +=.
# deploy/ snippets (issue 6); their tests are in tests/tests.mk.
deploy_files = \
	deploy/README.md \
	deploy/systemd/ctguard-audit.service \
	deploy/systemd/ctguard-audit.timer \
	deploy/systemd/ctguard-watch.service \
	deploy/podman/containers.conf \
	deploy/docker/daemon.json \
	deploy/containerd/config-v2.toml \
	deploy/containerd/config-v3.toml \
	deploy/cri-o/10-ctguard.conf \
	deploy/kubernetes/runtimeclass.yaml \
	deploy/kubernetes/daemonset.yaml \
	deploy/kubernetes/policyreport-publisher.yaml \
	deploy/kubernetes/monitoring.yaml \
	deploy/kubernetes/build-image.sh
EXTRA_DIST += $(deploy_files)
