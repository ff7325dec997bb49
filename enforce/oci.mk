# Build fragment included by Makefile.am (see its end). Append with +=.
# OCI wrapper runtime (issue 6): config rewrite, ctguard oci runtime.
libctguard_a_SOURCES += \
	enforce/oci.c enforce/oci.h
libctguard_a_SOURCES += \
	cli/oci.c \
	cli/ocicheck.c \
	cli/ociruntime.c
