/* The sources of `ctguard seccomp show|diff` (seccomp/scsource.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kernel/status.h"
#include "lib/buf.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"
#include "seccomp/filter.h"
#include "seccomp/profile.h"
#include "seccomp/scsource.h"

int scsource_parse_call(const char *call, char name[64], uint64_t args[6])
{
	memset(args, 0, 6 * sizeof(*args));
	size_t n = strcspn(call, "(");
	size_t len = strlen(call);
	if (n == 0 || n >= 64 || call[n] != '(' || call[len - 1] != ')')
		return -EINVAL;
	memcpy(name, call, n);
	name[n] = '\0';
	char buf[256];
	if (len - n - 2 >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, call + n + 1, len - n - 2);
	buf[len - n - 2] = '\0';
	const char *s = buf;
	if (*s == '\0')
		return 0;
	for (int i = 0; i < 6; i++) {
		char *end;
		errno = 0;
		args[i] = *s == '-' ? (uint64_t)strtoll(s, &end, 0) : strtoull(s, &end, 0);
		if (end == s || errno || (*end && *end != ','))
			return -EINVAL;
		if (*end == '\0')
			return 0;
		s = end + 1;
	}
	return -EINVAL;
}

int scsource_parse_pid(const char *s, pid_t *pid)
{
	char *end;
	if (strncmp(s, "pid:", 4) == 0)
		s += 4;
	long v = strtol(s, &end, 10);
	if (*s == '\0' || *end || v <= 0 || v > 4194304) /* PID_MAX_LIMIT */
		return -EINVAL;
	*pid = (pid_t)v;
	return 0;
}

/* The compiled filter's program, read back through a memfd. */
static int export_insns(struct filter *f, struct buf *b, struct error *err)
{
	_cleanup_close_ int fd = memfd_create("ctguard-bpf", MFD_CLOEXEC);
	int r = fd < 0 ? -errno : filter_export(f, fd, err);
	if (r < 0 || lseek(fd, 0, SEEK_SET) < 0 ||
	    fileio_read_fd(fd, BPF_PROG_MAX * sizeof(struct sock_filter), b) < 0)
		return -EIO;
	return 0;
}

/* A profile compiled the way `ctguard run` would load it. */
static int load_profile(struct scsource *s, struct diag *diag, struct error *err)
{
	struct profile *p = NULL;
	int r = profile_load(s->spec, &p, diag);
	if (r < 0)
		return -EINVAL; /* said in diag */
	struct filter *f = NULL;
	r = filter_compile(p, s->caps, SECCOMP_MODE_ENFORCE, &f, err);
	profile_free(p);
	if (r < 0)
		return -EINVAL;
	_cleanup_buf_ struct buf b = BUF_INIT;
	r = export_insns(f, &b, err);
	filter_free(f);
	if (r < 0)
		return error_set(err, -EIO, "'%s': exporting the compiled filter failed", s->spec);
	struct error e = {0};
	if (filterdump_from_insns((const struct sock_filter *)b.data,
				  b.len / sizeof(struct sock_filter), &s->d, &e) < 0)
		return error_set(err, -EINVAL, "'%s': %s", s->spec, e.msg);
	return 0;
}

static int load_bpf(struct scsource *s, const char *path, struct error *err)
{
	_cleanup_buf_ struct buf b = BUF_INIT;
	int r = fileio_read_user(path, BPF_PROG_MAX * sizeof(struct sock_filter), &b, err);
	if (r == -EFBIG)
		return error_set(err, -EINVAL, "cannot read '%s': longer than 4096 instructions",
				 path);
	if (r < 0)
		return r;
	if (b.len % sizeof(struct sock_filter))
		return error_set(err, -EINVAL,
				 "'%s': not a BPF program (%zu bytes is not a whole number of "
				 "8-byte instructions)",
				 path, b.len);
	struct error e = {0};
	if (filterdump_from_insns((const struct sock_filter *)b.data,
				  b.len / sizeof(struct sock_filter), &s->d, &e) < 0)
		return error_set(err, -EINVAL, "'%s': %s (the kernel would refuse this filter)",
				 path, e.msg);
	return 0;
}

int scsource_load(struct scsource *s, const struct filterdump_options *fo, struct diag *diag,
		  struct error *err)
{
	int r;
	size_t len = strlen(s->spec);
	if (strncmp(s->spec, "pid:", 4) == 0) {
		s->kind = SCSOURCE_PID;
		if (scsource_parse_pid(s->spec, &s->pid) < 0)
			return error_set(err, -EINVAL, "bad pid in '%s'", s->spec);
		r = filterdump_read(s->pid, fo, &s->d, err);
	} else if (strncmp(s->spec, "bpf:", 4) == 0 ||
		   (len > 4 && strcmp(s->spec + len - 4, ".bpf") == 0)) {
		s->kind = SCSOURCE_BPF;
		r = load_bpf(s, strncmp(s->spec, "bpf:", 4) == 0 ? s->spec + 4 : s->spec, err);
	} else {
		s->kind = SCSOURCE_PROFILE;
		r = load_profile(s, diag, err);
	}
	if (r < 0)
		return r;
	/* Deciding is never the source's fault: not -EINVAL. */
	r = verdict_compute(s->d.progs, s->d.n, &s->v, err);
	return r == -EINVAL ? -EIO : r;
}

void scsource_free(struct scsource *s)
{
	verdict_free(&s->v);
	filterdump_free(&s->d);
}

int scsource_pid_bounding(pid_t pid, uint64_t *caps, struct error *err)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC);
	_cleanup_buf_ struct buf b = BUF_INIT;
	struct proc_status st;
	if (fd < 0 || fileio_read_fd(fd, 64u << 10, &b) < 0 || status_parse(b.data, &st) < 0)
		return error_set(err, -EIO, "cannot read the capabilities of process %d", (int)pid);
	*caps = st.cap_bnd;
	return 0;
}
