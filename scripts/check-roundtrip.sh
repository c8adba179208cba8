#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Export the applied series tree into a scratch copy of patches/ and
# require it to be byte-identical to patches/: the materialise/export
# loop must not change anything when nothing was edited.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/scripts" "$tmp/patches"
cp "$ROOT"/scripts/lib.sh "$ROOT"/scripts/export-series.sh "$tmp/scripts/"
cp -a "$ROOT"/patches/. "$tmp/patches/"
# lib.sh finds the repo from its own path, so export writes into $tmp.
BUILD=$BUILD bash "$tmp/scripts/export-series.sh" "$WORKTREES/series" 2>/dev/null
if ! diff -r "$ROOT/patches" "$tmp/patches" >&2; then
	die "export after apply changed patches/ (see diff above)"
fi
echo "export round trip: patches/ unchanged ($(series_patches | wc -l) patch(es))"
