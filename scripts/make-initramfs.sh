#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make-initramfs.sh ARCH VARIANT: the guest userland as an uncompressed
# cpio: Debian's busybox-static and coreutils' timeout (with its libc) of
# the guest's own arch, the built modules, the direct_functions stress
# module, the installed ftrace selftests, test_progs (the bpf-selftests
# flavours), /init and the plan.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

arch=$1 variant=$2
load_arch "$arch"
out=$OUTDIR/$(out_name "$arch" "$variant")
[ -f "$out/kernelrelease" ] || die "build $arch $variant first"

debroot=$(guest_root "$DEB_ARCH")

st=$out/initramfs
rm -rf "$st"
mkdir -p "$st"/{bin,sbin,usr/bin,usr/sbin,lib,etc,proc,sys,dev,tmp,results}
cp "$debroot/bin/busybox" "$st/bin/busybox"

# install_elf FILE DEST: copy FILE from the guest packages to DEST in the
# initramfs, with its ELF interpreter and every library it needs.
install_elf() {
	local f=$1 dest=$2 interp l lib
	mkdir -p "$st/$(dirname "$dest")"
	cp -L "$f" "$st/$dest"
	interp=$(readelf -l "$f" | sed -n 's/.*interpreter: \(.*\)]/\1/p')
	if [ -n "$interp" ] && [ ! -e "$st/$interp" ]; then
		mkdir -p "$st/$(dirname "$interp")"
		cp -L "$debroot/$interp" "$st/$interp"
	fi
	for l in $(readelf -d "$f" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p'); do
		lib=$(cd "$debroot" && find lib usr/lib -name "$l" | head -1)
		[ -n "$lib" ] || die "no $l for $(basename "$f") in the $DEB_ARCH packages"
		[ -e "$st/$lib" ] || install_elf "$debroot/$lib" "$lib"
	done
}

# The kselftest runner calls /usr/bin/timeout --foreground, which busybox
# lacks: bring the real one.
install_elf "$debroot/usr/bin/timeout" usr/bin/timeout
# Two more that ftracetest calls and busybox-static lacks: nice (the
# inter-event onchange and snapshot triggers) and chrt (the wakeup tracer
# tests).
install_elf "$debroot/usr/bin/nice" usr/bin/nice
install_elf "$debroot/usr/bin/chrt" usr/bin/chrt

# The BPF flavour's test: its loader and object, and bpftool to look on.
if [ -x "$out/bpf/bpf_direct" ]; then
	install_elf "$out/bpf/bpf_direct" usr/bin/bpf_direct
	install_elf "$debroot/usr/sbin/bpftool" usr/sbin/bpftool
fi

# The kernel's own BPF selftest runner (the bpf-selftests flavour,
# scripts/build-bpf-selftests.sh): test_progs with its libraries, the BPF
# objects it opens at run time, bpf_testmod.ko (loaded from test_progs'
# directory) and the list of tests to run.  /mnt is where cgroup_helpers
# mounts cgroup2.
case "${FLAVOUR:-}" in
bpf-selftests*)
	b=$out/bpf-selftests/build
	[ -x "$b/test_progs" ] || die "$arch-$variant: no test_progs in $b (scripts/build-bpf-selftests.sh)"
	install_elf "$b/test_progs" bpf-selftests/test_progs
	cp "$b"/*.bpf.o "$b/bpf_testmod.ko" "$b/run-list" "$st/bpf-selftests/"
	mkdir -p "$st/mnt"
	;;
esac

# The direct_functions stress test (stress/), built against this kernel in
# a copy under $out, so that both arches build from the one stress/.  It
# speaks the 6.1 API; the 6.12 peer (v612) only boots the benchmark.
# The model-based API test (model/) is built the same way.
# test_module DIR KO: build DIR's module in $out/DIR, into the image's /DIR.
test_module() {
	local mod=$out/$1
	rm -rf "$mod"
	mkdir -p "$mod"
	cp "$ROOT/$1/Kbuild" "$ROOT/$1"/*.[chS] "$mod/"
	kmake "$(readlink -f "$out/source")" "$out" M="$mod" modules ||
		die "$arch-$variant: building the $1 module failed"
	mkdir -p "$st/$1"
	cp "$mod/$2" "$st/$1/"
}
if [ "$variant" != v612 ]; then
	test_module stress ftrace-direct-stress.ko
	test_module model ftrace-direct-model.ko
fi

cp -a "$out/mods/lib/modules" "$st/lib/"
cp -a "$out/kselftest" "$st/kselftest"
# The harness's own guest checks (tests/guest/), for FTRACETEST_DIRS.
mkdir -p "$st/harness-tests"
install -m 755 "$ROOT"/tests/guest/*.tc "$st/harness-tests/"
install -m 755 "$ROOT/scripts/guest/init" "$st/init"
install_plan "$st"
(cd "$st" && find . | cpio -o -H newc --owner=0:0 --quiet) > "$out/initramfs.cpio"
log "$arch-$variant: initramfs $(du -h "$out/initramfs.cpio" | cut -f1)"
