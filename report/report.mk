# Build fragment of report/ (included by Makefile.am): every renderer: text, JSON, SARIF, JUnit,
# CSV, Prometheus, HTML, compliance, seccomp's dump/show/diff, results read back.
libctguard_a_SOURCES += \
	report/audit.c report/audit.h \
	report/baseline.c report/baseline.h \
	report/compliance.c report/compliance.h \
	report/csv.c \
	report/event.c report/event.h \
	report/html.c \
	report/inspect.c report/inspect.h \
	report/judge.c report/judge.h \
	report/junit.c \
	report/load.c report/load.h \
	report/merge.c report/merge.h \
	report/metricsd.c report/metricsd.h \
	report/policyreport.c report/policyreport.h \
	report/prometheus.c \
	report/report.c report/report.h \
	report/ruletext.c report/ruletext.h \
	report/sarif.c \
	report/screport.h \
	report/seccomp-json.c \
	report/seccomp-text.c \
	report/sink.c report/sink.h \
	report/text.c report/text.h
