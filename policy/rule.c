/* Loading and validating rule files: every error of a file, with its position. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kernel/caps.h"
#include "kernel/ns.h"
#include "lib/buf.h"
#include "lib/cleanup.h"
#include "policy/rule.h"
#include "lib/ydoc.h"

static const char *const sev_names[SEV__COUNT] = {"info", "low", "medium", "high", "critical"};

const char *severity_name(enum severity s)
{
	return sev_names[s];
}

int severity_parse(const char *s, enum severity *out)
{
	for (int i = 0; i < SEV__COUNT; i++)
		if (strcmp(s, sev_names[i]) == 0) {
			*out = (enum severity)i;
			return 0;
		}
	return -EINVAL;
}

static const char *const op_names[OP__COUNT] = {
    "equals",	 "not_equals", "in", "not_in", "contains", "contains_any", "contains_all",
    "subset_of", "not_empty",  "gt", "gte",    "lt",	   "lte",	   "matches",
};

const char *cond_op_name(enum cond_op op)
{
	return op_names[op];
}

/* Which fact types an operator applies to (bit per enum fact_type). */
static unsigned op_types(enum cond_op op)
{
	const unsigned B = 1u << FACT_BOOL, I = 1u << FACT_INT, S = 1u << FACT_STRING,
		       L = 1u << FACT_LIST;
	switch (op) {
	case OP_EQUALS:
	case OP_NOT_EQUALS:
		return B | I | S | L;
	case OP_IN:
	case OP_NOT_IN:
		return I | S;
	case OP_CONTAINS:
	case OP_NOT_EMPTY:
	case OP_MATCHES:
		return S | L;
	case OP_CONTAINS_ANY:
	case OP_CONTAINS_ALL:
	case OP_SUBSET_OF:
		return L;
	case OP_GT:
	case OP_GTE:
	case OP_LT:
	case OP_LTE:
		return I;
	default:
		return 0;
	}
}

static const char *expected_types(unsigned mask)
{
	static char out[64];
	out[0] = '\0';
	for (int t = FACT_BOOL; t <= FACT_LIST; t++)
		if (mask & (1u << t))
			snprintf(out + strlen(out), sizeof(out) - strlen(out), "%s%s",
				 out[0] ? " or " : "", fact_type_name((enum fact_type)t));
	return out;
}

struct parser {
	struct ydoc *y;
	struct diag *d;
	const char *pack;
	bool ok;
};

static void perr(struct parser *p, const yaml_node_t *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void perr(struct parser *p, const yaml_node_t *n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ydoc_verr(p->y, p->d, n, fmt, ap);
	va_end(ap);
	p->ok = false;
}

static char *pstrdup(struct parser *p, const yaml_node_t *n, const char *what)
{
	const char *s = ydoc_str(p->y, p->d, n, what);
	if (!s) {
		p->ok = false;
		return NULL;
	}
	return strdup(s);
}

/* Values of capability and namespace lists are checked against the names the kernel uses, so a
 * typo is an error instead of a rule that silently never matches. */
static void check_list_word(struct parser *p, enum fact_id fact, const yaml_node_t *n,
			    const char *s)
{
	const char *name = fact_def(fact)->name;
	if (strncmp(name, "caps.", 5) == 0 && fact != F_CAPS_PRIVILEGED) {
		if (strncmp(s, "CAP_", 4) != 0 || caps_from_name(s) < 0)
			perr(p, n, "unknown capability '%s' (expected a name like CAP_SYS_ADMIN)",
			     s);
	} else if (fact == F_NS_SHARED) {
		if (ns_from_name(s) < 0)
			perr(p, n,
			     "unknown namespace type '%s' (expected cgroup, ipc, mnt, net, pid, "
			     "time, user or uts)",
			     s);
	}
}

static void parse_string_list(struct parser *p, struct cond *c, const yaml_node_t *v,
			      bool want_ints)
{
	if (!v || v->type != YAML_SEQUENCE_NODE) {
		perr(p, v, "'%s' takes a list", op_names[c->op]);
		return;
	}
	size_t n = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
	if (n > RULE_LIST_MAX) {
		perr(p, v, "list has %zu items (at most %d)", n, RULE_LIST_MAX);
		return;
	}
	c->want.known = true;
	c->want_type = FACT_LIST;
	for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top;
	     it++) {
		yaml_node_t *e = ydoc_node(p->y, *it);
		if (want_ints) {
			int64_t x;
			if (ydoc_int(p->y, p->d, e, "list item", &x) < 0) {
				p->ok = false;
				continue;
			}
			char tmp[32];
			snprintf(tmp, sizeof(tmp), "%" PRId64, x);
			strv_push(&c->want.l, tmp);
			continue;
		}
		const char *s = ydoc_str(p->y, p->d, e, "list item");
		if (!s) {
			p->ok = false;
			continue;
		}
		check_list_word(p, c->fact, e, s);
		strv_push(&c->want.l, s);
	}
}

