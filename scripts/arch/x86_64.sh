# SPDX-License-Identifier: GPL-2.0
# Everything the harness needs to know about an x86-64 guest.
KARCH=x86_64
CROSS_COMPILE=
DEB_ARCH=amd64
KIMAGE=arch/x86/boot/bzImage
KIMAGE_TARGET=bzImage
QEMU=qemu-system-x86_64
QEMU_MACHINE="-M pc -cpu max"
QEMU_CONSOLE=ttyS0
QEMU_RESULTS_DEV="-drive file=@RESULTS@,format=raw,if=virtio"
# KVM is only worth probing when host and guest are both x86-64.
QEMU_KVM_CAPABLE=$([ "$(uname -m)" = x86_64 ] && echo 1 || echo 0)
EXTRA_BOOTS=
