/* libyaml document loading with limits and positioned errors. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"
#include "lib/ydoc.h"

#define YDOC_VISITS_MAX 200000

int ydoc_load(struct ydoc *y, const char *file, const char *text, size_t len, struct diag *d)
{
	*y = (struct ydoc){.file = file};
	if (len > YDOC_FILE_MAX) {
		diag_add(d, file, 0, 0, "file is larger than %u bytes", YDOC_FILE_MAX);
		return -EFBIG;
	}
	yaml_parser_t p;
	if (!yaml_parser_initialize(&p))
		return -ENOMEM;
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	int r = 0;
	if (!yaml_parser_load(&p, &y->doc)) {
		diag_add(d, file, p.problem_mark.line + 1, p.problem_mark.column + 1, "%s%s%s",
			 p.problem ? p.problem : "invalid YAML", p.context ? " " : "",
			 p.context ? p.context : "");
		r = -EINVAL;
	} else {
		y->loaded = true;
		if (!yaml_document_get_root_node(&y->doc)) {
			diag_add(d, file, 1, 1, "empty document");
			r = -EINVAL;
		}
	}
	yaml_parser_delete(&p);
	return r;
}

int ydoc_load_file(struct ydoc *y, const char *path, struct diag *d)
{
	*y = (struct ydoc){.file = path};
	_cleanup_buf_ struct buf b = BUF_INIT;
	struct error err = {0};
	int r = fileio_read_user(path, YDOC_FILE_MAX, &b, &err);
	if (r == -EFBIG)
		diag_add(d, path, 0, 0, "file is larger than %u bytes", YDOC_FILE_MAX);
	else if (r == -EINVAL || r == -EISDIR)
		diag_add(d, path, 0, 0, "%s", err.msg);
	else if (r < 0)
		diag_add(d, path, 0, 0, "cannot read: %s", strerror(-r));
	if (r < 0)
		return r;
	if (memchr(b.data, '\0', b.len)) {
		diag_add(d, path, 0, 0, "file contains a NUL byte: not a YAML text");
		return -EINVAL;
	}
	return ydoc_load(y, path, b.data, b.len, d);
}

void ydoc_free(struct ydoc *y)
{
	if (y->loaded)
		yaml_document_delete(&y->doc);
	y->loaded = false;
}

yaml_node_t *ydoc_root(struct ydoc *y)
{
	return y->loaded ? yaml_document_get_root_node(&y->doc) : NULL;
}

yaml_node_t *ydoc_node(struct ydoc *y, int index)
{
	return yaml_document_get_node(&y->doc, index);
}

void ydoc_verr(struct ydoc *y, struct diag *d, const yaml_node_t *n, const char *fmt, va_list ap)
{
	char msg[2048];
	vsnprintf(msg, sizeof(msg), fmt, ap);
	diag_add(d, y->file, n ? n->start_mark.line + 1 : 0, n ? n->start_mark.column + 1 : 0, "%s",
		 msg);
}

void ydoc_err(struct ydoc *y, struct diag *d, const yaml_node_t *n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ydoc_verr(y, d, n, fmt, ap);
	va_end(ap);
}

bool ydoc_visit(struct ydoc *y, struct diag *d, const yaml_node_t *n)
{
	if (++y->visits == YDOC_VISITS_MAX)
		ydoc_err(y, d, n, "document too complex (more than %d node visits)",
			 YDOC_VISITS_MAX);
	return y->visits < YDOC_VISITS_MAX;
}

const char *ydoc_str(struct ydoc *y, struct diag *d, const yaml_node_t *n, const char *what)
{
	if (!n || n->type != YAML_SCALAR_NODE) {
		ydoc_err(y, d, n, "%s must be a string", what);
		return NULL;
	}
	if (n->data.scalar.length > YDOC_STR_MAX) {
		ydoc_err(y, d, n, "%s is longer than %d bytes", what, YDOC_STR_MAX);
		return NULL;
	}
	if (strlen((const char *)n->data.scalar.value) != n->data.scalar.length) {
		ydoc_err(y, d, n, "%s contains a NUL character", what);
		return NULL;
	}
	return (const char *)n->data.scalar.value;
}

bool ydoc_is_plain(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE && n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
}

int ydoc_bool(struct ydoc *y, struct diag *d, const yaml_node_t *n, const char *what, bool *out)
{
	if (ydoc_is_plain(n)) {
		const char *s = (const char *)n->data.scalar.value;
		if (strcmp(s, "true") == 0 || strcmp(s, "false") == 0) {
			*out = s[0] == 't';
			return 0;
		}
	}
	ydoc_err(y, d, n, "%s must be true or false", what);
	return -EINVAL;
}

int ydoc_int(struct ydoc *y, struct diag *d, const yaml_node_t *n, const char *what, int64_t *out)
{
	if (ydoc_is_plain(n)) {
		const char *s = (const char *)n->data.scalar.value;
		char *end;
		errno = 0;
		long long v = strtoll(s, &end, 10);
		if (*s && *end == '\0' && !errno) {
			*out = v;
			return 0;
		}
	}
	ydoc_err(y, d, n, "%s must be an integer", what);
	return -EINVAL;
}

bool ydoc_keys_known(struct ydoc *y, struct diag *d, const yaml_node_t *map, const char *what,
		     const char *const *allowed)
{
	bool ok = true;
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
	     p++) {
		yaml_node_t *k = ydoc_node(y, p->key);
		const char *ks =
		    k && k->type == YAML_SCALAR_NODE ? (const char *)k->data.scalar.value : NULL;
		bool known = false;
		for (size_t i = 0; ks && allowed[i]; i++)
			known |= strcmp(ks, allowed[i]) == 0;
		if (known)
			continue;
		struct buf list = BUF_INIT;
		for (size_t i = 0; allowed[i]; i++)
			buf_printf(&list, "%s%s", i ? ", " : "", allowed[i]);
		ydoc_err(y, d, k, "unknown key '%s' in %s (expected: %s)", ks ? ks : "?", what,
			 list.data ? list.data : "");
		buf_free(&list);
		ok = false;
	}
	/* Duplicate keys: libyaml keeps both; the second silently wins elsewhere, so refuse. */
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
	     p++)
		for (yaml_node_pair_t *q = p + 1; q < map->data.mapping.pairs.top; q++) {
			yaml_node_t *a = ydoc_node(y, p->key), *b = ydoc_node(y, q->key);
			if (a && b && a->type == YAML_SCALAR_NODE && b->type == YAML_SCALAR_NODE &&
			    strcmp((char *)a->data.scalar.value, (char *)b->data.scalar.value) ==
				0) {
				ydoc_err(y, d, b, "duplicate key '%s' in %s",
					 (char *)b->data.scalar.value, what);
				ok = false;
			}
		}
	return ok;
}

yaml_node_t *ydoc_get(struct ydoc *y, const yaml_node_t *map, const char *key)
{
	if (!map || map->type != YAML_MAPPING_NODE)
		return NULL;
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
	     p++) {
		yaml_node_t *k = ydoc_node(y, p->key);
		if (k && k->type == YAML_SCALAR_NODE &&
		    strcmp((char *)k->data.scalar.value, key) == 0)
			return ydoc_node(y, p->value);
	}
	return NULL;
}
