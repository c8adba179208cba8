#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Race rounds on the debug kernels (FLAVOUR=debug: lockdep, RCU and list
# checking, kmemleak).  For each arch, build the series with
# configs/debug.config, boot it with the "race" plan and report.  The plan
# (run_race in scripts/guest/plan-race.sh) loads and unloads the direct-call
# samples RACE_ROUNDS times (1000), through both APIs in turn, while
# background loops switch the function tracer and function_graph on and off
# and add and remove a kprobe on the same function; then it checks that
# nothing was left behind and asks kmemleak.  Any splat fails the run.
# Not part of "make check": the debug kernels are slower to build and to
# run.  The stage times are the debug kernels' cost.
set -euo pipefail
export FLAVOUR=debug
. "$(dirname "$0")/lib.sh"

arches=${RACE_ARCHES:-x86_64 arm64}
rounds=${RACE_ROUNDS:-1000}
failed=0
target_begin race

runs=
for arch in $arches; do
	name=$(out_name "$arch" series)
	rm -rf "$OUTDIR/$name/results" "$OUTDIR/$name/results.tab"
	stage_begin "build $name"
	if build_for_boot "$arch" series; then
		runs="$runs $name"
		stage_end
		stage_begin "boot and $rounds race rounds $name"
		KERNEL_ARGS="harness.race=$rounds" VM_TIMEOUT=${VM_TIMEOUT:-3600} \
			"$ROOT/scripts/boot.sh" "$arch" series race || true
	else
		failed=1
	fi
	stage_end
done

rc=0
# shellcheck disable=SC2086
[ -n "$runs" ] && { "$ROOT/scripts/report.sh" $runs || rc=1; }
target_times
[ $failed = 0 ] || exit 1
exit $rc
