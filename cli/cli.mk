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
	cli/seccomp.c\
	cli/watch.c

# The wrapper runtime is the same binary under another name: a symlink in the build tree (for
# the tests and deploy/ snippets) and next to the installed binary.
all-local: ctguard-runtime
ctguard-runtime: ctguard$(EXEEXT)
	$(AM_V_GEN)rm -f $@ && ln -s ctguard$(EXEEXT) $@
install-exec-hook:
	cd $(DESTDIR)$(sbindir) && rm -f ctguard-runtime && ln -s ctguard$(EXEEXT) ctguard-runtime
uninstall-hook:
	rm -f $(DESTDIR)$(sbindir)/ctguard-runtime
CLEANFILES += ctguard-runtime
