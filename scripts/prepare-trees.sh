#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Make the two build trees CI uses: worktrees/base (pristine) and
# worktrees/series (base plus patches/).  A tree is only rewritten when
# the patches changed, so incremental kernel builds stay incremental.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

"$ROOT/scripts/prepare-source.sh"
mkdir -p "$WORKTREES"
for v in base series; do
	[ -e "$WORKTREES/$v/.git" ] ||
		git -C "$KSRC" worktree add -q --detach "$WORKTREES/$v" base
done
git -C "$WORKTREES/base" diff --quiet base && [ "$(git -C "$WORKTREES/base" rev-parse HEAD)" = "$(git -C "$KSRC" rev-parse base)" ] ||
	git -C "$WORKTREES/base" reset -q --hard base

sum=$( (cat "$ROOT/patches/series" 2>/dev/null; for p in $(series_patches); do cat "$ROOT/patches/$p"; done) | sha256sum | cut -d' ' -f1)
stamp=$WORKTREES/series.applied
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum $(git -C "$WORKTREES/series" rev-parse HEAD)" ] &&
   git -C "$WORKTREES/series" diff --quiet HEAD; then
	log "series tree is up to date"
	exit 0
fi
rm -f "$stamp"
"$ROOT/scripts/apply-series.sh" "$WORKTREES/series"
echo "$sum $(git -C "$WORKTREES/series" rev-parse HEAD)" > "$stamp"
