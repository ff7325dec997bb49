/* Lists of owned strings. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/strv.h"

int strv_push_take(struct strv *l, char *s)
{
	if (!s)
		return -ENOMEM;
	if (l->n + 1 >= l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		char **v = realloc(l->v, cap * sizeof(*v));
		if (!v) {
			free(s);
			return -ENOMEM;
		}
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = s;
	l->v[l->n] = NULL;
	return 0;
}

int strv_push(struct strv *l, const char *s)
{
	return strv_push_take(l, strdup(s));
}

bool strv_contains(const struct strv *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return true;
	return false;
}

int strv_push_unique(struct strv *l, const char *s)
{
	if (strv_contains(l, s))
		return 0;
	return strv_push(l, s);
}

static int strv_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void strv_sort(struct strv *l)
{
	if (l->n > 1)
		qsort(l->v, l->n, sizeof(*l->v), strv_cmp);
}

int strv_copy(struct strv *dst, const struct strv *src)
{
	for (size_t i = 0; i < src->n; i++) {
		int r = strv_push(dst, src->v[i]);
		if (r < 0)
			return r;
	}
	return 0;
}

char *strv_join(const struct strv *l, const char *sep)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < l->n; i++) {
		if ((i && buf_puts(&b, sep) < 0) || buf_puts(&b, l->v[i]) < 0) {
			buf_free(&b);
			return NULL;
		}
	}
	return buf_steal(&b);
}

void strv_free(struct strv *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}
