#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The developer's tree: build/linux on branch "series", one commit per
# patch of patches/series on top of "base".  Edit, commit (or rebase -i),
# then "make export" writes patches/ back.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

"$ROOT/scripts/prepare-source.sh"
cd "$KSRC"
if [ -n "$(git status --porcelain --untracked-files=no)" ] && [ "${FORCE:-0}" != 1 ]; then
	die "$KSRC has uncommitted changes; commit and export them, or FORCE=1"
fi
# Refuse to throw away commits that were never exported.
if [ "${FORCE:-0}" != 1 ]; then
	known=$(for p in $(series_patches); do git patch-id --stable < "$ROOT/patches/$p"; done | cut -d' ' -f1)
	for c in $(git rev-list base..HEAD); do
		id=$(git show "$c" | git patch-id --stable | cut -d' ' -f1)
		[ -z "$id" ] || echo "$known" | grep -qx "$id" ||
			die "commit $(git log -1 --format='%h %s' "$c") is not in patches/; make export first, or FORCE=1"
	done
fi
git checkout -q series 2>/dev/null || git checkout -q -b series
"$ROOT/scripts/apply-series.sh" "$KSRC"
git log --oneline base..HEAD
