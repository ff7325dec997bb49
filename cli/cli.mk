# Build fragment of cli/ (included by Makefile.am): argument parsing, calls into the library, output
# and exit codes; linked into the binary only.
cli_sources += \
	cli/audit.c \
	cli/cli.h \
	cli/common.c \
	cli/help.c \
	cli/inspect.c \
	cli/oci.c \
	cli/ocicheck.c \
	cli/ociruntime.c \
	cli/report.c \
	cli/rules.c \
	cli/run.c \
	cli/seccomp-diff.c \
	cli/seccomp-show.c cli/seccomp-show.h \
	cli/seccomp-usage.c \
	cli/seccomp.c \
	cli/watch-usage.c \
	cli/watchexec.c

# The wrapper runtime: a program of its own (ctguard-runtime.c over cli/ociruntime.c), linked with
# only the objects the gate needs and without libcurl/libmicrohttpd, static-pie when configure
# found the libraries' .a files (RT_STATIC_LDFLAGS; bench/README.md). `ctguard oci runtime` and a
# symlink named ctguard-runtime to ctguard run the same code.
sbin_PROGRAMS += ctguard-runtime
ctguard_runtime_SOURCES = ctguard-runtime.c cli/ociruntime.c cli/cli.h
nodist_ctguard_runtime_SOURCES =
ctguard_runtime_LDADD = libctguard.a $(RT_DEPS_LIBS)
ctguard_runtime_LDFLAGS = $(AM_LDFLAGS) $(RT_STATIC_LDFLAGS)

# ctguard watch: the program ctguard-watch (ctguard-watch.c over cli/watch.c and watch/), the only
# one linked with libcurl and libmicrohttpd (their libraries have no .a on Debian: it is always
# dynamic). `ctguard watch` execs it (cli/watchexec.c); ctguard itself then needs neither and
# links static-pie where configure can (STATIC_LDFLAGS; bench/README.md).
sbin_PROGRAMS += ctguard-watch
ctguard_watch_SOURCES = ctguard-watch.c cli/watch.c cli/watch-usage.c cli/common.c cli/cli.h
nodist_ctguard_watch_SOURCES =
ctguard_watch_LDADD = libctguard.a $(DEPS_LIBS)
