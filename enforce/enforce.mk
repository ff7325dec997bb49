# Build fragment of enforce/ (included by Makefile.am): applying a policy: ctguard run's launch
# sequence and learning, the OCI gate and the wrapper runtime's gate flow.
libctguard_a_SOURCES += \
	enforce/capsets.c enforce/capsets.h \
	enforce/creds.c enforce/creds.h \
	enforce/fds.c enforce/fds.h \
	enforce/gate.c enforce/gate.h \
	enforce/gateargs.c enforce/gateargs.h \
	enforce/gatebundle.c enforce/gatebundle.h \
	enforce/landlock.c enforce/landlock.h \
	enforce/launch.c enforce/launch.h \
	enforce/learn.c enforce/learn.h \
	enforce/learnfilter.c \
	enforce/lsm.c enforce/lsm.h \
	enforce/ocigate.c enforce/ocigate.h \
	enforce/pathtrust.c enforce/pathtrust.h\
	enforce/unpriv.c enforce/unpriv.h
