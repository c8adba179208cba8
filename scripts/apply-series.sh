#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# apply-series.sh TREE: reset the git tree TREE to "base" and "git am" every
# patch in patches/series onto it, exactly (git am never applies with fuzz).
# The first patch that does not apply stops everything and is named.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

tree=$1
cd "$tree"
git reset -q --hard base
git clean -q -fdx
n=0
for p in $(series_patches); do
	f=$ROOT/patches/$p
	[ -f "$f" ] || die "patches/series names $p, which does not exist"
	if ! git am -q --no-3way "$f" >/tmp/am.$$ 2>&1; then
		cat /tmp/am.$$ >&2
		rm -f /tmp/am.$$
		git am --abort 2>/dev/null || true
		die "patch does not apply: patches/$p"
	fi
	n=$((n + 1))
done
rm -f /tmp/am.$$
log "applied $n patch(es) onto base in $tree"