static void parse_scalar(struct parser *p, struct cond *c, const yaml_node_t *v, enum fact_type t)
{
	c->want_type = t;
	c->want.known = true;
	const char *what = op_names[c->op];
	if (t == FACT_BOOL) {
		if (ydoc_bool(p->y, p->d, v, what, &c->want.u.b) < 0)
			p->ok = false;
	} else if (t == FACT_INT) {
		if (ydoc_int(p->y, p->d, v, what, &c->want.u.i) < 0)
			p->ok = false;
	} else {
		char *s = pstrdup(p, v, what);
		c->want.u.s = s;
		if (s && c->fact != F__COUNT && fact_def(c->fact)->type == FACT_LIST)
			check_list_word(p, c->fact, v, s);
	}
}

static void parse_operand(struct parser *p, struct cond *c, const yaml_node_t *v)
{
	enum fact_type ft = fact_def(c->fact)->type;
	switch (c->op) {
	case OP_EQUALS:
	case OP_NOT_EQUALS:
		if (ft == FACT_LIST)
			parse_string_list(p, c, v, false);
		else
			parse_scalar(p, c, v, ft);
		break;
	case OP_IN:
	case OP_NOT_IN:
		parse_string_list(p, c, v, ft == FACT_INT);
		break;
	case OP_CONTAINS:
		parse_scalar(p, c, v, FACT_STRING);
		break;
	case OP_CONTAINS_ANY:
	case OP_CONTAINS_ALL:
	case OP_SUBSET_OF:
		parse_string_list(p, c, v, false);
		break;
	case OP_NOT_EMPTY:
		parse_scalar(p, c, v, FACT_BOOL);
		break;
	case OP_GT:
	case OP_GTE:
	case OP_LT:
	case OP_LTE:
		parse_scalar(p, c, v, FACT_INT);
		break;
	case OP_MATCHES: {
		parse_scalar(p, c, v, FACT_STRING);
		if (!c->want.u.s)
			break;
		int r = regcomp(&c->re, c->want.u.s, REG_EXTENDED | REG_NOSUB);
		if (r != 0) {
			char msg[256];
			regerror(r, &c->re, msg, sizeof(msg));
			perr(p, v, "bad regular expression '%s': %s", c->want.u.s, msg);
		} else {
			c->has_re = true;
		}
		break;
	}
	default:
		break;
	}
}

static void parse_cond(struct parser *p, struct cond *c, const yaml_node_t *n, int depth);

static void parse_children(struct parser *p, struct cond *c, const yaml_node_t *v, int depth)
{
	if (!v || v->type != YAML_SEQUENCE_NODE) {
		perr(p, v, "'%s' takes a list of conditions", c->kind == COND_ALL ? "all" : "any");
		return;
	}
	size_t n = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
	if (n == 0 || n > RULE_CHILDREN_MAX) {
		perr(p, v, "'%s' takes 1 to %d conditions, not %zu",
		     c->kind == COND_ALL ? "all" : "any", RULE_CHILDREN_MAX, n);
		return;
	}
	c->sub = calloc(n, sizeof(*c->sub));
	if (!c->sub) {
		p->ok = false;
		return;
	}
	c->nsub = n;
	for (size_t i = 0; i < n; i++)
		parse_cond(p, &c->sub[i], ydoc_node(p->y, v->data.sequence.items.start[i]),
			   depth + 1);
}

