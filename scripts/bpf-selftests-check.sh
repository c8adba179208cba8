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

build_and_boot_runs bpf-selftests bpf-selftests-distro build-bpf-selftests bpf-selftests $RUNS
report_rc=0
"$ROOT/scripts/report.sh" $all > "$BUILD/report-bpf-selftests.txt" || report_rc=1
target_times
echo
cat "$BUILD/report-bpf-selftests.txt"
echo
for r in $RUNS; do
	run_parse "$r" bpf-selftests bpf-selftests-distro
	s=$OUTDIR/$name/results/test_progs-summary.txt
	echo "test_progs: $name: $(cat "$s" 2>/dev/null || echo 'no Summary line')"
done
"$ROOT/scripts/bpf-selftests-table.sh" $all > "$BUILD/bpf-selftests-table.md" &&
	echo "the table, in markdown: build/bpf-selftests-table.md"
[ $failed = 0 ] || { echo "a build failed (see above)"; exit 1; }
exit $report_rc
