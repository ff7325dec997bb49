# The libFuzzer build (GNU make, run by `make fuzz` with -f): every library source compiled again
# with clang, coverage and ASan+UBSan into tests/fuzz/out/, one binary per target. Kept apart
# from the autotools build (which uses gcc and must not pay for coverage); the caller passes
# srcdir, builddir, LIB_SOURCES (the library's .c files, generated ones included), TARGETS and
# the dependencies' flags.
CLANG ?= clang
FUZZ_SAN ?= -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_OPT ?= -O1 -g -fno-omit-frame-pointer
OUT := $(builddir)/tests/fuzz/out
# The library is gcc-clean with -Werror in the main build; clang's own warnings on it are not
# this build's business. The targets get the usual warnings.
LIB_CFLAGS = -std=gnu11 $(FUZZ_OPT) $(FUZZ_SAN) -fsanitize=fuzzer-no-link -w \
	-I$(srcdir) -I$(builddir) $(DEPS_CFLAGS)
TGT_CFLAGS = -std=gnu11 $(FUZZ_OPT) $(FUZZ_SAN) -fsanitize=fuzzer-no-link -Wall -Wextra \
	-Wno-unused-parameter -I$(srcdir) -I$(builddir) $(DEPS_CFLAGS)

# Sources are found in the source tree or, for generated ones, in the build tree.
vpath %.c $(srcdir) $(builddir)
vpath %.h $(srcdir) $(builddir)

lib_objs := $(patsubst %.c,$(OUT)/obj/%.o,$(filter %.c,$(LIB_SOURCES)))
bins := $(patsubst %,$(OUT)/fuzz-%,$(TARGETS))

all: $(bins)

$(OUT)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CLANG    $<"
	@$(CLANG) $(LIB_CFLAGS) -MMD -MP -c -o $@ $<

$(OUT)/libctguard-fuzz.a: $(lib_objs)
	@rm -f $@
	@ar rcs $@ $^

$(OUT)/fuzz-%: tests/fuzz/fuzz-%.c tests/fuzz/fuzz.h tests/ociseccomp-ref.h $(OUT)/libctguard-fuzz.a
	@mkdir -p $(OUT)
	@echo "  FUZZER   $@"
	@$(CLANG) $(TGT_CFLAGS) -fsanitize=fuzzer -o $@ $< $(OUT)/libctguard-fuzz.a $(DEPS_LIBS)

-include $(lib_objs:.o=.d)
.PHONY: all
