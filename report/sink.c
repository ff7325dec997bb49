/* The event sinks (report/sink.h). The HTTP sink is one thread with libcurl's easy interface:
 * events wait in a ring of cfg->queue entries; the thread posts the oldest, retrying with
 * exponential backoff; the auditing thread only ever takes the lock to append or drop. */
#include "config.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "lib/cleanup.h"
#include "report/sink.h"

/* The HTTP queue's memory bound, whatever its length: an event is about 1 KiB, so the default
 * 1024 events stay well below it. */
#define HTTP_QUEUE_BYTES (8u << 20)

struct http_sink {
	pthread_t thread;
	bool started;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	char **ring;
	size_t *lens;
	size_t cap, head, n;
	size_t bytes; /* held in the ring, at most HTTP_QUEUE_BYTES */
	bool stop;
	CURL *curl;
	struct curl_slist *headers;
	struct sink_config cfg;
	uint64_t sent, failed_attempts, dropped_full, dropped_retries;
};

struct sinks {
	struct sink_config cfg;
	int fd; /* the file, or -1 */
	struct http_sink *http;
};

static size_t discard_body(char *p, size_t size, size_t n, void *ctx)
{
	return size * n;
}

/* One attempt; true when the receiver answered 2xx. */
static bool http_post(struct http_sink *h, const char *body, size_t len)
{
	curl_easy_setopt(h->curl, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(h->curl, CURLOPT_POSTFIELDSIZE, (long)len);
	long code = 0;
	if (curl_easy_perform(h->curl) != CURLE_OK)
		return false;
	curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, &code);
	return code >= 200 && code < 300;
}

/* Waits ms or until stop; returns true when stopping. Called with the lock held. */
static bool wait_or_stop(struct http_sink *h, unsigned ms)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += ms / 1000;
	until.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	while (!h->stop && pthread_cond_timedwait(&h->cond, &h->lock, &until) == 0)
		;
	return h->stop;
}

/* Posts the head of the ring with retries; the lock is held except during attempts. */
static void post_head(struct http_sink *h)
{
	char *body = h->ring[h->head];
	size_t len = h->lens[h->head];
	unsigned wait = h->cfg.backoff_ms;
	for (unsigned attempt = 0;; attempt++) {
		pthread_mutex_unlock(&h->lock);
		bool ok = http_post(h, body, len);
		pthread_mutex_lock(&h->lock);
		if (ok) {
			h->sent++;
			break;
		}
		h->failed_attempts++;
		if (attempt >= h->cfg.retries || wait_or_stop(h, wait)) {
			h->dropped_retries++;
			break;
		}
		wait *= 2;
	}
	free(body);
	h->bytes -= len;
	h->ring[h->head] = NULL;
	h->head = (h->head + 1) % h->cap;
	h->n--;
}

static void *http_thread(void *arg)
{
	struct http_sink *h = arg;
	pthread_mutex_lock(&h->lock);
	while (!h->stop) {
		if (h->n == 0) {
			pthread_cond_wait(&h->cond, &h->lock);
			continue;
		}
		post_head(h);
	}
	pthread_mutex_unlock(&h->lock);
	return NULL;
}

static void http_free(struct http_sink *h)
{
	if (!h)
		return;
	if (h->started) {
		pthread_mutex_lock(&h->lock);
		h->stop = true;
		pthread_cond_broadcast(&h->cond);
		pthread_mutex_unlock(&h->lock);
		pthread_join(h->thread, NULL);
	}
	for (size_t i = 0; h->ring && i < h->n; i++)
		free(h->ring[(h->head + i) % h->cap]);
	free(h->ring);
	free(h->lens);
	curl_slist_free_all(h->headers);
	if (h->curl)
		curl_easy_cleanup(h->curl);
	pthread_cond_destroy(&h->cond);
	pthread_mutex_destroy(&h->lock);
	free(h);
}

