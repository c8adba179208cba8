#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run the base tree's scripts/checkpatch.pl --strict on every patch in
# patches/series.  Any ERROR, WARNING or CHECK fails, except the types in
# scripts/checkpatch-ignore.txt (each listed there with its reason).
# checkpatch.pl exits 0 when it finds nothing and 1 when it reports a
# finding; any other exit (255: perl died; 2: not run in a kernel tree;
# 127: no perl), or 1 with no finding in its output (an option it does
# not know, a perl too old), is an error, and so is a missing
# checkpatch.pl: the stage fails, naming the patch.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

cp=$WORKTREES/base/scripts/checkpatch.pl
[ -f "$cp" ] || die "no checkpatch.pl; run scripts/prepare-trees.sh"
ignore=$(sed -e 's/#.*//' "$ROOT/scripts/checkpatch-ignore.txt" | awk 'NF { printf "%s%s", s, $1; s = "," }')
bad=0 n=0 errors=0
for p in $(series_patches); do
	n=$((n + 1))
	rc=0
	out=$(cd "$WORKTREES/base" && perl "$cp" --strict --terse --show-types \
		${ignore:+--ignore "$ignore"} "$ROOT/patches/$p" 2>&1) || rc=$?
	found=$(echo "$out" | grep -E ': (ERROR|WARNING|CHECK):' || true)
	if [ $rc != 0 ] && { [ $rc != 1 ] || [ -z "$found" ]; }; then
		echo "$out" | tail -5 >&2
		echo "error: checkpatch.pl failed on $p (exit $rc, no verdict)" >&2
		errors=$((errors + 1))
	elif [ -n "$found" ]; then
		echo "$found" >&2
		bad=$((bad + 1))
	fi
done
summary="checkpatch --strict: $n patch(es), $bad with findings"
[ $errors = 0 ] || summary="$summary, $errors on which checkpatch.pl failed"
echo "$summary"
[ $bad = 0 ] && [ $errors = 0 ]
