#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Extract Debian's linux-source-6.1 into build/linux as a git repository
# whose first commit, tagged "base", is the pristine tree.  Re-extract
# only when the package version changes.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

ver=$(source_version)
[ -n "$ver" ] || die "$SOURCE_PKG is not installed (run scripts/install-deps.sh)"
# The stamp names the package version and how the base commit was made:
# a tree made another way is made again.
stamp=$KSRC/.git/debian-version
want="$ver base-v2"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] &&
   git -C "$KSRC" rev-parse -q --verify base >/dev/null; then
	exit 0
fi

log "extracting $SOURCE_PKG $ver into $KSRC"
rm -rf "$KSRC" "$WORKTREES" "$OUTDIR"
mkdir -p "$KSRC"
tarball=$(dpkg -L "$SOURCE_PKG" | grep -m1 '/linux-source-6\.1\.tar\.xz$')
tar -xJf "$tarball" -C "$KSRC" --strip-components=1
cd "$KSRC"
git init -q -b series
git config user.name "ftrace-direct team"
git config user.email "team@localhost"
git config core.autocrlf false
git config gc.auto 0
# -f: the tree is pristine, so nothing in it is a build product, even
# where the kernel's own .gitignore patterns match.
git add -A -f
# The same package gives the same base commit on every machine (fixed
# dates and names), so that the cover letter's base-commit: line is one
# that "make tree" reproduces.
GIT_AUTHOR_DATE="@0 +0000" GIT_COMMITTER_DATE="@0 +0000" \
	git commit -q -m "base: Debian $SOURCE_PKG $ver"
git tag base
echo "$want" > "$stamp"
