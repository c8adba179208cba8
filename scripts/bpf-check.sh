#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The BPF flavour end to end: build the FLAVOUR=bpf kernels (series on
# every arch, and the pristine base on arm64, where BPF trampolines are
# expected to fail with -ENOTSUPP), build the BPF test against each
# kernel's BTF, boot each with the "bpf" plan and report.  The arm64
# series runs twice: on the bpf flavour (-Os: callsites through
# ftrace_caller) and on the distro flavour ("arm64-series-distro": -O2,
# KASLR, per-callsite ops pointers; BPF trampolines are vmalloc()ed, so
# every one of them is out of BL range there, as on Debian's kernel).
# BPF_RUNS picks the runs, each ARCH-VARIANT[-distro].  Not part of
# "make check": BTF needs DWARF, which makes these builds slower.
set -euo pipefail
export FLAVOUR=bpf
. "$(dirname "$0")/lib.sh"

RUNS=${BPF_RUNS:-x86_64-series arm64-series arm64-series-distro arm64-base}
failed=0
target_begin bpf

build_and_boot_runs bpf distro build-bpf-test bpf $RUNS
report_rc=0
"$ROOT/scripts/report.sh" $all > "$BUILD/report-bpf.txt" || report_rc=1
target_times
echo
cat "$BUILD/report-bpf.txt"
[ $failed = 0 ] || { echo "a build failed (see above)"; exit 1; }
exit $report_rc
