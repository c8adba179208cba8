#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run the base tree's scripts/checkpatch.pl --strict on every patch in
# patches/series.  Any ERROR, WARNING or CHECK fails, except the types in
# scripts/checkpatch-ignore.txt (each listed there with its reason).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

cp=$WORKTREES/base/scripts/checkpatch.pl
[ -f "$cp" ] || die "no checkpatch.pl; run scripts/prepare-trees.sh"
ignore=$(sed -e 's/#.*//' "$ROOT/scripts/checkpatch-ignore.txt" | awk 'NF { printf "%s%s", s, $1; s = "," }')
bad=0 n=0
for p in $(series_patches); do
	n=$((n + 1))
	out=$(cd "$WORKTREES/base" && perl "$cp" --strict --terse --show-types \
		${ignore:+--ignore "$ignore"} "$ROOT/patches/$p" 2>&1) || true
	if echo "$out" | grep -qE ': (ERROR|WARNING|CHECK):'; then
		echo "$out" | grep -E ': (ERROR|WARNING|CHECK):' >&2
		bad=$((bad + 1))
	fi
done
echo "checkpatch --strict: $n patch(es), $bad with findings"
[ $bad = 0 ]
