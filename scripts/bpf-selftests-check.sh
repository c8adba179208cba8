#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The kernel's own BPF selftests on both arches (make bpf-selftests): for
# each run, build the bpf-selftests kernel (the bpf flavour plus what
# test_progs needs: configs/bpf-selftests.config), build test_progs and
# bpf_testmod.ko from the same tree against it
# (scripts/build-bpf-selftests.sh: native on x86_64, cross-built on
# arm64), boot it with the "bpf-selftests" plan, which runs test_progs'
# trampoline tests, and report.  Each run is ARCH-VARIANT[-distro];
# "-distro" is the arm64 distro layout (-O2, KASLR, per-callsite ops
# pointers, every BPF trampoline out of BL range).  The arm64 base is
# the negative control: its trampolines fail with -ENOTSUPP
# (expectations/arm64-base-bpf-selftests.txt).  After the report, each
# boot's test_progs "Summary:" line, and the table in markdown
# (build/bpf-selftests-table.md).  BPF_SELFTESTS_RUNS picks the runs.
set -euo pipefail
export FLAVOUR=bpf-selftests
. "$(dirname "$0")/lib.sh"

RUNS=${BPF_SELFTESTS_RUNS:-x86_64-base x86_64-series arm64-base arm64-series arm64-series-distro}
failed=0
target_begin bpf-selftests

# parse RUN: arch, v (the variant), flavour and name (the build directory).
parse() {
	flavour=bpf-selftests
	case "$1" in
	*-distro) flavour=bpf-selftests-distro; set -- "${1%-distro}" ;;
	esac
	arch=${1%%-*} v=${1#*-}
	name=$(FLAVOUR=$flavour out_name "$arch" "$v")
}

built=
for r in $RUNS; do
	parse "$r"
	rm -rf "$OUTDIR/$name/results" "$OUTDIR/$name/results.tab"
	stage_begin "build $name"
	if FLAVOUR=$flavour build_for_boot "$arch" "$v" build-bpf-selftests; then
		built="$built $r"
	else
		failed=1
	fi
	stage_end
done

for r in $built; do
	parse "$r"
	stage_begin "boot and test $name"
	FLAVOUR=$flavour "$ROOT/scripts/boot.sh" "$arch" "$v" bpf-selftests || true
	stage_end
done

all=
for r in $RUNS; do
	parse "$r"
	all="$all $name"
	mkdir -p "$OUTDIR/$name/results"
done
report_rc=0
"$ROOT/scripts/report.sh" $all > "$BUILD/report-bpf-selftests.txt" || report_rc=1
target_times
echo
cat "$BUILD/report-bpf-selftests.txt"
echo
for r in $RUNS; do
	parse "$r"
	s=$OUTDIR/$name/results/test_progs-summary.txt
	echo "test_progs: $name: $(cat "$s" 2>/dev/null || echo 'no Summary line')"
done
"$ROOT/scripts/bpf-selftests-table.sh" $all > "$BUILD/bpf-selftests-table.md" &&
	echo "the table, in markdown: build/bpf-selftests-table.md"
[ $failed = 0 ] || { echo "a build failed (see above)"; exit 1; }
exit $report_rc
