/* Parser of /proc/<pid>/status: a pure function on text. */
#pragma once

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#define STATUS_MAX_GROUPS 256

struct proc_status {
	char name[64]; /* Name: as the kernel escapes it (untrusted content) */
	pid_t ppid;
	pid_t nspid_inner; /* last NSpid field: pid inside the innermost pid namespace */
	uint32_t uid[4];   /* real, effective, saved, fs: in the reader's user namespace */
	uint32_t gid[4];
	uint32_t groups[STATUS_MAX_GROUPS];
	int ngroups;
	bool groups_truncated;
	uint64_t cap_inh, cap_prm, cap_eff, cap_bnd, cap_amb;
	int no_new_privs;    /* -1 when the kernel does not say */
	int seccomp;	     /* 0 disabled, 1 strict, 2 filter, -1 when absent */
	int seccomp_filters; /* -1 when absent (kernels before 5.9) */
};

/* Fills st from the text of a status file. Returns 0, or -EINVAL when a required line (PPid,
 * Uid, Gid, CapEff, CapPrm, CapBnd) is missing or malformed. */
int status_parse(const char *text, struct proc_status *st);

/* Whether a /proc read failed because the process has exited meanwhile (its directory is gone,
 * or it is reaped): ENOENT or ESRCH. A race, not a gap. */
static inline bool proc_gone(int r)
{
	return r == -ENOENT || r == -ESRCH;
}
/* The process calls itself sshd (comm "sshd", or "sshd-session" and the like of OpenSSH >= 9.8):
 * CIS Docker 5.7. The name is the process's own choice, so this finds sshd, not what hides it. */
bool status_is_sshd(const struct proc_status *st);