static int http_open(struct http_sink **out, const struct sink_config *cfg, struct error *err)
{
	struct http_sink *h = calloc(1, sizeof(*h));
	if (!h)
		return error_set(err, -ENOMEM, "out of memory");
	pthread_mutex_init(&h->lock, NULL);
	pthread_cond_init(&h->cond, NULL);
	h->cfg = *cfg;
	h->cap = cfg->queue;
	h->ring = calloc(h->cap, sizeof(*h->ring));
	h->lens = calloc(h->cap, sizeof(*h->lens));
	h->curl = curl_easy_init();
	h->headers = curl_slist_append(NULL, "Content-Type: application/json");
	if (!h->ring || !h->lens || !h->curl || !h->headers) {
		http_free(h);
		return error_set(err, -ENOMEM, "cannot set up the HTTP sink");
	}
	curl_easy_setopt(h->curl, CURLOPT_URL, cfg->url);
	curl_easy_setopt(h->curl, CURLOPT_HTTPHEADER, h->headers);
	curl_easy_setopt(h->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h->curl, CURLOPT_TIMEOUT_MS, (long)cfg->timeout_ms);
	curl_easy_setopt(h->curl, CURLOPT_CONNECTTIMEOUT_MS, (long)cfg->timeout_ms);
	curl_easy_setopt(h->curl, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h->curl, CURLOPT_WRITEFUNCTION, discard_body);
	int r = pthread_create(&h->thread, NULL, http_thread, h);
	if (r != 0) {
		http_free(h);
		return error_set(err, -r, "cannot start the HTTP sink's thread");
	}
	h->started = true;
	*out = h;
	return 0;
}

/* Queues a copy of line; a full queue drops it (counted). */
static void http_push(struct http_sink *h, const char *line, size_t len)
{
	char *copy = strndup(line, len);
	pthread_mutex_lock(&h->lock);
	if (!copy || h->n == h->cap || h->bytes + len > HTTP_QUEUE_BYTES) {
		h->dropped_full++;
		free(copy);
	} else {
		size_t i = (h->head + h->n) % h->cap;
		h->ring[i] = copy;
		h->lens[i] = len;
		h->bytes += len;
		h->n++;
		pthread_cond_signal(&h->cond);
	}
	pthread_mutex_unlock(&h->lock);
}

static int open_file(const char *path, struct error *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOCTTY, 0640);
	if (fd < 0)
		return error_setn(err, -errno, "cannot open '%s'", path);
	return fd;
}

int sinks_open(struct sinks **out, const struct sink_config *cfg, struct error *err)
{
	_cleanup_free_ struct sinks *s = calloc(1, sizeof(*s));
	if (!s)
		return error_set(err, -ENOMEM, "out of memory");
	s->cfg = *cfg;
	s->fd = -1;
	if (!s->cfg.queue)
		s->cfg.queue = SINK_HTTP_QUEUE_DEFAULT;
	if (!s->cfg.timeout_ms)
		s->cfg.timeout_ms = 2000;
	if (!s->cfg.backoff_ms)
		s->cfg.backoff_ms = 100;
	if (cfg->file && (s->fd = open_file(cfg->file, err)) < 0)
		return s->fd;
	int r;
	if (cfg->url && (r = http_open(&s->http, &s->cfg, err)) < 0) {
		if (s->fd >= 0)
			close(s->fd);
		return r;
	}
	if (cfg->to_syslog)
		openlog("ctguard", LOG_PID | LOG_NDELAY, LOG_DAEMON);
	*out = TAKE_PTR(s);
	return 0;
}

static int write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t w = write(fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -errno;
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

int sinks_emit(struct sinks *s, const char *line, size_t len, int syslog_priority)
{
	int r = 0, e;
	if (s->cfg.to_stdout && (e = write_all(STDOUT_FILENO, line, len)) < 0)
		r = e;
	if (s->fd >= 0 && (e = write_all(s->fd, line, len)) < 0)
		r = e;
	if (s->cfg.to_syslog)
		syslog(LOG_DAEMON | syslog_priority, "%.*s",
		       (int)(len && line[len - 1] == '\n' ? len - 1 : len), line);
	if (s->http)
		http_push(s->http, line, len);
	return r;
}

int sinks_reopen(struct sinks *s, struct error *err)
{
	if (!s->cfg.file)
		return 0;
	int fd = open_file(s->cfg.file, err);
	if (fd < 0)
		return fd;
	if (s->fd >= 0)
		close(s->fd);
	s->fd = fd;
	return 0;
}

void sinks_stats(struct sinks *s, struct sink_stats *out)
{
	*out = (struct sink_stats){0};
	struct http_sink *h = s ? s->http : NULL;
	if (!h)
		return;
	pthread_mutex_lock(&h->lock);
	out->http_sent = h->sent;
	out->http_failed_attempts = h->failed_attempts;
	out->dropped_queue_full = h->dropped_full;
	out->dropped_after_retries = h->dropped_retries;
	out->queued = h->n;
	pthread_mutex_unlock(&h->lock);
}

void sinks_close(struct sinks *s)
{
	if (!s)
		return;
	http_free(s->http);
	if (s->fd >= 0)
		close(s->fd);
	if (s->cfg.to_syslog)
		closelog();
	free(s);
}
