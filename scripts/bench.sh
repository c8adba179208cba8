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
# A run ARCH-VARIANT+bpf boots the FLAVOUR=bpf build of that kernel
# instead, with the BPF fentry loader (bench/bpf_bench.c) beside the
# module: the bpf_fentry row comes from there.  The default list has them
# for every kernel; BENCH_BPF=0 leaves them out.
#
# BENCH_LOOPS and BENCH_RUNS are the module's loops= and runs=;
# BENCH_BUILD=0 uses the kernels as they are built.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

runs="x86_64-base x86_64-series arm64-base arm64-series arm64-series+far"
[ "${BENCH_BPF:-1}" = 1 ] &&
	runs="$runs x86_64-base+bpf x86_64-series+bpf arm64-base+bpf arm64-series+bpf"
runs=${*:-$runs}
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
	[ -x "$1/bench/bpf/bpf_bench" ] && cp "$1/bench/bpf/bpf_bench" "$st/bench/"
	install_plan "$st"
	{
		cat "$1/initramfs.cpio"
		(cd "$st" && find . | cpio -o -H newc --owner=0:0 --quiet)
	} > "$1/bench/initramfs.cpio"
}

# bench_bpf ARCH OUT: the BPF fentry loader for the FLAVOUR=bpf kernel in
# OUT, built like the BPF test (scripts/build-bpf-test.sh, which also
# dumps the kernel's vmlinux.h and puts libbpf into its initramfs).
bench_bpf() {
	local b=$2/bench/bpf debroot triplet
	debroot=$(guest_root "$DEB_ARCH")
	triplet=$(dpkg-architecture -a"$DEB_ARCH" -qDEB_HOST_MULTIARCH 2>/dev/null)
	"$ROOT/scripts/build-bpf-test.sh" "$1" "$variant"
	rm -rf "$b"
	mkdir -p "$b"
	clang -g -O2 -Wall -target bpf -D__TARGET_ARCH_"$KARCH" -I"$2/bpf" \
		-I"$debroot/usr/include" -c "$ROOT/bench/bench_fentry.bpf.c" \
		-o "$b/bench_fentry.bpf.o"
	bpftool gen skeleton "$b/bench_fentry.bpf.o" name bench_fentry > "$b/bench_fentry.skel.h"
	"${CROSS_COMPILE:-}gcc" -O2 -Wall -Werror -I"$b" -I"$debroot/usr/include" \
		"$ROOT/bench/bpf_bench.c" -o "$b/bpf_bench" \
		"$debroot/usr/lib/$triplet/libbpf.so.1" \
		-Wl,-rpath-link="$debroot/usr/lib/$triplet:$debroot/lib/$triplet"
}

built=
for run in $runs; do
	name=${run%+*}
	arch=${name%-*} variant=${name##*-}
	extra=
	[ "$run" != "$name" ] && extra=${run#*+}
	FLAVOUR=
	[ "$extra" = bpf ] && FLAVOUR=bpf
	export FLAVOUR
	load_arch "$arch"
	out=$OUTDIR/$(out_name "$arch" "$variant")

	case " $built " in
	*" $(out_name "$arch" "$variant") "*) ;;
	*)
		if [ "${BENCH_BUILD:-1}" = 1 ]; then
			k=$(out_name "$arch" "$variant")
			log "$k: building the kernel"
			"$ROOT/scripts/build-kernel.sh" "$arch" "$variant" > "$BUILD/build-$k.log" 2>&1 ||
				{ tail -30 "$BUILD/build-$k.log"; die "$k: kernel build failed"; }
		fi
		[ -f "$out/vmlinux" ] && [ -f "$out/Module.symvers" ] ||
			die "$name: no built kernel in $out"
		if [ ! -f "$out/initramfs.cpio" ] || [ "$out/vmlinux" -nt "$out/initramfs.cpio" ]; then
			"$ROOT/scripts/make-initramfs.sh" "$arch" "$variant"
		fi
		if [ "$FLAVOUR" = bpf ]; then
			log "$run: building the BPF fentry loader"
			bench_bpf "$arch" "$out" > "$BUILD/build-bench-$run.log" 2>&1 ||
				{ tail -30 "$BUILD/build-bench-$run.log"; die "$run: BPF build failed"; }
			"$ROOT/scripts/make-initramfs.sh" "$arch" "$variant"
		fi
		log "$(out_name "$arch" "$variant"): building the benchmark module"
		bench_module "$arch" "$out"
		bench_initramfs "$out"
		built="$built $(out_name "$arch" "$variant")"
		;;
	esac

	# ftrace_direct_far: every arm64 direct trampoline is reached through
	# ftrace_regs_caller.  The +bpf boot is told apart by its build.
	case "$extra" in
	''|bpf) args= ;;
	far) args=ftrace_direct_far ;;
	*) die "unknown extra boot '+$extra' (far or bpf)" ;;
	esac
	# The TSC is exact under icount; without this the clocksource
	# watchdog can replace it with jiffies in the middle of a run.
	[ "$arch" = x86_64 ] && args="$args tsc=reliable"
	rn=bench/$(out_name "$arch" "$variant")
	[ "$extra" = far ] && rn=$rn+far
	RUN_NAME=$rn \
	INITRAMFS=$out/bench/initramfs.cpio ICOUNT=1 \
	KERNEL_ARGS="harness.bench=loops=$loops,runs=$repeat $args" \
	VM_TIMEOUT=${VM_TIMEOUT:-900} \
		"$ROOT/scripts/boot.sh" "$arch" "$variant" bench
	res=$OUTDIR/$rn/results
	grep -qx 'done' "$res/bench.txt" || die "$run: the benchmark did not finish (see $res/../console.log)"
	if [ "$extra" = far ] && ! grep -q "direct trampolines are reached through ftrace_regs_caller" "$res/dmesg.txt"; then
		grep -q "^direct n/a" "$res/bench.txt" || die "$run: ftrace_direct_far did not take effect"
	fi
	log "$run: $(tr '\n' ' ' < "$res/clocksource") clock source (at the start and the end)"
	[ "$(sort -u "$res/clocksource" | wc -l)" = 1 ] ||
		die "$run: the clock source changed during the run: $(tr '\n' ' ' < "$res/clocksource")"
	if grep -qx "refined-jiffies\|jiffies" "$res/clocksource"; then
		die "$run: timed by jiffies, which read 0 with interrupts off"
	fi
done

FLAVOUR= "$ROOT/scripts/bench-report.sh" $runs
