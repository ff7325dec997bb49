# Build fragment of seccomp/ (included by Makefile.am): seccomp profiles (loading, compiling, OCI
# form, learn records) and filters (BPF emulator, explorer, verdicts, diff, dump).
libctguard_a_SOURCES += \
	seccomp/bpf.c seccomp/bpf.h \
	seccomp/explore.c seccomp/explore.h \
	seccomp/filter.c seccomp/filter.h \
	seccomp/filterdump.c seccomp/filterdump.h \
	seccomp/learnrec.c seccomp/learnrec.h \
	seccomp/ociseccomp.c seccomp/ociseccomp.h \
	seccomp/profile.c seccomp/profile.h \
	seccomp/profilelint.c seccomp/profilelint.h \
	seccomp/scsource.c seccomp/scsource.h \
	seccomp/vdiff.c seccomp/vdiff.h \
	seccomp/verdict.c seccomp/verdict.h
