#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Lifetime of direct_functions entries under preemptible readers
# (FLAVOUR=lifetime: PREEMPT and KASAN).  For each arch, build the series
# with tests/lifetime/window.patch on top, in build/worktrees/window, and
# boot it with the "lifetime" plan: the stress module (lifetime=N) takes a
# shared trampoline off functions one at a time while threads call them
# through the ftrace entry, where the lookup runs preemptible (arm64 boots
# with ftrace_direct_far for that).  The patch holds a preempted reader on
# the entry it found for longer than a rude tasks-RCU grace period, so an
# entry freed without waiting for preempted readers is read after its
# free, and KASAN reports it.  The arm64 kernel boots once more with the
# "killreg" plan: ftrace kills itself inside a direct-call registration,
# which must leave no callsite calling the trampoline.  Both arches boot
# once more with the "killunreg" plan: ftrace kills itself inside an
# unregister call, and again no callsite may be left calling the
# trampoline.  And once more with the "killother" plan: ftrace dies on
# another task while unregister calls wait in the window kernel's window
# after their first ftrace_disabled check; they must fail and keep it all.
# Not part of "make check": KASAN kernels are slow to build
# and to run.
set -euo pipefail
export FLAVOUR=lifetime
. "$(dirname "$0")/lib.sh"

arches=${LIFETIME_ARCHES:-x86_64 arm64}
rounds=${LIFETIME_ROUNDS:-30}
failed=0
target_begin lifetime

# The series plus the debug-only window
patched_tree window "$ROOT/tests/lifetime/window.patch"

runs=
for arch in $arches; do
	name=$(out_name "$arch" window)
	rm -rf "$OUTDIR/$name/results" "$OUTDIR/$name/results.tab" "$OUTDIR/$name+killreg" \
		"$OUTDIR/$name+killunreg" "$OUTDIR/$name+killother"
	stage_begin "build $name"
	if build_for_boot "$arch" window; then
		runs="$runs $name"
		stage_end
		args="harness.lifetime=$rounds"
		[ "$arch" = arm64 ] && args="$args ftrace_direct_far"
		stage_begin "boot and $rounds lifetime rounds $name"
		KERNEL_ARGS="$args" VM_TIMEOUT=${VM_TIMEOUT:-2400} \
			"$ROOT/scripts/boot.sh" "$arch" window lifetime || true
		if [ "$arch" = arm64 ]; then
			# A boot of its own: ftrace kills itself in it, and
			# the callsites must be near (no ftrace_direct_far).
			stage_end
			stage_begin "boot and kill inside a registration $name"
			RUN_NAME=$name+killreg VM_TIMEOUT=${VM_TIMEOUT:-2400} \
				"$ROOT/scripts/boot.sh" "$arch" window killreg || true
			runs="$runs $name+killreg"
		fi
		# Another: ftrace kills itself inside an unregister call.
		stage_end
		stage_begin "boot and kill inside an unregister call $name"
		RUN_NAME=$name+killunreg VM_TIMEOUT=${VM_TIMEOUT:-2400} \
			"$ROOT/scripts/boot.sh" "$arch" window killunreg || true
		runs="$runs $name+killunreg"
		# And another: ftrace dies while unregister calls wait in the
		# window kernel's window.
		stage_end
		stage_begin "boot and kill beside an unregister call $name"
		RUN_NAME=$name+killother VM_TIMEOUT=${VM_TIMEOUT:-2400} \
			"$ROOT/scripts/boot.sh" "$arch" window killother || true
		runs="$runs $name+killother"
	else
		failed=1
	fi
	stage_end
done

# shellcheck disable=SC2086
target_finish $runs
