#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# bench.sh [ARCH-VARIANT[+far] ...]: the ftrace hook benchmark.  For each
# kernel (default: x86_64 and arm64, base and series, and arm64 series once
# more with ftrace_direct_far), build it (scripts/build-kernel.sh), build
# bench/ against it, boot it under single-threaded TCG with
# "-icount shift=0,sleep=off" with the module appended to its initramfs,
# and keep the guest's "ftrace_bench:" lines in build/out/bench/RUN/
# (a level below the runs "make report" reads).
# Then scripts/bench-report.sh writes bench/results.{md,csv,png}.
#
# BENCH_LOOPS and BENCH_RUNS are the module's loops= and runs=;
# BENCH_BUILD=0 uses the kernels as they are built.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

runs=${*:-x86_64-base x86_64-series arm64-base arm64-series arm64-series+far}
loops=${BENCH_LOOPS:-50000}
repeat=${BENCH_RUNS:-5}

"$ROOT/scripts/install-deps.sh"
[ "${BENCH_BUILD:-1}" = 1 ] && "$ROOT/scripts/prepare-trees.sh"

# bench_module ARCH OUT: build bench/ against the kernel in OUT, in a copy
# under OUT so that both arches can be built from the one bench/.
bench_module() {
	local src mod=$2/bench/module
	src=$(readlink -f "$2/source")
	rm -rf "$mod"
	mkdir -p "$mod"
	cp "$ROOT"/bench/Kbuild "$ROOT"/bench/*.[chS] "$mod/"
	kmake "$src" "$2" M="$mod" modules
}

# bench_initramfs OUT: the kernel's initramfs with the module and the
# current guest plan appended, as a second cpio archive the kernel unpacks
# over the first.
bench_initramfs() {
	local st=$1/bench/initramfs
	rm -rf "$st"
	mkdir -p "$st/bench"
	cp "$1/bench/module/ftrace-bench.ko" "$st/bench/"
	install -m 755 "$ROOT/scripts/guest/plan.sh" "$st/plan.sh"
	{
		cat "$1/initramfs.cpio"
		(cd "$st" && find . | cpio -o -H newc --owner=0:0 --quiet)
	} > "$1/bench/initramfs.cpio"
}

built=
for run in $runs; do
	name=${run%+*}
	arch=${name%-*} variant=${name##*-}
	extra=
	[ "$run" != "$name" ] && extra=${run#*+}
	load_arch "$arch"
	out=$OUTDIR/$(out_name "$arch" "$variant")

	case " $built " in
	*" $name "*) ;;
	*)
		if [ "${BENCH_BUILD:-1}" = 1 ]; then
			log "$name: building the kernel"
			"$ROOT/scripts/build-kernel.sh" "$arch" "$variant" > "$BUILD/build-$name.log" 2>&1 ||
				{ tail -30 "$BUILD/build-$name.log"; die "$name: kernel build failed"; }
		fi
		[ -f "$out/vmlinux" ] && [ -f "$out/Module.symvers" ] ||
			die "$name: no built kernel in $out"
		if [ ! -f "$out/initramfs.cpio" ] || [ "$out/vmlinux" -nt "$out/initramfs.cpio" ]; then
			"$ROOT/scripts/make-initramfs.sh" "$arch" "$variant"
		fi
		log "$name: building the benchmark module"
		bench_module "$arch" "$out"
		bench_initramfs "$out"
		built="$built $name"
		;;
	esac

	# ftrace_direct_far is the only extra boot the benchmark knows: every
	# arm64 direct trampoline is reached through ftrace_regs_caller.
	case "$extra" in
	'') args= ;;
	far) args=ftrace_direct_far ;;
	*) die "unknown extra boot '+$extra' (far)" ;;
	esac
	RUN_NAME=bench/$(out_name "$arch" "$variant")${extra:++$extra} \
	INITRAMFS=$out/bench/initramfs.cpio ICOUNT=1 \
	KERNEL_ARGS="harness.bench=loops=$loops,runs=$repeat $args" \
	VM_TIMEOUT=${VM_TIMEOUT:-900} \
		"$ROOT/scripts/boot.sh" "$arch" "$variant" bench
	res=$OUTDIR/bench/$(out_name "$arch" "$variant")${extra:++$extra}/results
	grep -qx 'done' "$res/bench.txt" || die "$run: the benchmark did not finish (see $res/../console.log)"
	if [ "$extra" = far ] && ! grep -q "direct trampolines are reached through ftrace_regs_caller" "$res/dmesg.txt"; then
		grep -q "^direct n/a" "$res/bench.txt" || die "$run: ftrace_direct_far did not take effect"
	fi
	log "$run: $(tr '\n' ' ' < "$res/clocksource") clock source"
done

"$ROOT/scripts/bench-report.sh" $runs
