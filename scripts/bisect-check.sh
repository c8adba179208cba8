#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build every prefix of the series on both arches, incrementally, in
# build/worktrees/bisect, and name the first patch that breaks a build.
# BISECT_FROM=N starts at the Nth prefix (the earlier ones known good),
# and BISECT_TO=M stops after the Mth (the later ones unchanged).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

ARCHES=${ARCHES:-x86_64 arm64}
from=${BISECT_FROM:-1}
to=${BISECT_TO:-}
wt=$WORKTREES/bisect
[ -e "$wt/.git" ] || git -C "$KSRC" worktree add -q --detach "$wt" base
"$ROOT/scripts/apply-series.sh" "$wt"
commits=$(git -C "$wt" rev-list --reverse base..HEAD)
[ -n "$commits" ] || { echo "bisect-check: the series is empty"; exit 0; }
i=0
for c in $commits; do
	i=$((i + 1))
	[ $i -ge "$from" ] || continue
	[ -z "$to" ] || [ $i -le "$to" ] || { i=$to; break; }
	git -C "$wt" checkout -q "$c"
	for arch in $ARCHES; do
		log "bisect-check: [$i] $arch: $(git -C "$wt" log -1 --format=%s)"
		# Kconfig may only drop sample options in early prefixes, so
		# skip the fragment check: this target is about compiling.
		if ! SKIP_CONFIG_CHECK=1 "$ROOT/scripts/build-kernel.sh" "$arch" bisect \
			> "$BUILD/bisect-$arch.log" 2>&1; then
			tail -20 "$BUILD/bisect-$arch.log"
			die "patch $i breaks the $arch build: $(git -C "$wt" log -1 --format='%h %s')"
		fi
	done
done
echo "bisect-check: prefixes $from to $i all build on $ARCHES"
