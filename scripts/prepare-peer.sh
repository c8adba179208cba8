#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Unpack Debian's linux-source-6.12, the measured peer (make bench), into
# build/linux-6.12, as it comes.  Unpack again only when the package
# version changes.  The tree is built to compare with and never patched.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

ver=$(source_version "$PEER_PKG")
[ -n "$ver" ] || die "$PEER_PKG is not installed (run scripts/install-deps.sh)"
stamp=$PEER_SRC/.debian-version
[ -f "$stamp" ] && [ "$(cat "$stamp")" = "$ver" ] && exit 0

log "extracting $PEER_PKG $ver into $PEER_SRC"
rm -rf "$PEER_SRC"
for d in "$OUTDIR"/*-v612*; do
	[ -d "$d" ] && rm -rf "$d"
done
mkdir -p "$PEER_SRC"
tarball=$(dpkg -L "$PEER_PKG" | grep -m1 '/linux-source-6\.12\.tar\.xz$')
[ -n "$tarball" ] || die "no source tarball in $PEER_PKG"
tar -xJf "$tarball" -C "$PEER_SRC" --strip-components=1
echo "$ver" > "$stamp"
