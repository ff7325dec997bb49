/* ctguard.event/v1 lines: one line each, Falco's priorities, nanosecond RFC 3339 time, null for
 * unknown identity, hostile container names escaped. */
#include "config.h"

#include <string.h>

#include "report/event.h"
#include "tests/tap.h"

static char *line_of(const struct event *e)
{
	struct buf b = BUF_INIT;
	if (event_format(e, &b) < 0)
		return NULL;
	return buf_steal(&b);
}

int main(void)
{
	struct rule r = {.id = "R-1", .title = "a title", .pack = "p", .severity = SEV_HIGH};
	struct event e = {.type = EVENT_FINDING,
			  .time = {.tv_sec = 1764633600, .tv_nsec = 5},
			  .hostname = "h",
			  .severity = SEV_HIGH,
			  .rule = &r,
			  .evidence = "caps.effective contains CAP_SYS_ADMIN",
			  .fingerprint = "0123456789abcdef",
			  .c = {.id = "abc", .name = "web\n\x1b[31m\"x", .pid = 42}};
	char *l = line_of(&e);
	ok(l != NULL, "a finding formats");
	ok(l && strchr(l, '\n') == l + strlen(l) - 1, "one line, ending in a newline");
	ok(l && strstr(l, "\"time\":\"2025-12-02T00:00:00.000000005Z\""), "time: RFC 3339, ns");
	ok(l && strstr(l, "\"priority\":\"Error\""), "high -> Error");
	ok(l && strstr(l, "\"rule\":\"R-1\""), "rule: the rule id");
	ok(l && strstr(l, "\"container.name\":\"web\\n\\u001b[31m\\\"x\""),
	   "a hostile name is escaped");
	ok(l && strstr(l, "\"container.image.repository\":null"), "unknown image: null");
	ok(l && strstr(l, "\"tags\":[\"ctguard\",\"finding\",\"p\"]"),
	   "tags: ctguard, the event, the pack");
	free(l);

	const char *const want[SEV__COUNT] = {"Informational", "Notice", "Warning", "Error",
					      "Critical"};
	for (int s = 0; s < SEV__COUNT; s++) {
		struct event x = {.type = EVENT_CONTAINER_GONE, .severity = (enum severity)s};
		char pat[64];
		snprintf(pat, sizeof(pat), "\"priority\":\"%s\"", want[s]);
		l = line_of(&x);
		ok(l && strstr(l, pat), "%s -> %s", severity_name((enum severity)s), want[s]);
		ok(l && strstr(l, "\"rule\":\"ctguard container gone\""),
		   "  rule named for the event");
		free(l);
	}
	is_str(event_type_name(EVENT_ESCALATING_EXEC), "escalating-exec", "type names");
	return tap_done();
}
