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

# parse RUN: arch, v (the variant), flavour and name (the build directory).
parse() {
	flavour=bpf
	case "$1" in
	*-distro) flavour=distro; set -- "${1%-distro}" ;;
	esac
	arch=${1%%-*} v=${1#*-}
	name=$(FLAVOUR=$flavour out_name "$arch" "$v")
}

built=
for r in $RUNS; do
	parse "$r"
	rm -rf "$OUTDIR/$name/results" "$OUTDIR/$name/results.tab"
	stage_begin "build $name"
	if FLAVOUR=$flavour build_for_boot "$arch" "$v" build-bpf-test; then
		built="$built $r"
	else
		failed=1
	fi
	stage_end
done

for r in $built; do
	parse "$r"
	stage_begin "boot and test $name"
	FLAVOUR=$flavour "$ROOT/scripts/boot.sh" "$arch" "$v" bpf || true
	stage_end
done

all=
for r in $RUNS; do
	parse "$r"
	all="$all $name"
	mkdir -p "$OUTDIR/$name/results"
done
report_rc=0
"$ROOT/scripts/report.sh" $all > "$BUILD/report-bpf.txt" || report_rc=1
target_times
echo
cat "$BUILD/report-bpf.txt"
[ $failed = 0 ] || { echo "a build failed (see above)"; exit 1; }
exit $report_rc
