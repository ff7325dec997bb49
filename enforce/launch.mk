# Build fragment included by Makefile.am (see its end). Append with +=.
# ctguard run: the launch sequence and its per-noun modules, and their tests.
libctguard_a_SOURCES += \
	enforce/launch.c enforce/launch.h \
	enforce/capsets.c enforce/capsets.h \
	enforce/creds.c enforce/creds.h \
	enforce/fds.c enforce/fds.h \
	enforce/lsm.c enforce/lsm.h \
	enforce/landlock.c enforce/landlock.h
cli_tests += tests/cli/run.sh
integration_tests += tests/integration/run.sh
# tests/data (with tests/data/run) and bench (with bench/launch) are in EXTRA_DIST already.
