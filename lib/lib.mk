# Build fragment of lib/ (included by Makefile.am): generic code: errors, buffers, strings, files,
# escapes, the JSON writer and loader, diagnostics, YAML document walking, embedded files.
libctguard_a_SOURCES += \
	lib/buf.c lib/buf.h \
	lib/cleanup.h \
	lib/diag.c lib/diag.h \
	lib/embed.h \
	lib/error.c lib/error.h \
	lib/escape.c lib/escape.h \
	lib/fileio.c lib/fileio.h \
	lib/jsondoc.c lib/jsondoc.h \
	lib/jsonw.c lib/jsonw.h \
	lib/strv.c lib/strv.h \
	lib/ydoc.c lib/ydoc.h
