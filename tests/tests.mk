# Build fragment of tests/ (included by Makefile.am): every test, TAP throughout. Unit tests are
# C programs linked with the library (tests/unit/test-NAME tests the module NAME); tests/cli/
# runs the binary on fixtures; tests/integration/ starts real containers (podman, runc, lxc).
unit_tests = \
	tests/unit/test-access \
	tests/unit/test-escape \
	tests/unit/test-status \
	tests/unit/test-idmap \
	tests/unit/test-cgroup \
	tests/unit/test-mountinfo \
	tests/unit/test-caps \
	tests/unit/test-ns \
	tests/unit/test-limits \
	tests/unit/test-identity \
	tests/unit/test-mounts \
	tests/unit/test-fileio \
	tests/unit/test-jsonw \
	tests/unit/test-devices \
	tests/unit/test-devcache \
	tests/unit/test-eval \
	tests/unit/test-event \
	tests/unit/test-eval-oom \
	tests/unit/test-baseline-oom \
	tests/unit/test-policy \
	tests/unit/test-profile \
	tests/unit/test-bpf \
	tests/unit/test-learnrec \
	tests/unit/test-ocispec \
	tests/unit/test-policyrules \
	tests/unit/test-gate \
	tests/unit/test-precompiled \
	tests/unit/test-screport \
	tests/unit/test-profilelint \
	tests/unit/test-select \
	tests/unit/test-watchstate
check_PROGRAMS += $(unit_tests)
TEST_LDADD = libctguard.a $(DEPS_LIBS)
tests_unit_test_access_LDADD = $(TEST_LDADD)
tests_unit_test_escape_LDADD = $(TEST_LDADD)
tests_unit_test_status_LDADD = $(TEST_LDADD)
tests_unit_test_idmap_LDADD = $(TEST_LDADD)
tests_unit_test_cgroup_LDADD = $(TEST_LDADD)
tests_unit_test_mountinfo_LDADD = $(TEST_LDADD)
tests_unit_test_caps_LDADD = $(TEST_LDADD)
tests_unit_test_ns_LDADD = $(TEST_LDADD)
tests_unit_test_limits_LDADD = $(TEST_LDADD)
tests_unit_test_identity_LDADD = $(TEST_LDADD)
tests_unit_test_mounts_LDADD = $(TEST_LDADD)
tests_unit_test_fileio_LDADD = $(TEST_LDADD)
tests_unit_test_jsonw_LDADD = $(TEST_LDADD)
tests_unit_test_eval_LDADD = $(TEST_LDADD)
tests_unit_test_devices_LDADD = $(TEST_LDADD)
tests_unit_test_devcache_LDADD = $(TEST_LDADD)
tests_unit_test_event_LDADD = $(TEST_LDADD)
# Allocation failure injection: the library's strv_push calls go through the test's wrapper.
tests_unit_test_eval_oom_LDADD = $(TEST_LDADD)
tests_unit_test_eval_oom_LDFLAGS = $(AM_LDFLAGS) -Wl,--wrap=strv_push
tests_unit_test_baseline_oom_LDADD = $(TEST_LDADD)
tests_unit_test_baseline_oom_LDFLAGS = $(AM_LDFLAGS) -Wl,--wrap=strv_push,--wrap=strdup
tests_unit_test_policy_LDADD = $(TEST_LDADD)
tests_unit_test_profile_LDADD = $(TEST_LDADD)
tests_unit_test_bpf_LDADD = $(TEST_LDADD)
tests_unit_test_learnrec_LDADD = $(TEST_LDADD)
tests_unit_test_ocispec_LDADD = $(TEST_LDADD)
tests_unit_test_policyrules_LDADD = $(TEST_LDADD)
tests_unit_test_gate_LDADD = $(TEST_LDADD)
# with the build's precompiled profiles and programs, as ctguard and ctguard-runtime
tests_unit_test_precompiled_LDADD = $(TEST_LDADD)
tests_unit_test_precompiled_SOURCES = tests/unit/test-precompiled.c
nodist_tests_unit_test_precompiled_SOURCES = rules/precompiled.c
tests_unit_test_screport_LDADD = $(TEST_LDADD)
tests_unit_test_profilelint_LDADD = $(TEST_LDADD)
tests_unit_test_select_LDADD = $(TEST_LDADD)
tests_unit_test_watchstate_LDADD = $(TEST_LDADD)

# Helper programs the shell tests run.
check_PROGRAMS += tests/helpers/try-syscall tests/helpers/x32-call tests/helpers/policy-lint
tests_helpers_try_syscall_SOURCES = tests/helpers/try-syscall.c
tests_helpers_x32_call_SOURCES = tests/helpers/x32-call.c
tests_helpers_policy_lint_LDADD = $(TEST_LDADD)

cli_tests = \
	tests/cli/usage.sh \
	tests/cli/fixtures.sh \
	tests/cli/hostile.sh \
	tests/cli/docs.sh \
	tests/cli/rules.sh \
	tests/cli/audit.sh \
	tests/cli/coverage.sh \
	tests/cli/report-sarif.sh \
	tests/cli/report-junit-csv.sh \
	tests/cli/report-prometheus.sh \
	tests/cli/report-json-schema.sh \
	tests/cli/report-fleet.sh \
	tests/cli/report-html.sh \
	tests/cli/report-policyreport.sh \
	tests/cli/packs.sh \
	tests/cli/rootless.sh \
	tests/cli/policy-lint.sh \
	tests/cli/seccomp.sh \
	tests/cli/fifo.sh \
	tests/cli/run.sh \
	tests/cli/oci-runtime.sh \
	tests/cli/oci-runtime-build.sh \
	tests/cli/watch-program.sh \
	tests/cli/oci-differential.sh \
	tests/cli/oci-check.sh \
	tests/cli/seccomp-show.sh \
	tests/cli/seccomp-approx.sh \
	tests/cli/learn.sh \
	tests/cli/deploy.sh \
	tests/cli/layers.sh
integration_tests = \
	tests/integration/runc.sh \
	tests/integration/podman.sh \
	tests/integration/lxc.sh \
	tests/integration/sandboxes.sh \
	tests/integration/evasion.sh \
	tests/integration/audit.sh \
	tests/integration/mounts.sh \
	tests/integration/devices.sh \
	tests/integration/watch.sh \
	tests/integration/packs.sh \
	tests/integration/rootless.sh \
	tests/integration/rootless-files.sh \
	tests/integration/run.sh \
	tests/integration/oci-runtime.sh \
	tests/integration/oci-runtime-parse.sh \
	tests/integration/oci-runtime-args.sh \
	tests/integration/oci-runtime-race.sh \
	tests/integration/oci-check.sh \
	tests/integration/oci-gate-exposure.sh \
	tests/integration/audit-policy.sh \
	tests/integration/seccomp-dump.sh \
	tests/integration/learn.sh \
	tests/integration/deploy-daemonset.sh \
	tests/integration/deploy-podman.sh

EXTRA_DIST += tests/tap.h tests/ociseccomp-ref.h tests/lib.sh tests/run-test.sh tests/jsonq.py tests/crdcheck.py tests/helpers/watchq.py tests/integration/common.sh \
	tests/integration/deploy-common.sh tests/record-fixture.sh tests/setup.sh \
	tests/helpers/ocidecode.go tests/data tests/tests.mk
