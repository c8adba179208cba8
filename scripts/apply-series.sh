#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# apply-series.sh TREE: reset the git tree TREE to "base" and "git am" every
# patch in patches/series onto it, exactly (git am never applies with fuzz).
# The first patch that does not apply stops everything and is named.
# Commits are made reproducibly: the committer is each patch's author, at
# its author date, so that the same patches onto the same base give the same
# commit ids on every machine, and a "Fixes:" line that names a commit of
# this series names the one that "make tree" makes.
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
	name=$(sed -n 's/^From: \(.*\) <.*/\1/p;/^$/q' "$f")
	email=$(sed -n 's/^From: .*<\(.*\)>.*/\1/p;/^$/q' "$f")
	if ! GIT_COMMITTER_NAME=$name GIT_COMMITTER_EMAIL=$email \
		git am -q --no-3way --committer-date-is-author-date "$f" >/tmp/am.$$ 2>&1; then
		cat /tmp/am.$$ >&2
		rm -f /tmp/am.$$
		git am --abort 2>/dev/null || true
		die "patch does not apply: patches/$p"
	fi
	n=$((n + 1))
done
rm -f /tmp/am.$$
log "applied $n patch(es) onto base in $tree"
