# Build fragment included by Makefile.am (see its end). Append with +=.
# Fuzzing (issue 11): libFuzzer targets built with clang by `make fuzz` into tests/fuzz/out/
# (tests/fuzz/clang.mk), run by tests/fuzz/run.sh; the same targets built as replay binaries
# with the project's compiler, so that make check replays every seed and kept crash input.
fuzz_targets = rules waivers policy profile oci proc runtime bpf vdiff snapshot result

fuzz: $(BUILT_SOURCES)
	$(AM_V_at)$(MAKE) -f $(srcdir)/tests/fuzz/clang.mk srcdir='$(srcdir)' builddir=. \
		LIB_SOURCES='$(libctguard_a_SOURCES) $(nodist_libctguard_a_SOURCES)' \
		TARGETS='$(fuzz_targets)' \
		DEPS_CFLAGS='$(SECCOMP_CFLAGS) $(CAP_CFLAGS) $(YAML_CFLAGS) $(APPARMOR_CFLAGS) $(JSONC_CFLAGS) $(DEFS)' \
		DEPS_LIBS='$(DEPS_LIBS)'
fuzz-clean:
	rm -rf tests/fuzz/out
.PHONY: fuzz fuzz-clean
clean-local: fuzz-clean

fuzz_replay = \
	tests/fuzz/replay-rules \
	tests/fuzz/replay-waivers \
	tests/fuzz/replay-policy \
	tests/fuzz/replay-profile \
	tests/fuzz/replay-oci \
	tests/fuzz/replay-proc \
	tests/fuzz/replay-runtime \
	tests/fuzz/replay-bpf \
	tests/fuzz/replay-vdiff \
	tests/fuzz/replay-snapshot \
	tests/fuzz/replay-result
check_PROGRAMS += $(fuzz_replay)
FUZZ_REPLAY_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz.h
tests_fuzz_replay_rules_SOURCES = tests/fuzz/fuzz-rules.c $(FUZZ_REPLAY_SOURCES)
tests_fuzz_replay_waivers_SOURCES = tests/fuzz/fuzz-waivers.c $(FUZZ_REPLAY_SOURCES)
tests_fuzz_replay_policy_SOURCES = tests/fuzz/fuzz-policy.c $(FUZZ_REPLAY_SOURCES)
tests_fuzz_replay_profile_SOURCES = tests/fuzz/fuzz-profile.c $(FUZZ_REPLAY_SOURCES)
tests_fuzz_replay_oci_SOURCES = tests/fuzz/fuzz-oci.c $(FUZZ_REPLAY_SOURCES)
tests_fuzz_replay_proc_SOURCES = tests/fuzz/fuzz-proc.c $(FUZZ_REPLAY_SOURCES)
tests_fuzz_replay_runtime_SOURCES = tests/fuzz/fuzz-runtime.c $(FUZZ_REPLAY_SOURCES)
tests_fuzz_replay_bpf_SOURCES = tests/fuzz/fuzz-bpf.c $(FUZZ_REPLAY_SOURCES)
tests_fuzz_replay_vdiff_SOURCES = tests/fuzz/fuzz-vdiff.c $(FUZZ_REPLAY_SOURCES)
tests_fuzz_replay_snapshot_SOURCES = tests/fuzz/fuzz-snapshot.c $(FUZZ_REPLAY_SOURCES)
tests_fuzz_replay_result_SOURCES = tests/fuzz/fuzz-result.c $(FUZZ_REPLAY_SOURCES)
tests_fuzz_replay_rules_LDADD = $(TEST_LDADD)
tests_fuzz_replay_waivers_LDADD = $(TEST_LDADD)
tests_fuzz_replay_policy_LDADD = $(TEST_LDADD)
tests_fuzz_replay_profile_LDADD = $(TEST_LDADD)
tests_fuzz_replay_oci_LDADD = $(TEST_LDADD)
tests_fuzz_replay_proc_LDADD = $(TEST_LDADD)
tests_fuzz_replay_runtime_LDADD = $(TEST_LDADD)
tests_fuzz_replay_bpf_LDADD = $(TEST_LDADD)
tests_fuzz_replay_vdiff_LDADD = $(TEST_LDADD)
tests_fuzz_replay_snapshot_LDADD = $(TEST_LDADD)
tests_fuzz_replay_result_LDADD = $(TEST_LDADD)
cli_tests += tests/fuzz/replay.sh
EXTRA_DIST += tests/fuzz/fuzz.mk tests/fuzz/clang.mk tests/fuzz/run.sh tests/fuzz/corpus \
	tests/fuzz/dict
