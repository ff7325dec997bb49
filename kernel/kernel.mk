# Build fragment of kernel/ (included by Makefile.am): the kernel's vocabulary (capabilities,
# namespaces, rlimits, syscalls) and the /proc file parsers.
libctguard_a_SOURCES += \
	kernel/caps.c kernel/caps.h \
	kernel/cgroup.c kernel/cgroup.h \
	kernel/idmap.c kernel/idmap.h \
	kernel/limits.c kernel/limits.h \
	kernel/mountinfo.c kernel/mountinfo.h \
	kernel/ns.c kernel/ns.h \
	kernel/rlimit.c kernel/rlimit.h \
	kernel/status.c kernel/status.h
