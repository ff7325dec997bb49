# Build fragment included by Makefile.am (see its end). Append with +=.
# Seccomp profiles: the model and loaders, and the built-in profiles embedded in the binary.
libctguard_a_SOURCES += policy/profile.c policy/profile.h
builtin_profiles = $(srcdir)/rules/seccomp/default.yaml
# embed.sh includes policy/rule.h; profile.h declares builtin_profiles (-Wmissing-prototypes).
rules/profiles.c: $(builtin_profiles) $(srcdir)/rules/embed.sh
	$(AM_V_GEN)$(MKDIR_P) rules && $(SHELL) $(srcdir)/rules/embed.sh builtin_profiles $(builtin_profiles) \
		| sed -e 's|^#include "policy/rule.h"|&\n#include "policy/profile.h"|' >$@.tmp && mv $@.tmp $@
nodist_libctguard_a_SOURCES += rules/profiles.c
BUILT_SOURCES += rules/profiles.c
CLEANFILES += rules/profiles.c
EXTRA_DIST += $(builtin_profiles) tests/data/seccomp
dist_man_MANS += man/ctguard-seccomp.5
unit_tests += tests/unit/test-profile
tests_unit_test_profile_LDADD = $(TEST_LDADD)
