/* The renderers of `ctguard seccomp dump|show|diff` (report/seccomp-text.c,
 * report/seccomp-json.c) driven on compiled filters: the built-in profile `default` compiled as
 * `ctguard run` would load it, and a one-instruction allow-all program (seccomp/scsource.c). */
#include "config.h"

#include <errno.h>
#include <json-c/json.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/cleanup.h"
#include "report/screport.h"
#include "seccomp/scsource.h"
#include "seccomp/vdiff.h"
#include "tests/tap.h"

/* What a renderer wrote, as one string. */
struct out {
	char *text;
	size_t len;
	FILE *f;
};

static FILE *out_open(struct out *o)
{
	*o = (struct out){0};
	o->f = open_memstream(&o->text, &o->len);
	return o->f;
}

static char *out_close(struct out *o)
{
	fclose(o->f);
	return o->text;
}

static bool starts_with(const char *s, const char *prefix)
{
	return s && strncmp(s, prefix, strlen(prefix)) == 0;
}

static int load(struct scsource *s, const char *spec)
{
	struct filterdump_options fo = {0};
	struct diag d = {0};
	struct error err = {0};
	*s = (struct scsource){.spec = spec};
	int r = scsource_load(s, &fo, &d, &err);
	diag_free(&d);
	if (r < 0)
		printf("# %s: %s\n", spec, err.msg);
	return r;
}

static json_object *parse(const char *text)
{
	json_object *o = text ? json_tokener_parse(text) : NULL;
	return o;
}

