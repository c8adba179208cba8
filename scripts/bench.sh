#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# bench.sh [RUN ...]: the ftrace hook benchmark.  A RUN is
# ARCH-VARIANT[-FLAVOUR][+far]: a kernel (VARIANT base or series of the
# 6.1 tree, or v612, Debian's linux-source-6.12 as the measured peer),
# built with FLAVOUR (default: BENCH_FLAVOUR, bpf), and "+far" for a boot
# of it with ftrace_direct_far (arm64 series: every direct trampoline
# through the ftrace entry).  For each kernel: build it
# (scripts/build-kernel.sh), its BPF fentry loader (bench/bpf_bench.c) if
# the flavour has BPF, and bench/ against it.  Then boot every run, two at
# a time (each is one host thread), under single-threaded TCG with
# "-icount shift=0,sleep=off", with the module appended to the initramfs,
# and keep the guest's "ftrace_bench:" lines in build/out/bench/RUN/ (a
# level below the runs "make report" reads).  Kernels are built one at a
# time, before the first boot.
# Then scripts/bench-report.sh writes bench/results.{md,csv,png}.
#
# The default runs: x86_64 and arm64, base, series and v612, on the bpf
# flavour (tinyconfig's -Os with BTF and the BPF trampoline); arm64 series
# once more with ftrace_direct_far; and arm64 series and v612 on the distro
# flavour (-O2, KASLR, a 2 GiB module window with PLTs: where Debian's
# arm64 kernel puts modules and BPF trampolines out of BL range).
#
# BENCH_LOOPS and BENCH_RUNS are the module's loops= and runs=;
# BENCH_BUILD=0 uses the kernels as they are built; BENCH_JOBS (2) is how
# many guests run at once; BENCH_FLAVOUR='' measures the plain kernels,
# without the BPF rows.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

default_runs="x86_64-base x86_64-series x86_64-v612 arm64-base arm64-series
	arm64-series+far arm64-v612 arm64-series-distro arm64-v612-distro"
runs=$(echo ${*:-$default_runs})
loops=${BENCH_LOOPS:-50000}
repeat=${BENCH_RUNS:-5}
jobs=${BENCH_JOBS:-2}
export BENCH_FLAVOUR=${BENCH_FLAVOUR-bpf}
export STAGE_LOG=$BUILD/stage-times-bench.txt
mkdir -p "$BUILD"
: > "$STAGE_LOG"
t0=$(date +%s)

"$ROOT/scripts/install-deps.sh"
if [ "${BENCH_BUILD:-1}" = 1 ]; then
	"$ROOT/scripts/prepare-trees.sh"
	case " $runs " in *-v612*) "$ROOT/scripts/prepare-peer.sh" ;; esac
fi

# parse RUN: arch, variant, flavour (FLAVOUR as build-kernel.sh takes it),
# col (the column: ARCH-VARIANT[-FLAVOUR] as the run names it), far (1 for
# a +far boot) and out (the build directory).
parse() {
	local name=${1%+far} rest
	far=0
	[ "$name" != "$1" ] && far=1
	case "$1" in *+*) [ "$far" = 1 ] || die "unknown extra boot in '$1' (only +far)" ;; esac
	col=$name
	arch=${name%%-*} rest=${name#*-}
	variant=${rest%%-*}
	flavour=${rest#"$variant"} flavour=${flavour#-}
	[ -n "$flavour" ] || flavour=$BENCH_FLAVOUR
	case "$flavour" in
	''|bpf|distro) ;;
	*) die "$1: the benchmark runs on the plain, bpf or distro flavour, not '$flavour'" ;;
	esac
	FLAVOUR=$flavour
	export FLAVOUR
	load_arch "$arch"
	out=$OUTDIR/$(out_name "$arch" "$variant")
}

