#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The BPF flavour end to end: build the FLAVOUR=bpf kernels (series on
# every arch, and the pristine base on arm64, where BPF trampolines are
# expected to fail with -ENOTSUPP), build the BPF test against each
# kernel's BTF, boot each with the "bpf" plan and report.  Not part of
# "make check": BTF needs DWARF, which makes these builds slower.
set -euo pipefail
export FLAVOUR=bpf
. "$(dirname "$0")/lib.sh"

RUNS=${BPF_RUNS:-x86_64-series arm64-series arm64-base}
failed=0
target_begin bpf

built=
for r in $RUNS; do
	arch=${r%%-*} v=${r#*-}
	name=$(out_name "$arch" "$v")
	rm -rf "$OUTDIR/$name/results" "$OUTDIR/$name/results.tab"
	stage_begin "build $name"
	if build_for_boot "$arch" "$v" build-bpf-test; then
		built="$built $r"
	else
		failed=1
	fi
	stage_end
done

for r in $built; do
	stage_begin "boot and test $(out_name "${r%%-*}" "${r#*-}")"
	"$ROOT/scripts/boot.sh" "${r%%-*}" "${r#*-}" bpf || true
	stage_end
done

all=
for r in $RUNS; do
	all="$all $(out_name "${r%%-*}" "${r#*-}")"
	mkdir -p "$OUTDIR/$(out_name "${r%%-*}" "${r#*-}")/results"
done
report_rc=0
"$ROOT/scripts/report.sh" $all > "$BUILD/report-bpf.txt" || report_rc=1
target_times
echo
cat "$BUILD/report-bpf.txt"
[ $failed = 0 ] || { echo "a build failed (see above)"; exit 1; }
exit $report_rc
