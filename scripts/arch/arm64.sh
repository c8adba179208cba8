# SPDX-License-Identifier: GPL-2.0
# Everything the harness needs to know about an arm64 guest.
KARCH=arm64
CROSS_COMPILE=aarch64-linux-gnu-
DEB_ARCH=arm64
KIMAGE=arch/arm64/boot/Image
KIMAGE_TARGET=Image
QEMU=qemu-system-aarch64
QEMU_MACHINE="-M virt -cpu ${QEMU_CPU:-cortex-a57}"
QEMU_CONSOLE=ttyAMA0
QEMU_RESULTS_DEV="-drive file=@RESULTS@,format=raw,if=none,id=results -device virtio-blk-device,drive=results"
QEMU_KVM_CAPABLE=$([ "$(uname -m)" = aarch64 ] && echo 1 || echo 0)
# Extra boots of the series kernel, as NAME=KERNEL_ARGS: "far" forces every
# direct trampoline out of BL range, through the ftrace entry.
EXTRA_BOOTS="far=ftrace_direct_far"
# The plain boot of the series kernel: a word that only starts with
# "ftrace_direct_far" must not switch it on (scripts/guest/plan-check.sh, check_far).
SERIES_BOOT_ARGS=ftrace_direct_farx
# One host thread for both vCPUs.  With one thread per vCPU, QEMU 7.2
# (Debian 12) now and then keeps running a translation of a callsite that
# the other vCPU has already patched back to a NOP: the function keeps
# reaching the tracer after ftrace took it out, on base as on series
# (tests/guest/tcg-stale-site.tc; README, "Known problems").
QEMU_TCG_THREAD=single
