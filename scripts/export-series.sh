#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Write patches/ back from the commits base..HEAD of the developer tree.
# Output is stable: zeroed From lines, no signature, and the # headings of
# patches/series are kept (a new patch joins the heading of the patch
# before it).  A round trip with no edits changes nothing.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

tree=${1:-$KSRC}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
git -C "$tree" format-patch -q --zero-commit --no-signature --no-cover-letter \
	--subject-prefix=PATCH -N -o "$tmp/p" base..HEAD
mkdir -p "$tmp/p"

# Heading for each patch, keyed by the file name without its number.
old=$ROOT/patches/series
declare -A heading
if [ -f "$old" ]; then
	h=
	while IFS= read -r line; do
		case "$line" in
		'#'*) h=$line ;;
		*.patch) heading[${line#[0-9][0-9][0-9][0-9]-}]=$h ;;
		esac
	done < "$old"
	first_heading=$(grep -m1 '^#' "$old" || true)
fi

{
	cur=
	prev=${first_heading:-# patches}
	for f in $(cd "$tmp/p" && ls | sort); do
		h=${heading[${f#[0-9][0-9][0-9][0-9]-}]:-$prev}
		if [ "$h" != "$cur" ]; then
			[ -n "$cur" ] && echo
			echo "$h"
			cur=$h
		fi
		echo "$f"
		prev=$h
	done
	# Keep headings of an empty series so the file still tells the plan.
	if [ -z "$(ls "$tmp/p")" ] && [ -f "$old" ]; then grep '^#' "$old"; fi
} > "$tmp/series.new"

# Debian's source tree ignores "/*", so a new file is in no commit until
# "git add -f"; say so rather than export a series without it.
stray=$(git -C "$tree" ls-files --others --ignored --exclude-standard | head -10)
[ -z "$stray" ] || log "warning: ignored files in $tree not in any commit (git add -f them if they belong to the series):
$stray"

rm -f "$ROOT"/patches/*.patch
for f in "$tmp"/p/*.patch; do
	[ -e "$f" ] && mv "$f" "$ROOT/patches/"
done
mv "$tmp/series.new" "$ROOT/patches/series"
log "exported $(series_patches | wc -l) patch(es) to patches/"
