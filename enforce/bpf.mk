# Build fragment included by Makefile.am (see its end). Append with +=.
# Seccomp truth (issue 7): BPF emulator, filter dump, seccomp show/diff, --deep facts.
# The emulator lives in audit/ (DESIGN.md: audit/ owns the filter dump and the BPF emulator;
# `--deep` fills facts from there, and audit/ may not include enforce/ headers).
libctguard_a_SOURCES += \
	audit/bpf.c audit/bpf.h \
	audit/explore.c audit/explore.h
unit_tests += tests/unit/test-bpf
tests_unit_test_bpf_LDADD = $(TEST_LDADD)
libctguard_a_SOURCES += \
	audit/verdict.c audit/verdict.h \
	audit/vdiff.c audit/vdiff.h \
	audit/filterdump.c audit/filterdump.h
libctguard_a_SOURCES += cli/seccomp-show.c cli/seccomp-show.h cli/seccomp-diff.c
cli_tests += tests/cli/seccomp-show.sh
integration_tests += tests/integration/seccomp-dump.sh
libctguard_a_SOURCES += audit/deep.c audit/deep.h
cli_tests += tests/cli/seccomp-approx.sh
