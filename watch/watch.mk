# Build fragment of watch/ (included by Makefile.am): the engine of `ctguard watch`: event
# sources, partial and full audits, the state its events are the differences of, the results
# kept for /metrics and the Kubernetes reports.
libctguard_a_SOURCES += \
	watch/results.c watch/results.h \
	watch/watch.c watch/watch.h \
	watch/watchstate.c watch/watchstate.h
