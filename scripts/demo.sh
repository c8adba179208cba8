#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build what is needed, boot the series kernel, load the ftrace-direct
# sample, show its trampoline's handler firing, print the test summary.
# ARCH defaults to arm64 once the series gives arm64 direct calls.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

"$ROOT/scripts/install-deps.sh"
"$ROOT/scripts/prepare-trees.sh"
if [ -z "${ARCH:-}" ]; then
	if git -C "$WORKTREES/series" grep -q 'select HAVE_DYNAMIC_FTRACE_WITH_DIRECT_CALLS' -- arch/arm64/Kconfig; then
		ARCH=arm64
	else
		ARCH=x86_64
	fi
fi
echo "demo: $ARCH, Debian $SOURCE_PKG $(source_version), series of $(series_patches | wc -l) patch(es)"
"$ROOT/scripts/build-kernel.sh" "$ARCH" series > "$BUILD/build-$ARCH-series.log" 2>&1 ||
	{ tail -30 "$BUILD/build-$ARCH-series.log"; die "build failed"; }
"$ROOT/scripts/make-initramfs.sh" "$ARCH" series
FTRACETEST_DIRS=${FTRACETEST_DIRS:-test.d/direct} "$ROOT/scripts/boot.sh" "$ARCH" series demo || true
out=$OUTDIR/$ARCH-series
echo
echo "--- from the guest console ---"
grep -a 'harness: \|my_direct_func' "$out/console.log" | grep -v 'harness: plan' || true
echo "------------------------------"
"$ROOT/scripts/report.sh" "$ARCH-series"
