#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The BTI flavour end to end, arm64 only.  6.1 builds ARM64_BTI_KERNEL only
# with clang, so this is an LLVM=1 build of the series with BTI and pointer
# authentication in the kernel, booted on a CPU that has both
# ("-cpu max,pauth-impdef=on").  It runs the samples and test.d/direct
# twice, once with in-range trampolines (BL from the callsite) and once
# with ftrace_direct_far (every trampoline entered with BR x17), and then
# a negative control: a trampoline without a BTI landing pad must oops, or
# the first two runs prove nothing.
set -euo pipefail
export FLAVOUR=bti
. "$(dirname "$0")/lib.sh"

v=${BTI_VARIANT:-series}
load_arch arm64
export QEMU_CPU="max,pauth-impdef=on"
name=$(out_name arm64 "$v")
out=$OUTDIR/$name
t0=$(date +%s)

"$ROOT/scripts/install-deps.sh"
"$ROOT/scripts/prepare-trees.sh"
log "$name: building with clang/lld"
"$ROOT/scripts/build-kernel.sh" arm64 "$v" > "$BUILD/build-$name.log" 2>&1 ||
	{ tail -30 "$BUILD/build-$name.log"; die "build $name failed"; }
"$ROOT/scripts/make-initramfs.sh" arm64 "$v"
log "$name: built in $(($(date +%s) - t0))s"

export FTRACETEST_DIRS=${FTRACETEST_DIRS:-test.d/direct}
RUN_NAME=$name "$ROOT/scripts/boot.sh" arm64 "$v" check || true
RUN_NAME=$name+far KERNEL_ARGS=ftrace_direct_far \
	"$ROOT/scripts/boot.sh" arm64 "$v" check || true

# The negative control, as a module built against this kernel and a cpio
# laid over its initramfs.
mod=$out/nobti
rm -rf "$mod"
mkdir -p "$mod/initramfs"
cp "$ROOT/tests/bti/nobti.c" "$ROOT/tests/bti/Kbuild" "$mod/"
kmake "$(tree_for "$v")" "$out" M="$mod" modules
cp "$mod/nobti.ko" "$mod/initramfs/"
install_plan "$mod/initramfs"
{
	cat "$out/initramfs.cpio"
	(cd "$mod/initramfs" && find . | cpio -o -H newc --owner=0:0 --quiet)
} > "$mod/initramfs.cpio"
RUN_NAME=$name+nobti INITRAMFS=$mod/initramfs.cpio KERNEL_ARGS=ftrace_direct_far \
	VM_TIMEOUT=600 "$ROOT/scripts/boot.sh" arm64 "$v" nobti > /dev/null 2>&1 || true

rc=0
"$ROOT/scripts/report.sh" "$name" "$name+far" || rc=1
con=$OUTDIR/$name+nobti/console.log
if grep -q "Oops - BTI" "$con" && grep -q "pc : nobti_tramp+0x0/" "$con"; then
	echo "ok: negative control: a trampoline without BTI C oopsed at its first instruction"
else
	echo "not ok: negative control: no BTI exception at nobti_tramp (see $con)"
	rc=1
fi
echo "bti: total $(($(date +%s) - t0))s"
exit $rc