static void parse_fact_cond(struct parser *p, struct cond *c, const yaml_node_t *n)
{
	c->kind = COND_FACT;
	c->fact = F__COUNT;
	const char *name = ydoc_str(p->y, p->d, ydoc_get(p->y, n, "fact"), "fact");
	if (!name) {
		p->ok = false;
		return;
	}
	int id = fact_lookup(name);
	if (id < 0) {
		perr(p, ydoc_get(p->y, n, "fact"), "unknown fact '%s' (see 'ctguard rules facts')",
		     name);
		return;
	}
	c->fact = (enum fact_id)id;
	int nops = 0;
	const yaml_node_t *opval = NULL, *opkey = NULL;
	for (yaml_node_pair_t *pr = n->data.mapping.pairs.start; pr < n->data.mapping.pairs.top;
	     pr++) {
		yaml_node_t *k = ydoc_node(p->y, pr->key);
		if (!k || k->type != YAML_SCALAR_NODE ||
		    strcmp((char *)k->data.scalar.value, "fact") == 0)
			continue;
		for (int o = 0; o < OP__COUNT; o++)
			if (strcmp((char *)k->data.scalar.value, op_names[o]) == 0) {
				c->op = (enum cond_op)o;
				opval = ydoc_node(p->y, pr->value);
				opkey = k;
				nops++;
			}
	}
	if (nops != 1) {
		perr(p, n,
		     "a condition on fact '%s' needs exactly one operator (equals, not_equals, "
		     "in, not_in, contains, contains_any, contains_all, subset_of, not_empty, gt, "
		     "gte, lt, lte, matches), found %d",
		     name, nops);
		return;
	}
	enum fact_type ft = fact_def(c->fact)->type;
	if (!(op_types(c->op) & (1u << ft))) {
		perr(p, opkey, "operator '%s' does not apply to fact '%s' of type %s (it takes %s)",
		     op_names[c->op], name, fact_type_name(ft), expected_types(op_types(c->op)));
		return;
	}
	parse_operand(p, c, opval);
}

static void parse_cond(struct parser *p, struct cond *c, const yaml_node_t *n, int depth)
{
	*c = (struct cond){.fact = F__COUNT};
	if (!ydoc_visit(p->y, p->d, n)) {
		p->ok = false;
		return;
	}
	if (depth > RULE_DEPTH_MAX) {
		perr(p, n, "conditions nested deeper than %d", RULE_DEPTH_MAX);
		return;
	}
	if (!n || n->type != YAML_MAPPING_NODE) {
		perr(p, n,
		     "a condition must be a mapping with 'fact' and an operator, or one of "
		     "all, any, not");
		return;
	}
	yaml_node_t *all = ydoc_get(p->y, n, "all"), *any = ydoc_get(p->y, n, "any");
	yaml_node_t *not = ydoc_get(p->y, n, "not"), *fact = ydoc_get(p->y, n, "fact");
	int kinds = !!all + !!any + !!not +!!fact;
	if (kinds != 1) {
		perr(p, n, "a condition has exactly one of 'fact', 'all', 'any', 'not' (found %d)",
		     kinds);
		return;
	}
	static const char *const fact_keys[] = {
	    "fact",	    "equals",	    "not_equals", "in",	       "not_in", "contains",
	    "contains_any", "contains_all", "subset_of",  "not_empty", "gt",	 "gte",
	    "lt",	    "lte",	    "matches",	  NULL};
	static const char *const all_keys[] = {"all", NULL}, *const any_keys[] = {"any", NULL},
				 *const not_keys[] = {"not", NULL};
	if (fact) {
		if (!ydoc_keys_known(p->y, p->d, n, "a condition", fact_keys))
			p->ok = false;
		parse_fact_cond(p, c, n);
	} else if (all || any) {
		if (!ydoc_keys_known(p->y, p->d, n, "a condition", all ? all_keys : any_keys))
			p->ok = false;
		c->kind = all ? COND_ALL : COND_ANY;
		parse_children(p, c, all ? all : any, depth);
	} else {
		if (!ydoc_keys_known(p->y, p->d, n, "a condition", not_keys))
			p->ok = false;
		c->kind = COND_NOT;
		c->sub = calloc(1, sizeof(*c->sub));
		if (!c->sub) {
			p->ok = false;
			return;
		}
		c->nsub = 1;
		parse_cond(p, c->sub, not, depth + 1);
	}
}

static void cond_free(struct cond *c)
{
	for (size_t i = 0; i < c->nsub; i++)
		cond_free(&c->sub[i]);
	free(c->sub);
	if (c->want_type == FACT_STRING)
		free(c->want.u.s);
	strv_free(&c->want.l);
	if (c->has_re)
		regfree(&c->re);
	*c = (struct cond){0};
}

