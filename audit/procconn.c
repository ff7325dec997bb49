/* The proc connector (audit/procconn.h). */
#include "config.h"

#include <errno.h>
#include <linux/cn_proc.h>
#include <linux/connector.h>
#include <linux/netlink.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lib/cleanup.h"
#include "audit/procconn.h"

/* A burst of container starts is thousands of events: room for them while an audit runs. */
#define RCVBUF (4u << 20)

static int subscribe(int fd)
{
	struct {
		struct nlmsghdr nl;
		struct cn_msg cn;
		enum proc_cn_mcast_op op;
	} __attribute__((packed)) msg;
	memset(&msg, 0, sizeof(msg));
	msg.nl.nlmsg_len = sizeof(msg);
	msg.nl.nlmsg_type = NLMSG_DONE;
	msg.nl.nlmsg_pid = 0;
	msg.cn.id.idx = CN_IDX_PROC;
	msg.cn.id.val = CN_VAL_PROC;
	msg.cn.len = sizeof(enum proc_cn_mcast_op);
	msg.op = PROC_CN_MCAST_LISTEN;
	ssize_t w = send(fd, &msg, sizeof(msg), 0);
	return w == (ssize_t)sizeof(msg) ? 0 : -errno;
}

int procconn_open(struct error *err)
{
	_cleanup_close_ int fd =
	    socket(PF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_CONNECTOR);
	if (fd < 0)
		return error_setn(err, -errno, "proc connector: socket");
	int size = RCVBUF;
	/* SO_RCVBUFFORCE passes rmem_max with CAP_NET_ADMIN; else the capped size is kept. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	struct sockaddr_nl sa = {.nl_family = AF_NETLINK, .nl_groups = CN_IDX_PROC, .nl_pid = 0};
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return error_setn(err, -errno,
				  "proc connector: bind (needs CAP_NET_ADMIN and the "
				  "initial network namespace)");
	int r = subscribe(fd);
	if (r < 0)
		return error_setn(err, r, "proc connector: subscribe");
	return TAKE_FD(fd);
}

/* One datagram's events into ev; returns how many. */
static size_t parse(const char *buf, size_t len, struct procconn_event *ev, size_t max)
{
	size_t n = 0;
	for (const struct nlmsghdr *nl = (const void *)buf; NLMSG_OK(nl, len) && n < max;
	     nl = NLMSG_NEXT(nl, len)) {
		if (nl->nlmsg_type == NLMSG_ERROR || nl->nlmsg_type == NLMSG_NOOP)
			continue;
		const struct cn_msg *cn = NLMSG_DATA(nl);
		if (cn->id.idx != CN_IDX_PROC || cn->id.val != CN_VAL_PROC ||
		    cn->len < sizeof(struct proc_event))
			continue;
		/* The event sits at offset 36 of the datagram: copied out to be aligned. */
		struct proc_event pe;
		memcpy(&pe, cn->data, sizeof(pe));
		if (pe.what == PROC_EVENT_EXEC)
			ev[n++] =
			    (struct procconn_event){PROCCONN_EXEC, pe.event_data.exec.process_pid,
						    pe.event_data.exec.process_tgid};
		else if (pe.what == PROC_EVENT_EXIT)
			ev[n++] =
			    (struct procconn_event){PROCCONN_EXIT, pe.event_data.exit.process_pid,
						    pe.event_data.exit.process_tgid};
	}
	return n;
}

int procconn_read(int fd, struct procconn_event *ev, size_t max)
{
	size_t n = 0;
	char buf[8192] __attribute__((aligned(NLMSG_ALIGNTO)));
	while (n < max) {
		struct sockaddr_nl from;
		socklen_t fl = sizeof(from);
		ssize_t r = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fl);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (r < 0)
			return -errno;
		/* Only the kernel (port 0) speaks on this group: ignore forged datagrams. */
		if (from.nl_pid != 0)
			continue;
		n += parse(buf, (size_t)r, ev + n, max - n);
	}
	return (int)n;
}
