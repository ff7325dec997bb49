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
files=$(cd "$srcdir" && for f in $(printf '%s\n' "$matrix" | cut -d: -f1); do
	if [ "$f" = . ]; then
		for x in ./*.c ./*.h; do [ -f "$x" ] && echo "${x#./}"; done
	elif [ -d "$f" ]; then
		find "$f" -name '*.[ch]' ! -path 'tests/fuzz/out/*'
	fi
done || true)
# Every '#include "FOLDER/..."' line as FILE:LINE, judged against the matrix in one awk pass.
# shellcheck disable=SC2086
(cd "$srcdir" && printf '%s\n' $files | xargs grep -H '^[ 	]*#[ 	]*include[ 	]*"[^"]*/' /dev/null) |
	awk -v matrix="$matrix" '
	BEGIN {
		n = split(matrix, lines, "\n")
		for (i = 1; i <= n; i++) {
			split(lines[i], kv, ":")
			known[kv[1]] = 1
			m = split(kv[2], d, " ")
			for (j = 1; j <= m; j++)
				ok[kv[1], d[j]] = 1
		}
	}
	{
		file = $0; sub(/:.*/, "", file)
		inc = substr($0, length(file) + 2); sub(/^[^"]*"/, "", inc); sub(/".*/, "", inc)
		from = index(file, "/") ? substr(file, 1, index(file, "/") - 1) : "."
		to = substr(inc, 1, index(inc, "/") - 1)
		if (!(to in known)) {
			printf "check-layers: %s includes %s: \047%s\047 is no folder of the matrix\n", file, inc, to
			bad = 1
		} else if (from != to && !((from, to) in ok)) {
			printf "check-layers: %s includes %s: \047%s\047 may not include \047%s\047 (ARCHITECTURE.md)\n", file, inc, from, to
			bad = 1
		}
	}
	END { exit bad }' >&2 || bad=1
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