void rule_release(struct rule *r)
{
	free(r->id);
	free(r->title);
	free(r->description);
	free(r->remediation);
	free(r->pack);
	free(r->file);
	for (size_t i = 0; i < r->nrefs; i++) {
		free(r->refs[i].key);
		free(r->refs[i].value);
	}
	free(r->refs);
	cond_free(&r->when);
	cond_free(&r->requires);
	free(r->not_evaluated);
	free(r->requires_reason);
}

static bool valid_id(const char *s)
{
	if (!*s || strlen(s) > 64)
		return false;
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		      (*s >= '0' && *s <= '9') || *s == '-' || *s == '_' || *s == '.'))
			return false;
	return true;
}

static void parse_refs(struct parser *p, struct rule *r, const yaml_node_t *v)
{
	if (v->type != YAML_MAPPING_NODE) {
		perr(p, v,
		     "refs must be a mapping of framework to control (e.g. cis-docker: \"5.5\")");
		return;
	}
	size_t n = (size_t)(v->data.mapping.pairs.top - v->data.mapping.pairs.start);
	r->refs = calloc(n ? n : 1, sizeof(*r->refs));
	for (yaml_node_pair_t *pr = v->data.mapping.pairs.start;
	     r->refs && pr < v->data.mapping.pairs.top; pr++) {
		const char *k = ydoc_str(p->y, p->d, ydoc_node(p->y, pr->key), "refs key");
		const char *val = ydoc_str(p->y, p->d, ydoc_node(p->y, pr->value), "refs value");
		if (!k || !val) {
			p->ok = false;
			continue;
		}
		r->refs[r->nrefs].key = strdup(k);
		r->refs[r->nrefs].value = strdup(val);
		r->nrefs++;
	}
}

/* when, or not_evaluated (a control the running state cannot judge); requires with its reason. */
static void parse_judgement(struct parser *p, struct rule *r, const yaml_node_t *n)
{
	yaml_node_t *when = ydoc_get(p->y, n, "when"), *ne = ydoc_get(p->y, n, "not_evaluated");
	yaml_node_t *req = ydoc_get(p->y, n, "requires");
	yaml_node_t *why = ydoc_get(p->y, n, "requires_reason");
	if (!when && !ne)
		perr(p, n, "rule is missing 'when' (or 'not_evaluated' with the reason)");
	if (when && ne)
		perr(p, n, "a rule has 'when' or 'not_evaluated', not both");
	if (!!req != !!why)
		perr(p, n, "'requires' and 'requires_reason' go together");
	if (ne && req)
		perr(p, n, "a rule that is never evaluated has no 'requires'");
	if (when)
		parse_cond(p, &r->when, when, 0);
	if (ne && (r->not_evaluated = pstrdup(p, ne, "not_evaluated")) && !*r->not_evaluated)
		perr(p, ne, "not_evaluated needs the reason");
	if (req) {
		r->has_requires = true;
		parse_cond(p, &r->requires, req, 0);
	}
	if (why && (r->requires_reason = pstrdup(p, why, "requires_reason")) &&
	    !*r->requires_reason)
		perr(p, why, "requires_reason needs the reason");
}

