/* Rules: the model of the YAML rule language (man/ctguard-rules.5), its loader and validator.
 * Parsing, validation and evaluation are separate: rule.c builds and checks the structs, eval.c
 * judges facts with them. */
#pragma once

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/strv.h"
#include "lib/diag.h"
#include "lib/embed.h"
#include "facts/fact.h"

#define RULES_MAX	  2000 /* per file */
#define RULE_DEPTH_MAX	  8    /* nesting of all/any/not */
#define RULE_CHILDREN_MAX 64
#define RULE_LIST_MAX	  256

enum severity { SEV_INFO, SEV_LOW, SEV_MEDIUM, SEV_HIGH, SEV_CRITICAL, SEV__COUNT };

const char *severity_name(enum severity s);
/* Returns 0 or -EINVAL. */
int severity_parse(const char *s, enum severity *out);

enum cond_kind { COND_FACT, COND_ALL, COND_ANY, COND_NOT };

enum cond_op {
	OP_EQUALS,
	OP_NOT_EQUALS,
	OP_IN,
	OP_NOT_IN,
	OP_CONTAINS,
	OP_CONTAINS_ANY,
	OP_CONTAINS_ALL,
	OP_SUBSET_OF,
	OP_NOT_EMPTY,
	OP_GT,
	OP_GTE,
	OP_LT,
	OP_LTE,
	OP_MATCHES,
	OP__COUNT
};

const char *cond_op_name(enum cond_op op);

struct cond {
	enum cond_kind kind;
	/* COND_FACT */
	enum fact_id fact;
	enum cond_op op;
	struct fact_value want; /* scalar operand in the fact's type, or a list of strings */
	enum fact_type want_type;
	regex_t re;
	bool has_re;
	/* COND_ALL / COND_ANY / COND_NOT */
	struct cond *sub;
	size_t nsub;
};

struct rule_ref {
	char *key, *value;
};

struct rule {
	char *id, *title, *description, *remediation;
	char *pack, *file; /* where it was defined */
	size_t line, column;
	enum severity severity;
	struct rule_ref *refs;
	size_t nrefs;
	/* Set when ctguard's own documented deployment (hostPID, read-only host /proc and runtime
	 * state) makes this rule fail on ctguard's own container: explained there, not hidden. */
	bool scanner_expected;
	struct cond when;
	/* A control the running state cannot judge: no `when`, always reported not evaluated with
	 * this reason (the finding's note). */
	char *not_evaluated;
	/* The rule applies only where `requires` holds (e.g. the host runs the LSM it judges);
	 * elsewhere it is not evaluated, with requires_reason as the note. */
	bool has_requires;
	struct cond requires;
	char *requires_reason;
};

struct ruleset {
	struct rule *r;
	size_t n;
	struct strv packs; /* names of the packs loaded, each once */
};

/* Parses and validates one rule file's text, appending its rules. Every error goes to d with
 * file:line:column; returns -EINVAL when there was any (then nothing of this file is kept). */
int ruleset_load_text(struct ruleset *rs, const char *file, const char *text, size_t len,
		      struct diag *d);
/* A file, or every *.yaml / *.yml of a directory in name order. */
int ruleset_load_path(struct ruleset *rs, const char *path, struct diag *d);
/* A built-in pack by name (with the packs it includes); loading one twice is a no-op. */
int ruleset_load_pack(struct ruleset *rs, const char *name, struct diag *d);
/* Every built-in pack. */
int ruleset_load_builtin(struct ruleset *rs, struct diag *d);
/* Frees what a rule owns (not the rule itself). */
void rule_release(struct rule *r);
const struct rule *ruleset_find(const struct ruleset *rs, const char *id);
void ruleset_free(struct ruleset *rs);

/* Built-in packs (the rules directory, embedded in the binary: generated rules/packs.c). */
const struct builtin_pack *builtin_packs(size_t *n);
