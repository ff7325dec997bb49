# Build fragment included by Makefile.am (see its end). Append with +=.
# Profile learning (issue 7): ctguard run --learn.
libctguard_a_SOURCES += enforce/learn.c enforce/learn.h enforce/learnrec.c enforce/learnrec.h
integration_tests += tests/integration/learn.sh
check_PROGRAMS += tests/helpers/x32-call
tests_helpers_x32_call_SOURCES = tests/helpers/x32-call.c
cli_tests += tests/cli/learn.sh
unit_tests += tests/unit/test-learnrec
check_PROGRAMS += tests/unit/test-learnrec
tests_unit_test_learnrec_LDADD = $(TEST_LDADD)
