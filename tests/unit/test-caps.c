/* Capability names and masks. */
#include "config.h"

#include "kernel/caps.h"
#include "lib/cleanup.h"
#include "tests/tap.h"

int main(void)
{
	is_str(caps_name(0), "CAP_CHOWN", "bit 0");
	is_str(caps_name(21), "CAP_SYS_ADMIN", "bit 21");
	is_str(caps_name(40), "CAP_CHECKPOINT_RESTORE", "bit 40");
	ok(caps_name(41) == NULL, "bit 41 has no name in this build");
	is_int(caps_from_name("CAP_SYS_ADMIN"), 21, "name to number");
	is_int(caps_from_name("net_bind_service"), 10, "lower case without prefix");
	is_int(caps_from_name("CAP_NOPE"), -1, "unknown name");
	uint64_t m;
	is_int(caps_parse_mask("00000000800405fb", &m), 0, "mask parses");
	ok(m == 0x800405fbULL, "mask value");
	is_int(caps_parse_mask("xyz", &m), -22, "bad mask");
	struct strv l = STRV_INIT;
	caps_mask_to_strv(0x800405fbULL, &l);
	_cleanup_free_ char *j = strv_join(&l, " ");
	is_str(j,
	       "CAP_CHOWN CAP_DAC_OVERRIDE CAP_FOWNER CAP_FSETID CAP_KILL CAP_SETGID CAP_SETUID "
	       "CAP_SETPCAP CAP_NET_BIND_SERVICE CAP_SYS_CHROOT CAP_SETFCAP",
	       "podman default set by name");
	strv_free(&l);
	caps_mask_to_strv(1ULL << 45, &l);
	is_str(l.v[0], "CAP_45", "unknown bit named by number");
	strv_free(&l);
	ok(caps_all_mask(40) == 0x1ffffffffffULL, "all mask for cap_last_cap 40");
	ok(caps_all_mask(63) == ~0ULL, "all mask for 63");
	char bad[64] = "";
	uint64_t mask = 1;
	is_int(caps_parse_list("CAP_CHOWN,net_bind_service", &mask, bad, sizeof(bad)), 0,
	       "list parses");
	ok(mask == ((1ULL << 0) | (1ULL << 10)), "list mask");
	is_int(caps_parse_list("none", &mask, bad, sizeof(bad)), 0, "none parses");
	ok(mask == 0, "none is empty");
	is_int(caps_parse_list("CHOWN,SYS_ADMN", &mask, bad, sizeof(bad)), -22,
	       "unknown name refused");
	is_str(bad, "SYS_ADMN", "the unknown name is reported");
	is_int(caps_parse_list("CHOWN,,KILL", &mask, bad, sizeof(bad)), -22, "empty item refused");
	return tap_done();
}
