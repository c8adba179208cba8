#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# fixes-ids.sh [--check]: make every "Fixes:" line of patches/ that names a
# commit of this series name it by the id that scripts/apply-series.sh
# gives it.  A split, a squash or a reworded message before a patch
# changes the ids of every patch after it; the subject in the Fixes: line
# does not change, so it finds the commit again.  Patches are applied one
# by one in a scratch worktree, each after its Fixes: lines are put right,
# so an id is always that of the patch as it is now written.  A Fixes: line
# whose subject is not in the series (an upstream commit) is left alone.
# --check changes nothing, lists the lines that are wrong and exits 1 if
# there are any.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

check=0
[ "${1:-}" = --check ] && check=1
tree=$(mktemp -d)/tree
git -C "$KSRC" worktree add -q --detach "$tree" base
trap 'git -C "$KSRC" worktree remove --force "$tree"; rm -rf "$(dirname "$tree")"' EXIT
# One line per wrong id (the loop below runs in a subshell of its own)
count=$(mktemp)
for p in $(series_patches); do
	f=$ROOT/patches/$p
	new=$(mktemp)
	while IFS= read -r line; do
		case "$line" in
		"Fixes: "*)
			id=${line#Fixes: }
			id=${id%% *}
			subj=$(printf '%s\n' "$line" | sed -n 's/^Fixes: [0-9a-f]* ("\(.*\)")$/\1/p')
			have=
			[ -n "$subj" ] && have=$(git -C "$tree" log --format='%H %s' base..HEAD |
				awk -v s="$subj" 'substr($0, 42) == s && !n++ { print substr($1, 1, 12) }')
			if [ -n "$have" ] && [ "$have" != "$id" ]; then
				echo "$p: Fixes: $id should be $have (\"$subj\")" >&2
				echo >> "$count"
				line="Fixes: $have (\"$subj\")"
			fi
			;;
		esac
		printf '%s\n' "$line"
	done < "$f" > "$new"
	if [ $check = 0 ] && ! cmp -s "$new" "$f"; then
		cat "$new" > "$f"
	fi
	rm -f "$new"
	name=$(sed -n 's/^From: \(.*\) <.*/\1/p;/^$/q' "$f")
	email=$(sed -n 's/^From: .*<\(.*\)>.*/\1/p;/^$/q' "$f")
	# --check applies the file as it is, as apply-series.sh would.
	GIT_COMMITTER_NAME=$name GIT_COMMITTER_EMAIL=$email \
		git -C "$tree" am -q --no-3way --committer-date-is-author-date "$f" ||
		die "patch does not apply: patches/$p"
done
wrong=$(wc -l < "$count")
rm -f "$count"
if [ $check = 1 ] && [ "$wrong" != 0 ]; then
	echo "$wrong Fixes: line(s) name a commit of the series by a stale id"
	exit 1
fi
[ $check = 1 ] || echo "Fixes: ids: $wrong line(s) put right"