# bench_module OUT: build bench/ against the kernel in OUT, in a copy
# under OUT so that both arches can be built from the one bench/.
bench_module() {
	local src mod=$1/bench/module
	src=$(readlink -f "$1/source")
	rm -rf "$mod"
	mkdir -p "$mod"
	cp "$ROOT"/bench/Kbuild "$ROOT"/bench/*.[chS] "$mod/"
	kmake "$src" "$1" M="$mod" modules
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

# bench_bpf OUT: the BPF fentry loader for the kernel in OUT, built like
# the BPF test (scripts/build-bpf-test.sh, which also dumps the kernel's
# vmlinux.h and puts libbpf into its initramfs).
bench_bpf() {
	local b=$1/bench/bpf debroot triplet
	debroot=$(guest_root "$DEB_ARCH")
	triplet=$(dpkg-architecture -a"$DEB_ARCH" -qDEB_HOST_MULTIARCH 2>/dev/null)
	"$ROOT/scripts/build-bpf-test.sh" "$arch" "$variant"
	rm -rf "$b"
	mkdir -p "$b"
	clang -g -O2 -Wall -target bpf -D__TARGET_ARCH_"$KARCH" -I"$1/bpf" \
		-I"$debroot/usr/include" -c "$ROOT/bench/bench_fentry.bpf.c" \
		-o "$b/bench_fentry.bpf.o"
	bpftool gen skeleton "$b/bench_fentry.bpf.o" name bench_fentry > "$b/bench_fentry.skel.h"
	"${CROSS_COMPILE:-}gcc" -O2 -Wall -Werror -I"$b" -I"$debroot/usr/include" \
		"$ROOT/bench/bpf_bench.c" -o "$b/bpf_bench" \
		"$debroot/usr/lib/$triplet/libbpf.so.1" \
		-Wl,-rpath-link="$debroot/usr/lib/$triplet:$debroot/lib/$triplet"
}

# Every kernel, one at a time.
built=
for run in $runs; do
	parse "$run"
	k=$(out_name "$arch" "$variant")
	case " $built " in *" $k "*) continue ;; esac
	stage_begin "$k: build"
	if [ "${BENCH_BUILD:-1}" = 1 ]; then
		log "$k: building the kernel"
		"$ROOT/scripts/build-kernel.sh" "$arch" "$variant" > "$BUILD/build-$k.log" 2>&1 ||
			{ tail -30 "$BUILD/build-$k.log"; die "$k: kernel build failed"; }
	fi
	[ -f "$out/vmlinux" ] && [ -f "$out/Module.symvers" ] ||
		die "$k: no built kernel in $out"
	if [ ! -f "$out/initramfs.cpio" ] || [ "$out/vmlinux" -nt "$out/initramfs.cpio" ]; then
		"$ROOT/scripts/make-initramfs.sh" "$arch" "$variant"
	fi
	rm -rf "$out/bench/bpf"
	if [ -n "$FLAVOUR" ]; then
		log "$k: building the BPF fentry loader"
		bench_bpf "$out" > "$BUILD/build-bench-$k.log" 2>&1 ||
			{ tail -30 "$BUILD/build-bench-$k.log"; die "$k: BPF build failed"; }
		"$ROOT/scripts/make-initramfs.sh" "$arch" "$variant"
	fi
	log "$k: building the benchmark module"
	bench_module "$out" > "$BUILD/build-bench-module-$k.log" 2>&1 ||
		{ tail -30 "$BUILD/build-bench-module-$k.log"; die "$k: the benchmark module failed to build"; }
	bench_initramfs "$out"
	built="$built $k"
	stage_end
done

# bench_boot RUN: boot one run and check what it brought back.
bench_boot() {
	local run=$1 rn args= res
	parse "$run"
	rn=bench/$col
	# ftrace_direct_far: every arm64 direct trampoline is reached through
	# the ftrace entry.
	[ "$far" = 1 ] && rn=$rn+far args=ftrace_direct_far
	# The TSC is exact under icount; without this the clocksource
	# watchdog can replace it with jiffies in the middle of a run.
	[ "$arch" = x86_64 ] && args="$args tsc=reliable"
	RUN_NAME=$rn \
	INITRAMFS=$out/bench/initramfs.cpio ICOUNT=1 \
	KERNEL_ARGS="harness.bench=loops=$loops,runs=$repeat $args" \
	VM_TIMEOUT=${VM_TIMEOUT:-900} \
		"$ROOT/scripts/boot.sh" "$arch" "$variant" bench
	res=$OUTDIR/$rn/results
	grep -qx 'done' "$res/bench.txt" || die "$run: the benchmark did not finish (see $res/../console.log)"
	if grep -q '^others error' "$res/bench.txt"; then
		die "$run: $(grep '^others error' "$res/bench.txt")"
	fi
	if [ "$far" = 1 ] && ! grep -q "direct trampolines are reached through" "$res/dmesg.txt"; then
		grep -q "^direct n/a" "$res/bench.txt" || die "$run: ftrace_direct_far did not take effect"
	fi
	log "$run: $(tr '\n' ' ' < "$res/clocksource") clock source (at the start and the end)"
	[ "$(sort -u "$res/clocksource" | wc -l)" = 1 ] ||
		die "$run: the clock source changed during the run: $(tr '\n' ' ' < "$res/clocksource")"
	if grep -qx "refined-jiffies\|jiffies" "$res/clocksource"; then
		die "$run: timed by jiffies, which read 0 with interrupts off"
	fi
}

# Every run, $jobs at a time; each one's output in build/bench-boot-RUN.log.
stage_begin "boots ($(echo "$runs" | wc -w) runs, $jobs at a time)"
declare -A pids=()
failed=
reap() {
	local r
	for r in "${!pids[@]}"; do
		kill -0 "${pids[$r]}" 2>/dev/null && continue
		if wait "${pids[$r]}"; then
			log "$r: measured"
		else
			failed="$failed $r"
			tail -20 "$BUILD/bench-boot-$r.log" >&2
		fi
		unset "pids[$r]"
	done
}
for run in $runs; do
	while [ "${#pids[@]}" -ge "$jobs" ]; do
		sleep 2
		reap
	done
	log "$run: booting (log: build/bench-boot-$run.log)"
	bench_boot "$run" > "$BUILD/bench-boot-$run.log" 2>&1 &
	pids[$run]=$!
done
while [ "${#pids[@]}" -gt 0 ]; do
	sleep 2
	reap
done
stage_end
[ -z "$failed" ] || die "benchmark boots failed:$failed"

echo
echo "stage times (total $(($(date +%s) - t0))s):"
cat "$STAGE_LOG"
# The report last: its last lines are the targets' verdicts, and a target
# on a callsite that was never patched fails it (and make bench).
FLAVOUR= "$ROOT/scripts/bench-report.sh" $runs
