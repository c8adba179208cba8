#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Extract Debian's linux-source-6.1 into build/linux as a git repository
# whose first commit, tagged "base", is the pristine tree.  Re-extract
# only when the package version changes.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

ver=$(source_version)
[ -n "$ver" ] || die "$SOURCE_PKG is not installed (run scripts/install-deps.sh)"
stamp=$KSRC/.git/debian-version
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$ver" ] &&
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
git commit -q -m "base: Debian $SOURCE_PKG $ver"
git tag base
echo "$ver" > "$stamp"
