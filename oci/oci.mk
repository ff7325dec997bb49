# Build fragment of oci/ (included by Makefile.am): OCI runtime configs (config.json loading,
# checking, getters) and runc's command line.
libctguard_a_SOURCES += \
	oci/oci.c oci/oci.h \
	oci/ocidevice.c oci/ocidevice.h \
	oci/ocidevices.c oci/ocidevices.h \
	oci/ocispec.c oci/ocispec.h \
	oci/runcargs.c oci/runcargs.h
