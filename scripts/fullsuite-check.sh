#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The whole ftracetest suite, every test.d directory, on the pristine base
# and on the series, for each arch (FULLSUITE_ARCHES, default both).
# FULLSUITE_DIRS narrows it to some directories (default test.d, all).
# The kernels are the FLAVOUR=full build (configs/full.config: histogram,
# synthetic, uprobe and syscall events, the latency tracers, a preemptible
# kernel), so that few tests report UNSUPPORTED.  Each boots with the
# "full" plan, which runs nothing but the suite.  report.sh reports the
# runs without expectations (every FAIL shows), and fullsuite-compare.sh
# fails the target if the series FAILs a test that the base does not.
# Not part of "make check": four more kernels and four long boots.
set -euo pipefail
export FLAVOUR=full
. "$(dirname "$0")/lib.sh"

arches=${FULLSUITE_ARCHES:-x86_64 arm64}
failed=0
target_begin fullsuite

runs=
for arch in $arches; do
	for v in base series; do
		name=$(out_name "$arch" "$v")
		rm -rf "$OUTDIR/$name/results" "$OUTDIR/$name/results.tab"
		stage_begin "build $name"
		if build_for_boot "$arch" "$v"; then
			runs="$runs $name"
		else
			failed=1
		fi
		stage_end
	done
done

for name in $runs; do
	arch=${name%%-*} v=${name#*-}
	v=${v%%-*}
	stage_begin "boot and full suite $name"
	FTRACETEST_DIRS=${FULLSUITE_DIRS:-test.d} VM_TIMEOUT=${VM_TIMEOUT:-3600} \
		"$ROOT/scripts/boot.sh" "$arch" "$v" full || true
	stage_end
done

# No expectations: every FAIL of either kernel is shown as one, and every
# SKIP stays a SKIP (--allow-skips: the whole suite skips what a config
# lacks).  The verdict is the comparison below, series against base, not
# report.sh's exit status.
noexp=$BUILD/no-expectations
mkdir -p "$noexp"
# shellcheck disable=SC2086
[ -n "$runs" ] && { "$ROOT/scripts/report.sh" --allow-skips --expectations "$noexp" $runs || true; }
for arch in $arches; do
	echo
	echo "== $arch: the whole ftracetest suite, series against base =="
	"$ROOT/scripts/fullsuite-compare.sh" "$(out_name "$arch" base)" \
		"$(out_name "$arch" series)" || failed=1
done
target_times
exit $failed
