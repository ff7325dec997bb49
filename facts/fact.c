/* The fact registry: every fact a reader may fill and a rule may name. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/cleanup.h"
#include "facts/fact.h"
#include "kernel/ns.h"

/* F_NS_HOST_CGROUP + t is the ns.host_* fact of namespace type t (audit/container.c,
 * audit/ocifacts.c): the two enums must agree. */
#define NS_FACT_AGREES(t, fact) _Static_assert(F_NS_HOST_CGROUP + (t) == (fact), #fact)
NS_FACT_AGREES(NS_CGROUP, F_NS_HOST_CGROUP);
NS_FACT_AGREES(NS_IPC, F_NS_HOST_IPC);
NS_FACT_AGREES(NS_MNT, F_NS_HOST_MNT);
NS_FACT_AGREES(NS_NET, F_NS_HOST_NET);
NS_FACT_AGREES(NS_PID, F_NS_HOST_PID);
NS_FACT_AGREES(NS_TIME, F_NS_HOST_TIME);
NS_FACT_AGREES(NS_USER, F_NS_HOST_USER);
NS_FACT_AGREES(NS_UTS, F_NS_HOST_UTS);
_Static_assert(NS__COUNT == 8, "a new namespace type needs its ns.host_* fact");

#define C FACT_SCOPE_CONTAINER
#define H FACT_SCOPE_HOST

