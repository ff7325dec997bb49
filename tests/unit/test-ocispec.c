/* The strict reading of OCI configs: Go 1.19 encoding/json's key matching (fold.go) as
 * ocispec_field applies it, and ocispec_check's refusals, with their place and reason. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "oci/ocispec.h"
#include "tests/tap.h"

/* key -> the field Go decodes it into at the top of a Spec (NULL: none), and whether exact. */
static void field(const struct ocispec_type *t, const char *key, const char *want, int exact)
{
	int ex = -1;
	const struct ocispec_field *f = ocispec_field(t, key, strlen(key), &ex);
	is_str(f ? f->name : "(none)", want ? want : "(none)", key);
	if (want)
		is_int(ex, exact, "exactness of the match");
}

/* text -> NULL (accepted) or a part of the message. */
static void check(const char *text, const char *want)
{
	struct error err = {0};
	int r = ocispec_check("c.json", text, strlen(text), &ocispec_spec, &err);
	char name[512]; /* one TAP line */
	snprintf(name, sizeof(name), "%s", text);
	for (char *p = name; *p; p++)
		if (*p == '\n')
			*p = ' ';
	if (!want) {
		ok(r == 0, "accepted: %s%s%s", name, r ? " -- " : "", r ? err.msg : "");
		return;
	}
	ok(r == -EINVAL && strstr(err.msg, want), "refused: %s (%s)", name, err.msg);
}

int main(void)
{
	/* fold.go: ASCII case for letters, exact for other bytes, U+017F ~ s, U+212A ~ k. */
	field(&ocispec_spec, "process", "process", 1);
	field(&ocispec_spec, "Process", "process", 0);
	field(&ocispec_spec, "PROCESS", "process", 0);
	field(&ocispec_spec,
	      "proce\xc5\xbf"
	      "s",
	      "process", 0); /* long s */
	field(&ocispec_spec, "proce\xc5\xbf\xc5\xbf", "process", 0);
	field(&ocispec_spec, "\xc5\xbfprocess", NULL, 0);
	field(&ocispec_spec, "processx", NULL, 0);
	field(&ocispec_spec, "proces", NULL, 0);
	field(&ocispec_spec, "OCIVERSION", "ociVersion", 0);
	field(&ocispec_spec, "hoo\xe2\x84\xaas", "hooks", 0); /* Kelvin sign */
	field(&ocispec_spec, "roo\xe2\x84\xaa", NULL, 0);     /* no k in root */
	field(&ocispec_spec, "ro\xc3\xb6t", NULL, 0);	      /* other non-ASCII: never */
	field(&ocispec_spec, "annotations", "annotations", 1);
	field(&ocispec_process, "NoNewPrivileges", "noNewPrivileges", 0);
	field(&ocispec_process, "user", "user", 1);
	field(&ocispec_process,
	      "u\xc5\xbf"
	      "er",
	      "user", 0);
	field(&ocispec_process, "oomScoreAdj", "oomScoreAdj", 1);
	field(&ocispec_process, "oom_score_adj", NULL, 0);

	check("{\"ociVersion\":\"1\",\"process\":{\"user\":{\"uid\":1}}}", NULL);
	check("{\"ociVersion\":\"1\",\"Process\":{}}",
	      "c.json:1:19: the document: the key 'Process'");
	check("{\"ociVersion\":\"1\",\n \"process\":{\"user\":{\"UID\":0}}}",
	      "c.json:2:21: process.user: the key 'UID' is not 'uid'");
	check("{\"linux\":{\"resources\":{\"memory\":{\"KernelTCP\":1}}}}",
	      "linux.resources.memory: the key 'KernelTCP'");
	check("{\"linux\":{\"resources\":{\"blockIO\":{\"weightDevice\":[{\"Major\":1}]}}}}",
	      "linux.resources.blockIO.weightDevice[0]: the key 'Major'");
	check("{\"linux\":{\"intelRdt\":{\"L3CACHESCHEMA\":\"x\"}}}", "the key 'L3CACHESCHEMA'");
	check("{\"mounts\":[{\"destination\":\"/a\"},{\"Destination\":\"/b\"}]}",
	      "mounts[1]: the key 'Destination'");
	check("{\"a\":1,\"a\":2}", "the key 'a' appears twice");
	check("{\"process\":{},\"\\u0070rocess\":{}}", "the key 'process' appears twice");
	check("{\"process\\u0000\":{}}", "a key in the document: a NUL character");
	check("{\"hostname\":\"a\\u0000b\"}", "a string in hostname: a NUL character");
	check("{\"hostname\":\"\\ud800\"}", "a lone surrogate");
	check("{\"hostname\":\"\\udc00\\ud800\"}", "a lone surrogate");
	check("{\"hostname\":\"\\ud800\\u0041\"}", "a lone surrogate");
	check("{\"hostname\":\"\xc0\xaf\"}", "invalid UTF-8");	       /* overlong */
	check("{\"hostname\":\"\xed\xa0\x80\"}", "invalid UTF-8");     /* UTF-8 surrogate */
	check("{\"hostname\":\"\xf4\x90\x80\x80\"}", "invalid UTF-8"); /* past U+10FFFF */
	check("{\"hostname\":\"\xe2\x84\"}", "invalid UTF-8");	       /* cut short */
	check("{\"hostname\":\"\xf0\x9f\x98\x80 \\ud83d\\ude00\"}", NULL);
	check("{\"hostname\":\"a\tb\"}", "a control character");
	check("{\"process\":null}", "process is null: an object is expected");
	check("{\"linux\":{\"maskedPaths\":null}}",
	      "linux.maskedPaths is null: a list is expected");
	check("{\"annotations\":null}", "annotations is null");
	check("{\"process\":[]}", "process must be an object");
	check("{\"mounts\":{}}", "mounts must be a list");
	check("{\"process\":{\"user\":{\"uid\":null}}}", NULL);
	/* Maps: case-distinct keys are distinct keys in Go too; exact duplicates are not. */
	check("{\"annotations\":{\"Process\":\"1\",\"process\":\"2\"}}", NULL);
	check("{\"linux\":{\"sysctl\":{\"a\":\"1\",\"A\":\"2\"}}}", NULL);
	check("{\"linux\":{\"resources\":{\"unified\":{\"x\":\"1\",\"x\":\"2\"}}}}",
	      "linux.resources.unified: the key 'x' appears twice");
	check("{\"linux\":{\"resources\":{\"rdma\":{\"mlx\":{\"HcaHandles\":1}}}}}",
	      "linux.resources.rdma.mlx: the key 'HcaHandles'");
	/* Unknown keys: inert to runc, and not folded (their content is not a struct to Go). */
	check("{\"extra\":{\"Process\":1,\"process\":2}}", NULL);
	check("{\"windows\":{\"LayerFolders\":[]}}", NULL);
	/* Nesting and size limits. */
	char deep[300];
	memset(deep, '[', 100);
	memset(deep + 100, ']', 100);
	deep[200] = '\0';
	char doc[320];
	snprintf(doc, sizeof(doc), "{\"x\":%s}", deep);
	check(doc, "nested deeper than");
	return tap_done();
}
