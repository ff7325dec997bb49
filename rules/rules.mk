# Build fragment of rules/ (included by Makefile.am): the built-in YAML (rule packs, policies,
# seccomp profiles) embedded in the library by rules/embed.sh, and the built-in profiles
# compiled at build time by rules/seccomp-gen (linked with the library) into the binary.
builtin_packs = \
	$(srcdir)/rules/cis-docker.yaml \
	$(srcdir)/rules/escapes.yaml \
	$(srcdir)/rules/pss-baseline.yaml \
	$(srcdir)/rules/pss-restricted.yaml
builtin_policies = \
	$(srcdir)/rules/policies/baseline.yaml \
	$(srcdir)/rules/policies/restricted.yaml
builtin_profiles = $(srcdir)/rules/seccomp/default.yaml
# Each generated file includes the header declaring its function first (-Wmissing-prototypes).
rules/packs.c: $(builtin_packs) $(srcdir)/rules/embed.sh
	$(AM_V_GEN)$(MKDIR_P) rules && $(SHELL) $(srcdir)/rules/embed.sh builtin_packs policy/rule.h \
		$(builtin_packs) >$@.tmp && mv $@.tmp $@
rules/policies.c: $(builtin_policies) $(srcdir)/rules/embed.sh
	$(AM_V_GEN)$(MKDIR_P) rules && $(SHELL) $(srcdir)/rules/embed.sh builtin_policies \
		policy/policy.h $(builtin_policies) >$@.tmp && mv $@.tmp $@
rules/profiles.c: $(builtin_profiles) $(srcdir)/rules/embed.sh
	$(AM_V_GEN)$(MKDIR_P) rules && $(SHELL) $(srcdir)/rules/embed.sh builtin_profiles \
		seccomp/profile.h $(builtin_profiles) >$@.tmp && mv $@.tmp $@
nodist_libctguard_a_SOURCES += rules/packs.c rules/policies.c rules/profiles.c
BUILT_SOURCES += rules/packs.c rules/policies.c rules/profiles.c
CLEANFILES += rules/packs.c rules/policies.c rules/profiles.c rules/precompiled.c
EXTRA_DIST += rules/embed.sh $(builtin_packs) $(builtin_policies) $(builtin_profiles)

noinst_PROGRAMS += rules/seccomp-gen
rules_seccomp_gen_SOURCES = rules/seccomp-gen.c
rules_seccomp_gen_LDADD = libctguard.a $(DEPS_LIBS)
nodist_ctguard_SOURCES += rules/precompiled.c
nodist_ctguard_runtime_SOURCES += rules/precompiled.c
rules/precompiled.c: rules/seccomp-gen$(EXEEXT)
	$(AM_V_GEN)./rules/seccomp-gen$(EXEEXT) >$@.tmp && mv $@.tmp $@