static const char *jstr(json_object *o, const char *a, const char *b, const char *c)
{
	json_object *v = o;
	const char *keys[] = {a, b, c};
	for (size_t i = 0; i < 3 && keys[i] && v; i++)
		if (!json_object_object_get_ex(v, keys[i], &v))
			return NULL;
	return v && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

static void test_show(const struct scsource *s)
{
	const char *native = s->v.abi[0].name;
	char *names[] = {(char *)"reboot", (char *)"read"};
	struct screport_select sel = {.abi = "native", .names = names, .nnames = 2};
	struct out o;
	out_open(&o);
	screport_show_text(o.f, s, &sel);
	_cleanup_free_ char *text = out_close(&o);
	ok(starts_with(text, "default: seccomp filter, 1 filter; default errno 1 (EPERM)\n"),
	   "show text: the source, mode, filter count and default action head it");
	ok(text && strstr(text, " reboot ") && strstr(text, "errno 1 (EPERM)\n"),
	   "show text: reboot answers EPERM");
	ok(text && strstr(text, " read ") && strstr(text, "allow\n"), "show text: read is allowed");
	ok(text && !strstr(text, " write "), "show text: a syscall not asked for is not listed");
	char head[128];
	snprintf(head, sizeof(head), "%s (native): ", native);
	ok(text && strstr(text, head), "show text: the native ABI's summary line");

	out_open(&o);
	screport_show_json(o.f, s, &sel);
	_cleanup_free_ char *js = out_close(&o);
	json_object *j = parse(js);
	is_str(jstr(j, "schema", NULL, NULL), "ctguard.seccomp/v1", "show json: the schema");
	is_str(jstr(j, "arch", NULL, NULL), native, "show json: the native arch");
	is_str(jstr(j, "syscalls", "reboot", "action"), "errno", "show json: reboot's action");
	is_str(jstr(j, "syscalls", "read", "action"), "allow", "show json: read's action");
	json_object *sys = NULL;
	ok(json_object_object_get_ex(j, "syscalls", &sys) && json_object_object_length(sys) == 2,
	   "show json: only the two syscalls asked for");
	is_str(jstr(j, "default", "action", NULL), "errno", "show json: the default action");
	json_object_put(j);

	const char *calls[] = {"read(0,1,-1)", "reboot()"};
	struct screport_select call = {.abi = "native", .calls = calls, .ncalls = 2};
	out_open(&o);
	screport_show_text(o.f, s, &call);
	_cleanup_free_ char *ev = out_close(&o);
	char want[256];
	snprintf(want, sizeof(want),
		 "%s read(0x0, 0x1, 0xffffffffffffffff, 0x0, 0x0, 0x0): allow\n"
		 "%s reboot(0x0, 0x0, 0x0, 0x0, 0x0, 0x0): errno 1 (EPERM)\n",
		 native, native);
	is_str(ev, want, "show --call: what the filter returns for exactly these values");
}

static void test_dump(const struct scsource *allow)
{
	struct out o;
	out_open(&o);
	screport_dump_text(o.f, 42, &allow->d);
	_cleanup_free_ char *text = out_close(&o);
	ok(text && strstr(text, "pid 42: seccomp filter, 1 filter ") &&
	       strstr(text, "filter 0: 1 instructions\n") && strstr(text, "; allow\n"),
	   "dump text: mode, the filter and its disassembled return");
	out_open(&o);
	screport_dump_json(o.f, 42, &allow->d);
	_cleanup_free_ char *js = out_close(&o);
	json_object *j = parse(js);
	is_str(jstr(j, "schema", NULL, NULL), "ctguard.seccomp-dump/v1", "dump json: the schema");
	json_object *filters = NULL, *prog = NULL;
	json_object_object_get_ex(j, "filters", &filters);
	json_object *f0 = filters ? json_object_array_get_idx(filters, 0) : NULL;
	json_object_object_get_ex(f0, "program", &prog);
	is_str(prog ? json_object_to_json_string_ext(prog, JSON_C_TO_STRING_PLAIN) : NULL,
	       "[[6,0,0,2147418112]]", "dump json: the program as code, jt, jf, k");
	json_object_put(j);
}

static void test_diff(const struct scsource *a, const struct scsource *b)
{
	struct vdiff d = {0};
	is_int(vdiff_compute(a->d.progs, a->d.n, &a->v, b->d.progs, b->d.n, &b->v, 1, &d), 0,
	       "diff: computed");
	struct out o;
	out_open(&o);
	screport_diff_text(o.f, a, b, &d);
	_cleanup_free_ char *text = out_close(&o);
	char want[128];
	snprintf(want, sizeof(want), "\n%s reboot:\n  A: errno 1 (EPERM)\n  B: allow\n",
		 a->v.abi[0].name);
	ok(starts_with(text, "A: default (seccomp filter, 1 filter)\nB: "),
	   "diff text: both sources head it");
	ok(text && strstr(text, want), "diff text: reboot's two decisions");
	snprintf(want, sizeof(want), "%zu syscalls differ; ", d.syscalls);
	ok(text && d.syscalls > 1 && strstr(text, want), "diff text: the count of syscalls");

	out_open(&o);
	screport_diff_json(o.f, a, b, &d);
	_cleanup_free_ char *js = out_close(&o);
	json_object *j = parse(js);
	is_str(jstr(j, "schema", NULL, NULL), "ctguard.seccomp-diff/v1", "diff json: the schema");
	is_str(jstr(j, "result", NULL, NULL), "differ", "diff json: they differ");
	json_object *n = NULL;
	ok(json_object_object_get_ex(j, "syscalls", &n) &&
	       (size_t)json_object_get_int64(n) == d.syscalls,
	   "diff json: the same count as the text");
	json_object_put(j);
	vdiff_free(&d);

	/* A filter against itself: equal, proven. */
	struct vdiff same = {0};
	vdiff_compute(b->d.progs, b->d.n, &b->v, b->d.progs, b->d.n, &b->v, 1, &same);
	out_open(&o);
	screport_diff_json(o.f, b, b, &same);
	_cleanup_free_ char *sj = out_close(&o);
	j = parse(sj);
	is_str(jstr(j, "result", NULL, NULL), "equal", "diff json: a filter equals itself");
	json_object_put(j);
	vdiff_free(&same);
}

static void test_sources(void)
{
	char name[64];
	uint64_t args[6];
	is_int(scsource_parse_call("socket(40,-1,0x10)", name, args), 0, "--call parses");
	ok(strcmp(name, "socket") == 0 && args[0] == 40 && args[1] == UINT64_MAX && args[2] == 16 &&
	       args[3] == 0,
	   "--call: name, values, two's complement, the rest zero");
	is_int(scsource_parse_call("socket(1,2", name, args), -EINVAL, "--call: unclosed");
	is_int(scsource_parse_call("f(1,2,3,4,5,6,7)", name, args), -EINVAL,
	       "--call: seven values");
	pid_t pid = 0;
	ok(scsource_parse_pid("pid:17", &pid) == 0 && pid == 17, "pid:17");
	is_int(scsource_parse_pid("pid:0", &pid), -EINVAL, "pid:0 is no pid");
	struct scsource s;
	is_int(load(&s, "/nonexistent/x.bpf"), -ENOENT, "a missing program cannot be read");
	scsource_free(&s);
	is_int(load(&s, "pid:x"), -EINVAL, "a bad pid is a bad source");
	scsource_free(&s);
}

int main(void)
{
	char path[] = "/tmp/ctguard-test-screport.XXXXXX.bpf";
	int fd = mkstemps(path, 4);
	struct sock_filter allow = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	if (fd < 0 || write(fd, &allow, sizeof(allow)) != sizeof(allow)) {
		printf("Bail out! cannot write %s\n", path);
		return 1;
	}
	close(fd);
	struct scsource def, all;
	int r1 = load(&def, "default"), r2 = load(&all, path);
	unlink(path);
	ok(r1 == 0 && def.kind == SCSOURCE_PROFILE, "the built-in profile 'default' compiles");
	ok(r2 == 0 && all.kind == SCSOURCE_BPF, "a raw program loads");
	if (r1 == 0 && r2 == 0) {
		test_show(&def);
		test_dump(&all);
		test_diff(&def, &all);
	}
	scsource_free(&def);
	scsource_free(&all);
	test_sources();
	return tap_done();
}
