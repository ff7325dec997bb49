# Build fragment included by Makefile.am (see its end). Append with +=.
# ctguard oci check and ctguard audit --policy (issue 6).
libctguard_a_SOURCES += \
	enforce/ocifacts.c enforce/ocifacts.h \
	enforce/ocidevices.c enforce/ocidevices.h \
	policy/policyrules.c policy/policyrules.h
integration_tests += \
	tests/integration/oci-check.sh
cli_tests += \
	tests/cli/oci-check.sh
integration_tests += \
	tests/integration/audit-policy.sh
unit_tests += tests/unit/test-policyrules
check_PROGRAMS += tests/unit/test-policyrules
tests_unit_test_policyrules_LDADD = $(TEST_LDADD)