static const struct fact_def defs[F__COUNT] = {
    [F_CONTAINER_ID] = {"container.id", FACT_STRING, C, RISK_NONE,
			"runtime's container id (or ns-<inode> for anonymous sandboxes)"},
    [F_CONTAINER_NAME] = {"container.name", FACT_STRING, C, RISK_NONE, "container name"},
    [F_CONTAINER_RUNTIME] = {"container.runtime", FACT_STRING, C, RISK_NONE,
			     "docker, podman, containerd, cri-o, lxc, runc, crun, nspawn, bwrap "
			     "or unknown"},
    [F_CONTAINER_IMAGE] = {"container.image", FACT_STRING, C, RISK_NONE,
			   "image reference, \"\" when unknown"},
    [F_CONTAINER_PID] = {"container.pid", FACT_INT, C, RISK_NONE,
			 "host pid of the container's init"},
    [F_CONTAINER_PROCESSES] = {"container.processes", FACT_INT, C, RISK_NONE,
			       "processes in the container"},
    [F_CONTAINER_COMMAND] = {"container.command", FACT_STRING, C, RISK_NONE,
			     "comm of the init process (set by the container: untrusted)"},
    [F_CONTAINER_CGROUP] = {"container.cgroup", FACT_STRING, C, RISK_NONE,
			    "cgroup path of init (v2 path, else the name=systemd one)"},
    [F_CONTAINER_POD] = {"container.pod", FACT_STRING, C, RISK_NONE,
			 "Kubernetes pod name, \"\" outside Kubernetes"},
    [F_CONTAINER_NAMESPACE] = {"container.namespace", FACT_STRING, C, RISK_NONE,
			       "Kubernetes namespace, \"\" outside Kubernetes"},
    [F_CONTAINER_CLAIMED] =
	{"container.claimed", FACT_LIST, C, RISK_NONE,
	 "identity fields (id, name, image, runtime) whose value the container "
	 "wrote about itself (/run/.containerenv, /.dockerenv, its comm): never "
	 "matched by a waiver selector or a baseline unless the waiver says "
	 "match_claimed"},
    [F_CONTAINER_SCANNER] = {"container.scanner", FACT_BOOL, C, RISK_NONE,
			     "the container holds the ctguard process doing this audit"},
    [F_USER_UID] = {"user.uid", FACT_INT, C, RISK_IF_ZERO,
		    "real uid of init, as seen inside its user namespace"},
    [F_USER_GID] = {"user.gid", FACT_INT, C, RISK_NONE,
		    "real gid of init, as seen inside its user namespace"},
    [F_USER_EUID] = {"user.euid", FACT_INT, C, RISK_NONE,
		     "effective uid of init, as seen inside its user namespace"},
    [F_USER_ROOT] = {"user.root", FACT_BOOL, C, RISK_IF_TRUE,
		     "init's effective uid is 0 inside the container"},
    [F_USER_GROUPS] = {"user.groups", FACT_LIST, C, RISK_NONE,
		       "supplementary gids of init, inside the container"},
    [F_USER_ROOT_PROCESSES] = {"user.root_processes", FACT_INT, C, RISK_NONE,
			       "processes of the container whose effective uid is 0 inside"},
    [F_USERNS_ENABLED] = {"userns.enabled", FACT_BOOL, C, RISK_IF_FALSE,
			  "init's user namespace differs from the host's"},
    [F_USERNS_ROOT_HOST_UID] = {"userns.root_host_uid", FACT_INT, C, RISK_IF_ZERO,
				"host uid that uid 0 inside maps to; -1 if uid 0 is unmapped"},
    [F_USERNS_HOST_ROOT_MAPPED] = {"userns.host_root_mapped", FACT_BOOL, C, RISK_IF_TRUE,
				   "host uid 0 is mapped inside the container"},
    [F_USERNS_UID_MAP] = {"userns.uid_map", FACT_LIST, C, RISK_NONE,
			  "uid_map lines \"inside host count\""},
    [F_USERNS_GID_MAP] = {"userns.gid_map", FACT_LIST, C, RISK_NONE,
			  "gid_map lines \"inside host count\""},
    [F_NS_SHARED] = {"ns.shared", FACT_LIST, C, RISK_IF_NONEMPTY,
		     "namespace types shared with the host: cgroup ipc mnt net pid time user uts"},
    [F_NS_HOST_CGROUP] = {"ns.host_cgroup", FACT_BOOL, C, RISK_IF_TRUE,
			  "shares the host's cgroup namespace"},
    [F_NS_HOST_IPC] = {"ns.host_ipc", FACT_BOOL, C, RISK_IF_TRUE,
		       "shares the host's IPC namespace"},
    [F_NS_HOST_MNT] = {"ns.host_mnt", FACT_BOOL, C, RISK_IF_TRUE,
		       "shares the host's mount namespace"},
    [F_NS_HOST_NET] = {"ns.host_net", FACT_BOOL, C, RISK_IF_TRUE,
		       "shares the host's network namespace"},
    [F_NS_HOST_PID] = {"ns.host_pid", FACT_BOOL, C, RISK_IF_TRUE,
		       "shares the host's pid namespace"},
    [F_NS_HOST_TIME] = {"ns.host_time", FACT_BOOL, C, RISK_NONE,
			"shares the host's time namespace"},
    [F_NS_HOST_USER] = {"ns.host_user", FACT_BOOL, C, RISK_IF_TRUE,
			"shares the host's user namespace"},
    [F_NS_HOST_UTS] = {"ns.host_uts", FACT_BOOL, C, RISK_IF_TRUE,
		       "shares the host's UTS namespace"},
    [F_CAPS_EFFECTIVE] = {"caps.effective", FACT_LIST, C, RISK_DANGEROUS_CAPS,
			  "effective capabilities of init"},
    [F_CAPS_PERMITTED] = {"caps.permitted", FACT_LIST, C, RISK_DANGEROUS_CAPS,
			  "permitted capabilities of init"},
    [F_CAPS_INHERITABLE] = {"caps.inheritable", FACT_LIST, C, RISK_IF_NONEMPTY,
			    "inheritable capabilities of init"},
    [F_CAPS_BOUNDING] = {"caps.bounding", FACT_LIST, C, RISK_NONE, "bounding set of init"},
    [F_CAPS_AMBIENT] = {"caps.ambient", FACT_LIST, C, RISK_IF_NONEMPTY,
			"ambient capabilities of init"},
    [F_CAPS_PRIVILEGED] = {"caps.privileged", FACT_BOOL, C, RISK_IF_TRUE,
			   "bounding set holds every capability the host can grant (those of pid "
			   "1's bounding set; on an ordinary host, every one the kernel knows)"},
    [F_SECCOMP_MODE] = {"seccomp.mode", FACT_STRING, C, RISK_IF_DISABLED,
			"disabled, strict or filter"},
    [F_SECCOMP_FILTERS] = {"seccomp.filters", FACT_INT, C, RISK_NONE,
			   "number of attached seccomp filters"},
    [F_SECCOMP_DEFAULT_ACTION] = {"seccomp.default_action", FACT_STRING, C, RISK_IF_ALLOWS,
				  "--deep: what the filters do with a syscall they do not name: "
				  "allow, log, errno EPERM (or another errno), kill_process, "
				  "kill_thread, trap, trace or notify; unknown when it depends on "
				  "the arguments"},
    [F_SECCOMP_ALLOWED_DANGEROUS] =
	{"seccomp.allowed_dangerous", FACT_LIST, C, RISK_IF_NONEMPTY,
	 "--deep: syscalls of ctguard(8)'s dangerous list that the "
	 "filters allow for some arguments, natively or through a 32-bit "
	 "ABI"},
    [F_SECCOMP_CONDITIONAL] = {"seccomp.conditional", FACT_LIST, C, RISK_NONE,
			       "--deep: native syscalls whose decision depends on their "
			       "arguments, or could only be approximated"},
    [F_SECCOMP_X32_REACHABLE] = {"seccomp.x32_reachable", FACT_BOOL, C, RISK_IF_TRUE,
				 "--deep: the filters allow some x32 syscalls and the kernel "
				 "runs x32 code"},
    [F_NO_NEW_PRIVS] = {"no_new_privs", FACT_BOOL, C, RISK_IF_FALSE, "NoNewPrivs of init"},
    [F_LSM_APPARMOR] = {"lsm.apparmor", FACT_STRING, C, RISK_IF_DISABLED,
			"AppArmor label, \"unconfined\", or \"\" when AppArmor is off"},
    [F_LSM_SELINUX] = {"lsm.selinux", FACT_STRING, C, RISK_IF_DISABLED,
		       "SELinux context, or \"\" when SELinux is off"},
    [F_MOUNTS_ROOTFS_READONLY] = {"mounts.rootfs_readonly", FACT_BOOL, C, RISK_IF_FALSE,
				  "the container's / is mounted read-only"},
    [F_MOUNTS_SENSITIVE] = {"mounts.sensitive", FACT_LIST, C, RISK_IF_NONEMPTY,
			    "host paths bound in (hostPaths) that are, hold or lie inside a "
			    "sensitive tree: /, /boot, /dev, /etc, /proc, /sys, /run, /var/log, "
			    "/root, runtime, kubelet and PKI state, credentials (equal, parent or "
			    "inside); /usr, /lib, /bin and /sbin (equal or parent; inside when "
			    "writable)"},
    [F_MOUNTS_SENSITIVE_RW] = {"mounts.sensitive_rw", FACT_LIST, C, RISK_IF_NONEMPTY,
			       "the subset of mounts.sensitive mounted read-write"},
    [F_MOUNTS_RUNTIME_SOCKET] =
	{"mounts.runtime_socket", FACT_LIST, C, RISK_IF_NONEMPTY,
	 "paths inside where a container-runtime API socket is reachable: a "
	 "listening socket of the host's tables owned by dockerd, "
	 "containerd, podman, crio, buildkitd, the kubelet, ..., or named "
	 "like one (docker.sock, containerd.sock, ...)"},
    [F_MOUNTS_PROC_SYS_RW] = {"mounts.proc_sys_rw", FACT_BOOL, C, RISK_IF_TRUE,
			      "a procfs sys/ or a sysfs is writable inside, wherever mounted "
			      "(/proc/sys, /sys, a bind of /proc/sys elsewhere, lxc's "
			      "/dev/.lxc/proc)"},
    [F_MOUNTS_SHARED_PROPAGATION] = {"mounts.shared_propagation", FACT_LIST, C, RISK_IF_NONEMPTY,
				     "mount points in a peer group shared with the host"},
    [F_DEVICES_BLOCK] = {"devices.block", FACT_LIST, C, RISK_IF_NONEMPTY,
			 "block device nodes in the container's /dev"},
    [F_DEVICES_ADDED] = {"devices.added", FACT_LIST, C, RISK_IF_NONEMPTY,
			 "devices beyond the runtime's defaults the config creates or allows "
			 "(\"c 10:229\", '*' any; OCI configs only)"},
    [F_OCI_HOOKS] = {"oci.hooks", FACT_LIST, C, RISK_IF_NONEMPTY,
		     "paths of the config's OCI hooks, which run as root (OCI configs only)"},
    [F_CGROUP_V1_WRITABLE] = {"cgroup.v1_writable", FACT_BOOL, C, RISK_IF_TRUE,
			      "a cgroup v1 hierarchy is mounted writable inside "
			      "(release_agent escape surface)"},
    [F_CGROUP_PIDS_LIMIT] = {"cgroup.pids_limit", FACT_INT, C, RISK_IF_UNLIMITED,
			     "effective pids limit; -1 when unlimited"},
    [F_CGROUP_MEMORY_LIMIT] = {"cgroup.memory_limit", FACT_INT, C, RISK_IF_UNLIMITED,
			       "effective memory limit in bytes; -1 when unlimited"},
    [F_RLIMIT_NOFILE] = {"rlimit.nofile", FACT_INT, C, RISK_NONE,
			 "soft RLIMIT_NOFILE of init; -1 unlimited"},
    [F_RLIMIT_NPROC] = {"rlimit.nproc", FACT_INT, C, RISK_NONE,
			"soft RLIMIT_NPROC of init; -1 unlimited"},
    [F_RLIMIT_CORE] = {"rlimit.core", FACT_INT, C, RISK_NONE,
		       "soft RLIMIT_CORE of init in bytes; -1 unlimited"},
    /* issue 12, devices and every process */
    [F_DEVICES_CHAR] =
	{"devices.char", FACT_LIST, C, RISK_IF_NONEMPTY,
	 "character device nodes the container can open, beyond null, zero, full, "
	 "random, urandom, tty, console, ptmx and pts: \"PATH c MAJOR:MINOR CLASS\""},
    [F_DEVICES_CLASSES] = {"devices.classes", FACT_LIST, C, RISK_IF_NONEMPTY,
			   "classes of the block and character nodes the container can open (disk, "
			   "loop, memory, kernel-log, kvm, fuse, tun, gpu, input, raw-io, cpu, "
			   "watchdog, tty, usb, tpm, misc, other), by device number"},
    [F_DEVICES_CGROUP] = {"devices.cgroup", FACT_LIST, C, RISK_NONE,
			  "every such node with the device cgroup's verdict: \"PATH TYPE "
			  "MAJOR:MINOR CLASS allowed|denied|unknown\" (unknown: cgroup v2, or "
			  "unreadable); denied nodes are left out of devices.block/char/classes"},
    [F_PROCESSES_ESCALATED] = {"processes.escalated", FACT_LIST, C, RISK_IF_NONEMPTY,
			       "member processes with more privilege than init: capabilities "
			       "beyond init's bounding set, seccomp off, no_new_privs off, or the "
			       "host's mount namespace where init has its own: \"PID COMM: what "
			       "differs\""},
    [F_PROCESSES_LOWER_UID] =
	{"processes.lower_uid", FACT_LIST, C, RISK_IF_NONEMPTY,
	 "member processes whose effective uid (inside) is lower than init's, "
	 "such as root in a non-root container: \"PID COMM: euid 0, init's "
	 "N\""},
    /* issue 12, packs */
    [F_PROCESSES_SSHD] = {"processes.sshd", FACT_LIST, C, RISK_IF_NONEMPTY,
			  "host pids of the container's processes named sshd (their comm: set "
			  "by the process, untrusted)"},
    [F_CGROUP_CPU_LIMIT] = {"cgroup.cpu_limit", FACT_INT, C, RISK_IF_UNLIMITED,
			    "effective CPU quota in thousandths of a CPU (cpu.max, v1 "
			    "cpu.cfs_quota_us over cpu.cfs_period_us; the lowest of the cgroup "
			    "and its ancestors); -1 when unlimited"},
    [F_CGROUP_CPU_WEIGHT] = {"cgroup.cpu_weight", FACT_INT, C, RISK_NONE,
			     "CPU weight of the container's cgroup (cpu.weight, 1-10000, default "
			     "100; v1 cpu.shares scaled so that 1024 is 100)"},
    [F_PROC_UNMASKED] = {"proc.unmasked", FACT_LIST, C, RISK_IF_NONEMPTY,
			 "paths of the runtimes' default masked set (/proc/kcore, "
			 "/proc/timer_list, /sys/firmware, ...) that exist and are not masked "
			 "inside, and of their read-only set (/proc/sysrq-trigger, /proc/irq, "
			 "...) that are writable"},
    [F_SYSCTL_SET] = {"sysctl.set", FACT_LIST, C, RISK_NONE,
		      "namespaced sysctls (\"name=value\") whose value in the container's "
		      "network and IPC namespaces differs from a fresh namespace's; empty when "
		      "both are the host's"},
    /* issue 14, rootless */
    [F_CONTAINER_OWNER] = {"container.owner", FACT_STRING, C, RISK_NONE,
			   "host user running the container: the owner of its user namespace "
			   "(name from the host's /etc/passwd, else the uid); \"root\" for "
			   "rootful containers"},
    [F_USERNS_OWNER_UID] = {"userns.owner_uid", FACT_INT, C, RISK_IF_ZERO,
			    "host uid owning init's user namespace (0 for the host's own or a "
			    "root-created one)"},
    [F_USERNS_ROOTLESS] = {"userns.rootless", FACT_BOOL, C, RISK_NONE,
			   "the user namespace belongs to an unprivileged host user: its "
			   "capabilities reach no further than that user's own rights"},
    [F_MOUNTS_RUNTIME_SOCKET_USABLE] = {"mounts.runtime_socket_usable", FACT_LIST, C,
					RISK_IF_NONEMPTY,
					"the runtime sockets of mounts.runtime_socket that init's "
					"credentials may connect to (mode, owner, group, "
					"capabilities in its user namespace); one that cannot be "
					"checked counts as usable"},
    [F_DEVICES_BLOCK_USABLE] = {"devices.block_usable", FACT_LIST, C, RISK_IF_NONEMPTY,
				"the devices of devices.block that init's credentials may open "
				"for reading or writing; one that cannot be checked counts as "
				"usable"},
    [F_HOST_KERNEL] = {"host.kernel", FACT_STRING, H, RISK_NONE, "kernel release"},
    [F_HOST_CGROUP_VERSION] = {"host.cgroup_version", FACT_STRING, H, RISK_NONE,
			       "v1, v2 or hybrid"},
    [F_HOST_LSMS] = {"host.lsms", FACT_LIST, H, RISK_NONE, "active Linux security modules"},
    [F_HOST_APPARMOR] = {"host.apparmor", FACT_BOOL, H, RISK_NONE, "AppArmor is enabled"},
    [F_HOST_SELINUX] = {"host.selinux", FACT_STRING, H, RISK_IF_DISABLED,
			"enforcing, permissive or disabled"},
    [F_HOST_SECCOMP] = {"host.seccomp", FACT_BOOL, H, RISK_IF_FALSE,
			"seccomp filters are available"},
    [F_HOST_LANDLOCK_ABI] = {"host.landlock_abi", FACT_INT, H, RISK_NONE,
			     "Landlock ABI version; 0 when unavailable"},
    [F_HOST_USERNS_UNPRIVILEGED] = {"host.userns_unprivileged", FACT_BOOL, H, RISK_IF_TRUE,
				    "unprivileged users may create user namespaces"},
    [F_HOST_MAX_USER_NAMESPACES] = {"host.max_user_namespaces", FACT_INT, H, RISK_NONE,
				    "user.max_user_namespaces"},
    [F_HOST_UNPRIVILEGED_BPF_DISABLED] = {"host.unprivileged_bpf_disabled", FACT_INT, H,
					  RISK_IF_ZERO, "kernel.unprivileged_bpf_disabled"},
    [F_HOST_PTRACE_SCOPE] = {"host.ptrace_scope", FACT_INT, H, RISK_NONE,
			     "kernel.yama.ptrace_scope; -1 without Yama"},
    [F_HOST_KPTR_RESTRICT] = {"host.kptr_restrict", FACT_INT, H, RISK_IF_ZERO,
			      "kernel.kptr_restrict"},
    [F_HOST_DMESG_RESTRICT] = {"host.dmesg_restrict", FACT_INT, H, RISK_IF_ZERO,
			       "kernel.dmesg_restrict"},
    [F_HOST_PERF_EVENT_PARANOID] = {"host.perf_event_paranoid", FACT_INT, H, RISK_NONE,
				    "kernel.perf_event_paranoid"},
    [F_HOST_CAP_LAST_CAP] = {"host.cap_last_cap", FACT_INT, H, RISK_NONE,
			     "highest capability number the kernel knows"},
    /* issue 12, mounts: the mount exposure model and reachable sockets */
    [F_MOUNTS_KERNEL_INTERFACES] =
	{"mounts.kernel_interfaces", FACT_LIST, C, RISK_IF_NONEMPTY,
	 "kernel interface mounts (procfs, sysfs, debugfs, tracefs, "
	 "securityfs, bpffs, efivarfs, configfs, binfmt_misc, devtmpfs, "
	 "...) beyond the runtime's own /proc, /sys and cgroupfs, whole or "
	 "a subtree: \"<mount point> (<fstype>:<root> ro|rw)\""},
    [F_MOUNTS_KERNEL_WRITABLE] = {"mounts.kernel_writable", FACT_LIST, C, RISK_IF_NONEMPTY,
				  "paths inside through which the host's kernel is written: a "
				  "writable procfs sys/ (or sysrq-trigger) wherever it is mounted, "
				  "sysfs, or another kernel interface"},
    [F_MOUNTS_HOST_PATHS] =
	{"mounts.host_paths", FACT_LIST, C, RISK_IF_NONEMPTY,
	 "host paths bound in from outside the runtime's own roots (hostPath "
	 "volumes; not the rootfs, named volumes or the kubelet's pod volumes)"},
    [F_MOUNTS_HOST_SECRETS] = {"mounts.host_secrets", FACT_LIST, C, RISK_IF_NONEMPTY,
			       "host paths bound in that are, hold or lie inside host credentials "
			       "(/etc/shadow, SSH keys, Kubernetes and kubelet PKI, cloud "
			       "credentials, /root)"},
    [F_MOUNTS_FUSE_WRITABLE] = {"mounts.fuse_writable", FACT_LIST, C, RISK_IF_NONEMPTY,
				"writable FUSE mounts served from the host (lxcfs, sshfs, ...): "
				"\"<mount point> (<fstype>)\""},
    [F_MOUNTS_SERVICE_ACCOUNT_TOKEN] = {"mounts.service_account_token", FACT_LIST, C,
					RISK_IF_NONEMPTY,
					"mount points of Kubernetes service-account token volumes"},
    [F_MOUNTS_UNIX_SOCKETS] = {"mounts.unix_sockets", FACT_LIST, C, RISK_IF_NONEMPTY,
			       "listening unix sockets of the host reachable through the mounts: "
			       "\"<path inside> (<owner>)\", the owner's command name or "
			       "\"owner unknown\""},
    [F_NET_ABSTRACT_RUNTIME_SOCKETS] =
	{"net.abstract_runtime_sockets", FACT_LIST, C, RISK_IF_NONEMPTY,
	 "abstract unix sockets of container runtimes (containerd-shim) "
	 "reachable through the host's network namespace: \"@<name> "
	 "(<owner>)\""},
    [F_MOUNTS_SENSITIVE_RO] = {"mounts.sensitive_ro", FACT_LIST, C, RISK_IF_NONEMPTY,
			       "the subset of mounts.sensitive mounted read-only"},
};

