# Build fragment of policy/ (included by Makefile.am): judging and policy: the rule language
# (rules, evaluation, waivers) and the enforcement policy (loader, runtime config, its rules).
libctguard_a_SOURCES += \
	policy/eval.c policy/eval.h \
	policy/exposure.c policy/exposure.h \
	policy/hostpath.c policy/hostpath.h \
	policy/policy.c policy/policy.h \
	policy/policyrules.c policy/policyrules.h \
	policy/rtconfig.c policy/rtconfig.h \
	policy/rule.c policy/rule.h \
	policy/waiver.c policy/waiver.h
dist_man_MANS += man/ctguard-policy.5 man/ctguard-seccomp.5
