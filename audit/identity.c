/* Container identity from cgroup path patterns and /run/.containerenv. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "audit/identity.h"
#include "lib/strv.h"

void identity_copy(char *dst, size_t dstsz, const char *src)
{
	snprintf(dst, dstsz, "%s", src ? src : "");
}

static bool is_hex_id(const char *s, size_t n)
{
	if (n < 12 || n > 128)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

/* systemd unit-name escaping: "\x2d" is '-'. */
static void unescape_systemd(char *s)
{
	char *w = s;
	for (char *r = s; *r;) {
		unsigned v;
		if (r[0] == '\\' && r[1] == 'x' && sscanf(r + 2, "%2x", &v) == 1 && v >= 0x20 &&
		    v < 0x7f) {
			*w++ = (char)v;
			r += 4;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
}

/* If comp (length n) is prefix + hex id + suffix, copies the id. */
static bool match_id(const char *comp, size_t n, const char *prefix, const char *suffix, char *out,
		     size_t outsz)
{
	size_t pl = strlen(prefix), sl = strlen(suffix);
	if (n <= pl + sl || strncmp(comp, prefix, pl) != 0 ||
	    strncmp(comp + n - sl, suffix, sl) != 0)
		return false;
	if (!is_hex_id(comp + pl, n - pl - sl))
		return false;
	snprintf(out, outsz, "%.*s", (int)(n - pl - sl), comp + pl);
	return true;
}

static bool match_component(const char *c, size_t n, const char *prev, size_t prevn,
			    struct identity *id)
{
	char tmp[160];
	static const struct {
		const char *prefix, *suffix, *runtime;
	} pats[] = {
	    {"libpod-", ".scope", "podman"}, {"libpod-", "", "podman"},
	    {"docker-", ".scope", "docker"}, {"cri-containerd-", ".scope", "containerd"},
	    {"crio-", ".scope", "cri-o"},    {"crio-", "", "cri-o"},
	};
	for (size_t i = 0; i < sizeof(pats) / sizeof(pats[0]); i++) {
		if (match_id(c, n, pats[i].prefix, pats[i].suffix, tmp, sizeof(tmp))) {
			identity_copy(id->runtime, sizeof(id->runtime), pats[i].runtime);
			identity_copy(id->id, sizeof(id->id), tmp);
			return true;
		}
	}
	/* cgroupfs drivers: /docker/<id>, /kubepods/<qos>/pod<uid>/<id>. Elsewhere only a full
	 * 64-hex id counts: a shorter hex component is an enclosing sandbox's (a 32-hex session or
	 * machine id, as in /process_api/<32 hex>/<runc id>), not this container's id. */
	bool after_docker = prevn == 6 && strncmp(prev, "docker", 6) == 0;
	if (is_hex_id(c, n) && (n == 64 || (after_docker && n >= 32))) {
		if (after_docker)
			identity_copy(id->runtime, sizeof(id->runtime), "docker");
		else
			identity_copy(id->runtime, sizeof(id->runtime), "unknown");
		snprintf(id->id, sizeof(id->id), "%.*s", (int)n, c);
		return true;
	}
	/* lxc 4+: lxc.payload.NAME; lxc 3: /lxc/NAME */
	if ((n > 12 && strncmp(c, "lxc.payload.", 12) == 0) ||
	    (prevn == 3 && strncmp(prev, "lxc", 3) == 0) ||
	    (prevn == 11 && strncmp(prev, "lxc.payload", 11) == 0)) {
		const char *name = (n > 12 && strncmp(c, "lxc.payload.", 12) == 0) ? c + 12 : c;
		size_t nl = n - (size_t)(name - c);
		identity_copy(id->runtime, sizeof(id->runtime), "lxc");
		snprintf(id->id, sizeof(id->id), "%.*s", (int)nl, name);
		snprintf(id->name, sizeof(id->name), "%.*s", (int)nl, name);
		return true;
	}
	/* systemd-nspawn: machine.slice/machine-NAME.scope */
	if (n > 14 && strncmp(c, "machine-", 8) == 0 && strncmp(c + n - 6, ".scope", 6) == 0 &&
	    strncmp(c, "machine-libpod", 14) != 0) {
		identity_copy(id->runtime, sizeof(id->runtime), "nspawn");
		snprintf(id->name, sizeof(id->name), "%.*s", (int)(n - 14), c + 8);
		unescape_systemd(id->name);
		identity_copy(id->id, sizeof(id->id), id->name);
		return true;
	}
	return false;
}

bool identity_from_cgroup(const char *path, struct identity *id)
{
	bool found = false;
	const char *prev = "";
	size_t prevn = 0;
	if (strstr(path, "kubepods"))
		id->kube = true;
	for (const char *p = path; *p;) {
		while (*p == '/')
			p++;
		size_t n = strcspn(p, "/");
		if (n == 0)
			break;
		/* conmon's own cgroups are not containers */
		if (strncmp(p, "libpod-conmon-", 14) != 0 && strncmp(p, "crio-conmon-", 12) != 0) {
			struct identity tmp = *id;
			if (match_component(p, n, prev, prevn, &tmp)) {
				*id = tmp;
				found = true;
			}
		}
		prev = p;
		prevn = n;
		p += n;
	}
	return found;
}

/* key="value" lines; values are quoted by podman. Returns true when it filled out. */
static bool containerenv_value(const char *text, const char *key, char *out, size_t outsz)
{
	size_t kl = strlen(key);
	for (const char *line = text; line && *line;) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		if (len > kl + 1 && strncmp(line, key, kl) == 0 && line[kl] == '=') {
			const char *v = line + kl + 1;
			size_t vl = len - kl - 1;
			if (vl >= 2 && v[0] == '"' && v[vl - 1] == '"')
				v++, vl -= 2;
			if (out[0] != '\0' || vl == 0)
				return false;
			snprintf(out, outsz, "%.*s", (int)vl, v);
			return true;
		}
		line = nl ? nl + 1 : NULL;
	}
	return false;
}

void identity_from_containerenv(const char *text, struct identity *id)
{
	char engine[64] = "";
	containerenv_value(text, "engine", engine, sizeof(engine));
	if ((id->runtime[0] == '\0' || strcmp(id->runtime, "unknown") == 0) &&
	    strncmp(engine, "podman", 6) == 0) {
		identity_copy(id->runtime, sizeof(id->runtime), "podman");
		id->claimed |= IDENTITY_RUNTIME;
	}
	if (containerenv_value(text, "name", id->name, sizeof(id->name)))
		id->claimed |= IDENTITY_NAME;
	if (containerenv_value(text, "id", id->id, sizeof(id->id)))
		id->claimed |= IDENTITY_ID;
	if (containerenv_value(text, "image", id->image, sizeof(id->image)))
		id->claimed |= IDENTITY_IMAGE;
}

int identity_claimed_names(unsigned claimed, struct strv *out)
{
	static const struct {
		unsigned bit;
		const char *name;
	} names[] = {{IDENTITY_ID, "id"},
		     {IDENTITY_NAME, "name"},
		     {IDENTITY_IMAGE, "image"},
		     {IDENTITY_RUNTIME, "runtime"}};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if ((claimed & names[i].bit) && strv_push(out, names[i].name) < 0)
			return -ENOMEM;
	return 0;
}