#undef C
#undef H

const struct fact_def *fact_def(enum fact_id id)
{
	return &defs[id];
}

int fact_lookup(const char *name)
{
	for (int i = 0; i < F__COUNT; i++)
		if (strcmp(defs[i].name, name) == 0)
			return i;
	return -1;
}

const char *fact_type_name(enum fact_type t)
{
	static const char *const names[] = {"bool", "int", "string", "list"};
	return names[t];
}

void facts_set_bool(struct facts *f, enum fact_id id, bool v)
{
	f->v[id].known = true;
	f->v[id].u.b = v;
}

void facts_set_int(struct facts *f, enum fact_id id, int64_t v)
{
	f->v[id].known = true;
	f->v[id].u.i = v;
}

int facts_set_str(struct facts *f, enum fact_id id, const char *s)
{
	char *copy = strdup(s ? s : "");
	if (!copy)
		return -ENOMEM;
	free(f->v[id].u.s);
	f->v[id].u.s = copy;
	f->v[id].known = true;
	return 0;
}

struct strv *facts_list(struct facts *f, enum fact_id id)
{
	f->v[id].known = true;
	return &f->v[id].l;
}

const char *facts_str(const struct facts *f, enum fact_id id)
{
	return f->v[id].known && f->v[id].u.s ? f->v[id].u.s : "";
}

