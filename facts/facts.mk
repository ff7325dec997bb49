# Build fragment of facts/ (included by Makefile.am): the fact registry (names, types, scopes) and
# facts read back from JSON.
libctguard_a_SOURCES += \
	facts/fact.c facts/fact.h \
	facts/factjson.c facts/factjson.h \
	facts/factloc.c facts/factloc.h
