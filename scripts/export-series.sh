#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Write patches/ back from the commits base..HEAD of the developer tree.
# Output is stable: zeroed From lines, no signature, and the # headings of
# patches/series are kept (a new patch joins the heading of the patch
# before it).  A round trip with no edits changes nothing.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

tree=${1:-$KSRC}
# Nothing to export is an error, not an empty series (make tree puts the
# series on base in $KSRC).
[ -n "$(git -C "$tree" rev-list base..HEAD)" ] ||
	die "$tree has no commits on top of base: nothing to export (make tree, or pass the tree that has the series)"
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

# The cover letter, in git format-patch --cover-letter form: subject and
# text from docs/cover-letter.txt, whose directive lines are filled in
# from files in the repository (never typed in):
#   @@base@@          the Debian package and the upstream 6.1.y it is
#   @@table FILE N@@  the Nth markdown table of FILE (bench/results.md)
#   @@result NAME@@   results/NAME.txt, as "make results" committed it
# and git's shortlog, diffstat and base-commit: after it.  Its date and
# sender are the last patch's, so that an export with no edits writes
# the same file.  It is not in patches/series: git am takes patches only.
#
# A result or table is pasted only if it was recorded on the series being
# exported: the "(series ID)" of its record line (scripts/record.sh) is
# series_id of the patches written here.  Otherwise one line takes its
# place, naming the series it last ran on; with STRICT=1 the export fails
# instead, naming the file (the release check).
cp "$tmp/series.new" "$tmp/p/series"
export_id=$(series_id "$tmp/p")
rm "$tmp/p/series"
stale_block() { # FILE DIRECTIVE
	local rec id n date what=${2#@@}
	what=${what%@@}
	rec=$(result_series "$1")
	[ -n "$rec" ] && [ "${rec%% *}" = "$export_id" ] && return 1
	[ "${STRICT:-0}" = 1 ] && die "cover letter: ${1#"$ROOT"/} was not recorded on this series ($export_id): rerun its target, make results, or export without STRICT=1"
	if [ -n "$rec" ]; then
		read -r id n date <<< "$rec"
		echo "  [$what: last run $date on $n patches (series $id); not measured on this revision ($export_id)]"
	else
		echo "  [$what: ${1#"$ROOT"/} names no series; not measured on this revision ($export_id)]"
	fi
	log "cover letter: ${1#"$ROOT"/} is stale: one line in its place"
}
cover_text() {
	local src=$1 line ver f
	ver=$(git -C "$tree" log -1 --format=%s base | sed -n 's/^base: Debian [^ ]* //p')
	[ -n "$ver" ] || die "cover letter: base's subject names no Debian version"
	tail -n +3 "$src" | while IFS= read -r line; do
		case "$line" in
		@@base@@)
			echo "Debian's $SOURCE_PKG $ver (upstream v${ver%%-*} with Debian's patches)." ;;
		"@@table "*@@)
			set -- ${line#@@table }
			f=$ROOT/$1
			[ -f "$f" ] || die "cover letter: no $1"
			stale_block "$f" "$line" && continue
			awk -v want="${2%@@}" '
				/^\|/ { if (!t) { t = 1; k++ } if (k == want) print; next }
				{ t = 0 }' "$f" ;;
		"@@result "*@@)
			f=${line#@@result }
			f=$ROOT/results/${f%@@}.txt
			[ -f "$f" ] || die "cover letter: no ${f#"$ROOT"/} (make results, then commit it)"
			stale_block "$f" "$line" && continue
			sed 's/^/  /' "$f" ;;
		@@*)
			die "cover letter: unknown directive: $line" ;;
		*)
			printf '%s\n' "$line" ;;
		esac
	done
}
cover=
if [ -f "$ROOT/docs/cover-letter.txt" ]; then
	mkdir -p "$tmp/c"
	cover_text "$ROOT/docs/cover-letter.txt" > "$tmp/c/text"
	GIT_COMMITTER_DATE=@$(git -C "$tree" log -1 --format='%ad' --date=raw HEAD) \
	GIT_COMMITTER_NAME=$(git -C "$tree" log -1 --format='%an' HEAD) \
	GIT_COMMITTER_EMAIL=$(git -C "$tree" log -1 --format='%ae' HEAD) \
		git -C "$tree" format-patch -q --cover-letter --zero-commit --no-signature \
		--subject-prefix=PATCH --base=base -o "$tmp/c/p" base..HEAD
	subject=$(head -1 "$ROOT/docs/cover-letter.txt")
	cover=$tmp/c/0000-cover-letter.patch
	awk -v subj="$subject" -v text="$tmp/c/text" '
		/\*\*\* SUBJECT HERE \*\*\*/ && !s { sub(/\*\*\* SUBJECT HERE \*\*\*/, subj); s = 1 }
		/^\*\*\* BLURB HERE \*\*\*$/ && !b {
			while ((getline l < text) > 0) print l
			b = 1; next
		}
		{ print }' "$tmp/c/p/0000-cover-letter.patch" > "$cover"
fi

rm -f "$ROOT"/patches/*.patch
[ -z "$cover" ] || mv "$cover" "$ROOT/patches/0000-cover-letter.patch"
for f in "$tmp"/p/*.patch; do
	[ -e "$f" ] && mv "$f" "$ROOT/patches/"
done
mv "$tmp/series.new" "$ROOT/patches/series"
log "exported $(series_patches | wc -l) patch(es) to patches/"
