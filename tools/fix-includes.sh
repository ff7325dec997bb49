#!/bin/sh
# Rewrites the #include "..." lines (and Makefile/.mk source lists) of the given files from the
# old layout to the new one, by tools/layers-map.txt (old path -> new path). Idempotent.
#   tools/fix-includes.sh FILE...          rewrite in place
#   tools/fix-includes.sh -n FILE...       only list the files that would change
# Used to bring code written against the old layout (another branch's new files) over.
set -e
here=$(dirname "$0")
map=$here/layers-map.txt
dry=
if [ "$1" = -n ]; then
	dry=1
	shift
fi
script=$(mktemp)
trap 'rm -f "$script"' EXIT
# One sed substitution per moved file, for #include lines and for source lists in *.mk/*.am.
grep -v '^#' "$map" | while read -r old new; do
	[ -n "$old" ] || continue
	o=$(printf '%s' "$old" | sed 's/[.]/\\./g')
	printf 's|^\\(#[ \\t]*include[ \\t]*"\\)%s"|\\1%s"|\n' "$o" "$new"
	case $old in
	*.c | *.h) printf 's|\\([ \\t=]\\)%s\\([ \\t\\\\]\\)|\\1%s\\2|g\n' "$o" "$new"
		printf 's|\\([ \\t=]\\)%s$|\\1%s|\n' "$o" "$new" ;;
	esac
done >"$script"
for f in "$@"; do
	if [ -n "$dry" ]; then
		sed -f "$script" "$f" | cmp -s - "$f" || echo "$f"
	else
		sed -i -f "$script" "$f"
	fi
done
