#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The model-based random test of the direct-call and ftrace_ops API
# (model/ftrace_direct_model.c, plan "model" in
# scripts/guest/plan-model.sh) on the series kernels of make check:
# MODEL_RUNS picks them, each ARCH-series[-FLAVOUR][+far] (default
# x86_64-series, arm64-series-distro, and arm64-series+far, the -Os kernel
# with every trampoline out of reach); MODEL_SEEDS seeds (4) of MODEL_OPS
# operations (300) each.  FLAVOUR is any of lib.sh's: distro, debug
# (lockdep, kmemleak), lifetime (PREEMPT, KASAN), debug-distro...  A run
# that is not built yet is built first.  One result per seed; a
# divergence fails it and prints the shortest sequence that shows it.
# make check has a short run of its own (run_model_short).
#
# MODEL_BUG=1: the kernel-side negative control instead.  The series plus
# tests/model/site-ops-bug.patch (a deliberate bookkeeping bug, in
# build/worktrees/modelbug) is built on the distro layout and booted with
# ftrace_direct_far (run arm64-modelbug-distro+far); the plan passes only
# if some seed diverges and is shrunk.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

model_runs=${MODEL_RUNS:-x86_64-series arm64-series-distro arm64-series+far}
seeds=${MODEL_SEEDS:-4}
ops=${MODEL_OPS:-300}
failed=0
target_begin model

if [ "${MODEL_BUG:-0}" = 1 ]; then
	model_runs=arm64-modelbug-distro+far
	patched_tree modelbug "$ROOT/tests/model/site-ops-bug.patch"
fi

# First every build, then the boots, BOOT_JOBS (2) at a time: no guest
# runs beside a build.
runs= boots=
for r in $model_runs; do
	args="harness.model=$seeds:$ops"
	flavour=
	case "$r" in
	*+far) args="$args ftrace_direct_far" r=${r%+far} suffix=+far ;;
	*) suffix= ;;
	esac
	# ARCH-VARIANT[-FLAVOUR]
	arch=${r%%-*} variant=${r#*-}
	case "$variant" in
	*-*) flavour=${variant#*-} variant=${variant%%-*} ;;
	esac
	case "$arch/$variant" in
	x86_64/series|arm64/series) ;;
	arm64/modelbug) args="$args harness.model_bug=1" ;;
	*) die "MODEL_RUNS: '$r' is not ARCH-series[-FLAVOUR][+far]" ;;
	esac
	name=$(FLAVOUR=$flavour out_name "$arch" $variant)
	run=$name-model$suffix
	rm -rf "$OUTDIR/$run"
	stage_begin "build $name"
	if FLAVOUR=$flavour build_for_boot "$arch" $variant; then
		runs="$runs $run"
		# one word: the arguments' spaces as commas
		boots="$boots $run|$arch|$variant|$flavour|${args// /,}"
	else
		failed=1
	fi
	stage_end
done

# boot_one RUN|ARCH|VARIANT|FLAVOUR|ARGS: one boot, its log in
# build/boot-RUN.log, its time in the stage log.
boot_one() {
	local run arch variant flavour args
	IFS='|' read -r run arch variant flavour args <<< "$1"
	args=${args//,/ }
	stage_begin "boot and model $run"
	FLAVOUR=$flavour RUN_NAME=$run KERNEL_ARGS="$args" \
		VM_TIMEOUT=${VM_TIMEOUT:-2400} \
		"$ROOT/scripts/boot.sh" "$arch" "$variant" model > "$BUILD/boot-$run.log" 2>&1 || true
	stage_end 2>> "$BUILD/boot-$run.log"
}
running=0
for b in $boots; do
	if [ "$running" -ge "${BOOT_JOBS:-2}" ]; then
		wait -n || true
		running=$((running - 1))
	fi
	log "booting ${b%%|*}"
	( boot_one "$b"; cat "$BUILD/boot-${b%%|*}.log" >&2 ) &
	running=$((running + 1))
done
wait

# shellcheck disable=SC2086
target_finish $runs
