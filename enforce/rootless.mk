# Build fragment included by Makefile.am (see its end). Append with +=.
# Issue 14, rootless: ctguard run without privilege, rootless runtimes' identity, the
# access check, and their tests.
libctguard_a_SOURCES += \
	enforce/unpriv.c enforce/unpriv.h \
	audit/rootless.c audit/rootless.h \
	audit/access.c audit/access.h
unit_tests += tests/unit/test-access
tests_unit_test_access_LDADD = $(TEST_LDADD)
integration_tests += tests/integration/rootless.sh
cli_tests += tests/cli/rootless.sh
