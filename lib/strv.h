/* A list of owned strings. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

struct strv {
	char **v;
	size_t n;
	size_t cap;
};

#define STRV_INIT                                                                                  \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

int strv_push(struct strv *l, const char *s);	     /* copies s */
int strv_push_take(struct strv *l, char *s);	     /* takes s; frees it on failure */
int strv_push_unique(struct strv *l, const char *s); /* copies s unless already present */
bool strv_contains(const struct strv *l, const char *s);
void strv_sort(struct strv *l);
int strv_copy(struct strv *dst, const struct strv *src);
/* Joins with sep into a new string; NULL on ENOMEM. */
char *strv_join(const struct strv *l, const char *sep);
void strv_free(struct strv *l);

static inline void strv_freep(struct strv *l)
{
	strv_free(l);
}
#define _cleanup_strv_ __attribute__((cleanup(strv_freep)))
