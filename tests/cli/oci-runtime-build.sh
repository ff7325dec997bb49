#!/bin/bash
# ctguard-runtime runs on every container start, so it is a program of its own: linked with the
# gate's objects and libraries only (not libcurl or libmicrohttpd, whose loading and
# constructors cost more than the gate itself: 14 M of 18.6 M instructions before exec, and
# ~30 ms of CPU under load, bench/README.md) and static-pie where configure could link it so.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
t_need_cmd readelf

RT="$top_builddir/ctguard-runtime"
[ -x "$RT" ] || t_skip_all "ctguard-runtime is not built (make builds it)"

t_ok "ctguard-runtime is a program of its own, not a symlink to ctguard" test ! -L "$RT"
needed=$(readelf -d "$RT" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')
t_unlike "$needed" 'libcurl|libmicrohttpd|gnutls|libssl' \
	"ctguard-runtime does not load the libraries of ctguard watch (needs: ${needed:-none})"
rtsyms=$(readelf -Ws "$RT" 2>/dev/null | awk '{print $8}')
t_unlike "$(grep -E '^(curl_|MHD_)' <<<"$rtsyms" | head -3)" '.' \
	"ctguard-runtime links no libcurl or libmicrohttpd symbol"

# configure's choice (Makefile) and the binary agree: static-pie means no program interpreter
# and no shared library at all; a dynamic wrapper only where static linking is not wanted
# (sanitizers, --disable-static-binary) or the probe failed, which configure reports.
t_linking "$RT" RT_STATIC_LDFLAGS ctguard-runtime
"$RT" --ctguard-help >/dev/null 2>&1
t_is "$?" 0 "the program runs (--ctguard-help)"
t_done
