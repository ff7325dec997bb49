# Build fragment of audit/ (included by Makefile.am): reading a host's containers (read-only): the
# /proc walk, runtimes, mounts, --deep, and an OCI config's facts.
libctguard_a_SOURCES += \
	audit/access.c audit/access.h \
	audit/container.c audit/container.h \
	audit/deep.c audit/deep.h \
	audit/devcache.c audit/devcache.h \
	audit/devices.c audit/devices.h \
	audit/exposure.h \
	audit/gaps.c audit/gaps.h \
	audit/host.c audit/host.h \
	audit/hostinfo.c \
	audit/identity.c audit/identity.h \
	audit/mntns.c audit/mntns.h \
	audit/mounts.c audit/mounts.h \
	audit/nscache.c \
	audit/ocifacts.c audit/ocifacts.h \
	audit/ocilocate.c audit/ocilocate.h \
	audit/procconn.c audit/procconn.h \
	audit/procmask.c audit/procmask.h \
	audit/rootless.c audit/rootless.h \
	audit/runtime.c audit/runtime.h \
	audit/select.c audit/select.h \
	audit/snapshot.c audit/snapshot.h \
	audit/sockets.c audit/sockets.h \
	audit/sysctl.c audit/sysctl.h \
	audit/userfiles.c audit/userfiles.h
