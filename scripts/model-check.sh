#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The model-based random test of the direct-call and ftrace_ops API
# (model/ftrace_direct_model.c, plan "model" in
# scripts/guest/plan-model.sh) on the series kernels of make check:
# MODEL_RUNS picks them, each ARCH-series[-distro][+far] (default
# x86_64-series, arm64-series-distro, and arm64-series+far, the -Os kernel
# with every trampoline out of reach); MODEL_SEEDS seeds (4) of MODEL_OPS
# operations (300) each.  A run that is not built yet is built first (the
# plain flavour, or distro).  One result per seed; a divergence fails it
# and prints the shortest sequence that shows it.  Not part of make check
# yet: it boots each kernel once more.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

model_runs=${MODEL_RUNS:-x86_64-series arm64-series-distro arm64-series+far}
seeds=${MODEL_SEEDS:-4}
ops=${MODEL_OPS:-300}
failed=0
target_begin model

runs=
for r in $model_runs; do
	args="harness.model=$seeds:$ops"
	flavour=
	case "$r" in
	*+far) args="$args ftrace_direct_far" r=${r%+far} suffix=+far ;;
	*) suffix= ;;
	esac
	case "$r" in
	*-series) ;;
	*-series-distro) flavour=distro r=${r%-distro} ;;
	*) die "MODEL_RUNS: '$r' is not ARCH-series[-distro][+far]" ;;
	esac
	arch=${r%-series}
	name=$(FLAVOUR=$flavour out_name "$arch" series)
	run=$name-model$suffix
	rm -rf "$OUTDIR/$run"
	stage_begin "build $name"
	if FLAVOUR=$flavour build_for_boot "$arch" series; then
		stage_end
		stage_begin "boot and model $run"
		FLAVOUR=$flavour RUN_NAME=$run KERNEL_ARGS="$args" \
			VM_TIMEOUT=${VM_TIMEOUT:-2400} \
			"$ROOT/scripts/boot.sh" "$arch" series model || true
		runs="$runs $run"
	else
		failed=1
	fi
	stage_end
done

# shellcheck disable=SC2086
target_finish $runs