void facts_free(struct facts *f)
{
	for (int i = 0; i < F__COUNT; i++) {
		if (defs[i].type == FACT_STRING)
			free(f->v[i].u.s);
		strv_free(&f->v[i].l);
		f->v[i] = (struct fact_value){0};
	}
}

/* Capabilities that alone, or with one more weakness, open an escape or host compromise. */
static const char *const dangerous_caps[] = {
    "CAP_SYS_ADMIN", "CAP_SYS_MODULE",	 "CAP_SYS_RAWIO", "CAP_SYS_PTRACE",   "CAP_DAC_READ_SEARCH",
    "CAP_BPF",	     "CAP_PERFMON",	 "CAP_NET_ADMIN", "CAP_SYS_BOOT",     "CAP_SYSLOG",
    "CAP_MAC_ADMIN", "CAP_MAC_OVERRIDE", "CAP_SYS_TIME",  "CAP_DAC_OVERRIDE",
};

bool fact_value_risky(enum fact_id id, const struct fact_value *v)
{
	if (!v->known)
		return false;
	switch (defs[id].risk) {
	case RISK_NONE:
		return false;
	case RISK_IF_TRUE:
		return v->u.b;
	case RISK_IF_FALSE:
		return !v->u.b;
	case RISK_IF_NONEMPTY:
		return v->l.n > 0;
	case RISK_IF_UNLIMITED:
		return v->u.i == -1;
	case RISK_IF_ZERO:
		return v->u.i == 0;
	case RISK_IF_DISABLED:
		return v->u.s &&
		       (strcmp(v->u.s, "disabled") == 0 || strcmp(v->u.s, "unconfined") == 0);
	case RISK_IF_ALLOWS:
		return v->u.s && (strcmp(v->u.s, "allow") == 0 || strcmp(v->u.s, "log") == 0);
	case RISK_DANGEROUS_CAPS:
		for (size_t i = 0; i < ARRAY_SIZE(dangerous_caps); i++)
			if (strv_contains(&v->l, dangerous_caps[i]))
				return true;
		return false;
	}
	return false;
}

bool fact_runtime_known(const char *s)
{
	static const char *const runtimes[] = {"docker", "podman", "containerd", "cri-o",
					       "lxc",	 "runc",   "crun",	 "nspawn",
					       "bwrap",	 "unknown"};
	for (size_t i = 0; s && i < ARRAY_SIZE(runtimes); i++)
		if (strcmp(s, runtimes[i]) == 0)
			return true;
	return false;
}
