# Build fragment included by Makefile.am (see its end). Append with +=.
# Seccomp filters: compile a profile with libseccomp, export or load it; and their tests.
libctguard_a_SOURCES += enforce/filter.c enforce/filter.h
check_PROGRAMS += tests/helpers/try-syscall
tests_helpers_try_syscall_SOURCES = tests/helpers/try-syscall.c
cli_tests += tests/cli/seccomp.sh
cli_tests += tests/cli/fifo.sh
