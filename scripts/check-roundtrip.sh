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
# What the cover letter is made from.
mkdir -p "$tmp/docs" "$tmp/bench"
for f in docs/cover-letter.txt bench/results.md; do
	if [ -f "$ROOT/$f" ]; then cp "$ROOT/$f" "$tmp/$f"; fi
done
if [ -d "$ROOT/results" ]; then cp -a "$ROOT/results" "$tmp/results"; fi
# lib.sh finds the repo from its own path, so export writes into $tmp.
if ! BUILD=$BUILD bash "$tmp/scripts/export-series.sh" "$WORKTREES/series" 2> "$tmp/err"; then
	cat "$tmp/err" >&2
	die "export after apply failed"
fi
if ! diff -r "$ROOT/patches" "$tmp/patches" >&2; then
	die "export after apply changed patches/ (see diff above)"
fi
echo "export round trip: patches/ unchanged ($(series_patches | wc -l) patch(es))"
