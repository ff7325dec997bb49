# Build fragment included by Makefile.am (see its end). Append with +=.
# OCI wrapper runtime (issue 6): config rewrite, ctguard oci runtime.
libctguard_a_SOURCES += \
	enforce/oci.c enforce/oci.h \
	enforce/ocilocate.c enforce/ocilocate.h \
	enforce/ocispec.c enforce/ocispec.h
libctguard_a_SOURCES += \
	cli/oci.c \
	cli/ocicheck.c \
	cli/ociruntime.c \
	cli/runcargs.c cli/runcargs.h
libctguard_a_SOURCES += \
	enforce/ociseccomp.c enforce/ociseccomp.h \
	policy/rtconfig.c policy/rtconfig.h
libctguard_a_SOURCES += \
	enforce/ocigate.c enforce/ocigate.h \
	enforce/pathtrust.c enforce/pathtrust.h

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
cli_tests += tests/cli/oci-runtime.sh tests/cli/oci-differential.sh
EXTRA_DIST += tests/helpers/ocidecode.go
integration_tests += tests/integration/oci-runtime.sh tests/integration/oci-runtime-parse.sh
unit_tests += tests/unit/test-ocispec
tests_unit_test_ocispec_LDADD = $(TEST_LDADD)
integration_tests += tests/integration/oci-runtime-args.sh tests/integration/oci-runtime-race.sh
