/* The metrics endpoint (report/metricsd.h). */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "lib/cleanup.h"
#include "report/metricsd.h"

#define CONTENT_TYPE "text/plain; version=0.0.4; charset=utf-8"

struct metricsd {
	struct MHD_Daemon *d;
	pthread_mutex_t lock;
	char *text;
	size_t len;
	bool ready;
	metricsd_live_fn live;
	void *ctx;
};

static enum MHD_Result reply(struct MHD_Connection *conn, unsigned status, char *body, size_t len,
			     const char *type)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (!r) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	enum MHD_Result ret = MHD_queue_response(conn, status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result reply_text(struct MHD_Connection *conn, unsigned status, const char *s)
{
	char *body = strdup(s);
	return body ? reply(conn, status, body, strlen(body), "text/plain; charset=utf-8") : MHD_NO;
}

static enum MHD_Result serve_metrics(struct metricsd *m, struct MHD_Connection *conn)
{
	_cleanup_buf_ struct buf b = BUF_INIT;
	pthread_mutex_lock(&m->lock);
	bool ready = m->ready;
	int r = ready ? buf_append(&b, m->text, m->len) : 0;
	pthread_mutex_unlock(&m->lock);
	if (!ready)
		return reply_text(conn, MHD_HTTP_SERVICE_UNAVAILABLE, "the first audit runs\n");
	if (r < 0 || (m->live && m->live(&b, m->ctx) < 0))
		return reply_text(conn, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory\n");
	size_t len = b.len;
	return reply(conn, MHD_HTTP_OK, buf_steal(&b), len, CONTENT_TYPE);
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *conn, const char *url,
			       const char *method, const char *version, const char *upload,
			       size_t *upload_size, void **state)
{
	struct metricsd *m = cls;
	if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 && strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
		return reply_text(conn, MHD_HTTP_METHOD_NOT_ALLOWED, "GET or HEAD only\n");
	if (strcmp(url, "/metrics") == 0)
		return serve_metrics(m, conn);
	if (strcmp(url, "/healthz") == 0) {
		pthread_mutex_lock(&m->lock);
		bool ready = m->ready;
		pthread_mutex_unlock(&m->lock);
		return ready ? reply_text(conn, MHD_HTTP_OK, "ok\n")
			     : reply_text(conn, MHD_HTTP_SERVICE_UNAVAILABLE, "starting\n");
	}
	return reply_text(conn, MHD_HTTP_NOT_FOUND, "not found: try /metrics or /healthz\n");
}

/* "ADDR:PORT", "[ADDR6]:PORT" or ":PORT" into ss. */
static int parse_listen(const char *s, struct sockaddr_storage *ss, struct error *err)
{
	const char *colon = strrchr(s, ':');
	char host[64];
	if (!colon || (size_t)(colon - s) >= sizeof(host))
		return error_set(err, -EINVAL, "'%s' is not ADDR:PORT", s);
	char *end;
	unsigned long port = strtoul(colon + 1, &end, 10);
	if (!colon[1] || *end || port == 0 || port > 65535)
		return error_set(err, -EINVAL, "'%s': bad port", s);
	memcpy(host, s, (size_t)(colon - s));
	host[colon - s] = '\0';
	memset(ss, 0, sizeof(*ss));
	struct sockaddr_in *in4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
	size_t hl = strlen(host);
	if (hl >= 2 && host[0] == '[' && host[hl - 1] == ']') {
		host[hl - 1] = '\0';
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((uint16_t)port);
		if (inet_pton(AF_INET6, host + 1, &in6->sin6_addr) != 1)
			return error_set(err, -EINVAL, "'%s': bad IPv6 address", s);
		return 0;
	}
	in4->sin_family = AF_INET;
	in4->sin_port = htons((uint16_t)port);
	if (hl == 0)
		in4->sin_addr.s_addr = htonl(INADDR_ANY);
	else if (inet_pton(AF_INET, host, &in4->sin_addr) != 1)
		return error_set(err, -EINVAL, "'%s': bad IPv4 address (IPv6: [ADDR]:PORT)", s);
	return 0;
}

int metricsd_start(struct metricsd **out, const char *listen, metricsd_live_fn live, void *ctx,
		   struct error *err)
{
	struct sockaddr_storage ss;
	int r = parse_listen(listen, &ss, err);
	if (r < 0)
		return r;
	struct metricsd *m = calloc(1, sizeof(*m));
	if (!m)
		return error_set(err, -ENOMEM, "out of memory");
	pthread_mutex_init(&m->lock, NULL);
	m->live = live;
	m->ctx = ctx;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL_INTERNAL_THREAD;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	uint16_t port = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
						       : ((struct sockaddr_in *)&ss)->sin_port);
	/* Bounded: a scraper needs one or two connections; slow clients are cut off. */
	m->d = MHD_start_daemon(flags, port, NULL, NULL, handler, m, MHD_OPTION_SOCK_ADDR,
				(struct sockaddr *)&ss, MHD_OPTION_CONNECTION_LIMIT, 32u,
				MHD_OPTION_PER_IP_CONNECTION_LIMIT, 8u,
				MHD_OPTION_CONNECTION_TIMEOUT, 10u, MHD_OPTION_END);
	if (!m->d) {
		pthread_mutex_destroy(&m->lock);
		free(m);
		return error_set(err, -EADDRINUSE,
				 "cannot listen on '%s' (in use, or not an "
				 "address of this host)",
				 listen);
	}
	*out = m;
	return 0;
}

void metricsd_publish(struct metricsd *m, char *text, size_t len)
{
	pthread_mutex_lock(&m->lock);
	free(m->text);
	m->text = text;
	m->len = len;
	m->ready = true;
	pthread_mutex_unlock(&m->lock);
}

void metricsd_stop(struct metricsd *m)
{
	if (!m)
		return;
	MHD_stop_daemon(m->d);
	pthread_mutex_destroy(&m->lock);
	free(m->text);
	free(m);
}
