#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make-initramfs.sh ARCH VARIANT: the guest userland as an uncompressed
# cpio: Debian's busybox-static and coreutils' timeout (with its libc) of
# the guest's own arch, the built modules, the installed ftrace selftests,
# /init and the plan.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

arch=$1 variant=$2
load_arch "$arch"
out=$OUTDIR/$arch-$variant${DEBUG:+-debug}
[ -f "$out/kernelrelease" ] || die "build $arch $variant first"

debroot=$DEBS/$DEB_ARCH/root
if [ ! -d "$debroot" ]; then
	mkdir -p "$debroot.tmp"
	for d in "$DEBS/$DEB_ARCH"/*.deb; do dpkg-deb -x "$d" "$debroot.tmp"; done
	mv "$debroot.tmp" "$debroot"
fi

st=$out/initramfs
rm -rf "$st"
mkdir -p "$st"/{bin,sbin,usr/bin,usr/sbin,lib,etc,proc,sys,dev,tmp,results}
cp "$debroot/bin/busybox" "$st/bin/busybox"

# The kselftest runner calls /usr/bin/timeout --foreground, which busybox
# lacks: bring the real one, and the loader and libraries it links.
cp "$debroot/usr/bin/timeout" "$st/usr/bin/timeout"
interp=$(readelf -l "$debroot/usr/bin/timeout" | sed -n 's/.*interpreter: \(.*\)]/\1/p')
libs=$(readelf -d "$debroot/usr/bin/timeout" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p')
mkdir -p "$st/$(dirname "$interp")"
cp -L "$debroot/$interp" "$st/$interp"
for l in $libs; do
	f=$(cd "$debroot" && find lib usr/lib -name "$l" | head -1)
	[ -n "$f" ] || die "no $l in the $DEB_ARCH libc packages"
	mkdir -p "$st/$(dirname "$f")"
	cp -L "$debroot/$f" "$st/$f"
done

cp -a "$out/mods/lib/modules" "$st/lib/"
cp -a "$out/kselftest" "$st/kselftest"
install -m 755 "$ROOT/scripts/guest/init" "$st/init"
install -m 755 "$ROOT/scripts/guest/plan.sh" "$st/plan.sh"
(cd "$st" && find . | cpio -o -H newc --owner=0:0 --quiet) > "$out/initramfs.cpio"
log "$arch-$variant: initramfs $(du -h "$out/initramfs.cpio" | cut -f1)"
