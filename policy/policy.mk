# Build fragment included by Makefile.am (see its end). Append with +=.
# Enforcement policies (issue 5): the loader, the built-in policies, their man page and tests.
libctguard_a_SOURCES += policy/policy.c policy/policy.h

# Built-in policies, embedded like the rule packs. The generated file includes policy/policy.h
# first: it declares builtin_policies (-Wmissing-prototypes).
builtin_policies = \
	$(srcdir)/rules/policies/baseline.yaml \
	$(srcdir)/rules/policies/restricted.yaml
nodist_libctguard_a_SOURCES += rules/policies.c
rules/policies.c: $(builtin_policies) $(srcdir)/rules/embed.sh
	$(AM_V_GEN)$(MKDIR_P) rules && { echo '#include "config.h"'; echo '#include "policy/policy.h"'; \
	  $(SHELL) $(srcdir)/rules/embed.sh builtin_policies $(builtin_policies); } >$@.tmp && mv $@.tmp $@
BUILT_SOURCES += rules/policies.c
CLEANFILES += rules/policies.c
EXTRA_DIST += $(builtin_policies)

dist_man_MANS += man/ctguard-policy.5

unit_tests += tests/unit/test-policy
tests_unit_test_policy_LDADD = $(TEST_LDADD)
check_PROGRAMS += tests/helpers/policy-lint
tests_helpers_policy_lint_LDADD = $(TEST_LDADD)
cli_tests += tests/cli/policy-lint.sh
