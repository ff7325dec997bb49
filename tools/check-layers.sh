#!/bin/sh
# make check-layers: the folders' dependency order, checked.
#   tools/check-layers.sh SRCDIR                       #include lines against the matrix
#   tools/check-layers.sh SRCDIR --calls OBJECT...     and no call cycle between source files
# The matrix is the ```layers block of ARCHITECTURE.md: "folder: the folders it may include".
# A folder may include itself and "config.h"; a folder may list only folders above it in the
# block, so the order has no cycle. Exit 1 with one line per violation.
set -eu
srcdir=$1
shift
doc=$srcdir/ARCHITECTURE.md
matrix=$(sed -n '/^```layers$/,/^```$/p' "$doc" | sed '1d;$d')
[ -n "$matrix" ] || {
	echo "check-layers: no \`\`\`layers block in $doc" >&2
	exit 1
}
bad=0
say() {
	echo "check-layers: $*" >&2
	bad=1
}
# The order itself: each folder lists only folders defined above it.
seen=" "
while IFS=: read -r folder deps; do
	for d in $deps; do
		case $seen in *" $d "*) ;; *) say "ARCHITECTURE.md: '$folder' may include '$d', which is not above it" ;; esac
	done
	seen="$seen$folder "
done <<EOM
$matrix
EOM
allowed() { # allowed FROM TO
	[ "$1" = "$2" ] && return 0
	printf '%s\n' "$matrix" | while IFS=: read -r folder deps; do
		if [ "$folder" = "$1" ]; then
			case " $deps " in *" $2 "*) echo yes ;; esac
		fi
	done | grep -q yes
}
folder_of() { # the layer of a source path: its first component, or "." for top-level files
	case $1 in */*) echo "${1%%/*}" ;; *) echo . ;; esac
}
files=$(cd "$srcdir" && for f in $(printf '%s\n' "$matrix" | cut -d: -f1); do
	if [ "$f" = . ]; then ls ./*.c ./*.h 2>/dev/null | sed 's|^\./||'; else find "$f" -name '*.[ch]' 2>/dev/null; fi
done)
for f in $files; do
	from=$(folder_of "$f")
	case $f in tests/fuzz/out/*) continue ;; esac
	# shellcheck disable=SC2013
	for inc in $(sed -n 's/^[ \t]*#[ \t]*include[ \t]*"\([^"]*\)".*/\1/p' "$srcdir/$f"); do
		case $inc in */*) ;; *) continue ;; esac
		to=${inc%%/*}
		printf '%s\n' "$matrix" | cut -d: -f1 | grep -qx "$to" || {
			say "$f includes $inc: '$to' is no folder of the matrix"
			continue
		}
		allowed "$from" "$to" || say "$f includes $inc: '$from' may not include '$to' (ARCHITECTURE.md)"
	done
done
if [ "${1:-}" = --calls ]; then
	shift
	# file -> file edges: an object using a symbol another object defines. tsort(1) reports
	# any loop (a call cycle between files).
	defs=$(mktemp)
	uses=$(mktemp)
	trap 'rm -f "$defs" "$uses"' EXIT
	for o in "$@"; do
		nm -P --defined-only "$o" | awk -v o="$o" '$2 ~ /^[TDBRVW]$/ {print $1, o}'
		# shellcheck disable=SC2094
	done | sort -k1,1 >"$defs"
	for o in "$@"; do
		nm -P --undefined-only "$o" | awk -v o="$o" '{print $1, o}'
	done | sort -k1,1 >"$uses"
	loops=$(join "$uses" "$defs" | awk '$2 != $3 {print $2, $3}' | sort -u | tsort 2>&1 >/dev/null || true)
	if [ -n "$loops" ]; then
		say "call cycle between files (tsort: each loop's members):"
		printf '%s\n' "$loops" | sed 's/^tsort: /  /' >&2
	fi
fi
exit $bad
