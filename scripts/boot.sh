#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# boot.sh ARCH VARIANT [PLAN]: boot the built kernel with its initramfs in
# QEMU, under a timeout on the whole VM, and bring the results back from
# the guest's results disk into build/out/RUN/results/, where RUN is
# ARCH-VARIANT unless RUN_NAME says otherwise; KERNEL_ARGS are appended to
# the command line, INITRAMFS replaces the kernel's own initramfs,
# TCG_THREAD=single|multi overrides the arch's QEMU_TCG_THREAD, and
# ICOUNT=1 runs one vCPU under single-threaded TCG with
# "-icount shift=0,sleep=off" (a guest nanosecond is one instruction) and
# "-seed ICOUNT_SEED" (1).
# The console log is kept in build/out/RUN/console.log.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

arch=$1 variant=$2 plan=${3:-check}
load_arch "$arch"
out=$OUTDIR/$(out_name "$arch" "$variant")
initrd=${INITRAMFS:-$out/initramfs.cpio}
[ -f "$initrd" ] || die "no initramfs for $arch-$variant"
run=$OUTDIR/${RUN_NAME:-$(out_name "$arch" "$variant")}
mkdir -p "$run"

# /dev/kvm here may be a nested hypervisor on which a normal guest hangs.
# Probe it once with a kernel that panics straight away (no root) and
# keep TCG unless that boot comes back in time.
accel() {
	local cache=$BUILD/kvm-probe.$arch
	if [ "$QEMU_KVM_CAPABLE" != 1 ] || [ ! -w /dev/kvm ] || [ "${NO_KVM:-0}" = 1 ]; then
		echo tcg
		return
	fi
	if [ ! -f "$cache" ]; then
		if timeout -k 2 "${KVM_PROBE_TIMEOUT:-20}" $QEMU $QEMU_MACHINE -accel kvm -m 256 \
			-nographic -no-reboot -kernel "$out/$(basename "$KIMAGE")" \
			-append "console=$QEMU_CONSOLE panic=-1" 2>&1 | grep -q 'Kernel panic'; then
			echo kvm > "$cache"
		else
			echo tcg > "$cache"
		fi
		log "KVM probe: $(cat "$cache")"
	fi
	cat "$cache"
}

# Copied only when it changed: two boots of one kernel may run at once.
cmp -s "$out/$KIMAGE" "$out/$(basename "$KIMAGE")" ||
	cp "$out/$KIMAGE" "$out/$(basename "$KIMAGE")" 2>/dev/null || true
smp=2 icount=
if [ "${ICOUNT:-0}" = 1 ]; then
	# -seed: QEMU's guest randomness (the KASLR seed of the virt board's
	# DTB among it) from a fixed seed, so that a KASLR kernel lands at
	# the same randomised place every run and its counts repeat too.
	a=tcg smp=1 icount="-icount shift=0,sleep=off -seed ${ICOUNT_SEED:-1}"
else
	a=$(accel)
	[ "$a" = tcg ] && a="tcg,thread=${TCG_THREAD:-${QEMU_TCG_THREAD:-multi}}"
fi
results_img=$run/results.img
rm -f "$results_img"
truncate -s 64M "$results_img"
dev=${QEMU_RESULTS_DEV//@RESULTS@/$results_img}
cmdline="console=$QEMU_CONSOLE panic=-1 oops=panic loglevel=6 harness.plan=$plan harness.variant=$variant ${KERNEL_ARGS:-}"
[ -n "${FTRACETEST_DIRS:-}" ] && cmdline="$cmdline harness.ftracetest=${FTRACETEST_DIRS// /,}"
# arm64: whether the config has per-callsite ftrace ops pointers, for the
# plan to hold the kernel's boot line against (check_site_ops).
if [ "$KARCH" = arm64 ] && [ -f "$out/.config" ]; then
	siteops=no
	grep -qx CONFIG_DYNAMIC_FTRACE_WITH_SITE_OPS=y "$out/.config" && siteops=yes
	cmdline="$cmdline harness.siteops=$siteops"
fi

log "$(basename "$run"): booting ($a${icount:+ $icount}, plan $plan${KERNEL_ARGS:+, $KERNEL_ARGS})"
set +e
timeout -k 10 "${VM_TIMEOUT:-1500}" $QEMU $QEMU_MACHINE -accel "$a" -smp $smp $icount -m 1G \
	-nographic -no-reboot -kernel "$out/$KIMAGE" -initrd "$initrd" \
	-append "$cmdline" $dev > "$run/console.log" 2>&1 < /dev/null
rc=$?
set -e
[ $rc = 124 ] && log "$arch-$variant: VM timed out after ${VM_TIMEOUT:-1500}s"

rm -rf "$run/results"
mkdir -p "$run/results"
if ! tar -xf "$results_img" -C "$run/results" 2>/dev/null ||
   [ "$(cat "$run/results/status" 2>/dev/null)" != complete ]; then
	echo "error: $arch-$variant: the guest wrote no complete results (qemu exit $rc); console tail:" >&2
	tail -30 "$run/console.log" >&2
	echo incomplete > "$run/results/status"
	exit 1
fi
log "$(basename "$run"): results in $run/results"