static void parse_rule(struct parser *p, struct rule *r, const yaml_node_t *n)
{
	static const char *const keys[] = {"id",
					   "title",
					   "severity",
					   "description",
					   "refs",
					   "when",
					   "remediation",
					   "scanner_expected",
					   "not_evaluated",
					   "requires",
					   "requires_reason",
					   NULL};
	*r = (struct rule){.line = n->start_mark.line + 1, .column = n->start_mark.column + 1};
	if (n->type != YAML_MAPPING_NODE) {
		perr(p, n, "a rule must be a mapping");
		return;
	}
	if (!ydoc_keys_known(p->y, p->d, n, "a rule", keys))
		p->ok = false;
	static const char *const required[] = {"id", "title", "severity"};
	for (size_t i = 0; i < ARRAY_SIZE(required); i++)
		if (!ydoc_get(p->y, n, required[i]))
			perr(p, n, "rule is missing '%s'", required[i]);
	yaml_node_t *v;
	if ((v = ydoc_get(p->y, n, "id")) && (r->id = pstrdup(p, v, "id")) && !valid_id(r->id))
		perr(p, v, "bad rule id '%s' (letters, digits, '-', '_', '.'; at most 64)", r->id);
	if ((v = ydoc_get(p->y, n, "title")))
		r->title = pstrdup(p, v, "title");
	if ((v = ydoc_get(p->y, n, "description")))
		r->description = pstrdup(p, v, "description");
	if ((v = ydoc_get(p->y, n, "remediation")))
		r->remediation = pstrdup(p, v, "remediation");
	if ((v = ydoc_get(p->y, n, "severity"))) {
		const char *s = ydoc_str(p->y, p->d, v, "severity");
		if (!s)
			p->ok = false;
		else if (severity_parse(s, &r->severity) < 0)
			perr(p, v,
			     "bad severity '%s' (expected info, low, medium, high or critical)", s);
	}
	if ((v = ydoc_get(p->y, n, "refs")))
		parse_refs(p, r, v);
	if ((v = ydoc_get(p->y, n, "scanner_expected")) &&
	    ydoc_bool(p->y, p->d, v, "scanner_expected", &r->scanner_expected) < 0)
		p->ok = false;
	parse_judgement(p, r, n);
}

static int append_rules(struct ruleset *rs, struct rule *rules, size_t n, struct diag *d)
{
	bool ok = true;
	for (size_t i = 0; i < n; i++) {
		const struct rule *dup = ruleset_find(rs, rules[i].id);
		for (size_t j = 0; !dup && j < i; j++)
			if (strcmp(rules[j].id, rules[i].id) == 0)
				dup = &rules[j];
		if (dup) {
			diag_add(d, rules[i].file, rules[i].line, rules[i].column,
				 "duplicate rule id '%s' (first defined at %s:%zu:%zu)",
				 rules[i].id, dup->file, dup->line, dup->column);
			ok = false;
		}
	}
	if (!ok)
		return -EINVAL;
	struct rule *nr = realloc(rs->r, (rs->n + n + 1) * sizeof(*nr));
	if (!nr)
		return -ENOMEM;
	rs->r = nr;
	memcpy(rs->r + rs->n, rules, n * sizeof(*rules));
	rs->n += n;
	return 0;
}

static int load_doc(struct ruleset *rs, struct ydoc *y, struct diag *d, bool builtin);

int ruleset_load_text(struct ruleset *rs, const char *file, const char *text, size_t len,
		      struct diag *d)
{
	struct ydoc y;
	int r = ydoc_load(&y, file, text, len, d);
	if (r == 0)
		r = load_doc(rs, &y, d, false);
	ydoc_free(&y);
	return r;
}

static int load_doc(struct ruleset *rs, struct ydoc *y, struct diag *d, bool builtin)
{
	struct parser p = {.y = y, .d = d, .ok = true};
	yaml_node_t *root = ydoc_root(y);
	static const char *const top_keys[] = {"version", "pack", "include", "rules", NULL};
	if (!root || root->type != YAML_MAPPING_NODE) {
		perr(&p, root, "a rule file is a mapping with version, pack and rules");
		return -EINVAL;
	}
	if (!ydoc_keys_known(y, d, root, "a rule file", top_keys))
		p.ok = false;
	yaml_node_t *v = ydoc_get(y, root, "version");
	int64_t version = 0;
	if (!v)
		perr(&p, root, "rule file is missing 'version' (this ctguard reads version 1)");
	else if (ydoc_int(y, d, v, "version", &version) < 0 || version != 1)
		perr(&p, v, "unsupported version (this ctguard reads version 1)");
	const char *pack = "";
	if ((v = ydoc_get(y, root, "pack")) && !(pack = ydoc_str(y, d, v, "pack"))) {
		p.ok = false;
		pack = "";
	}
	if ((v = ydoc_get(y, root, "include"))) {
		if (!builtin) {
			perr(&p, v,
			     "'include' names built-in packs and is only for them; load "
			     "packs with --pack");
		} else if (v->type == YAML_SEQUENCE_NODE) {
			for (yaml_node_item_t *it = v->data.sequence.items.start;
			     it < v->data.sequence.items.top; it++) {
				const char *inc = ydoc_str(y, d, ydoc_node(y, *it), "include");
				if (!inc || ruleset_load_pack(rs, inc, d) < 0)
					p.ok = false;
			}
		}
	}
	yaml_node_t *rules = ydoc_get(y, root, "rules");
	if (!rules || rules->type != YAML_SEQUENCE_NODE) {
		perr(&p, rules ? rules : root, "'rules' must be a list of rules");
		return -EINVAL;
	}
	size_t n = (size_t)(rules->data.sequence.items.top - rules->data.sequence.items.start);
	if (n > RULES_MAX) {
		perr(&p, rules, "%zu rules in one file (at most %d)", n, RULES_MAX);
		return -EINVAL;
	}
	struct rule *parsed = calloc(n ? n : 1, sizeof(*parsed));
	if (!parsed)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		parse_rule(&p, &parsed[i], ydoc_node(y, rules->data.sequence.items.start[i]));
		parsed[i].pack = strdup(pack);
		parsed[i].file = strdup(y->file);
	}
	int r = p.ok ? append_rules(rs, parsed, n, d) : -EINVAL;
	if (r < 0)
		for (size_t i = 0; i < n; i++)
			rule_release(&parsed[i]);
	free(parsed);
	return r;
}

