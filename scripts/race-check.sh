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
# RACE_RUNS picks the kernels, each ARCH-series[-distro]; the default is
# x86_64, arm64 (-Os: callsites through ftrace_caller) and arm64 on the
# distro layout (FLAVOUR=debug-distro: -O2 with per-callsite ops
# pointers, KASLR, modules out of BL range), so that both arm64 paths run
# the rounds.  RACE_ARCHES=A B is the older spelling of "A-series B-series".
# Not part of "make check": the debug kernels are slower to build and to
# run.  The stage times are the debug kernels' cost.
set -euo pipefail
export FLAVOUR=debug
. "$(dirname "$0")/lib.sh"

if [ -n "${RACE_ARCHES:-}" ]; then
	RACE_RUNS=$(for a in $RACE_ARCHES; do echo "$a-series"; done)
fi
race_runs=${RACE_RUNS:-x86_64-series arm64-series arm64-series-distro}
rounds=${RACE_ROUNDS:-1000}
failed=0
target_begin race

runs=
for r in $race_runs; do
	flavour=debug
	case "$r" in
	*-series) ;;
	*-series-distro) flavour=debug-distro r=${r%-distro} ;;
	*) die "RACE_RUNS: '$r' is not ARCH-series or ARCH-series-distro" ;;
	esac
	arch=${r%-series}
	name=$(FLAVOUR=$flavour out_name "$arch" series)
	rm -rf "$OUTDIR/$name/results" "$OUTDIR/$name/results.tab"
	stage_begin "build $name"
	if FLAVOUR=$flavour build_for_boot "$arch" series; then
		runs="$runs $name"
		stage_end
		stage_begin "boot and $rounds race rounds $name"
		FLAVOUR=$flavour KERNEL_ARGS="harness.race=$rounds${RACE_MIN:+ harness.racemin=$RACE_MIN}" \
			VM_TIMEOUT=${VM_TIMEOUT:-3600} \
			"$ROOT/scripts/boot.sh" "$arch" series race || true
	else
		failed=1
	fi
	stage_end
done

# shellcheck disable=SC2086
target_finish $runs
