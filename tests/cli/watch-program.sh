#!/bin/bash
# `ctguard watch` is the program ctguard-watch, the only one linked with libcurl and
# libmicrohttpd: ctguard itself loads neither (their ~40 libraries cost every audit and inspect
# about 6 MiB of resident pages, bench/README.md) and links static-pie where configure could.
# ctguard execs ctguard-watch in place (same pid), from its own directory first.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
t_need_cmd readelf

W="$top_builddir/ctguard-watch"
[ -x "$W" ] || t_skip_all "ctguard-watch is not built (make builds it)"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

needs() { readelf -d "$1" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' '; }
needed=$(needs "$CTGUARD")
t_unlike "$needed" 'libcurl|libmicrohttpd|gnutls|libssl|libnettle|libkrb5' \
	"ctguard does not load the libraries of ctguard watch (needs: ${needed:-none})"
t_unlike "$(readelf -Ws "$CTGUARD" 2>/dev/null | awk '{print $8}' | grep -E '^(curl_|MHD_)' | head -3)" '.' \
	"ctguard links no libcurl or libmicrohttpd symbol"
wneeded=$(needs "$W")
t_like "$wneeded" 'libmicrohttpd' "ctguard-watch links libmicrohttpd (/metrics)"
t_like "$wneeded" 'libcurl' "ctguard-watch links libcurl (the HTTP sink)"

# configure's choice for ctguard (Makefile) and the binary agree, as for ctguard-runtime.
t_linking "$CTGUARD" STATIC_LDFLAGS ctguard

# The same usage whichever way it is asked for.
u1=$("$CTGUARD" watch --help)
t_is "$?" 0 "ctguard watch --help runs ctguard-watch"
t_like "$u1" '^Usage: ctguard watch ' "... and prints the watch usage"
t_is "$("$W" --help)" "$u1" "ctguard-watch --help prints the same"
t_is "$("$CTGUARD" help watch)" "$u1" "ctguard help watch prints the same (without running ctguard-watch)"
out=$("$CTGUARD" watch --rescan nope 2>&1)
t_is "$?" 2 "a bad option reaches ctguard-watch's own parser (exit 2)"
t_like "$out" "--rescan takes a number" "... with its message"

# Arguments go through unchanged and in order, spaces and all, to the ctguard-watch beside the
# binary that runs (a copy of ctguard next to a stand-in).
mkdir "$T/a"
cp "$CTGUARD" "$T/a/ctguard"
printf '#!/bin/sh\necho "argv0=$0"\nfor a; do echo "[$a]"; done\necho "pid=$$"\n' >"$T/a/ctguard-watch"
chmod 755 "$T/a/ctguard-watch"
out=$("$T/a/ctguard" watch --events "$T/x y" -p cis-docker '' 2>&1)
t_is "$out" "$(printf 'argv0=%s\n[--events]\n[%s]\n[-p]\n[cis-docker]\n[]' "$T/a/ctguard-watch" "$T/x y")$(printf '\npid=')$(sed -n 's/^pid=//p' <<<"$out")" \
	"the ctguard-watch beside ctguard gets every argument, in order"
# exec in place: the process that runs ctguard-watch is the one that was started as ctguard
# (systemd's MAINPID, the signals a supervisor sends)
"$T/a/ctguard" watch >"$T/pid.out" 2>&1 &
p=$!
wait "$p"
t_is "$(sed -n 's/^pid=//p' "$T/pid.out")" "$p" "ctguard watch execs ctguard-watch in place (same pid)"

# Not there: a clear error naming where it looked, status 3 (as any program that cannot run).
mkdir "$T/b"
cp "$CTGUARD" "$T/b/ctguard"
sbindir=$(sed -n 's/^sbindir = *//p' "$top_builddir/Makefile")
prefix=$(sed -n 's/^prefix = *//p' "$top_builddir/Makefile")
exec_prefix=$(sed -n 's/^exec_prefix = *//p' "$top_builddir/Makefile")
sbindir=${sbindir//'${exec_prefix}'/$exec_prefix}
sbindir=${sbindir//'${prefix}'/$prefix}
out=$("$T/b/ctguard" watch --help 2>&1)
st=$?
if [ -x "$sbindir/ctguard-watch" ]; then
	t_like "$st:$out" '^0:Usage: ctguard watch' "no ctguard-watch beside it: the installed one in $sbindir runs"
else
	t_is "$st" 3 "no ctguard-watch beside it nor in $sbindir: status 3"
	t_like "$out" "cannot run ctguard-watch \\($T/b/ctguard-watch, $sbindir/ctguard-watch\\): No such file" \
		"... naming both places it looked"
fi
# Present but not executable: the reason is said, and no other copy is run in its place.
mkdir "$T/c"
cp "$CTGUARD" "$T/c/ctguard"
printf '#!/bin/sh\necho ran\n' >"$T/c/ctguard-watch"
chmod 644 "$T/c/ctguard-watch"
out=$("$T/c/ctguard" watch 2>&1)
t_like "$?:$out" "^3:.*refusing to run $T/c/ctguard-watch: Permission denied" \
	"a non-executable ctguard-watch beside it: status 3, 'Permission denied', nothing else run"
# ctguard runs as root: a ctguard-watch that someone else could have put or changed beside it
# (a copy of ctguard run from a shared directory) is refused, not run.
refused() { # REASON NAME: ctguard watch exits 3 saying it refuses $T/c/ctguard-watch for REASON
	local out
	out=$("$T/c/ctguard" watch 2>&1)
	t_like "$?:$out" "^3:.*refusing to run $T/c/ctguard-watch: $1" "$2"
}
chmod 755 "$T/c/ctguard-watch"
chown 65534 "$T/c/ctguard-watch"
refused "not owned by root" "a ctguard-watch owned by another user: refused (status 3)"
chown 0 "$T/c/ctguard-watch"
chmod 775 "$T/c/ctguard-watch"
refused "writable by its group or others" "a group-writable ctguard-watch: refused"
chmod 755 "$T/c/ctguard-watch"
chmod 777 "$T/c"
refused "in a directory others may write to" \
	"in a world-writable directory (not sticky): refused (the file could be swapped)"
chmod 1777 "$T/c"
t_is "$("$T/c/ctguard" watch 2>&1)" ran "in a sticky world-writable directory, root's own file runs (only root may replace it)"
chmod 700 "$T/c"
t_is "$("$T/c/ctguard" watch 2>&1)" ran "back in a private directory: runs"
t_done