int ruleset_load_path(struct ruleset *rs, const char *path, struct diag *d)
{
	struct stat st;
	if (stat(path, &st) < 0) {
		diag_add(d, path, 0, 0, "cannot read: %s", strerror(errno));
		return -errno;
	}
	if (!S_ISDIR(st.st_mode)) {
		struct ydoc y;
		int r = ydoc_load_file(&y, path, d);
		if (r == 0)
			r = load_doc(rs, &y, d, false);
		ydoc_free(&y);
		return r;
	}
	struct dirent **names;
	int n = scandir(path, &names, NULL, alphasort);
	if (n < 0) {
		diag_add(d, path, 0, 0, "cannot list: %s", strerror(errno));
		return -errno;
	}
	int r = 0;
	for (int i = 0; i < n; i++) {
		size_t l = strlen(names[i]->d_name);
		bool yaml = (l > 5 && strcmp(names[i]->d_name + l - 5, ".yaml") == 0) ||
			    (l > 4 && strcmp(names[i]->d_name + l - 4, ".yml") == 0);
		if (yaml && names[i]->d_name[0] != '.') {
			char full[4096];
			snprintf(full, sizeof(full), "%s/%s", path, names[i]->d_name);
			if (ruleset_load_path(rs, full, d) < 0)
				r = -EINVAL;
		}
		free(names[i]);
	}
	free(names);
	return r;
}

int ruleset_load_pack(struct ruleset *rs, const char *name, struct diag *d)
{
	if (strv_contains(&rs->packs, name))
		return 0;
	size_t n;
	const struct builtin_pack *packs = builtin_packs(&n);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(packs[i].name, name) != 0)
			continue;
		strv_push(&rs->packs, name);
		char file[96];
		snprintf(file, sizeof(file), "builtin:%s.yaml", name);
		struct ydoc y;
		int r = ydoc_load(&y, file, packs[i].text, packs[i].len, d);
		/* The display name must outlive the ydoc: rules keep a copy. */
		if (r == 0)
			r = load_doc(rs, &y, d, true);
		ydoc_free(&y);
		return r;
	}
	struct buf list = BUF_INIT;
	for (size_t i = 0; i < n; i++)
		buf_printf(&list, "%s%s", i ? ", " : "", packs[i].name);
	diag_add(d, "--pack", 0, 0, "unknown pack '%s' (built-in packs: %s)", name,
		 list.data ? list.data : "");
	buf_free(&list);
	return -EINVAL;
}

int ruleset_load_builtin(struct ruleset *rs, struct diag *d)
{
	size_t n;
	const struct builtin_pack *packs = builtin_packs(&n);
	int r = 0;
	for (size_t i = 0; i < n; i++)
		if (ruleset_load_pack(rs, packs[i].name, d) < 0)
			r = -EINVAL;
	return r;
}

const struct rule *ruleset_find(const struct ruleset *rs, const char *id)
{
	for (size_t i = 0; i < rs->n; i++)
		if (rs->r[i].id && strcmp(rs->r[i].id, id) == 0)
			return &rs->r[i];
	return NULL;
}

void ruleset_free(struct ruleset *rs)
{
	for (size_t i = 0; i < rs->n; i++)
		rule_release(&rs->r[i]);
	free(rs->r);
	strv_free(&rs->packs);
	*rs = (struct ruleset){0};
}
